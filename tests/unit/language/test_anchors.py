"""The first words of a pattern's matches (the gates' clause for a macro, and the allowed
words' pre-test): every match must begin with one of them, so a sentence without them is
left alone without a search."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pmdesk.language._anchors import Anchor, anchor_of, from_stored
from pmdesk.language._compiled import _compile
from pmdesk.language._pattern_shape import _wrap
from pmdesk.language._sentence_words import _words
from pmdesk.language.rules import default_rules


def _first(body: str) -> Anchor | None:
    return anchor_of(_wrap(body), re.IGNORECASE)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("because|cuz", {"because", "cuz"}),
        (r"(?:foo|bar)\s+baz", {"foo", "bar"}),
        ("ab?c?d", {"ad", "abd", "acd", "abcd"}),
        # Look-arounds and boundaries consume nothing; a boundary ends the word.
        (r"(?<=,\s)had|\bhad", {"had"}),
        (r"foo\b(?:\s*and)?", {"foo"}),
        (r"foo(?![\w-])x", {"foo"}),
        # Any case: the words are lower-cased.
        ("Dave", {"dave"}),
    ],
)
def test_the_first_word_of_every_match_is_spelled_out(body: str, words: set[str]) -> None:
    anchor = _first(body)
    assert anchor == Anchor(frozenset(words), False)


@pytest.mark.parametrize("body", ["(?-i:[A-Z])x", "(?-i:Qz+)"])
def test_a_capital_matched_as_written_stands_for_any_capitalised_word(body: str) -> None:
    anchor = _first(body)
    assert anchor is not None and anchor.capitals and not anchor.words


@pytest.mark.parametrize(
    "body",
    [
        r"[\w-]+ly",  # a word of any length
        r"x|\s+y",  # a match may begin with a space
        r"(?:foo)?",  # or be empty
        r"(a)\1",  # a back-reference
    ],
)
def test_no_anchor_where_the_first_word_cannot_be_spelled_out(body: str) -> None:
    assert _first(body) is None


def test_a_placeholder_name_among_the_words_counts_as_a_capitalised_word() -> None:
    # In a sentence being checked an attendee's name is "Qzzz": not among its own words.
    anchor = _first("qzzz|raj")
    assert anchor is not None and anchor.capitals


def test_an_anchor_kept_between_runs_is_read_back_only_if_well_formed() -> None:
    anchor = Anchor(frozenset({"because"}), False)
    assert from_stored(anchor.stored()) == anchor
    assert from_stored(((), True)) == Anchor(frozenset(), True)
    assert from_stored(("because", False)) is None
    assert from_stored(((("because",),), False)) is None
    assert from_stored(None) is None


def test_every_match_of_a_macro_with_an_anchor_begins_with_its_words() -> None:
    comp = _compile(default_rules())
    words = comp.macro_words("FAIL_VERB")
    assert words is not None and {"didn", "did", "forgot", "fat"} <= words
    regex = re.compile(_wrap(comp.macros["FAIL_VERB"]), re.IGNORECASE)
    for text in ["didn't", "did not check", "forgot", "fat-fingered", "fat fingered"]:
        assert regex.match(text) is not None, text
        assert re.match(r"\w+", text.lower()).group() in words  # type: ignore[union-attr]
    # A macro whose matches may begin with any capitalised word (a guessed name) has none.
    assert comp.macro_words("PERSON") is None


def test_allowed_words_are_looked_for_only_where_a_word_they_begin_with_is() -> None:
    comp = _compile(default_rules())
    first = comp.allowed.first_words()
    assert first is not None and {"blameless", "human"} <= first
    sentences = [
        "We ran a blameless review of the outage.",
        "The human error budget dashboard was green.",
        "Raj restarted the primary at 14:32.",
    ]
    root = Path(__file__).resolve().parents[3] / "benchmarks" / "language_sets"
    for line in (root / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            sentences.append(json.loads(line)["text"])
    found = 0
    for raw in sentences:
        if not raw.isascii():
            continue
        lowered = raw.lower()
        spans = comp.allowed.spans(raw, lowered)
        assert comp.allowed.spans(raw, lowered, _words(raw)) == spans, raw
        found += bool(spans)
    assert found >= 2
