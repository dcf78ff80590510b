"""Review before release: every redaction of the redacted edition, side by side with its original.

The facilitator keeps one as written, leaves a section out, or adds a word of their own; each
choice is an undoable edit saved with the postmortem (Ctrl+Z works here as in the main window).
The list is rebuilt from the document after each change, never kept as a copy of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pmdesk.document import Change, Document
from pmdesk.operations import redaction as ops
from pmdesk.operations.edit import Edit, Refused
from pmdesk.redaction import TeamTermsError
from pmdesk.redaction.review import KEPT, LEFT_OUT, NOT_FOUND, REDACTED, TEAM
from pmdesk.redaction.team import add_team_term, load_team_terms, remove_team_term
from pmdesk.ui.redaction_model import RedactionModel
from pmdesk.ui.screen import fit_to_screen
from pmdesk.ui.session import DocumentSession

_BUTTON_TEXT = {
    REDACTED: "&Keep as written",
    KEPT: "&Redact again",
    LEFT_OUT: "&Put back in",
    NOT_FOUND: "&Remove term",
    TEAM: "&Remove from the team's list",
}


class RedactionReview(QDialog):
    """A window of its own (not modal): the meeting can go on beside it."""

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Review the redacted edition — pmdesk")
        self.model = RedactionModel(self)
        self._refresh_soon = QTimer(self, singleShot=True, interval=250)
        self._refresh_soon.timeout.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_intro())
        layout.addLayout(self._build_sections())
        layout.addWidget(self._build_table(), 1)
        layout.addLayout(self._build_choices())
        self.problem = QLabel()
        self.problem.setObjectName("error")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        for keys, slot in ((QKeySequence.StandardKey.Undo, session.undo),
                           (QKeySequence.StandardKey.Redo, session.redo)):  # fmt: skip
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
        session.changed.connect(self._on_change)
        session.documentOpened.connect(self._on_opened)
        self.resize(1000, 560)
        self.refresh()
        fit_to_screen(self, parent)  # at 150% on 720 px it was wider and taller than the screen

    # -- building ---------------------------------------------------------------------------
    def _build_intro(self) -> QLabel:
        intro = QLabel(
            "What the redacted edition (for publishing beyond the room) replaces or leaves out. "
            "Keep a row as written if it is safe to share, or add a word or a /pattern/ of your "
            "own; the choices are saved with the postmortem and Ctrl+Z undoes them. A term for "
            "every postmortem goes on the team's list instead."
        )
        intro.setWordWrap(True)
        return intro

    def _build_sections(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Leave out of the redacted edition:"))
        self.section_boxes: dict[str, QCheckBox] = {}
        for key, text in (("summary", "&Summary"), ("lessons", "&Lessons learned")):
            box = QCheckBox(text)
            box.toggled.connect(lambda on, key=key: self._apply(ops.set_restricted, key, on))
            row.addWidget(box)
            self.section_boxes[key] = box
        self.items_button = QPushButton("&More sections…")
        self.items_button.setAutoDefault(False)
        self.items_button.setToolTip("Leave out a quote, a contributing factor or an action item")
        self.items_menu = QMenu(self.items_button)
        self.items_menu.aboutToShow.connect(self._fill_items_menu)
        self.items_button.setMenu(self.items_menu)
        row.addWidget(self.items_button)
        row.addStretch(1)
        self.counts = QLabel()
        self.counts.setObjectName("hint")
        # Wraps where the row is short (at 150% on 720 px it made the window wider than it).
        self.counts.setWordWrap(True)
        row.addWidget(self.counts)
        return row

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Redactions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_button())
        self.table.doubleClicked.connect(lambda _index: self.undo_one())
        return self.table

    def _build_choices(self) -> QVBoxLayout:
        """The chosen row's button, then a term to add on a line of its own: side by side they
        made the window wider than a 1280 x 720 screen at 150% (947 of its 853 px)."""
        rows = QVBoxLayout()
        row = QHBoxLayout()
        rows.addLayout(row)
        self.undo_button = QPushButton(_BUTTON_TEXT[REDACTED])
        self.undo_button.setToolTip("Undo the chosen row's redaction (or choice)")
        self.undo_button.clicked.connect(self.undo_one)
        # Return in the term field adds the term; it must not press a button as well.
        self.undo_button.setAutoDefault(False)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        row = QHBoxLayout()
        rows.addLayout(row)
        self.term_edit = QLineEdit()
        self.term_edit.setPlaceholderText("A word to redact, or a /pattern/ such as /SEC-\\d{4}/")
        self.term_edit.setAccessibleName("Term to redact")
        self.term_edit.setMinimumWidth(360)
        self.term_edit.returnPressed.connect(self.add_term)
        row.addWidget(self.term_edit, 1)
        self.team_box = QCheckBox("For &every postmortem")
        self.team_box.setToolTip(
            "Put the term on the team's list (a file in pmdesk's data folder): every redacted "
            "export and publish hides it, in every postmortem. Not undone by Ctrl+Z: remove it "
            "from this list instead."
        )
        row.addWidget(self.team_box)
        add = QPushButton("&Add term")
        add.setAutoDefault(False)
        add.clicked.connect(self.add_term)
        row.addWidget(add)
        return rows

    def _fill_items_menu(self) -> None:
        """Every quote, factor and action item, ticked when it is left out."""
        self.items_menu.clear()
        doc = self.session.doc
        if doc is None:
            return
        marked = set(doc.pm.redaction.restricted)
        groups = (
            ("findings", "Quote", [(f.id, f.text) for f in doc.pm.findings]),
            ("factors", "Factor", [(f.id, f.text) for f in doc.pm.factors]),
            ("actions", "Action item", [(a.id, a.description) for a in doc.pm.actions]),
        )
        for collection, noun, items in groups:
            for number, (item_id, text) in enumerate(items, start=1):
                key = ops.restricted_key(collection, item_id)
                shown = " ".join(text.split())
                shown = shown if len(shown) <= 70 else shown[:69] + "…"
                action = self.items_menu.addAction(f"{noun} {number}: {shown}")
                action.setCheckable(True)
                action.setChecked(key in marked)
                action.toggled.connect(lambda on, key=key: self._apply(ops.set_restricted, key, on))
        if self.items_menu.isEmpty():
            self.items_menu.addAction("No quotes, factors or action items yet").setEnabled(False)

    # -- the facilitator's choices ------------------------------------------------------------
    def _apply(self, operation: Callable[..., Edit], *args: object) -> bool:
        doc = self.session.doc
        if doc is None:
            return False
        try:
            edit = operation(doc, *args)
        except Refused as exc:
            self.problem.setText(f"Not changed: {exc}.")
            return False
        self.problem.clear()
        self.session.apply(edit)
        return True

    def undo_one(self) -> None:
        row = self.model.row(self.table.currentIndex().row())
        if row is None:
            return
        if row.state == REDACTED:
            self._apply(ops.keep_original, row.key)
        elif row.state == KEPT:
            self._apply(ops.redact_again, row.key)
        elif row.state == LEFT_OUT:
            self._apply(ops.set_restricted, row.key, False)
        elif row.state == TEAM:
            self._team_change(lambda: remove_team_term(row.key), "")
        else:
            self._apply(ops.remove_term, row.key)

    def add_term(self) -> None:
        text = " ".join(self.term_edit.text().split())
        if not self.team_box.isChecked():
            if self._apply(ops.add_term, text):
                self.term_edit.clear()
            return
        if len(text) < ops.MIN_TERM:
            self.problem.setText(f"Not changed: a term needs at least {ops.MIN_TERM} characters.")
            return
        if self._team_change(lambda: add_team_term(text), f"{text!r} is already on the list"):
            self.term_edit.clear()

    def _team_change(self, change: Callable[[], bool], unchanged: str) -> bool:
        """Add to or take from the team's list (a file, not the document: no undo)."""
        try:
            changed = change()
        except TeamTermsError as exc:
            self.problem.setText(f"Not changed: {exc}")
            return False
        self.problem.setText(f"Not changed: {unchanged}." if unchanged and not changed else "")
        self.refresh()
        return changed

    # -- showing the document -------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if self.isVisible():
            self._refresh_soon.start()

    def _on_opened(self, _doc: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        doc: Document | None = self.session.doc
        current = self.table.currentIndex().row()
        try:
            team_terms = load_team_terms()
        except TeamTermsError as exc:
            team_terms = []
            self.problem.setText(f"The team's list is not used: {exc}")
        self.model.refresh(doc.pm if doc is not None else None, team_terms)
        if self.model.rowCount():
            self.table.selectRow(min(max(current, 0), self.model.rowCount() - 1))
        for key, box in self.section_boxes.items():
            box.blockSignals(True)
            box.setChecked(doc is not None and key in doc.pm.redaction.restricted)
            box.setEnabled(doc is not None)
            box.blockSignals(False)
        states = [row.state for row in self.model.rows]
        self.counts.setText(
            f"{states.count(REDACTED)} replaced · {states.count(LEFT_OUT)} left out · "
            f"{states.count(KEPT)} kept as written"
        )
        self._update_button()

    def _update_button(self) -> None:
        row = self.model.row(self.table.currentIndex().row())
        self.undo_button.setEnabled(row is not None)
        self.undo_button.setText(_BUTTON_TEXT[row.state if row is not None else REDACTED])

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        self.refresh()
        super().showEvent(event)
