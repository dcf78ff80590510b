"""The file import preview: what a file will add to the timeline, before anything is added.

For a whole Slack export it also lists the channels with their message counts and the time
window, and the list of events follows every change. Returned contribution sheets that tell the
same event at different times are settled here, one choice per conflict: keep the time already
known, take the contributor's, or keep both. A file that cannot be read shows why, and the
facilitator can only cancel: nothing is ever half imported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pmdesk.model import TimelineEvent
from pmdesk.timeline.contributions import Conflict
from pmdesk.timeline.merge import split_new
from pmdesk.timeline.reading import ImportFailed
from pmdesk.timeline.slack import SlackChannel
from pmdesk.timeline.times import TimeParseError, format_time, parse_time
from pmdesk.ui.screen import fit_to_screen
from pmdesk.views.paste_preview import _RowsModel, _table

Window = tuple[datetime | None, datetime | None]
# (chosen channels, time window, when the recording started) -> the events the file holds
Load = Callable[[Sequence[str] | None, Window, datetime | None], list[TimelineEvent]]
# An existing event's id and the time the facilitator chose for it.
Move = tuple[str, datetime]
KEEP, USE_TOLD, BOTH = "keep", "use", "both"


class ImportPreviewDialog(QDialog):
    """Lists the events a file import will add; OK adds them, Cancel adds nothing."""

    def __init__(
        self,
        name: str,
        load: Load,
        show_time: Callable[[datetime], str],
        *,
        existing: Sequence[TimelineEvent] = (),
        channels: Sequence[SlackChannel] = (),
        window: Window = (None, None),
        ask_start: bool = False,
        notes: Sequence[str] = (),
        conflicts: Sequence[Conflict] = (),
        skipped: dict[str, int] | None = None,
        day: date | None = None,
        tz: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.load, self.show_time, self.tz = load, show_time, tz
        self.time_window = window
        self.existing = existing
        self.fixed_notes = list(notes)
        # Filled by `load` with what the file holds but the import leaves out on purpose.
        self.skipped = skipped if skipped is not None else {}
        self.events: list[TimelineEvent] = []
        self.known: list[TimelineEvent] = []
        self.conflicts = list(conflicts)
        self.conflict_choices: list[QComboBox] = []
        self._failed = False
        self.setWindowTitle(f"Import timeline events from {name}")
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("sectionTitle")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.channel_list = QListWidget()
        self.channel_list.setAccessibleName("Channels to import")
        self.from_edit, self.to_edit = QLineEdit(), QLineEdit()
        if channels:
            layout.addLayout(self._export_choices(channels))
        self.start_edit = QLineEdit()
        if ask_start:
            start_form = QFormLayout()
            self.start_edit.setPlaceholderText("for example 14:38 or 2026-04-15 14:38")
            self.start_edit.setToolTip(
                "A transcript times what was said from the start of the recording"
            )
            self.start_edit.editingFinished.connect(self.refresh)
            start_form.addRow("Recording &started at", self.start_edit)
            layout.addLayout(start_form)
        self.day = day
        self.notes = QLabel("\n".join(notes))
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.setVisible(bool(notes))
        layout.addWidget(self.notes)
        if self.conflicts:
            layout.addWidget(self._conflict_area())
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setProperty("check", "warn")
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.problem)
        self.events_model = _RowsModel(["Time", "What happened", "Source"], [], self)
        self.events_view = _table(self.events_model, stretch=1)
        self.events_view.setAccessibleName("Events to add")
        layout.addWidget(self.events_view, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.refresh()
        # On the screen whole, its buttons in sight: at 150% on 720 px it went below the screen.
        fit_to_screen(self, parent)

    def _export_choices(self, channels: Sequence[SlackChannel]) -> QHBoxLayout:
        row = QHBoxLayout()
        for channel in channels:
            noun = "message" if channel.messages == 1 else "messages"
            item = QListWidgetItem(f"#{channel.name}  ({channel.messages} {noun})")
            item.setData(Qt.ItemDataRole.UserRole, channel.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.channel_list.addItem(item)
        self.channel_list.setMaximumHeight(140)
        self.channel_list.itemChanged.connect(lambda _item: self.refresh())
        form = QFormLayout()
        for edit, value, label in (
            (self.from_edit, self.time_window[0], "&From"),
            (self.to_edit, self.time_window[1], "&To"),
        ):
            if value is not None:
                edit.setText(format_time(value, with_date=True, with_seconds=False, tz=self.tz))
            edit.setPlaceholderText("no limit")
            edit.setToolTip("Only messages inside this window are imported")
            edit.editingFinished.connect(self.refresh)
            form.addRow(label, edit)
        hint = QLabel(
            "An hour either side of the incident, unless you change it."
            if self.time_window != (None, None)
            else "Set the incident's start and resolution to narrow this by default."
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        channels_box = QVBoxLayout()
        channels_box.addWidget(QLabel("Channels:"))
        channels_box.addWidget(self.channel_list)
        row.addLayout(channels_box, 2)
        row.addLayout(form, 1)
        return row

    def _conflict_area(self) -> QWidget:
        """The conflicts, scrolling on their own when many, so the events stay in sight."""
        inner = QWidget()
        inner.setLayout(self._conflict_choices())
        area = QScrollArea()
        area.setWidget(inner)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setMaximumHeight(min(inner.sizeHint().height() + 4, 220))
        return area

    def _conflict_choices(self) -> QGridLayout:
        """One row per conflict: what was told, and a choice of which time to keep."""
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        title = QLabel("To settle: the same event at different times")
        title.setObjectName("sectionTitle")
        grid.addWidget(title, 0, 0, 1, 2)
        for row, conflict in enumerate(self.conflicts, start=1):
            known, told = conflict.timeline, conflict.told
            was, now = self._short(known.at), self._short(told.at)
            text = QLabel(
                f"\u201c{told.text}\u201d: {conflict.known_by} has {was}, "
                f"{told.added_by or told.source} has {now}"
            )
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            choice = QComboBox()
            choice.setAccessibleName(f"Settle: {told.text}")
            choice.addItem(f"Keep {was} ({conflict.known_by})", KEEP)
            choice.addItem(f"Use {now} ({told.added_by or told.source})", USE_TOLD)
            choice.addItem("Keep both times as two events", BOTH)
            choice.currentIndexChanged.connect(lambda _i: self._show_events())
            text.setBuddy(choice)
            grid.addWidget(text, row, 0)
            grid.addWidget(choice, row, 1)
            self.conflict_choices.append(choice)
        grid.setColumnStretch(0, 1)
        return grid

    def _short(self, at: datetime) -> str:
        return format_time(at, with_date=False, with_seconds=False, tz=self.tz)

    def settled(self) -> tuple[list[TimelineEvent], list[Move]]:
        """The events to add and the existing events' new times, after the conflict choices."""
        if self._failed:
            return [], []
        events = list(self.events)
        moves: list[Move] = []
        for conflict, choice in zip(self.conflicts, self.conflict_choices, strict=True):
            decision = choice.currentData()
            if decision == BOTH:
                events.append(conflict.told)
            elif decision == USE_TOLD:
                known = conflict.timeline
                at = conflict.told.at
                if any(known is e for e in events):  # told by another sheet: not added yet
                    events = [dataclasses.replace(e, at=at) if e is known else e for e in events]
                else:
                    moves.append((known.id, at))
        return sorted(events, key=lambda e: e.at), moves

    def chosen_channels(self) -> list[str]:
        return [
            str(self.channel_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.channel_list.count())
            if self.channel_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _read_window(self) -> Window:
        window: list[datetime | None] = []
        for edit in (self.from_edit, self.to_edit):
            text = edit.text().strip()
            window.append(parse_time(text, tz=self.tz) if text else None)
        return window[0], window[1]

    def refresh(self) -> None:
        """Read the file again with the current choices and show what it would add."""
        self.events, self.known = [], []
        self._failed = False
        problem = ""
        try:
            channels: list[str] | None = None
            if self.channel_list.count():
                channels = self.chosen_channels()
                if not channels:
                    raise ImportFailed("", "choose at least one channel")
                self.time_window = self._read_window()
            starts_at = None
            if self.start_edit.text().strip():
                starts_at = parse_time(self.start_edit.text(), day=self.day, tz=self.tz)
            self.skipped.clear()
            found = self.load(channels, self.time_window, starts_at)
            self.events, self.known = split_new(self.existing, found)
        except TimeParseError as error:
            problem = f"A time you typed cannot be read: {error}"
        except ImportFailed as error:
            problem = str(error) if str(error.path) not in ("", ".") else error.reason
        self._failed = bool(problem)
        self.problem.setText(problem + ("\nNothing will be added." if problem else ""))
        self.problem.setVisible(bool(problem))
        self._show_events()

    def _show_events(self) -> None:
        events, moves = ([], []) if self._failed else self.settled()
        rows = [
            (self.show_time(e.at), e.text, f"{e.source}, {e.added_by}" if e.added_by else e.source)
            for e in events
        ]
        self.events_model.beginResetModel()
        self.events_model.rows = rows
        self.events_model.endResetModel()
        for column in (0, 2):  # the times and sources arrive only now
            self.events_view.resizeColumnToContents(column)
        count = len(events)
        noun = f"event{'s' if count != 1 else ''}"
        summary = f"{count} {noun} will be added to the timeline." if count else "Nothing to add."
        if moves:
            summary += (
                f" {len(moves)} time{'s' if len(moves) != 1 else ''} in the timeline will change."
            )
        if self.known:
            known = len(self.known)
            summary += (
                f" {known} {'is' if known == 1 else 'are'} already in the timeline and will not"
                " be added again."
            )
        self.summary.setText(summary)
        left_out = [f"Skipped {n}: {reason}." for reason, n in self.skipped.items()]
        self.notes.setText("\n".join([*self.fixed_notes, *left_out]))
        self.notes.setVisible(bool(self.fixed_notes or left_out))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        changes = f"change {len(moves)} time{'s' if len(moves) != 1 else ''}"
        if count and moves:
            ok.setText(f"Add {count} {noun}, {changes}")
        else:
            ok.setText(f"Add {count} {noun}" if count or not moves else changes.capitalize())
        ok.setEnabled(bool(count or moves))
