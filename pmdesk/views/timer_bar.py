"""The phase timer bar: what the facilitator and everyone on the shared screen look at.

It renders `MeetingTimer.read()` and nothing else, so the label, the colour and the progress bars
always agree and time is never counted in ticks. The bar holds no data of its own: the timer is
rebuilt from the document whenever the document's plan or timer changes from outside (open,
undo, redo), and the timer's state is written back into the document on every control action and
every few seconds while it runs. Those writes are the `record_timer` operation applied straight
to the document, not pushed on the undo stack: pausing a meeting is not an edit a facilitator
wants to undo. What the bar shows, and how a reading is drawn, is `TimerFace`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QWidget,
)

from pmdesk.document import Change
from pmdesk.meeting import (
    MeetingTimer,
    PlanError,
    default_plan,
    utc_now,
)
from pmdesk.operations.overview import record_timer
from pmdesk.ui import settings
from pmdesk.ui.session import DocumentSession
from pmdesk.views.meeting_keys import meeting_shortcut
from pmdesk.views.timer_face import START_TIPS, TimerFace

# Repaint four times a second: enough for a clock showing seconds, cheap when nothing changes.
TICK_MS = 250
# While running, the timer's state is written into the document this often (seconds).
SAVE_EVERY_S = 10.0


class TimerBar(TimerFace):
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
            self.start_action: START_TIPS["Start"],
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
