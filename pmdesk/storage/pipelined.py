"""PostgreSQL: a save in one round trip, a versioned read in one (psycopg's pipeline mode).

Every round trip to the server costs a wake-up of the server process and of pmdesk; on a busy
machine each is several milliseconds, and a save that holds its postmortem's lock across ten of
them keeps every colleague saving the same postmortem waiting. So a save checked against the
numbers its window loaded goes to the server as one batch, run there in order:

1. take the postmortem's lock and read its numbers (every later statement then sees the last
   committed save: each statement of a READ COMMITTED transaction reads afresh);
2. the check, on the server: are the numbers of every field and item the save writes still the
   ones the window loaded, and is no entry number it gives taken? The verdict is kept for the
   transaction (`set_config('pmdesk.save', ...)`);
3. every write, each carrying the verdict as a condition (GUARD), the notification and the
   commit. When the check failed, nothing is written; pmdesk reads the numbers that came back
   and raises StaleSave with what moved, as before.

Every statement and value is worked out before the batch leaves, so the lock is held while the
statements go out one behind the other and the server runs them, never across a round trip
(on a busy machine pmdesk may wait tens of milliseconds for its turn after each answer). A
save without numbers (the command line's one-shot edits) reads first and
writes in a second round trip. The reads use the driver directly (numbers, ids and text;
pmdesk.storage.rows accepts the driver's own types); the writes stay SQLAlchemy statements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pmdesk.collab.versions import Versions
from pmdesk.document import Dirty
from pmdesk.model import Postmortem
from pmdesk.storage.rows import COLLECTION_TABLES, PHASE_TABLE, POSTMORTEM_TABLE, assemble

# The check's verdict, as the condition every write of a checked save carries.
GUARD = "current_setting('pmdesk.save') = 'go'"


@dataclass
class SaveReads:
    """What a save read under its postmortem's lock."""

    versions: Any  # the postmortem's stored field numbers (JSON as stored)
    revision: int
    items: dict[str, dict[str, int]] = field(default_factory=dict)  # stored item numbers
    clashes: list[str] = field(default_factory=list)  # "timeline:<id>" whose entry number is taken


def guarded(guard: str | None) -> list[Any]:
    """The guard as a WHERE condition (none without one)."""
    from sqlalchemy import text

    return [text(guard)] if guard else []


def guarded_insert(table: Any, columns: list[str], guard: str | None) -> Any:
    """An INSERT of rows; with a guard, each row is inserted only when the guard holds."""
    from sqlalchemy import bindparam, insert, select, text

    if guard is None:
        return insert(table)
    values = select(*(bindparam(c, type_=table.c[c].type) for c in columns)).where(text(guard))
    return insert(table).from_select(columns, values)


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


def read_for_save(connection: Any, pm: Postmortem, dirty: Dirty) -> Callable[[], SaveReads | None]:
    """Send the lock and the reads of the numbers a save checks (the caller has the connection
    in pipeline mode, or the reads go one by one). The returned function hands over what was
    read once the statements have run (None: no such postmortem)."""
    assert pm.id is not None
    raw = driver(connection)
    wanted = {c: sorted(ids) for c, ids in dirty.items.items() if ids}
    timeline = set(wanted.get("timeline", ()))
    seqs = {e.seq: e.id for e in pm.timeline if e.id in timeline}
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

    def result() -> SaveReads | None:
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
        return reads

    return result


def check(connection: Any, pm: Postmortem, dirty: Dirty, versions: Versions) -> Callable[[], bool]:
    """Send the check of a save against the numbers its window loaded, after the lock: its
    verdict becomes GUARD for the rest of the transaction. The returned function says, once
    the statements have run, whether the save may write."""
    from psycopg.types.json import Jsonb

    assert pm.id is not None
    params: dict[str, Any] = {"pm": pm.id}
    fields = ["TRUE"]
    for n, name in enumerate(sorted(dirty.fields)):
        fields.append(f"coalesce((p.versions::jsonb ->> %(f{n})s)::int, 0) = %(v{n})s")
        params[f"f{n}"], params[f"v{n}"] = name, versions.fields.get(name, 0)
    holds = [
        f"EXISTS (SELECT 1 FROM {POSTMORTEM_TABLE} AS p "
        f"WHERE p.id = %(pm)s AND {' AND '.join(fields)})"
    ]
    for n, (collection, ids) in enumerate(sorted(dirty.items.items())):
        if not ids:
            continue
        loaded = {i: versions.item(collection, i) for i in ids}
        holds.append(
            "(SELECT coalesce(jsonb_object_agg(id, version), '{}'::jsonb) "
            f"FROM {COLLECTION_TABLES[collection]} "
            f"WHERE postmortem_id = %(pm)s AND id = ANY(%(ids{n})s)) = %(loaded{n})s"
        )
        params[f"ids{n}"] = sorted(ids)
        params[f"loaded{n}"] = Jsonb({i: v for i, v in loaded.items() if v is not None})
    timeline = dirty.items.get("timeline", set())
    seqs = sorted({e.seq for e in pm.timeline if e.id in timeline})
    if seqs:
        holds.append(
            "NOT EXISTS (SELECT 1 FROM timeline_events WHERE postmortem_id = %(pm)s "
            "AND seq = ANY(%(seqs)s) AND NOT (id = ANY(%(events)s)))"
        )
        params["seqs"], params["events"] = seqs, sorted(timeline)
    verdict = driver(connection).cursor()
    verdict.execute(
        "SELECT set_config('pmdesk.save', "
        f"CASE WHEN {' AND '.join(holds)} THEN 'go' ELSE 'stale' END, true)",
        params,
    )
    return lambda: bool(verdict.fetchone()[0] == "go")


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
