"""Postmortems checked out of a team database: the record kept beside each local copy.

For each, the local database keeps the team database's URL and the postmortem's id there, and two
whole copies: `base`, the common ancestor of the local and the team's versions (what both agreed
on at the last checkout or sync), and `team_seen`, the team's version as last seen. With them the
laptop knows, with no network, what it has to send and which clashes wait to be settled.

The copies are stored as the repository's own row values (JSON), so a copy read back is the
postmortem that was stored, value for value: a merge never sees a change that was not made.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
)

from pmdesk.model import COLLECTIONS, FIELDS, Postmortem
from pmdesk.storage.repository import _item_values, _postmortem_values
from pmdesk.storage.rows import assemble

metadata = MetaData()
CHECKOUTS = Table(
    "checkouts",
    metadata,
    Column("postmortem_id", Integer, ForeignKey("postmortems.id"), primary_key=True),
    Column("team_url", Text, nullable=False),
    Column("team_id", Integer, nullable=False),
    Column("base", JSON, nullable=False),
    Column("team_seen", JSON, nullable=False),
    Column("checked_out_at", String(40), nullable=False),
    Column("synced_at", String(40)),
)


@dataclass
class Checkout:
    """One checked-out postmortem: its local id, where it came from, and the merge's copies."""

    postmortem_id: int
    team_url: str
    team_id: int
    base: Postmortem
    team_seen: Postmortem
    checked_out_at: datetime
    synced_at: datetime | None = None


# -- whole postmortems as JSON, value for value -------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in a checkout's copy")


def to_copy(pm: Postmortem) -> dict[str, Any]:
    """A postmortem as the JSON of its stored rows."""
    row = _postmortem_values(pm, FIELDS)
    row.update(id=pm.id, created_at=pm.created_at, updated_at=pm.updated_at)
    row["deleted_at"] = pm.deleted_at
    data = {
        "row": row,
        "collections": {
            c: [_item_values(c, item, n) for n, item in enumerate(getattr(pm, c))]
            for c in COLLECTIONS
        },
        "phases": [
            {
                "phase": p.phase,
                "planned_minutes": p.planned_minutes,
                "actual_seconds": p.actual_seconds,
            }
            for p in pm.phases
        ],
    }
    result: dict[str, Any] = json.loads(json.dumps(data, default=_plain))
    return result


def from_copy(data: Any) -> Postmortem:
    """The postmortem a to_copy() holds."""
    if isinstance(data, str | bytes):
        data = json.loads(data)
    return assemble(data["row"], data["collections"], data["phases"])


# -- the table ----------------------------------------------------------------------------------


def _from_row(row: Any) -> Checkout:
    return Checkout(
        postmortem_id=int(row.postmortem_id),
        team_url=row.team_url,
        team_id=int(row.team_id),
        base=from_copy(row.base),
        team_seen=from_copy(row.team_seen),
        checked_out_at=datetime.fromisoformat(row.checked_out_at),
        synced_at=datetime.fromisoformat(row.synced_at) if row.synced_at else None,
    )


def all_checkouts(connection: Connection, ids: Iterable[int] | None = None) -> list[Checkout]:
    query = select(CHECKOUTS).order_by(CHECKOUTS.c.postmortem_id)
    if ids is not None:
        query = query.where(CHECKOUTS.c.postmortem_id.in_(list(ids)))
    return [_from_row(row) for row in connection.execute(query)]


def find(connection: Connection, team_url: str, team_id: int) -> int | None:
    """The local id of a team postmortem already checked out here, else None."""
    found = connection.execute(
        select(CHECKOUTS.c.postmortem_id).where(
            CHECKOUTS.c.team_url == team_url, CHECKOUTS.c.team_id == team_id
        )
    ).scalar()
    return None if found is None else int(found)


def record(connection: Connection, checkout: Checkout) -> None:
    """Insert or replace the record of one checked-out postmortem."""
    values = {
        "team_url": checkout.team_url,
        "team_id": checkout.team_id,
        "base": to_copy(checkout.base),
        "team_seen": to_copy(checkout.team_seen),
        "checked_out_at": checkout.checked_out_at.isoformat(),
        "synced_at": checkout.synced_at.isoformat() if checkout.synced_at else None,
    }
    updated = connection.execute(
        CHECKOUTS.update()
        .where(CHECKOUTS.c.postmortem_id == checkout.postmortem_id)
        .values(**values)
    )
    if updated.rowcount == 0:
        connection.execute(
            CHECKOUTS.insert().values(postmortem_id=checkout.postmortem_id, **values)
        )
