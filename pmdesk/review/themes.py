"""Contributing factors that read alike, across postmortems: "do the same kinds of incident repeat?"

Two factors belong to one theme when their content words overlap enough (Dice coefficient on
lightly stemmed words, at least two words shared). Themes are joined transitively, and only a
theme that spans two or more postmortems is a repeat. The words are compared, not the meaning:
"no canary for config deploys" and "config deploys skip the canary stage" meet; a synonym does
not. Identical word sets are compared once, so a library full of look-alike factors stays fast.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

# Two factors read alike at or above this overlap of their content words.
SIMILARITY = 0.5
MIN_SHARED = 2
# A word in more factors than this says nothing about which ones are alike (it is not used to
# find candidates, but still counts in the overlap).
_COMMON = 200

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_STOP_WORDS = """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can could did didn't do does doesn't doing don't down
    during each even ever every few for from further had hadn't has hasn't have haven't having he
    her here hers him his how i if in into is isn't it it's its itself just kind let me more most
    much must my no nor not now of off on once one only or other our ours out over own per same
    she should so some still such than that the their theirs them then there these they this
    those through to too under until up upon very via was wasn't way we were weren't what when
    where which while who whom why will with within without won't would yet you your us got get
    gets made make makes new old two three lot lots since thing things"""
_STOP = frozenset(_STOP_WORDS.split())
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                stem += "y"
            return stem
    return word


def _content_word(raw: str) -> str | None:
    """A word as themes compare it (stemmed), or None when it carries no meaning."""
    word = raw.casefold().replace("’", "'")
    if word in _STOP or len(word) < 2 or word.isdigit():
        return None
    return _stem(word)


# Each word as written, as themes compare it: a library's factors share most of their words.
_CONTENT: dict[str, str | None] = {}
_CONTENT_MOST = 200_000


def content_words(text: str) -> frozenset[str]:
    """The words that carry a factor's meaning, stemmed: 'Deploys skipped the canary' ->
    {'deploy', 'skipp', 'canary'}."""
    known = _CONTENT
    if len(known) > _CONTENT_MOST:
        known.clear()
    found = set()
    for raw in _WORD.findall(text):
        word = known.get(raw, "")
        if word == "":
            word = known[raw] = _content_word(raw)
        if word is not None:
            found.add(word)
    return frozenset(found)


def _alike(a: frozenset[str], b: frozenset[str]) -> bool:
    shared = len(a & b)
    return shared >= MIN_SHARED and 2 * shared / (len(a) + len(b)) >= SIMILARITY


class _Union:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_factors(
    factors: Iterable[tuple[int, str]],
) -> list[tuple[str, tuple[int, ...], tuple[str, ...]]]:
    """Themes among (postmortem id, factor text): (name, postmortem ids, example texts) for every
    theme in two or more postmortems, the most widespread first.

    The name is the theme's words most factors share, in the order the first factor uses them.
    """
    words_of: dict[str, frozenset[str]] = {}  # each distinct text's words, worked out once
    by_words: dict[frozenset[str], list[tuple[int, str]]] = defaultdict(list)
    for pm_id, text in factors:
        words = words_of.get(text)
        if words is None:
            words = words_of[text] = content_words(text)
        if len(words) >= MIN_SHARED:
            by_words[words].append((pm_id, text))
    keys = list(by_words)
    union = _join_alike(keys)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        groups[union.find(i)].append(i)
    themes: list[tuple[str, tuple[int, ...], tuple[str, ...]]] = []
    for members in groups.values():
        found = [pair for i in members for pair in by_words[keys[i]]]
        ids = tuple(sorted({pm_id for pm_id, _ in found}))
        if len(ids) < 2:
            continue
        themes.append((_name(found, words_of), ids, _examples(found)))
    themes.sort(key=lambda t: (-len(t[1]), t[0]))
    return themes


def _join_alike(keys: list[frozenset[str]]) -> _Union:
    """Join every two word sets that read alike. Only sets sharing a word that is not too
    common are compared, each pair once (the later set against those indexed before it). The
    shared words are first counted from the index; the sets are compared word by word only
    when a too-common word might still make up the overlap."""
    frequency = Counter(word for words in keys for word in words)
    union = _Union(len(keys))
    index: dict[str, list[int]] = defaultdict(list)
    sizes = [len(words) for words in keys]
    for i, words in enumerate(keys):
        rare = [word for word in words if frequency[word] <= _COMMON]
        common = len(words) - len(rare)
        shared_rare: Counter[int] = Counter()
        for word in rare:
            posting = index[word]
            shared_rare.update(posting)
            posting.append(i)
        size = sizes[i]
        for j, shared in shared_rare.items():
            most = shared + common  # the too-common words of i may be in j as well
            if most < MIN_SHARED or 2 * most / (size + sizes[j]) < SIMILARITY:
                continue
            if union.find(i) == union.find(j):
                continue
            alike = (
                _alike(words, keys[j])
                if common
                else 2 * shared / (size + sizes[j]) >= SIMILARITY and shared >= MIN_SHARED
            )
            if alike:
                union.join(i, j)
    return union


def _name(found: list[tuple[int, str]], words_of: dict[str, frozenset[str]]) -> str:
    """The words shared by at least half the theme's postmortems, as the first factor says them."""
    per_pm: dict[int, set[str]] = defaultdict(set)
    for pm_id, text in found:
        per_pm[pm_id] |= words_of[text]
    counts = Counter(w for words in per_pm.values() for w in words)
    need = max(2, (len(per_pm) + 1) // 2)
    common = {w for w, n in counts.items() if n >= need}
    first = min(found, key=lambda pair: pair[0])[1]
    shown: list[str] = []
    for raw in _WORD.findall(first):
        word = raw.casefold().replace("’", "'")
        if _stem(word) in common and word not in _STOP and word not in shown:
            shown.append(word)
            common.discard(_stem(word))
    if len(shown) < MIN_SHARED:
        return " ".join(first.split())[:80]
    return " ".join(shown[:6])


def _examples(found: list[tuple[int, str]], limit: int = 3) -> tuple[str, ...]:
    seen: dict[int, str] = {}
    for pm_id, text in sorted(found):
        seen.setdefault(pm_id, " ".join(text.split()))
    return tuple(list(seen.values())[:limit])
