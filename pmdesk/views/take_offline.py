"""File > Take offline…: pick postmortems from a team database and copy them into this one
(the same as `pmdesk checkout`), to work on with no network and sync back later."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from pmdesk.operations.team import TeamEntry, TeamSync


class TakeOfflineDialog(QDialog):
    """Where the team database is, and which of its postmortems to take."""

    def __init__(self, team: TeamSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Take offline")
        self.team = team
        self.entries: list[TeamEntry] = []
        self.taken = 0
        self.location = QLineEdit()
        self.location.setAccessibleName("Team database")
        self.location.setPlaceholderText("A database file, or postgresql://host/name")
        where = QLabel("&Team database:")
        where.setBuddy(self.location)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        self.list_button = QPushButton("&List postmortems")
        self.list_button.clicked.connect(self.list_team)
        self.location.returnPressed.connect(self.list_team)
        row = QHBoxLayout()
        row.addWidget(where)
        row.addWidget(self.location, 1)
        row.addWidget(browse)
        row.addWidget(self.list_button)
        self.postmortems = QListWidget()
        self.postmortems.setAccessibleName("Postmortems in the team database")
        self.postmortems.itemChanged.connect(lambda _item: self._update())
        self.message = QLabel("Name the team database, then List postmortems.")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.take_button = self.buttons.addButton(
            "Take &offline", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.take)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.postmortems, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(620, 420)
        self._update()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Team database", "", "pmdesk databases (*.sqlite3 *.db);;All files (*)"
        )
        if path:
            self.location.setText(path)
            self.list_team()

    def _url(self) -> str:
        return self.location.text().strip()

    def list_team(self) -> None:
        from pmdesk.database import DatabaseProblem

        self.postmortems.clear()
        self.entries = []
        if not self._url():
            self.message.setText("Name the team database first: a file, or postgresql://…")
            self._update()
            return
        if "://" not in self._url() and not Path(self._url()).expanduser().is_file():
            self.message.setText(
                f"There is no database file at {self._url()}: check the path, or Browse… for it."
            )
            self._update()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.entries = self.team.team_library(self._url())
        except DatabaseProblem as problem:
            self.message.setText(str(problem))
            self._update()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        for entry in self.entries:
            text = " · ".join(part for part in (entry.when, entry.title or "Untitled") if part)
            item = QListWidgetItem(text + ("  (already here)" if entry.taken else ""))
            flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
            if entry.taken:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, entry.team_id)
            self.postmortems.addItem(item)
        if not self.entries:
            self.message.setText("The team database holds no postmortems.")
        else:
            self.message.setText("Tick the postmortems to take (Space ticks the selected one).")
        if self.postmortems.count():
            self.postmortems.setCurrentRow(0)
            self.postmortems.setFocus()
        self._update()

    def chosen(self) -> list[int]:
        ids = []
        for row in range(self.postmortems.count()):
            item = self.postmortems.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def _update(self) -> None:
        self.take_button.setEnabled(bool(self.chosen()))

    def take(self) -> None:
        from pmdesk.database import DatabaseProblem

        ids = self.chosen()
        if not ids:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.taken = self.team.checkout(self._url(), ids)
        except DatabaseProblem as problem:
            self.message.setText(str(problem))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
