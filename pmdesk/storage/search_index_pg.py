"""The search index's parts on PostgreSQL, re-indexed by a save without reading first.

pmdesk.storage.search_index keeps the index in step by reading each part it replaces and then
writing; on a server each read is a round trip taken while the save holds its postmortem's lock.
Here each changed part is one statement that the server works out on its own (is the part
there, did its text change, which slot is free, how many words it adds or takes away), so the
statements can be queued with the save's other writes (pmdesk.storage.pipelined). The outcome is
search_index.update's: the same parts, slots, texts and word counts. Only a part whose text
changed is written, as its tsvector and GIN entries are the dearest part of a save.

The notes are indexed in chunks, as on SQLite (pmdesk.storage.search_notes_pg).

A postmortem whose slots are used up (a million items added over its life) gets the new part
nowhere; the statement says so and the caller indexes the postmortem afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from pmdesk.search import words_of
from pmdesk.storage.search_index import changed_parts, names
from pmdesk.storage.search_layout import (
    FIELD_SLOTS,
    FIRST_ITEM,
    LAST_ITEM,
    PARTS_TABLE,
    POSTMORTEMS_TABLE,
    SLOT_BITS,
)
from pmdesk.storage.search_notes_pg import notes_statement

if TYPE_CHECKING:
    from pmdesk.document import Dirty
    from pmdesk.model import Postmortem

# One part with its new text: updated when its text changed, added in its slot when missing,
# and the postmortem's word count moved by the difference. Answers whether the part was to be
# added and found no free slot.
_PUT = f"""
WITH old AS (
    SELECT id, words, title, body FROM {PARTS_TABLE}
    WHERE postmortem_id = %(pm)s AND part = %(part)s
), changed AS (
    UPDATE {PARTS_TABLE} AS s SET words = %(words)s, title = %(title)s, body = %(body)s
    FROM old
    WHERE s.id = old.id AND (old.title, old.body) IS DISTINCT FROM (%(title)s, %(body)s)
        AND {{guard}}
    RETURNING %(words)s - old.words AS delta
), slot AS (
    SELECT {{slot}} AS id
), added AS (
    INSERT INTO {PARTS_TABLE} (id, postmortem_id, part, words, title, body)
    SELECT slot.id, %(pm)s, %(part)s, %(words)s, %(title)s, %(body)s FROM slot
    WHERE NOT EXISTS (SELECT 1 FROM old) AND slot.id <= %(last)s AND {{guard}}
    RETURNING %(words)s AS delta
), counted AS (
    UPDATE {POSTMORTEMS_TABLE} AS counts SET words = counts.words + moved.delta
    FROM (SELECT sum(delta) AS delta FROM (
        SELECT delta FROM changed UNION ALL SELECT delta FROM added) AS deltas) AS moved
    WHERE counts.postmortem_id = %(pm)s AND moved.delta <> 0
    RETURNING 1
)
SELECT {{guard}} AND NOT EXISTS (SELECT 1 FROM old) AND NOT EXISTS (SELECT 1 FROM added)
"""
_FIXED_SLOT = "%(slot)s"
_NEXT_SLOT = (
    f"(SELECT greatest(coalesce(max(id) + 1, %(first)s), %(first)s) FROM {PARTS_TABLE} "
    "WHERE postmortem_id = %(pm)s)"
)
# One part that is gone (its item removed or its text emptied).
_DROP = f"""
WITH gone AS (
    DELETE FROM {PARTS_TABLE} WHERE postmortem_id = %(pm)s AND part = %(part)s AND {{guard}}
    RETURNING words
)
UPDATE {POSTMORTEMS_TABLE} AS counts SET words = counts.words - dropped.total
FROM (SELECT sum(words) AS total FROM gone) AS dropped
WHERE counts.postmortem_id = %(pm)s AND dropped.total <> 0
"""
_NAMES = (
    f"UPDATE {POSTMORTEMS_TABLE} SET services = %(services)s, tags = %(tags)s "
    "WHERE postmortem_id = %(pm)s AND {guard}"
)


class Statement(NamedTuple):
    sql: str
    params: dict[str, Any]
    answers: bool = False  # its one row says whether a new part found no free slot
    sent: Callable[[], None] | None = None  # called once it is sent


def statements(pm: Postmortem, dirty: Dirty, guard: str | None = None) -> list[Statement]:
    """The statements that re-index the parts `dirty` names (worked out before any is sent, so
    a batch goes to the server at once). guard: an SQL condition every write carries."""
    assert pm.id is not None
    condition = guard or "TRUE"
    base = pm.id << SLOT_BITS
    found: list[Statement] = []
    wanted = changed_parts(pm, dirty)
    for key, part in wanted.items():
        if key == "notes":
            sql, values, sent = notes_statement(pm.id, part.body if part else "", condition)
            found.append(Statement(sql, values, answers=True, sent=sent))
            continue
        if part is None:
            found.append(Statement(_DROP.format(guard=condition), {"pm": pm.id, "part": key}))
            continue
        params: dict[str, Any] = {
            "pm": pm.id,
            "part": key,
            "words": len(words_of(part.title)) + len(words_of(part.body)),
            "title": part.title,
            "body": part.body,
            "last": base + LAST_ITEM,
        }
        if key in FIELD_SLOTS:
            slot, params["slot"] = _FIXED_SLOT, base + FIELD_SLOTS[key]
        else:
            slot, params["first"] = _NEXT_SLOT, base + FIRST_ITEM
        found.append(Statement(_PUT.format(guard=condition, slot=slot), params, answers=True))
    if "names" in wanted:
        now = {"pm": pm.id, "services": names(pm.services), "tags": names(pm.tags)}
        found.append(Statement(_NAMES.format(guard=condition), now))
    return found


def send(connection: Any, prepared: list[Statement]) -> Callable[[], bool]:
    """Run the statements in the caller's transaction (they need no answer first, so they can
    be queued in pipeline mode). The returned function, called once they have run, says
    whether a new part found no free slot."""
    raw = connection.connection.driver_connection
    answers = []
    for statement in prepared:
        cursor = raw.cursor()
        cursor.execute(statement.sql, statement.params)
        if statement.sent is not None:
            statement.sent()
        if statement.answers:
            answers.append(cursor)

    def out_of_slots() -> bool:
        return any(bool(cursor.fetchone()[0]) for cursor in answers)

    return out_of_slots
