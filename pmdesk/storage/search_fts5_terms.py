"""A search's terms as FTS5 expressions (pmdesk.storage.search_fts5).

FTS5's porter tokenizer stems the start of a word too ("pay" becomes "pai", which starts no
indexed word): such a start is also searched as the index's words that start with it as typed.
A start of a word that stands for few words is searched as those words, each looked up by itself.
The stems are asked of scratch tables in memory, the index's words of its fts5vocab table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmdesk.search import Term
from pmdesk.storage.search_layout import FTS_TABLE

if TYPE_CHECKING:
    from sqlalchemy import Connection


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


def prefix_spellings(connection: Connection, terms: tuple[Term, ...]) -> dict[str, list[str]]:
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


def whole_words(connection: Connection, term: Term, spellings: dict[str, list[str]]) -> str | None:
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
