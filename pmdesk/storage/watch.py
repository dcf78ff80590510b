"""Noticing that someone else wrote to the database, cheaply enough to ask every second.

SQLite: `PRAGMA data_version` on a connection of our own changes whenever another connection
commits. PostgreSQL: every write sends a NOTIFY on CHANNEL; a connection of our own LISTENs and
collects them without waiting.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from pmdesk.storage.location import read_only_connection
from pmdesk.storage.versioning import CHANNEL


class Watcher:
    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        """path: the SQLite file (None for a server database, or nothing to watch)."""
        self._engine = engine
        self._path = path
        self._postgres = engine.dialect.name == "postgresql"
        self._connection: Any = None
        self._seen: int | None = None

    def _open(self) -> Any:
        if self._connection is None:
            if self._postgres:
                import psycopg

                url = self._engine.url.set(drivername="postgresql")
                dsn = url.render_as_string(hide_password=False)
                self._connection = psycopg.connect(dsn, autocommit=True)
                self._connection.execute(f"LISTEN {CHANNEL}")
            elif self._path is not None:
                self._connection = _sqlite_connection(self._path)
        return self._connection

    def changed(self) -> bool:
        """Whether anyone (this process included) committed since the last call; True at the
        first call (nothing is known of what happened before)."""
        first = self._connection is None
        connection = self._open()
        if connection is None:
            return first
        if self._postgres:
            return bool(list(connection.notifies(timeout=0))) or first
        (version,) = connection.execute("PRAGMA data_version").fetchone()
        changed = bool(version != self._seen)
        self._seen = version
        return changed

    def __del__(self) -> None:
        self.close()  # a window dropped without closing its link still lets go of the server

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _sqlite_connection(path: Path) -> Any:
    """A connection that sees others' commits: "rw" never creates a file that went away; a
    database in a read-only folder is watched read-only (nobody else writes there either)."""
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True)
        connection.execute("PRAGMA data_version").fetchone()
        return connection
    except sqlite3.Error:
        return read_only_connection(path)
