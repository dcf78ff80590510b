"""Table models over the facilitator's record (pmdesk.facilitation): the parking lot, the survey
answers and a phase's round robin.

The record is one field of the postmortem, so each model shows a snapshot of its list, taken again
whenever the field changes; edits go through the named operations and the undo stack.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from pmdesk.document import Change, Document
from pmdesk.facilitation import Facilitation, ParkedItem, RoundRobin, Settled, SurveyAnswer
from pmdesk.meeting import phase_name
from pmdesk.operations import facilitation as ops
from pmdesk.operations.edit import Refused
from pmdesk.ui.rows_model import Index, Row, RowsModel
from pmdesk.ui.session import DocumentSession

_ROOT = QModelIndex()
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class _RecordModel:
    """What the three models share: follow the session, and refresh when the record changes."""

    session: DocumentSession
    last_error: str | None

    def _follow(self, session: DocumentSession) -> None:
        self.session = session
        self.last_error = None
        session.documentOpened.connect(self._on_opened)
        session.changed.connect(self._on_change)

    def _on_opened(self, _doc: Document | None) -> None:
        self.reload()

    def _on_change(self, change: Change) -> None:
        if (
            change.action == "fields"
            and ("facilitation" in change.fields or "attendees" in change.fields)
        ) or change.collection == "attendees":
            self.reload()

    def record(self) -> Facilitation | None:
        doc = self.session.doc
        return doc.pm.facilitation if doc is not None else None

    def reload(self) -> None:
        raise NotImplementedError


class _RecordTable(_RecordModel, RowsModel[Row]):
    """A table over one list of the record, named by LIST."""

    LIST = ""

    def __init__(self, session: DocumentSession, parent: Any = None) -> None:
        RowsModel.__init__(self, parent)
        self._follow(session)
        self.reload()

    def reload(self) -> None:
        record = self.record()
        self.set_rows(getattr(record, self.LIST) if record is not None else [])


class ParkingLotModel(_RecordTable[ParkedItem]):
    """Point (editable), the phase it was raised in, and what the close decided."""

    HEADERS = ("Point", "Raised in", "Outcome")
    LIST = "parking_lot"

    def row_of(self, item_id: str) -> int:
        return next((r for r, p in enumerate(self._rows) if p.id == item_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # Qt override
        item = self.row_at(index)
        if item is None:
            return None
        if role == ID_ROLE:
            return item.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == 0:
                return item.text
            if index.column() == 1:
                return phase_name(item.phase) if item.phase else ""
            return item.settled.label
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return item.text
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:  # Qt override
        base = super().flags(index)
        if index.isValid() and index.column() == 0:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(
        self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:  # Qt override
        doc = self.session.doc
        if doc is None or not index.isValid() or index.column() != 0:
            return False
        if role != Qt.ItemDataRole.EditRole:
            return False
        try:
            edit = ops.reword_parked(doc, self._rows[index.row()].id, str(value))
        except Refused as exc:
            self.last_error = str(exc)
            return False
        self.last_error = None
        self.session.apply(edit)
        return True

    def open_count(self) -> int:
        return sum(1 for p in self._rows if p.settled is Settled.OPEN)


def _scale(value: int | None) -> str:
    return "–" if value is None else str(value)


class SurveyModel(_RecordTable[SurveyAnswer]):
    """One row per answer, read-only: the answers are anonymous and kept as given."""

    HEADERS = ("Useful", "Safe", "Heard", "What to change", "Came")
    LIST = "survey"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # Qt override
        answer = self.row_at(index)
        if answer is None:
            return None
        if role == ID_ROLE:
            return answer.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                _scale(answer.useful),
                _scale(answer.safe),
                _scale(answer.heard),
                answer.change,
                "as a file" if answer.via == "file" else "typed here",
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return answer.change or None
        return None


class RoundRobinModel(_RecordModel, QAbstractListModel):
    """The people of one phase's round robin in turn; checked when they have spoken."""

    def __init__(self, session: DocumentSession, parent: Any = None) -> None:
        QAbstractListModel.__init__(self, parent)
        self.phase = ""
        self._robin: RoundRobin | None = None
        self._names: dict[str, str] = {}
        self._follow(session)
        self.reload()

    def set_phase(self, phase: str) -> None:
        if phase != self.phase:
            self.phase = phase
            self.reload()

    @property
    def robin(self) -> RoundRobin | None:
        return self._robin

    def reload(self) -> None:
        record = self.record()
        doc = self.session.doc
        self.beginResetModel()
        self._names = {a.id: a.name for a in doc.pm.attendees} if doc is not None else {}
        robin = record.round_robin(self.phase) if record is not None else None
        self._robin = robin.present(set(self._names)) if robin is not None else None
        self.endResetModel()

    def name(self, attendee_id: str | None) -> str:
        if attendee_id is None:
            return ""
        return self._names.get(attendee_id, "").strip() or "(no name)"

    def rowCount(self, parent: Index = _ROOT) -> int:  # Qt override
        if parent.isValid() or self._robin is None:
            return 0
        return len(self._robin.order)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # Qt override
        robin = self._robin
        if robin is None or not index.isValid() or not 0 <= index.row() < len(robin.order):
            return None
        person = robin.order[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            upcoming = person == robin.next_to_speak()
            return self.name(person) + ("  ← next" if upcoming else "")
        if role == Qt.ItemDataRole.CheckStateRole:
            spoken = person in robin.spoken
            return Qt.CheckState.Checked if spoken else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return person
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:  # Qt override
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() else base

    def setData(
        self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:  # Qt override
        doc = self.session.doc
        robin = self._robin
        if doc is None or robin is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if not index.isValid() or not 0 <= index.row() < len(robin.order):
            return False
        spoken = Qt.CheckState(value) == Qt.CheckState.Checked
        try:
            edit = ops.mark_spoken(doc, self.phase, robin.order[index.row()], spoken)
        except Refused as exc:
            self.last_error = str(exc)
            return False
        self.session.apply(edit)
        return True
