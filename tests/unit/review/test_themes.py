"""Factor themes: the indexed clustering finds exactly the themes of comparing every pair."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from pmdesk.review import themes
from pmdesk.review.themes import MIN_SHARED, cluster_factors, content_words
from tests.support.library import written


def _obvious(factors: list[tuple[int, str]]) -> list[tuple[str, tuple[int, ...], tuple[str, ...]]]:
    """Every two distinct word sets compared, themes grown by walking the pairs found alike."""
    by_words: dict[frozenset[str], list[tuple[int, str]]] = defaultdict(list)
    for pm_id, text in factors:
        words = content_words(text)
        if len(words) >= MIN_SHARED:
            by_words[words].append((pm_id, text))
    keys = list(by_words)
    frequency = Counter(word for words in keys for word in words)
    near: dict[int, set[int]] = defaultdict(set)
    for i, j in combinations(range(len(keys)), 2):
        shared = keys[i] & keys[j]
        if any(frequency[w] <= themes._COMMON for w in shared) and themes._alike(keys[i], keys[j]):
            near[i].add(j)
            near[j].add(i)
    seen: set[int] = set()
    found_themes = []
    words_of = {text: content_words(text) for _, text in factors}
    for start in range(len(keys)):
        if start in seen:
            continue
        members, todo = [], [start]
        seen.add(start)
        while todo:
            i = todo.pop()
            members.append(i)
            todo += [j for j in near[i] if j not in seen]
            seen.update(near[i])
        found = [pair for i in sorted(members) for pair in by_words[keys[i]]]
        ids = tuple(sorted({pm_id for pm_id, _ in found}))
        if len(ids) >= 2:
            found_themes.append((themes._name(found, words_of), ids, themes._examples(found)))
    return sorted(found_themes, key=lambda t: (-len(t[1]), t[0]))


def test_the_same_themes_as_comparing_every_pair_on_a_slice_of_written_factors() -> None:
    pms = written.library(250)
    factors = [(n, f.text) for n, pm in enumerate(pms, 1) for f in pm.factors if f.text.strip()]
    found = cluster_factors(factors)
    assert len(found) >= 10  # enough themes for the comparison to mean something
    assert found == _obvious(factors)


def test_sets_of_very_different_sizes_still_meet_at_the_threshold() -> None:
    # Two words of six shared: Dice 4/8 = 0.5, exactly the threshold.
    factors = [
        (1, "canary config"),
        (2, "canary config rollout pipeline dashboards paging"),
        (3, "canary config rollout pipeline dashboards paging alerts"),  # 4/9: not alike with 1
    ]
    assert cluster_factors(factors)[0][1] == (1, 2, 3)
    assert cluster_factors([factors[0], factors[2]]) == []
