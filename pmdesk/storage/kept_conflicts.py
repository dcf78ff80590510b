"""Conflicts not yet settled, kept with the postmortem (per person) across closing and quitting.

What is kept is enough to find the same conflicts again against whatever the database holds
then: the common ancestor (what the database held before the other person's change) and what
this person had in the window. Reopening merges the two with the stored copy
(pmdesk.operations.together), so the conflict view shows the same clash, or none when it was
settled elsewhere meanwhile.
"""

from __future__ import annotations

from datetime import datetime

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
    delete,
    select,
)

from pmdesk.model import Postmortem
from pmdesk.storage.checkouts import from_copy, to_copy
from pmdesk.storage.repository import Repository

metadata = MetaData()
KEPT_CONFLICTS = Table(
    "kept_conflicts",
    metadata,
    Column("postmortem_id", Integer, ForeignKey("postmortems.id"), primary_key=True),
    Column("owner", Text, primary_key=True),
    Column("ancestor", JSON, nullable=False),
    Column("mine", JSON, nullable=False),
    Column("kept_at", String(40), nullable=False),
)


def keep(
    connection: Connection,
    postmortem_id: int,
    owner: str,
    ancestor: Postmortem,
    mine: Postmortem,
    when: datetime,
) -> None:
    """Insert or replace what one person's open conflicts on one postmortem need."""
    forget(connection, postmortem_id, owner)
    connection.execute(
        KEPT_CONFLICTS.insert().values(
            postmortem_id=postmortem_id,
            owner=owner,
            ancestor=to_copy(ancestor),
            mine=to_copy(mine),
            kept_at=when.isoformat(),
        )
    )


def forget(connection: Connection, postmortem_id: int, owner: str) -> None:
    connection.execute(
        delete(KEPT_CONFLICTS).where(
            KEPT_CONFLICTS.c.postmortem_id == postmortem_id, KEPT_CONFLICTS.c.owner == owner
        )
    )


def find(
    connection: Connection, postmortem_id: int, owner: str
) -> tuple[Postmortem, Postmortem] | None:
    """(ancestor, mine) kept for this person and postmortem, else None."""
    row = connection.execute(
        select(KEPT_CONFLICTS.c.ancestor, KEPT_CONFLICTS.c.mine).where(
            KEPT_CONFLICTS.c.postmortem_id == postmortem_id, KEPT_CONFLICTS.c.owner == owner
        )
    ).first()
    if row is None:
        return None
    return from_copy(row.ancestor), from_copy(row.mine)


class KeptConflicts:
    """The open database's shelf of unsettled conflicts (pmdesk.operations.library.ConflictShelf)."""

    def __init__(self, store: Repository) -> None:
        self.store = store

    def keep(
        self, postmortem_id: int, owner: str, kept: tuple[Postmortem, Postmortem] | None
    ) -> None:
        self.store._before_write()
        with self.store.engine.begin() as connection:
            if kept is None:
                forget(connection, postmortem_id, owner)
            else:
                ancestor, mine = kept
                keep(connection, postmortem_id, owner, ancestor, mine, self.store.clock())

    def find(self, postmortem_id: int, owner: str) -> tuple[Postmortem, Postmortem] | None:
        with self.store.engine.connect() as connection:
            return find(connection, postmortem_id, owner)
