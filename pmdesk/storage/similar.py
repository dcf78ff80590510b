"""What Seen before asks of the database: which postmortems hold a word, and every postmortem's
services and tags. Ids only, with no ranking and no snippets, so asking about twenty words of
the open postmortem costs milliseconds even in a library of thousands.

On SQLite with FTS5 the words are looked up in the full-text index (stemmed as the search stems
them); on PostgreSQL, or an SQLite without FTS5, through the ordinary search (pmdesk.search),
which finds the same postmortems more slowly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from pmdesk.search import Query, Term
from pmdesk.storage.search_chunks import PHRASE_WORDS
from pmdesk.storage.search_layout import FTS_TABLE, SLOT_BITS
from pmdesk.storage.search_phrases import holders as across_chunks
from pmdesk.storage.tables import PostmortemRow, table_of

if TYPE_CHECKING:
    from sqlalchemy import Connection

_pm = table_of(PostmortemRow)


def _trashed(connection: Connection) -> set[int]:
    rows = connection.execute(select(_pm.c.id).where(_pm.c.deleted_at.is_not(None)))
    return {int(row[0]) for row in rows}


def holders(
    connection: Connection, phrases: Sequence[tuple[str, ...]], *, fts5: bool
) -> dict[tuple[str, ...], frozenset[int]]:
    """For each word or phrase (its words as pmdesk.search.words_of makes them), the ids of the
    postmortems outside the trash whose text holds it."""
    if not phrases:
        return {}
    if not fts5:
        from pmdesk.storage.search_query import run

        return {
            phrase: frozenset(
                hit.entry.id
                for hit in run(
                    connection, Query(terms=(Term(phrase),)), trash=False, limit=None, fts5=False
                ).hits
            )
            for phrase in phrases
        }
    trashed = _trashed(connection)
    found = {}
    for phrase in phrases:
        # Words are letters and digits only: quoted, they are one FTS5 phrase.
        expression = '"' + " ".join(phrase) + '"'
        rows = connection.exec_driver_sql(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (expression,)
        )
        # The index holds a postmortem in parts; a part's id names its postmortem.
        ids = {int(row[0]) >> SLOT_BITS for row in rows}
        if len(phrase) > PHRASE_WORDS:  # one that notes may hold across their chunks
            ids |= across_chunks(connection, phrase, expression)
        found[phrase] = frozenset(ids) - trashed
    return found


def names(connection: Connection) -> dict[int, tuple[list[str], list[str]]]:
    """Every postmortem outside the trash: its services and tags."""
    from pmdesk.storage.rows import from_json

    rows = connection.execute(
        select(_pm.c.id, _pm.c.services, _pm.c.tags).where(_pm.c.deleted_at.is_(None))
    )
    out: dict[int, tuple[list[str], list[str]]] = {}
    for pm_id, services, tags in rows:
        out[int(pm_id)] = (_strings(from_json(services)), _strings(from_json(tags)))
    return out


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value or []]
