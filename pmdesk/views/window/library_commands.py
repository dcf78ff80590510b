"""The library's commands: list and search it, show the trash, open, create, duplicate, trash
and restore."""

from __future__ import annotations

from functools import partial

from PySide6 import QtWidgets
from PySide6.QtCore import QEvent

from pmdesk.operations import library as library_ops
from pmdesk.ui.session import SaveState
from pmdesk.views.database_faults import (
    database_command,
    patiently,
    show_note,
    stopped_text,
    wait_for_lock,
)
from pmdesk.views.window.parts import WindowParts

SEARCH_LIMIT = 200  # hits listed at most: the best ones; a narrower search finds the rest


class LibraryCommands(WindowParts):
    @database_command("read the library")
    def reload_library(self) -> None:
        trash = self.library.showing_trash
        if self.library.search_text:
            self._show_search(self.library.search_text)
        else:
            repo = self.session.repo
            entries = library_ops.list_library(repo, trash=trash)
            # An empty library says when its postmortems are in the trash.
            trashed = 0 if trash or entries else len(library_ops.list_library(repo, trash=True))
            self.library.set_entries(entries, trash=trash, trashed=trashed)
        if self.session.doc is not None:
            self.library.select(self.session.doc.pm.id)
        self.session.libraryChanged.emit()

    @database_command("search the library")
    def search_library(self, text: str) -> None:
        """Show what matches `text` (everything when it is empty); a mistake in the query is
        said under the search field."""
        if not text:
            self.reload_library()
            return
        self._show_search(text)
        if self.session.doc is not None:
            self.library.select(self.session.doc.pm.id)

    def _show_search(self, text: str) -> None:
        from pmdesk.search import QueryError

        trash = self.library.showing_trash
        try:
            results = library_ops.search_library(
                self.session.repo, text, trash=trash, limit=SEARCH_LIMIT
            )
        except QueryError as exc:
            self.library.show_query_error(str(exc))
            return
        self.library.show_results(results, trash=trash)

    @database_command("show the trash")
    def show_trash(self, on: bool) -> None:
        if on == self.library.showing_trash:
            return
        self.library.showing_trash = on
        self.reload_library()

    def focus_filter(self) -> None:
        if self.library.isHidden() and self.library_fold is not None:
            self.library_fold.bring_back()  # folded away for the meeting: Ctrl+K unfolds it
        self.library.filter_edit.setFocus()
        self.library.filter_edit.selectAll()
        self.session.door.preload()  # the search needs the database layer: load it meanwhile

    @database_command("open the postmortem")
    def open_postmortem(self, postmortem_id: int) -> None:
        doc = self.session.doc
        if doc is not None and doc.pm.id == postmortem_id:
            return
        if not self._save_first("open another postmortem") or not self.session.close():
            self.library.select(doc.pm.id if doc is not None else None)  # keep the list honest
            return
        self._build_panels()
        # The panels fill in one by one; some widgets (a progress bar) repaint at once when
        # changed, which would show a half-filled page. Nothing is drawn until all are done.
        self.setUpdatesEnabled(False)
        try:
            self.session.open(postmortem_id)
            # Laid out before the first frame too: the library folding away moves the page,
            # whose new width can rearrange a panel (the overview's two columns), each a
            # layout request of its own; drawn between two of them the page was half laid out.
            for _ in range(4):
                QtWidgets.QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        finally:
            self.setUpdatesEnabled(True)

    @database_command("create a new postmortem")
    def new_postmortem(self) -> None:
        if self.library.showing_trash:
            self.show_trash(False)
        from pmdesk.meeting import default_plan
        from pmdesk.model import Postmortem

        pm = Postmortem()
        pm.phases = default_plan(pm.kind)
        new_id = patiently(self, self.session, lambda: self.session.create(pm))
        self.reload_library()
        self.open_postmortem(new_id)
        self.show_panel("overview")

    @database_command("duplicate the postmortem")
    def duplicate_current(self) -> None:
        doc = self.session.doc
        if doc is None or doc.pm.id is None or not self._save_first("duplicate the postmortem"):
            return
        new_id = patiently(
            self, self.session, partial(library_ops.duplicate, self.session.repo, doc.pm.id)
        )
        self.reload_library()
        self.open_postmortem(new_id)

    @database_command("move the postmortem to the trash")
    def trash_current(self) -> None:
        doc = self.session.doc
        if doc is None or doc.pm.id is None:
            return
        self._trash(doc.pm.id, doc.pm.title)

    @database_command("move the postmortem to the trash")
    def trash_entry(self, postmortem_id: int) -> None:
        """Delete in the library: the postmortem highlighted there to the trash, open or not."""
        row = self.library.model.row_of(postmortem_id)
        if row >= 0:
            self._trash(postmortem_id, self.library.model.entries[row].title)

    def _trash(self, postmortem_id: int, title: str) -> None:
        answer = QtWidgets.QMessageBox.question(
            self,
            "Move to trash",
            f"Move “{title or 'Untitled postmortem'}” to the trash?\n\nIt stays there, and can "
            "be restored, until the trash is emptied.",
        )
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        doc = self.session.doc
        is_open = doc is not None and doc.pm.id == postmortem_id
        if is_open and not self._save_first("move the postmortem to the trash"):
            return
        # Trashed first, closed after: a database that refuses leaves it open as it was.
        patiently(
            self,
            self.session,
            partial(library_ops.trash_postmortem, self.session.repo, postmortem_id),
        )
        if is_open:
            self.session.close()
        self.reload_library()

    @database_command("restore the postmortem")
    def restore_selected(self) -> None:
        selected = self.library.selected_id()
        if selected is None:
            return
        patiently(self, self.session, partial(library_ops.restore, self.session.repo, selected))
        self.library.showing_trash = False
        self.reload_library()
        self.open_postmortem(selected)

    @database_command("empty the trash")
    def empty_trash(self) -> None:
        count = len(self.library.model.entries)
        if not count:
            return
        answer = QtWidgets.QMessageBox.question(
            self,
            "Empty trash",
            f"Delete the {count} postmortem{'s' if count != 1 else ''} in the trash for good? "
            "This cannot be undone.",
        )
        if answer == QtWidgets.QMessageBox.StandardButton.Yes:
            patiently(self, self.session, partial(library_ops.empty_trash, self.session.repo))
            self.reload_library()

    def _save_first(self, doing: str) -> bool:
        """Save the open postmortem before `doing`; if that fails, say why once and keep it open."""
        told = self._lost_notices
        if self.session.save_now():
            return True
        if self.session.state == SaveState.WAITING:
            # Another program holds the lock: wait for it (the window answering), then save.
            if wait_for_lock(self, self.session, doing):
                return self.session.save_now() or self._save_first(doing)
            show_note(self, stopped_text(doing))
            return False
        if self._lost_notices == told:  # the database-lost offer has not just said it
            QtWidgets.QMessageBox.warning(
                self,
                "Not saved",
                f"pmdesk could not {doing}: the open postmortem could not be saved first, so it "
                f"stays open with your changes.\n\n{self.save_label.text()}",
            )
        return False
