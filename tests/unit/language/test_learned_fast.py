"""The learned layer's fast path gives the verdicts of its plain computation: the sentence's
features built as strings, each looked up and added (Model.probability(features(...)))."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmdesk.language import LintContext
from pmdesk.language._learned import Model, _kind, features, shipped_model
from pmdesk.language._learned_score import Scorer
from pmdesk.language._shape_bound import SHAPES, ShapeBound
from pmdesk.language._structure import _HANDLE, _TOKEN, shapes, token_facts
from pmdesk.language.engine import prepared_sentences

ROOT = Path(__file__).resolve().parents[3]
# The frozen holdout set stays unread outside the accuracy benchmark's figures.
SETS = sorted(
    p for p in (ROOT / "benchmarks" / "language_sets").glob("*.jsonl") if p.stem != "holdout"
)


def _model() -> Model:
    model = shipped_model()
    assert model is not None
    return model


def _sentences(*stems: str) -> list[str]:
    found: list[str] = []
    for path in SETS:
        if stems and path.stem not in stems:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line)["text"]
                found += prepared_sentences(text)
                found += prepared_sentences(text, LintContext(names=("Ana", "Raj", "Dave")))
    return found


@pytest.fixture(scope="module")
def dev() -> list[str]:
    return _sentences("dev")


@pytest.fixture(scope="module")
def labelled() -> list[str]:
    return _sentences()


def test_every_dev_sentence_gets_the_probability_its_features_give(dev: list[str]) -> None:
    model = _model()
    assert len(dev) > 200
    for sentence in dev:
        plain = model.probability(features(sentence, model))
        # The same weights, added in another order: equal but for the last bits.
        assert math.isclose(model.sentence_probability(sentence), plain, rel_tol=1e-12), sentence


def test_the_verdict_at_each_threshold_is_the_plain_computation_s(labelled: list[str]) -> None:
    # Every labelled sentence, at the two thresholds the engine uses and a few others: most are
    # told without looking for their shapes, and none is told wrong.
    model = _model()
    thresholds = (model.threshold, model.declined_threshold, 0.05, 0.3, 0.5, 0.9, 0.99)
    flagged = 0
    for sentence in labelled:
        plain = model.probability(features(sentence, model))
        for threshold in thresholds:
            assert model.reaches(sentence, threshold) == (plain >= threshold), sentence
        flagged += plain >= model.threshold
    assert flagged > 100


def test_a_threshold_a_hair_either_side_of_a_sentence_s_probability_is_told_right(
    dev: list[str],
) -> None:
    # Sentences whose shapes decide their verdict are found, not left out by the bound.
    model = _model()
    for sentence in dev:
        probability = model.sentence_probability(sentence)
        if not 1e-6 < probability < 1 - 1e-6:
            continue
        assert model.reaches(sentence, probability)
        assert not model.reaches(sentence, probability + 1e-9), sentence


def test_the_shapes_of_every_labelled_sentence_are_named_and_stay_within_their_most(
    labelled: list[str],
) -> None:
    model = _model()
    bound = ShapeBound(model.weights)
    # A model that weighs every shape 1: any shape the bound forgot, or counted too few times,
    # shows, whatever the shipped weights are.
    every_shape = ShapeBound(dict.fromkeys(SHAPES, 1.0))
    seen: set[str] = set()
    for sentence in labelled:
        tokens, facts = token_facts(sentence, _kind)
        found = shapes(tokens, facts)
        seen.update(found)
        assert set(found) <= SHAPES, sentence
        added = sum(model.weights.get(shape, 0.0) for shape in found)
        assert added <= bound.most(tokens, facts) + 1e-9, sentence
        assert len(found) <= every_shape.most(tokens, facts) + 1e-9, sentence
    assert len(seen) > 30


def test_a_sentence_read_in_pieces_scores_as_one_read_whole(labelled: list[str]) -> None:
    # A fresh scorer reads plain sentences piece by piece, remembering each piece; another
    # sentence (with a chat handle, or not plain ASCII) is read whole.
    model = _model()
    scorer = Scorer(model)
    plain = [s for s in labelled if s.isascii() and "@" not in s]
    assert len(plain) > 1000
    for sentence in plain[:3000]:
        read_whole = scorer._other_score(sentence)
        found = scorer._found(sentence)
        assert scorer._pieces_score(found, sentence) == read_whole, sentence


WHITE = st.sampled_from([" ", "\t", "\n", "\x1c", "\u00a0", "\u2003", "\u3000", "  "])
PART = st.sampled_from(
    [
        "Dave",
        "dropped",
        "the",
        "14:32",
        "12h30",
        "v2.4.1",
        "@lena.k",
        "someone's",
        "Ravi’s",
        "->",
        "=>",
        '"',
        "“senior”",
        "!",
        "?",
        "数据库",
        "Zoë",
        "٣٤",
        "_x_",
        "Qzzz",
        "wasn't",
        "3h",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PART, WHITE, st.text(max_size=4)), max_size=30))
def test_tokens_found_piece_by_piece_are_the_whole_text_s(parts: list[str]) -> None:
    text = "".join(parts)
    tokens, facts = token_facts(text, _kind)
    assert tokens == _TOKEN.findall(_HANDLE.sub("Qzzz", text))
    assert [fact[0] for fact in facts] == [t.lower().replace("’", "'") for t in tokens]
    model = _model()
    probability = model.sentence_probability(text)
    assert math.isclose(probability, model.probability(features(text, model)), rel_tol=1e-12)
    assert model.reaches(text, model.threshold) == (probability >= model.threshold)
