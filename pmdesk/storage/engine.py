"""Opening a database: engine, SQLite pragmas, and schema migrations with Alembic."""

from __future__ import annotations

from importlib import resources
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from pmdesk.storage.location import (
    SCHEMA_HEAD,
    DatabaseLocation,
    DatabaseProblem,
    check_revision,
    check_sqlite_file,
)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL keeps readers and the autosave from blocking each other; FULL keeps the last commit
    # through a power cut (FACTS.md: about 1-2 ms a commit, far below a keystroke).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


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


def open_engine(location: DatabaseLocation, *, migrate: bool = True) -> Engine:
    """Open (creating if new) and upgrade the database; DatabaseProblem if it must not be touched."""
    if location.path is not None:
        check_sqlite_file(location.path)
        try:
            location.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseProblem(
                location.display,
                f"its folder cannot be created ({exc.strerror})",
                "Choose another place for the database.",
            ) from exc
    try:
        engine = create_engine(location.url)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise DatabaseProblem(
            location.display, f"is not a database address pmdesk can use ({exc})", _ADVICE
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        try:
            upgrade(engine, location.display)
        except DatabaseProblem:
            engine.dispose()
            raise
        except (DBAPIError, SQLAlchemyError, OSError) as exc:
            engine.dispose()
            raise DatabaseProblem(
                location.display, f"cannot be opened ({_first_line(exc)})", _ADVICE
            ) from exc
    return engine


_ADVICE = "Nothing was changed. Check the address, or open another database."


def _first_line(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]


def upgrade(engine: Engine, shown: str) -> None:
    """Bring the schema to this release's head; refuse databases of other programs or newer pmdesk.

    Alembic is imported only when there is something to do (about 100 ms at every start else).
    """
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if tables and "alembic_version" not in tables:
            raise DatabaseProblem(
                shown,
                "holds tables of another program, not a pmdesk database",
                "Nothing was changed. Open another database or start a new one.",
            )
        if "alembic_version" in tables:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            check_revision(shown, str(revision or ""))
            if revision == SCHEMA_HEAD:
                return
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
