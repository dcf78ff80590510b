"""Long notes written to the SQLite full-text index in chunks (pmdesk.storage.search_chunks cuts
them and plans each save's change; pmdesk.storage.search_index calls this for the notes' part).

A save re-indexes the chunks it changed, compared with the chunks this process last wrote while
the state stored with them says no one else has written them since. Notes typed at their end
(their last chunk alone changed, and the last save of them wrote it alone) cost three
statements: the chunk's row rewritten only if it and the state are stored as this process wrote
them, FTS5's delete and insert; no read first, and no cut of the whole text.
"""

from __future__ import annotations

import json
from typing import Any

from pmdesk.storage import search_chunks
from pmdesk.storage.search_chunks import Chunk, chunks
from pmdesk.storage.search_layout import (
    _DELETE_PART,
    _INSERT_PART,
    _UPDATE_PART,
    FIRST_CHUNK,
    FTS_TABLE,
    NOTES_SLOT,
    PARTS_TABLE,
    POSTMORTEMS_TABLE,
    SLOT_BITS,
    SLOT_MASK,
    _Statements,
    fts5_write,
)

# The notes' chunks, and a part of the whole notes (as written without FTS5), which they replace.
_CHUNKS = (
    f"SELECT id, words, body FROM {PARTS_TABLE} WHERE id BETWEEN :whole AND :last "
    "AND (id = :whole OR id >= :first) ORDER BY id"
)
# The notes typed at their end (_rewrite_last below): their last chunk rewritten only if it is
# stored as this process last wrote it, with the state it holds; then FTS5's delete of its old
# text and insert of its new (positional: the fewest steps to bind).
_REWRITE_KNOWN = (
    f"UPDATE {PARTS_TABLE} SET words = ?, body = ? WHERE id = ? AND body = ? "
    f"AND (SELECT notes_state FROM {POSTMORTEMS_TABLE} WHERE postmortem_id = ?) = ?"
)
_FTS_DELETE_CHUNK = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) VALUES ('delete', ?, '', ?)"
)
_FTS_INSERT_CHUNK = f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (?, '', ?)"
_POSTMORTEM_WORDS = (
    f"UPDATE {POSTMORTEMS_TABLE} SET words = words + :delta WHERE postmortem_id = :pm"
)
_TOUCHED = f"SELECT id, body FROM {PARTS_TABLE} WHERE id IN (SELECT value FROM json_each(:ids))"
# The notes' state, and the text of each chunk the last save touched (few: read in this one
# statement; more are read by _TOUCHED).
_FEW_TOUCHED = 8
_STATES = [
    "SELECT notes_state"
    + "".join(f", (SELECT body FROM {PARTS_TABLE} WHERE id = ?)" for _ in range(count))
    + f" FROM {POSTMORTEMS_TABLE} WHERE postmortem_id = ?"
    for count in range(_FEW_TOUCHED + 1)
]
_POSTMORTEM_NOTES = (
    f"UPDATE {POSTMORTEMS_TABLE} SET words = words + :delta, notes_state = :state "
    "WHERE postmortem_id = :pm"
)


def _count_notes(
    statements: _Statements, postmortem_id: int, delta: int, state: int | None
) -> None:
    """Add `delta` to the postmortem's words, and store the notes' new state (None: as it is)."""
    if state is not None:
        statements.run(_POSTMORTEM_NOTES, {"delta": delta, "state": state, "pm": postmortem_id})
    elif delta:
        statements.run(_POSTMORTEM_WORDS, {"delta": delta, "pm": postmortem_id})


def _update_chunks(
    statements: _Statements, postmortem_id: int, notes: str
) -> tuple[int, int | None]:
    """Re-index the chunks of the notes (as notes_text reads them) that changed (FTS5 only): how
    many words the notes gained, and a new state to store with them (None: the stored one
    stays)."""
    base = postmortem_id << SLOT_BITS
    known = search_chunks.held(postmortem_id)
    last = _typed_at_end(known, postmortem_id, notes)
    if known is not None and last is not None:
        moved = _rewrite_last(statements, postmortem_id, known, last)
        if moved is not None:
            return moved, None
        known = None  # written by someone else since, or the last save of them rolled back
    elif known is not None and _stored_state(statements, postmortem_id, known) != known.state:
        known = None  # (as above)
    new = chunks(notes, postmortem_id)
    change = search_chunks.rewrites(new, known) if known is not None else None
    if change is None:
        if known is None:
            ends = {"first": base + FIRST_CHUNK, "last": base + SLOT_MASK}
            old = statements.rows(_CHUNKS, ends | {"whole": base + NOTES_SLOT})
        else:
            old = known.rows
        change = search_chunks.plan(
            new, old, known, base=base, slots=range(base + FIRST_CHUNK, base + SLOT_MASK + 1),
            whole=base + NOTES_SLOT,
        )  # fmt: skip
    if not search_chunks.changes(change):
        if known is not None:  # a state read but not written here is another process's to keep
            search_chunks.hold(
                postmortem_id, known.state, change.now, new, change.next_slot,
                search_chunks.NOTHING_TOUCHED,
            )  # fmt: skip
        return 0, None
    cursor = statements.cursor
    removed = [{"id": r[0], "title": "", "body": r[2]} for r in change.removed]
    fts5_write(statements, removed, change.rewritten + change.inserted)  # reads the names it needs
    if change.dropped:
        _send(cursor, _DELETE_PART, [{"id": r[0]} for r in change.dropped])
    _send(cursor, _UPDATE_PART, change.rewritten)
    if change.inserted:
        _send(cursor, _INSERT_PART, [values | {"pm": postmortem_id} for values in change.inserted])
    fresh = search_chunks.new_state() if known is None else None
    kept = known.state if known is not None else fresh
    assert kept is not None
    search_chunks.hold(postmortem_id, kept, change.now, new, change.next_slot, change.touched)
    return change.words, fresh


def _typed_at_end(known: search_chunks.Held | None, postmortem_id: int, notes: str) -> Chunk | None:
    """The notes' new last chunk when it alone changed, and the last save of them wrote their
    last chunk alone: whether that save was kept, and no one else has written them since, is
    then asked by the write itself (_rewrite_last). None: read the state first."""
    if known is None or not known.chunks:
        return None
    slot, _words, body = known.rows[-1]
    if known.touched != ((slot,), (body,)):
        return None
    return search_chunks.last_typed_in(notes, postmortem_id, known.chunks[-1])


def _rewrite_last(
    statements: _Statements, postmortem_id: int, known: search_chunks.Held, chunk: Chunk
) -> int | None:
    """Write the notes' last chunk anew in its slot, the others being as `known` holds them (the
    notes typed at their end, the save a meeting makes every few seconds): how many words the
    notes gained. None, and nothing written, when the stored state is not the one held or the
    chunk is not stored as the last save wrote it."""
    slot, words, old = known.rows[-1]
    new = chunk.indexed
    cursor = statements.cursor
    if not _write_known(cursor, (chunk.words, new, slot, old, postmortem_id, known.state)):
        return None
    cursor.execute(_FTS_DELETE_CHUNK, (slot, old))
    cursor.execute(_FTS_INSERT_CHUNK, (slot, new))
    known.rows[-1] = (slot, chunk.words, new)  # known is this save's (held forgot it)
    known.chunks[-1] = chunk
    touched = search_chunks.Touched((slot,), (new,))
    search_chunks.hold(
        postmortem_id, known.state, known.rows, known.chunks, known.next_slot, touched
    )
    return chunk.words - words


def _write_known(cursor: Any, values: tuple[Any, ...]) -> bool:
    """Write a chunk's words and text if it is stored as this process last wrote it, with the
    state it holds (_REWRITE_KNOWN's values); False: nothing written."""
    written: bool = cursor.execute(_REWRITE_KNOWN, values).rowcount == 1
    return written


def _send(cursor: Any, statement: str, rows: list[dict[str, Any]]) -> None:
    """Run an SQLite statement once for each row (the usual one without executemany's setup)."""
    if len(rows) == 1:
        cursor.execute(statement, rows[0])
    elif rows:
        cursor.executemany(statement, rows)


def _stored_state(
    statements: _Statements, postmortem_id: int, known: search_chunks.Held | None
) -> int | None:
    """The notes' state as stored; None when there is none, or when a chunk the last save of
    `known` touched is not stored as it wrote it (the text, or none: that save rolled back)."""
    touched = known.touched if known is not None else search_chunks.NOTHING_TOUCHED
    few = len(touched.ids) <= _FEW_TOUCHED
    row = statements.cursor.execute(
        _STATES[len(touched.ids) if few else 0],
        [*touched.ids, postmortem_id] if few else [postmortem_id],
    ).fetchone()
    if row is None:
        return None
    if few:
        bodies = row[1:]
    else:
        found = dict(statements.rows(_TOUCHED, {"ids": json.dumps(touched.ids)}))
        bodies = tuple(map(found.get, touched.ids))
    if bodies != touched.bodies:
        return None
    state: int | None = row[0]
    return state
