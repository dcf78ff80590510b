"""Seen before: other postmortems that share services or tags with the open one, or read alike.

The open postmortem's words (summary, contributing factors with their whys, lessons) are
weighed like a search query: a word counts more the more the open postmortem uses it and the
fewer postmortems of the library hold it (BM25's inverse document frequency). Each other
postmortem scores the share of that weight its own text holds, plus a fixed amount per shared
service and tag, and says why it matched.

Plain Python, no Qt and no database: it asks the library through a `Searcher` (the
repository's full-text search, pmdesk.search), so the index stems and matches the words the
same way on SQLite and PostgreSQL. What each word finds is remembered for a while, so typing
a factor asks only about its new words.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Protocol

from pmdesk.search import Query, SearchResults, Term, words_of

if TYPE_CHECKING:
    from pmdesk.database import LibraryEntry
    from pmdesk.model import Postmortem


class Searcher(Protocol):
    def search(
        self, query: Query, *, trash: bool = False, limit: int | None = None
    ) -> SearchResults: ...

    def library(self, *, trash: bool = False) -> list[LibraryEntry]: ...


# Words that say nothing about an incident (English function words and the words every
# postmortem uses); the index's own ranking would weigh most of these down anyway, but asking
# about them costs a search each.
_STOP_WORDS = """
    a about above after again against all almost also although always am among an and another
    any anyone anything are around as at away back be became because been before being below
    between both but by came can cannot could did didn do does doing done down during each
    either else enough even ever every few for from further get gets getting got had has have
    having he her here hers him his how however i if in into is isn it its itself just know
    knew last least less like made make makes many may me might more most much must my near
    need needed never new next no none nor not now of off often on once one only onto or other
    others our out over own per put quite rather really said same saw see seen she should
    since so some still such than that the their them then there these they thing things this
    those though through thus to too took under until up upon us use used uses using very via
    was wasn way we well went were what when where whether which while who whom whose why will
    with within without would yet you your
    incident incidents postmortem issue issues problem problems time times team teams people
    minutes minute hours hour day days week weeks because cause caused causes factor factors
    lesson lessons learned
    """
STOP_WORDS = frozenset(_STOP_WORDS.split())
MIN_WORD = 3
MAX_WORDS = 20  # the open postmortem's most used words that are asked about
MAX_PHRASES = 6  # and its most used pairs of neighbouring words ("retry storm")
# A word held by this many postmortems or more (or by more than half of the library) tells
# them apart too little to be asked about; its search stops there.
COMMON_AT = 200
SERVICE_WEIGHT = 3.0
TAG_WEIGHT = 2.0
ALIKE_WEIGHT = 6.0  # a postmortem that holds every weighed word
MIN_ALIKE = 0.12  # share of the weight a postmortem must hold to read alike ...
MIN_SHARED_WORDS = 2  # ... in at least this many words or phrases
SHOWN_WORDS = 4  # words named in a reason
CACHE_SECONDS = 60.0  # what a word found is asked again after this long


@dataclass(frozen=True)
class Profile:
    """What is compared: the open postmortem's weighed words, services and tags."""

    postmortem_id: int | None
    words: dict[str, int]  # word as asked -> times used
    phrases: dict[tuple[str, str], int]
    services: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.words or self.services or self.tags)


@dataclass(frozen=True)
class Match:
    """Another postmortem and why it matched."""

    entry: LibraryEntry
    score: float
    services: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # shared words and phrases, the weightiest first

    @property
    def reason(self) -> str:
        """E.g. "shares service payments-api, tag dns; reads alike: timeout, retry storm"."""
        shared = []
        if self.services:
            shared.append(_named("service", self.services))
        if self.tags:
            shared.append(_named("tag", self.tags))
        parts = ["shares " + ", ".join(shared)] if shared else []
        if self.words:
            parts.append("reads alike: " + ", ".join(self.words[:SHOWN_WORDS]))
        return "; ".join(parts)


def _named(what: str, names: tuple[str, ...]) -> str:
    return f"{what}{'s' if len(names) > 1 else ''} {', '.join(names)}"


_SENTENCE = re.compile(r"[.!?;:\n]+")


def _key(word: str) -> str:
    """Plural and singular as one word ("timeouts", "timeout"); the index stems the rest."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _wanted(word: str) -> bool:
    return len(word) >= MIN_WORD and word not in STOP_WORDS and not word.isdigit()


def texts_of(pm: Postmortem) -> list[str]:
    """The parts of a postmortem that say what went wrong: summary, factors and whys, lessons."""
    texts = [pm.summary, pm.lessons]
    for factor in pm.factors:
        texts += [factor.text, *factor.whys]
    return [t for t in texts if t.strip()]


def profile_of(pm: Postmortem) -> Profile:
    """The open postmortem as it reads now (cheap: made on every pause in typing)."""
    return profile_from(pm.id, texts_of(pm), pm.services, pm.tags)


def profile_from(
    postmortem_id: int | None, texts: Iterable[str], services: Iterable[str], tags: Iterable[str]
) -> Profile:
    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    spelling: dict[str, str] = {}
    for text in texts:
        for sentence in _SENTENCE.split(text):
            words = words_of(sentence)
            for word in words:
                if _wanted(word):
                    key = _key(word)
                    counts[key] += 1
                    # The shortest spelling: plain-text search finds "timeouts" by "timeout".
                    if key not in spelling or len(word) < len(spelling[key]):
                        spelling[key] = word
            for first, second in pairwise(words):
                if _wanted(first) and _wanted(second):
                    pairs[(first, second)] += 1
    # Most used first; among equals the longer word, which is more often the telling one.
    ranked = sorted(counts, key=lambda k: (-counts[k], -len(k), k))[:MAX_WORDS]
    weighed = {spelling[k]: counts[k] for k in ranked}
    chosen = {_key(spelling[k]) for k in ranked}
    phrases = [
        p for p in sorted(pairs, key=lambda p: (-pairs[p], p)) if {_key(p[0]), _key(p[1])} <= chosen
    ][:MAX_PHRASES]
    return Profile(
        postmortem_id,
        weighed,
        {p: pairs[p] for p in phrases},
        _unique(services),
        _unique(tags),
    )


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        if name.strip():
            seen.setdefault(name.strip().casefold(), name.strip())
    return tuple(seen.values())


@dataclass
class _Found:
    ids: frozenset[int]
    entries: dict[int, LibraryEntry]
    common: bool  # stopped at COMMON_AT: too many postmortems hold it to tell them apart
    when: float


@dataclass
class SeenBefore:
    """Finds the postmortems like a profile; remembers what each word found for a while."""

    searcher: Searcher
    clock: Callable[[], float] = time.monotonic
    searches: int = 0  # how many searches were asked of the library (for the benchmark)
    _found: dict[Query, _Found] = field(default_factory=dict)
    _size: tuple[int, float] | None = None

    def forget(self) -> None:
        """The library changed (a postmortem imported, trashed or restored): ask afresh."""
        self._found.clear()
        self._size = None

    def library_size(self) -> int:
        now = self.clock()
        if self._size is None or now - self._size[1] > CACHE_SECONDS:
            self._size = (len(self.searcher.library()), now)
        return self._size[0]

    def _find(self, query: Query) -> _Found:
        now = self.clock()
        known = self._found.get(query)
        if known is not None and now - known.when <= CACHE_SECONDS:
            return known
        self.searches += 1
        hits = self.searcher.search(query, limit=COMMON_AT).hits
        entries = {hit.entry.id: hit.entry for hit in hits}
        found = _Found(frozenset(entries), entries, len(hits) >= COMMON_AT, now)
        self._found[query] = found
        return found

    def matches(self, profile: Profile, limit: int = 10) -> list[Match]:
        """The postmortems most like the profile, best first (never the profile's own)."""
        if profile.empty:
            return []
        size = self.library_size()
        entries: dict[int, LibraryEntry] = {}
        services: dict[int, list[str]] = {}
        tags: dict[int, list[str]] = {}
        for names, bucket, make in (
            (profile.services, services, _service_query),
            (profile.tags, tags, _tag_query),
        ):
            for name in names:
                found = self._find(make(name))
                entries.update(found.entries)
                for pm_id in found.ids:
                    bucket.setdefault(pm_id, []).append(name)
        weights, holders = self._weigh(profile, size, entries)
        total = sum(weights.values())
        scores: dict[int, tuple[float, tuple[str, ...]]] = {}
        for pm_id in set(services) | set(tags) | set(holders):
            if pm_id == profile.postmortem_id or pm_id not in entries:
                continue
            shared = _shared(holders.get(pm_id, set()), weights, profile)
            alike = sum(weights[w] for w in holders.get(pm_id, set())) / total if total else 0.0
            reads_alike = alike >= MIN_ALIKE and len(shared) >= MIN_SHARED_WORDS
            score = SERVICE_WEIGHT * len(services.get(pm_id, ())) + TAG_WEIGHT * len(
                tags.get(pm_id, ())
            )
            if not score and not reads_alike:
                continue
            scores[pm_id] = (score + ALIKE_WEIGHT * alike, shared if reads_alike else ())
        ranked = sorted(scores, key=lambda i: (-scores[i][0], _newest(entries[i]), -i))
        return [
            Match(
                entries[i],
                round(scores[i][0], 4),
                tuple(services.get(i, ())),
                tuple(tags.get(i, ())),
                scores[i][1],
            )
            for i in ranked[:limit]
        ]

    def _weigh(
        self, profile: Profile, size: int, entries: dict[int, LibraryEntry]
    ) -> tuple[dict[str, float], dict[int, set[str]]]:
        """Each word's and phrase's weight, and the words each postmortem holds."""
        weights: dict[str, float] = {}
        holders: dict[int, set[str]] = {}
        others = max(size - (1 if profile.postmortem_id is not None else 0), 1)
        asked: list[tuple[str, int, Query]] = [
            (word, uses, Query(terms=(Term((word,)),))) for word, uses in profile.words.items()
        ]
        asked += [
            (" ".join(pair), uses, Query(terms=(Term(pair),)))
            for pair, uses in profile.phrases.items()
        ]
        for word, uses, query in asked:
            found = self._find(query)
            ids = found.ids - {profile.postmortem_id} if profile.postmortem_id else found.ids
            if found.common or (others >= 4 and len(ids) * 2 > others):
                continue
            # A word no other postmortem holds still weighs: it is what sets this one apart.
            # BM25's idf, and the open postmortem's own use of the word, dampened.
            idf = math.log(1 + (others - len(ids) + 0.5) / (len(ids) + 0.5))
            weights[word] = idf * (1 + math.log(uses))
            entries.update(found.entries)
            for pm_id in ids:
                holders.setdefault(pm_id, set()).add(word)
        return weights, holders


def _shared(held: set[str], weights: dict[str, float], profile: Profile) -> tuple[str, ...]:
    """The words a postmortem shares, weightiest first, a phrase standing for its two words."""
    names = set(held)
    for first, second in profile.phrases:
        if f"{first} {second}" in names:
            names -= {first, second}
    return tuple(sorted(names, key=lambda w: (-weights[w], w)))


def _service_query(name: str) -> Query:
    return Query(services=((name.casefold(),),))


def _tag_query(name: str) -> Query:
    return Query(tags=((name.casefold(),),))


def _newest(entry: LibraryEntry) -> float:
    return -entry.incident_date.timestamp() if entry.incident_date else 0.0
