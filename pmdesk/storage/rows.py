"""Stored rows into domain objects: the one mapping, used with or without SQLAlchemy.

The repository reads through SQLAlchemy, whose column types hand over datetimes, dates, parsed
JSON and booleans; the start-up path reads the same rows with the standard sqlite3 module, which
hands over the stored text and integers (FACTS.md: `import sqlalchemy.orm` costs hundreds of
milliseconds). Every converter here accepts both forms, so the two paths share this code and
cannot build different postmortems from the same row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from pmdesk.facilitation import from_json as facilitation_from_json
from pmdesk.model import (
    ActionItem,
    ActionStatus,
    ActionType,
    Attendee,
    CapturedFinding,
    Factor,
    Interview,
    Involvement,
    Kind,
    LanguageSettings,
    Marker,
    NotesKept,
    PhaseRecord,
    Postmortem,
    Question,
    RedactionSettings,
    RelatedLink,
    Severity,
    SeverityLevel,
    Status,
    TimelineEvent,
    TimerState,
)


class Row(Protocol):
    """A stored row by column name: SQLAlchemy's RowMapping or sqlite3.Row."""

    def __getitem__(self, key: str, /) -> Any: ...


# Table of each child collection (pmdesk.storage.tables declares the same names; a test checks).
POSTMORTEM_TABLE = "postmortems"
PHASE_TABLE = "phase_records"
COLLECTION_TABLES: dict[str, str] = {
    "attendees": "attendees",
    "timeline": "timeline_events",
    "findings": "findings",
    "factors": "factors",
    "actions": "action_items",
    "interviews": "interviews",
}


def when(value: Any) -> datetime | None:
    """A stored time (ISO 8601 text with its offset, or already a datetime)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def day(value: Any) -> date | None:
    """A stored date ("YYYY-MM-DD", or already a date)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def from_json(value: Any) -> Any:
    """A JSON column: parsed already by SQLAlchemy, or its stored text."""
    if isinstance(value, str | bytes):
        return json.loads(value)
    return value


def related_to_json(links: Iterable[RelatedLink]) -> list[dict[str, Any]]:
    return [
        {
            "id": link.postmortem_id,
            "title": link.title,
            "day": link.incident_day.isoformat() if link.incident_day else None,
        }
        for link in links
    ]


def related_from_json(data: Any) -> list[RelatedLink]:
    return [
        RelatedLink(
            None if item.get("id") is None else int(item["id"]),
            str(item.get("title", "")),
            day(item.get("day")),
        )
        for item in data or []
    ]


def timer_from_json(data: dict[str, Any] | None) -> TimerState:
    data = data or {}
    since = data.get("running_since")
    return TimerState(
        phase_index=int(data.get("phase_index", 0)),
        running_since=datetime.fromisoformat(since) if since else None,
        started=bool(data.get("started", False)),
    )


def postmortem_from_row(row: Row) -> Postmortem:
    """The postmortem's own fields; its collections and phases are read separately."""
    return Postmortem(
        title=row["title"],
        kind=Kind(row["kind"]),
        severity=Severity(
            level=SeverityLevel(row["severity_level"]),
            customer_facing=bool(row["customer_facing"]),
            revenue_impact=bool(row["revenue_impact"]),
            data_loss=bool(row["data_loss"]),
        ),
        started_at=when(row["started_at"]),
        detected_at=when(row["detected_at"]),
        resolved_at=when(row["resolved_at"]),
        meeting_at=when(row["meeting_at"]),
        summary=row["summary"],
        lessons=row["lessons"],
        services=list(from_json(row["services"]) or []),
        tags=list(from_json(row["tags"]) or []),
        status=Status(row["status"]),
        notes=row["notes"],
        timer=timer_from_json(from_json(row["timer"])),
        language=LanguageSettings(**(from_json(row["language"]) or {})),
        redaction=RedactionSettings(**(from_json(row["redaction"]) or {})),
        facilitation=facilitation_from_json(from_json(row["facilitation"])),
        related=related_from_json(from_json(row["related"])),
        created_at=when(row["created_at"]),
        updated_at=when(row["updated_at"]),
        deleted_at=when(row["deleted_at"]),
        id=int(row["id"]),
    )


def attendee_from_row(row: Row) -> Attendee:
    return Attendee(
        name=row["name"],
        role=row["role"],
        involvement=Involvement(row["involvement"]),
        facilitator=bool(row["facilitator"]),
        id=row["id"],
    )


def event_from_row(row: Row) -> TimelineEvent:
    at = when(row["at"])
    assert at is not None  # the column is NOT NULL
    return TimelineEvent(
        at=at,
        text=row["text"],
        source=row["source"],
        marker=Marker(row["marker"]) if row["marker"] else None,
        seen=row["seen"],
        believed=row["believed"],
        done_next=row["done_next"],
        added_by=row["added_by"],
        seq=int(row["seq"]),
        id=row["id"],
    )


def finding_from_row(row: Row) -> CapturedFinding:
    return CapturedFinding(
        text=row["text"], origin=row["origin"], created_at=when(row["created_at"]), id=row["id"]
    )


def factor_from_row(row: Row) -> Factor:
    return Factor(
        question=Question(row["question"]),
        text=row["text"],
        whys=list(from_json(row["whys"]) or []),
        event_ids=list(from_json(row["event_ids"]) or []),
        finding_ids=list(from_json(row["finding_ids"]) or []),
        id=row["id"],
    )


def action_from_row(row: Row) -> ActionItem:
    return ActionItem(
        description=row["description"],
        type=ActionType(row["type"]),
        owner=row["owner"],
        deadline=day(row["deadline"]),
        status=ActionStatus(row["status"]),
        dropped_reason=row["dropped_reason"],
        done_on=day(row["done_on"]),
        factor_id=row["factor_id"],
        id=row["id"],
    )


def interview_from_row(row: Row) -> Interview:
    return Interview(
        attendee_id=row["attendee_id"],
        held_on=day(row["held_on"]),
        interviewer=row["interviewer"],
        scribe=row["scribe"],
        consent_to_record=bool(row["consent_to_record"]),
        notes_kept=NotesKept(row["notes_kept"]),
        planned_minutes=int(row["planned_minutes"]),
        elapsed_seconds=float(row["elapsed_seconds"]),
        running_since=when(row["running_since"]),
        notes=row["notes"],
        id=row["id"],
    )


def phase_from_row(row: Row) -> PhaseRecord:
    return PhaseRecord(row["phase"], int(row["planned_minutes"]), float(row["actual_seconds"]))


READERS: dict[str, Callable[[Row], Any]] = {
    "attendees": attendee_from_row,
    "timeline": event_from_row,
    "findings": finding_from_row,
    "factors": factor_from_row,
    "actions": action_from_row,
    "interviews": interview_from_row,
}


def assemble(
    row: Row, collections: Mapping[str, Iterable[Row]], phases: Iterable[Row]
) -> Postmortem:
    """A whole postmortem from its row, its collections' rows (in stored order) and its phases."""
    pm = postmortem_from_row(row)
    for collection, reader in READERS.items():
        setattr(pm, collection, [reader(r) for r in collections[collection]])
    pm.phases = [phase_from_row(r) for r in phases]
    # Stored order of equal instants in different offsets is textual; restore time order.
    pm.timeline.sort(key=lambda e: (e.at.timestamp(), e.seq))
    return pm


def read_postmortem(path: Path, postmortem_id: int) -> Postmortem | None:
    """One postmortem from an SQLite file at this release's schema, without SQLAlchemy.

    For start-up (the window reopens the last postmortem); None when there is no such row. The
    file must have been checked by location.check_sqlite_file. Raises sqlite3.Error as the
    driver does.
    """
    from pmdesk.storage.location import read_only_connection

    con = read_only_connection(path)
    try:
        con.row_factory = sqlite3.Row
        con.execute("BEGIN")  # one snapshot: a save by another pmdesk cannot fall in between
        row = con.execute(
            f"SELECT * FROM {POSTMORTEM_TABLE} WHERE id = ?", (postmortem_id,)
        ).fetchone()
        if row is None:
            return None
        collections = {}
        for collection, table in COLLECTION_TABLES.items():
            order = "at, seq" if collection == "timeline" else "position, id"
            collections[collection] = con.execute(
                f"SELECT * FROM {table} WHERE postmortem_id = ? ORDER BY {order}",
                (postmortem_id,),
            ).fetchall()
        phases = con.execute(
            f"SELECT * FROM {PHASE_TABLE} WHERE postmortem_id = ? ORDER BY position",
            (postmortem_id,),
        ).fetchall()
        return assemble(row, collections, phases)
    finally:
        con.close()
