"""Where the database is, and whether a file there can be opened at all.

Kept free of SQLAlchemy so the app can check the file and list the library before the ORM is
imported (start-up time: FACTS.md measures `import sqlalchemy.orm` at hundreds of milliseconds).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import struct
from pathlib import Path

from pmdesk.database import DatabaseLocation, DatabaseProblem

# The newest schema revision this release understands. A test keeps it equal to Alembic's head.
SCHEMA_HEAD = "0016"
KNOWN_REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0006",
    "0009",
    "0005",
    "0010",
    "0007",
    "0008",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
    "0016",
)

ENV_VAR = "PMDESK_DB"
SQLITE_MAGIC = b"SQLite format 3\x00"


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("pmdesk", appauthor=False) / "pmdesk.sqlite3"


def resolve(value: str | None = None) -> DatabaseLocation:
    """Resolve `--db`, then PMDESK_DB, then the per-user default."""
    raw = value or os.environ.get(ENV_VAR) or ""
    if "://" in raw:
        if raw.startswith("sqlite:///"):
            path = Path(raw[len("sqlite:///") :]).expanduser().absolute()
            return DatabaseLocation(f"sqlite:///{path}", path)
        return DatabaseLocation(raw)
    path = Path(raw).expanduser().absolute() if raw else default_path()
    return DatabaseLocation(f"sqlite:///{path}", path)


def check_sqlite_file(path: Path) -> str | None:
    """Check a SQLite file without writing to it.

    Returns the schema revision it holds ("" for a new or empty database). Raises DatabaseProblem
    for a file that is not a database, is truncated, belongs to another program, or was written by
    a newer pmdesk.
    """
    shown = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise DatabaseProblem(
            shown, f"cannot be reached ({exc.strerror})", "Check the path and its permissions."
        ) from exc
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseProblem(shown, "this is a folder, not a database file", "Choose a file.")
    if not stat.S_ISREG(info.st_mode):
        kind = "a named pipe" if stat.S_ISFIFO(info.st_mode) else "a device or other special file"
        raise DatabaseProblem(
            shown, f"is {kind}, not a database file", "Nothing was read. Choose a database file."
        )
    try:
        size = info.st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DatabaseProblem(
            shown, f"cannot be read ({exc.strerror})", "Check the file's permissions."
        ) from exc
    if size == 0:
        return ""
    if not header.startswith(SQLITE_MAGIC):
        raise DatabaseProblem(
            shown,
            "is not a pmdesk database (it is not an SQLite file)",
            "The file was left untouched. Open another database or start a new one.",
        )
    if len(header) < 100:
        raise DatabaseProblem(shown, "is truncated", _DAMAGED)
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    if page_count and valid_for == change_counter and size < page_size * page_count:
        wal = path.with_name(path.name + "-wal")
        if not wal.exists() or wal.stat().st_size == 0:
            raise DatabaseProblem(
                shown,
                f"is truncated ({size} bytes of the {page_size * page_count} it should hold)",
                _DAMAGED,
            )
    return _read_revision(path)


_DAMAGED = (
    "The file was left untouched. Restore it from a backup, or open another database "
    "or start a new one."
)


def read_only_connection(path: Path) -> sqlite3.Connection:
    """Open an SQLite file for reading only, even in a read-only folder or on a full disk.

    A WAL database normally needs its -shm file, which cannot be created in a read-only folder
    or on a full disk; then the file is opened as immutable (nothing can write to it there), or,
    when its -wal file holds commits an immutable open would skip, a private copy is read
    (pmdesk.storage.snapshot). Raises sqlite3.Error when even that fails.
    """
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return con
    except sqlite3.OperationalError as exc:
        con.close()
        if is_damage(exc):
            raise
    from pmdesk.storage.snapshot import read_copy, unmerged_wal

    if unmerged_wal(path):
        return read_copy(path)
    con = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True, check_same_thread=False)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        con.close()
        raise
    return con


def is_damage(exc: BaseException) -> bool:
    """Whether an SQLite error means the file's contents are bad (not a lock, disk or permission)."""
    text = str(exc).lower()
    return any(word in text for word in ("malformed", "not a database", "corrupt"))


def _cannot_open(path: Path, exc: sqlite3.Error) -> DatabaseProblem:
    damaged = is_damage(exc) or not isinstance(exc, sqlite3.OperationalError)
    if damaged:
        return DatabaseProblem(str(path), f"is damaged ({exc})", _DAMAGED)
    from pmdesk.storage.guard import explain

    return explain(exc, str(path))


def _read_revision(path: Path) -> str:
    try:
        con = read_only_connection(path)
    except sqlite3.Error as exc:
        raise _cannot_open(path, exc) from exc
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return ""
        if "alembic_version" not in tables or "postmortems" not in tables:
            raise DatabaseProblem(
                str(path),
                "is an SQLite database of another program, not a pmdesk database",
                "The file was left untouched. Open another database or start a new one.",
            )
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise _cannot_open(path, exc) from exc
    finally:
        con.close()
    if row is None or not row[0]:
        raise DatabaseProblem(
            str(path),
            "has pmdesk's tables but no schema version (its version table is empty)",
            "The file was left untouched. Restore it from a backup, or open another database.",
        )
    revision = row[0]
    check_revision(str(path), revision)
    return str(revision)


def check_revision(shown: str, revision: str) -> None:
    if revision and revision not in KNOWN_REVISIONS:
        raise DatabaseProblem(
            shown,
            f"was written by a newer pmdesk (schema {revision}; this pmdesk knows up to {SCHEMA_HEAD})",
            "The file was left untouched. Update pmdesk to open it, or open another database.",
        )
