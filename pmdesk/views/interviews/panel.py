"""The Interviews panel: one conversation per attendee before the meeting, most involved first.

On the left the guidance and the interviews in the order they are held; on the right the one
chosen: its record, its timer and its private notes beside the question bank. The panel holds
no data of its own: everything is read from the open document and changed through
pmdesk.operations.interviews.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pmdesk.document import Change, Document
from pmdesk.interviews import (
    GUIDANCE,
    interview_by_id,
    interviewee,
    interviewee_name,
    suggested_order,
)
from pmdesk.meeting.timer import Clock, utc_now
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


def _columns(session: DocumentSession) -> list[Column]:
    def person(item: Interview) -> str:
        doc = session.doc
        name = interviewee_name(doc.pm, item) if doc is not None else ""
        return f"{name} · {item.held_on.isoformat()}" if item.held_on else name

    return [Column("Interviewee", person)]


class InterviewsPanel(QWidget):
    def __init__(
        self, session: DocumentSession, clock: Clock = utc_now, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.model = ItemTableModel(session, "interviews", _columns(session), edit_interview, self)
        # The interviews in the order they are held, as a chooser over the model.
        self.list = QComboBox()
        self.list.setAccessibleName("Interviews")
        self.list.setModel(self.model)
        self.list.setMinimumContentsLength(10)
        self.list.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.who = QComboBox()
        self.who.setAccessibleName("Attendee to interview")
        self.who.setMinimumContentsLength(12)
        self.who.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.plan_button = QPushButton("Pl&an interview")
        self.remove_button = QPushButton("Remove")
        self.up_button = QPushButton("▲")
        self.up_button.setToolTip("Hold this interview earlier")
        self.up_button.setAccessibleName("Earlier")
        self.down_button = QPushButton("▼")
        self.down_button.setToolTip("Hold this interview later")
        self.down_button.setAccessibleName("Later")
        self.heading = QLabel()
        self.heading.setObjectName("hint")
        # A long role is cut rather than widening the panel (its tooltip has the whole of it).
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
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
        self.list.currentIndexChanged.connect(lambda _index: self._show_current())
        session.documentOpened.connect(self._on_opened)
        session.changed.connect(self._on_change)
        self._on_opened(session.doc)

    def _layout(self) -> None:
        guidance = QLabel(GUIDANCE)
        guidance.setObjectName("hint")
        guidance.setWordWrap(True)
        chooser = QHBoxLayout()
        title = QLabel("Intervie&w with")
        title.setObjectName("sectionTitle")
        title.setBuddy(self.list)
        chooser.addWidget(title)
        chooser.addWidget(self.list, 2)
        chooser.addWidget(self.up_button)
        chooser.addWidget(self.down_button)
        chooser.addWidget(self.remove_button)
        timer_row = QHBoxLayout()
        timer_row.addWidget(self.heading, 1)
        timer_row.addWidget(self.timer)
        page = QWidget()
        page_column = QVBoxLayout(page)
        page_column.setContentsMargins(0, 0, 0, 0)
        page_column.addLayout(timer_row)
        page_column.addWidget(self.record)
        page_column.addWidget(self.notes, 1)
        self.pages = QStackedWidget()
        self.empty = EmptyState(
            "No interview yet. Plan one with each person involved, the closest to the "
            "incident first."
        )
        self.pages.addWidget(self.empty)
        self.pages.addWidget(page)
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 12)
        layout.setSpacing(6)
        # Planning the next interview sits beside the guidance on who to talk to first.
        top = QHBoxLayout()
        top.addWidget(guidance, 1)
        top.addWidget(self.who)
        top.addWidget(self.plan_button)
        layout.addLayout(top)
        layout.addLayout(chooser)
        layout.addWidget(self.problem)
        layout.addWidget(self.pages, 1)

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
                self.who.addItem(person.name, person.id)
                self.who.setItemData(self.who.count() - 1, person.role, Qt.ItemDataRole.ToolTipRole)
        self.plan_button.setEnabled(self.who.count() > 0)
        if not doc.pm.attendees:
            self.who.setPlaceholderText("Add attendees on the Overview first")
        else:
            self.who.setPlaceholderText("Everyone has an interview")

    # -- the chosen interview -------------------------------------------------------------------------
    def current_id(self) -> str | None:
        value = self.list.currentData(ID_ROLE)
        return str(value) if value else None

    def select(self, interview_id: str) -> None:
        row = self.model.row_of(interview_id)
        if row >= 0:
            self.list.setCurrentIndex(row)

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
        row = self.list.currentIndex()
        self.up_button.setEnabled(chosen is not None and row > 0)
        self.down_button.setEnabled(chosen is not None and 0 <= row < self.model.rowCount() - 1)
        self._show_heading()

    def _show_heading(self) -> None:
        doc, current = self.session.doc, self.current_id()
        interview = interview_by_id(doc.pm, current) if doc else None
        if doc is None or interview is None:
            self.heading.clear()
            return
        person = interviewee(doc.pm, interview)
        role = f" · {person.role.strip()}" if person is not None and person.role.strip() else ""
        self.heading.setText(f"{interviewee_name(doc.pm, interview)}{role}")
        self.heading.setToolTip(self.heading.text())

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
        row = self.list.currentIndex()
        if current is not None:
            self._apply(lambda doc: move_interview(doc, current, row + by))
            self.select(current)
