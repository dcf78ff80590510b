"""The top of the share window: the title, the phase beside its clock, the steps of the plan and
the phase's progress. It follows the timer bar's readings; it holds no data of its own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout

from pmdesk.meeting import MeetingTimer, TimerReading, phase_name
from pmdesk.views.share.widgets import (
    label,
    set_margins,
    set_spacing,
    set_state,
    set_text,
    wrapping_policy,
)

PROGRESS_STEPS = 1000


class ShareHeader(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("shareHeader")
        self.plan_keys: list[str] = []
        self.short = False  # the row of steps left out (set_short)
        self._steps_height = 0  # what the row of steps adds to the header, last shown
        self.title_label = label("shareTitle")
        self.title_label.setAccessibleName("Postmortem")
        self.phase_label = label("sharePhase", wrap=False)
        self.phase_label.setAccessibleName("Current phase")
        self.next_label = label("shareMuted", wrap=False)
        self.steps_row = QHBoxLayout()
        set_spacing(self.steps_row, 8)
        self.steps: list[QLabel] = []
        self.clock_label = label("shareClock", "--:--", wrap=False)
        self.clock_label.setAccessibleName("Time left in this phase")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.progress = QProgressBar()
        self.progress.setObjectName("shareProgress")
        self.progress.setAccessibleName("Progress through this phase")
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setTextVisible(False)

        for text in (self.phase_label, self.next_label):
            # A long phase name wraps rather than pushing the clock off a 1280 px screen.
            text.setWordWrap(True)
            text.setSizePolicy(wrapping_policy())
        # The title across the whole width, then the phase beside the clock: at 150% zoom on a
        # 1280 px screen each still fits on one line.
        left = QVBoxLayout()
        set_spacing(left, 2)
        left.addStretch(1)
        left.addWidget(self.phase_label)
        left.addWidget(self.next_label)
        left.addStretch(1)
        top = QHBoxLayout()
        set_spacing(top, 20)
        top.addLayout(left, 1)
        top.addWidget(self.clock_label)
        box = QVBoxLayout(self)
        set_margins(box, 28, 8, 28, 12)
        set_spacing(box, 4)
        box.addWidget(self.title_label)
        box.addLayout(top)
        box.addLayout(self.steps_row)
        box.addWidget(self.progress)

    def show_plan(self, keys: list[str]) -> None:
        """One step per phase of the plan, rebuilt only when the plan changes."""
        if keys == self.plan_keys:
            return
        self.plan_keys = keys
        while self.steps_row.count():
            item = self.steps_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.steps = []
        for number, key in enumerate(keys, start=1):
            name = phase_name(key)
            step = label("shareStep", name)
            step.setAccessibleName(f"Phase {number}")
            step.setAlignment(Qt.AlignmentFlag.AlignCenter)
            # Shares of the width in proportion to the names, so the row always fits; a
            # name that still does not fit (large zoom) wraps onto a second line, whole.
            step.setSizePolicy(wrapping_policy())
            step.setVisible(not self.short)
            self.steps.append(step)
            self.steps_row.addWidget(step, len(name) + 4)

    def set_short(self, short: bool, width: int) -> None:
        """On a short window, no row of steps: the line under the phase says where the meeting
        is ("Phase 4 of 5 · Next: ..."), and the page keeps the height."""
        if short == self.short:
            return
        if short:
            self._steps_height = self.heightForWidth(width)
        for step in self.steps:
            step.setVisible(not short)
        # The row's own sizes are kept until its layout is told (hidden steps tell the header's
        # layout only): without this the height below would be the one before.
        self.steps_row.invalidate()
        self.short = short
        if short:
            self._steps_height -= self.heightForWidth(width)

    def full_height(self, width: int) -> int:
        """The header's height at `width` with its row of steps."""
        return self.heightForWidth(width) + (self._steps_height if self.short else 0)

    def clear(self) -> None:
        """No meeting to follow."""
        set_text(self.phase_label, "")
        set_text(self.next_label, "")
        set_text(self.clock_label, "--:--")
        self.progress.setValue(0)
        set_state(self.clock_label, "state", "")
        for step in self.steps:
            set_state(step, "state", "")

    def show_reading(self, reading: TimerReading, timer: MeetingTimer) -> None:
        """The phase, its clock and progress, and where it stands in the plan."""
        set_text(self.phase_label, reading.phase_name)
        self.phase_label.setAccessibleDescription(
            f"Phase {reading.index + 1} of {timer.phase_count}"
        )
        set_text(self.clock_label, reading.clock_text)
        state = "over" if reading.overtime else "warning" if reading.warning else ""
        set_state(self.clock_label, "state", state)
        set_state(self.progress, "state", state)
        # Words next to the colours: the clock's state is never told by colour alone.
        following = f"Next: {reading.next_phase_name}" if reading.next_phase_name else "Last phase"
        where = f"Phase {reading.index + 1} of {timer.phase_count}"
        parts = (where, _clock_status(reading), following)
        set_text(self.next_label, "  ·  ".join(p for p in parts if p))
        value = round(reading.phase_progress * PROGRESS_STEPS)
        if self.progress.value() != value:
            self.progress.setValue(value)
        for number, step in enumerate(self.steps):
            step_state = (
                "current" if number == reading.index else "done" if number < reading.index else ""
            )
            set_state(step, "state", step_state)


def _clock_status(reading: TimerReading) -> str:
    if not reading.started:
        return "Clock not started"
    if not reading.running:
        return "Clock paused"
    if reading.overtime:
        return "Over time"
    if reading.warning:
        return "Last minute"
    return ""
