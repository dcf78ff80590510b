"""The meeting plan and the phase timer, driven by a fake clock (no sleeps, no Qt)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from pmdesk.meeting import (
    MAX_PHASE_MINUTES,
    PHASES,
    MeetingTimer,
    PlanError,
    default_plan,
    format_duration,
    meeting_record,
    parse_minutes,
    phase_by_key,
    plan_problem,
    plan_total,
    total_line,
    with_planned_minutes,
)
from pmdesk.model import Kind, PhaseRecord, TimerState

START = datetime(2026, 4, 16, 9, 0, tzinfo=UTC)


class FakeClock:
    """A monotonic and a wall clock that only move when told to."""

    def __init__(self, mono: float = 5_000.0, now: datetime = START) -> None:
        self.mono = mono
        self.now = now

    def monotonic(self) -> float:
        return self.mono

    def wall(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.now += timedelta(seconds=seconds)

    def suspend(self, seconds: float) -> None:
        """A laptop asleep: on Linux the monotonic clock stands still, the wall clock does not."""
        self.now += timedelta(seconds=seconds)


def make_timer(
    clock: FakeClock,
    phases: list[PhaseRecord] | None = None,
    state: TimerState | None = None,
) -> MeetingTimer:
    return MeetingTimer(
        phases if phases is not None else default_plan(Kind.INCIDENT),
        state if state is not None else TimerState(),
        monotonic=clock.monotonic,
        wall=clock.wall,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# -- plans ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [Kind.INCIDENT, Kind.SECURITY])
def test_incident_plan_is_five_phases_adding_up_to_75_minutes(kind: Kind) -> None:
    plan = default_plan(kind)
    assert [p.phase for p in plan] == ["ground_rules", "timeline", "factors", "actions", "close"]
    assert [p.planned_minutes for p in plan] == [5, 20, 25, 20, 5]
    assert plan_total(plan) == 75
    assert plan_problem(plan, kind) is None


def test_near_miss_plan_is_a_light_half_hour() -> None:
    plan = default_plan(Kind.NEAR_MISS)
    assert plan_total(plan) == 30
    assert len(plan) == 5
    assert plan_problem(plan, Kind.NEAR_MISS) is None


@pytest.mark.parametrize(
    ("kind", "total", "flagged"),
    [
        (Kind.INCIDENT, 59, True),
        (Kind.INCIDENT, 60, False),
        (Kind.INCIDENT, 90, False),
        (Kind.INCIDENT, 91, True),
        (Kind.SECURITY, 120, True),
        (Kind.NEAR_MISS, 19, True),
        (Kind.NEAR_MISS, 20, False),
        (Kind.NEAR_MISS, 40, False),
        (Kind.NEAR_MISS, 41, True),
        # An incident-length plan is too long for a near miss, and a near-miss plan too short
        # for an incident.
        (Kind.NEAR_MISS, 75, True),
        (Kind.INCIDENT, 30, True),
    ],
)
def test_plan_total_is_flagged_outside_its_range(kind: Kind, total: int, flagged: bool) -> None:
    plan = default_plan(kind)
    plan[1].planned_minutes += total - plan_total(plan)
    problem = plan_problem(plan, kind)
    if flagged:
        assert problem is not None
        assert f"{total} min" in problem
        low, high = (20, 40) if kind is Kind.NEAR_MISS else (60, 90)
        assert f"{low}-{high} min" in problem
        assert "\n" not in problem
    else:
        assert problem is None


def test_flag_says_whether_the_plan_is_too_short_or_too_long() -> None:
    short = default_plan(Kind.INCIDENT)
    short[2].planned_minutes = 5
    long = default_plan(Kind.INCIDENT)
    long[2].planned_minutes = 60
    assert "rushed" in (plan_problem(short, Kind.INCIDENT) or "")
    assert "attention fades" in (plan_problem(long, Kind.INCIDENT) or "")
    assert plan_problem([], Kind.INCIDENT) == "The plan has no phases."


def test_editing_a_phase_length_returns_a_new_plan() -> None:
    plan = default_plan(Kind.INCIDENT)
    edited = with_planned_minutes(plan, 1, 15)
    assert edited[1].planned_minutes == 15
    assert plan[1].planned_minutes == 20
    assert plan_total(edited) == 70


@pytest.mark.parametrize("minutes", [0, -3, MAX_PHASE_MINUTES + 1])
def test_a_phase_length_outside_the_allowed_range_is_refused_with_the_phase_named(
    minutes: int,
) -> None:
    with pytest.raises(PlanError, match=r"Walk the timeline: .*between 1 and"):
        with_planned_minutes(default_plan(Kind.INCIDENT), 1, minutes)


def test_typed_phase_lengths_are_read_or_refused_clearly() -> None:
    assert parse_minutes(" 12 ", "factors") == 12
    assert parse_minutes("12 min", "factors") == 12
    for bad in ("abc", "2.5", "", "🙂", "十"):
        with pytest.raises(PlanError, match=r"Contributing factors: .*whole number of minutes"):
            parse_minutes(bad, "factors")
    with pytest.raises(PlanError, match="between 1 and 240 minutes"):
        parse_minutes("0", "factors")


# -- guidance ------------------------------------------------------------------------------------


def test_each_phase_has_a_name_guidance_and_the_right_panel() -> None:
    names = {p.key: p.name for p in PHASES}
    assert names == {
        "ground_rules": "Ground rules",
        "timeline": "Walk the timeline",
        "factors": "Contributing factors",
        "actions": "Action items",
        "close": "Close and distribute",
    }
    panels = {p.key: p.panel for p in PHASES}
    assert panels == {
        "ground_rules": None,
        "timeline": "timeline",
        "factors": "factors",
        "actions": "actions",
        "close": "close",  # the parking lot to settle and the survey
    }
    for phase in PHASES:
        assert phase.guidance.lead
        assert phase.guidance.blocks
        assert all(block.heading and block.items for block in phase.guidance.blocks)


def test_guidance_carries_what_the_facilitator_must_say() -> None:
    def text(key: str) -> str:
        phase = phase_by_key(key)
        assert phase is not None
        return phase.guidance.as_text()

    rules = text("ground_rules")
    assert "Systems, not people" in rules
    assert "hindsight" in rules
    assert "one owner and a deadline" in rules

    timeline = text("timeline")
    for question in (
        "What did you see?",
        "What did you think was happening?",
        "What did you do next?",
    ):
        assert f"- {question}" in timeline
    assert "I assumed ... because" in timeline
    assert "I didn't know ... was connected to" in timeline
    assert "dashboard looked normal" in timeline

    factors = text("factors")
    assert factors.count("- Why ") == 4
    assert "three whys" in factors and "five" in factors

    actions = text("actions")
    assert "Three to five" in actions and "one named person" in actions and "deadline" in actions
    assert actions.index("Prevent") < actions.index("Detect") < actions.index("Mitigate")
    assert "wishes, not actions" in actions

    close = text("close")
    assert "learned" in close and "will change" in close and "published" in close


# -- the timer: basics -----------------------------------------------------------------------------


def test_a_fresh_timer_shows_the_full_first_phase_and_does_not_run(clock: FakeClock) -> None:
    timer = make_timer(clock)
    clock.advance(120)
    assert not timer.running and not timer.started
    assert timer.index == 0
    assert timer.phase_name == "Ground rules"
    assert timer.next_phase_name == "Walk the timeline"
    assert timer.clock_text() == "05:00"
    assert timer.elapsed_seconds() == 0
    assert not timer.warning and not timer.overtime


def test_running_clock_counts_down_from_the_monotonic_clock(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(90.4)
    assert timer.running and timer.started
    assert timer.elapsed_seconds() == pytest.approx(90.4)
    assert timer.remaining_seconds() == pytest.approx(209.6)
    assert timer.clock_text() == "03:30"
    assert timer.phase_progress() == pytest.approx(90.4 / 300)


def test_pause_stops_the_clock_exactly_and_resume_continues(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(10)
    timer.pause()
    clock.advance(600)
    assert not timer.running
    assert timer.elapsed_seconds() == 10
    assert timer.clock_text() == "04:50"
    timer.resume()
    clock.advance(5)
    assert timer.elapsed_seconds() == 15
    timer.start()  # already running: nothing changes
    assert timer.elapsed_seconds() == 15


def test_f5_toggle_starts_pauses_and_resumes(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.toggle()
    assert timer.running
    clock.advance(30)
    timer.toggle()
    assert not timer.running
    clock.advance(30)
    timer.toggle()
    assert timer.running
    clock.advance(30)
    assert timer.elapsed_seconds() == 60


def test_skipping_forward_keeps_running_and_back_continues_the_count(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(100)
    assert timer.next_phase()
    assert timer.index == 1
    assert timer.phase_name == "Walk the timeline"
    assert timer.phase_info is not None and timer.phase_info.panel == "timeline"
    assert timer.running
    assert timer.clock_text() == "20:00"
    clock.advance(30)
    assert timer.previous_phase()
    assert timer.elapsed_seconds() == 100
    clock.advance(20)
    assert timer.elapsed_seconds() == 120
    phases, _ = timer.snapshot()
    assert [p.actual_seconds for p in phases[:2]] == [120, 30]


def test_skipping_while_paused_stays_paused(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.next_phase()
    timer.next_phase()
    clock.advance(60)
    assert timer.index == 2 and not timer.running
    assert timer.clock_text() == "25:00"
    assert timer.next_phase_name == "Action items"


def test_cannot_skip_past_either_end(clock: FakeClock) -> None:
    timer = make_timer(clock)
    assert not timer.previous_phase()
    assert timer.index == 0
    for _ in range(4):
        assert timer.next_phase()
    assert timer.phase_name == "Close and distribute"
    assert timer.next_phase_name is None
    assert not timer.next_phase()
    assert timer.index == 4


def test_overtime_counts_up_with_a_plus(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(300)
    assert timer.clock_text() == "00:00"
    assert not timer.overtime
    clock.advance(75)
    assert timer.overtime
    assert timer.overtime_seconds() == pytest.approx(75)
    assert timer.remaining_seconds() == 0
    assert timer.clock_text() == "+01:15"
    assert timer.phase_progress() == 1.0
    assert not timer.warning


def test_one_reading_gives_the_timer_bar_everything_consistently(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    timer.next_phase()
    clock.advance(20 * 60 + 3.2)
    reading = timer.read()
    assert reading.index == 1 and reading.phase_name == "Walk the timeline"
    assert reading.next_phase_name == "Contributing factors"
    assert reading.running and reading.overtime and not reading.warning
    assert reading.clock_text == "+00:03"
    assert reading.overtime_seconds == pytest.approx(3.2)
    assert reading.phase_progress == 1.0
    assert reading.meeting_progress == pytest.approx(25 / 75)
    clock.advance(100)
    assert reading.clock_text == "+00:03"  # a reading is a value; it does not move on its own


def test_warning_marks_the_last_minute_only(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(239)
    assert not timer.warning
    clock.advance(1.5)
    assert timer.warning
    timer.pause()
    assert timer.warning  # paused in the last minute still shows it
    timer.resume()
    clock.advance(60)
    assert timer.overtime and not timer.warning


def test_no_warning_before_the_meeting_starts(clock: FakeClock) -> None:
    timer = make_timer(clock, phases=[PhaseRecord("close", 1)])
    assert not timer.warning
    timer.start()
    assert timer.warning


def test_add_minute_extends_the_current_phase(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(375)
    assert timer.clock_text() == "+01:15"
    assert timer.add_minute()
    assert timer.clock_text() == "+00:15"
    assert timer.add_minute()
    assert timer.clock_text() == "00:45"
    assert not timer.overtime
    phases, _ = timer.snapshot()
    assert phases[0].planned_minutes == 7
    assert [p.planned_minutes for p in phases[1:]] == [20, 25, 20, 5]


def test_add_minute_stops_at_the_longest_allowed_phase(clock: FakeClock) -> None:
    timer = make_timer(clock, phases=[PhaseRecord("timeline", MAX_PHASE_MINUTES)])
    assert not timer.add_minute()
    assert timer.phase.planned_minutes == MAX_PHASE_MINUTES


def test_plan_edits_apply_to_a_live_timer_and_bad_ones_are_refused(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(100)
    timer.set_planned_minutes(0, 2)
    assert timer.clock_text() == "00:20"
    with pytest.raises(PlanError, match="Ground rules"):
        timer.set_planned_minutes(0, 0)
    assert timer.clock_text() == "00:20"


def test_restart_phase_counts_from_zero_and_keeps_running(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(200)
    timer.restart_phase()
    assert timer.clock_text() == "05:00"
    assert timer.running
    clock.advance(10)
    assert timer.elapsed_seconds() == 10


def test_restart_phase_while_paused_stays_paused(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(200)
    timer.pause()
    timer.restart_phase()
    clock.advance(50)
    assert not timer.running
    assert timer.elapsed_seconds() == 0


def test_meeting_progress_follows_the_agenda(clock: FakeClock) -> None:
    timer = make_timer(clock)
    assert timer.meeting_progress() == 0
    timer.start()
    clock.advance(300)
    timer.next_phase()
    clock.advance(1200)
    timer.next_phase()
    assert timer.meeting_progress() == pytest.approx(25 / 75)
    clock.advance(750)
    assert timer.meeting_progress() == pytest.approx(37.5 / 75)
    assert timer.meeting_elapsed_seconds() == pytest.approx(2250)
    timer.previous_phase()
    assert timer.meeting_progress() == pytest.approx(25 / 75)


def test_clock_shows_hours_past_99_minutes(clock: FakeClock) -> None:
    assert format_duration(5999) == "99:59"
    assert format_duration(6000) == "1:40:00"
    long_phase = make_timer(clock, phases=[PhaseRecord("timeline", 120)])
    assert long_phase.clock_text() == "2:00:00"
    timer = make_timer(clock, phases=[PhaseRecord("timeline", 99)])
    assert timer.clock_text() == "99:00"
    timer.start()
    clock.advance(99 * 60 + 100 * 60 + 5)
    assert timer.clock_text() == "+1:40:05"


def test_timer_does_not_change_the_phases_it_was_given(clock: FakeClock) -> None:
    plan = default_plan(Kind.INCIDENT)
    timer = make_timer(clock, phases=plan)
    timer.start()
    clock.advance(60)
    timer.add_minute()
    timer.snapshot()
    assert plan == default_plan(Kind.INCIDENT)


def test_bad_construction_is_refused(clock: FakeClock) -> None:
    with pytest.raises(ValueError, match="at least one phase"):
        make_timer(clock, phases=[])
    with pytest.raises(ValueError, match="timezone-aware"):
        MeetingTimer(
            default_plan(Kind.INCIDENT),
            TimerState(),
            monotonic=clock.monotonic,
            wall=lambda: datetime(2026, 4, 16, 9, 0),
        )


# -- persistence -----------------------------------------------------------------------------------


def test_snapshot_folds_in_the_running_time_and_reanchors(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    timer.next_phase()
    clock.advance(42)
    phases, state = timer.snapshot()
    assert phases[1].actual_seconds == 42
    assert state == TimerState(phase_index=1, running_since=clock.now, started=True)
    phases[1].actual_seconds = 0  # a copy: the timer is not affected
    clock.advance(8)
    assert timer.elapsed_seconds() == 50
    timer.pause()
    _, paused = timer.snapshot()
    assert paused.running_since is None and paused.started


def test_a_running_timer_restored_after_a_kill_shows_the_time_that_really_passed(
    clock: FakeClock,
) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(300)
    timer.next_phase()
    clock.advance(120)
    phases, state = timer.snapshot()  # the last autosave
    clock.advance(10)  # then the app is killed...
    # ...and started again 35 s later: a new process, with a monotonic clock from another origin.
    reopened = FakeClock(mono=12.0, now=clock.now + timedelta(seconds=35))
    restored = make_timer(reopened, phases=phases, state=state)
    assert restored.index == 1
    assert restored.running
    assert restored.elapsed_seconds() == pytest.approx(165)
    assert restored.clock_text() == "17:15"
    reopened.advance(15)
    assert restored.elapsed_seconds() == pytest.approx(180)
    restored_phases, _ = restored.snapshot()
    assert restored_phases[0].actual_seconds == 300


def test_a_paused_timer_restored_later_shows_the_same_time(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(70)
    timer.pause()
    phases, state = timer.snapshot()
    reopened = FakeClock(mono=1.0, now=clock.now + timedelta(hours=3))
    restored = make_timer(reopened, phases=phases, state=state)
    assert not restored.running and restored.started
    assert restored.clock_text() == "03:50"


def test_restore_survives_odd_stored_state(clock: FakeClock) -> None:
    # Saved "running since" later than now (the wall clock was set back): no negative time.
    future = TimerState(phase_index=9, running_since=clock.now + timedelta(minutes=5))
    timer = make_timer(clock, state=future)
    assert timer.index == 4  # clamped to the last phase
    assert timer.elapsed_seconds() == 0 and timer.running and timer.started
    # A zone lost on the way through storage is read as UTC.
    naive = TimerState(
        phase_index=0, running_since=(clock.now - timedelta(seconds=30)).replace(tzinfo=None)
    )
    assert make_timer(clock, state=naive).elapsed_seconds() == pytest.approx(30)


# -- sleep and clock jumps ---------------------------------------------------------------------------


def test_a_laptop_that_slept_shows_the_real_elapsed_time(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    timer.next_phase()
    clock.advance(60)
    assert timer.elapsed_seconds() == 60
    clock.suspend(600)  # monotonic stands still for ten minutes
    clock.advance(5)
    assert timer.elapsed_seconds() == pytest.approx(665)
    assert timer.clock_text() == "08:55"
    clock.advance(10)
    assert timer.elapsed_seconds() == pytest.approx(675)


def test_sleep_is_counted_even_if_nothing_read_the_clock_before_pausing(
    clock: FakeClock,
) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(20)
    clock.suspend(300)
    timer.pause()
    assert timer.elapsed_seconds() == pytest.approx(320)
    phases, _ = timer.snapshot()
    assert phases[0].actual_seconds == pytest.approx(320)


def test_sleep_while_paused_does_not_count(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(20)
    timer.pause()
    clock.suspend(3600)
    timer.resume()
    clock.advance(10)
    assert timer.elapsed_seconds() == pytest.approx(30)


def test_monotonic_clock_that_includes_sleep_is_not_counted_twice(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(20)
    clock.advance(600)  # both clocks moved across the sleep
    assert timer.elapsed_seconds() == pytest.approx(620)


def test_wall_clock_set_back_does_not_lose_time(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(100)
    clock.now -= timedelta(hours=1)
    clock.advance(20)
    assert timer.elapsed_seconds() == pytest.approx(120)


def test_slow_wall_clock_drift_is_not_mistaken_for_sleep(clock: FakeClock) -> None:
    """NTP may slew the wall clock by 0.5 ms/s; over 90 minutes that is 2.7 s, still no jump."""
    timer = make_timer(clock, phases=[PhaseRecord("timeline", 90)])
    timer.start()
    for _ in range(90 * 60):
        clock.mono += 1.0
        clock.now += timedelta(seconds=1.0005)
        timer.elapsed_seconds()
    assert timer.elapsed_seconds() == pytest.approx(5400, abs=1e-6)


def test_a_simulated_90_minute_meeting_keeps_time_within_half_a_second() -> None:
    """Irregular ticks, autosaves, a pause and wall-clock jitter: the clock still reads true."""
    rng = random.Random(20260416)
    clock = FakeClock(mono=987_654.321)  # a machine with 11 days of uptime
    plan = [PhaseRecord("ground_rules", 5), PhaseRecord("timeline", 20)]
    plan += [PhaseRecord("factors", 30), PhaseRecord("actions", 25), PhaseRecord("close", 10)]
    timer = make_timer(clock, phases=plan)
    true_spent = [0.0] * len(plan)
    true_mono = clock.mono
    wall_base = clock.now
    timer.start()
    for index, phase in enumerate(plan):
        assert timer.index == index
        while true_spent[index] < phase.planned_minutes * 60:
            step = rng.uniform(0.05, 0.45)  # a UI timer that fires late and unevenly
            true_mono += step
            true_spent[index] += step
            clock.mono = true_mono
            # The wall clock wobbles by up to 0.3 s around the truth (NTP, coarse clocks).
            clock.now = wall_base + timedelta(
                seconds=true_mono - 987_654.321 + rng.uniform(-0.3, 0.3)
            )
            timer.clock_text()
            if rng.random() < 0.01:
                timer.snapshot()
        if index == 2:
            # A ten-minute break in the middle of the meeting.
            timer.pause()
            true_mono += 600
            clock.mono = true_mono
            clock.now = wall_base + timedelta(seconds=true_mono - 987_654.321)
            timer.resume()
        timer.next_phase()
    phases, _ = timer.snapshot()
    assert sum(true_spent) >= 90 * 60
    for measured, truth in zip(phases, true_spent, strict=True):
        assert abs(measured.actual_seconds - truth) < 0.5
    assert abs(timer.meeting_elapsed_seconds() - sum(true_spent)) < 0.5


# -- the meeting record ------------------------------------------------------------------------------


def test_meeting_record_says_over_under_and_on_time() -> None:
    phases = [
        PhaseRecord("ground_rules", 5, actual_seconds=5 * 60 + 20),
        PhaseRecord("timeline", 20, actual_seconds=23 * 60),
        PhaseRecord("factors", 25, actual_seconds=22.5 * 60),
        PhaseRecord("actions", 20, actual_seconds=18 * 60 + 10),
        PhaseRecord("close", 5, actual_seconds=0),
    ]
    outcomes = meeting_record(phases)
    assert [o.describe() for o in outcomes] == [
        "Ground rules: 5 min, on time",
        "Walk the timeline: 23 min, 3 over",
        "Contributing factors: 23 min, 2 under",
        "Action items: 18 min, 2 under",
        "Close and distribute: not reached (5 min planned)",
    ]
    assert outcomes[1].over and not outcomes[1].under
    assert outcomes[1].planned_minutes == 20 and outcomes[1].actual_minutes == 23
    assert total_line(outcomes) == "Total: 69 min of 75 planned, 6 under"


def test_meeting_record_total_over_and_unknown_phase_keys() -> None:
    phases = [PhaseRecord("timeline", 20, 30 * 60), PhaseRecord("retro", 10, 10 * 60)]
    outcomes = meeting_record(phases)
    assert outcomes[1].describe() == "retro: 10 min, on time"
    assert total_line(outcomes) == "Total: 40 min of 30 planned, 10 over"


def test_meeting_record_from_a_live_timer(clock: FakeClock) -> None:
    timer = make_timer(clock)
    timer.start()
    clock.advance(4 * 60)
    timer.next_phase()
    clock.advance(23 * 60)
    phases, _ = timer.snapshot()
    lines = [o.describe() for o in meeting_record(phases)]
    assert lines[:2] == ["Ground rules: 4 min, 1 under", "Walk the timeline: 23 min, 3 over"]
