"""The Interviews panel, in parts: the panel (list, plan, order), the record (date, interviewer,
scribe, consent, retention, length), the timer, and the notes beside the question bank."""

from pmdesk.views.interviews.panel import InterviewsPanel

__all__ = ["InterviewsPanel"]
