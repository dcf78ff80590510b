"""Table models of the review window: the figures of one section, and the postmortems behind one.

Plain models over the review's lines (pmdesk.review.words); a group's title is a row of its own,
which the view spans across the columns.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont

from pmdesk.review.figures import PostmortemRef
from pmdesk.review.words import Line, Section
from pmdesk.ui.rows_model import Index, RowsModel

IDS_ROLE = Qt.ItemDataRole.UserRole + 1


def locale_count(n: int) -> str:
    """A count as the user's locale writes it ("1,000", "1.000"); in groups of thousands as the
    rest of pmdesk writes counts when no language is set (the C locale writes "1000")."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return f"{n:,}"
    return locale.toString(n)


def behind_text(count: int) -> str:
    if count == 0:
        return "–"
    return "1 postmortem" if count == 1 else f"{locale_count(count)} postmortems"


class FiguresModel(RowsModel[str | Line]):
    """One section's lines: Figure | Value; group titles are rows without ids. How many
    postmortems are behind a figure shows in its tooltip and above the list they fill."""

    HEADERS = ("Figure", "Value")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_section(self, section: Section) -> None:
        rows: list[str | Line] = []
        for group in section.groups:
            rows.append(group.title)
            rows.extend(group.lines or [Line("None", "")])
        self.set_rows(rows)

    def is_group(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and isinstance(self._rows[row], str)

    def line(self, row: int) -> Line | None:
        value = self._rows[row] if 0 <= row < len(self._rows) else None
        return value if isinstance(value, Line) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_group(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if isinstance(row, str):
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return row
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.label, row.value or "–")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [row.note] if row.note else []
            if row.ids:
                parts.append(f"Select to list the {behind_text(len(row.ids))} behind this figure")
            return "\n".join(parts) or None
        if role == IDS_ROLE:
            return list(row.ids)
        return None


class PostmortemsModel(RowsModel[PostmortemRef]):
    """The postmortems behind the chosen figure (kind and severity in the tooltip: the title
    needs the room on a small screen)."""

    HEADERS = ("Id", "Date", "Title", "Status")

    def ref(self, row: int) -> PostmortemRef | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        ref = self.row_at(index)
        if ref is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                f"#{ref.id}",
                ref.day.isoformat() if ref.day else "–",
                ref.title or "Untitled",
                ref.status.label,
            )
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{ref.title or 'Untitled'}\n{ref.kind.label}, {ref.severity.label}\n"
                "Double-click or press Enter to open it"
            )
        return None
