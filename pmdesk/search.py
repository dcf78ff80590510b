"""The search language of the library, `pmdesk search` and the search box (Ctrl+K).

Plain Python, no Qt and no database: this module reads what the facilitator typed into a
`Query`; pmdesk.storage translates a Query for its backend (SQLite FTS5, PostgreSQL tsvector).

    timeout                 a word (stemmed: "timeouts" and "timed out" find "timeout")
    "connection pool"       the words next to each other, in this order
    pay*                    any word that starts with "pay"
    service:payments        a service of the postmortem (tag: likewise); a,b means either
    severity:SEV1           also severity:1; kind:near_miss; status:draft|reviewed|published
    before:2026-04-15       incident before that day; after: after it (also 2026-04 or 2026)

Everything given must hold: words, phrases and filters are all required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from pmdesk.database import LibraryEntry

# Around each match in a snippet: characters from Unicode's private use area, never typed,
# which the list and the command line turn into bold.
MARK_START = "\ue000"
MARK_END = "\ue001"

SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")
KINDS = ("incident", "near_miss", "security")
STATUSES = ("draft", "reviewed", "published")
FILTERS = ("service", "tag", "severity", "kind", "status", "before", "after")


class QueryError(ValueError):
    """A query pmdesk cannot read; the message names the part at fault and what would work."""


@dataclass(frozen=True)
class Term:
    """Words to find: one word, a phrase of words in order, or the start of a word."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...] = ()
    # Each tuple is one filter as typed: the postmortem must match one of its values.
    services: tuple[tuple[str, ...], ...] = ()
    tags: tuple[tuple[str, ...], ...] = ()
    severities: tuple[tuple[str, ...], ...] = ()
    kinds: tuple[tuple[str, ...], ...] = ()
    statuses: tuple[tuple[str, ...], ...] = ()
    before: date | None = None
    after: date | None = None
    text: str = field(default="", compare=False)

    @property
    def empty(self) -> bool:
        return self == Query()


class SearchHit(NamedTuple):
    entry: LibraryEntry
    score: float  # higher is a better match; 0 when only filters were given
    snippet: str  # text around the first matches, each inside MARK_START ... MARK_END


class SearchResults(NamedTuple):
    hits: list[SearchHit]
    note: str = ""  # one line when the search runs in a lesser mode (no FTS5 in this SQLite)


# A token: a filter (name:value, the value maybe quoted), a quoted phrase, or a run of non-space.
_TOKEN = re.compile(
    r'(?P<name>[A-Za-z_]+):(?P<value>"[^"]*"?|\S*)|(?P<phrase>"[^"]*"?)|(?P<word>\S+)'
)
# Words as both backends split them: letters and digits (Unicode), with their marks.
_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> tuple[str, ...]:
    """The words of `text` as the index sees them, lower-cased (punctuation separates)."""
    return tuple(w.casefold() for w in _WORD.findall(text))


def count_words(text: str) -> int:
    """How many words `text` has: len(words_of(text)), without making them."""
    return len(_WORD.findall(text))


def parse(text: str) -> Query:
    """Read a query; QueryError names the token at fault."""
    terms: list[Term] = []
    filters: dict[str, list[tuple[str, ...]]] = {name: [] for name in FILTERS}
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if match.group("name") is not None:
            name = match.group("name").casefold()
            if name not in FILTERS:
                raise QueryError(
                    f"unknown filter “{match.group('name')}:” in “{token}”: use "
                    + ", ".join(f"{n}:" for n in FILTERS)
                    + ", or put the words in quotes to search for them"
                )
            filters[name].append(_filter_values(name, match.group("value"), token))
        elif match.group("phrase") is not None:
            phrase = _unquote(match.group("phrase"), token)
            words = words_of(phrase)
            if words:
                terms.append(Term(words))
        else:
            terms.extend(_word_terms(token))
    return Query(
        terms=tuple(terms),
        services=tuple(filters["service"]),
        tags=tuple(filters["tag"]),
        severities=tuple(filters["severity"]),
        kinds=tuple(filters["kind"]),
        statuses=tuple(filters["status"]),
        before=_one_date(filters["before"], "before", last=False),
        after=_one_date(filters["after"], "after", last=True),
        text=text,
    )


def _unquote(quoted: str, token: str) -> str:
    if len(quoted) < 2 or not quoted.endswith('"'):
        raise QueryError(f'the quote in “{token}” is not closed: end the phrase with "')
    return quoted[1:-1]


def _word_terms(token: str) -> list[Term]:
    prefix = token.endswith("*")
    words = words_of(token.rstrip("*"))
    if not words:
        return []  # punctuation alone finds nothing and asks for nothing
    if not prefix:
        return [Term(words)]
    if len(words) > 1:
        raise QueryError(
            f"“{token}”: a search by the start of a word takes one word of letters or digits "
            "before the *"
        )
    return [Term(words, prefix=True)]


def _filter_values(name: str, raw: str, token: str) -> tuple[str, ...]:
    value = _unquote(raw, token) if raw.startswith('"') else raw
    values = tuple(v.strip() for v in value.split(",") if v.strip())
    if not values:
        raise QueryError(f"“{token}” needs a value after the colon, as in {_EXAMPLES[name]}")
    if name in ("service", "tag", "before", "after"):
        return tuple(v.casefold() for v in values) if name in ("service", "tag") else values
    return tuple(_known(name, v, token) for v in values)


_EXAMPLES = {
    "service": "service:payments",
    "tag": "tag:database",
    "severity": "severity:SEV2",
    "kind": "kind:near_miss",
    "status": "status:reviewed",
    "before": "before:2026-04-15",
    "after": "after:2026-01",
}


def _known(name: str, value: str, token: str) -> str:
    folded = value.casefold().replace("-", "_").replace(" ", "_")
    if name == "severity":
        level = folded.removeprefix("sev").lstrip("_")
        if level in ("1", "2", "3", "4"):
            return f"SEV{level}"
        allowed: tuple[str, ...] = SEVERITIES
    elif name == "kind":
        folded = "near_miss" if folded == "nearmiss" else folded
        if folded in KINDS:
            return folded
        allowed = KINDS
    else:
        if folded in STATUSES:
            return folded
        allowed = STATUSES
    raise QueryError(f"“{token}”: {name} is one of {', '.join(allowed)}, not “{value}”")


_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_day(value: str, token: str, *, last: bool) -> date:
    """A day, month or year as YYYY-MM-DD, YYYY-MM or YYYY; a month or year stands for its first
    day, or its last when `last` (so after:2026-04 means from May on)."""
    match = _DATE.fullmatch(value)
    if match is None:
        raise QueryError(
            f"“{token}”: “{value}” is not a date; write it as 2026-04-15, 2026-04 or 2026"
        )
    import calendar

    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 12, 31) if last else date(year, 1, 1)
        if day is None:
            return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
        return date(year, month, day)
    except ValueError:
        raise QueryError(f"“{token}”: there is no such day as “{value}”") from None


def _one_date(values: list[tuple[str, ...]], name: str, *, last: bool) -> date | None:
    if not values:
        return None
    if len(values) > 1 or len(values[0]) > 1:
        raise QueryError(f"give {name}: once, with one date")
    return parse_day(values[0][0], f"{name}:{values[0][0]}", last=last)


def marked_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, is_match) pieces, for whoever renders the marks."""
    parts: list[tuple[str, bool]] = []
    inside = False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", snippet):
        if piece == MARK_START:
            inside = True
        elif piece == MARK_END:
            inside = False
        elif piece:
            parts.append((piece, inside))
    return parts


def render_marks(snippet: str, start: str, end: str) -> str:
    """The snippet with each match between `start` and `end` (e.g. "**" for Markdown bold)."""
    return "".join(f"{start}{text}{end}" if hit else text for text, hit in marked_parts(snippet))


SNIPPET_WORDS = 16


def plain_snippet(text: str, terms: tuple[Term, ...] = ()) -> str:
    """About SNIPPET_WORDS words of `text` around the first word that starts like a term's word,
    each such word marked; the text's start when none does (or no term is given)."""
    spans = [m.span() for m in _WORD.finditer(text)]
    if not spans:
        return ""
    wanted = tuple(w for term in terms for w in term.words)

    def hits(span: tuple[int, int]) -> bool:
        word = text[span[0] : span[1]].casefold()
        return any(word.startswith(w) for w in wanted)

    first = next((i for i, span in enumerate(spans) if hits(span)), 0)
    start = max(0, first - SNIPPET_WORDS // 4)
    chosen = spans[start : start + SNIPPET_WORDS]
    out: list[str] = ["…" if start > 0 else ""]
    position = chosen[0][0]
    for span in chosen:
        out.append(text[position : span[0]])
        word = text[span[0] : span[1]]
        out.append(f"{MARK_START}{word}{MARK_END}" if hits(span) else word)
        position = span[1]
    if start + SNIPPET_WORDS < len(spans):
        out.append("…")
    else:
        out.append(text[position:])
    return " ".join("".join(out).split())


def lead_to_match(snippet: str, before: int = 24) -> str:
    """The snippet starting a few words before its first match, so that a narrow list that
    shows only its first line or two still shows the match."""
    first = snippet.find(MARK_START)
    if first <= before:
        return snippet
    cut = snippet.find(" ", first - before, first)
    start = first if cut < 0 else cut + 1
    return "…" + snippet[start:]
