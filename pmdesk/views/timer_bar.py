"""The phase timer bar: what the facilitator and everyone on the shared screen look at.

It renders `MeetingTimer.read()` and nothing else, so the label, the colour and the progress bars
always agree and time is never counted in ticks. The bar holds no data of its own: the timer is
rebuilt from the document whenever the document's plan or timer changes from outside (open,
undo, redo), and the timer's state is written back into the document on every control action and
every few seconds while it runs. Those writes go straight to `Document.set_fields`, not through
the undo stack: pausing a meeting is not an edit a facilitator wants to undo.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.document import Change
from pmdesk.meeting import (
    MAX_PHASE_MINUTES,
    MeetingTimer,
    PlanError,
    TimerReading,
    default_plan,
    plan_total,
    utc_now,
)
from pmdesk.operations.overview import record_timer
from pmdesk.ui import settings
from pmdesk.ui.session import DocumentSession
from pmdesk.views.meeting_keys import meeting_shortcut

# Repaint four times a second: enough for a clock showing seconds, cheap when nothing changes.
TICK_MS = 250
# While running, the timer's state is written into the document this often (seconds).
SAVE_EVERY_S = 10.0
_PROGRESS_STEPS = 1000
# A window shorter than this many lines of body text gets the compact bar: at 1280 x 720 that is
# a zoom of 125% or more, where the full bar would take a third of the height from the tables.
COMPACT_BELOW_LINES = 36
_START_TIPS = {
    "Start": "Start the meeting clock",
    "Pause": "Pause the clock; it stops exactly where it is",
    "Resume": "Carry on from where the clock was paused",
}


def _shortcut_text(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def _plain(text: str) -> str:
    """An action's menu text without its mnemonic marker, for buttons and screen readers."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _repolish(widget: QWidget, state: str) -> None:
    """Set the `state` property the stylesheet keys on; repolish only when it changed."""
    if widget.property("state") == state:
        return
    widget.setProperty("state", state)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class TimerBar(QFrame):
    """Phase, big clock, progress and controls for the open postmortem's meeting."""

    panelRequested = Signal(str)  # "timeline", "factors", "actions"
    phaseChanged = Signal(int)  # the new phase index; -1 when no document is open
    refreshed = Signal(object)  # the TimerReading just shown, or None when no document is open

    def __init__(
        self,
        session: DocumentSession,
        parent: QWidget | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("timerBar")
        self.session = session
        self.timer: MeetingTimer | None = None
        self._monotonic = monotonic
        self._wall = wall
        self._writing = False  # our own writes into the document are not outside changes
        self._last_save = monotonic()
        self._was_over: bool | None = None  # None: do not beep on the next reading
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.refresh)
        self._watched: QWidget | None = None  # the window whose height decides the compact bar
        self.compact = False
        self._build_actions()
        self._build_widgets()
        session.documentOpened.connect(self._on_document_opened)
        session.changed.connect(self._on_change)
        self._rebuild()

    # -- construction ------------------------------------------------------------------------
    def _make_action(
        self, text: str, button_text: str, slot: Callable[[], object], command: str = ""
    ) -> QAction:
        action = QAction(text, self)
        action.setIconText(button_text)
        if command:
            # Application-wide, on keys no text field takes: see pmdesk.views.meeting_keys.
            meeting_shortcut(action, command)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.start_action = self._make_action(
            "&Start meeting", "Start", self.toggle_running, "start"
        )
        self.previous_action = self._make_action(
            "Pre&vious phase", "◀ Back", self.previous_phase, "previous_phase"
        )
        self.next_action = self._make_action("&Next phase", "Next ▶", self.next_phase, "next_phase")
        self.add_minute_action = self._make_action(
            "&Add a minute", "+1 min", self.add_minute, "add_minute"
        )
        self.restart_action = self._make_action(
            "Res&tart phase", "Restart", self.restart_phase, "restart_phase"
        )
        self.plan_action = self._make_action("&Edit meeting plan…", "Plan…", self.edit_plan)
        self.follow_action = QAction("&Bring the phase's panel forward", self)
        self.follow_action.setCheckable(True)
        self.follow_action.setChecked(settings.FOLLOW_PHASE.get())
        self.follow_action.toggled.connect(settings.FOLLOW_PHASE.set)
        tips = {
            self.start_action: _START_TIPS["Start"],
            self.previous_action: "Go back to the previous phase; its time so far is kept",
            self.next_action: "Move on to the next phase",
            self.add_minute_action: "Give this phase one more minute",
            self.restart_action: "Count this phase from zero again",
            self.plan_action: "Change how many minutes each phase gets",
        }
        for action, tip in tips.items():
            self._set_tip(action, tip)
        self.follow_action.setToolTip(
            "When you move to a phase, show its panel (Timeline, Contributing factors, "
            "Action items)"
        )

    def _set_tip(self, action: QAction, tip: str) -> None:
        shortcut = _shortcut_text(action)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        action.setStatusTip(tip)

    def actions(self) -> list[QAction]:  # Qt override: the Meeting menu, in menu order
        return [
            self.start_action,
            self.next_action,
            self.previous_action,
            self.add_minute_action,
            self.restart_action,
            self.plan_action,
            self.follow_action,
        ]

    def _button(self, action: QAction, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAccessibleName(_plain(action.text()))
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    def _build_widgets(self) -> None:
        self._build_labels()
        self._build_progress_bars()
        self._build_buttons()
        self._lay_out()

    def _build_labels(self) -> None:
        """The phase, what comes next, the meeting's total, and the clock with its words."""
        self.phase_label = QLabel(self)
        self.phase_label.setObjectName("timerPhase")
        self.phase_label.setAccessibleName("Current phase")
        self.next_label = QLabel(self)
        self.next_label.setObjectName("timerNext")
        self.next_label.setAccessibleName("Next phase")
        self.meeting_label = QLabel(self)
        self.meeting_label.setObjectName("timerMeeting")
        self.meeting_label.setAccessibleName("Meeting time used")
        for label in (self.phase_label, self.next_label):
            # A long phase name is cut rather than pushing the clock off a narrow window.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.phase_label.setMinimumWidth(160)

        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("timerClock")
        self.clock_label.setAccessibleName("Time left in this phase")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # The word next to the clock says what the number means: "left", or "over" in overtime
        # (colour is never the only signal).
        self.left_label = QLabel("left", self)
        self.left_label.setObjectName("timerLeft")
        self.over_label = QLabel("over", self)
        self.over_label.setObjectName("timerOver")
        self.over_label.setAccessibleName("Overtime")
        self.note_label = QLabel(self)
        self.note_label.setObjectName("timerNote")
        self.note_label.setAccessibleName("Timer status")

        for label in (
            self.phase_label,
            self.next_label,
            self.meeting_label,
            self.clock_label,
            self.left_label,
            self.over_label,
            self.note_label,
        ):
            label.setTextFormat(Qt.TextFormat.PlainText)  # a phase name is never markup

    def _build_progress_bars(self) -> None:
        self.phase_progress = QProgressBar(self)
        self.phase_progress.setObjectName("phaseProgress")
        self.phase_progress.setAccessibleName("Progress through this phase")
        self.meeting_progress = QProgressBar(self)
        self.meeting_progress.setObjectName("meetingProgress")
        self.meeting_progress.setAccessibleName("Progress through the meeting plan")
        for bar in (self.phase_progress, self.meeting_progress):
            bar.setRange(0, _PROGRESS_STEPS)
            bar.setTextVisible(False)

    def _build_buttons(self) -> None:
        self.start_button = self._button(self.start_action, "timerStartButton")
        buttons = [
            self.start_button,
            self._button(self.previous_action, "timerPreviousButton"),
            self._button(self.next_action, "timerNextButton"),
            self._button(self.add_minute_action, "timerAddMinuteButton"),
            self._button(self.restart_action, "timerRestartButton"),
            self._button(self.plan_action, "timerPlanButton"),
        ]
        self.buttons = buttons
        self._full_only = buttons[-2:]  # Restart and Plan: not on the compact bar

    def _lay_out(self) -> None:
        """The phase beside the clock, both progress bars, then the row of buttons.

        On a short window (compact) the buttons move up under the phase, beside the clock, and
        the bar loses a whole row while the clock keeps its size.
        """
        self.phase_box = QVBoxLayout()
        self.phase_box.setSpacing(2)
        self.phase_box.addWidget(self.phase_label)
        # What comes next and the meeting's total on one line under the phase, so the row of
        # buttons stays short enough for a 1280 px screen at 150% zoom.
        under = QHBoxLayout()
        under.setSpacing(14)
        under.addWidget(self.next_label, 1)
        under.addWidget(self.meeting_label)
        self.phase_box.addLayout(under)

        status_box = QVBoxLayout()
        status_box.setSpacing(0)
        status_box.addStretch(1)
        status_box.addWidget(self.left_label)
        status_box.addWidget(self.over_label)
        status_box.addWidget(self.note_label)
        status_box.addStretch(1)

        top = QHBoxLayout()
        top.setSpacing(14)
        top.addLayout(self.phase_box, 1)
        top.addWidget(self.clock_label)
        top.addLayout(status_box)

        self.controls = QWidget(self)
        controls = QHBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(6)
        for button in self.buttons:
            controls.addWidget(button)
        controls.addStretch(1)

        # Never taller than its content: the panels below get the spare height.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.setContentsMargins(16, 8, 16, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.phase_progress)
        layout.addWidget(self.meeting_progress)
        layout.addWidget(self.controls)

    # -- fitting a short window ---------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        window = self.window()
        if window is not self and window is not self._watched:
            if self._watched is not None:
                self._watched.removeEventFilter(self)
            window.installEventFilter(self)
            self._watched = window
        self._fit()
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self._watched and event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit()  # a new zoom changes how many lines the window holds

    def _fit(self) -> None:
        if self._watched is None:
            return
        line = self.next_label.fontMetrics().height()
        short = self._watched.height() < COMPACT_BELOW_LINES * line
        self.set_compact(short and self._compact_width() <= self._watched.width())

    def plan_button_shown(self) -> bool:
        return not self._full_only[-1].isHidden()

    def _compact_width(self) -> int:
        """How wide the compact bar is at the least: its buttons, the clock and its words."""
        shown = [button for button in self.buttons if button not in self._full_only]
        buttons = sum(button.sizeHint().width() for button in shown) + 6 * (len(shown) - 1)
        words = max(
            label.sizeHint().width()
            for label in (self.left_label, self.over_label, self.note_label)
        )
        margins = self._layout.contentsMargins()
        return (
            max(self.phase_label.minimumWidth(), buttons)
            + self.clock_label.sizeHint().width()
            + words
            + 2 * 14
            + margins.left()
            + margins.right()
        )

    def set_compact(self, compact: bool) -> None:
        """The buttons beside the clock (compact) or in a row of their own under the bars."""
        if compact == self.compact:
            return
        self.compact = compact
        for button in self._full_only:
            # Restart and Plan stay in the Meeting menu with their keys; the bar keeps the
            # buttons a meeting needs every minute.
            button.setVisible(not compact)
        if compact:
            self._layout.removeWidget(self.controls)
            self.phase_box.addWidget(self.controls)
            self._layout.setContentsMargins(16, 6, 16, 8)
        else:
            self.phase_box.removeWidget(self.controls)
            self._layout.addWidget(self.controls)
            self._layout.setContentsMargins(16, 8, 16, 10)
        self.updateGeometry()

    # -- following the document --------------------------------------------------------------
    def _on_document_opened(self, _doc: object) -> None:
        self._rebuild()

    def _on_change(self, change: Change) -> None:
        doc = self.session.doc
        if self._writing or doc is None or change.action != "fields":
            return
        fields = set(change.fields)
        if "timer" in fields:
            self._rebuild()
        elif "phases" in fields:
            self._take_plan()
        elif (
            "kind" in fields
            and not doc.pm.phases
            and (self.timer is None or not self.timer.started)
        ):
            self._rebuild()  # an unsaved default plan follows the kind (near miss: shorter)

    def _rebuild(self) -> None:
        """A fresh timer from the document (its saved state plus the time that really passed)."""
        doc = self.session.doc
        if doc is None:
            self.timer = None
        else:
            phases = doc.pm.phases or default_plan(doc.pm.kind)
            self.timer = MeetingTimer(
                phases, doc.pm.timer, monotonic=self._monotonic, wall=self._wall
            )
        self._last_save = self._monotonic()
        self._was_over = None
        self.setEnabled(self.timer is not None)
        self._sync_ticker()
        self.refresh()
        self.phaseChanged.emit(self.timer.index if self.timer else -1)

    def _take_plan(self) -> None:
        """The plan changed from outside (plan editor, undo): take its lengths, keep the clock.

        The document's elapsed times may be a few seconds old, so the live ones are kept when the
        phases are the same; a plan with other phases starts over from the document.
        """
        doc = self.session.doc
        if doc is None or self.timer is None:
            self._rebuild()
            return
        live = self.timer.phases
        wanted = doc.pm.phases
        if [p.phase for p in wanted] != [p.phase for p in live]:
            self._rebuild()
            return
        try:
            for index, phase in enumerate(wanted):
                if phase.planned_minutes != live[index].planned_minutes:
                    self.timer.set_planned_minutes(index, phase.planned_minutes)
        except PlanError:
            self._rebuild()
            return
        self._was_over = None
        self._save()
        self.refresh()

    def _save(self) -> None:
        """Write the timer's state into the document (not undoable; autosave picks it up)."""
        doc = self.session.doc
        if doc is None or self.timer is None:
            return
        phases, state = self.timer.snapshot()
        self._writing = True
        try:
            # Applied, never pushed: a running clock is not something to undo.
            record_timer(doc, phases, state).apply(doc)
        finally:
            self._writing = False
        self._last_save = self._monotonic()

    # -- controls ----------------------------------------------------------------------------
    def toggle_running(self) -> None:
        if self.timer is None:
            return
        self.timer.toggle()
        self._after_command()

    def next_phase(self) -> None:
        if self.timer is not None and self.timer.next_phase():
            self._after_move()

    def previous_phase(self) -> None:
        if self.timer is not None and self.timer.previous_phase():
            self._after_move()

    def add_minute(self) -> None:
        if self.timer is not None and self.timer.add_minute():
            self._was_over = None
            self._after_command()

    def restart_phase(self) -> None:
        if self.timer is None:
            return
        self.timer.restart_phase()
        self._was_over = None
        self._after_command()

    def edit_plan(self) -> None:
        """Open the plan editor (window-modal, non-blocking); OK is one undoable edit."""
        if self.session.doc is None:
            return
        from pmdesk.views.plan_dialog import PlanDialog

        window = self.window()
        for existing in window.findChildren(PlanDialog):
            if existing.isVisible():
                existing.raise_()
                existing.activateWindow()
                return
        self._save()  # the plan being edited (and undone later) holds the latest times
        dialog = PlanDialog(self.session, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _after_command(self) -> None:
        self._save()
        self._sync_ticker()
        self.refresh()

    def _after_move(self) -> None:
        assert self.timer is not None
        self._was_over = None
        self._after_command()
        self.phaseChanged.emit(self.timer.index)
        info = self.timer.phase_info
        if info is not None and info.panel and self.follow_action.isChecked():
            self.panelRequested.emit(info.panel)

    @property
    def ticking(self) -> bool:
        """Whether the bar repaints on its own (only while the clock runs)."""
        return self._ticker.isActive()

    def _sync_ticker(self) -> None:
        """Tick only while the clock runs: a paused meeting costs nothing."""
        if self.timer is not None and self.timer.running:
            if not self._ticker.isActive():
                self._ticker.start()
        else:
            self._ticker.stop()

    # -- rendering ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show one reading of the timer; also the periodic save and the end-of-phase beep."""
        timer = self.timer
        if timer is None:
            self._show_closed()
            self.refreshed.emit(None)
            return
        reading = timer.read()
        if reading.running and reading.overtime and self._was_over is False:
            QApplication.beep()  # the moment the phase runs out; silent where unsupported
        self._was_over = reading.overtime
        self._show(reading, timer)
        self._update_actions(reading, timer)
        if reading.running and self._monotonic() - self._last_save >= SAVE_EVERY_S:
            self._save()
        self.refreshed.emit(reading)

    def _show_closed(self) -> None:
        self._set_text(self.phase_label, "No postmortem open")
        self._set_text(self.next_label, "Open a postmortem to run its meeting")
        self._set_text(self.clock_label, "--:--")
        self._set_text(self.meeting_label, "")
        self.left_label.hide()
        self.over_label.hide()
        self.note_label.hide()
        for widget in (self, self.clock_label, self.phase_progress):
            _repolish(widget, "")
        self.phase_progress.setValue(0)
        self.meeting_progress.setValue(0)
        for action in self.actions()[:-1]:
            action.setEnabled(False)
        self._set_start_text("&Start meeting", "Start")

    def _show(self, reading: TimerReading, timer: MeetingTimer) -> None:
        self._set_text(
            self.phase_label, f"{reading.index + 1}/{timer.phase_count} {reading.phase_name}"
        )
        self._set_text(
            self.next_label,
            f"Next: {reading.next_phase_name}" if reading.next_phase_name else "Last phase",
        )
        self._set_text(self.clock_label, reading.clock_text)
        state = "over" if reading.overtime else "warning" if reading.warning else ""
        for widget in (self, self.clock_label, self.phase_progress, self.note_label):
            _repolish(widget, state)
        self.over_label.setVisible(reading.overtime)
        self.left_label.setVisible(not reading.overtime)
        if not reading.started:
            note = f"Press {_shortcut_text(self.start_action)} to start"
        elif not reading.running:
            note = "Paused"
        elif reading.warning:
            note = "Last minute"
        else:
            note = ""
        self._set_text(self.note_label, note)
        self.note_label.setVisible(bool(note))
        self.phase_progress.setValue(round(reading.phase_progress * _PROGRESS_STEPS))
        self.meeting_progress.setValue(round(reading.meeting_progress * _PROGRESS_STEPS))
        used = int(timer.meeting_elapsed_seconds() // 60)
        self._set_text(
            self.meeting_label, f"Meeting: {used} min of {plan_total(timer.phases)} planned"
        )

    def _update_actions(self, reading: TimerReading, timer: MeetingTimer) -> None:
        if reading.running:
            self._set_start_text("&Pause", "Pause")
        elif reading.started:
            self._set_start_text("&Resume", "Resume")
        else:
            self._set_start_text("&Start meeting", "Start")
        self.start_action.setEnabled(True)
        self.previous_action.setEnabled(reading.index > 0)
        self.next_action.setEnabled(reading.index < timer.phase_count - 1)
        self.add_minute_action.setEnabled(reading.planned_seconds < MAX_PHASE_MINUTES * 60)
        self.restart_action.setEnabled(reading.elapsed_seconds > 0)
        self.plan_action.setEnabled(True)

    def _set_start_text(self, text: str, button_text: str) -> None:
        if self.start_action.text() == text:
            return
        self.start_action.setText(text)
        self.start_action.setIconText(button_text)
        self._set_tip(self.start_action, _START_TIPS[button_text])
        self.start_button.setAccessibleName(_plain(text))

    @staticmethod
    def _set_text(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)
