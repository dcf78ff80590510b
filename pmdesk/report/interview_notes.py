"""The interviews as a report prints them, when the export was asked to include them.

Interview notes are the interviewee's words in confidence. No renderer reads `pm.interviews`
by itself: the PDF and Markdown renderers call `records` only when their caller passed
`include_interviews=True`, so a new way of exporting carries no notes until someone decides it
should.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmdesk.interviews import clock_text, interviewee_name
from pmdesk.model import Postmortem

HEADING = "Interview notes"
INTRO = (
    "Private notes of the interviews held before the meeting, included in this copy on purpose. "
    "Share it only with the people the interviewees agreed to."
)


@dataclass(frozen=True)
class InterviewRecord:
    """One interview: who, the facts of its record as lines, and its notes."""

    person: str
    facts: tuple[tuple[str, str], ...]
    notes: str


def records(pm: Postmortem) -> list[InterviewRecord]:
    """Every interview in the order held, with its record and its notes as written."""
    from pmdesk.report.content import long_date

    found: list[InterviewRecord] = []
    for interview in pm.interviews:
        facts = [
            ("Date", long_date(interview.held_on) if interview.held_on else "not set"),
            ("Interviewer", interview.interviewer.strip() or "not set"),
            ("Scribe", interview.scribe.strip() or "none"),
            ("Consent to record", "yes" if interview.consent_to_record else "no"),
            ("Notes kept", interview.notes_kept.label),
            (
                "Length",
                f"{clock_text(interview.elapsed_seconds)} of "
                f"{interview.planned_minutes} min planned",
            ),
        ]
        found.append(
            InterviewRecord(interviewee_name(pm, interview), tuple(facts), interview.notes)
        )
    return found
