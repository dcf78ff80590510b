"""Who has which postmortem open: each window says so every few seconds, and forgets on close.

On PostgreSQL the other windows learn of writes from a NOTIFY (pmdesk.storage.watch), so a
window that comes or goes sends one too: the others' presence line follows at their next look
(about a second) instead of at their next heartbeat. SQLite's data version moves by itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, insert, select, text, update

from pmdesk.collab.presence import Present
from pmdesk.storage.tables import PresenceRow, table_of
from pmdesk.storage.versioning import CHANNEL

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
        _notify(connection)  # came, or moved to another postmortem


def leave(engine: Engine, client: str) -> None:
    with engine.begin() as connection:
        gone = connection.execute(delete(_TABLE).where(_TABLE.c.client == client)).rowcount
        if gone:
            _notify(connection)


def _notify(connection: Any) -> None:
    """Tell the windows listening on a server database (sent when the transaction commits).
    The payload names no postmortem: nothing was written to one."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})


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
