"""The open document as the screens see it: changes, undo, and saving soon after every edit.

Screens never write SQL and never keep their own copy of the data: they push undo commands here
and refresh from the `changed` signal. Saving is automatic: a short debounce after the last change
(so a burst of typing is one write), Ctrl+S to flush at once, and a retry when a write fails, with
the unsaved changes kept in memory until it succeeds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

if TYPE_CHECKING:
    # Imported where used: the session exists before the first paint, documents only after.
    from pmdesk.collab.merge import Conflict
    from pmdesk.database import DatabaseLocation
    from pmdesk.document import Change, Document
    from pmdesk.model import Postmortem
    from pmdesk.operations.edit import Edit
    from pmdesk.operations.library import Door, Store, Tracker
    from pmdesk.operations.together import Shared

# Every edit reaches the database within this long after the last keystroke.
AUTOSAVE_DELAY_MS = 700
RETRY_DELAY_MS = 5000
# A write waits this long for another program's lock before the window says it is waiting; it
# then checks the lock (without waiting) every LOCK_POLL_MS and saves as soon as it is free.
LOCK_WAIT_SECONDS = 1.0
LOCK_POLL_MS = 500
# A server database (PostgreSQL) has no lock to look at without trying: the write is tried again
# this often, each try waiting at most LOCK_WAIT_SECONDS (the server's lock_timeout).
SERVER_RETRY_MS = 2000


class SaveState:
    SAVED = "saved"
    PENDING = "pending"
    SAVING = "saving"
    WAITING = "waiting"  # another program holds the database's lock; saved when it lets go
    ERROR = "error"


class DocumentSession(QObject):
    changed = Signal(object)  # pmdesk.document.Change
    documentOpened = Signal(object)  # Document, or None when closed
    saveStateChanged = Signal(str, str)  # SaveState, a sentence for the status bar
    librarySaved = Signal(object)  # the Postmortem whose library fields were written
    # The library's list was read again (an import, the trash, a restore): what is drawn from it
    # (Seen before) asks afresh.
    libraryChanged = Signal()
    # The database file was deleted or replaced while open (the message says so); the edits are
    # kept in memory until save_elsewhere() writes them to another database.
    databaseLost = Signal(str)
    # The open conflicts changed (someone else saved the same field): a list of Conflicts.
    conflictsChanged = Signal(object)
    closing = Signal()  # the window closes: no more saves, checks or presence
    # A sentence for the status bar: an undo or redo left someone else's saved change as it was.
    notice = Signal(str)

    def __init__(self, door: Door, parent: QObject | None = None) -> None:
        """door: the database to work in (pmdesk.storage.door makes it; screens never import it)."""
        super().__init__(parent)
        self.door = door
        self._repo: Store | None = None
        self.doc: Document | None = None
        self.undo_stack = QUndoStack(self)
        self._flushers: list[Callable[[], None]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        self.state = SaveState.SAVED
        self.last_saved: datetime | None = None
        self._lost = False
        self._lock_timer = QTimer(self)
        self._lock_timer.setSingleShot(True)
        self._lock_timer.timeout.connect(self._check_lock)
        self.waiting_since: float | None = None  # time.monotonic() when the lock was first met
        # What this window last had from the database, for saves that never overwrite an edit
        # they did not see (pmdesk.operations.together).
        self.shared: Shared | None = None
        self._taking_in = False
        self._before_take_in: list[Callable[[], None]] = []
        # Conflicts left unsettled when the open postmortem was last closed here: looked for
        # once per open (pmdesk.operations.together.restore); `_kept`: some are stored now.
        self._kept_looked = False
        self._kept = False
        self._saves_held = False  # a sync is writing this database (see hold_saves)
        self._choosing = False  # a conflict being settled (see choose)
        self._warm = False  # start-up is over: each open works out its first save's facts

    # -- the repository (SQLAlchemy is imported here, when first needed) --------------------
    @property
    def repo(self) -> Store:
        if self._repo is None:
            # A save waits at most this long for another pmdesk's lock, then waits with a note
            # in the status bar: the window must not freeze.
            self._repo = self.door.open(lock_wait=LOCK_WAIT_SECONDS)
        return self._repo

    @property
    def location(self) -> DatabaseLocation:
        return self.door.location

    def tracker(self) -> Tracker:
        """Every action item of every postmortem in this database, for follow-up."""
        return self.door.tracker(self.repo)

    # -- opening and closing ----------------------------------------------------------------
    def open(self, postmortem_id: int) -> Document:
        from pmdesk.document import Document

        self.close()
        # Before anything needs the full database layer (a restart reopening the last
        # postmortem), the door reads it quickly; the repository opens at the first edit.
        from pmdesk.operations.together import Shared

        quick = self.door.quick_load(postmortem_id) if self._repo is None else None
        if quick is not None:
            self.doc = Document(quick)
            self.shared = Shared(quick, None)  # its versions are read at the first check
        else:
            pm, versions = self.repo.load_versioned(postmortem_id)
            self.doc = Document(pm)
            self.shared = Shared(pm, versions)
        self.doc.subscribe(self._on_change)
        self._kept_looked = self._kept = False
        if quick is None:
            self._restore_kept()
        self.documentOpened.emit(self.doc)
        if self._warm:
            self.warm_saving()
        return self.doc

    def warm_saving(self) -> None:
        """Work out beside the window what the first save of the open postmortem needs (the
        language facts of its texts, kept with each save): that save then checks only what was
        typed since, and is no slower than the next. Called in the idle moment after start-up,
        from then on at each open."""
        self._warm = True
        if self.doc is not None:
            import copy

            self.door.warm_facts(copy.deepcopy(self.doc.pm))

    def create(self, pm: Postmortem) -> int:
        return self.repo.create(pm)

    def close(self) -> bool:
        """Save and close the open document; False if the save failed (the document stays open)."""
        if self.doc is None:
            return True
        if not self.save_now():
            return False
        if self.shared is not None and self.shared.conflicts and self.keep_conflicts():
            count = len(self.shared.conflicts)
            self.notice.emit(
                f"{count} conflict{'s' if count > 1 else ''} not settled on "
                f"“{self.doc.pm.title or 'Untitled postmortem'}”: both texts are kept and shown "
                "again when you open it"
            )
        self.doc.unsubscribe(self._on_change)
        self.doc = None
        self.shared = None
        self.undo_stack.clear()
        self.documentOpened.emit(None)
        return True

    # -- editing ------------------------------------------------------------------------------
    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def apply(self, edit: Edit, *, mergeable: bool = False) -> bool:
        """Make an operation's edit one undo step; False when there was nothing to change."""
        if self.doc is None or not edit:
            return False
        from pmdesk.ui.commands import EditCommand

        self.push(EditCommand(self.doc, edit, mergeable=mergeable))
        return True

    def add_flusher(self, flush: Callable[[], None]) -> None:
        """Register a widget's "commit what is typed but not yet pushed" hook."""
        self._flushers.append(flush)

    def flush_edits(self) -> None:
        for flush in list(self._flushers):
            flush()

    def undo(self) -> None:
        self.flush_edits()
        self.undo_stack.undo()
        self._say_kept(self.undo_stack.command(self.undo_stack.index()))

    def redo(self) -> None:
        self.flush_edits()
        self.undo_stack.redo()
        self._say_kept(self.undo_stack.command(self.undo_stack.index() - 1))

    def _say_kept(self, command: QUndoCommand | None) -> None:
        """Undo and redo never revert others' changes: say which were left as they saved them."""
        if command is None:
            return
        lines = [getattr(command, "kept", "")]
        lines += [getattr(command.child(i), "kept", "") for i in range(command.childCount())]
        said = [line for line in lines if line]
        if said:
            self.notice.emit(said[0])

    def _mark_theirs(self, change: Change) -> None:
        from pmdesk.collab.undo import targets_of

        targets = targets_of(change)
        for index in range(self.undo_stack.count()):
            command = self.undo_stack.command(index)
            for step in [command, *(command.child(i) for i in range(command.childCount()))]:
                taken_in = getattr(step, "taken_in", None)
                if taken_in is not None:
                    taken_in(targets)

    def _seal_last_step(self) -> None:
        """Typing after others' changes came in is an undo step of its own (a merged step's
        undo would bring back what was there before their change)."""
        top = self.undo_stack.command(self.undo_stack.index() - 1)
        seal = getattr(top, "seal", None)
        if seal is not None:
            seal()

    # -- saving ---------------------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if self._taking_in:  # someone else's saved change: shown, not to be saved again
            self._seal_last_step()
            self._mark_theirs(change)
            self.changed.emit(change)
            return
        if self._choosing:  # their text chosen in the conflict view: undo leaves it too
            self._mark_theirs(change)
        if self._repo is None:
            self.door.preload()  # in time for the autosave, without freezing the window
        if self.waiting_since is None:  # the waiting note stays until the save goes through
            self._set_state(SaveState.PENDING, "Unsaved changes")
        self._timer.start()
        self.changed.emit(change)

    def save_now(self) -> bool:
        """Write pending changes at once. Returns False (and keeps them) if the write failed."""
        self.flush_edits()
        self._timer.stop()
        doc = self.doc
        if doc is None or not doc.dirty:
            if self.state != SaveState.ERROR:
                self._set_state(SaveState.SAVED, self.saved_text())
            return doc is None or not doc.dirty
        if self.waiting_since is not None and self._still_locked():
            self._show_waiting()  # typing while another program holds the lock never freezes
            return False
        if self._saves_held:
            self._set_state(SaveState.PENDING, "Unsaved changes (saved when the sync is done)")
            return False
        self._set_state(SaveState.SAVING, "Saving…")
        try:
            done = self._write(doc)
        except Exception as exc:  # any failure: keep the edits, say so
            self._save_failed(exc)
            return not doc.dirty  # True when the user saved it elsewhere meanwhile
        if not done:  # others kept saving in between: merged, and tried again soon
            self._set_state(SaveState.PENDING, "Unsaved changes (merging with others' edits)")
            self._timer.start(AUTOSAVE_DELAY_MS)
            return False
        self._lost = False
        self.waiting_since = None
        self._lock_timer.stop()
        self.last_saved = datetime.now()
        self._set_state(SaveState.SAVED, self.saved_text())
        if self.shared is not None and self.shared.conflicts:
            self.keep_conflicts()  # what is typed in a field held by a conflict is kept too
        self.librarySaved.emit(doc.pm)
        return True

    def _write(self, doc: Document) -> bool:
        """Save through the merge (pmdesk.operations.together); False: try again soon."""
        from pmdesk.operations import together

        if self.shared is None or doc.pm.id is None:
            dirty = doc.take_dirty()
            try:
                self.repo.save(doc.pm, dirty)
            except BaseException:
                doc.return_dirty(dirty)
                raise
            return True
        before = set(self.shared.conflicts)
        self._taking_in = True
        try:
            done = together.save(self.repo, doc, self.shared)
        finally:
            self._taking_in = False
        if set(self.shared.conflicts) != before:
            self._conflicts_changed()
        return done

    # -- others' saved changes ---------------------------------------------------------------
    def add_before_take_in(self, hook: Callable[[], None]) -> None:
        """Register "commit what is being typed" for a widget whose edits are not in flushers
        (an open cell editor): before others' changes come in, it becomes the user's own edit."""
        self._before_take_in.append(hook)

    def take_in(self) -> None:
        """Bring in what others saved; what the user is typing stays (a conflict if both wrote)."""
        from pmdesk.operations import together

        doc, shared = self.doc, self.shared
        if doc is None or shared is None or doc.pm.id is None:
            return
        if not self._kept_looked and self._restore_kept():
            return  # that was a take-in too
        for hook in list(self._before_take_in):
            hook()
        self.flush_edits()
        before = set(shared.conflicts)
        self._taking_in = True
        try:
            together.take_in(self.repo, doc, shared)
        finally:
            self._taking_in = False
        if set(shared.conflicts) != before:
            self._conflicts_changed()
        if doc.dirty and not self._timer.isActive():  # a save already due stays due
            self._timer.start()

    def conflicts(self) -> list[Conflict]:
        """The open conflicts, "mine" as the document holds it now."""
        from pmdesk.operations.together import open_conflicts

        if self.doc is None or self.shared is None:
            return []
        return open_conflicts(self.doc, self.shared)

    def choose(self, conflict: Conflict, value: object) -> None:
        """Settle a conflict with the facilitator's choice; saved at once."""
        from pmdesk.operations import together

        if self.doc is None or self.shared is None:
            return
        self._choosing = True
        try:
            together.choose(self.doc, self.shared, conflict, value)
        finally:
            self._choosing = False
        self._conflicts_changed()
        self.save_now()

    # -- conflicts kept across closing and quitting -----------------------------------------------
    @property
    def owner(self) -> str:
        """Whose conflicts these are (two people may share one database file)."""
        from pmdesk.collab.presence import default_name
        from pmdesk.ui import settings

        return settings.DISPLAY_NAME.get() or default_name()

    def keep_conflicts(self) -> bool:
        """Store the open conflicts with the postmortem (or that none are left); False when the
        database could not take them (they stay in the window meanwhile)."""
        from pmdesk.operations.together import to_keep

        doc, shared = self.doc, self.shared
        if doc is None or shared is None or doc.pm.id is None:
            return False
        kept = to_keep(doc, shared)
        if kept is None and not self._kept:
            return True
        try:
            self.door.kept_conflicts(self.repo).keep(doc.pm.id, self.owner, kept)
        except Exception as exc:
            if self.door.problem(exc) is None:
                raise
            return False
        self._kept = kept is not None
        return True

    def _restore_kept(self) -> bool:
        """Conflicts left unsettled when this postmortem was last closed: shown again. True when
        there were some (the postmortem was read and merged again)."""
        from pmdesk.operations import together

        self._kept_looked = True
        doc, shared = self.doc, self.shared
        if doc is None or shared is None or doc.pm.id is None:
            return False
        try:
            kept = self.door.kept_conflicts(self.repo).find(doc.pm.id, self.owner)
        except Exception as exc:
            if self.door.problem(exc) is None:
                raise
            self._kept_looked = False  # asked again at the next look
            return False
        if kept is None:
            return False
        self._kept = True
        self._taking_in = True
        try:
            together.restore(self.repo, doc, shared, kept)
        finally:
            self._taking_in = False
        self._conflicts_changed()
        if doc.dirty and not self._timer.isActive():
            self._timer.start()
        return True

    def _conflicts_changed(self) -> None:
        self.keep_conflicts()
        self.conflictsChanged.emit(self.conflicts())
        if self.state == SaveState.SAVED:
            self._set_state(SaveState.SAVED, self.saved_text())

    # -- another program holding the lock --------------------------------------------------------
    def _database_name(self) -> str:
        return self.location.path.name if self.location.path else self.location.display

    def _still_locked(self) -> bool:
        return self.door.write_locked()

    def _show_waiting(self) -> None:
        if self.waiting_since is None:
            self.waiting_since = time.monotonic()
        waited = time.monotonic() - self.waiting_since
        text = (
            f"Waiting for another pmdesk… {self._database_name()} is being written by another "
            "program (another pmdesk, or a backup tool). Your changes are kept and saved as soon "
            "as it finishes."
        )
        if waited >= self.door.lock_timeout():
            text += f" Still waiting after {waited:.0f} s: close the other program if it is stuck."
        self._set_state(SaveState.WAITING, text)
        if not self._lock_timer.isActive():
            self._lock_timer.start(LOCK_POLL_MS if self.location.path else SERVER_RETRY_MS)

    def _check_lock(self) -> None:
        if self.doc is None or not self.doc.dirty:
            self.waiting_since = None
            return
        if self._still_locked():
            self._show_waiting()
        else:
            self.save_now()

    def _save_failed(self, exc: Exception) -> None:
        from pmdesk.database import DatabaseGone

        problem = self.door.explain(exc)
        name = self._database_name()
        if problem.kind == "locked":
            self._show_waiting()  # not an error: saved as soon as the other program lets go
            return
        self.waiting_since = None
        if isinstance(problem, DatabaseGone):
            self._set_state(
                SaveState.ERROR,
                f"Not saved: {name} {problem.reason}. Your changes are kept: "
                "File > Save to Another Database…",
            )
            if not self._lost:  # ask once; saving is still retried in case the file comes back
                self._lost = True
                self.databaseLost.emit(str(problem))
        else:
            self._set_state(
                SaveState.ERROR,
                f"Not saved: {name} {problem.reason}. "
                "Your changes are kept and saving will be retried.",
            )
        if self.doc is not None and self.doc.dirty:
            self._timer.start(RETRY_DELAY_MS)

    def save_elsewhere(self, path: str) -> int:
        """Write the open document into another database (new or existing) and keep working there.

        For when the database file went away: the document in memory is complete, so it is
        created whole in the other database. Raises DatabaseProblem if that database is unusable;
        nothing changes then. Returns the document's id in the new database.
        """
        doc = self.doc
        if doc is None:
            raise ValueError("no postmortem is open")
        self.flush_edits()
        door = self.door.elsewhere(path)
        repo = door.open(must_write=True)
        old_id = doc.pm.id
        doc.pm.id = None
        try:
            new_id = repo.create(doc.pm)
        except Exception as exc:
            doc.pm.id = old_id
            repo.close()
            raise door.explain(exc) from exc
        doc.take_dirty()
        if self._repo is not None:
            self._repo.close()
        self._repo, self.door, self._lost = repo, door, False
        from pmdesk.operations.together import Shared

        self.shared = Shared(doc.pm, None)  # its numbers in the new database: read at need
        self._timer.stop()
        self.last_saved = datetime.now()
        self._set_state(SaveState.SAVED, self.saved_text())
        self.librarySaved.emit(doc.pm)
        return new_id

    def hold_saves(self, held: bool) -> None:
        """While a sync writes this database on a worker thread, edits wait in memory; when it is
        done, what it wrote comes in as anyone else's save would, and they are saved."""
        self._saves_held = held
        if not held and self.doc is not None:
            self.take_in()
            if self.doc is not None and self.doc.dirty:
                self._timer.start(0)

    def stop_saving(self) -> None:
        """No more saves or retries: the window closed (what could not be saved was let go)."""
        self._timer.stop()
        self._lock_timer.stop()
        self.closing.emit()

    def mark_pending(self) -> None:
        """Typing that is not yet a document change (an editor's commit waits for a pause)."""
        if self.state not in (SaveState.ERROR, SaveState.WAITING):
            self._set_state(SaveState.PENDING, "Unsaved changes")

    def settle(self) -> None:
        """An edit that changed nothing leaves a clean document showing as saved."""
        if (
            self.state == SaveState.PENDING
            and not self._timer.isActive()
            and (self.doc is None or not self.doc.dirty)
        ):
            self._set_state(SaveState.SAVED, self.saved_text())

    def saved_text(self) -> str:
        text = (
            "All changes saved"
            if self.last_saved is None
            else f"Saved at {self.last_saved:%H:%M:%S}"
        )
        count = len(self.shared.conflicts) if self.shared is not None else 0
        if count:
            text += f"; {count} conflict{'s' if count > 1 else ''} to settle (yours kept on screen)"
        return text

    def _set_state(self, state: str, text: str) -> None:
        self.state = state
        self.saveStateChanged.emit(state, text)
