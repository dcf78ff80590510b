"""Who has which postmortem open: each window says so every few seconds, and forgets on close."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert, select, update

from pmdesk.collab.presence import Present
from pmdesk.storage.tables import PresenceRow, table_of

_TABLE = table_of(PresenceRow)


def announce(
    engine: Engine, client: str, postmortem_id: int, name: str, opened_at: datetime, now: datetime
) -> None:
    """This window (client) has the postmortem open, as of `now`."""
    with engine.begin() as connection:
        row = connection.execute(
            select(_TABLE.c.postmortem_id).where(_TABLE.c.client == client)
        ).first()
        if row is not None and int(row.postmortem_id) == postmortem_id:
            connection.execute(
                update(_TABLE).where(_TABLE.c.client == client).values(seen_at=now, name=name)
            )
            return
        connection.execute(delete(_TABLE).where(_TABLE.c.client == client))
        connection.execute(
            insert(_TABLE).values(
                client=client,
                postmortem_id=postmortem_id,
                name=name,
                opened_at=opened_at,
                seen_at=now,
            )
        )


def leave(engine: Engine, client: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(_TABLE).where(_TABLE.c.client == client))


def present(
    engine: Engine, postmortem_id: int, now: datetime, stale_after: timedelta
) -> list[Present]:
    """Everyone who said they have it open within `stale_after` of `now`, first opened first."""
    query = select(_TABLE.c.client, _TABLE.c.name, _TABLE.c.opened_at, _TABLE.c.seen_at).where(
        _TABLE.c.postmortem_id == postmortem_id
    )
    with engine.connect() as connection:
        rows = list(connection.execute(query))
    alive = [r for r in rows if now - r.seen_at <= stale_after]
    return sorted((Present(r.client, r.name, r.opened_at) for r in alive), key=lambda p: p.since)
