"""The real door to a database: what pmdesk.operations.library.Door promises, through storage.

The command line makes one and hands it to the app; the screens only ever see the protocol.
SQLAlchemy is imported when the database is first opened, after the window has painted.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from pmdesk.database import DatabaseLocation, DatabaseProblem, LibraryEntry
from pmdesk.storage.location import SCHEMA_HEAD, check_sqlite_file, resolve

if TYPE_CHECKING:
    from pmdesk.operations.library import Store
    from pmdesk.storage.repository import Repository
    from pmdesk.storage.tracker import Tracker


class StorageDoor:
    def __init__(self, location: DatabaseLocation) -> None:
        self._location = location

    @classmethod
    def at(cls, value: str | None = None) -> StorageDoor:
        """The database named by `--db`, else PMDESK_DB, else the per-user default."""
        return cls(resolve(value))

    @property
    def location(self) -> DatabaseLocation:
        return self._location

    def open(self, *, lock_wait: float | None = None, must_write: bool = False) -> Repository:
        from pmdesk.storage.engine import open_engine
        from pmdesk.storage.repository import Repository

        try:
            engine = open_engine(self._location, lock_wait=lock_wait)
        except DatabaseProblem as problem:
            if must_write or problem.kind != "read-only":
                raise
            # Still readable: open it to read, and let each save say why it cannot.
            engine = open_engine(self._location, read_only=True)
        return Repository(engine)

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

    def elsewhere(self, value: str) -> StorageDoor:
        return StorageDoor.at(value)

    def write_locked(self) -> bool:
        from pmdesk.storage.guard import write_locked

        return self._location.path is not None and write_locked(self._location.path)

    def tracker(self, store: Store) -> Tracker:
        from pmdesk.storage.repository import Repository
        from pmdesk.storage.tracker import Tracker

        assert isinstance(store, Repository), "a store this door opened"
        return Tracker(store.engine)

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
