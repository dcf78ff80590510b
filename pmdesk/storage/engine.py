"""Opening a database: engine, SQLite pragmas, and schema migrations with Alembic."""

from __future__ import annotations

import sqlite3
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from pmdesk.database import DatabaseLocation, DatabaseProblem
from pmdesk.storage.guard import STATEMENT_TIMEOUT, explain, lock_timeout
from pmdesk.storage.location import (
    SCHEMA_HEAD,
    check_revision,
    check_sqlite_file,
    read_only_connection,
)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, lock_wait: float | None = None) -> None:
    cursor = dbapi_connection.cursor()
    # First, so that even the switch to WAL waits for another pmdesk instead of failing.
    wait = lock_timeout() if lock_wait is None else lock_wait
    cursor.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
    # WAL keeps readers and the autosave from blocking each other; FULL keeps the last commit
    # through a power cut (FACTS.md: about 1-2 ms a commit, far below a keystroke).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _postgres_timeouts(dbapi_connection: Any, _record: Any, lock_wait: float | None = None) -> None:
    """A row or table another session holds makes a statement wait at most the lock wait (the
    app's window must not freeze), and no statement runs longer than STATEMENT_TIMEOUT."""
    wait = lock_timeout() if lock_wait is None else lock_wait
    cursor = dbapi_connection.cursor()
    cursor.execute(f"SET lock_timeout = {max(int(wait * 1000), 1)}")
    cursor.execute(f"SET statement_timeout = {int(STATEMENT_TIMEOUT * 1000)}")
    cursor.close()
    dbapi_connection.commit()  # a SET inside a transaction that is rolled back would be undone


def alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("pmdesk.storage") / "migrations"))
    config.attributes["connection"] = connection
    return config


def script_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return str(head)


def open_engine(
    location: DatabaseLocation,
    *,
    migrate: bool = True,
    read_only: bool = False,
    lock_wait: float | None = None,
) -> Engine:
    """Open (creating if new) and upgrade the database; DatabaseProblem if it must not be touched.

    lock_wait: seconds a write waits for another program's lock (default: guard.lock_timeout();
    the app passes less, as its window must not freeze and its saves are retried). On
    PostgreSQL this is the server's lock_timeout.

    read_only: for commands that only read (list, export). An SQLite file already at this
    release's schema is then opened without writing anything, which also works in a read-only
    folder or on a full disk; any other database is opened as usual.
    """
    if location.path is not None:
        revision = check_sqlite_file(location.path)
        if read_only and revision == SCHEMA_HEAD:
            return _read_only_engine(location.path)
        try:
            location.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseProblem(
                location.display,
                f"its folder cannot be created ({exc.strerror})",
                "Choose another place for the database.",
            ) from exc
    try:
        # Python's sqlite3 keeps the last 128 statements prepared per connection: fewer than the
        # app runs, so a save prepared its statements again each time.
        prepared = {"connect_args": {"cached_statements": 1024}} if location.path else {}
        engine = create_engine(location.url, **prepared)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise DatabaseProblem(
            location.display, f"is not a database address pmdesk can use ({exc})", _ADVICE
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", partial(_sqlite_pragmas, lock_wait=lock_wait))
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", partial(_postgres_timeouts, lock_wait=lock_wait))
    if migrate:
        try:
            upgrade(engine, location.display)
        except DatabaseProblem:
            engine.dispose()
            raise
        except (DBAPIError, SQLAlchemyError, OSError) as exc:
            engine.dispose()
            raise explain(exc, location.display, opening=True) from exc
    return engine


def _read_only_engine(path: Path) -> Engine:
    """An engine that reads the file and can never write to it."""
    from sqlalchemy.pool import NullPool

    def connect() -> Any:
        try:
            return read_only_connection(path)
        except sqlite3.Error as exc:
            raise explain(exc, str(path), opening=True) from exc

    return create_engine("sqlite://", creator=connect, poolclass=NullPool)


_ADVICE = "Nothing was changed. Check the address, or open another database."


def upgrade(engine: Engine, shown: str) -> None:
    """Bring the schema to this release's head; refuse databases of other programs or newer pmdesk.

    Alembic is imported only when there is something to do (about 100 ms at every start else).
    """
    with engine.connect() as connection:
        if _schema_revision(connection, shown) == SCHEMA_HEAD:
            return
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # Hold the write lock from a second look to the last table: two pmdesk processes
            # opening a brand-new file at once must not both create the schema.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        if _schema_revision(connection, shown) == SCHEMA_HEAD:
            connection.rollback()
            return
        from alembic import command

        command.upgrade(alembic_config(connection), "head")
        connection.commit()


def _schema_revision(connection: Any, shown: str) -> str:
    """The schema revision ("" for an empty database); DatabaseProblem for what must not be used."""
    tables = set(inspect(connection).get_table_names())
    if tables and "alembic_version" not in tables:
        raise DatabaseProblem(
            shown,
            "holds tables of another program, not a pmdesk database",
            "Nothing was changed. Open another database or start a new one.",
        )
    if "alembic_version" not in tables:
        return ""
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if not revision and "postmortems" in tables:
        raise DatabaseProblem(
            shown,
            "has pmdesk's tables but no schema version (its version table is empty)",
            "The database was left untouched. Restore it from a backup, or open another one.",
        )
    check_revision(shown, str(revision or ""))
    return str(revision or "")
