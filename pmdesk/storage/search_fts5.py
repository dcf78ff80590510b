"""The search of SQLite's FTS5 index (pmdesk.storage.search_query has the way in): BM25 over
postmortems, a word counting once for each part of a postmortem that holds it (ten times in the
title; the notes' chunks as the one part they make up), against the postmortem's length in words.
Postmortems that hold only words found in at least half of them are listed newest incident
first, read from the newest on until there are enough hits.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import (
    Float,
    Integer,
    bindparam,
    cast,
    exists,
    func,
    literal,
    literal_column,
    select,
    table,
    type_coerce,
)
from sqlalchemy import text as sql

from pmdesk.search import Query, SearchHit, SearchResults
from pmdesk.storage.search_common import hit_order, hits_for, ranked_ids, where_filters
from pmdesk.storage.search_fts5_terms import fts5_expression, prefix_spellings, whole_words
from pmdesk.storage.search_index import search_postmortems
from pmdesk.storage.search_layout import FIRST_CHUNK, FTS_TABLE, SLOT_BITS, SLOT_MASK, TITLE_SLOT
from pmdesk.storage.search_phrases import across_chunks
from pmdesk.storage.search_snippets import hit_snippets
from pmdesk.storage.tables import PostmortemRow, table_of

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Connection

_pm = table_of(PostmortemRow)
_sp = search_postmortems

TITLE_WEIGHT = 10.0  # a word in the title counts as much as ten in the body
K1, B = 1.2, 0.75  # BM25's usual constants (FTS5 uses the same)


_FTS: ColumnElement[Any] = literal_column(FTS_TABLE)
_ROWID: ColumnElement[Any] = literal_column(f"{FTS_TABLE}.rowid")


# The statements a search runs every time, built once (building one costs more than running it).
_SPAN = f"BETWEEN {{owner}} * {1 << SLOT_BITS} AND {{owner}} * {1 << SLOT_BITS} + {SLOT_MASK}"
_COUNT = sql(
    f"SELECT count(*) FROM (SELECT DISTINCT rowid >> {SLOT_BITS} FROM {FTS_TABLE} "
    f"WHERE {FTS_TABLE} MATCH :expression LIMIT :cap)"
)
# The notes' chunks count as one part: once, however many of them hold the term.
_FREQUENCIES = sql(
    f"SELECT rowid >> {SLOT_BITS}, sum(CASE WHEN (rowid & {SLOT_MASK}) = {TITLE_SLOT} "
    f"THEN {TITLE_WEIGHT} WHEN (rowid & {SLOT_MASK}) >= {FIRST_CHUNK} THEN 0 ELSE 1 END) "
    f"+ max((rowid & {SLOT_MASK}) >= {FIRST_CHUNK}) "
    f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :expression GROUP BY 1"
)
_TOTALS = sql(f"SELECT count(*), avg(words) FROM {_sp.name}")
_LENGTHS = sql(
    f"SELECT postmortem_id, words FROM {_sp.name} "
    "WHERE postmortem_id IN (SELECT value FROM json_each(:ids))"
)


def _all_hold_statement(terms: int) -> Any:
    checks = " AND ".join(
        f"EXISTS (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :term{i} "
        f"AND rowid {_SPAN.format(owner='ids.value')})"
        for i in range(terms)
    )
    return sql(f"SELECT ids.value FROM json_each(:ids) AS ids WHERE {checks}")


_ALL_HOLD = {terms: _all_hold_statement(terms) for terms in range(1, 9)}


def _holds(expression: str, name: str) -> ColumnElement[bool]:
    """The outer postmortem has a part that matches `expression` (a seek in the index)."""
    first = _pm.c.id * (1 << SLOT_BITS)
    return exists(
        select(literal(1))
        .select_from(table(FTS_TABLE))
        .where(
            _FTS.op("MATCH")(bindparam(name, expression)),
            _ROWID.between(first, first + SLOT_MASK),
        )
    )


def _postmortems_holding(connection: Connection, expression: str, cap: int) -> int:
    """How many postmortems have a part that matches, counting no further than `cap`."""
    return int(connection.execute(_COUNT, {"expression": expression, "cap": cap}).scalar_one())


def _frequencies(connection: Connection, expression: str) -> dict[int, float]:
    """For each postmortem that holds the term: the parts that hold it, the title ten times."""
    rows = connection.execute(_FREQUENCIES, {"expression": expression})
    return {int(owner): float(tf) for owner, tf in rows}


# What a word found in at least half of the postmortems weighs in the title (FTS5's floor for
# such words): enough to list the postmortems that have it in their title first.
FLOOR = 1e-6


def search(
    connection: Connection, query: Query, *, trash: bool, limit: int | None
) -> SearchResults:
    spellings = prefix_spellings(connection, query.terms)
    expressions = [
        (term.prefix and whole_words(connection, term, spellings))
        or fts5_expression((term,), spellings)
        for term in query.terms
    ]
    # Long phrases that notes hold across chunks only, by the term's place.
    across = across_chunks(connection, query.terms, expressions)
    total, mean_words = connection.execute(_TOTALS).one()
    total = int(total)
    # BM25 weighs a word by log((N - n + 0.5) / (n + 0.5)): nothing once n reaches N / 2.
    cap = total // 2 + 1
    counts = [
        len(_owners(connection, e) | across[i]) if across.get(i)
        else _postmortems_holding(connection, e, cap)
        for i, e in enumerate(expressions)
    ]  # fmt: skip
    if not all(counts):
        return SearchResults([])
    telling = [i for i, n in enumerate(counts) if 2 * n < total]
    weightless = [e for i, e in enumerate(expressions) if i not in telling]
    scores: dict[int, float] = {}
    if telling:
        telling_counts = [counts[i] for i in telling]
        scores = _bm25(connection, [expressions[i] for i in telling], telling_counts, total,
                       float(mean_words or 1.0) or 1.0,
                       [across.get(i, set()) for i in telling])  # fmt: skip
    if not telling and len(weightless) == 1 and not any(across.values()):
        titles = connection.execute(_TITLE_COUNT, {"expression": weightless[0]}).scalar_one()
        if 8 * int(titles) >= total:
            # Most postmortems hold it, many in their title: read the newest of those first.
            return _newest_first(connection, query, expressions, weightless[0], limit, trash=trash)
    for owners in (_title_owners(connection, e) for e in weightless):
        for pm_id in owners:
            if not telling or pm_id in scores:
                scores[pm_id] = scores.get(pm_id, 0.0) + FLOOR * TITLE_WEIGHT
    # The start of a word stands for many words: FTS5 gathers them all for each look-up, so the
    # postmortems holding one are read once instead.
    # So are the long phrases that notes hold across chunks.
    starts = [
        i for i, e in enumerate(expressions) if e in weightless and ("*" in e or across.get(i))
    ]
    need = _Needs(
        [e for i, e in enumerate(expressions) if e in weightless and i not in starts],
        [_owners(connection, expressions[i]) | across.get(i, set()) for i in starts],
    )
    room = limit
    ranked = _best_holding(connection, query, scores, need, room, trash=trash)
    if not telling and (room is None or len(ranked) < room):
        more = None if room is None else room - len(ranked)
        ranked += _newest_holding(connection, query, need, scores, more, trash=trash)
    if not ranked:
        return SearchResults([])
    hits = sorted(hits_for(connection, ranked, {}), key=_best_then_newest)[:limit]
    in_notes = set().union(*across.values())
    snippets = hit_snippets(connection, expressions, [hit.entry.id for hit in hits], in_notes)
    return SearchResults([hit._replace(snippet=snippets.get(hit.entry.id, "")) for hit in hits])


def _bm25(
    connection: Connection,
    expressions: list[str],
    counts: list[int],
    total: int,
    mean: float,
    in_notes: list[set[int]],
) -> dict[int, float]:
    """BM25 of the postmortems that hold every one of these terms (each held by fewer than half
    of the postmortems); a term's frequency is the number of parts that hold it (with the notes
    of `in_notes`, which hold it across chunks)."""
    frequencies = [_frequencies(connection, e) for e in expressions]
    for frequency, notes in zip(frequencies, in_notes, strict=True):
        for pm_id in notes:
            frequency[pm_id] = frequency.get(pm_id, 0.0) + 1.0
    candidates = set.intersection(*(set(f) for f in frequencies))
    words = _lengths(connection, candidates)
    idfs = [math.log((total - n + 0.5) / (n + 0.5)) for n in counts]
    scores = {}
    for pm_id in candidates:
        norm = K1 * (1 - B + B * words.get(pm_id, 0) / mean)
        scores[pm_id] = sum(
            idf * tf[pm_id] * (K1 + 1) / (tf[pm_id] + norm)
            for idf, tf in zip(idfs, frequencies, strict=True)
        )
    return scores


def _lengths(connection: Connection, ids: set[int]) -> dict[int, float]:
    """The postmortems' lengths in words."""
    if not ids:
        return {}
    rows = connection.execute(_LENGTHS, {"ids": json.dumps(sorted(ids))})
    return {int(i): float(w) for i, w in rows}


class _Needs(NamedTuple):
    """What a postmortem must also hold: terms looked up one postmortem at a time, and sets
    of the postmortems that hold a term, read at once."""

    terms: list[str]
    sets: list[set[int]]

    def __bool__(self) -> bool:
        return bool(self.terms or self.sets)


_OWNERS = sql(
    f"SELECT DISTINCT rowid >> {SLOT_BITS} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :expression"
)


def _owners(connection: Connection, expression: str) -> set[int]:
    return {int(i) for (i,) in connection.execute(_OWNERS, {"expression": expression})}


def _best_holding(
    connection: Connection,
    query: Query,
    scores: dict[int, float],
    need: _Needs,
    room: int | None,
    *,
    trash: bool,
) -> list[Any]:
    """The scored postmortems that pass the filters, best first; those that must also hold words
    most postmortems have are looked up in that order, until there are enough."""
    if not scores:
        return []
    weights = func.json_each(bindparam("scores", json.dumps(scores))).table_valued("key", "value")
    statement = (
        ranked_ids(query, type_coerce(weights.c.value, Float))
        .join(weights, cast(weights.c.key, Integer) == _pm.c.id)
        .where(*where_filters(query, trash=trash))
        .order_by(*hit_order(True))
    )
    if not need:
        return list(connection.execute(statement.limit(room)).all())
    chosen: list[Any] = []
    rows = [r for r in connection.execute(statement).all() if all(r[0] in s for s in need.sets)]
    if not need.terms:
        return rows[:room]
    step = max(room or 0, 32)
    for start in range(0, len(rows), step):
        batch = rows[start : start + step]
        holding = _all_hold(connection, [int(r[0]) for r in batch], need.terms)
        chosen += [r for r in batch if int(r[0]) in holding]
        if room is not None and len(chosen) >= room:
            return chosen[:room]
    return chosen


def _all_hold(connection: Connection, ids: list[int], expressions: list[str]) -> set[int]:
    """Those of `ids` that hold every expression: one seek in the index per id and term."""
    statement = _ALL_HOLD.get(len(expressions))
    if statement is None:
        statement = _all_hold_statement(len(expressions))
    params: dict[str, Any] = {f"term{i}": e for i, e in enumerate(expressions)}
    rows = connection.execute(statement, params | {"ids": json.dumps(ids)})
    return {int(i) for (i,) in rows}


_TITLE_OWNERS = sql(
    f"SELECT rowid >> {SLOT_BITS} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :expression "
    f"AND (rowid & {SLOT_MASK}) = {TITLE_SLOT}"
)


_TITLE_COUNT = sql(
    f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :expression "
    f"AND (rowid & {SLOT_MASK}) = {TITLE_SLOT}"
)


def _title_owners(connection: Connection, expression: str) -> set[int]:
    """The postmortems whose title holds the term."""
    return {int(i) for (i,) in connection.execute(_TITLE_OWNERS, {"expression": expression})}


def _in_title(expression: str) -> ColumnElement[bool]:
    return exists(
        select(literal(1))
        .select_from(table(FTS_TABLE))
        .where(
            _FTS.op("MATCH")(bindparam("titled", expression)),
            _pm.c.id * (1 << SLOT_BITS) + TITLE_SLOT == _ROWID,
        )
    )


def _newest_first(
    connection: Connection,
    query: Query,
    expressions: list[str],
    common: str,
    limit: int | None,
    *,
    trash: bool,
) -> SearchResults:
    """One word most postmortems hold, many in their title: the newest postmortems with it in
    their title, then the newest others, read from the newest on until there are enough."""
    need = _Needs(expressions, [])
    ranked = _newest_holding(
        connection, query, need, {}, limit, trash=trash, where=[_in_title(common)],
        score=FLOOR * TITLE_WEIGHT,
    )  # fmt: skip
    if limit is None or len(ranked) < limit:
        more = None if limit is None else limit - len(ranked)
        ranked += _newest_holding(
            connection, query, need, {}, more, trash=trash, where=[~_in_title(common)]
        )
    if not ranked:
        return SearchResults([])
    hits = sorted(hits_for(connection, ranked, {}), key=_best_then_newest)[:limit]
    snippets = hit_snippets(connection, expressions, [hit.entry.id for hit in hits])
    return SearchResults([hit._replace(snippet=snippets.get(hit.entry.id, "")) for hit in hits])


def _newest_holding(
    connection: Connection,
    query: Query,
    need: _Needs,
    scored: dict[int, float],
    room: int | None,
    *,
    trash: bool,
    where: Sequence[ColumnElement[bool]] = (),
    score: float = 0.0,
) -> list[Any]:
    """The newest postmortems that hold every term and pass the filters, read from the newest
    on (the scored ones left out: they come first)."""
    statement = ranked_ids(query, literal(score)).where(
        *where_filters(query, trash=trash),
        *where,
        *(_holds(e, f"term{i}") for i, e in enumerate(need.terms)),
        *(
            _pm.c.id.in_(select(_json_values(sorted(s), f"set{i}")))
            for i, s in enumerate(need.sets)
        ),
    )
    if scored:
        statement = statement.where(_pm.c.id.not_in(select(_json_values(sorted(scored), "scored"))))
    return list(connection.execute(statement.order_by(*hit_order(False)).limit(room)).all())


def _json_values(values: Sequence[int], name: str) -> Any:
    return func.json_each(bindparam(name, json.dumps(list(values)))).table_valued("value").c.value


def _best_then_newest(hit: SearchHit) -> tuple[float, float, int]:
    when = hit.entry.incident_date
    return (-hit.score, -when.timestamp() if when else float("inf"), -hit.entry.id)
