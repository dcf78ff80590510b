"""A database as every layer speaks of it: where it is, its library, what can go wrong with it.

Plain Python with no database driver: the screens catch and show these, pmdesk.storage raises
them, and neither needs the other's imports to do so. The library's rows live here rather than
in pmdesk.model because the window lists them before its first paint, and this module costs
nothing to import (FACTS.md: start-up is dominated by imports).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import NamedTuple


class DatabaseProblem(Exception):
    """A database pmdesk must not open; the message names the file and says what to do."""

    def __init__(self, location: str, reason: str, advice: str, *, kind: str = "") -> None:
        """kind: what went wrong, for code that acts on it ("read-only", "full", "locked"...)."""
        super().__init__(f"{location}: {reason}. {advice}")
        self.location = location
        self.reason = reason
        self.advice = advice
        self.kind = kind


class DatabaseLocation(NamedTuple):
    """A database given by path (SQLite) or by SQLAlchemy URL (e.g. PostgreSQL)."""

    url: str
    path: Path | None = None

    @property
    def display(self) -> str:
        if self.path is not None:
            return str(self.path)
        # Never show a password.
        head, sep, tail = self.url.partition("@")
        if sep and ":" in head.split("//", 1)[-1]:
            scheme, _, userinfo = head.partition("//")
            return f"{scheme}//{userinfo.split(':', 1)[0]}:***@{tail}"
        return self.url

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")


class DatabaseGone(DatabaseProblem):
    """The database file was deleted or replaced while open; nothing was written to it."""

    def __init__(self, location: str, replaced: bool) -> None:
        what = "replaced by another file" if replaced else "deleted"
        super().__init__(
            location,
            f"was {what} while pmdesk had it open, so nothing was saved into it",
            "Your changes are kept in memory: save them to another database.",
            kind="gone",
        )
        self.replaced = replaced


class NotFound(LookupError):
    def __init__(self, postmortem_id: int) -> None:
        super().__init__(f"there is no postmortem with id {postmortem_id}")
        self.postmortem_id = postmortem_id


class ActionNotFound(LookupError):
    def __init__(self, postmortem_id: int, item_id: str) -> None:
        super().__init__(f"postmortem {postmortem_id} has no action item with id {item_id!r}")
        self.postmortem_id = postmortem_id
        self.item_id = item_id


class StoredFacts(NamedTuple):
    """A postmortem's blame-language facts for the quarterly review, as the database keeps them
    beside it (derived data, like the search index; pmdesk.review.stored works them out).

    key: a digest of everything they depend on (its texts, names, allowed words, status and the
    language engine), so facts whose key no longer holds are never used. vague: the positions of
    the action items that read as wishes.
    """

    key: str
    flagged: int
    vague: tuple[int, ...]
    blames_people: bool


class LibraryEntry(NamedTuple):
    """One row of the library: enough to list and filter without loading the whole document.

    Plain values (the enums' stored strings), so listing needs nothing but this module.
    """

    id: int
    title: str
    incident_date: datetime | None
    severity: str  # SeverityLevel value, e.g. "SEV2"
    status: str  # Status value, e.g. "reviewed"
    kind: str  # Kind value, e.g. "near_miss"
    deleted: bool = False

    @property
    def status_label(self) -> str:
        return self.status.replace("_", " ").capitalize()
