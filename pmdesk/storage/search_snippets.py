"""The snippets of an FTS5 search's hits (pmdesk.storage.search_fts5): for each hit, the words
around its matches in its first part that holds them all (or any of them). Notes indexed in
chunks are read whole, in their place after the lessons, so a snippet from the notes is what it
was with the notes in one part.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy import text as sql

from pmdesk.search import MARK_END, MARK_START, SNIPPET_WORDS
from pmdesk.storage.search_index import notes_text
from pmdesk.storage.search_layout import (
    FIRST_CHUNK,
    FOUND_IN,
    FTS_TABLE,
    LAST_ITEM,
    NOTES_SLOT,
    SLOT_BITS,
    SLOT_MASK,
    found_in,
)
from pmdesk.storage.tables import PostmortemRow, table_of

if TYPE_CHECKING:
    from sqlalchemy import Connection

_pm = table_of(PostmortemRow)

_ITEMS = f"BETWEEN {{owner}} * {1 << SLOT_BITS} AND {{owner}} * {1 << SLOT_BITS} + {LAST_ITEM}"
_CHUNKS = (
    f"BETWEEN {{owner}} * {1 << SLOT_BITS} + {FIRST_CHUNK} "
    f"AND {{owner}} * {1 << SLOT_BITS} + {SLOT_MASK}"
)
# Each postmortem's first part (its notes' chunks aside, and the parts of FOUND_IN after the
# others) that matches: its slot, and a snippet.
_LAST_SHOWN = ", ".join(map(str, FOUND_IN))
_FIRST = (
    f"(SELECT (rowid & {SLOT_MASK}) || ':' || "
    f"snippet({FTS_TABLE}, -1, :start, :end, '…', {SNIPPET_WORDS}) "
    f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :expression "
    f"AND rowid {_ITEMS.format(owner='ids.value')} AND (rowid & {SLOT_MASK}) {{among}} "
    f"({_LAST_SHOWN}) LIMIT 1)"
)
_SNIPPETS = sql(
    f"SELECT ids.value, coalesce({_FIRST.format(among='NOT IN')}, {_FIRST.format(among='IN')}) "
    "FROM json_each(:ids) AS ids"
)
# Those postmortems whose notes hold one of the terms in a chunk.
_NOTES_HOLDING = sql(
    f"SELECT ids.value FROM json_each(:ids) AS ids WHERE EXISTS (SELECT 1 FROM {FTS_TABLE} "
    f"WHERE {FTS_TABLE} MATCH :expression AND rowid {_CHUNKS.format(owner='ids.value')})"
)


def notes_of(connection: Connection, ids: Sequence[int]) -> dict[int, str]:
    """The notes of those postmortems that have any, as the index reads them."""
    if not ids:
        return {}
    rows = connection.execute(select(_pm.c.id, _pm.c.notes).where(_pm.c.id.in_(ids)))
    texts = {int(i): notes_text(notes or "") for i, notes in rows}
    return {i: text for i, text in texts.items() if text.strip()}


def hit_snippets(
    connection: Connection,
    expressions: list[str],
    ids: Sequence[int],
    in_notes: set[int] | None = None,
) -> dict[int, str]:
    """For each hit, the words around its matches in its first part that holds them all (or
    any of them); the parking lot and the open questions come after every other part, and
    their snippet says where it was found (search_layout.FOUND_IN). Notes indexed in chunks are read whole, in their place
    after the lessons (`in_notes`: postmortems whose notes hold a long phrase across chunks)."""
    every = " AND ".join(f"({e})" for e in expressions)
    some = " OR ".join(f"({e})" for e in expressions)
    found: dict[int, str] = {}
    notes: dict[int, str] | None = None
    for expression in dict.fromkeys((every, some)):
        missing = [i for i in ids if i not in found]
        if not missing:
            break
        params = {"start": MARK_START, "end": MARK_END, "expression": expression}
        firsts: dict[int, tuple[int, str]] = {}
        for pm_id, text in connection.execute(_SNIPPETS, params | {"ids": json.dumps(missing)}):
            slot, _colon, snippet = (text or f"{SLOT_MASK}:").partition(":")
            firsts[int(pm_id)] = (int(slot), snippet)
        later = [i for i, (slot, _s) in firsts.items() if slot > NOTES_SLOT]
        if notes is None and later:
            notes = _notes_holding(connection, ids, some, in_notes or set())
        for pm_id in later:
            if notes and pm_id in notes:
                snippet = _whole_snippet(connection, notes[pm_id], expression)
                if snippet:
                    firsts[pm_id] = (NOTES_SLOT, snippet)
        for pm_id, (slot, snippet) in firsts.items():
            if snippet:
                found[pm_id] = found_in(slot, " ".join(snippet.split()))
    return found


def _notes_holding(
    connection: Connection, ids: Sequence[int], expression: str, also: set[int]
) -> dict[int, str]:
    """The notes of those postmortems with a chunk of notes that matches (or in `also`)."""
    rows = connection.execute(
        _NOTES_HOLDING, {"ids": json.dumps(list(ids)), "expression": expression}
    )
    holding = {int(i) for (i,) in rows} | (also & set(ids))
    return notes_of(connection, sorted(holding))


def _whole_snippet(connection: Connection, text: str, expression: str) -> str | None:
    """The snippet FTS5 makes of the whole text, when it matches (from a scratch table in
    memory, as the index holds the text in chunks)."""
    for statement in (
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_whole "
        "USING fts5(title, body, tokenize='porter unicode61', columnsize=0)",
        "DELETE FROM temp.search_whole",
    ):
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql("INSERT INTO temp.search_whole(title, body) VALUES ('', ?)", (text,))
    row = connection.exec_driver_sql(
        f"SELECT snippet(search_whole, -1, ?, ?, '…', {SNIPPET_WORDS}) FROM temp.search_whole "
        "WHERE search_whole MATCH ?",
        (MARK_START, MARK_END, expression),
    ).first()
    return str(row[0]) if row else None
