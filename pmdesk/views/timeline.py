"""The Timeline panel: the incident's facts in time order, how long each phase took, and what the
room said about each event.

Getting facts in fast is the whole game before the meeting, so everything here is keyboard
first: Insert adds a row after the selected one, typing edits in place, Ctrl+V reads pasted log or
chat lines, and files from the alerting and chat tools import in one step. Every change is one
undo step through the session; the panel keeps no data of its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.document import Change, Document
from pmdesk.durations import compute_durations
from pmdesk.model import SOURCES, Marker, TimelineEvent, new_id
from pmdesk.operations import timeline as timeline_ops
from pmdesk.operations.edit import Edit
from pmdesk.timeline.load import detect_format, load_timeline_file
from pmdesk.timeline.paste import parse_paste
from pmdesk.timeline.reading import ImportFailed
from pmdesk.timeline.slack import SlackChannel, is_slack_export, slack_channels
from pmdesk.timeline.spreadsheet import csv_columns, guess_mapping
from pmdesk.timeline.times import format_time, time_display
from pmdesk.ui import settings
from pmdesk.ui.bindings import TextCommitter
from pmdesk.ui.item_model import row_runs
from pmdesk.ui.lint_editor import attach_language
from pmdesk.ui.session import DocumentSession
from pmdesk.ui.timeline_model import NO_MARKER_TEXT, TimeFormat, TimelineModel
from pmdesk.ui.widgets import least_height_for_width, reserve_space
from pmdesk.views.csv_mapping import CsvMappingDialog
from pmdesk.views.findings import FindingsStrip
from pmdesk.views.import_preview import ImportPreviewDialog
from pmdesk.views.paste_preview import PastePreviewDialog

Clock = Callable[[], datetime]
ONE_MINUTE = timedelta(minutes=1)
_MAX_SELECTED_RUNS = 100
_CTRL = Qt.KeyboardModifier.ControlModifier

# The three questions asked of each event in phase 2, and where the answers are kept.
PROMPTS: tuple[tuple[str, str, str, str], ...] = (
    (
        "seen",
        "What did you see?",
        "Dashboards, alerts, messages… Listen for “it looked normal”.",
        "Edit what was seen",
    ),
    (
        "believed",
        "What did you think was happening?",
        "Listen for “I assumed … because …” and “I didn't know … was connected to …”.",
        "Edit what was believed",
    ),
    (
        "done_next",
        "What did you do next?",
        "The next step taken, and what made it seem the right one.",
        "Edit what was done next",
    ),
)


def _local_now() -> datetime:
    return datetime.now().astimezone()


def _sheet_notes(sheet: timeline_ops.TimelineImport, tz: tzinfo | None) -> list[str]:
    """What merging returned sheets left out: folded duplicates and conflicts to settle."""
    notes = []
    if sheet.folded:
        notes.append(f"{len(sheet.folded)} already in the timeline (folded, not added).")
    for conflict in sheet.conflicts:
        told, was = (
            format_time(e.at, with_date=False, with_seconds=False, tz=tz)
            for e in (conflict.told, conflict.timeline)
        )
        notes.append(
            f"To settle (not added): {conflict.told.source} has "
            f"\u201c{conflict.told.text}\u201d at {told}; the timeline has it at {was}."
        )
    return notes


# --------------------------------------------------------------------------------------------
# Durations
# --------------------------------------------------------------------------------------------


class DurationsStrip(QWidget):
    """Time to detect / acknowledge / mitigate / resolve and the total, from the markers only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.tiles: list[tuple[QLabel, QLabel]] = []
        for _ in range(5):
            tile = QFrame()
            tile.setObjectName("card")
            tile_layout = QVBoxLayout(tile)
            tile_layout.setContentsMargins(10, 6, 10, 6)
            tile_layout.setSpacing(0)
            title = QLabel()
            title.setObjectName("hint")
            title.setWordWrap(True)  # lets the strip narrow with the window
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            tile_layout.addWidget(title)
            tile_layout.addWidget(value)
            tile_layout.addStretch(1)
            layout.addWidget(tile, 1)
            self.tiles.append((title, value))
        self.refresh([], TimeFormat(time_display([]), None, None))

    def refresh(self, events: list[TimelineEvent], fmt: TimeFormat) -> None:
        for (title, value), measure in zip(self.tiles, compute_durations(events), strict=True):
            title.setText(measure.label)
            value.setText(measure.text)
            value.setObjectName("sectionTitle" if measure.value is not None else "hint")
            value.setProperty("missing", measure.value is None)
            value.style().unpolish(value)
            value.style().polish(value)
            tip = ""
            if measure.start is not None and measure.end is not None:
                tip = f"From {fmt.show(measure.start)} to {fmt.show(measure.end)}"
            elif measure.value is None:
                tip = "Mark events in the Marker column; durations are never guessed"
            value.setToolTip(tip)
            title.setToolTip(tip)

    def texts(self) -> list[str]:
        """What each tile says, for a quick look in tests and the share window."""
        return [f"{title.text()}: {value.text()}" for title, value in self.tiles]


# --------------------------------------------------------------------------------------------
# Cell editors
# --------------------------------------------------------------------------------------------


class _Delegate(QStyledItemDelegate):
    """Common to every column: Ctrl+Enter commits the cell and asks for the next row."""

    addNextRequested = Signal()

    def __init__(self, panel: TimelinePanel) -> None:
        super().__init__(panel.table)
        self.panel = panel

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # Qt override
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
            and event.modifiers() & _CTRL  # type: ignore[attr-defined]
            and isinstance(editor, QWidget)
        ):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.addNextRequested.emit()
            return True
        return super().eventFilter(editor, event)

    def start_text(self, index: QModelIndex) -> tuple[str, str | None]:
        """The editor's first text: what was refused last time, or the model's value."""
        refused = self.panel.refused_text(index)
        if refused is not None:
            return refused
        value = index.data(Qt.ItemDataRole.EditRole)
        return ("" if value is None else str(value)), None


class LineDelegate(_Delegate):
    """A one-line editor (time, text) that comes back with refused text still in it."""

    def __init__(self, panel: TimelinePanel, placeholder: str = "") -> None:
        super().__init__(panel)
        self.placeholder = placeholder

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]  # Qt override
        editor = QLineEdit(parent)
        editor.setPlaceholderText(self.placeholder)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor, index):  # type: ignore[no-untyped-def]  # Qt override
        text, problem = self.start_text(index)
        editor.setText(text)
        editor.setProperty("invalid", problem is not None)
        editor.setToolTip(problem or self.placeholder)

    def setModelData(self, editor, model, index):  # type: ignore[no-untyped-def]  # Qt override
        if model.setData(index, editor.text(), Qt.ItemDataRole.EditRole):
            self.panel.clear_refusal()
            # A new time may have moved the row: keep it in sight.
            self.panel.table.scrollTo(self.panel.table.currentIndex())


class SourceDelegate(_Delegate):
    """The known sources in a list, and any other word typed in."""

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]  # Qt override
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(list(SOURCES))
        combo.setToolTip("Where the fact came from: pick one or type any word")
        return combo

    def setEditorData(self, editor, index):  # type: ignore[no-untyped-def]  # Qt override
        text, problem = self.start_text(index)
        editor.setCurrentText(text)
        editor.lineEdit().setProperty("invalid", problem is not None)

    def setModelData(self, editor, model, index):  # type: ignore[no-untyped-def]  # Qt override
        if model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole):
            self.panel.clear_refusal()


class MarkerDelegate(_Delegate):
    """None, or one of the milestones the durations are measured between."""

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]  # Qt override
        combo = QComboBox(parent)
        combo.addItem(f"{NO_MARKER_TEXT} none", "")
        for marker in Marker:
            combo.addItem(marker.label, marker.value)
        return combo

    def setEditorData(self, editor, index):  # type: ignore[no-untyped-def]  # Qt override
        marker = index.data(Qt.ItemDataRole.EditRole)  # a Marker arrives as its str value
        editor.setCurrentIndex(max(0, editor.findData(str(marker) if marker else "")))

    def setModelData(self, editor, model, index):  # type: ignore[no-untyped-def]  # Qt override
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


# --------------------------------------------------------------------------------------------
# The panel
# --------------------------------------------------------------------------------------------


class TimelinePanel(QWidget):
    statusMessage = Signal(str)
    # The event under discussion (the table's current row): its id, or None. The share window
    # highlights it.
    currentEventChanged = Signal(object)

    def __init__(
        self,
        session: DocumentSession,
        parent: QWidget | None = None,
        *,
        clock: Clock = _local_now,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self._event_id: str | None = None
        # A refused edit: (event id, column, typed text, message).
        self._refused: tuple[str, int, str, str] | None = None
        self.model = TimelineModel(session, self)
        self.model.on_refused = self._on_refused

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        self.durations = DurationsStrip()
        layout.addWidget(self.durations)

        # -- the table ------------------------------------------------------------------------
        self.table = QTableView()
        self.main_editor = self.table
        self.table.setAccessibleName("Timeline")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setCornerButtonEnabled(False)
        self.table.setTabKeyNavigation(True)
        self.table.setStyleSheet("QTableView::item { padding: 0 6px; }")
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TimelineModel.TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(TimelineModel.RELATIVE, True)
        # Sizes follow the font, which the stylesheet (theme, zoom) sets after construction.
        self.table.installEventFilter(self)

        self.time_delegate = LineDelegate(self, "14:32, 2:32 pm, 2026-04-15 14:32 or +5m")
        self.text_delegate = LineDelegate(self, "What happened, as a plain fact")
        self.source_delegate = SourceDelegate(self)
        self.marker_delegate = MarkerDelegate(self)
        for column, delegate in (
            (TimelineModel.TIME, self.time_delegate),
            (TimelineModel.TEXT, self.text_delegate),
            (TimelineModel.SOURCE, self.source_delegate),
            (TimelineModel.MARKER, self.marker_delegate),
        ):
            self.table.setItemDelegateForColumn(column, delegate)
            delegate.addNextRequested.connect(self._add_after_edit)
            delegate.closeEditor.connect(self._on_editor_closed)

        self.error_label = QLabel()
        self.error_label.setObjectName("timelineError")
        self.error_label.setProperty("check", "warn")
        self.error_label.setWordWrap(True)
        reserve_space(self.error_label)  # an error never moves the rows below the table
        self.error_label.hide()

        self.empty_hint = QLabel(
            "No events yet. Press Insert to add one, paste lines copied from a log or a chat "
            "(Ctrl+V), or import an export from your alerting or chat tool."
        )
        self.empty_hint.setObjectName("hint")
        self.empty_hint.setWordWrap(True)

        # -- actions (shortcuts while the table has focus; buttons for the mouse) -------------
        self.add_action = self._action(
            "&Add event",
            self.add_event,
            [
                QKeySequence(Qt.Key.Key_Insert),
                QKeySequence("Ctrl+Return"),
                QKeySequence("Ctrl+Enter"),
            ],
            "Add an event one minute after the selected one (Insert or Ctrl+Enter)",
        )
        self.duplicate_action = self._action(
            "D&uplicate",
            self.duplicate_selected,
            [QKeySequence("Ctrl+D")],
            "Duplicate the selected events (Ctrl+D)",
        )
        self.delete_action = self._action(
            "&Delete",
            self.delete_selected,
            [QKeySequence(QKeySequence.StandardKey.Delete)],
            "Delete the selected events (Delete)",
        )
        self.paste_action = self._action(
            "&Paste events…",
            self.paste_from_clipboard,
            [QKeySequence(QKeySequence.StandardKey.Paste)],
            "Read events from lines copied from a log, a chat or a document (Ctrl+V)",
        )
        self.copy_action = self._action(
            "&Copy as text",
            self.copy_selected,
            [QKeySequence(QKeySequence.StandardKey.Copy)],
            "Copy the selected events as lines of text, one per event (Ctrl+C)",
        )
        self.import_action = QAction("&Import file…", self)
        self.import_action.setToolTip(
            "Import a CSV or TSV, a JSON list, a Slack export, PagerDuty, Opsgenie, Alertmanager or "
            "Statuspage logs, a transcript or Zoom chat, or returned contribution sheets"
        )
        self.import_action.triggered.connect(lambda _checked=False: self.choose_and_import())
        # Markers from the keyboard (Alt+1 ... Alt+7, Alt+0 for none) and the context menu.
        self.marker_menu = QMenu("Mar&k as", self.table)
        self.marker_actions: dict[Marker | None, QAction] = {}
        for number, marker in enumerate([*Marker, None], start=1):
            key = number if marker is not None else 0
            name = marker.label if marker is not None else "No marker"
            action = self._action(
                name,
                partial(self.set_marker, marker),
                [QKeySequence(f"Alt+{key}")],
                f"Mark the selected events: {name.lower()} (Alt+{key})",
            )
            self.marker_menu.addAction(action)
            self.marker_actions[marker] = action
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_context_menu)

        # One row of tools: the panel fits a 1280 px screen at 125% zoom with the library folded.
        tools = QHBoxLayout()
        tools.setSpacing(6)
        self.buttons: dict[str, QToolButton] = {}
        for key, action in (
            ("add", self.add_action),
            ("duplicate", self.duplicate_action),
            ("delete", self.delete_action),
            ("paste", self.paste_action),
            ("import", self.import_action),
        ):
            # Short words on the buttons (the tooltips say more): they keep the "…".
            short = {"paste": "Paste…", "import": "Import…"}
            action.setIconText(short.get(key, action.text().replace("&", "")))
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            tools.addWidget(button)
            self.buttons[key] = button
        tools.addStretch(1)
        self.zone_label = QLabel()
        self.zone_label.setObjectName("hint")
        tools.addWidget(self.zone_label)
        self.relative_box = QCheckBox("Since &start")
        self.relative_box.setToolTip("Show a column with the time since the first event")
        self.relative_box.toggled.connect(
            lambda on: self.table.setColumnHidden(TimelineModel.RELATIVE, not on)
        )
        tools.addWidget(self.relative_box)
        layout.addLayout(tools)

        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.setSpacing(4)
        table_layout.addWidget(self.empty_hint)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.error_label)

        # -- discussion of the selected event ----------------------------------------------------
        discussion = QFrame()
        discussion.setObjectName("card")
        grid = QGridLayout(discussion)
        grid.setContentsMargins(12, 8, 12, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.discussion_title = QLabel()
        self.discussion_title.setObjectName("sectionTitle")
        self.discussion_title.setTextFormat(Qt.TextFormat.PlainText)
        self.discussion_title.setWordWrap(True)
        grid.addWidget(self.discussion_title, 0, 0, 1, len(PROMPTS))
        self.committers: dict[str, TextCommitter] = {}
        self.discussion_edits: dict[str, QPlainTextEdit] = {}
        for column, (field, prompt, placeholder, label) in enumerate(PROMPTS):
            editor = QPlainTextEdit()
            editor.setAccessibleName(prompt)
            editor.setPlaceholderText(placeholder)
            editor.setTabChangesFocus(True)
            # Two lines at least, in the editor's own font (it follows zoom).
            editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * 2 + 16)
            caption = QLabel(prompt)
            caption.setBuddy(editor)
            caption.setStyleSheet("font-weight: bold;")
            caption.setWordWrap(True)  # three questions side by side fit at 125% zoom
            grid.addWidget(caption, 1, column)
            grid.addWidget(editor, 2, column)
            grid.setColumnStretch(column, 1)
            self.discussion_edits[field] = editor
            self.committers[field] = TextCommitter(
                session,
                editor,
                read=partial(self._read_note, field=field),
                write=partial(self._write_note, field, label),
            )
        self.seen_edit = self.discussion_edits["seen"]
        self.believed_edit = self.discussion_edits["believed"]
        self.done_next_edit = self.discussion_edits["done_next"]
        # The blame-language check on what the room said; the same editors show every event,
        # and loading another event's text re-checks them.
        self.languages = {
            field: attach_language(editor, session, "timeline")
            for field, editor in self.discussion_edits.items()
        }
        names = {"seen": "Seen", "believed": "Believed", "done_next": "Did next"}
        self.findings_strip = FindingsStrip(
            [(names.get(field, field), self.languages[field]) for field in self.discussion_edits]
        )
        grid.addWidget(self.findings_strip, 3, 0, 1, len(PROMPTS))

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(discussion)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)

        # -- following the document -------------------------------------------------------------
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        # Rows that move (a time edited) keep their selection without a selectionChanged signal.
        self.model.layoutChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        self.model.rowsInserted.connect(self._update_actions)
        self.model.rowsRemoved.connect(self._update_actions)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_empty)
        session.documentOpened.connect(self._on_opened)
        session.changed.connect(self._on_change)
        self._on_opened(session.doc)

    def heightForWidth(self, width: int) -> int:  # Qt override
        return least_height_for_width(self, width)

    def _action(
        self, text: str, slot: Callable[[], object], keys: list[QKeySequence], tip: str
    ) -> QAction:
        action = QAction(text, self.table)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.table.addAction(action)
        return action

    def context_menu(self) -> QMenu:
        """The table's commands, then the markers in a submenu of their own."""
        menu = QMenu(self.table)
        markers = set(self.marker_actions.values())
        menu.addActions([a for a in self.table.actions() if a not in markers])
        menu.addSeparator()
        menu.addMenu(self.marker_menu)
        return menu

    def _show_context_menu(self, point: Any) -> None:
        menu = self.context_menu()
        menu.exec(self.table.viewport().mapToGlobal(point))
        menu.deleteLater()

    def set_marker(self, marker: Marker | None) -> None:
        """Mark the selected events (one undo step); the durations follow."""
        rows = self.selected_rows()
        if self.session.doc is None or not rows:
            return
        self.session.flush_edits()
        ids = [self.model.event_at(row).id for row in rows]
        name = marker.label if marker is not None else "no marker"
        label = f"Mark as {name.lower()}"
        stack = self.session.undo_stack
        stack.beginMacro(label)
        try:
            for event_id in ids:
                self.session.update_item(label, "timeline", event_id, marker=marker)
        finally:
            stack.endMacro()
        self.statusMessage.emit(f"{label}: {len(ids)} event{'s' if len(ids) != 1 else ''}")

    # -- reading the selection --------------------------------------------------------------------
    def current_event_id(self) -> str | None:
        """The id of the event whose discussion is shown (the current row's), if any."""
        return self._event_id

    def current_event(self) -> TimelineEvent | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.session.doc is None:
            return None
        return self.model.event_at(index.row())

    def selected_rows(self) -> list[int]:
        rows: set[int] = set()
        selection = self.table.selectionModel().selection()
        for number in range(selection.count()):
            span = selection.at(number)
            rows.update(range(span.top(), span.bottom() + 1))
        return sorted(rows)

    def select_events(self, ids: list[str], column: int = TimelineModel.TEXT) -> None:
        """Make the first of `ids` current and scroll to it (the others stay selected too)."""
        if not ids:
            return
        index = self.model.index_of_event(ids[0], column)
        if not index.isValid():
            return
        flags = QItemSelectionModel.SelectionFlag
        chosen = QItemSelection()
        last_column = self.model.columnCount() - 1
        runs = row_runs(self.model.rows_of(ids))
        if len(runs) > _MAX_SELECTED_RUNS:
            # Thousands of scattered rows: selecting them all would make every later row
            # insert or removal slow, so only the first one is selected.
            runs = [(index.row(), index.row())]
        for first, last in runs:
            chosen.select(self.model.index(first, 0), self.model.index(last, last_column))
        selection = self.table.selectionModel()
        selection.select(chosen, flags.ClearAndSelect)
        selection.setCurrentIndex(index, flags.NoUpdate)
        self.table.scrollTo(index)

    # -- editing commands ---------------------------------------------------------------------------
    def add_event(self) -> None:
        doc = self.session.doc
        if doc is None:
            return
        self.session.flush_edits()
        current = self.current_event()
        if current is not None:
            at = current.at + ONE_MINUTE
        elif doc.pm.timeline:
            at = doc.pm.timeline[-1].at + ONE_MINUTE
        elif doc.pm.incident_date is not None:
            at = doc.pm.incident_date  # the first fact starts where the incident did
        else:
            at = self.clock().replace(second=0, microsecond=0)
        event = TimelineEvent(at=at, text="", source="manual", seq=-1)
        self.session.insert_items("Add event", "timeline", [event])
        self.select_events([event.id])
        self.table.setFocus()
        self.table.edit(self.table.currentIndex())

    def _add_after_edit(self) -> None:
        # After Ctrl+Enter in a cell: once the edit is committed, add the next row.
        QTimer.singleShot(0, lambda: None if self._refused else self.add_event())

    def duplicate_selected(self) -> None:
        rows = self.selected_rows()
        if self.session.doc is None or not rows:
            return
        self.session.flush_edits()
        copies = [
            dataclasses.replace(self.model.event_at(row), id=new_id(), seq=-1) for row in rows
        ]
        label = "Duplicate event" if len(copies) == 1 else f"Duplicate {len(copies)} events"
        self.session.insert_items(label, "timeline", copies)
        self.select_events([c.id for c in copies])
        self.statusMessage.emit(f"{label}: the copies are selected")

    def copy_selected(self) -> None:
        """Selected events as "14:32 text" lines, which paste back and read well in a chat."""
        rows = self.selected_rows()
        if not rows:
            return
        fmt = self.model.format
        lines = [f"{fmt.show(e.at)} {e.text}" for e in map(self.model.event_at, rows)]
        QApplication.clipboard().setText("\n".join(lines))
        self.statusMessage.emit(f"Copied {len(lines)} event{'s' if len(lines) != 1 else ''}")

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if self.session.doc is None or not rows:
            return
        self.session.flush_edits()
        ids = [self.model.event_at(row).id for row in rows]
        label = "Delete event" if len(ids) == 1 else f"Delete {len(ids)} events"
        self.session.remove_items(label, "timeline", ids)
        remaining = self.model.rowCount()
        if remaining:
            row = min(rows[0], remaining - 1)
            self.select_events([self.model.event_at(row).id], self.table.currentIndex().column())
        self.statusMessage.emit(f"{label}. Undo brings {'it' if len(ids) == 1 else 'them'} back.")

    # -- refused edits ------------------------------------------------------------------------------
    def _on_refused(self, index: QModelIndex, message: str, value: Any) -> None:
        event = self.model.event_at(index.row())
        column = index.column()
        self._refused = (event.id, column, str(value), message)
        title = self.model.columns[column].title.lower()
        self.error_label.setText(
            f"The {title} was not changed: {message}. Fix it and press Enter, or press Esc to "
            "keep the old value."
        )
        self.error_label.show()
        QTimer.singleShot(0, self._reopen_refused)

    def _reopen_refused(self) -> None:
        if self._refused is None:
            return
        focus = QApplication.focusWidget()
        if focus is not None and focus is not self.table and not self.table.isAncestorOf(focus):
            return  # the user moved on; the text waits in the cell's next editor
        index = self.model.index_of_event(self._refused[0], self._refused[1])
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.edit(index)

    def refused_text(self, index: QModelIndex) -> tuple[str, str] | None:
        """The typed text and the reason, if this cell's last edit was refused."""
        if self._refused is None or not index.isValid():
            return None
        event_id, column, text, message = self._refused
        if column != index.column() or self.model.event_at(index.row()).id != event_id:
            return None
        return text, message

    def clear_refusal(self) -> None:
        self._refused = None
        self.error_label.hide()

    def _on_editor_closed(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache:
            self.clear_refusal()  # Esc: the old value stays

    # -- paste ----------------------------------------------------------------------------------------
    def paste_from_clipboard(self) -> None:
        self.paste_text(QApplication.clipboard().text())

    def paste_text(self, text: str) -> int:
        """Preview the events read from pasted lines; add them all as one step when confirmed."""
        doc = self.session.doc
        if doc is None:
            return 0
        if not text.strip():
            self.statusMessage.emit(
                "The clipboard holds no text. Copy lines that start with a time, then paste."
            )
            return 0
        self.session.flush_edits()
        current = self.current_event()
        anchor = current or (doc.pm.timeline[-1] if doc.pm.timeline else None)
        zone = self.model.format.zone
        previous = None
        if anchor is not None:
            previous = anchor.at.astimezone(zone) if zone is not None else anchor.at
        day, tz = self._default_day_and_zone(doc)
        result = parse_paste(text, previous=previous, day=day, tz=tz)
        shown_zone = zone or (result.events[0].at.tzinfo if result.events else None)
        everything = sorted([*doc.pm.timeline, *result.events], key=lambda e: e.at)
        fmt = TimeFormat(time_display(everything, shown_zone), shown_zone, None)
        dialog = PastePreviewDialog(result, fmt.show, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if not result.events:
            self.statusMessage.emit("Nothing pasted: no line could be read as an event")
            return 0
        if not accepted:
            self.statusMessage.emit("Paste cancelled: nothing was added")
            return 0
        count = len(result.events)
        label = f"Paste {count} event{'s' if count != 1 else ''}"
        self.session.apply(timeline_ops.add_events(doc, result.events, label))
        self.select_events([e.id for e in result.events])
        message = f"Added {count} event{'s' if count != 1 else ''} from the clipboard"
        if result.problems:
            unread = len(result.problems)
            message += f"; {unread} line{'s were' if unread != 1 else ' was'} not read"
        self.statusMessage.emit(message)
        return count

    # -- import ---------------------------------------------------------------------------------------
    def choose_and_import(self) -> int:
        """File > Import timeline…: pick a file, then import it (with a mapping step for CSV)."""
        if self.session.doc is None:
            self.statusMessage.emit("Open a postmortem first, then import its timeline")
            return 0
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Import timeline events (several files: returned contribution sheets)",
            settings.IMPORT_FOLDER.get(),
            "Timeline exports (*.csv *.tsv *.json *.txt *.zip *.vtt);;All files (*)",
        )
        if not names:
            return 0
        settings.IMPORT_FOLDER.set(str(Path(names[0]).parent))
        if len(names) == 1:
            return self.import_file(names[0])
        return self.import_sheets([Path(n) for n in names])

    def import_sheets(self, paths: list[Path]) -> int:
        """Merge many returned contribution sheets at once, after one preview of all of them."""
        doc = self.session.doc
        if doc is None:
            return 0
        self.session.flush_edits()
        defaults = timeline_ops.where_times_belong(doc)
        told: list[TimelineEvent] = []
        try:
            for path in paths:
                if detect_format(path) != "sheet":
                    raise ImportFailed(
                        path,
                        "is not a contribution sheet; several files at once are for returned "
                        "sheets, so import this one on its own",
                    )
                told += load_timeline_file(path, fmt="sheet", tz=defaults.tz, day=defaults.day)
        except ImportFailed as exc:
            QMessageBox.warning(
                self,
                "The timeline was not imported",
                f"{exc}\n\nNothing was added to the timeline from any of the files.",
            )
            self.statusMessage.emit(f"Nothing imported: {exc}")
            return 0
        merged = timeline_ops.plan_import(doc, [], told)
        what = f"{len(paths)} sheets"
        preview = ImportPreviewDialog(
            what,
            lambda *_choices: merged.new,
            lambda at: format_time(at, with_date=True, with_seconds=True, tz=defaults.tz),
            notes=_sheet_notes(merged, defaults.tz),
            parent=self,
        )
        if preview.exec() != QDialog.DialogCode.Accepted or not preview.events:
            self.statusMessage.emit(f"Import of {what} cancelled or empty: nothing was added")
            return 0
        return self._import(timeline_ops.import_timeline(doc, preview.events, what), what)

    def _import(self, edit: Edit, what: str) -> int:
        """Apply an import as one undo step, select what it added and say how many."""
        self.session.apply(edit)
        events = timeline_ops.added(edit)
        count = len(events)
        noun = f"event{'s' if count != 1 else ''}"
        self.select_events([e.id for e in events])
        self.statusMessage.emit(f"Imported {count} {noun} from {what}")
        return count

    def import_file(self, path: str | Path) -> int:
        """Import a whole file as one undo step after a preview; returns how many were added."""
        doc = self.session.doc
        if doc is None:
            return 0
        path = Path(path)
        self.session.flush_edits()
        defaults = timeline_ops.where_times_belong(doc)
        day, tz, window = defaults.day, defaults.tz, defaults.window
        channels: list[SlackChannel] = []
        try:
            fmt = detect_format(path)
            mapping = None
            if fmt == "csv":
                header = csv_columns(path)
                dialog = CsvMappingDialog(path, header, guess_mapping(header), self)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    self.statusMessage.emit(f"Import of {path.name} cancelled: nothing was added")
                    return 0
                mapping = dialog.mapping()
            if fmt == "slack" and is_slack_export(path):
                channels = slack_channels(path)
                read = None
            elif fmt == "vtt":
                read = None  # its times count from a start the facilitator gives in the preview
            else:
                read = load_timeline_file(path, fmt=fmt, mapping=mapping, tz=tz, day=day)
        except ImportFailed as exc:
            QMessageBox.warning(
                self,
                "The timeline was not imported",
                f"{exc}\n\nNothing was added to the timeline. Fix the file and import it again.",
            )
            self.statusMessage.emit(f"Nothing imported: {exc}")
            return 0

        notes: list[str] = []
        if fmt == "sheet" and read is not None:
            sheet = timeline_ops.plan_import(doc, [], read)
            read = sheet.new
            notes = _sheet_notes(sheet, tz)

        skipped: dict[str, int] = {}

        def load(chosen: Any, window: Any, starts_at: datetime | None) -> list[TimelineEvent]:
            if read is not None:
                return read
            return load_timeline_file(
                path,
                channels=chosen,
                window=window,
                starts_at=starts_at,
                tz=tz,
                day=day,
                skipped=skipped,
            )

        preview = ImportPreviewDialog(
            path.name,
            load,
            lambda at: format_time(at, with_date=True, with_seconds=True, tz=tz),
            existing=doc.pm.timeline,
            channels=channels,
            window=window,
            ask_start=fmt == "vtt",
            notes=notes,
            skipped=skipped,
            day=day,
            tz=tz,
            parent=self,
        )
        accepted = preview.exec() == QDialog.DialogCode.Accepted
        if not preview.events and preview.known:
            self.statusMessage.emit(
                f"Every event in {path.name} is already in the timeline: nothing was added"
            )
            return 0
        if not accepted or not preview.events:
            self.statusMessage.emit(f"Import of {path.name} cancelled: nothing was added")
            return 0
        return self._import(timeline_ops.import_timeline(doc, preview.events, path.name), path.name)

    def _default_day_and_zone(self, doc: Document) -> tuple[Any, tzinfo | None]:
        """Where times written without a date or zone belong: the timeline's, else the incident's."""
        zone = self.model.format.zone
        if doc.pm.timeline:
            first = doc.pm.timeline[0].at
            return (first.astimezone(zone) if zone else first).date(), zone
        when = doc.pm.incident_date
        if when is not None:
            return when.date(), when.tzinfo
        return None, None

    # -- discussion of the selected event --------------------------------------------------------
    def _read_note(self, doc: Document, field: str) -> str:
        if self._event_id is None:
            return ""
        try:
            return str(getattr(doc.find("timeline", self._event_id), field))
        except KeyError:
            return ""

    def _write_note(self, field: str, label: str, text: str) -> None:
        doc = self.session.doc
        if doc is None or self._event_id is None:
            return
        try:
            doc.find("timeline", self._event_id)
        except KeyError:
            return
        self.session.update_item(label, "timeline", self._event_id, mergeable=True, **{field: text})

    def _flush_notes(self) -> None:
        for committer in self.committers.values():
            committer.flush()

    def _on_current_row(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_event(self.model.event_at(current.row()).id if current.isValid() else None)

    def _show_event(self, event_id: str | None) -> None:
        if event_id == self._event_id:
            return
        self._flush_notes()
        self._event_id = event_id
        self.currentEventChanged.emit(event_id)
        self._load_notes(keep_cursor=False)

    def _load_notes(self, *, keep_cursor: bool, fields: set[str] | None = None) -> None:
        doc = self.session.doc
        event = None
        if doc is not None and self._event_id is not None:
            try:
                event = doc.find("timeline", self._event_id)
            except KeyError:
                self._event_id = None
        for field, editor in self.discussion_edits.items():
            editor.setEnabled(event is not None)
            if fields is not None and event is not None and field not in fields:
                continue
            self.committers[field].load(
                getattr(event, field) if event is not None else "",
                keep_cursor=keep_cursor and editor.hasFocus(),
            )
        if event is None:
            self.discussion_title.setText("Select an event to note what the room said about it")
        else:
            text = event.text or "(no text yet)"
            if len(text) > 90:
                text = text[:89] + "…"
            self.discussion_title.setText(f"{self.model.format.show(event.at)}  {text}")

    # -- following the document -------------------------------------------------------------------
    def _on_opened(self, doc: Document | None) -> None:
        self.clear_refusal()
        self._event_id = None
        for action in (self.add_action, self.paste_action, self.import_action):
            action.setEnabled(doc is not None)
        self._refresh_times()
        if doc is not None and doc.pm.timeline:
            self.select_events([doc.pm.timeline[0].id])
        self._load_notes(keep_cursor=False)
        self._update_actions()
        self._update_empty()

    def _on_change(self, change: Change) -> None:
        if change.collection != "timeline":
            if change.action == "fields" and not self.model.rowCount():
                self._refresh_times()
            return
        if change.action != "update" or {"at", "marker"} & set(change.fields):
            self._refresh_times()
        if self._event_id is not None and self._event_id in change.ids:
            # Only the notes that changed: another editor may hold text not yet committed.
            self._load_notes(keep_cursor=True, fields=set(change.fields))
        if change.action == "remove":
            current = self.current_event()
            self._show_event(current.id if current is not None else None)
        if change.action == "remove" and self._refused and self._refused[0] in change.ids:
            self.clear_refusal()
        self._update_actions()

    def _refresh_times(self) -> None:
        doc = self.session.doc
        events = doc.pm.timeline if doc is not None else []
        fmt = self.model.format
        self.durations.refresh(events, fmt)
        zone = fmt.zone_name
        self.zone_label.setText(f"Times in {zone}" if zone else "")
        self._fit_columns()
        self._load_notes(keep_cursor=True, fields=set())  # the title shows the time too

    def _fit_columns(self) -> None:
        """Row height and column widths from the current font (it changes with zoom)."""
        self.table.ensurePolished()
        plain = self.table.fontMetrics()
        bold = QFont(self.table.font())
        bold.setBold(True)
        strong = QFontMetrics(bold)
        self.table.verticalHeader().setDefaultSectionSize(plain.height() + 14)
        self.table.verticalHeader().setMinimumWidth(plain.horizontalAdvance("00000"))
        header = self.table.horizontalHeader()
        sample = self.model.format.show(datetime(2026, 12, 28, 20, 58, 58))
        padding = plain.horizontalAdvance("0") * 3 + 12  # the cell padding and a little air
        for column, widest_cell in (
            (TimelineModel.TIME, sample),
            (TimelineModel.RELATIVE, "+88:88"),
            (TimelineModel.SOURCE, "monitoring"),
            (TimelineModel.MARKER, "Acknowledgement"),
        ):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            if column == TimelineModel.MARKER:
                cell = strong.horizontalAdvance(widest_cell)  # set markers are bold
            else:
                cell = plain.horizontalAdvance(widest_cell)
            header.resizeSection(column, max(cell, strong.horizontalAdvance(title)) + padding)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.table and event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
        ):
            QTimer.singleShot(0, self, self._fit_columns)  # not after the panel is gone
        return super().eventFilter(watched, event)

    def _update_actions(self, *_args: object) -> None:
        has_rows = bool(self.selected_rows()) and self.session.doc is not None
        for action in (self.duplicate_action, self.delete_action, self.copy_action):
            action.setEnabled(has_rows)

    def _update_empty(self, *_args: object) -> None:
        self.empty_hint.setVisible(self.session.doc is not None and self.model.rowCount() == 0)
