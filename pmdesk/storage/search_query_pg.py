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
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, func, literal, literal_column, select

from pmdesk.search import MARK_END, MARK_START, SNIPPET_WORDS, Query, SearchResults, Term
from pmdesk.storage.search_common import hit_order, hits_for, ranked_ids, where_filters
from pmdesk.storage.search_index import PARTS_TABLE, PG_CONFIG, POSTMORTEMS_TABLE, search_parts
from pmdesk.storage.tables import PostmortemRow, table_of

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Connection

_pm = table_of(PostmortemRow)

_document: ColumnElement[Any] = literal_column(f"{search_parts.name}.document")


def _tsquery(term: Term) -> ColumnElement[Any]:
    config: ColumnElement[Any] = literal_column(f"'{PG_CONFIG}'::regconfig")
    simple: ColumnElement[Any] = literal_column("'simple'::regconfig")
    if term.prefix:  # the start of a word as typed, or stemmed (as FTS5 reads it on SQLite)
        return func.to_tsquery(config, f"{term.words[0]}:*").op("||")(
            func.to_tsquery(simple, f"{term.words[0]}:*")
        )
    return func.phraseto_tsquery(config, " ".join(term.words))


def search(
    connection: Connection, query: Query, *, trash: bool, limit: int | None
) -> SearchResults:
    terms = [_tsquery(term) for term in query.terms]
    some: ColumnElement[Any] = terms[0]
    for part in terms[1:]:
        some = some.op("||")(part)
    shares = _shares(connection, terms)
    if shares is not None and all(share >= shares.common for share in shares.terms):
        rows = _newest_holding(connection, query, terms, trash=trash, limit=limit)
    else:
        rarest = terms[min(range(len(terms)), key=shares.terms.__getitem__)] if shares else None
        rows = _ranked_holding(connection, query, terms, some, rarest, trash=trash, limit=limit)
    if not rows:
        return SearchResults([])
    return SearchResults(
        hits_for(connection, rows, _headlines(connection, [r[0] for r in rows], some))
    )


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


def _holds(term: ColumnElement[Any]) -> ColumnElement[bool]:
    """The outer postmortem has a part that holds the term."""
    return exists(
        select(literal(1))
        .select_from(search_parts)
        .where(search_parts.c.postmortem_id == _pm.c.id, _document.op("@@")(term))
    )


def _newest_holding(
    connection: Connection,
    query: Query,
    terms: list[ColumnElement[Any]],
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
    terms: list[ColumnElement[Any]],
    some: ColumnElement[Any],
    rarest: ColumnElement[Any] | None,
    *,
    trash: bool,
    limit: int | None,
) -> list[Any]:
    """Per postmortem that holds the rarest term: its parts' ranks added up, and whether each
    term is in one of its parts; the best first."""
    owners = search_parts.c.postmortem_id
    per_postmortem = (
        select(
            owners.label("owner"),
            func.sum(func.ts_rank(_document, some)).label("rank"),
            *(func.bool_or(_document.op("@@")(t)).label(f"has{i}") for i, t in enumerate(terms)),
        )
        .where(_document.op("@@")(some))
        .group_by(owners)
    )
    if rarest is not None and len(terms) > 1:
        holders = select(owners).where(_document.op("@@")(rarest))
        per_postmortem = per_postmortem.where(owners.in_(holders))
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


def _headlines(connection: Connection, ids: list[int], some: ColumnElement[Any]) -> dict[int, str]:
    """Each hit's first part that matches, and its headline alone (ts_headline is slow)."""
    options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, "
        f'MinWords={SNIPPET_WORDS // 2}, MaxFragments=1, FragmentDelimiter=" … "'
    )
    config: ColumnElement[Any] = literal_column(f"'{PG_CONFIG}'::regconfig")
    first = (
        select(
            search_parts.c.postmortem_id,
            search_parts.c.title,
            search_parts.c.body,
            func.row_number()
            .over(partition_by=search_parts.c.postmortem_id, order_by=search_parts.c.id)
            .label("n"),
        )
        .where(search_parts.c.postmortem_id.in_(ids), _document.op("@@")(some))
        .subquery()
    )
    text = first.c.title + "\n" + first.c.body
    found = connection.execute(
        select(first.c.postmortem_id, func.ts_headline(config, text, some, options)).where(
            first.c.n == 1
        )
    )
    return {int(i): " ".join(s.split()) for i, s in found}
