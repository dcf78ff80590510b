"""Meeting plans: how long each phase gets, the defaults per kind of review, and the checks on
what a facilitator types."""

from __future__ import annotations

import copy
from collections.abc import Sequence

from pmdesk.meeting.phases import PHASES, phase_name
from pmdesk.model import Kind, PhaseRecord

MIN_PHASE_MINUTES = 1
# A single phase longer than this is a typo, not a plan.
MAX_PHASE_MINUTES = 240

_DEFAULT_MINUTES: dict[Kind, tuple[int, ...]] = {
    Kind.INCIDENT: (5, 20, 25, 20, 5),
    Kind.SECURITY: (5, 20, 25, 20, 5),
    # A near miss harmed nobody: a light review, the factors and actions still get real time.
    Kind.NEAR_MISS: (3, 10, 8, 6, 3),
}

# The total a plan should stay within, in minutes: long enough to dig, short enough to keep focus.
PLAN_RANGES: dict[Kind, tuple[int, int]] = {
    Kind.INCIDENT: (60, 90),
    Kind.SECURITY: (60, 90),
    Kind.NEAR_MISS: (20, 40),
}


_REVIEW_NAMES: dict[Kind, str] = {
    Kind.INCIDENT: "an incident review",
    Kind.SECURITY: "a security review",
    Kind.NEAR_MISS: "a near-miss review",
}


class PlanError(ValueError):
    """A phase length a user typed that cannot be used; the message says what and where."""


def default_plan(kind: Kind) -> list[PhaseRecord]:
    """A fresh plan for a new postmortem of this kind (each postmortem then keeps its own)."""
    minutes = _DEFAULT_MINUTES[kind]
    return [PhaseRecord(p.key, m) for p, m in zip(PHASES, minutes, strict=True)]


def plan_total(phases: Sequence[PhaseRecord]) -> int:
    """Planned length of the whole meeting, in minutes."""
    return sum(p.planned_minutes for p in phases)


def plan_problem(phases: Sequence[PhaseRecord], kind: Kind) -> str | None:
    """One line saying why the plan's total is a problem, or None when it is fine."""
    if not phases:
        return "The plan has no phases."
    low, high = PLAN_RANGES[kind]
    total = plan_total(phases)
    review = _REVIEW_NAMES[kind]
    if total < low:
        return (
            f"The plan adds up to {total} min: {review} needs {low}-{high} min, "
            "or the factors and actions get rushed."
        )
    if total > high:
        return (
            f"The plan adds up to {total} min: keep {review} within {low}-{high} min, "
            "attention fades after that."
        )
    return None


def check_minutes(minutes: int, phase_key: str) -> int:
    """Validate a phase length; raises PlanError naming the phase and the allowed range."""
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise PlanError(
            f"{phase_name(phase_key)}: the length must be a whole number of minutes "
            f"(got {minutes!r})."
        )
    if not MIN_PHASE_MINUTES <= minutes <= MAX_PHASE_MINUTES:
        raise PlanError(
            f"{phase_name(phase_key)}: the length must be between {MIN_PHASE_MINUTES} and "
            f"{MAX_PHASE_MINUTES} minutes (got {minutes})."
        )
    return minutes


def parse_minutes(text: str, phase_key: str) -> int:
    """Read a phase length typed by a user ("12", " 12 ", "12 min")."""
    cleaned = text.strip().lower().removesuffix("minutes").removesuffix("min").strip()
    try:
        value = int(cleaned)
    except ValueError:
        raise PlanError(
            f"{phase_name(phase_key)}: {text.strip()!r} is not a whole number of minutes."
        ) from None
    return check_minutes(value, phase_key)


def with_planned_minutes(
    phases: Sequence[PhaseRecord], index: int, minutes: int
) -> list[PhaseRecord]:
    """A copy of the plan with one phase's length changed, ready for Document.set_fields."""
    if not 0 <= index < len(phases):
        raise IndexError(f"no phase {index} in a plan of {len(phases)}")
    result = copy.deepcopy(list(phases))
    result[index].planned_minutes = check_minutes(minutes, result[index].phase)
    return result
