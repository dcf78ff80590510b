"""The Timeline panel: the incident's facts in time order, how long each phase took, and what the
room said about each event.

Getting facts in fast is the whole game before the meeting, so everything here is keyboard
first: Insert adds a row after the selected one, typing edits in place, Ctrl+V reads pasted log or
chat lines, and files from the alerting and chat tools import in one step. Every change is one
undo step through the session; the panel keeps no data of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QCheckBox,
    QLabel,
    QMenu,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.document import Change, Document
from pmdesk.model import Marker, TimelineEvent
from pmdesk.ui.button_row import ButtonRow
from pmdesk.ui.item_model import row_runs
from pmdesk.ui.menu_keys import document_undo_actions
from pmdesk.ui.session import DocumentSession
from pmdesk.ui.timeline_model import TimelineModel
from pmdesk.ui.whole_rows import SnapToRows
from pmdesk.ui.widgets import least_height_for_width
from pmdesk.views.timeline.delegates import LineDelegate, MarkerDelegate, SourceDelegate
from pmdesk.views.timeline.discussion import DiscussionCard
from pmdesk.views.timeline.durations import DurationsStrip
from pmdesk.views.timeline.editing import TimelineEdits
from pmdesk.views.timeline.importing import TimelineImporter
from pmdesk.views.timeline.sheets import write_contribution_sheets
from pmdesk.views.timeline.shifting import ShiftTimes
from pmdesk.views.timeline.table import TimelineTable

Clock = Callable[[], datetime]
_MAX_SELECTED_RUNS = 100


def _local_now() -> datetime:
    return datetime.now().astimezone()


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
        # A refused edit: (event id, column, typed text, message).
        self.refused: tuple[str, int, str, str] | None = None
        self.model = TimelineModel(session, self)
        self.model.on_refused = self._on_refused
        self.importer = TimelineImporter(self, self)
        self.edits = TimelineEdits(self)
        self.shifting = ShiftTimes(self, self._events)
        self.durations = DurationsStrip()
        self._build_table()
        self._build_delegates()
        self._build_messages()
        self._build_actions()
        self._build_marker_actions()
        self.discussion = DiscussionCard(session)
        self._build_discussion_aliases()
        self._build_layout()
        self._follow_document()

    # -- building -----------------------------------------------------------------------------------
    def _build_table(self) -> None:
        self.table = TimelineTable(self.model, lambda: self.model.format)
        self.main_editor = self.table
        self.table.customContextMenuRequested.connect(self._show_context_menu)

    def _build_delegates(self) -> None:
        self.time_delegate = LineDelegate(self, "14:32, 2:32 pm, 2026-04-15 14:32 or +5m")
        self.text_delegate = LineDelegate(self, "What happened, as a plain fact")
        self.source_delegate = SourceDelegate(self)
        self.marker_delegate = MarkerDelegate(self)
        self.added_by_delegate = LineDelegate(self, "Who told this fact")
        for column, delegate in (
            (TimelineModel.TIME, self.time_delegate),
            (TimelineModel.TEXT, self.text_delegate),
            (TimelineModel.SOURCE, self.source_delegate),
            (TimelineModel.MARKER, self.marker_delegate),
            (TimelineModel.ADDED_BY, self.added_by_delegate),
        ):
            self.table.setItemDelegateForColumn(column, delegate)
            delegate.addNextRequested.connect(self.edits.add_after_edit)
            delegate.closeEditor.connect(self._on_editor_closed)

    def _build_messages(self) -> None:
        self.error_label = QLabel()
        self.error_label.setObjectName("timelineError")
        self.error_label.setProperty("check", "warn")
        self.error_label.setWordWrap(True)
        # No space kept for it: the splitter holds the table's pane at its size, so a message
        # takes its lines from the table (give_room) and the discussion below never moves.
        self.error_label.hide()
        self.empty_hint = QLabel(
            "No events yet. Press Insert to add one, paste lines copied from a log or a chat "
            "(Ctrl+V), or import an export from your alerting or chat tool."
        )
        self.empty_hint.setObjectName("hint")
        self.empty_hint.setWordWrap(True)

    def _build_actions(self) -> None:
        """Shortcuts while the table has focus; the buttons give the same actions to the mouse."""
        self.add_action = self._action(
            "&Add event",
            self.edits.add_event,
            [
                QKeySequence(Qt.Key.Key_Insert),
                QKeySequence("Ctrl+Return"),
                QKeySequence("Ctrl+Enter"),
            ],
            "Add an event one minute after the selected one (Insert or Ctrl+Enter)",
        )
        self.duplicate_action = self._action(
            "D&uplicate",
            self.edits.duplicate_selected,
            [QKeySequence("Ctrl+D")],
            "Duplicate the selected events (Ctrl+D)",
        )
        self.delete_action = self._action(
            "&Delete",
            self.edits.delete_selected,
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
            self.edits.copy_selected,
            [QKeySequence(QKeySequence.StandardKey.Copy)],
            "Copy the selected events as lines of text, one per event (Ctrl+C)",
        )
        self.shift_action = self._action(
            "S&hift times…",
            self.shift_times,
            [QKeySequence("Ctrl+T")],
            "Move the selected events, or all of them, earlier or later by the same amount: "
            "a log in the wrong time zone, a clock that was off (Ctrl+T)",
        )
        self.restrict_action = self._action(
            "Restricted in the &redacted edition",
            self.toggle_restricted,
            [],
            "Leave the selected events out of the redacted edition (it says so in one line)",
        )
        self.restrict_action.setCheckable(True)
        self.import_action = QAction("&Import file…", self)
        self.import_action.setToolTip(
            "Import a CSV or TSV, a JSON list, a Slack export, PagerDuty, Opsgenie, Alertmanager or "
            "Statuspage logs, a transcript or Zoom chat, or returned contribution sheets"
        )
        self.import_action.triggered.connect(lambda _checked=False: self.choose_and_import())
        self.sheets_action = QAction("Write contribution &sheets…", self)
        self.sheets_action.setToolTip(
            "Write each attendee a sheet with the timeline so far (CSV and a plain-text form) "
            "to send before the meeting"
        )
        self.sheets_action.triggered.connect(lambda _checked=False: self.write_sheets())

    def _build_marker_actions(self) -> None:
        """Markers from the keyboard (Alt+1 ... Alt+7, Alt+0 for none) and the context menu."""
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

    def _build_tools(self) -> ButtonRow:
        """One row of tools (two when the panel is narrow, as at 150% on a 1280 px screen)."""
        tools = ButtonRow()
        tools.setSpacing(6)
        self.buttons: dict[str, QToolButton] = {}
        # Short words on the buttons (the tooltips say more): they keep the "…".
        short = {"paste": "Paste…", "import": "Import…", "shift": "Shift times…"}
        for key, action in (
            ("add", self.add_action),
            ("duplicate", self.duplicate_action),
            ("delete", self.delete_action),
            ("paste", self.paste_action),
            ("import", self.import_action),
            ("shift", self.shift_action),
        ):
            action.setIconText(short.get(key, action.text().replace("&", "")))
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            tools.addWidget(button)
            self.buttons[key] = button
        # Sheets go out where facts come in: under the Import button's arrow.
        self.import_menu = QMenu(self.buttons["import"])
        self.import_menu.addActions([self.import_action, self.sheets_action])
        self.buttons["import"].setMenu(self.import_menu)
        self.buttons["import"].setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
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
        return tools

    def _build_discussion_aliases(self) -> None:
        card = self.discussion
        self.discussion_title = card.title
        self.discussion_edits = card.edits
        self.committers = card.committers
        self.languages = card.languages
        self.findings_strip = card.findings_strip
        self.seen_edit = card.edits["seen"]
        self.believed_edit = card.edits["believed"]
        self.done_next_edit = card.edits["done_next"]

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.durations)
        layout.addLayout(self._build_tools())
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.setSpacing(4)
        table_layout.addWidget(self.empty_hint)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.error_label)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(self.discussion)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)
        # No row shown cut through its text at the bottom (walked at 1280 x 720).
        self.rows_snap = SnapToRows(self.splitter, self.table, self.error_label.isVisible)

    def _follow_document(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.selectionModel().selectionChanged.connect(self._clear_notice)
        # Rows that move (a time edited) keep their selection without a selectionChanged signal.
        self.model.layoutChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        self.model.rowsInserted.connect(self._update_actions)
        self.model.rowsRemoved.connect(self._update_actions)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_empty)
        self.session.documentOpened.connect(self._on_opened)
        self.session.changed.connect(self._on_change)
        self._on_opened(self.session.doc)

    # -- paste and import (TimelineImporter does the work) ------------------------------------------
    def paste_from_clipboard(self) -> None:
        self.importer.paste_from_clipboard()

    def paste_text(self, text: str) -> int:
        return self.importer.paste_text(text)

    def choose_and_import(self) -> int:
        return self.importer.choose_and_import()

    def import_sheets(self, paths: list[Path]) -> int:
        return self.importer.import_sheets(paths)

    def import_file(self, path: str | Path) -> int:
        return self.importer.import_file(path)

    def write_sheets(self) -> list[Path]:
        """Write contribution sheets for the attendees the facilitator chooses."""
        return write_contribution_sheets(self.session, self, self.statusMessage.emit)

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
        """Undo and Redo, the table's commands, then the markers in a submenu of their own."""
        menu = QMenu(self.table)
        menu.addActions(document_undo_actions(self.session, menu))
        menu.addSeparator()
        self.restrict_action.setChecked(self._selection_restricted())
        markers = set(self.marker_actions.values())
        menu.addActions([a for a in self.table.actions() if a not in markers])
        menu.addSeparator()
        menu.addMenu(self.marker_menu)
        return menu

    def _show_context_menu(self, point: Any) -> None:
        menu = self.context_menu()
        menu.exec(self.table.viewport().mapToGlobal(point))
        menu.deleteLater()

    def _selected_ids(self) -> list[str]:
        return [self.model.event_at(row).id for row in self.selected_rows()]

    def _selection_restricted(self) -> bool:
        doc = self.session.doc
        ids = self._selected_ids()
        marked = set(doc.pm.redaction.restricted) if doc is not None else set()
        return bool(ids) and all(f"timeline:{i}" in marked for i in ids)

    def toggle_restricted(self) -> None:
        """Restrict the selected events, or put them back in when all of them already are."""
        from pmdesk.operations.redaction import restrict_items

        ids = self._selected_ids()
        if self.session.doc is None or not ids:
            return
        on = not self._selection_restricted()
        self.session.apply(restrict_items(self.session.doc, "timeline", ids, on))
        self.statusMessage.emit(
            f"{len(ids)} event{'s' if len(ids) != 1 else ''} "
            + ("left out of the redacted edition" if on else "back in the redacted edition")
        )

    def set_marker(self, marker: Marker | None) -> None:
        self.edits.set_marker(marker)

    def shift_times(self) -> QWidget | None:
        """Shift times… (Ctrl+T): the dialog for the selected events or all; None when empty."""
        return self.shifting.open()

    def _events(self) -> list[TimelineEvent]:
        doc = self.session.doc
        return list(doc.pm.timeline) if doc is not None else []

    def add_event(self) -> None:
        self.edits.add_event()

    # -- reading the selection --------------------------------------------------------------------
    def current_event_id(self) -> str | None:
        """The id of the event whose discussion is shown (the current row's), if any."""
        return self.discussion.event_id

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
        # The first selected row, then the current one: all of them in sight where they fit
        # (scrolled to the current one only, a block came back with its first rows above).
        if runs:
            self.table.scrollTo(self.model.index(runs[0][0], column))
        self.table.scrollTo(index)
        self._bring_into_page(index)

    def _bring_into_page(self, index: QModelIndex) -> None:
        """Where the page scrolls under the table (150% on a 720 px screen), the current row is
        brought into the page's sight too: scrolled to within the table, it could still be below
        the page's fold (a shift's rows went to the end of the table, out of sight). Once the
        page is laid out again: a shift can make the durations above the table taller."""
        kept = QPersistentModelIndex(index)
        QTimer.singleShot(0, self, lambda: self._bring_row_into_page(kept))

    def _bring_row_into_page(self, index: QPersistentModelIndex) -> None:
        for _ in range(3):  # the page laid out as it will be drawn (a layout can ask again)
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        page = area.widget() if area is not None else None
        if area is None or page is None or not index.isValid():
            return
        row = self.table.visualRect(self.model.index(index.row(), index.column()))
        middle = self.table.viewport().mapTo(page, QPoint(0, row.center().y()))
        area.ensureVisible(middle.x(), middle.y(), 0, row.height())

    # -- refused edits ------------------------------------------------------------------------------
    def _on_refused(self, index: QModelIndex, message: str, value: Any) -> None:
        event = self.model.event_at(index.row())
        column = index.column()
        self.refused = (event.id, column, str(value), message)
        title = self.model.columns[column].title.lower()
        what = " ".join(event.text.split())
        what = f" (“{what[:40]}…”)" if len(what) > 40 else f" (“{what}”)" if what else ""
        self.error_label.setText(
            f"The {title} of event {index.row() + 1}{what} was not changed: {message}. Fix it and "
            "press Enter, or press Esc to keep the old value."
        )
        self._show_message()
        QTimer.singleShot(0, self, self._reopen_refused)

    def _reopen_refused(self) -> None:
        if self.refused is None:
            return
        focus = QApplication.focusWidget()
        if focus is not None and focus is not self.table and not self.table.isAncestorOf(focus):
            return  # the user moved on; the text waits in the cell's next editor
        index = self.model.index_of_event(self.refused[0], self.refused[1])
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.edit(index)

    def refused_text(self, index: QModelIndex) -> tuple[str, str] | None:
        """The typed text and the reason, if this cell's last edit was refused."""
        if self.refused is None or not index.isValid():
            return None
        event_id, column, text, message = self.refused
        if column != index.column() or self.model.event_at(index.row()).id != event_id:
            return None
        return text, message

    def clear_refusal(self) -> None:
        self.refused = None
        self.error_label.hide()
        self.table.give_room(0)

    def show_notice(self, message: str) -> None:
        """A command that was refused (a marker on several events), said under the table until
        the selection changes; no cell waits to be put right."""
        self.clear_refusal()
        self.error_label.setText(message)
        self._show_message()

    def _clear_notice(self, *_args: object) -> None:
        if self.refused is None and not self.error_label.isHidden():
            self.clear_refusal()

    def _show_message(self) -> None:
        """The message under the table, its lines taken from the table (never over a row)."""
        box = self.error_label.parentWidget()
        layout = box.layout() if box is not None else None
        width = box.width() if box is not None else self.width()
        spacing = layout.spacing() if layout is not None else 0
        # A wrapped label asks for one line only (layouts do not ask a height for the width):
        # without its full height, its second line was drawn over the table's last row.
        height = self.error_label.heightForWidth(width)
        self.error_label.setMinimumHeight(height)
        self.table.give_room(height + spacing)
        self.error_label.show()

    def _on_editor_closed(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache:
            self.clear_refusal()  # Esc: the old value stays

    def _on_current_row(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_event(self.model.event_at(current.row()).id if current.isValid() else None)

    def _show_event(self, event_id: str | None) -> None:
        if event_id == self.discussion.event_id:
            return
        self.discussion.flush()
        self.discussion.event_id = event_id
        self.currentEventChanged.emit(event_id)
        self._load_notes(keep_cursor=False)

    def _load_notes(self, *, keep_cursor: bool, fields: set[str] | None = None) -> None:
        self.discussion.load(self.model.format, keep_cursor=keep_cursor, fields=fields)

    # -- following the document -------------------------------------------------------------------
    def _on_opened(self, doc: Document | None) -> None:
        self.clear_refusal()
        self.discussion.event_id = None
        for action in (self.add_action, self.paste_action, self.import_action, self.sheets_action):
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
        if change.action != "update" or {"at", "marker", "added_by"} & set(change.fields):
            self._refresh_times()
        if self.discussion.event_id is not None and self.discussion.event_id in change.ids:
            # Only the notes that changed: another editor may hold text not yet committed.
            self._load_notes(keep_cursor=True, fields=set(change.fields))
        if change.action == "remove":
            current = self.current_event()
            self._show_event(current.id if current is not None else None)
        if change.action == "remove" and self.refused and self.refused[0] in change.ids:
            self.clear_refusal()
        self._update_actions()

    def _refresh_times(self) -> None:
        doc = self.session.doc
        events = doc.pm.timeline if doc is not None else []
        fmt = self.model.format
        self.durations.refresh(events, fmt)
        zone = fmt.zone_name
        self.zone_label.setText(f"Times in {zone}" if zone else "")
        # "Added by" only once attendees' sheets brought facts in; it stays out of the way before.
        told = any(e.added_by for e in events)
        self.table.setColumnHidden(TimelineModel.ADDED_BY, not told)
        self.table.fit_columns()
        self._load_notes(keep_cursor=True, fields=set())  # the title shows the time too

    def _update_actions(self, *_args: object) -> None:
        has_rows = bool(self.selected_rows()) and self.session.doc is not None
        for action in (self.duplicate_action, self.delete_action, self.copy_action):
            action.setEnabled(has_rows)
        self.shift_action.setEnabled(self.session.doc is not None and self.model.rowCount() > 0)

    def _update_empty(self, *_args: object) -> None:
        self.empty_hint.setVisible(self.session.doc is not None and self.model.rowCount() == 0)
