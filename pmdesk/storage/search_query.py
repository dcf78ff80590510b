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
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import (
    Float,
    Integer,
    and_,
    bindparam,
    cast,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    type_coerce,
)
from sqlalchemy import text as sql

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
from pmdesk.storage.search_common import hit_order, hits_for, ranked_ids, where_filters
from pmdesk.storage.search_index import notes_text, search_parts, search_postmortems
from pmdesk.storage.search_layout import (
    FIRST_CHUNK,
    FTS_TABLE,
    LAST_ITEM,
    NOTES_SLOT,
    SLOT_BITS,
    SLOT_MASK,
    TITLE_SLOT,
)
from pmdesk.storage.search_phrases import across_chunks
from pmdesk.storage.tables import PostmortemRow, table_of

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Connection

_pm = table_of(PostmortemRow)
_sp = search_postmortems

NO_FTS5 = (
    "This Python's SQLite has no full-text search (FTS5): words are matched as plain text, "
    "without stemming or ranking."
)
TITLE_WEIGHT = 10.0  # a word in the title counts as much as ten in the body
K1, B = 1.2, 0.75  # BM25's usual constants (FTS5 uses the same)


def run(
    connection: Connection, query: Query, *, trash: bool, limit: int | None, fts5: bool
) -> SearchResults:
    if not query.terms:
        return _filters_only(connection, query, trash=trash, limit=limit)
    if connection.dialect.name == "postgresql":
        from pmdesk.storage.search_query_pg import search

        return search(connection, query, trash=trash, limit=limit)
    if fts5:
        return _fts5(connection, query, trash=trash, limit=limit)
    return _like(connection, query, trash=trash, limit=limit)


def _first_parts(connection: Connection, ids: Sequence[int]) -> dict[int, str]:
    """Each postmortem's first part after its title (its summary, mostly)."""
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
    for pm_id, notes in _notes(connection, later).items():
        found[pm_id] = (NOTES_SLOT, notes)
    return {i: body for i, (_slot, body) in found.items()}


def _notes(connection: Connection, ids: Sequence[int]) -> dict[int, str]:
    """The notes of those postmortems that have any, as the index reads them."""
    if not ids:
        return {}
    rows = connection.execute(select(_pm.c.id, _pm.c.notes).where(_pm.c.id.in_(ids)))
    texts = {int(i): notes_text(notes or "") for i, notes in rows}
    return {i: text for i, text in texts.items() if text.strip()}


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
    snippets = {i: plain_snippet(body[:2000]) for i, body in bodies.items()}
    return SearchResults(hits_for(connection, ranked, snippets))


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


def _whole_words(connection: Connection, term: Term, spellings: dict[str, list[str]]) -> str | None:
    """A start of a word as the words of the index it stands for, each looked up by itself
    ("replic*" as "replica" OR "replicas" OR ...): FTS5 gathers every such word's entries
    for each look-up of a start. None when there are too many words, or one that stemming
    would change again (then the start is searched as it is)."""
    start = term.words[0]
    stem = _porter(connection, start)
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab "
        f"USING fts5vocab(main, {FTS_TABLE}, 'row')"
    )
    words: list[str] = list(spellings.get(start, []))
    rows = connection.exec_driver_sql(
        "SELECT term FROM temp.search_vocab WHERE term >= ? AND term < ? LIMIT ?",
        (stem, stem + "\U0010ffff", MAX_SPELLINGS + 1),
    ).all()
    words += [str(r[0]) for r in rows]
    if not words or len(words) > MAX_SPELLINGS or _stems(connection, words) != words:
        return None
    return "(" + " OR ".join(f'"{w}"' for w in words) + ")"


def _stems(connection: Connection, words: list[str]) -> list[str]:
    """The words as FTS5's porter tokenizer indexes them, in order."""
    for statement in (
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stem "
        "USING fts5(word, tokenize='porter unicode61')",
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stem_words "
        "USING fts5vocab(temp, search_stem, 'instance')",
        "DELETE FROM temp.search_stem",
    ):
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql("INSERT INTO temp.search_stem(word) VALUES (?)", (" ".join(words),))
    rows = connection.exec_driver_sql(
        "SELECT term FROM temp.search_stem_words ORDER BY offset"
    ).all()
    return [str(r[0]) for r in rows]


_FTS: ColumnElement[Any] = literal_column(FTS_TABLE)
_ROWID: ColumnElement[Any] = literal_column(f"{FTS_TABLE}.rowid")
_OWNER: ColumnElement[Any] = literal_column(f"{FTS_TABLE}.rowid >> {SLOT_BITS}")


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
_ITEMS = f"BETWEEN {{owner}} * {1 << SLOT_BITS} AND {{owner}} * {1 << SLOT_BITS} + {LAST_ITEM}"
_CHUNKS = (
    f"BETWEEN {{owner}} * {1 << SLOT_BITS} + {FIRST_CHUNK} "
    f"AND {{owner}} * {1 << SLOT_BITS} + {SLOT_MASK}"
)
# Each postmortem's first part (its notes' chunks aside) that matches: its slot, and a snippet.
_SNIPPETS = sql(
    f"SELECT ids.value, (SELECT (rowid & {SLOT_MASK}) || ':' || "
    f"snippet({FTS_TABLE}, -1, :start, :end, '…', {SNIPPET_WORDS}) "
    f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :expression "
    f"AND rowid {_ITEMS.format(owner='ids.value')} LIMIT 1) FROM json_each(:ids) AS ids"
)
# Those postmortems whose notes hold one of the terms in a chunk.
_NOTES_HOLDING = sql(
    f"SELECT ids.value FROM json_each(:ids) AS ids WHERE EXISTS (SELECT 1 FROM {FTS_TABLE} "
    f"WHERE {FTS_TABLE} MATCH :expression AND rowid {_CHUNKS.format(owner='ids.value')})"
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


def _fts5(connection: Connection, query: Query, *, trash: bool, limit: int | None) -> SearchResults:
    spellings = _spellings(connection, query.terms)
    expressions = [
        (term.prefix and _whole_words(connection, term, spellings))
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
    snippets = _snippets(connection, expressions, [hit.entry.id for hit in hits], in_notes)
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
    snippets = _snippets(connection, expressions, [hit.entry.id for hit in hits])
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


def _snippets(
    connection: Connection,
    expressions: list[str],
    ids: Sequence[int],
    in_notes: set[int] | None = None,
) -> dict[int, str]:
    """For each hit, the words around its matches in its first part that holds them all (or
    any of them). Notes indexed in chunks are read whole, in their place after the lessons
    (`in_notes`: postmortems whose notes hold a long phrase across chunks)."""
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
        for pm_id, (_slot, snippet) in firsts.items():
            if snippet:
                found[pm_id] = " ".join(snippet.split())
    return found


def _notes_holding(
    connection: Connection, ids: Sequence[int], expression: str, also: set[int]
) -> dict[int, str]:
    """The notes of those postmortems with a chunk of notes that matches (or in `also`)."""
    rows = connection.execute(
        _NOTES_HOLDING, {"ids": json.dumps(list(ids)), "expression": expression}
    )
    holding = {int(i) for (i,) in rows} | (also & set(ids))
    return _notes(connection, sorted(holding))


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


def _best_then_newest(hit: SearchHit) -> tuple[float, float, int]:
    when = hit.entry.incident_date
    return (-hit.score, -when.timestamp() if when else float("inf"), -hit.entry.id)


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
    texts: dict[int, list[str]] = {}
    for pm_id, title, body in connection.execute(
        select(search_parts.c.postmortem_id, search_parts.c.title, search_parts.c.body)
        .where(search_parts.c.postmortem_id.in_([r[0] for r in rows]))
        .order_by(search_parts.c.id)
    ):
        texts.setdefault(int(pm_id), []).append(f"{title}\n{body}")
    snippets = {}
    for pm_id, parts in texts.items():
        # The first part that holds the most of the words searched for.
        best = max(parts, key=lambda t: sum(n in t.casefold() for n in needles))
        snippets[pm_id] = plain_snippet(best, query.terms)
    return SearchResults(hits_for(connection, rows, snippets), NO_FTS5)
