"""The library of postmortems as a table model; a search lists its hits, each with a snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
)

from pmdesk.database import LibraryEntry

if TYPE_CHECKING:
    from collections.abc import Mapping

    from PySide6.QtCore import Qt

    from pmdesk.model import Postmortem

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Title", "Incident", "Severity", "Status")
# Roles as plain numbers (Qt.ItemDataRole values): the library is listed in the first frame, and
# initialising the `Qt` namespace costs about 10 ms of start-up.
DISPLAY_ROLE, TOOLTIP_ROLE, FOREGROUND_ROLE, USER_ROLE = 0, 3, 9, 256
ID_ROLE = USER_ROLE + 1
SNIPPET_ROLE = USER_ROLE + 2  # the search's text around the match (pmdesk.search marks)


class LibraryModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[LibraryEntry] = []
        self.snippets: dict[int, str] = {}

    def set_entries(
        self, entries: list[LibraryEntry], snippets: Mapping[int, str] | None = None
    ) -> None:
        """The rows to list, in this order; `snippets` by id while a search is shown."""
        self.beginResetModel()
        self.entries = list(entries)
        self.snippets = dict(snippets or {})
        self.endResetModel()

    @property
    def searching(self) -> bool:
        return bool(self.snippets)

    def row_of(self, postmortem_id: int) -> int:
        for row, entry in enumerate(self.entries):
            if entry.id == postmortem_id:
                return row
        return -1

    def update_from(self, pm: Postmortem) -> None:
        """Refresh one row from an open document (after its title, date, ... changed)."""
        if pm.id is None:
            return
        row = self.row_of(pm.id)
        if row < 0:
            return
        self.entries[row] = LibraryEntry(
            id=pm.id,
            title=pm.title,
            incident_date=pm.incident_date,
            severity=pm.severity.level.value,
            status=pm.status.value,
            kind=pm.kind.value,
        )
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # Qt override
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE
    ) -> Any:
        if (
            orientation.value == 1  # Qt.Orientation.Horizontal
            and role == DISPLAY_ROLE
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:  # Qt override
        if not index.isValid() or not (0 <= index.row() < len(self.entries)):
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role in (DISPLAY_ROLE, TOOLTIP_ROLE):
            if column == 0:
                title = entry.title or "Untitled postmortem"
                return f"{title} (near miss)" if entry.kind == "near_miss" else title
            if column == 1:
                return entry.incident_date.strftime("%Y-%m-%d") if entry.incident_date else "—"
            if column == 2:
                return entry.severity
            if column == 3:
                return entry.status_label
        if role == ID_ROLE:
            return entry.id
        if role == SNIPPET_ROLE:
            return self.snippets.get(entry.id, "")
        if role == FOREGROUND_ROLE and column == 1:
            # The library's second line (date, severity, status), muted in the current theme.
            from PySide6.QtGui import QColor

            from pmdesk.ui import theme

            return QColor(theme.palette()["muted"])
        if role == USER_ROLE:  # sort key
            if column == 1:
                return entry.incident_date.timestamp() if entry.incident_date else float("inf")
            return self.data(index, DISPLAY_ROLE)
        return None


class LibraryFilter(QSortFilterProxyModel):
    """The list's view of the model; what it lists is chosen by the search (pmdesk.search)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(USER_ROLE)
