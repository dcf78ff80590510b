"""Table models for the Actions tracker: every action item in the database, and completion rates.

The tracker holds thousands of rows, so every cell's text is formatted once when the rows are
loaded and `data()` is a list lookup. Filters run over those rows in memory (a few milliseconds
for 5,000 items), so typing an owner's name filters as fast as it is typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from pmdesk.actions import LIVE_STATUSES, Completion, days_overdue
from pmdesk.model import ActionStatus, ActionType
from pmdesk.ui import theme
from pmdesk.ui.rows_model import RowsModel

if TYPE_CHECKING:
    from pmdesk.model import TrackedAction

Index = QModelIndex | QPersistentModelIndex
Today = Callable[[], date]
KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # (postmortem id, item id)

POSTMORTEM, DESCRIPTION, TYPE, OWNER, DEADLINE, STATUS = range(6)
HEADERS = ("Postmortem", "Action item", "Type", "Owner", "Deadline", "Status")
UNTITLED = "Untitled postmortem"

# The status filter's choices: (label, statuses or None for any).
STATUS_CHOICES: tuple[tuple[str, frozenset[ActionStatus] | None], ...] = (
    ("Still to do (open or in progress)", frozenset(LIVE_STATUSES)),
    ("Any status", None),
    *((s.label, frozenset({s})) for s in ActionStatus),
)


@dataclass(frozen=True)
class TrackerFilter:
    owner: str = ""
    type: ActionType | None = None
    statuses: frozenset[ActionStatus] | None = None
    postmortem_id: int | None = None
    overdue_only: bool = False


@dataclass(frozen=True)
class _Row:
    tracked: TrackedAction
    cells: tuple[str, ...]
    overdue: int  # days overdue, 0 when not
    owner_key: str


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _status_text(tracked: TrackedAction, late: int) -> str:
    item = tracked.item
    if item.status == ActionStatus.DONE and item.done_on is not None:
        return f"Done {item.done_on.isoformat()}"
    if item.status == ActionStatus.DROPPED:
        return "Dropped"
    if late:
        return f"Overdue {_plural(late, 'day')} ({item.status.label.lower()})"
    return item.status.label


class TrackerModel(QAbstractTableModel):
    def __init__(self, parent: Any = None, *, today: Today = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self._all: list[_Row] = []
        self._rows: list[_Row] = []
        self.filter = TrackerFilter(statuses=STATUS_CHOICES[0][1])
        self._sort: tuple[int, Qt.SortOrder] | None = None
        danger = theme.palette()["danger"]
        self._overdue_brush = QBrush(QColor(danger))
        self._bold = QFont()
        self._bold.setBold(True)

    # -- loading and filtering ------------------------------------------------------------------
    def set_rows(self, rows: Iterable[TrackedAction]) -> None:
        today = self.today()
        made: list[_Row] = []
        for tracked in rows:
            item = tracked.item
            late = days_overdue(item, today)
            made.append(
                _Row(
                    tracked,
                    (
                        tracked.postmortem_title or UNTITLED,
                        " ".join(item.description.split()),
                        item.type.label,
                        item.owner,
                        item.deadline.isoformat() if item.deadline else "",
                        _status_text(tracked, late),
                    ),
                    late,
                    " ".join(item.owner.split()).casefold(),
                )
            )
        self.beginResetModel()
        self._all = made
        self._rows = self._filtered()
        self.endResetModel()

    def set_filter(self, spec: TrackerFilter) -> None:
        if spec == self.filter:
            return
        self.filter = spec
        self.beginResetModel()
        self._rows = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[_Row]:
        spec = self.filter
        owner = " ".join(spec.owner.split()).casefold()
        rows = [
            row
            for row in self._all
            if (not owner or owner in row.owner_key)
            and (spec.type is None or row.tracked.item.type == spec.type)
            and (spec.statuses is None or row.tracked.item.status in spec.statuses)
            and (spec.postmortem_id is None or row.tracked.postmortem_id == spec.postmortem_id)
            and (not spec.overdue_only or row.overdue > 0)
        ]
        if self._sort is not None:
            rows.sort(key=self._sort_key(self._sort[0]), reverse=self._reversed())
        return rows

    def _reversed(self) -> bool:
        return self._sort is not None and self._sort[1] == Qt.SortOrder.DescendingOrder

    def rows_for_completion(self) -> list[TrackedAction]:
        """Rows matching the owner, type and postmortem filters, whatever their status."""
        spec = self.filter
        owner = " ".join(spec.owner.split()).casefold()
        return [
            row.tracked
            for row in self._all
            if (not owner or owner in row.owner_key)
            and (spec.type is None or row.tracked.item.type == spec.type)
            and (spec.postmortem_id is None or row.tracked.postmortem_id == spec.postmortem_id)
        ]

    # -- reading ---------------------------------------------------------------------------------
    def tracked(self, row: int) -> TrackedAction:
        return self._rows[row].tracked

    def visible(self) -> list[TrackedAction]:
        return [row.tracked for row in self._rows]

    def total(self) -> int:
        return len(self._all)

    def overdue_count(self) -> int:
        return sum(1 for row in self._rows if row.overdue)

    def is_overdue(self, row: int) -> bool:
        return self._rows[row].overdue > 0

    def row_of(self, postmortem_id: int, item_id: str) -> int:
        for row, entry in enumerate(self._rows):
            if entry.tracked.postmortem_id == postmortem_id and entry.tracked.item.id == item_id:
                return row
        return -1

    def postmortems(self) -> list[tuple[int, str]]:
        seen: dict[int, str] = {}
        for row in self._all:
            seen.setdefault(row.tracked.postmortem_id, row.cells[POSTMORTEM])
        return sorted(seen.items(), key=lambda pair: (pair[1].casefold(), pair[0]))

    # -- Qt overrides --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:  # Qt override
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # Qt override
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column]
        if role == Qt.ItemDataRole.FontRole and row.overdue:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue and column == STATUS:
            return theme.brush("danger")  # the theme on screen now, after any switch
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == KEY_ROLE:
            return (row.tracked.postmortem_id, row.tracked.item.id)
        return None

    def _tooltip(self, row: _Row, column: int) -> str | None:
        item = row.tracked.item
        if column == DESCRIPTION:
            return item.description or None
        if column == POSTMORTEM:
            return row.cells[POSTMORTEM]
        if column == STATUS and item.status == ActionStatus.DROPPED and item.dropped_reason:
            return f"Dropped because: {item.dropped_reason}"
        if column == DEADLINE and row.overdue:
            return f"{_plural(row.overdue, 'day')} past the deadline and not done"
        return None

    def sort(  # Qt override
        self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
    ) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        keys = [
            (self._rows[i.row()].tracked.postmortem_id, self._rows[i.row()].tracked.item.id)
            for i in old
        ]
        self._sort = (column, order)
        self._rows.sort(key=self._sort_key(column), reverse=self._reversed())
        where = {(r.tracked.postmortem_id, r.tracked.item.id): n for n, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            old, [self.index(where[k], i.column()) for k, i in zip(keys, old, strict=True)]
        )
        self.layoutChanged.emit()

    @staticmethod
    def _sort_key(column: int) -> Callable[[_Row], Any]:
        if column == DEADLINE:
            return lambda r: (r.tracked.item.deadline is None, r.tracked.item.deadline or date.max)
        if column == TYPE:
            return lambda r: r.tracked.item.type.priority
        if column == STATUS:
            return lambda r: (-r.overdue, list(ActionStatus).index(r.tracked.item.status))
        return lambda r: r.cells[column].casefold()


class CompletionModel(RowsModel[tuple[int, str, Completion]]):
    """Completion per postmortem: the rate first, since a low one is the signal to escalate."""

    HEADERS = ("Postmortem", "Done", "On time", "Late", "Open", "Overdue", "Dropped")

    def postmortem_id(self, row: int) -> int:
        return self._rows[row][0]

    def flags(self, index: Index) -> Qt.ItemFlag:  # Qt override
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # Qt override
        row = self.row_at(index)
        if row is None:
            return None
        postmortem_id, title, done = row
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return title or UNTITLED
            if column == 1:
                return rate_text(done)
            return str(
                (done.done_on_time, done.done_late, done.open, done.overdue, done.dropped)[
                    column - 2
                ]
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return done.summary()
        if role == KEY_ROLE:
            return postmortem_id
        return None


def rate_text(done: Completion) -> str:
    rate = done.rate
    if rate is None:
        return "—"
    return f"{rate:.0%} ({done.done}/{done.counted})"
