"""A table model over one collection of the open document (attendees, timeline, actions ...).

Columns are declared as data. Edits go through the collection's named operation (given to the
model as `edit_item`) and the session's undo stack; the model follows
the document's change signal with precise row inserts, removals and moves, so selection, scroll
position and open editors survive other edits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from pmdesk.document import Change, Document
from pmdesk.fieldwise import FrozenFieldwise
from pmdesk.operations.edit import Edit, Refused
from pmdesk.ui.session import DocumentSession

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1


# Raised by a column's `parse` when typed text cannot be used; the message says why. The same
# refusal as an operation's, so a rule kept in pmdesk.operations reaches the cell unchanged.
EditRefused = Refused
# The operation that changes one item from its row: (document, undo label, item id, changes).
ItemEdit = Callable[[Document, str, str, dict[str, Any]], Edit]


@dataclass(frozen=True, repr=False, eq=False)
class Column(FrozenFieldwise):
    title: str
    display: Callable[[Any], Any]
    # Text put in the editor; defaults to the display text.
    edit: Callable[[Any], Any] | None = None
    # Turns the editor's value into attribute changes, or raises EditRefused.
    parse: Callable[[Any, Any], dict[str, Any]] | None = None
    checkable: Callable[[Any], bool] | None = None
    tooltip: Callable[[Any], str | None] | None = None
    align: Qt.AlignmentFlag | None = None
    label: str = ""
    # Instead of one attribute update: a custom edit through the session (e.g. an undo macro).
    apply: Callable[[DocumentSession, Any, dict[str, Any]], None] | None = None


class ItemTableModel(QAbstractTableModel):
    def __init__(
        self,
        session: DocumentSession,
        collection: str,
        columns: list[Column],
        edit_item: ItemEdit,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.collection = collection
        self.columns = columns
        self.edit_item = edit_item
        self._ids: list[str] = []
        # Each id's row, for the `_ids` list it was made from; made again at the first look after
        # the rows changed (None until then).
        self._rows: dict[str, int] | None = None
        self._rows_of: list[str] | None = None
        self._flags: list[Qt.ItemFlag] | None = None  # by column (see flags)
        # The items by id, as the rows show them: mid-change the document already holds the new
        # list while views still ask about the old rows, so rows never index the document's list.
        self._by_id: dict[str, Any] = {}
        # The document these rows show. Not `session.doc`: while a document closes, views may
        # still ask for rows before this model has been told, and must get the old rows.
        self._doc: Document | None = None
        self.last_error: str | None = None
        self.on_refused: Callable[[QModelIndex, str, Any], None] | None = None
        session.documentOpened.connect(self._reload)
        session.changed.connect(self._on_change)
        self._reload(session.doc)

    # -- reading -----------------------------------------------------------------------------
    @property
    def items(self) -> list[Any]:
        return self._doc.items(self.collection) if self._doc is not None else []

    def item(self, row: int) -> Any:
        """The item shown in `row` (mid-change it may differ from the document's list)."""
        return self._by_id[self._ids[row]]

    def row_of(self, item_id: str) -> int:
        rows = self._rows
        if rows is None or self._rows_of is not self._ids:
            rows = self._rows = {each: row for row, each in enumerate(self._ids)}
            self._rows_of = self._ids
        row = rows.get(item_id, -1)
        if row >= len(self._ids) or (row >= 0 and self._ids[row] != item_id):
            self._rows = None  # the rows changed without saying so: look again
            return self.row_of(item_id)
        return row

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._ids):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:  # Qt override
        # Worked out once per column: a view asks for every selected cell's flags when rows
        # move, and an import selects thousands (combining Qt flags costs microseconds each).
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._flags is None:
            self._flags = [_column_flags(column) for column in self.columns]
        return self._flags[index.column()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # Qt override
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        item = self.item(index.row())
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return None if column.checkable else column.display(item)
        if role == Qt.ItemDataRole.EditRole:
            return (column.edit or column.display)(item)
        if role == Qt.ItemDataRole.CheckStateRole and column.checkable is not None:
            return Qt.CheckState.Checked if column.checkable(item) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(item)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align is not None:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return item.id
        return None

    # -- writing -----------------------------------------------------------------------------
    def setData(
        self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:  # Qt override
        if not index.isValid() or self._doc is None or self.session.doc is not self._doc:
            return False
        if not 0 <= index.row() < len(self._ids):
            return False
        column = self.columns[index.column()]
        item = self.item(index.row())
        label = column.label or f"Edit {column.title.lower()}"
        try:
            if role == Qt.ItemDataRole.CheckStateRole and column.checkable is not None:
                if column.parse is None:
                    return False
                checked = Qt.CheckState(value) == Qt.CheckState.Checked
                changes = column.parse(item, checked)
            elif role == Qt.ItemDataRole.EditRole and column.parse is not None:
                changes = column.parse(item, value)
            else:
                return False
            edit = None
            if changes and column.apply is None:
                edit = self.edit_item(self._doc, label, item.id, changes)
        except EditRefused as exc:
            self.last_error = str(exc)
            if self.on_refused is not None:
                self.on_refused(self.index(index.row(), index.column()), str(exc), value)
            return False
        self.last_error = None
        if changes and column.apply is not None:
            column.apply(self.session, item, changes)
        elif edit is not None:
            self.session.apply(edit)
        return True

    # -- following the document --------------------------------------------------------------
    def _reload(self, doc: Document | None) -> None:
        self.beginResetModel()
        self._doc = doc
        items = doc.items(self.collection) if doc is not None else []
        self._ids = [item.id for item in items]
        self._rows = None
        self._by_id = {item.id: item for item in items}
        self.endResetModel()

    def _on_change(self, change: Change) -> None:
        if change.collection != self.collection:
            return
        new_ids = [item.id for item in self.items]
        if change.action == "remove":
            gone = set(change.ids)
            rows = [row for row, item_id in enumerate(self._ids) if item_id in gone]
            # Bottom up, one signal per run of adjacent rows (a big delete stays cheap).
            for first, last in reversed(row_runs(rows)):
                self.beginRemoveRows(QModelIndex(), first, last)
                del self._ids[first : last + 1]
                self._rows = None
                self.endRemoveRows()
        elif change.action == "insert":
            fresh = set(change.ids)
            self._by_id.update((item.id, item) for item in self.items if item.id in fresh)
            rows = [row for row, item_id in enumerate(new_ids) if item_id in fresh]
            # Top down, so each run's rows are already their final positions.
            for first, last in row_runs(rows):
                self.beginInsertRows(QModelIndex(), first, last)
                self._ids[first:first] = new_ids[first : last + 1]
                self._rows = None
                self.endInsertRows()
        if self._ids != new_ids:
            self._relayout(new_ids)
        if change.action == "remove":
            for item_id in change.ids:
                self._by_id.pop(item_id, None)
        if change.action == "update":
            rows = sorted(row for row in map(self.row_of, change.ids) if row >= 0)
            for first, last in row_runs(rows):  # one signal per run of rows (a shift of all)
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))

    def _relayout(self, new_ids: list[str]) -> None:
        """Rows moved (a time edited in the timeline, an item moved): keep persistent indexes."""
        if len(self._ids) != len(new_ids) or set(self._ids) != set(new_ids):
            self.beginResetModel()
            self._ids = new_ids
            self._rows = None
            self._by_id = {item.id: item for item in self.items}
            self.endResetModel()
            return
        self.layoutAboutToBeChanged.emit()
        where = {item_id: row for row, item_id in enumerate(new_ids)}
        old = self.persistentIndexList()
        moved = [
            self.index(where[self._ids[i.row()]], i.column()) if i.row() < len(self._ids) else i
            for i in old
        ]
        self._ids = new_ids
        self._rows, self._rows_of = where, new_ids
        self.changePersistentIndexList(old, moved)
        self.layoutChanged.emit()


def _column_flags(column: Column) -> Qt.ItemFlag:
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if column.checkable is not None:
        flags |= Qt.ItemFlag.ItemIsUserCheckable
    elif column.parse is not None:
        flags |= Qt.ItemFlag.ItemIsEditable
    return flags


def row_runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of adjacent rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
