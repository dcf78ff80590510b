"""A parsed search (pmdesk.search.Query) run on the index, for SQLite FTS5 or PostgreSQL.

Ranked by relevance (FTS5's BM25, title weighted above the body; PostgreSQL's ts_rank with the
title as weight A), then by the newest incident. Snippets are made for the hits shown only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, and_, func, literal, literal_column, or_, select, table, type_coerce

from pmdesk.search import (
    MARK_END,
    MARK_START,
    SNIPPET_WORDS,
    Query,
    SearchHit,
    SearchResults,
    Term,
    plain_snippet,
)
from pmdesk.storage.library import COLUMNS, entry_from_row
from pmdesk.storage.search_index import FTS_TABLE, PG_CONFIG, SEPARATOR, search_text
from pmdesk.storage.tables import PostmortemRow, table_of

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Connection

NO_FTS5 = (
    "This Python's SQLite has no full-text search (FTS5): words are matched as plain text, "
    "without stemming or ranking."
)
TITLE_WEIGHT = 10.0  # a word in the title counts as much as ten in the body

_pm = table_of(PostmortemRow)


def _incident_day() -> ColumnElement[Any]:
    """The incident's day as YYYY-MM-DD, from the stored ISO text (in its own offset)."""
    when = func.coalesce(
        type_coerce(_pm.c.started_at, String),
        type_coerce(_pm.c.detected_at, String),
        type_coerce(_pm.c.resolved_at, String),
    )
    return func.substr(when, 1, 10)


def _recency() -> ColumnElement[Any]:
    return func.coalesce(
        type_coerce(_pm.c.started_at, String),
        type_coerce(_pm.c.detected_at, String),
        type_coerce(_pm.c.resolved_at, String),
        type_coerce(_pm.c.created_at, String),
        "",
    )


def _filters(query: Query, *, trash: bool) -> list[ColumnElement[bool]]:
    deleted = _pm.c.deleted_at
    conditions: list[ColumnElement[bool]] = [deleted.is_not(None) if trash else deleted.is_(None)]
    for column, groups in (
        (_pm.c.severity_level, query.severities),
        (_pm.c.kind, query.kinds),
        (_pm.c.status, query.statuses),
    ):
        conditions += [column.in_(group) for group in groups]
    for column, groups in (
        (search_text.c.services, query.services),
        (search_text.c.tags, query.tags),
    ):
        conditions += [
            or_(*(column.contains(f"{SEPARATOR}{v}{SEPARATOR}", autoescape=True) for v in group))
            for group in groups
        ]
    if query.before is not None:
        conditions.append(_incident_day() < query.before.isoformat())
    if query.after is not None:
        conditions.append(_incident_day() > query.after.isoformat())
    return conditions


def _base(score: ColumnElement[Any]) -> Any:
    return select(*(_pm.c[name] for name in COLUMNS), score.label("score")).join_from(
        search_text, _pm, _pm.c.id == search_text.c.postmortem_id
    )


def _hits(rows: Sequence[Any], snippets: dict[int, str]) -> list[SearchHit]:
    return [
        SearchHit(entry_from_row(row[: len(COLUMNS)]), float(row[-1]), snippets.get(row[0], ""))
        for row in rows
    ]


def run(
    connection: Connection, query: Query, *, trash: bool, limit: int | None, fts5: bool
) -> SearchResults:
    if not query.terms:
        return _filters_only(connection, query, trash=trash, limit=limit)
    if connection.dialect.name == "postgresql":
        return _postgres(connection, query, trash=trash, limit=limit)
    if fts5:
        return _fts5(connection, query, trash=trash, limit=limit)
    return _like(connection, query, trash=trash, limit=limit)


def _filters_only(
    connection: Connection, query: Query, *, trash: bool, limit: int | None
) -> SearchResults:
    statement = (
        _base(literal(0.0))
        .where(*_filters(query, trash=trash))
        .order_by(_recency().desc(), _pm.c.id.desc())
        .limit(limit)
    )
    rows = connection.execute(statement).all()
    # The bodies of the hits shown only (sorting every match's body would cost far more).
    bodies = connection.execute(
        select(search_text.c.postmortem_id, search_text.c.body).where(
            search_text.c.postmortem_id.in_([r[0] for r in rows])
        )
    )
    return SearchResults(_hits(rows, {int(i): plain_snippet(body[:2000]) for i, body in bodies}))


# -- SQLite FTS5 --------------------------------------------------------------------------------


def fts5_expression(terms: tuple[Term, ...], spellings: dict[str, list[str]]) -> str:
    """FTS5 query syntax: every term a quoted phrase (words are letters and digits only).

    FTS5 stems the start of a word too ("pay" becomes "pai", which starts no indexed word):
    `spellings` gives the indexed words that start with it as typed, any of which will do.
    """
    parts = []
    for term in terms:
        quoted = f'"{" ".join(term.words)}"' + ("*" if term.prefix else "")
        more = spellings.get(term.words[0], []) if term.prefix else []
        alternatives = [quoted] + ['"' + w + '"*' for w in more]
        parts.append(f"({' OR '.join(alternatives)})" if more else quoted)
    return " ".join(parts)


MAX_SPELLINGS = 64


def _spellings(connection: Connection, terms: tuple[Term, ...]) -> dict[str, list[str]]:
    """The index's words that start with each prefix as typed (none when there are too many:
    a start that short is not changed by stemming anyway)."""
    prefixes = {t.words[0] for t in terms if t.prefix}
    if not prefixes:
        return {}
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab "
        f"USING fts5vocab(main, {FTS_TABLE}, 'row')"
    )
    found = {}
    for prefix in prefixes:
        rows = connection.exec_driver_sql(
            "SELECT term FROM temp.search_vocab WHERE term >= ? AND term < ? LIMIT ?",
            (prefix, prefix + "\U0010ffff", MAX_SPELLINGS + 1),
        ).all()
        if 0 < len(rows) <= MAX_SPELLINGS:
            found[prefix] = [r[0] for r in rows if r[0] != prefix]
    return found


def _fts5(connection: Connection, query: Query, *, trash: bool, limit: int | None) -> SearchResults:
    fts: ColumnElement[Any] = literal_column(FTS_TABLE)
    expression = fts5_expression(query.terms, _spellings(connection, query.terms))
    match = fts.op("MATCH")(expression)
    rowid: ColumnElement[Any] = literal_column(f"{FTS_TABLE}.rowid")
    score = literal(0.0) - func.bm25(fts, TITLE_WEIGHT, 1.0)
    statement = (
        _base(score)
        .join(table(FTS_TABLE), rowid == search_text.c.postmortem_id)
        .where(match, *_filters(query, trash=trash))
        .order_by(literal_column("score").desc(), _recency().desc(), _pm.c.id.desc())
        .limit(limit)
    )
    rows = connection.execute(statement).all()
    if not rows:
        return SearchResults([])
    # The snippets of the hits shown only: snippet() on every match would cost far more.
    snippet = func.snippet(fts, -1, MARK_START, MARK_END, "…", SNIPPET_WORDS)
    found = connection.execute(
        select(rowid, snippet)
        .select_from(table(FTS_TABLE))
        .where(match, rowid.in_([r[0] for r in rows]))
    )
    return SearchResults(_hits(rows, {int(i): " ".join(s.split()) for i, s in found}))


# -- no FTS5: plain text --------------------------------------------------------------------------


def _like(connection: Connection, query: Query, *, trash: bool, limit: int | None) -> SearchResults:
    matches = []
    for term in query.terms:
        needle = " ".join(term.words)
        matches.append(
            or_(
                func.lower(search_text.c.title).contains(needle, autoescape=True),
                func.lower(search_text.c.body).contains(needle, autoescape=True),
            )
        )
    statement = (
        _base(literal(0.0))
        .add_columns(search_text.c.title, search_text.c.body)
        .where(and_(*matches), *_filters(query, trash=trash))
        .order_by(_recency().desc(), _pm.c.id.desc())
        .limit(limit)
    )
    hits = []
    for row in connection.execute(statement):
        text = f"{row[-2]}\n{row[-1]}"
        entry = entry_from_row(row[: len(COLUMNS)])
        hits.append(SearchHit(entry, 0.0, plain_snippet(text, query.terms)))
    return SearchResults(hits, NO_FTS5)


# -- PostgreSQL -----------------------------------------------------------------------------------


def _tsquery(terms: tuple[Term, ...]) -> ColumnElement[Any]:
    config: ColumnElement[Any] = literal_column(f"'{PG_CONFIG}'::regconfig")
    simple: ColumnElement[Any] = literal_column("'simple'::regconfig")
    parts = [
        # The start of a word as typed, or stemmed (as FTS5 reads it on SQLite).
        func.to_tsquery(config, f"{term.words[0]}:*").op("||")(
            func.to_tsquery(simple, f"{term.words[0]}:*")
        )
        if term.prefix
        else func.phraseto_tsquery(config, " ".join(term.words))
        for term in terms
    ]
    combined: ColumnElement[Any] = parts[0]
    for part in parts[1:]:
        combined = combined.op("&&")(part)
    return combined


def _postgres(
    connection: Connection, query: Query, *, trash: bool, limit: int | None
) -> SearchResults:
    tsquery = _tsquery(query.terms)
    document: ColumnElement[Any] = literal_column(f"{search_text.name}.document")
    statement = (
        _base(func.ts_rank(document, tsquery))
        .where(document.op("@@")(tsquery), *_filters(query, trash=trash))
        .order_by(literal_column("score").desc(), _recency().desc(), _pm.c.id.desc())
        .limit(limit)
    )
    rows = connection.execute(statement).all()
    if not rows:
        return SearchResults([])
    options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, "
        f'MinWords={SNIPPET_WORDS // 2}, MaxFragments=1, FragmentDelimiter=" … "'
    )
    config: ColumnElement[Any] = literal_column(f"'{PG_CONFIG}'::regconfig")
    text = search_text.c.title + "\n" + search_text.c.body
    found = connection.execute(
        select(search_text.c.postmortem_id, func.ts_headline(config, text, tsquery, options)).where(
            search_text.c.postmortem_id.in_([r[0] for r in rows])
        )
    )
    return SearchResults(_hits(rows, {int(i): " ".join(s.split()) for i, s in found}))
