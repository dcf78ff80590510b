"""PostgreSQL: a save in two round trips, a versioned read in one (psycopg's pipeline mode).

Every round trip to the server costs a wake-up of the server process and of pmdesk; on a busy
machine each is several milliseconds, and a save that holds its postmortem's lock across ten of
them keeps every colleague saving the same postmortem waiting. So a save on PostgreSQL is:

1. one round trip that takes the postmortem's lock and then reads everything the save must know
   (the field and item numbers it checks, entry numbers already taken, the search-index parts it
   replaces): the statements run one after another on the server, so every read after the lock
   sees the last committed save;
2. the check, in pmdesk (nothing written when a number moved: StaleSave);
3. one round trip with every write, the notification and the commit.

The reads use the driver directly (the values are numbers, ids and text; pmdesk.storage.rows
accepts the driver's own types); the writes stay SQLAlchemy statements, queued in the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pmdesk.collab.versions import Versions
from pmdesk.document import Dirty
from pmdesk.model import Postmortem
from pmdesk.storage.rows import COLLECTION_TABLES, PHASE_TABLE, POSTMORTEM_TABLE, assemble
from pmdesk.storage.search_index_pg import OldPart, read_parts


@dataclass
class SaveReads:
    """What a save read under its postmortem's lock."""

    versions: Any  # the postmortem's stored field numbers (JSON as stored)
    revision: int
    items: dict[str, dict[str, int]] = field(default_factory=dict)  # stored item numbers
    clashes: list[str] = field(default_factory=list)  # "timeline:<id>" whose entry number is taken
    parts: dict[str, OldPart] | None = None  # stored index parts by key (None: none needed)
    last_slot: int | None = None  # the highest index part id of the postmortem


def driver(connection: Any) -> Any:
    """The psycopg connection under an SQLAlchemy one."""
    return connection.connection.driver_connection


@contextmanager
def translated() -> Iterator[None]:
    """The driver's own errors as SQLAlchemy's (what pmdesk.storage.guard.explain reads), as if
    the statements had gone through SQLAlchemy."""
    import psycopg
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except psycopg.Error as exc:
        raise DBAPIError.instance(None, None, exc, psycopg.Error) from exc


@contextmanager
def pipeline(connection: Any) -> Iterator[None]:
    """Queue the statements run inside; the server gets them together (one round trip with the
    commit at the end). A statement that fails raises at the latest when the block ends."""
    with driver(connection).pipeline():
        yield


_LOCK = f"SELECT versions, revision FROM {POSTMORTEM_TABLE} WHERE id = %(pm)s FOR UPDATE"
_ITEM_NUMBERS = "SELECT id, version FROM {table} WHERE postmortem_id = %(pm)s AND id = ANY(%(ids)s)"
_SEQS_TAKEN = (
    "SELECT id, seq FROM timeline_events WHERE postmortem_id = %(pm)s AND seq = ANY(%(seqs)s)"
)


def read_for_save(
    connection: Any, pm: Postmortem, dirty: Dirty, index_keys: list[str] | None
) -> SaveReads | None:
    """Lock the postmortem and read what the save checks, in one round trip (None: no such
    postmortem). `index_keys`: the search-index parts the save rewrites (None: none)."""
    assert pm.id is not None
    raw = driver(connection)
    wanted = {c: sorted(ids) for c, ids in dirty.items.items() if ids}
    timeline = set(wanted.get("timeline", ()))
    seqs = {e.seq: e.id for e in pm.timeline if e.id in timeline}
    with raw.pipeline():
        lock = raw.cursor()
        lock.execute(_LOCK, {"pm": pm.id})
        numbers = {}
        for collection, ids in wanted.items():
            numbers[collection] = raw.cursor()
            query = _ITEM_NUMBERS.format(table=COLLECTION_TABLES[collection])
            numbers[collection].execute(query, {"pm": pm.id, "ids": ids})
        taken = None
        if seqs:
            taken = raw.cursor()
            taken.execute(_SEQS_TAKEN, {"pm": pm.id, "seqs": sorted(seqs)})
        index = read_parts(raw, pm.id, index_keys) if index_keys is not None else None
        row = lock.fetchone()
        if row is None:
            return None
        reads = SaveReads(versions=row[0], revision=int(row[1]))
        for collection, cursor in numbers.items():
            reads.items[collection] = {str(i): int(v) for i, v in cursor.fetchall()}
        if taken is not None:
            reads.clashes = [
                f"timeline:{seqs[int(seq)]}"
                for item_id, seq in taken.fetchall()
                if item_id not in timeline and seqs.get(int(seq)) is not None
            ]
        if index is not None:
            reads.parts, reads.last_slot = index()
    return reads


def load_versioned(connection: Any, postmortem_id: int) -> tuple[Postmortem, Versions] | None:
    """A whole postmortem and its numbers, in one snapshot and one round trip (None: no such
    postmortem). The caller runs this at REPEATABLE READ and rolls back afterwards."""
    from psycopg.rows import dict_row

    raw = driver(connection)
    with raw.pipeline():
        head = raw.cursor(row_factory=dict_row)
        head.execute(f"SELECT * FROM {POSTMORTEM_TABLE} WHERE id = %(pm)s", {"pm": postmortem_id})
        children = {}
        for collection, table in COLLECTION_TABLES.items():
            order = "at, seq" if collection == "timeline" else "position, id"
            children[collection] = raw.cursor(row_factory=dict_row)
            children[collection].execute(
                f"SELECT * FROM {table} WHERE postmortem_id = %(pm)s ORDER BY {order}",
                {"pm": postmortem_id},
            )
        phases = raw.cursor(row_factory=dict_row)
        phases.execute(
            f"SELECT * FROM {PHASE_TABLE} WHERE postmortem_id = %(pm)s ORDER BY position",
            {"pm": postmortem_id},
        )
        row = head.fetchone()
        if row is None:
            return None
        rows = {collection: cursor.fetchall() for collection, cursor in children.items()}
        phase_rows = phases.fetchall()
    return assemble(row, rows, phase_rows), versions_of(row, rows)


def versions_of(row: Mapping[str, Any], rows: Mapping[str, list[Any]]) -> Versions:
    """The numbers of a postmortem read whole (its row and every item's row)."""
    from pmdesk.storage.rows import from_json

    versions = Versions(
        revision=int(row["revision"]),
        fields={k: int(v) for k, v in (from_json(row["versions"]) or {}).items()},
    )
    for collection, items in rows.items():
        versions.items[collection] = {str(r["id"]): int(r["version"]) for r in items}
    return versions
