"""The meeting record: planned against actual time for each phase, as the report shows it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from pmdesk.fieldwise import FrozenFieldwise
from pmdesk.meeting.phases import phase_name
from pmdesk.model import PhaseRecord


def _whole_minutes(seconds: float) -> int:
    # Round half up: 22.5 minutes reads as 23, as a person would say it.
    return math.floor(seconds / 60.0 + 0.5)


@dataclass(frozen=True, repr=False, eq=False)
class PhaseOutcome(FrozenFieldwise):
    """Planned against actual for one phase, as shown at the end of the meeting."""

    key: str
    name: str
    planned_minutes: int
    actual_seconds: float

    @property
    def actual_minutes(self) -> int:
        return _whole_minutes(self.actual_seconds)

    @property
    def difference_minutes(self) -> int:
        """Positive when over, negative when under, on whole minutes as displayed."""
        return self.actual_minutes - self.planned_minutes

    @property
    def over(self) -> bool:
        return self.difference_minutes > 0

    @property
    def under(self) -> bool:
        return self.difference_minutes < 0

    def describe(self) -> str:
        """'Walk the timeline: 23 min, 3 over'; 'not reached' when no time was spent."""
        if self.actual_seconds <= 0:
            return f"{self.name}: not reached ({self.planned_minutes} min planned)"
        return (
            f"{self.name}: {self.actual_minutes} min, {_difference_text(self.difference_minutes)}"
        )


def _difference_text(difference: int) -> str:
    if difference > 0:
        return f"{difference} over"
    if difference < 0:
        return f"{-difference} under"
    return "on time"


def meeting_record(phases: Sequence[PhaseRecord]) -> list[PhaseOutcome]:
    """Planned versus actual for each phase (take a timer snapshot first for a live meeting)."""
    return [
        PhaseOutcome(p.phase, phase_name(p.phase), p.planned_minutes, max(0.0, p.actual_seconds))
        for p in phases
    ]


def total_line(outcomes: Sequence[PhaseOutcome]) -> str:
    """'Total: 82 min of 75 planned, 7 over' - rounded once over the sum, not per phase."""
    planned = sum(o.planned_minutes for o in outcomes)
    actual = _whole_minutes(sum(o.actual_seconds for o in outcomes))
    return f"Total: {actual} min of {planned} planned, {_difference_text(actual - planned)}"
