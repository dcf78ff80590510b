"""An interview's record: when, who asks, who writes, consent to record, how long the notes are
kept and how long it is planned for; and the warnings about who interviews.

Every field edits through pmdesk.operations.interviews (one undo step each) and is refreshed
from the document, so undo and other screens show at once. A date that cannot be read stays in
its box, marked, with a one-line reason; the record keeps its previous date meanwhile.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from pmdesk.interviews import LONGEST_MINUTES, SHORTEST_MINUTES, interview_by_id, warnings
from pmdesk.model import Interview, NotesKept
from pmdesk.operations.edit import Refused
from pmdesk.operations.interviews import edit_interview
from pmdesk.ui.session import DocumentSession
from pmdesk.ui.widgets import restyle


def _names_combo(accessible: str, placeholder: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setAccessibleName(accessible)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMinimumContentsLength(6)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText(placeholder)
    return combo


class InterviewRecord(QWidget):
    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.interview_id: str | None = None
        self.held_on = QLineEdit()
        self.held_on.setPlaceholderText("YYYY-MM-DD")
        self.held_on.setAccessibleName("Interview date")
        self.interviewer = _names_combo("Interviewer", "Who asks the questions")
        self.scribe = _names_combo("Scribe", "Who takes notes")
        self.consent = QCheckBox("Consent to &record")
        self.notes_kept = QComboBox()
        self.notes_kept.setAccessibleName("Notes kept")
        self.notes_kept.setMinimumContentsLength(8)
        self.notes_kept.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        for kept in NotesKept:
            self.notes_kept.addItem(kept.label, kept.value)
        self.planned = QSpinBox()
        self.planned.setRange(SHORTEST_MINUTES, LONGEST_MINUTES)
        self.planned.setSingleStep(5)
        self.planned.setSuffix(" min")
        self.planned.setAccessibleName("Planned length")
        for field in (self.held_on, self.interviewer, self.scribe, self.notes_kept, self.planned):
            field.setMinimumWidth(60)  # they shrink before the panel scrolls sideways
        self.warning = QLabel()
        self.warning.setObjectName("interviewWarning")
        self.warning.setProperty("check", "warn")
        self.warning.setWordWrap(True)
        self.warning.hide()
        self._layout()
        self._connect()

    def _layout(self) -> None:
        """Three pairs a row, so the notes keep most of a 720-pixel-high screen."""
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        rows = [
            [("&Date", self.held_on), ("&Interviewer", self.interviewer), ("Scri&be", self.scribe)],
            [("Notes &kept", self.notes_kept), ("&Planned", self.planned), ("", self.consent)],
        ]
        for row, pairs in enumerate(rows):
            for number, (text, field) in enumerate(pairs):
                if text:
                    label = QLabel(text)
                    label.setBuddy(field)
                    grid.addWidget(label, row, number * 2)
                    grid.addWidget(field, row, number * 2 + 1)
                else:
                    grid.addWidget(field, row, number * 2, 1, 2)
                grid.setColumnStretch(number * 2 + 1, 1)
        grid.addWidget(self.warning, 2, 0, 1, 6)

    def _connect(self) -> None:
        self.held_on.editingFinished.connect(self._commit_date)
        for combo, name in ((self.interviewer, "interviewer"), (self.scribe, "scribe")):
            line = combo.lineEdit()
            if line is not None:
                line.editingFinished.connect(
                    lambda combo=combo, name=name: self._set(
                        f"Set {name}", **{name: combo.currentText()}
                    )
                )
            combo.activated.connect(
                lambda _index, combo=combo, name=name: self._set(
                    f"Set {name}", **{name: combo.currentText()}
                )
            )
        self.consent.toggled.connect(
            lambda on: self._set("Set consent to record", consent_to_record=on)
        )
        self.notes_kept.activated.connect(
            lambda i: self._set(
                "Set how long notes are kept", notes_kept=self.notes_kept.itemData(i)
            )
        )
        self.planned.valueChanged.connect(
            lambda minutes: self._set("Plan interview length", planned_minutes=minutes)
        )

    # -- editing --------------------------------------------------------------------------------
    def _set(self, label: str, **changes: Any) -> None:
        doc = self.session.doc
        if doc is None or self.interview_id is None or self._loading:
            return
        try:
            edit = edit_interview(doc, label, self.interview_id, changes)
        except Refused as exc:
            self._mark_date(str(exc))
            return
        self.session.apply(edit)

    _loading = False

    def _commit_date(self) -> None:
        text = self.held_on.text().strip()
        try:
            value = date.fromisoformat(text) if text else None
        except ValueError:
            self._mark_date(
                f"Date: “{text}” is not a date; write it as YYYY-MM-DD, e.g. 2026-04-16."
            )
            return
        self._mark_date(None)
        self._set("Set interview date", held_on=value)

    def _mark_date(self, message: str | None) -> None:
        invalid = message is not None
        if bool(self.held_on.property("invalid")) != invalid:
            self.held_on.setProperty("invalid", invalid)
            restyle(self.held_on)
        self.held_on.setToolTip(message or "")
        self.date_problem = message
        self._show_warnings()

    date_problem: str | None = None

    # -- showing ----------------------------------------------------------------------------------
    def _interview(self) -> Interview | None:
        doc = self.session.doc
        return interview_by_id(doc.pm, self.interview_id) if doc is not None else None

    def show_interview(self, interview_id: str | None) -> None:
        if interview_id != self.interview_id:
            self.date_problem = None
            self.held_on.setProperty("invalid", False)
            restyle(self.held_on)
        self.interview_id = interview_id
        self.refresh()

    def refresh(self) -> None:
        interview, doc = self._interview(), self.session.doc
        self.setEnabled(interview is not None)
        if interview is None or doc is None:
            return
        self._loading = True
        try:
            if not (self.date_problem and self.held_on.hasFocus()):
                shown = interview.held_on.isoformat() if interview.held_on else ""
                if self.held_on.text() != shown and not self.date_problem:
                    self.held_on.setText(shown)
            names = [a.name for a in doc.pm.attendees]
            for combo, value in (
                (self.interviewer, interview.interviewer),
                (self.scribe, interview.scribe),
            ):
                if [combo.itemText(i) for i in range(combo.count())] != names:
                    combo.clear()
                    combo.addItems(names)
                line = combo.lineEdit()
                typing = line is not None and line.hasFocus()
                if combo.currentText() != value and not typing:
                    combo.setEditText(value)
            self.consent.setChecked(interview.consent_to_record)
            self.notes_kept.setCurrentIndex(self.notes_kept.findData(interview.notes_kept.value))
            self.planned.setValue(interview.planned_minutes)
        finally:
            self._loading = False
        self._show_warnings()

    def _show_warnings(self) -> None:
        interview, doc = self._interview(), self.session.doc
        found = [] if interview is None or doc is None else warnings(doc.pm, interview)
        if self.date_problem:
            found.insert(0, self.date_problem)
        self.warning.setText("\n".join(f"⚠ {w}" for w in found))
        self.warning.setVisible(bool(found))
