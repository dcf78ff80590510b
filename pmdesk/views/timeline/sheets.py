"""Contribution sheets going out: the timeline so far, one sheet per attendee, into a folder.

Before the meeting the facilitator sends each attendee their sheet (a CSV for a spreadsheet and a
plain-text form for an email reply); the returned sheets come back through Import. Everyone is
chosen at first except the facilitator, who already holds the timeline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.model import Attendee
from pmdesk.timeline.contributions import write_sheets
from pmdesk.timeline.defaults import import_defaults
from pmdesk.ui import settings
from pmdesk.ui.session import DocumentSession


class ContributionSheetsDialog(QDialog):
    """Choose the attendees and the folder; OK writes two files per attendee."""

    def __init__(
        self, attendees: Sequence[Attendee], folder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Write contribution sheets")
        self.resize(560, 460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Each attendee gets the timeline so far with their name on it, as a CSV for a "
            "spreadsheet and as a plain-text form to fill in by email. Import the returned "
            "sheets together with File > Import timeline."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.people = QListWidget()
        self.people.setAccessibleName("Attendees to write a sheet for")
        for attendee in attendees:
            role = f"  ({attendee.role})" if attendee.role else ""
            item = QListWidgetItem(f"{attendee.name}{role}")
            item.setData(Qt.ItemDataRole.UserRole, attendee.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = Qt.CheckState.Unchecked if attendee.facilitator else Qt.CheckState.Checked
            item.setCheckState(checked)
            self.people.addItem(item)
        self.people.itemChanged.connect(lambda _item: self._update())
        layout.addWidget(self.people, 1)
        row = QHBoxLayout()
        self.folder_edit = QLineEdit(folder)
        self.folder_edit.setAccessibleName("Folder for the sheets")
        self.folder_edit.textChanged.connect(lambda _text: self._update())
        choose = QPushButton("&Choose…")
        choose.clicked.connect(self._choose_folder)
        label = QLabel("&Folder:")
        label.setBuddy(self.folder_edit)
        row.addWidget(label)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(choose)
        layout.addLayout(row)
        self.problem = QLabel()
        self.problem.setProperty("check", "warn")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def chosen(self) -> list[str]:
        return [
            str(self.people.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.people.count())
            if self.people.item(i).checkState() == Qt.CheckState.Checked
        ]

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser()

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the sheets", str(self.folder()))
        if chosen:
            self.folder_edit.setText(chosen)

    def _update(self) -> None:
        count = len(self.chosen())
        problem = ""
        if not count:
            problem = "Choose at least one attendee."
        elif not self.folder_edit.text().strip():
            problem = "Choose the folder to write the sheets into."
        elif not self.folder().is_dir():
            problem = f"{self.folder()} is not a folder; choose an existing one."
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Write {count} sheet{'s' if count != 1 else ''}")
        ok.setEnabled(not problem)


def write_contribution_sheets(
    session: DocumentSession, parent: QWidget, say: Callable[[str], None]
) -> list[Path]:
    """Ask for attendees and a folder, then write their sheets; returns the files written."""
    doc = session.doc
    if doc is None:
        say("Open a postmortem first, then write its contribution sheets")
        return []
    if not doc.pm.attendees:
        say("Add the attendees on the Overview first: each sheet carries one attendee's name")
        return []
    session.flush_edits()
    dialog = ContributionSheetsDialog(doc.pm.attendees, settings.IMPORT_FOLDER.get(), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen():
        say("No contribution sheets were written")
        return []
    folder, names = dialog.folder(), dialog.chosen()
    settings.IMPORT_FOLDER.set(str(folder))
    try:
        written = write_sheets(doc.pm, names, folder, import_defaults(doc.pm).tz)
    except OSError as exc:
        where = exc.filename or folder
        QMessageBox.warning(
            parent,
            "The contribution sheets were not all written",
            f"{where}: cannot be written ({exc.strerror}). Choose another folder and try again.",
        )
        say(f"Contribution sheets not written: {where}: {exc.strerror}")
        return []
    people = f"{len(names)} attendee{'s' if len(names) != 1 else ''}"
    say(f"Wrote {len(written)} files for {people} into {folder}")
    return written
