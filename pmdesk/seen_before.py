"""Seen before: other postmortems that share services or tags with the open one, or read alike.

The open postmortem's words (summary, contributing factors with their whys, lessons) are
weighed like a search query: a word counts more the more the open postmortem uses it and the
fewer postmortems of the library hold it (BM25's inverse document frequency). Each other
postmortem scores the share of that weight its own text holds, plus a fixed amount per shared
service and tag, and says why it matched.

Plain Python, no Qt and no database: it asks the library (the repository) which postmortems
hold each word, and the full-text index answers, stemming the words as the search does. What
each word finds is remembered for a while, so typing a factor asks only about its new words.
"""

from __future__ import annotations

import heapq
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Protocol

from pmdesk.search import words_of

if TYPE_CHECKING:
    from pmdesk.database import LibraryEntry
    from pmdesk.model import Postmortem


class Library(Protocol):
    """What is asked of the database (the repository answers, through the full-text index)."""

    def library(self, *, trash: bool = False) -> list[LibraryEntry]: ...

    def holders(
        self, phrases: Sequence[tuple[str, ...]]
    ) -> dict[tuple[str, ...], frozenset[int]]: ...

    def services_and_tags(self) -> dict[int, tuple[list[str], list[str]]]: ...


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
# A word held by more than a fifth of the library (and by more than a handful) tells its
# postmortems apart too little to count.
COMMON_SHARE = 0.2
COMMON_MIN = 5
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
class SeenBefore:
    """Finds the postmortems like a profile; remembers what the library said for a while."""

    library: Library
    clock: Callable[[], float] = time.monotonic
    asked: int = 0  # words and phrases asked of the library (for the benchmark)
    _held: dict[tuple[str, ...], tuple[frozenset[int], float]] = field(default_factory=dict)
    # The library's entries, and who has each service and tag (casefolded), with when read.
    _shelf: (
        tuple[dict[int, LibraryEntry], dict[str, set[int]], dict[str, set[int]], float] | None
    ) = None

    def forget(self) -> None:
        """The library changed (a postmortem imported, trashed or restored): ask afresh."""
        self._held = {}
        self._shelf = None

    def _library(self) -> tuple[dict[int, LibraryEntry], dict[str, set[int]], dict[str, set[int]]]:
        now = self.clock()
        if self._shelf is None or now - self._shelf[3] > CACHE_SECONDS:
            entries = {entry.id: entry for entry in self.library.library()}
            by_service: dict[str, set[int]] = {}
            by_tag: dict[str, set[int]] = {}
            for pm_id, (services, tags) in self.library.services_and_tags().items():
                for name in services:
                    by_service.setdefault(name.strip().casefold(), set()).add(pm_id)
                for name in tags:
                    by_tag.setdefault(name.strip().casefold(), set()).add(pm_id)
            self._shelf = (entries, by_service, by_tag, now)
        return self._shelf[0], self._shelf[1], self._shelf[2]

    def _holders(self, phrases: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], frozenset[int]]:
        now = self.clock()
        wanted = list(dict.fromkeys(phrases))
        missing = [
            p for p in wanted if p not in self._held or now - self._held[p][1] > CACHE_SECONDS
        ]
        if missing:
            self.asked += len(missing)
            for phrase, ids in self.library.holders(missing).items():
                self._held[phrase] = (ids, now)
        return {p: self._held[p][0] for p in wanted if p in self._held}

    def matches(self, profile: Profile, limit: int = 10) -> list[Match]:
        """The postmortems most like the profile, best first (never the profile's own)."""
        if profile.empty:
            return []
        entries, by_service, by_tag = self._library()
        own = profile.postmortem_id
        scores: dict[int, float] = {}
        services: dict[int, list[str]] = {}
        tags: dict[int, list[str]] = {}
        for names, index, shared, weight in (
            (profile.services, by_service, services, SERVICE_WEIGHT),
            (profile.tags, by_tag, tags, TAG_WEIGHT),
        ):
            for name in names:
                for pm_id in index.get(name.casefold(), ()):
                    if pm_id != own and pm_id in entries:
                        shared.setdefault(pm_id, []).append(name)
                        scores[pm_id] = scores.get(pm_id, 0.0) + weight
        weights, held = self._weigh(profile, len(entries), own)
        total = sum(weights.values())
        alike: set[int] = set()
        for pm_id, words in held.items():
            # A shared phrase counts its two words: "retry storm" alone is enough.
            if pm_id not in entries or len(words) < MIN_SHARED_WORDS or not total:
                continue
            share = sum(weights[w] for w in words) / total
            if share >= MIN_ALIKE:
                scores[pm_id] = scores.get(pm_id, 0.0) + ALIKE_WEIGHT * share
                alike.add(pm_id)
        # The best by score alone (fast), then in full order: score, newest, highest id.
        best = heapq.nlargest(limit * 2, scores, key=scores.__getitem__)
        cut = scores[best[limit - 1]] if len(best) >= limit else float("-inf")
        tied = best if len(best) < limit * 2 else [i for i, v in scores.items() if v >= cut]
        ranked = sorted(tied, key=lambda i: (-scores[i], _newest(entries[i]), -i))[:limit]
        return [
            Match(
                entries[i],
                round(scores[i], 4),
                tuple(services.get(i, ())),
                tuple(tags.get(i, ())),
                _shared(held[i], weights, profile) if i in alike else (),
            )
            for i in ranked
        ]

    def _weigh(
        self, profile: Profile, size: int, own: int | None
    ) -> tuple[dict[str, float], dict[int, set[str]]]:
        """Each word's and phrase's weight, and the words each other postmortem holds."""
        asked: dict[tuple[str, ...], tuple[str, int]] = {
            (word,): (word, uses) for word, uses in profile.words.items()
        }
        asked |= {pair: (" ".join(pair), uses) for pair, uses in profile.phrases.items()}
        found = self._holders(asked)
        others = max(size - (1 if own is not None else 0), 1)
        weights: dict[str, float] = {}
        held: dict[int, set[str]] = {}
        for phrase, (word, uses) in asked.items():
            ids = found.get(phrase, frozenset())
            count = len(ids) - (own in ids)
            if count > max(COMMON_SHARE * others, COMMON_MIN):
                continue
            # BM25's idf, and the open postmortem's own use of the word, dampened. A word no
            # other postmortem holds still weighs: it is what sets this one apart.
            idf = math.log(1 + (others - count + 0.5) / (count + 0.5))
            weights[word] = idf * (1 + math.log(uses))
            for pm_id in ids:
                held.setdefault(pm_id, set()).add(word)
        held.pop(own, None)  # type: ignore[arg-type]
        return weights, held


def _shared(held: set[str], weights: dict[str, float], profile: Profile) -> tuple[str, ...]:
    """The words a postmortem shares, weightiest first, a phrase standing for its two words."""
    names = set(held)
    for first, second in profile.phrases:
        if f"{first} {second}" in names:
            names -= {first, second}
    return tuple(sorted(names, key=lambda w: (-weights[w], w)))


def _newest(entry: LibraryEntry) -> float:
    return -entry.incident_date.timestamp() if entry.incident_date else 0.0
