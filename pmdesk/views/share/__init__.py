"""The share window, in parts: window (following the meeting), header (title, phase, clock),
one module per page with more than a few widgets (timeline_page, factors_page) and the simpler
pages together (pages), the tables (tables), the texts it writes (text) and shared pieces
(widgets). What the room may see is decided in views/share_guard.py."""

from pmdesk.views.share.window import ShareWindow

__all__ = ["ShareWindow"]
