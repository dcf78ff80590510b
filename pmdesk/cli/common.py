"""What every command shares: the one-line usage error, postmortem ids and the database door.

Each command module imports from here and nothing from another command, so the package has no
import cycle: dispatch -> commands -> common.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pmdesk.files import one_line

if TYPE_CHECKING:
    from pmdesk.database import StoredFacts
    from pmdesk.model import Postmortem
    from pmdesk.storage.repository import Repository


class UsageError(Exception):
    """Bad usage or bad input: printed as one line, exit code 2."""


def postmortem_id(text: str) -> int:
    """A whole number; any size (an id the database cannot hold is simply not found)."""
    try:
        return int(text.strip(), 10)
    except ValueError:
        import argparse

        raise argparse.ArgumentTypeError(
            f"{text!r} is not a postmortem id (ids are whole numbers)"
        ) from None


def at_least_one(problem: str) -> Callable[[str], int]:
    """An argument type for a count: a whole number of 1 or more, else `problem`, in which
    {value!r} stands for what was typed."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value < 1:
            import argparse

            raise argparse.ArgumentTypeError(problem.format(value=text))
        return value

    return parse


def open_repository(
    db: str | None, *, read_only: bool = False, note: TextIO | None = None
) -> Repository:
    """The database for a command. read_only: the command only reads (works in a read-only
    folder too). note: where to say that pmdesk waits for another program's write lock."""
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import check_sqlite_file, resolve
    from pmdesk.storage.repository import Repository

    location = resolve(db)
    if not read_only and location.path is not None:
        check_sqlite_file(location.path)  # a pipe or a non-database is refused before waiting
        from pmdesk.storage.guard import wait_for_write_lock

        stream = note or sys.stderr

        def say(text: str) -> None:
            stream.write(f"pmdesk: {one_line(text)}\n")
            stream.flush()

        wait_for_write_lock(location.path, say)
    facts = None if read_only else facts_to_store
    repo = Repository(open_engine(location, read_only=read_only), language_facts=facts)
    _OPENED.append(repo)
    return repo


def facts_to_store(pm: Postmortem) -> StoredFacts:
    """The quarterly review's language facts of a postmortem being saved (kept beside it, so a
    review need not check it again); the language engine loads at the first save."""
    from pmdesk.review.stored import facts_to_store as work_out

    return work_out(pm)


# How long writing back a review's facts waits for another program's write lock: they are
# only worth keeping, so a busy database keeps them in the facts file instead.
KEEP_LOCK_WAIT = 1.0


def keeper(db: str | None) -> Callable[[dict[int, StoredFacts]], None]:
    """Where a command that only reads keeps the language facts its review had to check: the
    database, opened to write only then (a read-only one raises, and the facts go to the file)."""

    def keep(facts: dict[int, StoredFacts]) -> None:
        from pmdesk.storage.engine import open_engine
        from pmdesk.storage.location import resolve
        from pmdesk.storage.repository import Repository

        repo = Repository(open_engine(resolve(db), lock_wait=KEEP_LOCK_WAIT))
        try:
            repo.keep_review_facts(facts)
        finally:
            repo.close()

    return keep


# Repositories a command opened, closed by close_opened() when it ends (a server connection must
# not be left to the garbage collector).
_OPENED: list[Repository] = []


def close_opened() -> None:
    """Close every repository the command opened."""
    while _OPENED:
        _OPENED.pop().close()


def database_files(db: str | None) -> list[Path]:
    """The database's file, which no export may overwrite (none for a server database)."""
    from pmdesk.storage.location import resolve

    path = resolve(db).path
    return [path] if path is not None else []


def write_output(output: str, data: str | bytes, db: str | None, out: TextIO) -> None:
    """An export to the file `output`, never over the database's own, or to `out` for "-"
    (text only: a PDF needs a file)."""
    if output == "-":
        if isinstance(data, bytes):
            raise UsageError("a PDF cannot be written to the terminal; give -o FILE")
        out.write(data)
        return
    from pmdesk.files import FileProblem, atomic_write

    try:
        atomic_write(output, data, protect=database_files(db))
    except FileProblem as exc:
        raise UsageError(str(exc)) from exc


def database_problem(exc: BaseException, db: str | None) -> Exception | None:
    """A database driver's error (locked, read-only, disk full...) in words, or None."""
    from pmdesk.storage.door import StorageDoor

    return StorageDoor.at(db).problem(exc)
