"""Many whole postmortems at once, for reviews across a quarter or a year.

Loading one by one costs seven queries a postmortem; here the postmortems of a date range are
read in one query per table (ids in batches), so a review of a thousand stays well under a second.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, select

from pmdesk.model import Postmortem
from pmdesk.storage.rows import assemble, when
from pmdesk.storage.tables import COLLECTION_TABLES, PhaseRecordRow, PostmortemRow, table_of

_BATCH = 500


def _batches(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _BATCH):
        yield list(ids[start : start + _BATCH])


def postmortems_between(engine: Engine, start: date, end: date) -> list[Postmortem]:
    """Every postmortem outside the trash whose incident date (the day it was recorded in its own
    offset) is from `start` to `end`, both included; oldest incident first."""
    table = table_of(PostmortemRow)
    with engine.connect() as connection:
        rows = {}
        for row in connection.execute(select(table).where(table.c.deleted_at.is_(None))):
            # The incident date as Postmortem.incident_date has it, without building one.
            at = row.started_at or row.detected_at or row.resolved_at
            moment = when(at) if at is not None else None
            if moment is not None and start <= moment.date() <= end:
                rows[int(row.id)] = row._mapping
        ids = sorted(rows)
        collections = {
            name: _children(connection, table_row, ids)
            for name, table_row in COLLECTION_TABLES.items()
        }
        phases = _children(connection, PhaseRecordRow, ids)
    found = [
        assemble(
            rows[pm_id],
            {name: children.get(pm_id, []) for name, children in collections.items()},
            phases.get(pm_id, []),
        )
        for pm_id in ids
    ]
    found.sort(key=lambda pm: (pm.incident_date, pm.id))
    return found


def _children(connection: Connection, table_row: Any, ids: Sequence[int]) -> dict[int, list[Any]]:
    table = table_of(table_row)
    if "position" not in table.c:  # the timeline, in time order
        order = [table.c.postmortem_id, table.c.at, table.c.seq]
    else:
        order = [table.c.postmortem_id, table.c.position] + (
            [table.c.id] if "id" in table.c else []
        )
    out: dict[int, list[Any]] = defaultdict(list)
    for batch in _batches(ids):
        query = select(table).where(table.c.postmortem_id.in_(batch)).order_by(*order)
        for row in connection.execute(query):
            out[int(row.postmortem_id)].append(row._mapping)
    return out
