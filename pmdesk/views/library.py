"""The library pane: every postmortem in the database, a filter, and the trash."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QModelIndex, QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.database import LibraryEntry
from pmdesk.ui.library_delegate import LibraryDelegate
from pmdesk.ui.library_model import ID_ROLE, LibraryFilter, LibraryModel


class LibraryPane(QFrame):
    """Lists postmortems; emits `openRequested(id)` when the user picks one."""

    openRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.showing_trash = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)

        self.heading = QLabel("Postmortems")
        self.heading.setObjectName("sectionTitle")
        layout.addWidget(self.heading)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by title, date, severity, status…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter postmortems")
        layout.addWidget(self.filter_edit)

        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        # One row a postmortem, painted as two lines (title; date, severity, status).
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setModelColumn(0)
        self.view.setItemDelegate(LibraryDelegate(self.view))
        self.view.setAccessibleName("Postmortem library")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        layout.addWidget(self.view, 1)

        self.empty = QLabel("No postmortems yet.\nCreate one with New (Ctrl+N).")
        self.empty.setObjectName("libraryEmpty")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty, 1)  # takes the list's place, so the heading stays on top

        buttons = QHBoxLayout()
        self.new_button = QPushButton("&New")
        self.new_button.setObjectName("primary")
        self.restore_button = QPushButton("&Restore")
        self.empty_trash_button = QPushButton("Empty trash…")
        self.trash_toggle = QPushButton("Trash")
        self.trash_toggle.setCheckable(True)
        for button in (self.new_button, self.restore_button, self.empty_trash_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        # The trash switch on its own line: in the trash, three buttons do not fit the pane.
        switch = QHBoxLayout()
        switch.addStretch(1)
        switch.addWidget(self.trash_toggle)
        layout.addLayout(switch)

        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.filter_edit.installEventFilter(self)  # Down moves from the filter into the list
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self._update_mode()

    def set_entries(self, entries: list[LibraryEntry], *, trash: bool = False) -> None:
        self.showing_trash = trash
        self.model.set_entries(entries)
        self.trash_toggle.setChecked(trash)
        self._update_mode()

    def _update_mode(self) -> None:
        trash = self.showing_trash
        self.heading.setText("Trash" if trash else "Postmortems")
        self.new_button.setVisible(not trash)
        self.restore_button.setVisible(trash)
        self.empty_trash_button.setVisible(trash)
        self.trash_toggle.setText("Back to library" if trash else "Trash")
        empty = self.model.rowCount() == 0
        self.empty.setText(
            "The trash is empty."
            if trash
            else "No postmortems yet.\nCreate one with New (Ctrl+N), or import the sample from "
            "the File menu."
        )
        self.empty.setVisible(empty)
        self.view.setVisible(not empty)
        self.empty_trash_button.setEnabled(not empty)
        self.restore_button.setEnabled(not empty)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == QtCore.Qt.Key.Key_Down
            and self.view.isVisible()
            and self.proxy.rowCount() > 0
        ):
            current = self.view.currentIndex()
            if not current.isValid():
                current = self.proxy.index(0, 0)
            self.view.setCurrentIndex(current)
            self.view.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid() and not self.showing_trash:
            self.openRequested.emit(int(index.data(ID_ROLE)))

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedIndexes()
        return int(rows[0].data(ID_ROLE)) if rows else None

    def select(self, postmortem_id: int | None) -> None:
        if postmortem_id is None:
            self.view.clearSelection()
            return
        row = self.model.row_of(postmortem_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.view.selectionModel().select(
                index,
                QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
            self.view.scrollTo(index)
