"""Long phrases in notes indexed in chunks (SQLite FTS5; pmdesk.storage.search_chunks).

Each chunk is indexed with the words that follow it, so a phrase of a few words that runs across
a chunk's end is still in one chunk. A longer phrase (someone pastes a whole log line) can run
from one chunk through the next: no chunk holds it, and the index alone would miss it. Its first
PHRASE_WORDS words are always in one chunk, though, so the postmortems where a chunk holds them
(and no chunk the whole phrase) are the only ones left to check, and their notes are checked
whole, by the same tokenizer, in a scratch table in memory. What this finds counts as the notes
holding the phrase, as it would with the notes in one part.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select

from pmdesk.storage.search_chunks import PHRASE_WORDS
from pmdesk.storage.search_index import notes_text
from pmdesk.storage.search_layout import FIRST_CHUNK, FTS_TABLE, SLOT_BITS, SLOT_MASK
from pmdesk.storage.tables import PostmortemRow, table_of

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from pmdesk.search import Term

_pm = table_of(PostmortemRow)

_IN_CHUNKS = (
    f"SELECT DISTINCT rowid >> {SLOT_BITS} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? "
    f"AND (rowid & {SLOT_MASK}) >= {FIRST_CHUNK}"
)
_SCRATCH = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_notes "
    "USING fts5(body, tokenize='porter unicode61', columnsize=0)"
)


def is_long(term: Term) -> bool:
    """A phrase that a chunk and the words indexed with it may not hold whole."""
    return len(term.words) > PHRASE_WORDS


def across_chunks(
    connection: Connection, terms: Sequence[Term], expressions: Sequence[str]
) -> dict[int, set[int]]:
    """For each long phrase among `terms` (by its place), the postmortems whose notes hold it
    though none of their chunks does. `expressions`: the terms' FTS5 expressions."""
    found: dict[int, set[int]] = {}
    for place, (term, expression) in enumerate(zip(terms, expressions, strict=True)):
        if is_long(term):
            found[place] = holders(connection, term.words, expression)
    return found


def holders(connection: Connection, words: Sequence[str], expression: str) -> set[int]:
    """The postmortems whose notes hold the phrase `expression` (of `words`) only across chunks."""
    head = '"' + " ".join(words[:PHRASE_WORDS]) + '"'
    candidates = _in_chunks(connection, head) - _in_chunks(connection, expression)
    if not candidates:
        return set()
    rows = connection.execute(select(_pm.c.id, _pm.c.notes).where(_pm.c.id.in_(candidates)))
    notes = {int(pm_id): notes_text(text or "") for pm_id, text in rows}
    connection.exec_driver_sql(_SCRATCH)
    connection.exec_driver_sql("DELETE FROM temp.search_notes")
    connection.exec_driver_sql(
        "INSERT INTO temp.search_notes(rowid, body) SELECT CAST(key AS INTEGER), value FROM json_each(?)",
        (json.dumps(notes),),
    )
    matched = connection.exec_driver_sql(
        "SELECT rowid FROM temp.search_notes WHERE search_notes MATCH ?", (expression,)
    )
    return {int(pm_id) for (pm_id,) in matched}


def _in_chunks(connection: Connection, expression: str) -> set[int]:
    rows = connection.exec_driver_sql(_IN_CHUNKS, (expression,))
    return {int(pm_id) for (pm_id,) in rows}
