"""The real door to a database: what pmdesk.operations.library.Door promises, through storage.

The command line makes one and hands it to the app; the screens only ever see the protocol.
SQLAlchemy is imported when the database is first opened, after the window has painted.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import threading
from typing import TYPE_CHECKING

from pmdesk.database import DatabaseLocation, DatabaseProblem, LibraryEntry, StoredFacts
from pmdesk.storage.location import SCHEMA_HEAD, check_sqlite_file, resolve

if TYPE_CHECKING:
    from pmdesk.model import Postmortem
    from pmdesk.operations.library import ConflictShelf, Store
    from pmdesk.operations.team import TeamSync
    from pmdesk.storage.kept_conflicts import KeptConflicts
    from pmdesk.storage.repository import Repository
    from pmdesk.storage.review_facts import FactsOf
    from pmdesk.storage.tracker import Tracker
    from pmdesk.storage.watch import Watcher


_storage_loader: threading.Thread | None = None


def _load_storage_early() -> None:
    """Import the full database layer in a background thread, once per process.

    A restart reopens the last postmortem without SQLAlchemy; the first save needs it, and
    importing it then would freeze the window for a quarter of a second. Started at the first
    edit, the import is done well before the autosave. An import that fails here fails again,
    with its message, in the save that needs it.
    """
    global _storage_loader
    if _storage_loader is not None or "pmdesk.storage.repository" in sys.modules:
        return
    _storage_loader = threading.Thread(target=_import_storage, name="storage-import", daemon=True)
    _storage_loader.start()


def _import_storage() -> None:
    try:
        import pmdesk.storage.engine
        import pmdesk.storage.repository  # noqa: F401
    except ImportError:
        return  # raised again, and shown, where the save imports it


def _work_out_facts(facts: FactsOf, pm: Postmortem) -> None:
    """Only to remember the answers (pmdesk.review.stored): a failure here is the save's to
    meet, and to survive, as it does (see Repository._facts)."""
    with contextlib.suppress(Exception):  # derived data: the save works them out again
        facts(pm)


class StorageDoor:
    def __init__(
        self, location: DatabaseLocation, *, language_facts: FactsOf | None = None
    ) -> None:
        """language_facts: works out the review's language facts of each postmortem saved
        (see pmdesk.storage.repository.Repository)."""
        self._location = location
        self._language_facts = language_facts
        # The file's identity when a postmortem was read from it before the first open().
        self._read_from: tuple[int, int] | None = None
        self.warming: threading.Thread | None = None  # the last warm_facts, while it works

    @classmethod
    def at(cls, value: str | None = None, *, language_facts: FactsOf | None = None) -> StorageDoor:
        """The database named by `--db`, else PMDESK_DB, else the per-user default."""
        return cls(resolve(value), language_facts=language_facts)

    @property
    def location(self) -> DatabaseLocation:
        return self._location

    def open(self, *, lock_wait: float | None = None, must_write: bool = False) -> Repository:
        from pmdesk.storage.engine import open_engine
        from pmdesk.storage.guard import remember_file
        from pmdesk.storage.repository import Repository

        self._refuse_if_replaced()
        try:
            engine = open_engine(self._location, lock_wait=lock_wait)
        except DatabaseProblem as problem:
            if must_write or problem.kind != "read-only":
                raise
            # Still readable: open it to read, and let each save say why it cannot.
            engine = open_engine(self._location, read_only=True)
        if self._read_from is not None:
            remember_file(engine, self._read_from)  # saves go to that file, or nowhere
        facts = self._facts_after_warming if self._language_facts is not None else None
        return Repository(engine, language_facts=facts)

    def _refuse_if_replaced(self) -> None:
        """A file read before the first open must still be there: never make a new one."""
        path = self._location.path
        if self._read_from is None or path is None:
            return
        from pmdesk.database import DatabaseGone
        from pmdesk.storage.guard import file_identity

        now = file_identity(path)
        if now != self._read_from:
            raise DatabaseGone(self._location.display, replaced=now is not None)

    def quick_load(self, postmortem_id: int) -> Postmortem | None:
        """Read with the sqlite3 module (FACTS.md: importing SQLAlchemy costs hundreds of ms).

        None for another backend, an older schema, no such row, or a fault the full open
        explains better.
        """
        path = self._location.path
        if path is None:
            return None
        from pmdesk.storage.guard import file_identity
        from pmdesk.storage.rows import read_postmortem

        identity = file_identity(path)
        try:
            if identity is None or check_sqlite_file(path) != SCHEMA_HEAD:
                return None
            pm = read_postmortem(path, postmortem_id)
        except (sqlite3.Error, DatabaseProblem):
            return None
        if pm is not None and self._read_from is None:
            self._read_from = identity
        return pm

    def preload(self) -> None:
        _load_storage_early()

    def warm_facts(self, pm: Postmortem) -> None:
        facts = self._language_facts
        if facts is None:
            return
        self.warming = threading.Thread(
            target=_work_out_facts, args=(facts, pm), name="facts-warm", daemon=True
        )
        self.warming.start()

    def quick_library(self) -> list[LibraryEntry] | None:
        path = self._location.path
        if path is None:
            return None
        revision = check_sqlite_file(path)
        if revision == "":
            return []
        if revision != SCHEMA_HEAD:
            return None  # an older schema: listed after the upgrade
        from pmdesk.storage.library import read_library_fast

        return read_library_fast(path)

    def _facts_after_warming(self, pm: Postmortem) -> StoredFacts:
        """A save's facts once the warm-up under way (if any) is done: it is checking the same
        texts, and two threads checking them at once would each take twice as long."""
        assert self._language_facts is not None
        warming = self.warming
        if warming is not None and warming is not threading.current_thread():
            warming.join()
        return self._language_facts(pm)

    def elsewhere(self, value: str) -> StorageDoor:
        return StorageDoor.at(value, language_facts=self._language_facts)

    def write_locked(self) -> bool:
        from pmdesk.storage.guard import write_locked

        return self._location.path is not None and write_locked(self._location.path)

    def tracker(self, store: Store) -> Tracker:
        from pmdesk.storage.repository import Repository
        from pmdesk.storage.tracker import Tracker

        assert isinstance(store, Repository), "a store this door opened"
        return Tracker(store.engine)

    def team(self, store: Store) -> TeamSync:
        from pmdesk.storage.repository import Repository
        from pmdesk.storage.sync import LocalTeamSync

        assert isinstance(store, Repository), "a store this door opened"
        return LocalTeamSync(store)

    def kept_conflicts(self, store: Store) -> ConflictShelf:
        from pmdesk.storage.kept_conflicts import KeptConflicts
        from pmdesk.storage.repository import Repository

        assert isinstance(store, Repository), "a store this door opened"
        return KeptConflicts(store)

    def watcher(self, store: Store) -> Watcher:
        from pmdesk.storage.repository import Repository
        from pmdesk.storage.watch import Watcher

        assert isinstance(store, Repository), "a store this door opened"
        return Watcher(store.engine, self._location.path)

    def lock_timeout(self) -> float:
        from pmdesk.storage.guard import lock_timeout

        return lock_timeout()

    def explain(self, exc: BaseException) -> DatabaseProblem:
        from pmdesk.storage.guard import explain

        return explain(exc, self._location.display)

    def problem(self, exc: BaseException) -> DatabaseProblem | None:
        if isinstance(exc, DatabaseProblem):
            return exc
        if isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("sqlalchemy."):
            return self.explain(exc)
        return None


if TYPE_CHECKING:
    from pmdesk.operations import library

    # mypy holds the real door, database and tracker to what the screens are promised.
    def _door(door: StorageDoor) -> library.Door:
        return door

    def _store(store: Repository) -> library.Store:
        return store

    def _tracker(tracker: Tracker) -> library.Tracker:
        return tracker

    def _shelf(shelf: KeptConflicts) -> library.ConflictShelf:
        return shelf
