"""The Timeline screen: the panel, its cell editors, the durations strip, the discussion card
and the ways facts come in (paste, file imports, contribution sheets)."""

from pmdesk.views.timeline.panel import TimelinePanel

__all__ = ["TimelinePanel"]
