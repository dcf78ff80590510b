"""Keeping the database safe: it is still the file pmdesk opened, and failures say their real cause.

A database file deleted or replaced while pmdesk has it open would otherwise swallow every later
save: SQLite keeps writing to the unlinked file and reports success. Before each write the
repository compares the file's identity (device and inode) with the one it opened; a mismatch
raises DatabaseGone and nothing is written, so the edits stay in memory.

Errors from the database driver become a DatabaseProblem whose words match the cause: a locked,
read-only or full database is never called damaged.

PMDESK_LOCK_TIMEOUT (seconds, default 30) is how long pmdesk waits for another program that holds
the database's write lock before it gives up with a message. On PostgreSQL the same wait is the
server's lock_timeout, and statement_timeout bounds any one statement.
"""

from __future__ import annotations

import os
import sqlite3
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pmdesk.database import DatabaseGone, DatabaseProblem

LOCK_TIMEOUT_VAR = "PMDESK_LOCK_TIMEOUT"
_DEFAULT_LOCK_TIMEOUT = 30.0
# The longest one statement may run on a PostgreSQL server before it is cancelled: a server that
# hangs must not hold the window (or a command) for ever.
STATEMENT_TIMEOUT = 60.0
# Waits shorter than this pass silently; a longer one gets a "waiting for another pmdesk" note.
NOTE_AFTER = 0.5


def lock_timeout() -> float:
    """Seconds to wait for another program's write lock (PMDESK_LOCK_TIMEOUT, default 30)."""
    try:
        value = float(os.environ.get(LOCK_TIMEOUT_VAR, ""))
    except ValueError:
        return _DEFAULT_LOCK_TIMEOUT
    return value if 0 < value < 3600 else _DEFAULT_LOCK_TIMEOUT


# -- the file's identity ------------------------------------------------------------------------

_IDENTITY: weakref.WeakKeyDictionary[Any, tuple[Path, tuple[int, int] | None]] = (
    weakref.WeakKeyDictionary()
)


def sqlite_path(engine: Any) -> Path | None:
    """The file behind an SQLite engine (None for a server database or an in-memory one)."""
    if engine.dialect.name != "sqlite":
        return None
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def file_identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode (None when it does not exist)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return (info.st_dev, info.st_ino)


def remember_file(engine: Any, identity: tuple[int, int] | None = None) -> None:
    """Note which file the engine has open (call once, right after opening it).

    identity: the file's identity when something was read from it earlier (without the engine),
    so that a file replaced in between is refused too.
    """
    path = sqlite_path(engine)
    if path is not None and engine not in _IDENTITY:
        _IDENTITY[engine] = (path, identity or file_identity(path))


def check_file(engine: Any) -> None:
    """Raise DatabaseGone when the engine's file is no longer the one it opened (one stat call)."""
    known = _IDENTITY.get(engine)
    if known is None:
        return
    path, identity = known
    now = file_identity(path)
    if identity is None:  # created after opening (a brand-new database): remember it now
        if now is not None:
            _IDENTITY[engine] = (path, now)
        return
    if now != identity:
        raise DatabaseGone(str(path), replaced=now is not None)


def id_in_range(engine: Any, value: int) -> bool:
    """Whether `value` can be a row id in this database (SQLite 2^63 - 1, PostgreSQL 2^31 - 1)."""
    largest = 2**31 - 1 if engine.dialect.name == "postgresql" else 2**63 - 1
    return 1 <= value <= largest


# -- waiting for a lock held by another program ---------------------------------------------------


def wait_for_write_lock(path: Path, note: Callable[[str], None]) -> None:
    """Return once another program's write lock on `path` is released; say so if that takes a while.

    Raises DatabaseProblem (locked) after lock_timeout() seconds. A missing or empty file has no
    lock to wait for.
    """
    try:
        if path.stat().st_size == 0:
            return
    except OSError:
        return
    if _try_lock(path, NOTE_AFTER):
        return
    total = lock_timeout()
    note(f"waiting for another pmdesk (or another program) that is writing to {path}…")
    started = time.monotonic()
    if not _try_lock(path, max(total - NOTE_AFTER, 0.1)):
        raise locked_problem(str(path), NOTE_AFTER + time.monotonic() - started)


def write_locked(path: Path) -> bool:
    """Whether another program holds the write lock on `path` right now (never waits)."""
    try:
        if path.stat().st_size == 0:
            return False
    except OSError:
        return False
    return not _try_lock(path, 0.0)


def _try_lock(path: Path, seconds: float) -> bool:
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, timeout=seconds)
    except sqlite3.Error:
        return True  # not a lock problem: the real open reports what it is
    try:
        con.execute("BEGIN IMMEDIATE")
        con.rollback()
        return True
    except sqlite3.OperationalError as exc:
        return "locked" not in str(exc) and "busy" not in str(exc)
    except sqlite3.Error:
        return True
    finally:
        con.close()


def locked_problem(shown: str, waited: float | None = None) -> DatabaseProblem:
    how_long = f" for {waited:.0f} s" if waited else ""
    return DatabaseProblem(
        shown,
        f"stayed locked by another program{how_long} (another pmdesk saving, or a backup tool)",
        "Nothing was written. Close the other program, or wait for it, and try again.",
        kind="locked",
    )


# -- driver errors in the user's words -------------------------------------------------------------


def _message(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


def _read_only(shown: str) -> bool:
    """Whether `shown` is an existing file that cannot be written, or sits in such a folder."""
    path = Path(shown)
    try:
        return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    except (OSError, ValueError):
        return False


# PostgreSQL's codes for a lock_timeout (or NOWAIT) and a statement_timeout that ran out.
_PG_LOCK_NOT_AVAILABLE = "55P03"
_PG_QUERY_CANCELED = "57014"
_DAMAGE_WORDS = ("malformed", "not a database", "corrupt", "file is encrypted")


def explain(exc: BaseException, shown: str, *, opening: bool = False) -> DatabaseProblem:
    """A driver or file error while using the database, as a DatabaseProblem naming its cause.

    opening: the error came while opening the database (so nothing at all was changed).
    """
    if isinstance(exc, DatabaseProblem):
        return exc
    message = _message(exc)
    lower = message.lower()
    if any(word in lower for word in _DAMAGE_WORDS):
        return DatabaseProblem(
            shown,
            f"is damaged ({message})",
            "The file was left untouched. Restore it from a backup, or open another database.",
            kind="damaged",
        )
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if "locked" in lower or "busy" in lower or code == _PG_LOCK_NOT_AVAILABLE:
        return locked_problem(shown)
    if code == _PG_QUERY_CANCELED:
        return DatabaseProblem(
            shown,
            f"did not answer within {STATEMENT_TIMEOUT:.0f} s (the server is busy or stuck)",
            "Nothing was written. Try again later, or ask whoever runs the server.",
            kind="slow",
        )
    if "readonly" in lower or "read-only" in lower or "read only" in lower or _read_only(shown):
        return DatabaseProblem(
            shown,
            "is read-only (the file, its folder or the disk), so nothing can be saved into it",
            "Nothing was written. Copy it to a writable folder and open it there "
            "(`pmdesk list` and `pmdesk export` still read it where it is).",
            kind="read-only",
        )
    if "disk is full" in lower or "no space" in lower or "disk full" in lower:
        return DatabaseProblem(shown, "cannot be written: the disk is full", _FULL, kind="full")
    if "disk i/o error" in lower:
        return DatabaseProblem(
            shown,
            "cannot be written (the disk reported an input/output error: it may be full, "
            "read-only or unplugged)",
            "Nothing was written. Check the disk and try again.",
        )
    if "unable to open database file" in lower:
        return DatabaseProblem(
            shown,
            "cannot be opened (its folder is read-only, missing or not accessible)",
            "Nothing was changed. Check the folder's permissions, or choose another place.",
        )
    if "out of range" in lower or isinstance(exc, OverflowError):
        return DatabaseProblem(
            shown,
            "cannot store a number that large",
            "Nothing was written. Use a smaller number.",
        )
    if isinstance(exc, OSError):
        from pmdesk.files import cause

        message = cause(exc)
    if opening:
        return DatabaseProblem(
            shown,
            f"cannot be opened ({message})",
            "Nothing was changed. Check the address, or open another database.",
        )
    return DatabaseProblem(
        shown, f"cannot be used ({message})", "Nothing was written. Check the database."
    )


_FULL = "Nothing was written. Free some space on the disk and try again."
