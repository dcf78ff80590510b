"""The library listing, readable without SQLAlchemy.

The main window lists the library before its first paint; reading it with the standard sqlite3
module keeps `import sqlalchemy.orm` off that path (FACTS.md). The repository builds the same
entries through SQLAlchemy for other backends.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pmdesk.database import LibraryEntry

COLUMNS = (
    "id",
    "title",
    "started_at",
    "detected_at",
    "resolved_at",
    "severity_level",
    "status",
    "kind",
    "deleted_at",
)


def _when(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def entry_from_row(row: Sequence[Any]) -> LibraryEntry:
    """A LibraryEntry from values in COLUMNS order."""
    pm_id, title, started, detected, resolved, severity, status, kind, deleted = row
    return LibraryEntry(
        id=int(pm_id),
        title=title,
        incident_date=_when(started) or _when(detected) or _when(resolved),
        severity=str(severity),
        status=str(status),
        kind=str(kind),
        deleted=deleted is not None,
    )


def sort_library(entries: list[LibraryEntry]) -> list[LibraryEntry]:
    """Newest incident first; documents with no date yet at the top (they are being written)."""

    def key(entry: LibraryEntry) -> tuple[int, float, int]:
        when = entry.incident_date
        return (0 if when is None else 1, -(when.timestamp() if when else 0.0), -entry.id)

    return sorted(entries, key=key)


def read_library_fast(path: Path, *, trash: bool = False) -> list[LibraryEntry]:
    """Read the library of a SQLite file already checked by location.check_sqlite_file."""
    if not path.exists() or path.stat().st_size == 0:
        return []
    from pmdesk.storage.location import read_only_connection

    condition = "IS NOT NULL" if trash else "IS NULL"
    con = read_only_connection(path)
    try:
        rows = con.execute(
            f"SELECT {', '.join(COLUMNS)} FROM postmortems WHERE deleted_at {condition}"
        ).fetchall()
    finally:
        con.close()
    return sort_library([entry_from_row(r) for r in rows])
