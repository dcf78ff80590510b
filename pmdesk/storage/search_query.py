"""A parsed search (pmdesk.search.Query) run on the index, for SQLite FTS5 or PostgreSQL.

The index holds each postmortem in parts (pmdesk.storage.search_index); a search ranks whole
postmortems, by BM25 over postmortems: a word counts once for each part of a postmortem that
holds it (ten times in the title), against the postmortem's length in words. A word found in at
least half of the postmortems tells nothing about which one is meant (BM25 gives it no weight):
postmortems that hold only such words are listed newest incident first, and the search reads
the newest ones until it has enough hits instead of ranking every match. Snippets are made for
the hits shown only. On SQLite the notes' chunks count as the one part they make up, and a
snippet from the notes is made from the whole notes, so both are what they were with the notes
in one part.

Here: the way in (run), a search with filters only, and the plain-text search of an SQLite
without FTS5. The FTS5 search is pmdesk.storage.search_fts5 (the terms as FTS5 expressions in
search_fts5_terms, the snippets in search_snippets); PostgreSQL's is search_query_pg.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import and_, exists, func, literal, or_, select

from pmdesk.search import Query, SearchResults, plain_snippet
from pmdesk.storage.search_common import hit_order, hits_for, ranked_ids, where_filters
from pmdesk.storage.search_fts5 import search as fts5_search
from pmdesk.storage.search_index import search_parts
from pmdesk.storage.search_layout import FOUND_IN, NOTES_SLOT, SLOT_MASK, found_in
from pmdesk.storage.search_snippets import notes_of
from pmdesk.storage.tables import PostmortemRow, table_of

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Connection

_pm = table_of(PostmortemRow)

NO_FTS5 = (
    "This Python's SQLite has no full-text search (FTS5): words are matched as plain text, "
    "without stemming or ranking."
)


def run(
    connection: Connection, query: Query, *, trash: bool, limit: int | None, fts5: bool
) -> SearchResults:
    if not query.terms:
        return _filters_only(connection, query, trash=trash, limit=limit)
    if connection.dialect.name == "postgresql":
        from pmdesk.storage.search_query_pg import search

        return search(connection, query, trash=trash, limit=limit)
    if fts5:
        return fts5_search(connection, query, trash=trash, limit=limit)
    return _like(connection, query, trash=trash, limit=limit)


def _first_parts(connection: Connection, ids: Sequence[int]) -> dict[int, tuple[int, str]]:
    """Each postmortem's first part after its title (its summary, mostly): its slot and text."""
    if not ids:
        return {}
    parts = search_parts.c
    first = (
        select(func.min(parts.id))
        .where(parts.part != "title", parts.postmortem_id.in_([int(i) for i in ids]))
        .group_by(parts.postmortem_id)
    )
    rows = connection.execute(
        select(parts.id, parts.postmortem_id, parts.body).where(parts.id.in_(first))
    )
    found = {int(i): (int(part_id) & SLOT_MASK, body) for part_id, i, body in rows}
    # Notes in chunks come after the summary and lessons, before the rest, as one text.
    later = [int(i) for i in ids if found.get(int(i), (SLOT_MASK, ""))[0] > NOTES_SLOT]
    for pm_id, notes in notes_of(connection, later).items():
        found[pm_id] = (NOTES_SLOT, notes)
    return found


def _filters_only(
    connection: Connection, query: Query, *, trash: bool, limit: int | None
) -> SearchResults:
    statement = (
        ranked_ids(query, literal(0.0))
        .where(*where_filters(query, trash=trash))
        .order_by(*hit_order(False))
        .limit(limit)
    )
    ranked = connection.execute(statement).all()
    # No words to show in context: the start of each hit's text (its summary, mostly).
    bodies = _first_parts(connection, [r[0] for r in ranked])
    snippets = {i: found_in(slot, plain_snippet(body[:2000])) for i, (slot, body) in bodies.items()}
    return SearchResults(hits_for(connection, ranked, snippets))


# -- no FTS5: plain text --------------------------------------------------------------------------


def _like(connection: Connection, query: Query, *, trash: bool, limit: int | None) -> SearchResults:
    needles = [" ".join(term.words) for term in query.terms]

    def holds(needle: str) -> ColumnElement[bool]:
        return exists(
            select(literal(1)).where(
                search_parts.c.postmortem_id == _pm.c.id,
                or_(
                    func.lower(search_parts.c.title).contains(needle, autoescape=True),
                    func.lower(search_parts.c.body).contains(needle, autoescape=True),
                ),
            )
        )

    statement = (
        ranked_ids(query, literal(0.0))
        .where(and_(*(holds(n) for n in needles)), *where_filters(query, trash=trash))
        .order_by(*hit_order(False))
        .limit(limit)
    )
    rows = connection.execute(statement).all()
    texts: dict[int, list[tuple[int, str]]] = {}
    parts = search_parts.c
    for part_id, pm_id, title, body in connection.execute(
        select(parts.id, parts.postmortem_id, parts.title, parts.body)
        .where(parts.postmortem_id.in_([r[0] for r in rows]))
        .order_by(parts.id)
    ):
        texts.setdefault(int(pm_id), []).append((int(part_id) & SLOT_MASK, f"{title}\n{body}"))
    snippets = {}
    for pm_id, held in texts.items():
        # The first part that holds the most of the words searched for (those of FOUND_IN after
        # the others).
        held.sort(key=lambda p: p[0] in FOUND_IN)
        slot, best = max(held, key=lambda p: sum(n in p[1].casefold() for n in needles))
        snippets[pm_id] = found_in(slot, plain_snippet(best, query.terms))
    return SearchResults(hits_for(connection, rows, snippets), NO_FTS5)
