"""The database tables, as SQLAlchemy 2 typed mappings.

Times are stored as ISO 8601 text with their UTC offset, so a time written in Berlin and read in
New York is still the same instant and still shows the offset it was entered with. Child rows use
the string ids the domain model makes (unique within their postmortem), so links between them
never depend on the database.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class AwareDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime kept as ISO 8601 text with its offset (lossless on every backend)."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pmdesk stores only timezone-aware times")
        return value.isoformat()

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.fromisoformat(str(value))


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: AwareDateTime,
        date: Date,
        dict[str, Any]: JSON,
    }


class PostmortemRow(Base):
    __tablename__ = "postmortems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20), default="incident")
    severity_level: Mapped[str] = mapped_column(String(10), default="SEV3")
    customer_facing: Mapped[bool] = mapped_column(Boolean, default=False)
    revenue_impact: Mapped[bool] = mapped_column(Boolean, default=False)
    data_loss: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime | None]
    detected_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    meeting_at: Mapped[datetime | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    notes: Mapped[str] = mapped_column(Text, default="")
    timer: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    language: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # What the redacted edition leaves out and the facilitator's own terms (pmdesk.redaction).
    redaction: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The pre-read, parking lot, round robins and survey answers (pmdesk.facilitation).
    facilitation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Per top-level field, raised by each write of it; `revision` by each write of anything.
    versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # Postmortems linked as related: [{"id", "title", "day"}] (pmdesk.model.RelatedLink).
    related: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]


def _owner() -> Mapped[int]:
    return mapped_column(ForeignKey("postmortems.id", ondelete="CASCADE"), primary_key=True)


def _version() -> Mapped[int]:
    # Raised by each write of the row: a save that loaded another number does not overwrite it.
    return mapped_column(Integer, default=1)


def _item_id() -> Mapped[str]:
    # Item ids are unique within their postmortem: an imported file keeps its ids even when the
    # same file is imported twice.
    return mapped_column(String(64), primary_key=True)


class AttendeeRow(Base):
    __tablename__ = "attendees"

    postmortem_id: Mapped[int] = _owner()
    id: Mapped[str] = _item_id()
    version: Mapped[int] = _version()
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text, default="")
    involvement: Mapped[str] = mapped_column(String(20), default="adjacent")
    facilitator: Mapped[bool] = mapped_column(Boolean, default=False)


class TimelineEventRow(Base):
    __tablename__ = "timeline_events"

    postmortem_id: Mapped[int] = _owner()
    id: Mapped[str] = _item_id()
    version: Mapped[int] = _version()
    at: Mapped[datetime]
    seq: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="manual")
    marker: Mapped[str | None] = mapped_column(String(20))
    seen: Mapped[str] = mapped_column(Text, default="")
    believed: Mapped[str] = mapped_column(Text, default="")
    done_next: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[str] = mapped_column(Text, default="")


class FindingRow(Base):
    __tablename__ = "findings"

    postmortem_id: Mapped[int] = _owner()
    id: Mapped[str] = _item_id()
    version: Mapped[int] = _version()
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(40), default="notes")
    created_at: Mapped[datetime | None]


class FactorRow(Base):
    __tablename__ = "factors"

    postmortem_id: Mapped[int] = _owner()
    id: Mapped[str] = _item_id()
    version: Mapped[int] = _version()
    position: Mapped[int] = mapped_column(Integer, default=0)
    question: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    whys: Mapped[list[str]] = mapped_column(JSON, default=list)
    event_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    finding_ids: Mapped[list[str]] = mapped_column(JSON, default=list)


class ActionItemRow(Base):
    __tablename__ = "action_items"

    postmortem_id: Mapped[int] = _owner()
    id: Mapped[str] = _item_id()
    version: Mapped[int] = _version()
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    type: Mapped[str] = mapped_column(String(20), default="prevent")
    owner: Mapped[str] = mapped_column(Text, default="", index=True)
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    dropped_reason: Mapped[str] = mapped_column(Text, default="")
    done_on: Mapped[date | None] = mapped_column(Date)
    factor_id: Mapped[str | None] = mapped_column(String(64))


class InterviewRow(Base):
    """An interview before the meeting; its notes are private (no export carries them unasked)."""

    __tablename__ = "interviews"

    postmortem_id: Mapped[int] = _owner()
    id: Mapped[str] = _item_id()
    position: Mapped[int] = mapped_column(Integer, default=0)
    attendee_id: Mapped[str] = mapped_column(String(64))
    held_on: Mapped[date | None] = mapped_column(Date)
    interviewer: Mapped[str] = mapped_column(Text, default="")
    scribe: Mapped[str] = mapped_column(Text, default="")
    consent_to_record: Mapped[bool] = mapped_column(Boolean, default=False)
    notes_kept: Mapped[str] = mapped_column(String(20), default="until_published")
    planned_minutes: Mapped[int] = mapped_column(Integer, default=30)
    elapsed_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    running_since: Mapped[datetime | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = _version()


class PhaseRecordRow(Base):
    __tablename__ = "phase_records"

    postmortem_id: Mapped[int] = mapped_column(
        ForeignKey("postmortems.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    phase: Mapped[str] = mapped_column(String(30))
    planned_minutes: Mapped[int] = mapped_column(Integer)
    actual_seconds: Mapped[float] = mapped_column(Float, default=0.0)


class ReviewFactsRow(Base):
    """A postmortem's blame-language facts for the quarterly review, with the key they were
    worked out under (pmdesk.database.StoredFacts): written with each save that changes what
    they depend on, and by a review that had to check them."""

    __tablename__ = "review_facts"

    postmortem_id: Mapped[int] = mapped_column(
        ForeignKey("postmortems.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64))
    flagged: Mapped[int] = mapped_column(Integer, default=0)
    vague: Mapped[list[int]] = mapped_column(JSON, default=list)
    blames_people: Mapped[bool] = mapped_column(Boolean, default=False)


class PresenceRow(Base):
    """One open window: who (a name), on which postmortem, since when, and when it last said so."""

    __tablename__ = "presence"

    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    postmortem_id: Mapped[int] = mapped_column(
        ForeignKey("postmortems.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text, default="")
    opened_at: Mapped[datetime]
    seen_at: Mapped[datetime]


def table_of(mapped: Any) -> Table:
    """The Core table of a mapped class, typed for SQLAlchemy's statement builders."""
    table: Table = mapped.__table__
    return table


# Child tables keyed by the Postmortem collection they hold.
COLLECTION_TABLES: dict[str, type[Base]] = {
    "attendees": AttendeeRow,
    "timeline": TimelineEventRow,
    "findings": FindingRow,
    "factors": FactorRow,
    "actions": ActionItemRow,
    "interviews": InterviewRow,
}
