"""The timer bar, the guidance pane and the plan editor, driven by the real shortcuts.

Time is a fake clock injected into the bar; the tests read the labels a facilitator reads and the
values the database keeps, never the bar's private state.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QMainWindow,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from pmdesk.model import Kind, PhaseRecord, Postmortem
from pmdesk.operations import items
from pmdesk.storage.door import StorageDoor
from pmdesk.storage.location import resolve
from pmdesk.ui import settings, theme
from pmdesk.ui.session import DocumentSession, SaveState
from pmdesk.views import timer_bar as timer_bar_module
from pmdesk.views.guidance import GuidancePanel
from pmdesk.views.plan_dialog import PlanDialog
from pmdesk.views.timer_bar import TimerBar

START = datetime(2026, 4, 16, 9, 0, tzinfo=UTC)
CTRL = Qt.KeyboardModifier.ControlModifier


class FakeClock:
    """A monotonic and a wall clock that move only when told to."""

    def __init__(self, mono: float = 1_000.0, now: datetime = START) -> None:
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
        """A laptop asleep: the monotonic clock stands still, the wall clock does not."""
        self.now += timedelta(seconds=seconds)


class Meeting:
    """A window holding the bar's actions (so the shortcuts are window-wide) and the panes."""

    def __init__(self, qtbot: QtBot, session: DocumentSession, clock: FakeClock) -> None:
        self.qtbot = qtbot
        self.session = session
        self.clock = clock
        self.window = QMainWindow()
        central = QWidget()
        layout = QVBoxLayout(central)
        self.bar = TimerBar(session, monotonic=clock.monotonic, wall=clock.wall)
        self.guidance = GuidancePanel(self.bar)
        layout.addWidget(self.bar)
        layout.addWidget(self.guidance, 1)
        self.window.setCentralWidget(central)
        for action in self.bar.actions():
            self.window.addAction(action)
        qtbot.addWidget(self.window)
        self.window.resize(1280, 720)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()

    def press(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        self.qtbot.keyClick(self.window, key, modifier)

    def advance(self, seconds: float) -> None:
        """Let time pass, then paint as the bar's own tick would."""
        self.clock.advance(seconds)
        self.bar.refresh()

    @property
    def clock_text(self) -> str:
        return self.bar.clock_label.text()

    @property
    def phase_text(self) -> str:
        return self.bar.phase_label.text()


def open_postmortem(session: DocumentSession, **fields: object) -> int:
    postmortem_id = session.create(Postmortem(title="Payment service outage", **fields))  # type: ignore[arg-type]
    session.open(postmortem_id)
    return postmortem_id


def new_session(db_path: Path) -> DocumentSession:
    return DocumentSession(StorageDoor(resolve(str(db_path))))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(db_path: Path) -> Iterator[DocumentSession]:
    opened = new_session(db_path)
    yield opened
    opened.close()
    opened.repo.close()


@pytest.fixture
def meeting(qtbot: QtBot, session: DocumentSession, clock: FakeClock) -> Meeting:
    open_postmortem(session)
    return Meeting(qtbot, session, clock)


# -- start, pause, phases ------------------------------------------------------------------------


def test_f5_starts_the_meeting_and_the_clock_counts_down(qtbot: QtBot, meeting: Meeting) -> None:
    assert meeting.phase_text == "1/5 Ground rules"
    assert meeting.bar.next_label.text() == "Next: Walk the timeline"
    assert meeting.clock_text == "05:00"
    assert meeting.bar.note_label.text() == "Press F5 to start"

    meeting.press(Qt.Key.Key_F5)
    assert meeting.bar.start_action.text() == "&Pause"
    assert meeting.bar.ticking

    meeting.clock.advance(65)
    # No manual refresh: the bar's own tick shows the new time.
    qtbot.waitUntil(lambda: meeting.clock_text == "03:55", timeout=2000)
    assert meeting.session.undo_stack.count() == 0  # running the clock is not an edit


def test_pause_stops_the_clock_exactly_and_resume_continues(meeting: Meeting) -> None:
    meeting.press(Qt.Key.Key_F5)
    meeting.advance(30.4)
    meeting.press(Qt.Key.Key_F5)

    assert meeting.clock_text == "04:30"
    assert meeting.bar.note_label.text() == "Paused"
    assert meeting.bar.start_action.text() == "&Resume"
    assert not meeting.bar.ticking
    saved = meeting.session.doc.pm  # type: ignore[union-attr]
    assert saved.timer.running_since is None
    assert saved.phases[0].actual_seconds == pytest.approx(30.4)

    meeting.advance(600)
    assert meeting.clock_text == "04:30"

    meeting.press(Qt.Key.Key_F5)
    meeting.advance(10)
    assert meeting.clock_text == "04:20"
    assert meeting.session.undo_stack.count() == 0


def test_f8_moves_on_and_brings_the_timeline_forward(qtbot: QtBot, meeting: Meeting) -> None:
    meeting.press(Qt.Key.Key_F5)
    meeting.advance(200)
    phases: list[int] = []
    meeting.bar.phaseChanged.connect(phases.append)
    with qtbot.waitSignal(meeting.bar.panelRequested, timeout=1000) as blocker:
        meeting.press(Qt.Key.Key_F8)
    assert blocker.args == ["timeline"]
    assert phases == [1]
    assert meeting.phase_text == "2/5 Walk the timeline"
    assert meeting.bar.next_label.text() == "Next: Contributing factors"
    assert meeting.clock_text == "20:00"
    assert meeting.session.doc.pm.timer.phase_index == 1  # type: ignore[union-attr]

    meeting.advance(60)
    with qtbot.assertNotEmitted(meeting.bar.panelRequested):  # ground rules has no panel
        meeting.press(Qt.Key.Key_F7)
    assert meeting.phase_text == "1/5 Ground rules"
    assert meeting.clock_text == "01:40"  # its 200 s were kept
    assert not meeting.bar.previous_action.isEnabled()


def test_turning_off_follow_phase_keeps_the_panel(qtbot: QtBot, meeting: Meeting) -> None:
    meeting.bar.follow_action.trigger()
    assert settings.FOLLOW_PHASE.get() is False
    with qtbot.assertNotEmitted(meeting.bar.panelRequested):
        meeting.press(Qt.Key.Key_F8)
    assert meeting.phase_text == "2/5 Walk the timeline"


def test_last_phase_disables_next(meeting: Meeting) -> None:
    for _ in range(6):
        meeting.press(Qt.Key.Key_F8)
    assert meeting.phase_text == "5/5 Close and distribute"
    assert meeting.bar.next_label.text() == "Last phase"
    assert not meeting.bar.next_action.isEnabled()


def test_typing_in_a_text_field_keeps_ctrl_arrows_for_the_text(
    qtbot: QtBot, meeting: Meeting
) -> None:
    field = QLineEdit("the dashboard looked normal")
    meeting.window.centralWidget().layout().addWidget(field)
    field.setFocus()
    field.setCursorPosition(0)
    qtbot.keyClick(field, Qt.Key.Key_Right, CTRL)
    assert field.cursorPosition() == 4  # moved by a word
    assert meeting.phase_text == "1/5 Ground rules"  # the meeting did not skip ahead
    qtbot.keyClick(field, Qt.Key.Key_F5)
    assert meeting.bar.start_action.text() == "&Pause"  # F5 still runs the clock
    qtbot.keyClick(field, Qt.Key.Key_F8)
    assert meeting.phase_text == "2/5 Walk the timeline"  # and F8 moves the meeting on
    assert field.text() == "the dashboard looked normal"


# -- the last minute and overtime ----------------------------------------------------------------


def test_last_minute_cue_then_overtime_says_over_and_beeps_once(
    meeting: Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    beeps: list[int] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    meeting.press(Qt.Key.Key_F5)
    meeting.advance(4 * 60 + 10)
    assert meeting.clock_text == "00:50"
    assert meeting.bar.note_label.text() == "Last minute"
    assert meeting.bar.clock_label.property("state") == "warning"
    assert not meeting.bar.over_label.isVisible()
    assert beeps == []

    meeting.advance(75)
    assert meeting.clock_text == "+00:25"
    assert meeting.bar.over_label.isVisible()
    assert meeting.bar.over_label.text() == "over"
    assert not meeting.bar.left_label.isVisible()
    assert meeting.bar.clock_label.property("state") == "over"
    assert meeting.bar.property("state") == "over"
    assert beeps == [1]

    meeting.advance(60)
    assert meeting.clock_text == "+01:25"
    assert beeps == [1]  # once, at the moment the phase ran out


def test_add_a_minute_with_ctrl_up_leaves_overtime(meeting: Meeting) -> None:
    meeting.press(Qt.Key.Key_F5)
    meeting.advance(5 * 60 + 15)
    assert meeting.clock_text == "+00:15"
    meeting.press(Qt.Key.Key_F6)
    assert meeting.clock_text == "00:45"
    assert not meeting.bar.over_label.isVisible()
    assert meeting.session.doc.pm.phases[0].planned_minutes == 6  # type: ignore[union-attr]
    assert meeting.session.undo_stack.count() == 0


def test_restart_phase_counts_from_zero(meeting: Meeting) -> None:
    meeting.press(Qt.Key.Key_F5)
    meeting.advance(400)
    assert meeting.clock_text == "+01:40"
    meeting.press(Qt.Key.Key_R, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert meeting.clock_text == "05:00"
    assert meeting.bar.start_action.text() == "&Pause"  # still running
    meeting.advance(5)
    assert meeting.clock_text == "04:55"


def test_a_laptop_that_slept_shows_the_real_elapsed_time(meeting: Meeting) -> None:
    meeting.press(Qt.Key.Key_F5)
    meeting.advance(60)
    meeting.clock.suspend(10 * 60)
    meeting.bar.refresh()
    assert meeting.clock_text == "+06:00"


# -- persistence ---------------------------------------------------------------------------------


def test_running_timer_is_saved_every_ten_seconds_without_undo_steps(meeting: Meeting) -> None:
    meeting.press(Qt.Key.Key_F5)
    doc = meeting.session.doc
    assert doc is not None
    assert doc.pm.timer.running_since == START
    meeting.advance(9)
    assert doc.pm.timer.running_since == START
    meeting.advance(2)
    assert doc.pm.timer.running_since == START + timedelta(seconds=11)
    assert doc.pm.phases[0].actual_seconds == pytest.approx(11)
    assert meeting.session.undo_stack.count() == 0


def test_reopened_after_a_kill_shows_the_time_that_really_passed(
    qtbot: QtBot, db_path: Path, meeting: Meeting
) -> None:
    meeting.press(Qt.Key.Key_F5)
    meeting.advance(120)
    meeting.press(Qt.Key.Key_F8)
    meeting.advance(200)
    meeting.bar.refresh()
    # The autosave writes the timer's state to the database on its own.
    qtbot.waitUntil(lambda: meeting.session.state == SaveState.SAVED, timeout=3000)
    assert meeting.session.doc is not None
    postmortem_id = meeting.session.doc.pm.id
    assert postmortem_id is not None

    # Killed: nothing is closed or saved any more. Ten minutes later the app starts again.
    later = FakeClock(mono=50.0, now=meeting.clock.now + timedelta(minutes=10))
    reopened = new_session(db_path)
    try:
        reopened.open(postmortem_id)
        again = Meeting(qtbot, reopened, later)
        # 200 s seen before the kill, plus 600 s that passed: 800 s of a 20-minute phase.
        assert again.phase_text == "2/5 Walk the timeline"
        assert again.clock_text == "06:40"
        assert again.bar.start_action.text() == "&Pause"
        assert again.bar.ticking
        again.advance(10)
        assert again.clock_text == "06:30"
    finally:
        reopened.close()
        reopened.repo.close()


def test_undo_of_an_unrelated_edit_leaves_the_clock_alone(meeting: Meeting) -> None:
    meeting.session.apply(
        items.set_fields(meeting.session.doc, "Edit title", title="Checkout outage")
    )
    meeting.press(Qt.Key.Key_F5)
    meeting.advance(90)
    meeting.session.undo()
    assert meeting.session.doc.pm.title == "Payment service outage"  # type: ignore[union-attr]
    assert meeting.clock_text == "03:30"
    assert meeting.bar.start_action.text() == "&Pause"


def test_a_near_miss_starts_from_the_light_plan(
    qtbot: QtBot, session: DocumentSession, clock: FakeClock
) -> None:
    open_postmortem(session)
    meeting = Meeting(qtbot, session, clock)
    assert meeting.clock_text == "05:00"
    session.apply(items.set_fields(session.doc, "Change kind", kind=Kind.NEAR_MISS))
    assert meeting.clock_text == "03:00"
    assert meeting.bar.meeting_label.text() == "Meeting: 0 min of 30 planned"


def test_no_document_disables_the_bar_and_says_so(
    qtbot: QtBot, session: DocumentSession, clock: FakeClock
) -> None:
    meeting = Meeting(qtbot, session, clock)
    assert not meeting.bar.isEnabled()
    assert meeting.phase_text == "No postmortem open"
    assert meeting.clock_text == "--:--"
    assert not meeting.bar.start_action.isEnabled()
    meeting.press(Qt.Key.Key_F5)
    assert meeting.session.doc is None
    assert "Open a postmortem" in meeting.guidance.text.text()

    open_postmortem(session)
    assert meeting.bar.isEnabled()
    assert meeting.phase_text == "1/5 Ground rules"
    session.close()
    assert meeting.phase_text == "No postmortem open"


# -- the plan editor -----------------------------------------------------------------------------


def test_plan_dialog_applies_one_undoable_edit_and_undo_reverts_it(
    qtbot: QtBot, meeting: Meeting
) -> None:
    meeting.press(Qt.Key.Key_F5)
    meeting.press(Qt.Key.Key_F8)
    meeting.advance(100)
    assert meeting.clock_text == "18:20"

    meeting.bar.plan_action.trigger()
    dialog = meeting.window.findChild(PlanDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.total_label.text() == "Total: 75 min"
    dialog.spins[1].setValue(35)
    assert dialog.total_label.text() == "Total: 90 min"
    assert dialog.problem_label.property("check") == "ok"
    dialog.spins[2].setValue(40)
    assert dialog.total_label.text() == "Total: 105 min"
    assert "105 min" in dialog.problem_label.text()
    assert dialog.problem_label.property("check") == "warn"
    dialog.spins[2].setValue(25)
    shorten = next(
        b
        for b in dialog.findChildren(QToolButton)
        if b.accessibleName() == "Shorten Walk the timeline by a minute"
    )
    qtbot.mouseClick(shorten, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(shorten, Qt.MouseButton.LeftButton)
    assert dialog.spins[1].value() == 33
    qtbot.keyClick(dialog.spins[1], Qt.Key.Key_Up)
    qtbot.keyClick(dialog.spins[1], Qt.Key.Key_Up)
    assert dialog.total_label.text() == "Total: 90 min"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    stack = meeting.session.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == "Edit meeting plan"
    assert [p.planned_minutes for p in meeting.session.doc.pm.phases] == [5, 35, 25, 20, 5]  # type: ignore[union-attr]
    assert meeting.clock_text == "33:20"  # the time already spent is kept

    meeting.advance(20)
    meeting.session.undo()
    assert [p.planned_minutes for p in meeting.session.doc.pm.phases] == [5, 20, 25, 20, 5]  # type: ignore[union-attr]
    assert meeting.clock_text == "18:00"
    assert meeting.bar.start_action.text() == "&Pause"
    meeting.session.redo()
    assert meeting.clock_text == "33:00"


def test_plan_dialog_cancel_changes_nothing(qtbot: QtBot, meeting: Meeting) -> None:
    dialog = PlanDialog(meeting.session, meeting.window)
    qtbot.addWidget(dialog)
    dialog.spins[0].setValue(12)
    dialog.reject()
    assert meeting.session.undo_stack.count() == 0
    assert meeting.clock_text == "05:00"


def test_plan_dialog_restores_the_default_plan(qtbot: QtBot, meeting: Meeting) -> None:
    meeting.session.apply(
        items.set_fields(
            meeting.session.doc,
            "Plan",
            phases=[
                PhaseRecord(p, 9)
                for p in ("ground_rules", "timeline", "factors", "actions", "close")
            ],
        )
    )
    dialog = PlanDialog(meeting.session, meeting.window)
    qtbot.addWidget(dialog)
    assert dialog.minutes() == [9, 9, 9, 9, 9]
    assert dialog.problem_label.property("check") == "warn"
    dialog.defaults_button.click()
    assert dialog.minutes() == [5, 20, 25, 20, 5]
    dialog.accept()
    assert [p.planned_minutes for p in meeting.session.doc.pm.phases] == [5, 20, 25, 20, 5]  # type: ignore[union-attr]


# -- guidance ------------------------------------------------------------------------------------


def test_guidance_follows_the_phase_and_folds_away(qtbot: QtBot, meeting: Meeting) -> None:
    guidance = meeting.guidance
    assert "Systems, not people." in guidance.text.text()
    meeting.press(Qt.Key.Key_F8)
    assert "Walk the timeline" in guidance.toggle.text()
    assert "What did you see?" in guidance.text.text()
    assert "The dashboard looked normal" in guidance.text.text()

    qtbot.mouseClick(guidance.toggle, Qt.MouseButton.LeftButton)
    assert not guidance.body.isVisible()
    assert settings.GUIDANCE_VISIBLE.get() is False
    # Remembered: a new window opens with the guidance folded.
    assert not GuidancePanel(meeting.bar).expanded


def test_close_phase_shows_planned_against_actual(meeting: Meeting) -> None:
    meeting.press(Qt.Key.Key_F5)
    meeting.advance(5 * 60)
    meeting.press(Qt.Key.Key_F8)
    meeting.advance(23 * 60)
    for _ in range(3):
        meeting.press(Qt.Key.Key_F8)
    meeting.advance(60)
    text = meeting.guidance.text.text()
    assert "Restate in a sentence or two what we learned." in text
    assert "Ground rules: 5 min, on time" in text
    assert "Walk the timeline: 23 min, 3 over" in text
    assert "Contributing factors: not reached (25 min planned)" in text
    assert "Total: 29 min of 75 planned, 46 under" in text
    meeting.advance(2 * 60)
    assert "Total: 31 min of 75 planned" in meeting.guidance.text.text()


def test_guidance_escapes_what_it_did_not_write(meeting: Meeting) -> None:
    meeting.session.apply(
        items.set_fields(meeting.session.doc, "Plan", phases=[PhaseRecord("<b>&retro", 10)])
    )
    assert meeting.phase_text == "1/1 <b>&retro"
    assert meeting.bar.phase_label.textFormat() == Qt.TextFormat.PlainText
    assert "&lt;b&gt;&amp;retro" in meeting.guidance.text.text()


# -- presentation --------------------------------------------------------------------------------


def test_buttons_name_their_shortcuts(meeting: Meeting) -> None:
    tips = {button.accessibleName(): button.toolTip() for button in meeting.bar.buttons}
    assert "F8" in tips["Next phase"]
    assert "F7" in tips["Previous phase"]
    assert "F6" in tips["Add a minute"]
    assert "Ctrl+Shift+R" in tips["Restart phase"]
    assert "F5" in tips["Start meeting"]
    meeting.press(Qt.Key.Key_F5)
    assert meeting.bar.start_button.accessibleName() == "Pause"
    assert "F5" in meeting.bar.start_button.toolTip()


def test_the_stylesheet_applies_to_an_overtime_bar(qtbot: QtBot, meeting: Meeting) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    theme.apply(app)  # a stylesheet that fails to parse logs a Qt warning, which fails the test
    try:
        meeting.press(Qt.Key.Key_F5)
        meeting.advance(6 * 60)
        meeting.window.grab()
        assert (
            meeting.bar.clock_label.font().pixelSize() > meeting.bar.note_label.font().pixelSize()
        )
    finally:
        app.setStyleSheet(before)


def test_ticks_read_the_clock_rather_than_count(meeting: Meeting) -> None:
    assert timer_bar_module.TICK_MS <= 250
    meeting.press(Qt.Key.Key_F5)
    for _ in range(7):  # irregular, late ticks still show the true time
        meeting.advance(13.3)
    assert meeting.clock_text == "03:27"
