"""Shift times: move the selected events, or every event, by the same amount in one undo step.

An import in the wrong time zone, or a tool whose clock was minutes off, leaves a block of facts
shifted against the rest. The dialog says which events will move and how many, shows where the
earliest and the latest will land, and refuses (with the reason, before anything moves) a shift
whose result cannot be right: off the calendar, or later than now.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pmdesk.model import TimelineEvent
from pmdesk.operations import timeline as timeline_ops
from pmdesk.operations.edit import Refused
from pmdesk.timeline.times import format_time
from pmdesk.ui.timeline_model import TimeFormat
from pmdesk.ui.widgets import reserve_space

if TYPE_CHECKING:
    from pmdesk.views.timeline.host import TimelineHost

MAX_DAYS = 3660  # ten years: a log dated in the wrong year, with room to spare


def _events(count: int) -> str:
    return f"{count} event{'s' if count != 1 else ''}"


def _quoted(event: TimelineEvent, limit: int = 40) -> str:
    text = " ".join(event.text.split())
    return f"“{text[: limit - 1]}…”" if len(text) > limit else f"“{text}”" if text else ""


class ShiftDialog(QDialog):
    """Which events, which way and how far; where the first and the last will land."""

    def __init__(
        self,
        parent: QWidget,
        every: Sequence[TimelineEvent],
        selected: Sequence[TimelineEvent],
        fmt: TimeFormat,
        now: datetime,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Shift times")
        self.every, self.selected, self.fmt, self.now = list(every), list(selected), fmt, now
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_choice())
        layout.addLayout(self._build_amount())
        layout.addLayout(self._build_preview())
        self.problem = QLabel()
        self.problem.setObjectName("shiftProblem")
        self.problem.setProperty("check", "warn")
        self.problem.setWordWrap(True)
        reserve_space(self.problem, 3)  # the dialog keeps its size while the amount is typed
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Shift")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for spin in self.spins:
            spin.valueChanged.connect(self._update)
        self.direction.currentIndexChanged.connect(self._update)
        self.group.buttonToggled.connect(self._update)
        # Wide enough that the reason for a refusal reads in three lines at most.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 62)
        self._update()
        self.hours.setFocus()
        self.hours.selectAll()

    # -- building -------------------------------------------------------------------------------
    def _build_choice(self) -> QWidget:
        """The selected events or all of them, each with its count; the selection when several
        are selected, else all (one selected row is only where the cursor is)."""
        box = QWidget()
        row = QVBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        count = len(self.selected)
        if count == 1:
            one = self.selected[0]
            said = f"{self.fmt.show(one.at)} {_quoted(one)}".replace("&", "&&")
            text = f"&The selected event: {said}"
        else:
            text = f"&The {count} selected events"
        self.selected_choice = QRadioButton(text)
        self.all_choice = QRadioButton(f"&All {_events(len(self.every))}")
        self.selected_choice.setEnabled(0 < count < len(self.every))
        self.group = QButtonGroup(self)
        for button in (self.selected_choice, self.all_choice):
            self.group.addButton(button)
            row.addWidget(button)
        (self.selected_choice if 1 < count < len(self.every) else self.all_choice).setChecked(True)
        return box

    def _build_amount(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.direction = QComboBox()
        self.direction.setAccessibleName("Which way")
        self.direction.addItem("Later", 1)
        self.direction.addItem("Earlier", -1)
        self.days = self._spin(MAX_DAYS, " d", "Days")
        self.hours = self._spin(23, " h", "Hours")
        self.minutes = self._spin(59, " min", "Minutes")
        self.spins = (self.days, self.hours, self.minutes)
        label = QLabel("&Move")
        label.setBuddy(self.direction)
        row.addWidget(label)
        row.addWidget(self.direction)
        row.addWidget(QLabel("by"))
        for spin in self.spins:
            row.addWidget(spin)
        row.addStretch(1)
        return row

    @staticmethod
    def _spin(most: int, suffix: str, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, most)
        spin.setSuffix(suffix)
        spin.setAccessibleName(name)
        return spin

    def _build_preview(self) -> QGridLayout:
        grid = QGridLayout()
        self.preview: dict[str, QLabel] = {}
        for line, name in enumerate(("First", "Last")):
            title = QLabel(name)
            title.setObjectName("hint")
            value = QLabel()
            grid.addWidget(title, line, 0)
            grid.addWidget(value, line, 1)
            self.preview[name.lower()] = value
        grid.setColumnStretch(1, 1)
        return grid

    # -- reading it ---------------------------------------------------------------------------
    def amount(self) -> timedelta:
        """The shift, signed: later is positive."""
        size = timedelta(
            days=self.days.value(), hours=self.hours.value(), minutes=self.minutes.value()
        )
        return size * int(self.direction.currentData())

    def moving(self) -> list[TimelineEvent]:
        return self.selected if self.selected_choice.isChecked() else self.every

    def refusal(self) -> str | None:
        return timeline_ops.shift_refusal(self.moving(), self.amount(), self.now)

    def _update(self, *_args: object) -> None:
        by, moving = self.amount(), self.moving()
        problem = self.refusal()
        self.problem.setText(f"Cannot shift: {problem}." if problem else "")
        self.problem.setVisible(problem is not None)
        self.ok_button.setEnabled(bool(by) and bool(moving) and problem is None)
        self.ok_button.setText(f"&Shift {_events(len(moving))}")
        if not moving:
            return
        first = min(moving, key=lambda e: e.at)
        last = max(moving, key=lambda e: e.at)
        for name, event in (("first", first), ("last", last)):
            self.preview[name].setText(self._landing(event, by, problem is None))

    def _landing(self, event: TimelineEvent, by: timedelta, possible: bool) -> str:
        """'14:20 → 19:20', with the dates where the day changes."""
        if not by or not possible:
            return f"{self.fmt.show(event.at)} {_quoted(event)}"
        after = timeline_ops.moved(event.at, by)
        zone = self.fmt.zone
        dated = self.fmt.display.with_date or (
            (after.astimezone(zone) if zone else after).date()
            != (event.at.astimezone(zone) if zone else event.at).date()
        )
        seconds = self.fmt.display.with_seconds

        def show(at: datetime) -> str:
            return format_time(at, with_date=dated, with_seconds=seconds, tz=zone)

        return f"{show(event.at)} → {show(after)} {_quoted(event)}"


# What a shift's undo step carries: the events to select when it is undone or redone.
SHIFTED = "shifted_events"


class ShiftTimes:
    """Opens the dialog for the panel's selection and applies what it says, as one undo step;
    its undo and redo bring the same events back into sight, selected, as the shift did."""

    def __init__(self, panel: TimelineHost, events: Callable[[], list[TimelineEvent]]) -> None:
        self.panel = panel
        self.session = panel.session
        self.events = events
        self.dialog: ShiftDialog | None = None
        stack = self.session.undo_stack
        self._index = stack.index()
        stack.indexChanged.connect(self._on_step)

    def open(self) -> ShiftDialog | None:
        """The dialog, window-modal and never blocking; None when there is nothing to shift."""
        every = self.events()
        if self.session.doc is None or not every:
            return None
        self.session.flush_edits()
        model = self.panel.model
        selected = [model.event_at(row) for row in self.panel.selected_rows()]
        dialog = ShiftDialog(self.panel.table, every, selected, model.format, self.panel.clock())
        dialog.accepted.connect(lambda: self._apply(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _apply(self, dialog: ShiftDialog) -> None:
        doc = self.session.doc
        if doc is None:
            return
        current = self.panel.current_event()
        chosen = [e.id for e in (self.panel.model.event_at(r) for r in self.panel.selected_rows())]
        try:
            edit = timeline_ops.shift_events(
                doc, [e.id for e in dialog.moving()], dialog.amount(), now=self.panel.clock()
            )
        except Refused as exc:  # the timeline changed under the dialog (a colleague's save)
            self.panel.show_notice(f"No time was shifted: {exc}.")
            return
        # The same events stay selected, the current one first, wherever they moved to.
        if current is not None and current.id in chosen:
            chosen.remove(current.id)
            chosen.insert(0, current.id)
        stack = self.session.undo_stack
        if self.session.apply(edit):
            setattr(stack.command(stack.index() - 1), SHIFTED, chosen)
        self.panel.select_events(chosen)
        self.panel.table.setFocus()
        self._say_shifted(edit.label)

    def _say_shifted(self, label: str) -> None:
        done = label.replace("Shift", "Shifted", 1)
        self.panel.statusMessage.emit(f"{done}. Undo (Ctrl+Z) puts them back.")

    def _on_step(self, index: int) -> None:
        """Undo (or redo) of a shift: its events are where they were, perhaps far from the rows
        in sight; select them and scroll to the current one, as the shift itself does."""
        before, self._index = self._index, index
        stack = self.session.undo_stack
        if not shiboken6.isValid(stack):
            return  # the stack clearing itself as the window goes
        if index == before - 1:
            command = stack.command(index)  # undone
        elif index == before + 1:
            command = stack.command(before)  # redone, or just pushed
        else:
            return  # cleared, or several steps at once (the undo view)
        chosen = getattr(command, SHIFTED, None)
        if not chosen:
            return
        self.panel.select_events(chosen)
        # The status line still said "Shifted … Undo puts them back" after the undo.
        if index < before:
            self.panel.statusMessage.emit(f"Undone: {command.text()}. Their times are back.")
        else:
            self._say_shifted(command.text())
