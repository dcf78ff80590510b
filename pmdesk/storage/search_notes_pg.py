"""Long notes in the PostgreSQL search index, in chunks as on SQLite
(pmdesk.storage.search_chunks), kept in step by one statement that a save sends without reading
first (pmdesk.storage.pipelined).

A save of notes sends every chunk's text. The server keeps each stored chunk that a new one has
the text of, writes the changed chunks in the slots of those that went, and only more chunks in
new slots; the notes' part in one piece (as written before chunks) goes. Typing in long notes so
re-indexes the chunk typed in (its tsvector and GIN entries), not the whole text.

Pairing every stored chunk with a new one costs the server more than the chunk it writes, so a
process that knows the chunks stored sends the changed ones alone, as pairs of old and new text.
Every save of notes stores a new random state beside the postmortem's word count, and this
process keeps the chunks it sent with the state it sent with them. While the database holds
that state, the save was kept and no one has written the chunks since: the server rewrites the
pairs. Else (another process wrote them, or the save was rolled back or wrote nothing) it pairs
them all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple

from pmdesk.storage.search_chunks import Chunk, chunks, new_state
from pmdesk.storage.search_layout import (
    FIRST_CHUNK,
    NOTES_SLOT,
    PARTS_TABLE,
    POSTMORTEMS_TABLE,
    SLOT_BITS,
    SLOT_MASK,
)

# `known`: the stored state is the one this process sent with the chunks it holds. The pairs
# (old text, new text, words) are then rewritten where they are. Else the stored chunks are
# paired with the new ones of the same text (the n-th of a text with the n-th); new chunks left
# over are written in the slots of stored ones left over, in order, then in new slots after the
# last; stored ones left over after that go. Each write of that asks `known` first, so the
# server skips the pairing when the pairs are rewritten. Answers whether the new slots would
# run past the last (then nothing is written).
_NOTES = f"""
WITH st AS (
    SELECT coalesce((SELECT notes_state = %(known)s FROM {POSTMORTEMS_TABLE}
        WHERE postmortem_id = %(pm)s), false) AS known
), quick AS (
    UPDATE {PARTS_TABLE} AS s SET words = q.words::int, body = q.new
    FROM ROWS FROM (json_array_elements_text(%(q_old)s::json),
        json_array_elements_text(%(q_new)s::json),
        json_array_elements_text(%(q_words)s::json)) AS q(old, new, words)
    WHERE (SELECT known FROM st) AND {{guard}} AND s.postmortem_id = %(pm)s
        AND s.id BETWEEN %(first)s AND %(last)s AND s.body = q.old
    RETURNING 1
), new AS (
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
    WHERE NOT (SELECT known FROM st)
), go AS (
    SELECT plan.*, plan.next + greatest(plan.fresh - plan.stale, 0) <= %(last)s + 1 AND {{guard}}
        AS ok FROM plan
), rewritten AS (
    UPDATE {PARTS_TABLE} AS s SET words = fresh.words, body = fresh.body
    FROM stale JOIN fresh USING (k), go
    WHERE (SELECT NOT known FROM st) AND s.id = stale.id AND go.ok
    RETURNING fresh.words - stale.words AS delta
), added AS (
    INSERT INTO {PARTS_TABLE} (id, postmortem_id, part, words, title, body)
    SELECT go.next + fresh.k - go.stale - 1, %(pm)s,
        'n:' || (go.next + fresh.k - go.stale - 1 - %(base)s), fresh.words, '', fresh.body
    FROM fresh, go WHERE (SELECT NOT known FROM st) AND fresh.k > go.stale AND go.ok
    RETURNING words AS delta
), dropped AS (
    DELETE FROM {PARTS_TABLE} AS s USING stale, go
    WHERE (SELECT NOT known FROM st) AND s.id = stale.id AND stale.k > go.fresh AND go.ok
    RETURNING -s.words AS delta
), whole AS (
    DELETE FROM {PARTS_TABLE} AS s USING go
    WHERE (SELECT NOT known FROM st) AND s.id = %(whole)s AND go.ok
    RETURNING -s.words AS delta
), moved AS (
    SELECT coalesce(sum(delta), 0) + CASE WHEN (SELECT known FROM st) AND {{guard}}
            THEN %(q_delta)s ELSE 0 END AS delta,
        (SELECT known FROM st) AND {{guard}} OR coalesce((SELECT ok FROM go), false) AS wrote
    FROM (SELECT delta FROM rewritten UNION ALL SELECT delta FROM added
        UNION ALL SELECT delta FROM dropped UNION ALL SELECT delta FROM whole) AS deltas
), counted AS (
    UPDATE {POSTMORTEMS_TABLE} AS counts
    SET words = counts.words + moved.delta, notes_state = %(state)s
    FROM moved WHERE counts.postmortem_id = %(pm)s AND moved.wrote
    RETURNING 1
)
SELECT {{guard}} AND NOT (SELECT known FROM st) AND NOT coalesce((SELECT ok FROM go), false)
"""


class _Known(NamedTuple):
    state: int
    chunks: list[Chunk]  # as stored, in the notes' order


# The chunks this process last sent for each postmortem, by its id, with the state sent with
# them (see above).
_KNOWN: dict[int, _Known] = {}
_KEPT = 64


def notes_statement(
    postmortem_id: int, notes: str, guard: str
) -> tuple[str, dict[str, Any], Callable[[], None]]:
    """The statement that brings the notes' chunks in step with `notes` (as notes_text reads
    them; it answers whether it ran out of slots), and what to call once it is sent."""
    base = postmortem_id << SLOT_BITS
    found = chunks(notes, postmortem_id)
    known = _KNOWN.get(postmortem_id)
    pairs = _pairs(known.chunks, found) if known is not None else None
    state = new_state()
    params: dict[str, Any] = {
        "pm": postmortem_id,
        "base": base,
        "first": base + FIRST_CHUNK,
        "last": base + SLOT_MASK,
        "whole": base + NOTES_SLOT,
        # As JSON: the driver adapts a list of texts element by element, several times slower.
        "bodies": json.dumps([chunk.indexed for chunk in found]),
        "words": json.dumps([chunk.words for chunk in found]),
        "state": state,
        "known": known.state if known is not None and pairs is not None else None,
        "q_old": json.dumps([old.indexed for old, _new in pairs or ()]),
        "q_new": json.dumps([new.indexed for _old, new in pairs or ()]),
        "q_words": json.dumps([new.words for _old, new in pairs or ()]),
        "q_delta": sum(new.words - old.words for old, new in pairs or ()),
    }

    def sent() -> None:
        """If the save is kept, these are the chunks stored with this state."""
        _KNOWN.pop(postmortem_id, None)
        _KNOWN[postmortem_id] = _Known(state, found)
        if len(_KNOWN) > _KEPT:
            del _KNOWN[next(iter(_KNOWN))]

    return _NOTES.format(guard=guard), params, sent


def _pairs(old: list[Chunk], new: list[Chunk]) -> list[tuple[Chunk, Chunk]] | None:
    """The chunks that changed, each with the one it replaces, when as many chunks are stored as
    there are now and each replaced text is stored once (None: the server pairs them all)."""
    if len(old) != len(new):
        return None
    pairs = [(before, now) for before, now in zip(old, new, strict=True) if before != now]
    if pairs and len({chunk.indexed for chunk in old}) != len(old):
        return None
    return pairs
