"""The action items as a table model: shown in priority order, checked after every change.

The document keeps the items in the order they were entered; the table shows them the way the
facilitator should read them (Prevent before Detect before Mitigate, then by deadline), as the
core's `sort_actions` decides. The inline checks are recomputed on every change of the document:
they are a handful of string tests over at most a few dozen items, far cheaper than a repaint.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from pmdesk.actions import ActionCheck, check_actions, sort_actions
from pmdesk.document import Change, Document
from pmdesk.model import ActionItem, ActionStatus, ActionType, Factor
from pmdesk.operations.actions import edit_action, read_status, status_changes
from pmdesk.ui import theme
from pmdesk.ui.item_model import Column, EditRefused, Index, ItemTableModel
from pmdesk.ui.session import DocumentSession

Today = Callable[[], date]

CHECKS, TYPE, DESCRIPTION, OWNER, DEADLINE, STATUS, FACTOR = range(7)
NO_FACTOR_TEXT = "— none —"
FACTOR_TEXT_CHARS = 60
WARNING_MARK = "⚠"


def factor_title(factor: Factor) -> str:
    """A factor as one short line (the first line of its text, shortened)."""
    text = " ".join(factor.text.split()) or "(factor with no text yet)"
    if len(text) > FACTOR_TEXT_CHARS:
        text = text[: FACTOR_TEXT_CHARS - 1].rstrip() + "…"
    return text


def parse_deadline(value: Any) -> date | None:
    """A deadline from an editor: a date, a QDate, text typed as YYYY-MM-DD, or nothing."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    to_python = getattr(value, "toPython", None)  # QDate
    if callable(to_python):
        converted = to_python()
        if isinstance(converted, date):
            return converted
    text = str(value).strip()
    if not text:
        return None
    match = _DAY.fullmatch(text)
    if match is None:
        raise EditRefused(
            f"“{text}” is not a date the deadline can use: type it as YYYY-MM-DD, "
            "for example 2026-04-25, or pick it from the calendar (Alt+Down)."
        )
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        raise EditRefused(f"“{text}” is not a date: the years start at 0001.")
    if not 1 <= month <= 12:
        raise EditRefused(f"“{text}” is not a date: there is no month {month}.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise EditRefused(f"“{text}” is not a date: {_MONTHS[month - 1]} {year} has {last} days.")
    return date(year, month, day)


_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _parse_type(item: ActionItem, value: Any) -> dict[str, Any]:
    if isinstance(value, ActionType):
        return {"type": value}
    text = str(value).strip().lower()
    for member in ActionType:
        if text in (member.value, member.label.lower()):
            return {"type": member}
    raise EditRefused("The type is one of Prevent, Detect or Mitigate.")


def _parse_description(item: ActionItem, value: Any) -> dict[str, Any]:
    text = " ".join(str(value or "").split())
    if not text:
        raise EditRefused(
            "An action item needs a description: what changes, where, and how you will know."
        )
    return {"description": text}


def _parse_owner(item: ActionItem, value: Any) -> dict[str, Any]:
    return {"owner": " ".join(str(value or "").split())}


def _parse_deadline(item: ActionItem, value: Any) -> dict[str, Any]:
    return {"deadline": parse_deadline(value)}


class ActionModel(ItemTableModel):
    def __init__(
        self, session: DocumentSession, parent: Any = None, *, today: Today = date.today
    ) -> None:
        # Set before the base class loads the rows: `items` and `_reload` use them.
        self.today = today
        self._sorted: list[ActionItem] | None = None
        # While held (the pointer is on the table), an edit never moves a row: the row under
        # the pointer stays the one the user is working on. New items go last.
        self._held = False
        self.checks: list[ActionCheck] = []
        self._row_checks: dict[str, list[ActionCheck]] = {}
        columns = [
            Column(
                "",
                self._mark_text,
                tooltip=self._row_tooltip,
                align=Qt.AlignmentFlag.AlignCenter,
            ),
            Column(
                "Type",
                lambda a: a.type.label,
                edit=lambda a: a.type,
                parse=_parse_type,
                tooltip=self._row_tooltip,
                label="Change action type",
            ),
            Column(
                "Action item",
                lambda a: a.description,
                parse=_parse_description,
                tooltip=self._description_tooltip,
                label="Edit action item",
            ),
            Column(
                "Owner",
                lambda a: a.owner,
                parse=_parse_owner,
                tooltip=self._row_tooltip,
                label="Change owner",
            ),
            Column(
                "Deadline",
                self._deadline_text,
                edit=lambda a: a.deadline,
                parse=_parse_deadline,
                tooltip=self._row_tooltip,
                label="Change deadline",
            ),
            Column(
                "Status",
                self._status_text,
                edit=lambda a: a.status,
                parse=self._parse_status,
                tooltip=self._status_tooltip,
                label="Change status",
            ),
            Column(
                "Factor",
                self._factor_text,
                edit=lambda a: a.factor_id,
                parse=self._parse_factor,
                tooltip=self._factor_tooltip,
                label="Link action to a factor",
            ),
        ]
        super().__init__(session, "actions", columns, edit_action, parent)
        self._warn_brush = QBrush(QColor(theme.palette()["warn"]))

    # -- rows in priority order ---------------------------------------------------------------
    @property
    def items(self) -> list[Any]:
        if self._doc is None:
            return []
        if self._sorted is None:
            ordered = list(sort_actions(self._doc.pm.actions))
            if self._held and self._ids:
                by_id = {item.id: item for item in ordered}
                shown = set(self._ids)
                kept = [by_id[item_id] for item_id in self._ids if item_id in by_id]
                ordered = kept + [item for item in ordered if item.id not in shown]
            self._sorted = ordered
        return self._sorted

    def hold_order(self, held: bool) -> None:
        """Hold the rows where they are, or (released) put them back in priority order; the
        selection follows its items either way."""
        if held == self._held:
            return
        self._held = held
        if held or self._doc is None:
            return
        self._sorted = None
        wanted = [item.id for item in self.items]
        if wanted != self._ids:
            self._relayout(wanted)

    def _reload(self, doc: Document | None) -> None:
        self.beginResetModel()
        self._doc = doc
        self._sorted = None
        items = self.items
        self._ids = [item.id for item in items]
        self._by_id = {item.id: item for item in items}
        self._recheck()
        self.endResetModel()

    def _on_change(self, change: Change) -> None:
        if self._doc is None:
            return
        if change.collection == "actions":
            self._sorted = None
        before = self._row_checks
        self._recheck()
        super()._on_change(change)
        last = len(self.columns) - 1
        if change.collection == "factors":
            # A factor's text shows in the Factor column; a removed factor unlinks its actions.
            if self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, last))
            return
        for row, item_id in enumerate(self._ids):
            if _messages(before.get(item_id)) != _messages(self._row_checks.get(item_id)):
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _recheck(self) -> None:
        if self._doc is None:
            self.checks, self._row_checks = [], {}
            return
        self.checks = list(check_actions(self._doc.pm, self.today()))
        rows: dict[str, list[ActionCheck]] = {}
        for check in self.checks:
            if check.item_id is not None:
                rows.setdefault(check.item_id, []).append(check)
        self._row_checks = rows

    def recheck(self) -> None:
        """Recompute after the date moved on (the panel calls this when it is shown)."""
        before = self._row_checks
        self._recheck()
        for row, item_id in enumerate(self._ids):
            if _messages(before.get(item_id)) != _messages(self._row_checks.get(item_id)):
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def checks_of(self, item_id: str) -> list[ActionCheck]:
        return list(self._row_checks.get(item_id, []))

    def row_checks_text(self, row: int) -> str:
        return "\n".join(c.message for c in self.checks_of(self._ids[row]))

    # -- what the cells show ------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # Qt override
        if (
            role == Qt.ItemDataRole.AccessibleTextRole
            and index.isValid()
            and index.column() == CHECKS
            and 0 <= index.row() < len(self._ids)
        ):
            checks = self.checks_of(self._ids[index.row()])
            return "; ".join(c.message for c in checks) if checks else "No problems found"
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == CHECKS:
            return theme.brush("warn")  # the theme on screen now, after any switch
        return super().data(index, role)

    def headerData(  # Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and section == CHECKS:
            if role == Qt.ItemDataRole.DisplayRole:
                return WARNING_MARK
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Problems the checks found in the row (hover a mark to read them)"
        return super().headerData(section, orientation, role)

    def _mark_text(self, item: ActionItem) -> str:
        count = len(self._row_checks.get(item.id, []))
        if not count:
            return ""
        return WARNING_MARK if count == 1 else f"{WARNING_MARK} {count}"

    def _row_tooltip(self, item: ActionItem) -> str | None:
        checks = self._row_checks.get(item.id)
        if not checks:
            return None
        return "\n".join(f"{WARNING_MARK} {c.message}" for c in checks)

    def _description_tooltip(self, item: ActionItem) -> str | None:
        problems = self._row_tooltip(item)
        return f"{item.description}\n\n{problems}" if problems else item.description or None

    def _deadline_text(self, item: ActionItem) -> str:
        if item.deadline is None:
            return ""
        text = item.deadline.isoformat()
        if item.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) and (
            item.deadline < self.today()
        ):
            text += " · past"
        return text

    @staticmethod
    def _status_text(item: ActionItem) -> str:
        if item.status == ActionStatus.DONE and item.done_on is not None:
            return f"Done {item.done_on.isoformat()}"
        return item.status.label

    def _status_tooltip(self, item: ActionItem) -> str | None:
        parts: list[str] = []
        if item.status == ActionStatus.DROPPED and item.dropped_reason:
            parts.append(f"Dropped because: {item.dropped_reason}")
        if item.status == ActionStatus.DONE and item.done_on is not None:
            parts.append(f"Marked done on {item.done_on.isoformat()}")
        problems = self._row_tooltip(item)
        if problems:
            parts.append(problems)
        return "\n".join(parts) or None

    def factor(self, factor_id: str | None) -> Factor | None:
        if factor_id is None or self._doc is None:
            return None
        return next((f for f in self._doc.pm.factors if f.id == factor_id), None)

    def _factor_text(self, item: ActionItem) -> str:
        factor = self.factor(item.factor_id)
        return factor_title(factor) if factor is not None else ""

    def _factor_tooltip(self, item: ActionItem) -> str | None:
        factor = self.factor(item.factor_id)
        text = f"{factor.question.label}\n{factor.text}" if factor is not None else None
        problems = self._row_tooltip(item)
        return "\n\n".join(p for p in (text, problems) if p) or None

    # -- edits --------------------------------------------------------------------------------
    def _parse_status(self, item: ActionItem, value: Any) -> dict[str, Any]:
        """Done records today's date; Dropped needs a reason (the view asks for it)."""
        reason = ""
        if isinstance(value, tuple):
            value, reason = value
        return status_changes(item, read_status(value), self.today(), str(reason))

    def _parse_factor(self, item: ActionItem, value: Any) -> dict[str, Any]:
        factor_id = str(value) if value else None
        if factor_id is not None and self.factor(factor_id) is None:
            raise EditRefused("That factor is no longer in this postmortem; pick another one.")
        return {"factor_id": factor_id}


def _messages(checks: list[ActionCheck] | None) -> list[str]:
    return [c.message for c in checks or []]
