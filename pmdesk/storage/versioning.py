"""Reading the version numbers a save checks, and the numbers it gives (see pmdesk.collab.versions)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from pmdesk.collab.versions import StaleSave, Versions
from pmdesk.document import Dirty
from pmdesk.model import COLLECTIONS, Postmortem
from pmdesk.storage.rows import from_json
from pmdesk.storage.tables import COLLECTION_TABLES, PostmortemRow, TimelineEventRow, table_of

# The PostgreSQL channel every write is announced on; the payload is the postmortem's id.
CHANNEL = "pmdesk_changes"


def read_versions(connection: Any, postmortem_id: int) -> Versions:
    """Every number of one postmortem, as stored now."""
    table = table_of(PostmortemRow)
    row = connection.execute(
        select(table.c.versions, table.c.revision).where(table.c.id == postmortem_id)
    ).first()
    if row is None:
        return Versions()
    versions = Versions(
        revision=int(row.revision),
        fields={k: int(v) for k, v in (from_json(row.versions) or {}).items()},
    )
    for collection in COLLECTIONS:
        items = table_of(COLLECTION_TABLES[collection])
        query = select(items.c.id, items.c.version).where(items.c.postmortem_id == postmortem_id)
        versions.items[collection] = {r.id: int(r.version) for r in connection.execute(query)}
    return versions


def stored_item_versions(
    connection: Any, postmortem_id: int, collection: str, ids: Iterable[str]
) -> dict[str, int]:
    """The stored numbers of these items; an item not stored is left out."""
    table = table_of(COLLECTION_TABLES[collection])
    wanted = list(ids)
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        query = select(table.c.id, table.c.version).where(
            table.c.postmortem_id == postmortem_id, table.c.id.in_(wanted[start : start + 500])
        )
        found.update({r.id: int(r.version) for r in connection.execute(query)})
    return found


def seq_clashes(connection: Any, pm: Postmortem, ids: Iterable[str]) -> list[str]:
    """Events about to be written whose entry number another stored event already has."""
    wanted = set(ids)
    mine = {e.seq: e.id for e in pm.timeline if e.id in wanted}
    if not mine:
        return []
    table = table_of(TimelineEventRow)
    query = select(table.c.id, table.c.seq).where(
        table.c.postmortem_id == pm.id, table.c.seq.in_(list(mine))
    )
    return [
        f"timeline:{mine[int(r.seq)]}"
        for r in connection.execute(query)
        if r.id not in wanted and mine.get(int(r.seq)) is not None
    ]


def stored_numbers(stored: Any) -> dict[str, int]:
    """The stored field numbers (a JSON column, parsed or not)."""
    return {k: int(v) for k, v in (from_json(stored) or {}).items()}


def numbers_written(
    pm: Postmortem,
    dirty: Dirty,
    stored_fields: dict[str, int],
    stored_revision: int,
    numbers: dict[str, dict[str, int]],
    clashes: list[str],
    versions: Versions | None,
) -> Versions:
    """The numbers this write will give; StaleSave when `versions` is out of date.

    numbers: the stored numbers of the items `dirty` names (an item not stored is left out);
    clashes: events about to be written whose entry number another stored event has.
    """
    assert pm.id is not None
    written = Versions(revision=stored_revision + 1)
    moved: list[str] = []
    for name in dirty.fields:
        now = stored_fields.get(name, 0)
        if versions is not None and now != versions.fields.get(name, 0):
            moved.append(name)
        written.fields[name] = now + 1
    for collection, ids in dirty.items.items():
        if not ids:
            continue
        stored = numbers.get(collection, {})
        present = {item.id for item in getattr(pm, collection)}
        out = written.items.setdefault(collection, {})
        for item_id in ids:
            now_at = stored.get(item_id)
            if versions is not None and now_at != versions.item(collection, item_id):
                moved.append(f"{collection}:{item_id}")
            out[item_id] = (now_at or 0) + 1 if item_id in present else 0
    if versions is not None:
        moved += clashes
    if moved:
        raise StaleSave(pm.id, sorted(moved))
    return written
