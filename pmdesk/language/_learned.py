"""The learned layer: a small linear model over a sentence's words, shipped as data (learned.json).

The rules catch blame they have words for; people also blame in ways no rule lists (sarcasm,
non-native phrasing, typos). This layer scores each sentence the rules left alone with weights
learned from labelled postmortem sentences (benchmarks/language_train.py writes learned.json from
benchmarks/language_sets/). It costs a few dictionary look-ups per word, so it runs on every
keystroke block, and a team rules file switches it off with "disable": ["learned"].
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Final

from pmdesk.language._frozen import frozen_state, restore_frozen
from pmdesk.language._learned_score import Scorer, _sigmoid
from pmdesk.language._learned_words import (  # noqa: F401 - _TOKEN: read by language_train.py
    _CAPITALISED,
    _TOKEN,
    _kind,
    _Token,
    _tokens,
)
from pmdesk.language._structure import OUTCOMES, structure

# Shorter words are too often another real word one letter away.
MIN_TYPO: Final = 5


def _deletions(word: str) -> list[str]:
    """The word with one letter left out, each way: two words share one when they are one
    insertion, deletion, substitution or swap apart."""
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def features(local: str, model: Model | None = None) -> list[str]:
    """The features of one prepared sentence (quotes blanked, names as placeholders).

    Words, word pairs and word beginnings (so "careles" and "careless" share "p:caree"), with
    numbers folded together and names, known or guessed from a capital, as one token. Each word
    the rules know the kind of (a person, a role, a harmful or an ordinary act, a judgement)
    also stands for its kind, so "Dave wiped" and "the intern dropped" share "<person> <harm>".
    With a model, a misspelt blaming word counts as the word (see Model.correct).
    """
    text, tokens = _tokens(local)
    if model is not None:
        tokens = [model.correct(t) for t in tokens]
    kinds = [_kind(t) for t in tokens]
    general = [k or t for t, k in zip(tokens, kinds, strict=True)]
    result = [f"w:{t}" for t in tokens]
    result += [f"k:{k}" for k in kinds if k]
    result += [f"b:{a} {b}" for a, b in pairwise(tokens)]
    result += [
        f"g:{a} {b}"
        for a, b, ka, kb in zip(general, general[1:], kinds, kinds[1:], strict=False)
        if ka or kb
    ]
    result += [f"p:{t[:5]}" for t in tokens if len(t) > 6]
    if _CAPITALISED.search(text):
        result.append("f:capitalised")
    result += structure(local, _kind)
    return result


# Which of the model's tables holds the pair features of each kind.
_PAIR_TABLES: Final = {"b:": "_pairs", "g:": "_kind_pairs"}


@dataclass(frozen=True)
class Model:
    """Blame-or-not weights, the score above which a sentence is flagged, and per-category
    weights that say which kind of blame a flagged sentence most resembles."""

    weights: dict[str, float]
    bias: float
    threshold: float
    categories: dict[str, tuple[dict[str, float], float]]
    # The threshold where a rule matched the words and its context checks declined (> 1: never).
    declined_threshold: float = 2.0
    # Words seen in the training sentences, and the blaming words a misspelling is read as.
    vocabulary: frozenset[str] = frozenset()
    blame_words: tuple[str, ...] = ()
    _typos: dict[str, str] = field(default_factory=dict, compare=False)
    # What scores sentences fast, made when first needed (see _learned_score.py).
    _scorers: list[Scorer] = field(default_factory=list, compare=False)
    # The word-pair ("b:") and kind-pair ("g:") weights, moved out of `weights` and kept by
    # first word, then second word: a pair is two dictionary look-ups, with no key string built.
    _pairs: dict[str, dict[str, float]] = field(default_factory=dict, compare=False)
    _kind_pairs: dict[str, dict[str, float]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for word in self.blame_words:
            for variant in (word, *_deletions(word)):
                self._typos.setdefault(variant, word)
        single: dict[str, float] = {}
        for key, weight in self.weights.items():
            table = _PAIR_TABLES.get(key[:2]) if " " in key else None
            if table is None:
                single[key] = weight
            else:
                first, second = key[2:].split(" ", 1)
                getattr(self, table).setdefault(first, {})[second] = weight
        object.__setattr__(self, "weights", single)

    def __getstate__(self) -> dict[str, object]:
        return frozen_state(self, without="_scorers")  # made again when first needed

    def __setstate__(self, state: dict[str, object]) -> None:
        restore_frozen(self, state | {"_scorers": []})

    def weight(self, feature: str) -> float:
        """One feature's weight (0.0 for a feature the model never saw)."""
        table = _PAIR_TABLES.get(feature[:2]) if " " in feature else None
        if table is None:
            return self.weights.get(feature, 0.0)
        first, second = feature[2:].split(" ", 1)
        row: dict[str, float] | None = getattr(self, table).get(first)
        return 0.0 if row is None else row.get(second, 0.0)

    def correct(self, token: str) -> str:
        """A blaming word for a word one typing slip away from it ("shoud", "totaly",
        "obvisouly", "carless"), if the word is not one the training sentences use."""
        if len(token) < MIN_TYPO or token in self.vocabulary or not token.isalpha():
            return token
        typos = self._typos
        found = typos.get(token)
        if found is None:
            found = next((typos[d] for d in _deletions(token) if d in typos), None)
        return found or token

    def sentence_probability(self, local: str) -> float:
        """The same weights as probability(features(local)), without building the feature
        strings (see _learned_score.py). They are added in another order than there, so the two
        may differ in the last bits."""
        return self._scorer().probability(local)

    def reaches(self, local: str, threshold: float) -> bool:
        """Whether sentence_probability(local) >= threshold; the sentence's who-does-what
        shapes are looked for only where they could tip it (see _shape_bound.py)."""
        return self._scorer().reaches(local, threshold)

    def _scorer(self) -> Scorer:
        if not self._scorers:
            self._scorers.append(Scorer(self))
        return self._scorers[0]

    def _token(self, token: str) -> _Token:
        """A token's own weight (word, kind, beginning), kind, corrected word, and its rows of
        word-pair and kind-pair weights as the first of a pair."""
        word = self.correct(token)  # names are "<person>" already (see _tokens)
        weights = self.weights
        kind = _kind(word)
        own = weights.get("w:" + word, 0.0)
        if kind:
            own += weights.get("k:" + kind, 0.0)
        if len(word) > 6:
            own += weights.get("p:" + word[:5], 0.0)
        return _Token(own, kind, word, self._pairs.get(word), self._kind_pairs.get(kind or word))

    def probability(self, feats: Iterable[str]) -> float:
        weight = self.weight
        return _sigmoid(self.bias + sum(weight(f) for f in feats))

    def category(self, feats: list[str]) -> str | None:
        """The kind the sentence most resembles, among the kinds its words allow: a sentence
        with no question in it is not a who-question, whatever else it shares with one. None
        where it most resembles a person as the cause but no one acts in it ("The terraform
        apply destroyed the gateway because the plan was stale."): that reading has nothing to
        stand on, and the sentence is left alone."""
        asks = not _QUESTION_WORDS.isdisjoint(feats)
        # A sentence that tells harm done ("prod down on a Friday") reports, it does not wish.
        reports = not _OUTCOME_WORDS.isdisjoint(feats)
        best, best_score = "person_as_cause", -math.inf
        for name, (weights, bias) in self.categories.items():
            if (name == "who_question" and not asks) or (name == "vague_action" and reports):
                continue
            score = bias + sum(weights.get(f, 0.0) for f in feats)
            if score > best_score:
                best, best_score = name, score
        if best == "person_as_cause" and NO_AGENT in feats:
            return None
        if best == "vague_action" and PLANNED in feats:
            return None  # "In the retro we agreed to improve monitoring": a decision reported
        return best


# The shape feature of a sentence with an act in it and no one acting (see _structure).
NO_AGENT: Final = "x:act with no agent"
# The shape feature of a planned step or a decision reported ("per runbook", "we agreed to").
PLANNED: Final = "x:planned"
_OUTCOME_WORDS: Final = frozenset(f"w:{w}" for w in OUTCOMES)
_QUESTION_WORDS: Final = frozenset(
    f"w:{w}" for w in ("?", "who", "whom", "whose", "why", "which", "what", "how", "whoever")
)


def from_json(data: dict[str, object]) -> Model:
    def table(value: object) -> dict[str, float]:
        assert isinstance(value, dict)
        return {str(k): float(v) for k, v in value.items()}

    categories = data.get("categories", {})
    assert isinstance(categories, dict)
    return Model(
        weights=table(data["weights"]),
        bias=float(data["bias"]),  # type: ignore[arg-type]
        threshold=float(data["threshold"]),  # type: ignore[arg-type]
        declined_threshold=float(data.get("declined_threshold", 2.0)),  # type: ignore[arg-type]
        vocabulary=frozenset(str(w) for w in data.get("vocabulary", ())),  # type: ignore[attr-defined]
        blame_words=tuple(str(w) for w in data.get("blame_words", ())),  # type: ignore[attr-defined]
        categories={
            str(name): (table(entry["weights"]), float(entry["bias"]))
            for name, entry in categories.items()
        },
    )


@cache
def shipped_model() -> Model | None:
    """The model that ships with pmdesk (None if the data file is missing)."""
    source = resources.files("pmdesk.language").joinpath("learned.json")
    try:
        text = source.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    from pmdesk.language._prepared import prepared

    return prepared(
        "learned", text, lambda: from_json(json.loads(text)), Model, ("_learned.py", "rules.py")
    )


# What the facilitator reads for a sentence the learned layer flags, by the kind it resembles.
MESSAGES: dict[str, str] = {
    "person_as_cause": (
        "Reads as naming a person as the cause. Describe what in the system let the action "
        "happen unguarded, or made it easy to get wrong."
    ),
    "hindsight": (
        "Reads as hindsight: judging a decision by an outcome nobody knew then. Describe what "
        "the people involved could see at the time."
    ),
    "judgement": (
        "Reads as a judgement of a person (sarcasm included). Describe the action and what made "
        "it look reasonable at the time."
    ),
    "human_error": (
        "Reads as “human error” in other words. Ask what in the system made the slip easy to "
        "make and hard to notice."
    ),
    "single_root_cause": (
        "Reads as a single cause. Complex systems fail for several reasons at once: list the "
        "contributing factors."
    ),
    "who_question": (
        "Reads as asking for a name. Ask what in the system allowed it, and what the person saw "
        "at the time."
    ),
    "minimizing": (
        "Reads as making the step sound easy, which hides why it was hard in the moment. "
        "Describe what made it hard then."
    ),
    "vague_action": (
        "Reads as a wish rather than an action. Say exactly what will change, who owns it and "
        "by when."
    ),
}
