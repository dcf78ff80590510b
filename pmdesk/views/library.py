"""The library pane: every postmortem in the database, a search over all of them, and the trash.

The pane only asks: after a pause in typing it emits `searchRequested`, and the window runs the
search (views never reach the database) and hands back the hits or the query's mistake.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QModelIndex, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
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

if TYPE_CHECKING:
    from pmdesk.search import SearchResults


class LibraryPane(QFrame):
    """Lists postmortems; emits `openRequested(id)` when the user picks one."""

    openRequested = Signal(int)
    trashRequested = Signal(int)  # Delete on a postmortem in the list
    searchRequested = Signal(str)  # the query typed (empty: list everything)
    SEARCH_PAUSE_MS = 150  # a search after each pause in typing, not each key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.showing_trash = False
        self.trashed = 0  # in the trash, while the library shows none
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)

        self.heading = QLabel("Postmortems")
        self.heading.setObjectName("sectionTitle")
        layout.addWidget(self.heading)

        self.filter_edit = QLineEdit()
        # Short enough to show whole with its key in the narrow library (it read
        # "Search all postmortems (Ct…" at 1280 px).
        self.filter_edit.setPlaceholderText("Search (Ctrl+K)…")
        self.filter_edit.setToolTip(
            'Words, "a phrase", pay* (words that start so), and filters: service:NAME '
            "tag:NAME severity:SEV1 kind:near_miss status:reviewed before:2026-04-15 "
            "after:2026-01"
        )
        # No clear button yet: see add_clear_button.
        self.filter_edit.setAccessibleName("Search postmortems")
        layout.addWidget(self.filter_edit)
        # A mistake in the query, or how the search runs, right under the field: never a dialog.
        self.search_message = QLabel()
        self.search_message.setObjectName("searchMessage")
        self.search_message.setWordWrap(True)
        self.search_message.setProperty("error", False)
        self.search_message.setVisible(False)
        layout.addWidget(self.search_message)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(self.SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.search_now)

        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        # One row a postmortem, painted as two lines (title; date, severity, status).
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setModelColumn(0)
        self.delegate = LibraryDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setAccessibleName("Postmortem library")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        # Delete moves the highlighted postmortem to the trash (asking first), as in a file
        # manager: the key did nothing there (walked).
        self.trash_key = QAction("Move to trash…", self.view)
        self.trash_key.setShortcut(QKeySequence(QtCore.Qt.Key.Key_Delete))
        self.trash_key.setShortcutContext(QtCore.Qt.ShortcutContext.WidgetShortcut)
        self.trash_key.triggered.connect(self._trash_highlighted)
        self.view.addAction(self.trash_key)
        # Enter opens the highlighted postmortem; in the trash, where none opens, it restores
        # it, as the trash's Restore button (Alt+R) does: Enter there did nothing (walked).
        # A double click does what Enter does (it did nothing in the trash either).
        self.enter_key = QAction(
            "Open it (in the trash: restore it); a double click does the same", self.view
        )
        self.enter_key.setShortcuts(
            [QKeySequence(QtCore.Qt.Key.Key_Return), QKeySequence(QtCore.Qt.Key.Key_Enter)]
        )
        self.enter_key.setShortcutContext(QtCore.Qt.ShortcutContext.WidgetShortcut)
        self.enter_key.triggered.connect(self._enter_highlighted)
        self.view.addAction(self.enter_key)
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

        self.filter_edit.textChanged.connect(self._pause.start)
        self.filter_edit.returnPressed.connect(self._open_current)
        self.filter_edit.installEventFilter(self)  # Down moves from the filter into the list
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self.view.doubleClicked.connect(self._double_clicked)
        self._update_mode()

    def add_clear_button(self) -> None:
        """The search field's clear button, added once the window is ready.

        Its icon comes from the desktop's icon theme, which Qt reads on the first lookup (about
        7 ms of CPU and 25 ms in all on an X display, measured): the window does not wait for
        it. The button shows only over typed text, so an empty field looks the same without it.
        """
        self.filter_edit.setClearButtonEnabled(True)

    @property
    def search_text(self) -> str:
        return self.filter_edit.text().strip()

    def search_now(self) -> None:
        """Ask for the search typed so far (at once, without waiting for the pause)."""
        self._pause.stop()
        self.searchRequested.emit(self.search_text)

    def set_entries(
        self, entries: list[LibraryEntry], *, trash: bool = False, trashed: int = 0
    ) -> None:
        """`trashed`: how many are in the trash, told where the library itself is empty."""
        self.showing_trash = trash
        self.trashed = trashed
        self._show_message("")
        self.delegate.searching = False
        self.model.set_entries(entries)
        self.trash_toggle.setChecked(trash)
        self._update_mode()

    def show_results(self, results: SearchResults, *, trash: bool = False) -> None:
        """The hits of the search, best first, each with the text around its match."""
        self.showing_trash = trash
        self._show_message(results.note)
        self.delegate.searching = True
        self.model.set_entries(
            [hit.entry for hit in results.hits], {hit.entry.id: hit.snippet for hit in results.hits}
        )
        self.trash_toggle.setChecked(trash)
        self._update_mode()

    def show_query_error(self, message: str) -> None:
        """The query cannot be read: say why under the field and leave the list as it was."""
        self._show_message(message, error=True)

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.search_message.setText(text)
        if self.search_message.property("error") != error:  # restyle only when it changes
            self.search_message.setProperty("error", error)
            self.search_message.style().unpolish(self.search_message)
            self.search_message.style().polish(self.search_message)
        self.search_message.setVisible(bool(text))

    def _update_mode(self) -> None:
        trash = self.showing_trash
        self.heading.setText("Trash" if trash else "Postmortems")
        self.new_button.setVisible(not trash)
        self.restore_button.setVisible(trash)
        self.empty_trash_button.setVisible(trash)
        self.trash_toggle.setText("Back to library" if trash else "Trash")
        empty = self.model.rowCount() == 0
        if self.delegate.searching:
            where = "in the trash" if trash else "in the library"
            self.empty.setText(f"Nothing {where} matches “{self.search_text}”.")
        elif trash:
            self.empty.setText("The trash is empty.")
        elif self.trashed:
            # Not "no postmortems yet": the last one moved to the trash is still there.
            one = self.trashed == 1
            self.empty.setText(
                f"No postmortems here: {self.trashed} in the trash.\nTrash, below, shows "
                f"{'it' if one else 'them'}; Restore puts {'it' if one else 'one'} back."
            )
        else:
            self.empty.setText(
                "No postmortems yet.\nCreate one with New (Ctrl+N), or import the sample "
                "from the File menu."
            )
        self.empty.setVisible(empty)
        self.view.setVisible(not empty)
        self.empty_trash_button.setEnabled(not empty or self.delegate.searching)
        self.restore_button.setEnabled(not empty)
        if trash and not empty and not self.view.selectionModel().hasSelection():
            # Restore acts on the one highlighted: with none, Alt+R or a click did nothing.
            self.view.setCurrentIndex(self.proxy.index(0, 0))

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

    def _open_current(self) -> None:
        """Enter in the search field opens the chosen hit, else the best one."""
        if self._pause.isActive():
            self.search_now()  # what was typed last, not the hits of a moment ago
        current = self.view.currentIndex()
        if not current.isValid():
            current = self.proxy.index(0, 0)
        self._activated(current)

    def _trash_highlighted(self) -> None:
        current = self.view.currentIndex()
        if current.isValid() and not self.showing_trash:
            self.trashRequested.emit(int(current.data(ID_ROLE)))

    def _enter_highlighted(self) -> None:
        current = self.view.currentIndex()
        if not current.isValid():
            return
        if not self.showing_trash:
            self._activated(current)
        elif self.restore_button.isEnabled():
            self.view.selectionModel().select(  # Restore takes the one selected
                current, QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.restore_button.click()

    def _double_clicked(self, index: QModelIndex) -> None:
        """In the trash, the entry double-clicked is restored and opened, as Enter does; in the
        library the click before it has opened it already."""
        if index.isValid() and self.showing_trash:
            self.view.setCurrentIndex(index)
            self._enter_highlighted()

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
