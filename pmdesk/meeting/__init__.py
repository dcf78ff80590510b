"""The five-phase meeting plan, the guidance read from the screen, and the phase timer.

Qt-free on purpose: the timer bar in pmdesk/views only renders what `MeetingTimer` reads out, so
every rule about time (pausing, overtime, surviving a kill or a laptop sleep) is tested here with a
fake clock, and never depends on how often a widget ticks.

One module per job: `phases` (the five phases and their guidance), `plans` (lengths, defaults and
the checks on them), `timer` (the phase timer), `record` (planned against actual, for the report).
"""

from __future__ import annotations

from pmdesk.meeting.phases import PHASES, Guidance, GuidanceBlock, Phase, phase_by_key, phase_name
from pmdesk.meeting.plans import (
    MAX_PHASE_MINUTES,
    MIN_PHASE_MINUTES,
    PLAN_RANGES,
    PlanError,
    check_minutes,
    default_plan,
    parse_minutes,
    plan_problem,
    plan_total,
    with_planned_minutes,
)
from pmdesk.meeting.record import PhaseOutcome, meeting_record, total_line
from pmdesk.meeting.timer import (
    SLEEP_TOLERANCE_SECONDS,
    WARNING_SECONDS,
    MeetingTimer,
    TimerReading,
    format_duration,
    utc_now,
)

__all__ = [
    "MAX_PHASE_MINUTES",
    "MIN_PHASE_MINUTES",
    "PHASES",
    "PLAN_RANGES",
    "SLEEP_TOLERANCE_SECONDS",
    "WARNING_SECONDS",
    "Guidance",
    "GuidanceBlock",
    "MeetingTimer",
    "Phase",
    "PhaseOutcome",
    "PlanError",
    "TimerReading",
    "check_minutes",
    "default_plan",
    "format_duration",
    "meeting_record",
    "parse_minutes",
    "phase_by_key",
    "phase_name",
    "plan_problem",
    "plan_total",
    "total_line",
    "utc_now",
    "with_planned_minutes",
]
