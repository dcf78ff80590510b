"""The search index's parts on PostgreSQL, re-indexed by a save without reading first.

pmdesk.storage.search_index keeps the index in step by reading each part it replaces and then
writing; on a server each read is a round trip taken while the save holds its postmortem's lock.
Here each changed part is one statement that the server works out on its own (is the part
there, did its text change, which slot is free, how many words it adds or takes away), so the
statements can be queued with the save's other writes (pmdesk.storage.pipelined). The outcome is
search_index.update's: the same parts, slots, texts and word counts. Only a part whose text
changed is written, as its tsvector and GIN entries are the dearest part of a save.

The notes are indexed in chunks, as on SQLite (pmdesk.storage.search_chunks): a save sends every
chunk's text, and the server keeps each stored chunk that a new one has the text of, writes the
changed ones in the slots of those that went, and only more chunks in new slots. Typing in long
notes re-indexes the chunk typed in, not the whole text.

A postmortem whose slots are used up (a million items added over its life) gets the new part
nowhere; the statement says so and the caller indexes the postmortem afresh.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pmdesk.search import words_of
from pmdesk.storage.search_chunks import chunks
from pmdesk.storage.search_index import (
    FIELD_SLOTS,
    FIRST_CHUNK,
    FIRST_ITEM,
    LAST_ITEM,
    NOTES_SLOT,
    PARTS_TABLE,
    POSTMORTEMS_TABLE,
    SLOT_BITS,
    SLOT_MASK,
    changed_parts,
    names,
)

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
# The notes' chunks brought in step with the chunks sent (their texts and word counts, in order):
# stored chunks are paired with new ones of the same text (the n-th of a text with the n-th);
# new chunks left over are written in the slots of stored ones left over, in order, then in new
# slots after the last; stored ones left over after that go, as does the notes' part in one
# piece (as written before chunks). Answers whether the new slots would run past the last (then
# nothing is written).
_NOTES = f"""
WITH new AS (
    SELECT body, words::int AS words, ord,
        row_number() OVER (PARTITION BY body ORDER BY ord) AS nth
    FROM ROWS FROM (json_array_elements_text(%(bodies)s::json),
        json_array_elements_text(%(words)s::json)) WITH ORDINALITY AS n(body, words, ord)
), old AS (
    SELECT id, words, body, row_number() OVER (PARTITION BY body ORDER BY id) AS nth
    FROM {PARTS_TABLE} WHERE postmortem_id = %(pm)s AND id BETWEEN %(first)s AND %(last)s
), fresh AS (
    SELECT new.body, new.words, row_number() OVER (ORDER BY new.ord) AS k
    FROM new LEFT JOIN old ON old.body = new.body AND old.nth = new.nth WHERE old.id IS NULL
), stale AS (
    SELECT old.id, old.words, row_number() OVER (ORDER BY old.id) AS k
    FROM old LEFT JOIN new ON new.body = old.body AND new.nth = old.nth WHERE new.ord IS NULL
), plan AS (
    SELECT (SELECT count(*) FROM fresh) AS fresh, (SELECT count(*) FROM stale) AS stale,
        (SELECT coalesce(max(id) + 1, %(first)s) FROM old) AS next
), go AS (
    SELECT plan.*, plan.next + greatest(plan.fresh - plan.stale, 0) <= %(last)s + 1 AND {{guard}}
        AS ok FROM plan
), rewritten AS (
    UPDATE {PARTS_TABLE} AS s SET words = fresh.words, body = fresh.body
    FROM stale JOIN fresh USING (k), go
    WHERE s.id = stale.id AND go.ok
    RETURNING fresh.words - stale.words AS delta
), added AS (
    INSERT INTO {PARTS_TABLE} (id, postmortem_id, part, words, title, body)
    SELECT go.next + fresh.k - go.stale - 1, %(pm)s,
        'n:' || (go.next + fresh.k - go.stale - 1 - %(base)s), fresh.words, '', fresh.body
    FROM fresh, go WHERE fresh.k > go.stale AND go.ok
    RETURNING words AS delta
), dropped AS (
    DELETE FROM {PARTS_TABLE} AS s USING stale, go
    WHERE s.id = stale.id AND stale.k > go.fresh AND go.ok
    RETURNING -s.words AS delta
), whole AS (
    DELETE FROM {PARTS_TABLE} AS s USING go WHERE s.id = %(whole)s AND go.ok
    RETURNING -s.words AS delta
), counted AS (
    UPDATE {POSTMORTEMS_TABLE} AS counts SET words = counts.words + moved.delta
    FROM (SELECT sum(delta) AS delta FROM (
        SELECT delta FROM rewritten UNION ALL SELECT delta FROM added
        UNION ALL SELECT delta FROM dropped UNION ALL SELECT delta FROM whole) AS deltas) AS moved
    WHERE counts.postmortem_id = %(pm)s AND moved.delta <> 0
    RETURNING 1
)
SELECT {{guard}} AND NOT go.ok FROM go
"""
_NAMES = (
    f"UPDATE {POSTMORTEMS_TABLE} SET services = %(services)s, tags = %(tags)s "
    "WHERE postmortem_id = %(pm)s AND {guard}"
)


Statement = tuple[str, dict[str, Any], bool]  # SQL, parameters, whether it answers


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
            found.append(_notes(pm.id, part.body if part else "", condition))
            continue
        if part is None:
            found.append((_DROP.format(guard=condition), {"pm": pm.id, "part": key}, False))
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
        found.append((_PUT.format(guard=condition, slot=slot), params, True))
    if "names" in wanted:
        now = {"pm": pm.id, "services": names(pm.services), "tags": names(pm.tags)}
        found.append((_NAMES.format(guard=condition), now, False))
    return found


def _notes(postmortem_id: int, notes: str, guard: str) -> Statement:
    """The statement that brings the notes' chunks in step with `notes` (as notes_text reads
    them)."""
    base = postmortem_id << SLOT_BITS
    found = chunks(notes, postmortem_id)
    params = {
        "pm": postmortem_id,
        "base": base,
        "first": base + FIRST_CHUNK,
        "last": base + SLOT_MASK,
        "whole": base + NOTES_SLOT,
        # As JSON: the driver adapts a list of texts element by element, several times slower.
        "bodies": json.dumps([chunk.indexed for chunk in found]),
        "words": json.dumps([chunk.words for chunk in found]),
    }
    return _NOTES.format(guard=guard), params, True


def send(connection: Any, prepared: list[Statement]) -> Callable[[], bool]:
    """Run the statements in the caller's transaction (they need no answer first, so they can
    be queued in pipeline mode). The returned function, called once they have run, says
    whether a new part found no free slot."""
    raw = connection.connection.driver_connection
    answers = []
    for query, params, answers_back in prepared:
        cursor = raw.cursor()
        cursor.execute(query, params)
        if answers_back:
            answers.append(cursor)

    def out_of_slots() -> bool:
        return any(bool(cursor.fetchone()[0]) for cursor in answers)

    return out_of_slots
