"""The search index's parts on PostgreSQL, re-indexed by a save in two steps.

pmdesk.storage.search_index keeps the index in step by reading each part it replaces and then
writing; on a server each read is a round trip taken while the save holds its postmortem's lock.
Here the reads go with the save's other reads under the lock (pmdesk.storage.pipelined), and the
writes are worked out from them, so they can be queued with the save's other writes. The
outcome is the same as search_index.update's: the same parts, slots, texts and word counts.
Only a part whose text changed is written, as its tsvector and GIN entries are the dearest
part of a save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import text as sql

from pmdesk.search import words_of
from pmdesk.storage.search_index import (
    FIELD_SLOTS,
    FIRST_ITEM,
    PARTS_TABLE,
    POSTMORTEMS_TABLE,
    SLOT_BITS,
    SLOT_MASK,
    PartText,
    changed_parts,
    names,
)

if TYPE_CHECKING:
    from pmdesk.document import Dirty
    from pmdesk.model import Postmortem


class OldPart(NamedTuple):
    """A part as stored."""

    id: int
    words: int
    title: str
    body: str


_OLD_PARTS = (
    f"SELECT part, id, words, title, body FROM {PARTS_TABLE} "
    "WHERE postmortem_id = %(pm)s AND part = ANY(%(parts)s)"
)
_LAST_SLOT = f"SELECT max(id) FROM {PARTS_TABLE} WHERE postmortem_id = %(pm)s"

_DELETE = f"DELETE FROM {PARTS_TABLE} WHERE id = :id"
_UPDATE = f"UPDATE {PARTS_TABLE} SET words = :words, title = :title, body = :body WHERE id = :id"
_INSERT = (
    f"INSERT INTO {PARTS_TABLE} (id, postmortem_id, part, words, title, body) "
    "VALUES (:id, :pm, :part, :words, :title, :body)"
)
_WORDS = f"UPDATE {POSTMORTEMS_TABLE} SET words = words + :delta WHERE postmortem_id = :pm"
_NAMES = (
    f"UPDATE {POSTMORTEMS_TABLE} SET services = :services, tags = :tags WHERE postmortem_id = :pm"
)


def read_parts(
    raw: Any, postmortem_id: int, keys: list[str]
) -> Callable[[], tuple[dict[str, OldPart], int | None]]:
    """Queue the reads of these parts and of the last slot on a psycopg connection in pipeline
    mode; the returned function hands over what was read."""
    old = raw.cursor()
    old.execute(_OLD_PARTS, {"pm": postmortem_id, "parts": keys})
    last = raw.cursor()
    last.execute(_LAST_SLOT, {"pm": postmortem_id})

    def result() -> tuple[dict[str, OldPart], int | None]:
        parts = {str(key): OldPart(int(i), int(w), t, b) for key, i, w, t, b in old.fetchall()}
        found = last.fetchone()
        return parts, None if found is None or found[0] is None else int(found[0])

    return result


def keys_for(pm: Postmortem, dirty: Dirty) -> list[str]:
    """The parts a save rewrites (the keys read_parts needs)."""
    return list(changed_parts(pm, dirty))


class Writes(NamedTuple):
    """A save's writes to the index, worked out from what was stored."""

    statements: list[tuple[str, list[dict[str, Any]] | dict[str, Any]]]


def plan(
    pm: Postmortem, dirty: Dirty, old: dict[str, OldPart], last_slot: int | None
) -> Writes | None:
    """The writes that bring the changed parts up to date; None when the postmortem has used up
    its slots (the caller indexes it afresh with search_index.store)."""
    assert pm.id is not None
    wanted = changed_parts(pm, dirty)
    gone: list[OldPart] = []
    changed: list[dict[str, Any]] = []
    added: list[dict[str, Any]] = []
    delta = 0
    for key, part in wanted.items():
        before = old.get(key)
        if before is not None and part is not None and (before.title, before.body) == part:
            continue
        if before is not None:
            gone.append(before)
            delta -= before.words
        if part is None:
            continue
        values: dict[str, Any] = {"pm": pm.id, "part": key, "words": _words(part)}
        values |= part._asdict()
        delta += values["words"]
        if before is not None:
            changed.append(values | {"id": before.id})
        else:
            added.append(values)
    base = pm.id << SLOT_BITS
    slot = max(FIRST_ITEM, (last_slot - base + 1) if last_slot is not None else FIRST_ITEM)
    for values in added:
        if values["part"] in FIELD_SLOTS:
            values["id"] = base + FIELD_SLOTS[values["part"]]
        else:
            values["id"], slot = base + slot, slot + 1
    if slot > SLOT_MASK + 1:
        return None
    kept = {c["id"] for c in changed}
    statements: list[tuple[str, list[dict[str, Any]] | dict[str, Any]]] = []
    deleted = [{"id": g.id} for g in gone if g.id not in kept]
    updated = [{k: c[k] for k in ("id", "words", "title", "body")} for c in changed]
    for statement, rows in ((_DELETE, deleted), (_UPDATE, updated), (_INSERT, added)):
        if rows:
            statements.append((statement, rows))
    if delta:
        statements.append((_WORDS, {"delta": delta, "pm": pm.id}))
    if "names" in wanted:
        now = {"pm": pm.id, "services": names(pm.services), "tags": names(pm.tags)}
        statements.append((_NAMES, now))
    return Writes(statements)


def write(connection: Any, writes: Writes) -> None:
    """Run the planned writes in the caller's transaction (no answer needed: they can be queued)."""
    for statement, params in writes.statements:
        connection.execute(sql(statement), params)


def _words(part: PartText) -> int:
    return len(words_of(part.title)) + len(words_of(part.body))
