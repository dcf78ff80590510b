"""The postmortems of a date range as the quarterly review reads them: only what its figures need.

A review of a year reads a thousand postmortems with tens of thousands of timeline events,
factors and action items; building them from whole rows (every column, each row turned into a
mapping) was the largest part of a review whose language facts are remembered. Here each table is
read in one query (ids in batches), with only the columns the review's figures and its language
check read, as plain rows. The postmortems built carry no running notes, interviews, phase
records, timer, redaction settings or related links, and their attendees no roles: they are for
working out a review, never for showing in an editor or saving.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Column, Connection, Engine, select

from pmdesk.facilitation import from_json as facilitation_from_json
from pmdesk.model import (
    ActionItem,
    ActionStatus,
    ActionType,
    Attendee,
    CapturedFinding,
    Factor,
    Kind,
    LanguageSettings,
    Marker,
    Postmortem,
    Question,
    Severity,
    SeverityLevel,
    Status,
    TimelineEvent,
)
from pmdesk.storage.rows import day, from_json, when
from pmdesk.storage.tables import (
    ActionItemRow,
    AttendeeRow,
    FactorRow,
    FindingRow,
    PostmortemRow,
    TimelineEventRow,
    table_of,
)

_BATCH = 500


def review_postmortems_between(engine: Engine, start: date, end: date) -> list[Postmortem]:
    """Every postmortem outside the trash whose incident date is from `start` to `end`, both
    included, with what a review reads of it; oldest incident first."""
    with engine.connect() as connection:
        found = _postmortems(connection, start, end)
        ids = sorted(found)
        for pm_id, attendees in _children(connection, _ATTENDEES, ids):
            found[pm_id].attendees = attendees
        for pm_id, events in _children(connection, _EVENTS, ids):
            # Stored order of equal instants in different offsets is textual: time order.
            events.sort(key=lambda e: (e.at.timestamp(), e.seq))
            found[pm_id].timeline = events
        for pm_id, findings in _children(connection, _FINDINGS, ids):
            found[pm_id].findings = findings
        for pm_id, factors in _children(connection, _FACTORS, ids):
            found[pm_id].factors = factors
        for pm_id, actions in _children(connection, _ACTIONS, ids):
            found[pm_id].actions = actions
    return sorted(found.values(), key=lambda pm: (pm.incident_date, pm.id))


def _postmortems(connection: Connection, start: date, end: date) -> dict[int, Postmortem]:
    t = table_of(PostmortemRow)
    query = select(
        t.c.id,
        t.c.title,
        t.c.kind,
        t.c.severity_level,
        t.c.started_at,
        t.c.detected_at,
        t.c.resolved_at,
        t.c.meeting_at,
        t.c.summary,
        t.c.lessons,
        t.c.services,
        t.c.tags,
        t.c.status,
        t.c.language,
        t.c.facilitation,
    ).where(t.c.deleted_at.is_(None))
    found: dict[int, Postmortem] = {}
    for row in connection.execute(query).all():
        (pm_id, title, kind, level, started, detected, resolved, meeting) = row[:8]
        (summary, lessons, services, tags, status, language, facilitation) = row[8:]
        started, detected, resolved = when(started), when(detected), when(resolved)
        # The incident date as Postmortem.incident_date has it, before building one.
        moment = started or detected or resolved
        if moment is None or not start <= moment.date() <= end:
            continue
        found[int(pm_id)] = Postmortem(
            title=title,
            kind=Kind(kind),
            severity=Severity(level=SeverityLevel(level)),
            started_at=started,
            detected_at=detected,
            resolved_at=resolved,
            meeting_at=when(meeting),
            summary=summary,
            lessons=lessons,
            services=list(from_json(services) or []),
            tags=list(from_json(tags) or []),
            status=Status(status),
            language=LanguageSettings(**(from_json(language) or {})),
            facilitation=facilitation_from_json(from_json(facilitation)),
            id=int(pm_id),
        )
    return found


class _Child:
    """One child table: the columns read, their order, and how a row becomes an item."""

    def __init__(
        self,
        table_row: Any,
        columns: Sequence[str],
        order: Sequence[str],
        build: Callable[[Sequence[Any]], Any],
    ) -> None:
        self.table_row, self.columns, self.order, self.build = table_row, columns, order, build


def _event(r: Sequence[Any]) -> TimelineEvent:
    at = when(r[0])
    assert at is not None  # the column is NOT NULL
    marker = Marker(r[3]) if r[3] else None
    return TimelineEvent(
        at=at,
        text=r[2],
        marker=marker,
        seen=r[4],
        believed=r[5],
        done_next=r[6],
        seq=int(r[1]),
        id=r[7],
    )


def _action(r: Sequence[Any]) -> ActionItem:
    return ActionItem(
        description=r[0],
        type=ActionType(r[1]),
        owner=r[2],
        deadline=day(r[3]),
        status=ActionStatus(r[4]),
        dropped_reason=r[5],
        done_on=day(r[6]),
        factor_id=r[7],
        id=r[8],
    )


_ATTENDEES = _Child(
    AttendeeRow, ("name", "id"), ("position", "id"), lambda r: Attendee(name=r[0], id=r[1])
)
_EVENTS = _Child(
    TimelineEventRow,
    ("at", "seq", "text", "marker", "seen", "believed", "done_next", "id"),
    ("at", "seq"),
    _event,
)
_FINDINGS = _Child(
    FindingRow, ("text", "id"), ("position", "id"), lambda r: CapturedFinding(text=r[0], id=r[1])
)
_FACTORS = _Child(
    FactorRow,
    ("question", "text", "whys", "id"),
    ("position", "id"),
    lambda r: Factor(Question(r[0]), r[1], list(from_json(r[2]) or []), id=r[3]),
)
_ACTIONS = _Child(
    ActionItemRow,
    (
        "description",
        "type",
        "owner",
        "deadline",
        "status",
        "dropped_reason",
        "done_on",
        "factor_id",
        "id",
    ),
    ("position", "id"),
    _action,
)


def _children(
    connection: Connection, child: _Child, ids: Sequence[int]
) -> Iterator[tuple[int, list[Any]]]:
    """Each postmortem's items of one table, in stored order."""
    table = table_of(child.table_row)
    columns: list[Column[Any]] = [table.c[name] for name in child.columns]
    order = [table.c.postmortem_id] + [table.c[name] for name in child.order]
    out: dict[int, list[Any]] = defaultdict(list)
    build = child.build
    for start in range(0, len(ids), _BATCH):
        batch = list(ids[start : start + _BATCH])
        query = select(table.c.postmortem_id, *columns).where(table.c.postmortem_id.in_(batch))
        for row in connection.execute(query.order_by(*order)).all():
            out[int(row[0])].append(build(row[1:]))
    return iter(out.items())
