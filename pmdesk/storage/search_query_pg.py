"""A parsed search run on PostgreSQL: tsvector parts with a GIN index (pmdesk.storage.search_index).

Postmortems that hold every term are ranked by their parts' ts_rank added up, then the newest
incident first. Ranking reads every matching part, so a word most postmortems hold (a common
word: "the", or "rollback" in a library of deploy incidents) would cost the whole library. As on
SQLite, such a word tells nothing about which postmortem is meant: a search whose words are all
common lists the postmortems that hold them newest incident first, read from the newest on
until there are enough, with a score of 0 (by date alone: SQLite also lists those with the
word in their title first, which the server could not tell without reading every title that
holds it). Words are told common from the planner's statistics
of the index (its estimate of the parts that hold the word), so no search counts them. A search
with a rarer word ranks only the postmortems that hold its rarest word. Headlines are made for
the hits shown only.

The notes are indexed in chunks (pmdesk.storage.search_chunks), each with the words before it,
and count as one part: their rank is their best chunk's (a word the notes repeat in many chunks
counts no more than in one), a headline from the notes is made from the whole notes, and a
phrase longer than a chunk's overlap that runs across chunks is looked for in the whole notes of
the postmortems where a chunk holds its first words (as on SQLite, search_phrases).
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import case, exists, false, func, literal, literal_column, or_, select

from pmdesk.search import MARK_END, MARK_START, SNIPPET_WORDS, Query, SearchResults, Term
from pmdesk.storage.search_chunks import PHRASE_WORDS
from pmdesk.storage.search_common import hit_order, hits_for, ranked_ids, where_filters
from pmdesk.storage.search_index import PG_CONFIG, search_parts
from pmdesk.storage.search_layout import (
    FIRST_CHUNK,
    FOUND_IN,
    LAST_ITEM,
    NOTES_SLOT,
    PARTS_TABLE,
    POSTMORTEMS_TABLE,
    SLOT_MASK,
    found_in,
)
from pmdesk.storage.tables import PostmortemRow, table_of

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Connection

_pm = table_of(PostmortemRow)

_document: ColumnElement[Any] = literal_column(f"{search_parts.name}.document")
_config: ColumnElement[Any] = literal_column(f"'{PG_CONFIG}'::regconfig")
# The part is one of the notes' chunks.
_in_notes: ColumnElement[bool] = search_parts.c.id.op("&")(SLOT_MASK) >= FIRST_CHUNK


def _tsquery(term: Term) -> ColumnElement[Any]:
    simple: ColumnElement[Any] = literal_column("'simple'::regconfig")
    if term.prefix:  # the start of a word as typed, or stemmed (as FTS5 reads it on SQLite)
        return func.to_tsquery(_config, f"{term.words[0]}:*").op("||")(
            func.to_tsquery(simple, f"{term.words[0]}:*")
        )
    return func.phraseto_tsquery(_config, " ".join(term.words))


def _across_chunks(
    connection: Connection, terms: tuple[Term, ...], queries: list[ColumnElement[Any]]
) -> list[list[int]]:
    """For each term, the postmortems whose notes hold it though no part does: a phrase longer
    than a chunk holds whole, that runs across chunks (checked in the whole notes of the
    postmortems where a chunk holds its first words and no part the whole phrase)."""
    found: list[list[int]] = []
    for term, query in zip(terms, queries, strict=True):
        if term.prefix or len(term.words) <= PHRASE_WORDS:
            found.append([])
            continue
        head = func.phraseto_tsquery(_config, " ".join(term.words[:PHRASE_WORDS]))
        parts = search_parts.c
        starts = select(parts.postmortem_id).where(_in_notes, _document.op("@@")(head))
        whole = select(literal(1)).where(parts.postmortem_id == _pm.c.id, _document.op("@@")(query))
        notes = func.to_tsvector(_config, func.coalesce(_pm.c.notes, ""))
        rows = connection.execute(
            select(_pm.c.id).where(_pm.c.id.in_(starts), ~exists(whole), notes.op("@@")(query))
        )
        found.append(sorted(int(pm_id) for (pm_id,) in rows))
    return found


def search(
    connection: Connection, query: Query, *, trash: bool, limit: int | None
) -> SearchResults:
    terms = [_tsquery(term) for term in query.terms]
    some: ColumnElement[Any] = terms[0]
    for part in terms[1:]:
        some = some.op("||")(part)
    holding = [
        _Holding(t, a)
        for t, a in zip(terms, _across_chunks(connection, query.terms, terms), strict=True)
    ]
    shares = _shares(connection, terms)
    if shares is not None and all(share >= shares.common for share in shares.terms):
        rows = _newest_holding(connection, query, holding, trash=trash, limit=limit)
    else:
        rarest = holding[min(range(len(terms)), key=shares.terms.__getitem__)] if shares else None
        rows = _ranked_holding(connection, query, holding, some, rarest, trash=trash, limit=limit)
    if not rows:
        return SearchResults([])
    across = {pm_id for term in holding for pm_id in term.across}
    headlines = _headlines(connection, [r[0] for r in rows], some, across)
    return SearchResults(hits_for(connection, rows, headlines))


class _Holding(NamedTuple):
    """A term's query, and the postmortems whose notes hold it across chunks only."""

    query: ColumnElement[Any]
    across: list[int]


class _Shares:
    """Of the index's parts, the share the planner expects each term in, and the share above
    which a term is likely in at least half of the postmortems."""

    def __init__(self, terms: list[float], common: float) -> None:
        self.terms = terms
        self.common = common


def _shares(connection: Connection, terms: list[ColumnElement[Any]]) -> _Shares | None:
    """None when the index has no statistics yet (a new or small library: everything ranked)."""
    # The tables as this connection's search path finds them (a shared server may hold more
    # than one library, each in a schema of its own).
    parts, postmortems = (
        float(connection.exec_driver_sql(
            f"SELECT reltuples FROM pg_class WHERE oid = '{table}'::regclass"
        ).scalar_one())
        for table in (PARTS_TABLE, POSTMORTEMS_TABLE)
    )  # fmt: skip
    if parts <= 0 or postmortems <= 0:
        return None
    # A word spread evenly over parts, k to a postmortem, is in half of the postmortems when
    # it is in 1 - 0.5 ** (1 / k) of the parts.
    common = 1 - 0.5 ** (postmortems / parts)
    shares = []
    for term in terms:
        statement = select(literal(1)).select_from(search_parts).where(_document.op("@@")(term))
        compiled = statement.compile(
            dialect=connection.dialect, compile_kwargs={"literal_binds": True}
        )
        plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}").scalar_one()
        plan = json.loads(plan) if isinstance(plan, str) else plan
        shares.append(float(plan[0]["Plan"]["Plan Rows"]) / parts)
    return _Shares(shares, common if math.isfinite(common) else 1.0)


def _holds(term: _Holding) -> ColumnElement[bool]:
    """The outer postmortem has a part that holds the term (or notes that hold it across
    chunks)."""
    held = exists(
        select(literal(1))
        .select_from(search_parts)
        .where(search_parts.c.postmortem_id == _pm.c.id, _document.op("@@")(term.query))
    )
    return or_(held, _pm.c.id.in_(term.across)) if term.across else held


def _newest_holding(
    connection: Connection,
    query: Query,
    terms: list[_Holding],
    *,
    trash: bool,
    limit: int | None,
) -> list[Any]:
    """Common words only: the newest postmortems that hold them all and pass the filters."""
    statement = (
        ranked_ids(query, literal(0.0))
        .where(*where_filters(query, trash=trash), *(_holds(term) for term in terms))
        .order_by(*hit_order(False))
        .limit(limit)
    )
    return list(connection.execute(statement).all())


def _ranked_holding(
    connection: Connection,
    query: Query,
    terms: list[_Holding],
    some: ColumnElement[Any],
    rarest: _Holding | None,
    *,
    trash: bool,
    limit: int | None,
) -> list[Any]:
    """Per postmortem that holds the rarest term: its parts' ranks added up (the notes' best
    chunk's for the notes), and whether each term is in one of its parts; the best first."""
    owners = search_parts.c.postmortem_id
    matches = _document.op("@@")(some)
    rank = func.ts_rank(_document, some)
    parts_rank = func.coalesce(func.sum(case((~_in_notes, rank))), 0)
    notes_rank = func.coalesce(func.max(case((_in_notes, rank))), 0)
    across = sorted({pm_id for term in terms for pm_id in term.across})
    per_postmortem = (
        select(
            owners.label("owner"),
            (parts_rank + notes_rank).label("rank"),
            *(_has(term).label(f"has{i}") for i, term in enumerate(terms)),
        )
        .where(or_(matches, owners.in_(across)) if across else matches)
        .group_by(owners)
    )
    if rarest is not None and len(terms) > 1:
        holders = owners.in_(select(owners).where(_document.op("@@")(rarest.query)))
        per_postmortem = per_postmortem.where(
            or_(holders, owners.in_(rarest.across)) if rarest.across else holders
        )
    ranked = per_postmortem.subquery()
    statement = (
        ranked_ids(query, ranked.c.rank)
        .join(ranked, ranked.c.owner == _pm.c.id)
        .where(*(ranked.c[f"has{i}"] for i in range(len(terms))))
        .where(*where_filters(query, trash=trash))
        .order_by(*hit_order(True))
        .limit(limit)
    )
    return list(connection.execute(statement).all())


def _has(term: _Holding) -> ColumnElement[bool]:
    """Within a postmortem's parts: one of them holds the term (or its notes do, across
    chunks)."""
    held = func.coalesce(func.bool_or(_document.op("@@")(term.query)), false())
    return or_(held, search_parts.c.postmortem_id.in_(term.across)) if term.across else held


_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, "
    f'MinWords={SNIPPET_WORDS // 2}, MaxFragments=1, FragmentDelimiter=" … "'
)


def _headlines(
    connection: Connection, ids: list[int], some: ColumnElement[Any], across: set[int]
) -> dict[int, str]:
    """Each hit's first part that matches, and its headline alone (ts_headline is slow). The
    notes' chunks come in the notes' place, and their headline is made from the whole notes, as
    is that of notes that hold a phrase across chunks (`across`) when no part matches. The
    parking lot and the open questions come after every other part, and their headline says
    where it was found (search_layout.FOUND_IN)."""
    parts = search_parts.c
    slot = parts.id.op("&")(SLOT_MASK)
    place = case((_in_notes, NOTES_SLOT), (slot.in_(list(FOUND_IN)), LAST_ITEM + slot), else_=slot)
    first = (
        select(
            parts.postmortem_id,
            parts.title,
            parts.body,
            _in_notes.label("chunk"),
            slot.label("slot"),
            func.row_number()
            .over(partition_by=parts.postmortem_id, order_by=(place, parts.id))
            .label("n"),
        )
        .where(parts.postmortem_id.in_(ids), _document.op("@@")(some))
        .subquery()
    )
    notes = "\n" + func.coalesce(_pm.c.notes, "")
    text = case((first.c.chunk, notes), else_=first.c.title + "\n" + first.c.body)
    found = connection.execute(
        select(first.c.postmortem_id, first.c.slot, func.ts_headline(_config, text, some, _OPTIONS))
        .join(_pm, _pm.c.id == first.c.postmortem_id)
        .where(first.c.n == 1)
    )
    headlines = {int(i): found_in(int(at), " ".join(s.split())) for i, at, s in found}
    missing = [i for i in ids if i not in headlines and i in across]
    if missing:
        rows = connection.execute(
            select(_pm.c.id, func.ts_headline(_config, notes, some, _OPTIONS)).where(
                _pm.c.id.in_(missing)
            )
        )
        headlines |= {int(i): " ".join(s.split()) for i, s in rows}
    return headlines
