"""The Interviews panel: one conversation per attendee before the meeting, most involved first.

On the left the guidance and the interviews in the order they are held; on the right the one
chosen: its record, its timer and its private notes beside the question bank. The panel holds
no data of its own: everything is read from the open document and changed through
pmdesk.operations.interviews.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pmdesk.document import Change, Document
from pmdesk.interviews import GUIDANCE, clock_text, interviewee, interviewee_name, suggested_order
from pmdesk.model import Interview
from pmdesk.operations.edit import Refused
from pmdesk.operations.interviews import (
    add_interview,
    edit_interview,
    move_interview,
    remove_interview,
)
from pmdesk.ui.item_model import ID_ROLE, Column, ItemTableModel
from pmdesk.ui.session import DocumentSession
from pmdesk.ui.widgets import EmptyState
from pmdesk.views.interviews.notes import InterviewNotes
from pmdesk.views.interviews.record import InterviewRecord
from pmdesk.views.interviews.timer import InterviewTimer

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _columns(session: DocumentSession) -> list[Column]:
    def person(item: Interview) -> str:
        doc = session.doc
        return interviewee_name(doc.pm, item) if doc is not None else ""

    return [
        Column("Interviewee", person),
        Column("Date", lambda i: i.held_on.isoformat() if i.held_on else "—"),
        Column(
            "Time",
            lambda i: f"{clock_text(i.elapsed_seconds)} / {i.planned_minutes} min",
            label="Time spent of planned",
        ),
    ]


class InterviewsPanel(QWidget):
    def __init__(
        self, session: DocumentSession, clock: Clock = _utcnow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.model = ItemTableModel(session, "interviews", _columns(session), edit_interview, self)
        self.list = QTableView()
        self.list.setAccessibleName("Interviews")
        self.list.setModel(self.model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().hide()
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.who = QComboBox()
        self.who.setAccessibleName("Attendee to interview")
        self.plan_button = QPushButton("Pl&an interview")
        self.remove_button = QPushButton("Remove")
        self.up_button = QPushButton("▲")
        self.up_button.setToolTip("Hold this interview earlier")
        self.up_button.setAccessibleName("Earlier")
        self.down_button = QPushButton("▼")
        self.down_button.setToolTip("Hold this interview later")
        self.down_button.setAccessibleName("Later")
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.record = InterviewRecord(session)
        self.timer = InterviewTimer(session, clock)
        self.notes = InterviewNotes(session, clock)
        self.main_editor = self.notes.editor  # where View > Interviews puts the cursor
        self.problem = QLabel()
        self.problem.setProperty("check", "warn")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self._layout()
        self.plan_button.clicked.connect(self.plan)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.hold_earlier_or_later(-1))
        self.down_button.clicked.connect(lambda: self.hold_earlier_or_later(1))
        self.list.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        session.documentOpened.connect(self._on_opened)
        session.changed.connect(self._on_change)
        self._on_opened(session.doc)

    def _layout(self) -> None:
        guidance = QLabel(GUIDANCE)
        guidance.setObjectName("hint")
        guidance.setWordWrap(True)
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.who, 1)
        plan_row.addWidget(self.plan_button)
        order_row = QHBoxLayout()
        order_row.addWidget(self.up_button)
        order_row.addWidget(self.down_button)
        order_row.addStretch(1)
        order_row.addWidget(self.remove_button)
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.addWidget(guidance)
        side_column.addLayout(plan_row)
        side_column.addWidget(self.problem)
        side_column.addWidget(self.list, 1)
        side_column.addLayout(order_row)
        page = QWidget()
        page_column = QVBoxLayout(page)
        page_column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.timer)
        page_column.addLayout(top)
        page_column.addWidget(self.record)
        page_column.addWidget(self.notes, 1)
        self.pages = QStackedWidget()
        self.empty = EmptyState(
            "No interview chosen. Plan one with each person involved, the closest to the "
            "incident first, then pick it from the list."
        )
        self.pages.addWidget(self.empty)
        self.pages.addWidget(page)
        self.page = page
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(side)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        side.setMinimumWidth(230)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.addWidget(self.splitter)

    # -- following the document -------------------------------------------------------------------
    def _on_opened(self, doc: Document | None) -> None:
        self.setEnabled(doc is not None)
        self._fill_who()
        if doc is not None and doc.pm.interviews:
            self.select(doc.pm.interviews[0].id)
        self._show_current()

    def _on_change(self, change: Change) -> None:
        if change.collection == "attendees":
            self._fill_who()
            rows = self.model.rowCount()
            if rows:
                self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(rows - 1, 0))
            self.record.refresh()
            self._show_heading()
        elif change.collection == "interviews":
            if change.action in ("insert", "remove"):
                self._fill_who()
            if change.action == "insert" and len(change.ids) == 1:
                self.select(change.ids[0])
            current = self.current_id()
            if current in change.ids or change.action == "remove":
                self._show_current()

    def _fill_who(self) -> None:
        """The attendees without an interview yet, in the order to talk to them."""
        doc = self.session.doc
        self.who.clear()
        if doc is None:
            return
        taken = {i.attendee_id for i in doc.pm.interviews}
        for person in suggested_order(doc.pm):
            if person.id not in taken:
                role = f" ({person.role})" if person.role.strip() else ""
                self.who.addItem(person.name + role, person.id)
        self.plan_button.setEnabled(self.who.count() > 0)
        if not doc.pm.attendees:
            self.who.setPlaceholderText("Add attendees on the Overview first")
        else:
            self.who.setPlaceholderText("Everyone has an interview")

    # -- the chosen interview -------------------------------------------------------------------------
    def current_id(self) -> str | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        value = self.model.data(index.siblingAtColumn(0), ID_ROLE)
        return str(value) if value else None

    def select(self, interview_id: str) -> None:
        row = self.model.row_of(interview_id)
        if row >= 0:
            self.list.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _show_current(self) -> None:
        current = self.current_id()
        doc = self.session.doc
        known = doc is not None and any(i.id == current for i in doc.pm.interviews)
        chosen = current if known else None
        self.pages.setCurrentWidget(self.page if chosen else self.empty)
        self.record.show_interview(chosen)
        self.timer.show_interview(chosen)
        self.notes.show_interview(chosen)
        self.remove_button.setEnabled(chosen is not None)
        row = self.list.currentIndex().row()
        self.up_button.setEnabled(chosen is not None and row > 0)
        self.down_button.setEnabled(chosen is not None and 0 <= row < self.model.rowCount() - 1)
        self._show_heading()

    def _show_heading(self) -> None:
        doc, current = self.session.doc, self.current_id()
        interview = next((i for i in doc.pm.interviews if i.id == current), None) if doc else None
        if doc is None or interview is None:
            self.heading.clear()
            return
        person = interviewee(doc.pm, interview)
        role = f" · {person.role}" if person is not None and person.role.strip() else ""
        self.heading.setText(f"Interview with {interviewee_name(doc.pm, interview)}{role}")

    # -- commands ----------------------------------------------------------------------------------------
    def _apply(self, make: Callable[[Document], object]) -> None:
        doc = self.session.doc
        if doc is None:
            return
        try:
            edit = make(doc)
        except Refused as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.problem.hide()
        self.session.apply(edit)  # type: ignore[arg-type]

    def plan(self) -> None:
        attendee_id = self.who.currentData()
        if attendee_id:
            self._apply(lambda doc: add_interview(doc, str(attendee_id)))

    def remove(self) -> None:
        current = self.current_id()
        if current is not None:
            self.notes.committer.flush()
            self._apply(lambda doc: remove_interview(doc, current))

    def hold_earlier_or_later(self, by: int) -> None:
        current = self.current_id()
        row = self.list.currentIndex().row()
        if current is not None:
            self._apply(lambda doc: move_interview(doc, current, row + by))
            self.select(current)
