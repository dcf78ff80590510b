"""The phase timer: which phase is on, how long it has run, what is left.

Every rule about time (pausing, overtime, surviving a kill or a laptop sleep) lives here, with
the clock passed in, so it is tested with a fake clock and never depends on a widget's ticks.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from pmdesk.fieldwise import FrozenFieldwise
from pmdesk.meeting.phases import Phase, phase_by_key, phase_name
from pmdesk.meeting.plans import MAX_PHASE_MINUTES, check_minutes, plan_total
from pmdesk.model import PhaseRecord, TimerState

# -- clock text ----------------------------------------------------------------------------------


def format_duration(seconds: int) -> str:
    """'mm:ss' up to 99:59, then 'h:mm:ss', so a long overrun never shows a garbled clock."""
    seconds = max(0, seconds)
    minutes, secs = divmod(seconds, 60)
    if minutes < 100:
        return f"{minutes:02d}:{secs:02d}"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


# -- the timer -----------------------------------------------------------------------------------

# How far the wall clock may run ahead of the monotonic clock between two readings before we
# believe the machine was asleep. Small enough to catch any real suspend, large enough that
# NTP slewing (at most 0.5 ms per second) and scheduling jitter never trigger it.
SLEEP_TOLERANCE_SECONDS = 2.0
WARNING_SECONDS = 60.0


Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The wall clock the app passes in; tests pass a fake one."""
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    # A stored time that lost its zone on the way through a database is taken to be UTC,
    # which is what we wrote.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, repr=False, eq=False)
class TimerReading(FrozenFieldwise):
    """One consistent reading of the timer, for a widget to render in a single paint."""

    index: int
    phase_key: str
    phase_name: str
    next_phase_name: str | None
    running: bool
    started: bool
    planned_seconds: float
    elapsed_seconds: float
    remaining_seconds: float
    overtime_seconds: float
    overtime: bool
    warning: bool
    phase_progress: float
    meeting_progress: float
    clock_text: str


class MeetingTimer:
    """Runs the meeting plan: which phase is on, how long it has run, and what is left.

    Timekeeping: while the process lives, time is measured on the injected monotonic clock, never
    by counting ticks, so a widget that polls late or irregularly still reads the right time. The
    wall clock (UTC) is used for two things only:

    * `TimerState.running_since` is a wall time, so a timer restored after the app was closed or
      killed adds the time that really passed and keeps running.
    * Sleep. Python's monotonic clock may or may not advance while a laptop is suspended
      (Linux CLOCK_MONOTONIC does not; other platforms differ). Each reading compares how far both
      clocks moved since the previous reading; if the wall clock moved more than
      SLEEP_TOLERANCE_SECONDS further, the machine was asleep and the difference is added - in
      effect, the larger of the two deltas wins. Comparing reading to reading (not over the whole
      phase) keeps slow NTP drift from ever looking like a sleep, and a wall clock set backwards
      is ignored because the monotonic delta is then the larger one. The cost: a wall clock set
      forwards by hand while the timer runs is counted, since it cannot be told from a sleep.

    The timer works on its own copies of the phases; `snapshot()` hands out copies to persist.
    """

    def __init__(
        self,
        phases: list[PhaseRecord],
        state: TimerState,
        *,
        monotonic: Callable[[], float],
        wall: Callable[[], datetime],
    ) -> None:
        if not phases:
            raise ValueError("a meeting plan needs at least one phase")
        self._monotonic = monotonic
        self._wall = wall
        self._phases = copy.deepcopy(phases)
        self._state = copy.deepcopy(state)
        self._state.phase_index = max(0, min(self._state.phase_index, len(self._phases) - 1))
        self._last_mono = monotonic()
        self._last_wall = self._read_wall()
        self._segment_mono = self._last_mono
        self._segment_slept = 0.0
        if self._state.running_since is not None:
            # Restored while running: the time since the last save really passed in this phase
            # (zero if the wall clock now reads earlier than it did then).
            gap = (self._last_wall - _aware(self._state.running_since)).total_seconds()
            self._current.actual_seconds += max(0.0, gap)
            self._state.running_since = self._last_wall
            self._state.started = True

    # -- clocks ------------------------------------------------------------------------------
    def _read_wall(self) -> datetime:
        moment = self._wall()
        if moment.tzinfo is None:
            raise ValueError("the wall clock must return timezone-aware (UTC) datetimes")
        return moment

    def _observe(self) -> None:
        """Read both clocks; credit a sleep to the running segment (see the class docstring)."""
        mono = self._monotonic()
        wall = self._read_wall()
        mono_delta = max(0.0, mono - self._last_mono)
        wall_delta = (wall - self._last_wall).total_seconds()
        if self.running and wall_delta - mono_delta > SLEEP_TOLERANCE_SECONDS:
            self._segment_slept += wall_delta - mono_delta
        self._last_mono = max(mono, self._last_mono)
        self._last_wall = wall

    def _segment_seconds(self) -> float:
        if not self.running:
            return 0.0
        self._observe()
        return (self._last_mono - self._segment_mono) + self._segment_slept

    def _fold(self) -> None:
        """Move the running segment into the phase's actual_seconds and start a new segment."""
        self._observe()
        if self.running:
            self._current.actual_seconds += (
                self._last_mono - self._segment_mono
            ) + self._segment_slept
            self._state.running_since = self._last_wall
        self._segment_mono = self._last_mono
        self._segment_slept = 0.0

    @property
    def _current(self) -> PhaseRecord:
        return self._phases[self._state.phase_index]

    # -- commands ----------------------------------------------------------------------------
    def start(self) -> None:
        """Start the meeting, or resume it if it was paused; running already is left alone."""
        if self.running:
            return
        self._fold()
        self._state.started = True
        self._state.running_since = self._last_wall

    def resume(self) -> None:
        self.start()

    def pause(self) -> None:
        """Stop the clock exactly where it is; the time so far stays with the phase."""
        if not self.running:
            return
        self._fold()
        self._state.running_since = None

    def toggle(self) -> None:
        """F5: start, pause or resume, whichever fits."""
        if self.running:
            self.pause()
        else:
            self.start()

    def go_to_phase(self, index: int) -> bool:
        """Move to a phase, keeping the clock running or paused; returns whether it moved."""
        if not 0 <= index < len(self._phases) or index == self._state.phase_index:
            return False
        self._fold()
        self._state.phase_index = index
        return True

    def next_phase(self) -> bool:
        return self.go_to_phase(self._state.phase_index + 1)

    def previous_phase(self) -> bool:
        """Go back; the phase's earlier time is kept and its count continues."""
        return self.go_to_phase(self._state.phase_index - 1)

    def add_minute(self) -> bool:
        """Give the current phase one more planned minute; False at the longest allowed length."""
        if self._current.planned_minutes >= MAX_PHASE_MINUTES:
            return False
        self._current.planned_minutes += 1
        return True

    def set_planned_minutes(self, index: int, minutes: int) -> None:
        """Apply a plan edit made while the timer is live (raises PlanError for bad lengths)."""
        if not 0 <= index < len(self._phases):
            raise IndexError(f"no phase {index} in a plan of {len(self._phases)}")
        self._phases[index].planned_minutes = check_minutes(minutes, self._phases[index].phase)

    def restart_phase(self) -> None:
        """Count the current phase from zero again; running or paused stays as it was."""
        self._fold()
        self._current.actual_seconds = 0.0

    def snapshot(self) -> tuple[list[PhaseRecord], TimerState]:
        """Copies to persist: elapsed time folded in and `running_since` set to now."""
        self._fold()
        return copy.deepcopy(self._phases), copy.deepcopy(self._state)

    # -- readings ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._state.running_since is not None

    @property
    def started(self) -> bool:
        return self._state.started

    @property
    def index(self) -> int:
        return self._state.phase_index

    @property
    def phase_count(self) -> int:
        return len(self._phases)

    @property
    def phase(self) -> PhaseRecord:
        """A copy of the current phase's record (change it through the commands)."""
        return copy.copy(self._current)

    @property
    def phases(self) -> list[PhaseRecord]:
        """Copies of all phase records, with actual_seconds as last folded."""
        return copy.deepcopy(self._phases)

    @property
    def phase_info(self) -> Phase | None:
        return phase_by_key(self._current.phase)

    @property
    def phase_name(self) -> str:
        return phase_name(self._current.phase)

    @property
    def next_phase_name(self) -> str | None:
        following = self._state.phase_index + 1
        if following >= len(self._phases):
            return None
        return phase_name(self._phases[following].phase)

    @property
    def planned_seconds(self) -> float:
        return self._current.planned_minutes * 60.0

    def elapsed_seconds(self) -> float:
        """Time spent in the current phase, including earlier visits."""
        return self._current.actual_seconds + self._segment_seconds()

    def read(self) -> TimerReading:
        """Everything the timer bar shows, computed from one clock reading so it agrees."""
        elapsed = self.elapsed_seconds()
        planned = self.planned_seconds
        left = planned - elapsed
        total = plan_total(self._phases) * 60.0
        before = sum(p.planned_minutes for p in self._phases[: self._state.phase_index]) * 60.0
        if left >= 0:
            clock = format_duration(math.ceil(left))
        else:
            clock = "+" + format_duration(math.floor(-left))
        return TimerReading(
            index=self._state.phase_index,
            phase_key=self._current.phase,
            phase_name=self.phase_name,
            next_phase_name=self.next_phase_name,
            running=self.running,
            started=self._state.started,
            planned_seconds=planned,
            elapsed_seconds=elapsed,
            remaining_seconds=max(0.0, left),
            overtime_seconds=max(0.0, -left),
            overtime=left < 0,
            warning=self._state.started and 0.0 <= left <= WARNING_SECONDS,
            phase_progress=min(1.0, elapsed / planned) if planned > 0 else 1.0,
            # Position in the agenda rather than total time used, so skipping ahead or going
            # back moves the bar the way the facilitator expects.
            meeting_progress=min(1.0, (before + min(elapsed, planned)) / total)
            if total > 0
            else 1.0,
            clock_text=clock,
        )

    def remaining_seconds(self) -> float:
        """Time left in the phase; 0 once in overtime (see `overtime_seconds`)."""
        return self.read().remaining_seconds

    def overtime_seconds(self) -> float:
        return self.read().overtime_seconds

    @property
    def overtime(self) -> bool:
        return self.read().overtime

    @property
    def warning(self) -> bool:
        """The last minute before the phase ends: time for a gentle nudge."""
        return self.read().warning

    def phase_progress(self) -> float:
        """0..1 through the current phase; stays at 1 in overtime."""
        return self.read().phase_progress

    def meeting_progress(self) -> float:
        """0..1 through the agenda: the phases before this one, plus this one's share."""
        return self.read().meeting_progress

    def clock_text(self) -> str:
        """'mm:ss' left (rounded up, so a fresh phase shows its full length), '+mm:ss' over."""
        return self.read().clock_text

    def meeting_elapsed_seconds(self) -> float:
        """All time spent so far, across every phase."""
        others = sum(
            p.actual_seconds for i, p in enumerate(self._phases) if i != self._state.phase_index
        )
        return others + self.elapsed_seconds()
