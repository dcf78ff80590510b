"""The review list's table: original, placeholder, what it is and where, one row per thing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from pmdesk.model import Postmortem
from pmdesk.redaction.review import KEPT, LEFT_OUT, NOT_FOUND, TEAM, ReviewRow, review_rows

Index = QModelIndex | QPersistentModelIndex
ORIGINAL, PLACEHOLDER, WHAT, WHERE = range(4)
HEADERS = ("Original", "In the redacted edition", "What", "Where")
_STATE_NOTE = {
    KEPT: "Kept as written, everywhere",
    LEFT_OUT: "Left out: the redacted edition says so in one line",
    NOT_FOUND: "Your term: not in the text (or a pattern that finds nothing yet)",
    TEAM: "On the team's list: redacted in every postmortem wherever it is found",
}


class RedactionModel(QAbstractTableModel):
    """Read-only rows rebuilt from the document; the window's buttons make the changes."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ReviewRow] = []

    def refresh(self, pm: Postmortem | None, team_terms: Sequence[str] = ()) -> None:
        self.beginResetModel()
        self.rows = review_rows(pm, team_terms) if pm is not None else []
        self.endResetModel()

    def row(self, number: int) -> ReviewRow | None:
        return self.rows[number] if 0 <= number < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            cells = (row.original, row.placeholder, row.what, row.where or _STATE_NOTE[row.state])
            if role == Qt.ItemDataRole.ToolTipRole and row.state in _STATE_NOTE:
                return _STATE_NOTE[row.state]
            return cells[index.column()]
        if role == Qt.ItemDataRole.FontRole and row.state in (KEPT, NOT_FOUND, TEAM):
            font = QFont()
            font.setItalic(True)
            return font
        return None
