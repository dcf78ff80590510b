"""What the timer bar shows: its labels, progress bars and buttons, how they fit a short window,
and how one reading of the timer is drawn on them. `TimerBar` adds the behaviour: the document,
the controls and the ticking.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.meeting import MAX_PHASE_MINUTES, MeetingTimer, TimerReading, plan_total
from pmdesk.ui.theme import SIZES
from pmdesk.ui.widgets import restyle

_PROGRESS_STEPS = 1000
# A window shorter than this many lines of body text gets the compact bar: at 1280 x 720 that is
# a zoom of 125% or more, where the full bar would take a third of the height from the tables.
COMPACT_BELOW_LINES = 36
# Room between the bar's parts, between its buttons, and around it (left, top, right, bottom).
_GAP = 14
_BUTTON_GAP = 6
_FULL_MARGINS = (16, 8, 16, 10)
_COMPACT_MARGINS = (12, 4, 12, 5)
# The phase's name keeps at least this much of the bar (a longer one is cut short with "…"),
# and on the narrowest compact bar at least the second.
_PHASE_MIN = 160
_PHASE_LEAST = 90
# What comes next keeps this much beside the meeting's total, or the total is left out.
_NEXT_MIN = 150
# The clock's size in the compact bar, as a share of its full size (theme: timer_compact, timer).
_COMPACT_CLOCK, _FULL_CLOCK = SIZES["timer_compact"], SIZES["timer"]


class _Form(NamedTuple):
    """One form of the compact bar: the buttons it shows, whether the word under "left"
    ("Paused", "Press F5 to start") shows, and the least room for the phase's name."""

    buttons: list[QToolButton]
    note: bool
    phase: int


START_TIPS = {
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
    restyle(widget)


class ElidedLabel(QLabel):
    """One line that ends in "…" when the room is too short, rather than being cut mid-letter."""

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        room = self.contentsRect()
        metrics = self.fontMetrics()
        text = self.text()
        if metrics.horizontalAdvance(text) <= room.width():
            super().paintEvent(event)
            return
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room.width())
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            room,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )


class TimerFace(QFrame):
    """The bar's widgets; the actions they show are made by `TimerBar` before they are built."""

    start_action: QAction
    previous_action: QAction
    next_action: QAction
    add_minute_action: QAction
    restart_action: QAction
    plan_action: QAction
    follow_action: QAction
    _watched: QWidget | None  # the window whose height decides the compact bar
    compact: bool
    _note_room = True  # the compact bar has room for the word under "left"

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
        self.phase_label = ElidedLabel(self)
        self.phase_label.setObjectName("timerPhase")
        self.phase_label.setAccessibleName("Current phase")
        self.next_label = ElidedLabel(self)
        self.next_label.setObjectName("timerNext")
        self.next_label.setAccessibleName("Next phase")
        self.meeting_label = QLabel(self)
        self.meeting_label.setObjectName("timerMeeting")
        self.meeting_label.setAccessibleName("Meeting time used")
        for elided in (self.phase_label, self.next_label):
            # A long phase name is cut rather than pushing the clock off a narrow window.
            elided.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.phase_label.setMinimumWidth(_PHASE_MIN)

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

        labels: tuple[QLabel, ...] = (
            self.phase_label,
            self.next_label,
            self.meeting_label,
            self.clock_label,
            self.left_label,
            self.over_label,
            self.note_label,
        )
        for label in labels:
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

        On a short or narrow window (compact) the buttons move up between the phase and a
        smaller clock: the bar is one row over its progress bars, and the panels get the height.
        """
        self.phase_box = QVBoxLayout()
        self.phase_box.setSpacing(2)
        self.phase_box.addWidget(self.phase_label)
        # What comes next and the meeting's total on one line under the phase, so the row of
        # buttons stays short enough for a 1280 px screen at 150% zoom.
        under = QHBoxLayout()
        under.setSpacing(_GAP)
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

        self.top = top = QHBoxLayout()
        top.setSpacing(_GAP)
        top.addLayout(self.phase_box, 1)
        top.addWidget(self.clock_label)
        top.addLayout(status_box)

        self.controls = QWidget(self)
        controls = QHBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(_BUTTON_GAP)
        for button in self.buttons:
            controls.addWidget(button)
        controls.addStretch(1)

        # Never taller than its content: the panels below get the spare height.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.setContentsMargins(*_FULL_MARGINS)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.phase_progress)
        layout.addWidget(self.meeting_progress)
        layout.addWidget(self.controls)

    # -- fitting a short or narrow window ------------------------------------------------------
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

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()  # the library beside the bar came or went

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit()  # a new zoom changes how many lines the window holds

    def minimumSizeHint(self) -> QSize:  # Qt override
        """As narrow as the compact bar can become: the bar never makes the window wider."""
        hint = super().minimumSizeHint()
        return QSize(self._compact_width(self._forms()[-1], least=True), hint.height())

    def _forms(self) -> list[_Form]:
        """The compact bar's forms, fullest first. The least needed parts go first: Back (rare
        in a meeting), then the end of a long phase name, then +1 min, then the word under
        "left", then more of the phase name. Each stays in reach elsewhere: the Meeting menu and
        its keys, the guidance pane's title, the Start button's own word."""
        back, add = self.buttons[1], self.buttons[3]
        every = [button for button in self.buttons if button not in self._full_only]
        fewer = [button for button in every if button is not back]
        least = [button for button in fewer if button is not add]
        name = max(_PHASE_MIN, self.phase_label.sizeHint().width())
        return [
            _Form(every, True, name),
            _Form(fewer, True, name),
            _Form(fewer, True, _PHASE_MIN),
            _Form(least, True, _PHASE_MIN),
            _Form(least, False, _PHASE_MIN),
            _Form(least, False, _PHASE_LEAST),
        ]

    def _fit(self) -> None:
        if self._watched is None:
            return
        line = self.next_label.fontMetrics().height()
        short = self._watched.height() < COMPACT_BELOW_LINES * line
        width = self.width() if self.isVisible() else self._watched.width()
        if not short and self._full_width() <= width:
            self.set_compact(False)
            return
        self.set_compact(True)
        forms = self._forms()
        form = next((f for f in forms if self._compact_width(f) <= width), forms[-1])
        for button in self.buttons:
            button.setVisible(button in form.buttons)
        self._note_room = form.note
        self.note_label.setVisible(form.note and bool(self.note_label.text()))
        self.phase_label.setMinimumWidth(form.phase)
        self.meeting_label.setVisible(self._compact_width(form, total=True) <= width)

    def plan_button_shown(self) -> bool:
        return not self._full_only[-1].isHidden()

    def _words_width(self, note: bool = True) -> int:
        """The column beside the clock: "left" or "over", and the timer's word under it."""
        labels = [self.left_label, self.over_label]
        if note and self.note_label.text():
            labels.append(self.note_label)
        return max(label.sizeHint().width() for label in labels)

    def _full_width(self) -> int:
        """How wide the full bar is at the least: its row of buttons, or the phase and clock."""
        row = sum(button.sizeHint().width() for button in self.buttons)
        row += _BUTTON_GAP * (len(self.buttons) - 1)
        phase = max(_PHASE_MIN, self.meeting_label.sizeHint().width() + _GAP)
        side = self.clock_label.sizeHint().width() + self._words_width() + 2 * _GAP
        return max(phase + side, row) + _FULL_MARGINS[0] + _FULL_MARGINS[2]

    def _compact_width(self, form: _Form, *, total: bool = False, least: bool = False) -> int:
        """How wide the compact bar is at the least in this form (with the meeting's total)."""
        row = sum(button.sizeHint().width() for button in form.buttons)
        row += _BUTTON_GAP * (len(form.buttons) - 1)
        clock = self.clock_label.sizeHint().width()
        if least and not self.compact:
            # Not compact yet: the clock is drawn larger than it will be.
            clock = -(-clock * _COMPACT_CLOCK // _FULL_CLOCK)
        phase = form.phase
        if total:  # beside what comes next, which keeps some room of its own
            phase = max(phase, self.meeting_label.sizeHint().width() + _GAP + _NEXT_MIN)
        words = self._words_width(form.note)
        return phase + row + clock + words + 3 * _GAP + _COMPACT_MARGINS[0] + _COMPACT_MARGINS[2]

    def set_compact(self, compact: bool) -> None:
        """The buttons beside the clock (compact) or in a row of their own under the bars."""
        if compact == self.compact:
            return
        self.compact = compact
        for button in self.buttons:
            # Restart and Plan stay in the Meeting menu with their keys; the bar keeps the
            # buttons a meeting needs every minute.
            button.setVisible(not compact or button not in self._full_only)
        self.meeting_label.setVisible(True)
        self.phase_label.setMinimumWidth(_PHASE_MIN)
        self._note_room = True
        self.note_label.setVisible(bool(self.note_label.text()))  # empty while none is open
        if compact:
            self._layout.removeWidget(self.controls)
            self.top.insertWidget(1, self.controls)
            self._layout.setContentsMargins(*_COMPACT_MARGINS)
            self._layout.setSpacing(4)
        else:
            self.top.removeWidget(self.controls)
            self._layout.addWidget(self.controls)
            self._layout.setContentsMargins(*_FULL_MARGINS)
            self._layout.setSpacing(6)
        self.clock_label.setProperty("compact", compact)
        restyle(self.clock_label)
        self.updateGeometry()

    # -- drawing a reading ---------------------------------------------------------------------------
    def _show_closed(self) -> None:
        self._set_text(self.phase_label, "No postmortem open")
        self._set_text(self.next_label, "Open a postmortem to run its meeting")
        self._set_text(self.clock_label, "--:--")
        self._set_text(self.meeting_label, "")
        self.left_label.hide()
        self.over_label.hide()
        self._set_text(self.note_label, "")
        self.note_label.hide()
        for widget in (self, self.clock_label, self.phase_progress):
            _repolish(widget, "")
        self.phase_progress.setValue(0)
        self.meeting_progress.setValue(0)
        for action in self.actions()[:-1]:
            action.setEnabled(False)
        self._set_start_text("&Start meeting", "Start")

    def _show(self, reading: TimerReading, timer: MeetingTimer) -> None:
        phase = f"{reading.index + 1}/{timer.phase_count} {reading.phase_name}"
        if phase != self.phase_label.text():
            self.phase_label.setText(phase)
            if self.compact:
                self._fit()  # a longer name may take the room of a button
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
        if note != self.note_label.text():
            self.note_label.setText(note)
            if self.compact:
                self._fit()  # "Press … to start" takes more of the row than "Paused"
        self.note_label.setVisible(bool(note) and (self._note_room or not self.compact))
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
        self._set_tip(self.start_action, START_TIPS[button_text])
        self.start_button.setAccessibleName(_plain(text))

    @staticmethod
    def _set_text(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)
