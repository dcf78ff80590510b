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
from pmdesk.storage.search_index import (
    FTS_TABLE,
    PG_CONFIG,
    SEPARATOR,
    search_text,
)
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
    """The incident's time as stored; postmortems with no date yet come last."""
    return func.coalesce(
        type_coerce(_pm.c.started_at, String),
        type_coerce(_pm.c.detected_at, String),
        type_coerce(_pm.c.resolved_at, String),
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


def _ranked(query: Query, score: ColumnElement[Any], *, text: bool = False) -> Any:
    """Ids and scores only: every match goes through the sort, so its rows are kept narrow.
    The searchable text joins in when a filter (or the backend) needs it."""
    statement = select(_pm.c.id, score.label("score")).select_from(_pm)
    if text or query.services or query.tags:
        statement = statement.join(search_text, search_text.c.postmortem_id == _pm.c.id)
    return statement


def _hits(
    connection: Connection, ranked: Sequence[Any], snippets: dict[int, str]
) -> list[SearchHit]:
    """The hits in rank order, with the library's columns read for them alone."""
    if not ranked:
        return []
    ids = [int(row[0]) for row in ranked]
    rows = connection.execute(select(*(_pm.c[name] for name in COLUMNS)).where(_pm.c.id.in_(ids)))
    entries = {int(row[0]): entry_from_row(row) for row in rows}
    return [
        SearchHit(entries[pm_id], float(row[1]), snippets.get(pm_id, ""))
        for pm_id, row in zip(ids, ranked, strict=True)
        if pm_id in entries
    ]


def _order(score_first: bool) -> list[Any]:
    newest = [_recency().desc(), _pm.c.id.desc()]
    return [literal_column("score").desc(), *newest] if score_first else newest


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
        _ranked(query, literal(0.0))
        .where(*_filters(query, trash=trash))
        .order_by(*_order(False))
        .limit(limit)
    )
    ranked = connection.execute(statement).all()
    # No words to show in context: the start of each hit's text (its summary, mostly).
    bodies = connection.execute(
        select(search_text.c.postmortem_id, search_text.c.body).where(
            search_text.c.postmortem_id.in_([r[0] for r in ranked])
        )
    )
    snippets = {int(i): plain_snippet(body[:2000]) for i, body in bodies}
    return SearchResults(_hits(connection, ranked, snippets))


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
    """For each start of a word that FTS5's stemming changes ("pay" to "pai"), the index's words
    that start with it as typed (none when there are too many: a start that short is rarely
    changed by stemming). A start that stemming keeps finds every such word by itself."""
    prefixes = {t.words[0] for t in terms if t.prefix}
    changed = {p: stem for p in prefixes if (stem := _porter(connection, p)) != p}
    if not changed:
        return {}
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab "
        f"USING fts5vocab(main, {FTS_TABLE}, 'row')"
    )
    found = {}
    for prefix, stem in changed.items():
        rows = connection.exec_driver_sql(
            "SELECT term FROM temp.search_vocab WHERE term >= ? AND term < ? LIMIT ?",
            (prefix, prefix + "\U0010ffff", MAX_SPELLINGS + 1),
        ).all()
        if len(rows) <= MAX_SPELLINGS:
            found[prefix] = [r[0] for r in rows if not r[0].startswith(stem)]
    return found


def _porter(connection: Connection, word: str) -> str:
    """The word as FTS5's porter tokenizer indexes it (asked of a scratch table in memory)."""
    for statement in (
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stem "
        "USING fts5(word, tokenize='porter unicode61')",
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stem_vocab "
        "USING fts5vocab(temp, search_stem, 'row')",
        "DELETE FROM temp.search_stem",
    ):
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql("INSERT INTO temp.search_stem(word) VALUES (?)", (word,))
    row = connection.exec_driver_sql("SELECT term FROM temp.search_stem_vocab").first()
    return str(row[0]) if row else word


TIE_ROOM = 50  # hits read past the limit, so that equal scores can be ordered by recency


def _fts5(connection: Connection, query: Query, *, trash: bool, limit: int | None) -> SearchResults:
    fts: ColumnElement[Any] = literal_column(FTS_TABLE)
    expression = fts5_expression(query.terms, _spellings(connection, query.terms))
    match = fts.op("MATCH")(expression)
    rowid: ColumnElement[Any] = literal_column(f"{FTS_TABLE}.rowid")
    # The postmortems that pass the filters, read from their small index once; the unary plus
    # keeps SQLite from looking each of them up in the full-text index one by one.
    allowed = _ranked(query, literal(0.0)).with_only_columns(_pm.c.id)
    statement = (
        select(rowid, (literal(0.0) - func.bm25(fts, TITLE_WEIGHT, 1.0)).label("score"))
        .select_from(table(FTS_TABLE))
        .where(
            match,
            literal_column(f"+{FTS_TABLE}.rowid").in_(allowed.where(*_filters(query, trash=trash))),
        )
        .order_by(literal_column("score").desc())
        .limit(None if limit is None else limit + TIE_ROOM)
    )
    rows = connection.execute(statement).all()
    if not rows:
        return SearchResults([])
    hits = sorted(_hits(connection, rows, {}), key=_best_then_newest)[:limit]
    # The snippets of the hits shown only: snippet() on every match would cost far more.
    snippet = func.snippet(fts, -1, MARK_START, MARK_END, "…", SNIPPET_WORDS)
    found = connection.execute(
        select(rowid, snippet)
        .select_from(table(FTS_TABLE))
        .where(match, rowid.in_([hit.entry.id for hit in hits]))
    )
    snippets = {int(i): " ".join(s.split()) for i, s in found}
    return SearchResults([hit._replace(snippet=snippets.get(hit.entry.id, "")) for hit in hits])


def _best_then_newest(hit: SearchHit) -> tuple[float, float, int]:
    when = hit.entry.incident_date
    return (-hit.score, -when.timestamp() if when else float("inf"), -hit.entry.id)


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
        _ranked(query, literal(0.0), text=True)
        .add_columns(search_text.c.title, search_text.c.body)
        .where(and_(*matches), *_filters(query, trash=trash))
        .order_by(*_order(False))
        .limit(limit)
    )
    rows = connection.execute(statement).all()
    snippets = {int(r[0]): plain_snippet(f"{r[2]}\n{r[3]}", query.terms) for r in rows}
    return SearchResults(_hits(connection, rows, snippets), NO_FTS5)


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
        _ranked(query, func.ts_rank(document, tsquery), text=True)
        .where(document.op("@@")(tsquery), *_filters(query, trash=trash))
        .order_by(*_order(True))
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
    return SearchResults(_hits(connection, rows, {int(i): " ".join(s.split()) for i, s in found}))
