"""The Close panel: settle the parking lot, then the survey.

The Close phase brings it forward. Each parked point gets a decision before people leave (turn it
into an action, drop it, or keep it for later), and after the meeting the survey's answers come
in here: typed on this machine, or returned as form files and imported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pmdesk.document import Change, Document
from pmdesk.facilitation import Settled, summarize
from pmdesk.meeting.timer import Clock, utc_now
from pmdesk.operations import facilitation as ops
from pmdesk.operations.edit import Edit, Refused
from pmdesk.ui import settings
from pmdesk.ui.button_row import ButtonRow
from pmdesk.ui.facilitation_models import ID_ROLE, ParkingLotModel, SurveyModel
from pmdesk.ui.session import DocumentSession
from pmdesk.ui.widgets import least_height_for_width


class _ShortTable(QTableView):
    """Asks for its header and a few rows; the layout's spare height comes on top."""

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(super().sizeHint().width(), self.minimumHeight())


def _table(model: ParkingLotModel | SurveyModel, name: str) -> QTableView:
    view = _ShortTable()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    # Room for the header and three rows, and no more asked for: the two lists share the panel's
    # height rather than each asking for a screenful (the scroll area grants what is asked).
    rows = 3 * view.verticalHeader().defaultSectionSize()
    view.setMinimumHeight(
        view.horizontalHeader().sizeHint().height() + rows + 2 * view.frameWidth()
    )
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    return view


class ClosePanel(QWidget):
    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.clock: Clock = utc_now
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.addWidget(self._build_parking(), 1)
        layout.addSpacing(8)
        layout.addWidget(self._build_survey(), 1)
        layout.addWidget(self.status)
        session.documentOpened.connect(self._on_opened)
        session.changed.connect(self._on_change)
        self._on_opened(session.doc)

    def heightForWidth(self, width: int) -> int:  # Qt override
        # The least height that shows every wrapped line and a few rows of each list: on a
        # small screen the panel scrolls rather than laying its buttons over the lists.
        return least_height_for_width(self, width)

    # -- building ------------------------------------------------------------------------------
    def _build_parking(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>Parking lot</b>")
        title.setObjectName("sectionTitle")
        self.parking_hint = QLabel()
        self.parking_hint.setObjectName("hint")
        self.parking_hint.setWordWrap(True)
        self.parking_model = ParkingLotModel(self.session, self)
        self.parking_view = _table(self.parking_model, "Parking lot")
        header = self.parking_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column_index in (1, 2):
            header.setSectionResizeMode(column_index, QHeaderView.ResizeMode.ResizeToContents)
        self.main_editor = self.parking_view  # what the window focuses when the panel comes up
        buttons = ButtonRow()
        self.settle_buttons: dict[Settled, QPushButton] = {}
        for settled, text, tip in (
            (Settled.ACTION, "Turn into &action", "Add it to the action items (one undo step)"),
            (Settled.DROPPED, "&Drop", "Agreed it needs nothing more"),
            (Settled.KEPT, "&Keep for later", "Worth coming back to, outside this review"),
            (Settled.OPEN, "Re&open", "Not settled after all"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, s=settled: self.settle_selected(s))
            self.settle_buttons[settled] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.remove_parked_button = QPushButton("Remove")
        self.remove_parked_button.clicked.connect(self.remove_selected_parked)
        buttons.addWidget(self.remove_parked_button)
        column.addWidget(title)
        column.addWidget(self.parking_hint)
        column.addWidget(self.parking_view, 1)
        column.addLayout(buttons)
        self.parking_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.parking_view.selectionModel().currentChanged.connect(self._update_buttons)
        return box

    def _build_survey(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>Survey</b>")
        title.setObjectName("sectionTitle")
        self.survey_summary = QLabel()
        self.survey_summary.setWordWrap(True)
        self.survey_model = SurveyModel(self.session, self)
        self.survey_view = _table(self.survey_model, "Survey answers")
        header = self.survey_view.horizontalHeader()
        for column_index in (0, 1, 2, 4):
            header.setSectionResizeMode(column_index, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        buttons = ButtonRow()
        self.fill_button = QPushButton("Fill i&n here…")
        self.fill_button.setToolTip("Someone answers on this machine (anonymous)")
        self.fill_button.clicked.connect(self.fill_in_here)
        self.form_button = QPushButton("Save form fi&le…")
        self.form_button.setToolTip("A small JSON form to send; people fill it and send it back")
        self.form_button.clicked.connect(self.save_form)
        self.import_button = QPushButton("&Import answers…")
        self.import_button.setToolTip("Read returned form files")
        self.import_button.clicked.connect(self.import_answers)
        self.remove_answer_button = QPushButton("Remove answer")
        self.remove_answer_button.clicked.connect(self.remove_selected_answer)
        for button in (self.fill_button, self.form_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_answer_button)
        column.addWidget(title)
        column.addWidget(self.survey_summary)
        column.addWidget(self.survey_view, 1)
        column.addLayout(buttons)
        self.survey_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.survey_view.selectionModel().currentChanged.connect(self._update_buttons)
        return box

    # -- following the document ----------------------------------------------------------------
    def _on_opened(self, _doc: Document | None) -> None:
        self.setEnabled(self.session.doc is not None)
        self.status.clear()
        self._refresh()

    def _on_change(self, change: Change) -> None:
        if change.action == "fields" and "facilitation" in change.fields:
            self._refresh()

    def _refresh(self) -> None:
        doc = self.session.doc
        lot = doc.pm.facilitation.parking_lot if doc is not None else []
        waiting = sum(1 for p in lot if p.settled is Settled.OPEN)
        if not lot:
            self.parking_hint.setText(
                "Nothing parked. During the meeting, press F4 to set a point aside "
                "(the selected words, or a line you type) and keep the discussion on track."
            )
        elif waiting:
            self.parking_hint.setText(
                f"{waiting} of {len(lot)} parked point{'s' if len(lot) != 1 else ''} still to "
                "settle: turn each into an action, drop it, or keep it for later."
            )
        else:
            self.parking_hint.setText("Every parked point is settled.")
        answers = doc.pm.facilitation.survey if doc is not None else []
        if not answers:
            self.survey_summary.setText(
                "After the meeting, ask four short questions: was it useful, did it feel safe "
                "to speak, was everyone heard, and what to change. Answers carry no names."
            )
        else:
            summary = summarize(answers)
            parts = [
                f"{label} {value:.1f}"
                for label, value in (
                    ("useful", summary.averages["useful"]),
                    ("safe", summary.averages["safe"]),
                    ("heard", summary.averages["heard"]),
                )
                if value is not None
            ]
            self.survey_summary.setText(
                f"{summary.answers} answer{'s' if summary.answers != 1 else ''}; "
                f"averages of 5: {', '.join(parts) or 'no scale answered'}."
            )
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        parked = self.selected_parked()
        current = self.parking_model.item(parked).settled if parked is not None else None
        for settled, button in self.settle_buttons.items():
            button.setEnabled(parked is not None and settled is not current)
        self.remove_parked_button.setEnabled(parked is not None)
        self.remove_answer_button.setEnabled(self._selected_row(self.survey_view) is not None)

    # -- selection -----------------------------------------------------------------------------
    def _selected_row(self, view: QTableView) -> int | None:
        """The row chosen: selected, else the one with the keyboard focus."""
        rows = view.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        current = view.currentIndex()
        return current.row() if current.isValid() else None

    def selected_parked(self) -> int | None:
        return self._selected_row(self.parking_view)

    def select_parked(self, item_id: str) -> None:
        row = self.parking_model.row_of(item_id)
        if row >= 0:
            self.parking_view.selectionModel().select(
                self.parking_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.parking_view.setCurrentIndex(self.parking_model.index(row, 0))

    # -- edits ---------------------------------------------------------------------------------
    def _apply(self, make: Callable[[Document], Edit]) -> bool:
        doc = self.session.doc
        if doc is None:
            return False
        self.session.flush_edits()
        try:
            edit = make(doc)
        except Refused as exc:
            self.status.setText(str(exc))
            return False
        self.status.clear()
        return self.session.apply(edit)

    def settle_selected(self, settled: Settled) -> None:
        row = self.selected_parked()
        if row is None:
            return
        item_id = self.parking_model.item(row).id
        if self._apply(lambda doc: ops.settle(doc, item_id, settled)):
            self.select_parked(item_id)
            if settled is Settled.ACTION:
                self.status.setText("Added to the action items: give it an owner and a deadline.")
        self._back_to_the_list()

    def remove_selected_parked(self) -> None:
        row = self.selected_parked()
        if row is not None:
            item_id = self.parking_model.item(row).id
            self._apply(lambda doc: ops.remove_parked(doc, item_id))
        self._back_to_the_list()

    def _back_to_the_list(self) -> None:
        """The cursor stays with the points being settled (Down, Alt+D, Down, Alt+K ...): the
        button just pressed is disabled now, and Qt would move the focus on to the survey."""
        self.parking_view.setFocus()

    def remove_selected_answer(self) -> None:
        row = self._selected_row(self.survey_view)
        if row is not None:
            answer_id = self.survey_model.index(row, 0).data(ID_ROLE)
            self._apply(lambda doc: ops.remove_survey_answer(doc, answer_id))

    # -- the survey ----------------------------------------------------------------------------
    def fill_in_here(self) -> None:
        from pmdesk.views.survey_dialog import SurveyDialog

        dialog = SurveyDialog(self)
        if dialog.exec() != SurveyDialog.DialogCode.Accepted:
            return
        answer = dialog.answer()
        answer.received_at = self.clock()
        if self._apply(lambda doc: ops.add_survey_answers(doc, [answer])):
            self.status.setText("Answer added. Thank you!")

    def save_form(self) -> Path | None:
        doc = self.session.doc
        if doc is None:
            return None
        from pmdesk.facilitation.survey_file import write_form
        from pmdesk.files import FileProblem
        from pmdesk.report import suggested_filename

        folder = settings.EXPORT_FOLDER.get() or str(Path.home())
        stem = suggested_filename(doc.pm, "json").removesuffix(".json")
        name, _ = QFileDialog.getSaveFileName(
            self, "Save survey form", str(Path(folder) / f"{stem}-survey.json"), "JSON (*.json)"
        )
        if not name:
            return None
        try:
            write_form(Path(name), doc.pm.title)
        except FileProblem as exc:
            QMessageBox.warning(self, "Form not saved", str(exc))
            return None
        self.status.setText(
            f"Saved {Path(name).name}: send it to the attendees, then import the returned files."
        )
        return Path(name)

    def import_answers(self) -> int:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Import survey answers", settings.IMPORT_FOLDER.get(), "JSON (*.json)"
        )
        return self.import_paths([Path(n) for n in names])

    def import_paths(self, paths: list[Path]) -> int:
        """Read returned forms; one bad file stops the import with one line naming it."""
        from pmdesk.facilitation.survey_file import SurveyFileError, read_answer

        if not paths:
            return 0
        try:
            answers = [read_answer(path, self.clock()) for path in paths]
        except SurveyFileError as exc:
            self.status.setText(f"Nothing imported: {exc}")
            return 0
        doc = self.session.doc
        known = {a.id for a in doc.pm.facilitation.survey} if doc is not None else set()
        fresh = [a for a in answers if a.id not in known]
        if fresh and not self._apply(lambda d: ops.add_survey_answers(d, fresh)):
            return 0
        again = len(answers) - len(fresh)
        text = f"Imported {len(fresh)} answer{'s' if len(fresh) != 1 else ''}"
        if again:
            text += f"; {again} already imported before"
        self.status.setText(text + ".")
        return len(fresh)
