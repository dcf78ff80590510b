"""Plain sentences (ASCII, no odd control spaces) are searched with regexes compiled for ASCII:
they must find exactly what the Unicode compile finds there."""

from __future__ import annotations

import re

import pytest

from pmdesk.language import LintContext, RuleSet, default_rules, lint
from pmdesk.language._compiled import _compile
from pmdesk.language._context import _Sentence
from pmdesk.language._patterns import ascii_safe, compile_pattern, compile_plain
from pmdesk.language._sentence_words import _lower_not_names, _words
from pmdesk.language._text import mask_markdown, sentences
from pmdesk.language.rules import Rule

from .test_engine_oracle import _speed_module
from .test_fast_paths import _open_set_texts


@pytest.mark.parametrize(
    ("source", "safe"),
    [
        (r"(?<![\w-])(?:kafka|broke)\s+it", True),
        ("didn['’]?t\\s+(?:[‐–—]\\s+)?care", True),  # wide, but no range reaching İ ı ſ K
        ("\u212aafka", False),  # the Kelvin sign folds to k
        ("mi\u017fs", False),  # the long s folds to s
        ("\u0130stanbul|\u0131", False),
        ("[a-\u2192]x", False),  # a range from "a" to an arrow holds all four
        ("[\u2018-\u201d]x", True),  # quotation marks only
        (r"\u0041", False),  # an escape may stand for any character
        (r"\x4b|\N{KELVIN SIGN}", False),
        (r"(a)\1", False),  # read as an escape too: refused, to be safe
    ],
)
def test_only_patterns_that_cannot_match_a_character_folding_to_ascii_are_safe(
    source: str, safe: bool
) -> None:
    assert ascii_safe(source) is safe
    assert (compile_plain(source) is not None) is safe


def test_whether_a_pattern_is_safe_is_kept_with_the_patterns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading a rule's whole text for characters that fold to ASCII is done once per
    machine, not once per process."""
    from pmdesk.language import _patterns

    safe, unsafe = r"kept\s+(?:plain|safe)", "kept\u017f|kelvin"
    assert compile_plain(safe) is not None and compile_plain(unsafe) is None
    assert _patterns._STORE.facts[f"ascii-safe {safe}"] is True
    assert _patterns._STORE.facts[f"ascii-safe {unsafe}"] is False
    # The kept answers are the ones used: told the opposite, compile_plain goes by them. (Seen
    # in the store rather than by patching ascii_safe, which compiled callers call directly.)
    monkeypatch.setitem(_patterns._STORE.facts, f"ascii-safe {safe}", False)
    monkeypatch.setitem(_patterns._STORE.facts, f"ascii-safe {unsafe}", True)
    assert compile_plain(safe) is None and compile_plain(unsafe) is not None


def test_a_pattern_ascii_mode_refuses_keeps_its_unicode_compile() -> None:
    assert compile_plain("(?u)blame") is None


def _plain_sentences() -> list[str]:
    texts = [*_open_set_texts()[::10], str(_speed_module().realistic_notes(12_000))]
    comp = _compile(default_rules())
    found = []
    for text in texts:
        masked = mask_markdown(text)
        for start, end in sentences(masked):
            raw = masked[start:end]
            if raw.isascii():
                found += [raw, _lower_not_names(raw, comp.not_names)]
    return found


def test_every_rule_need_and_cue_finds_the_same_in_plain_sentences() -> None:
    comp = _compile(default_rules())
    patterns = [rule.source for rule in comp.rules]
    patterns += [rule.needs_source for rule in comp.rules if rule.needs_source]
    patterns += [cue.pattern for cue in comp.cues.values()]
    plain = _plain_sentences()
    assert len(plain) > 400
    compared = 0
    for source in patterns:
        ascii_mode = compile_plain(source)
        if ascii_mode is None:
            continue
        unicode_mode = compile_pattern(source)
        assert ascii_mode.flags & re.ASCII
        for sentence in plain:
            assert [m.span() for m in ascii_mode.finditer(sentence)] == [
                m.span() for m in unicode_mode.finditer(sentence)
            ], (source[:80], sentence)
        compared += 1
    assert compared > 0.9 * len(patterns)


def _team_rules(*rules: Rule) -> RuleSet:
    return RuleSet(rules=rules)


def test_a_pattern_with_a_kelvin_sign_still_matches_a_plain_k() -> None:
    # Case-insensitive Unicode matching lets the Kelvin sign match "k": in ASCII mode it would
    # not, so such a pattern keeps its Unicode compile for plain sentences too.
    rules = _team_rules(
        Rule(id="team.kelvin", category="judgement", pattern="\u212aafka", message="m"),
    )
    found = lint("The kafka cluster broke it.", LintContext(rules=rules))
    assert [(f.rule, f.text) for f in found] == [("team.kelvin", "kafka")]


def test_a_sentence_with_an_ascii_control_space_is_not_plain() -> None:
    # \x1c-\x1f are white space to Unicode's \s and not to ASCII mode's.
    rules = _team_rules(
        Rule(id="team.space", category="judgement", pattern=r"foo\s+bar", message="m"),
    )
    found = lint("The foo\x1cbar broke it.", LintContext(rules=rules))
    assert [(f.rule, f.text) for f in found] == [("team.space", "foo\x1cbar")]
    comp = _compile(rules)
    assert not _Sentence("foo\x1cbar", "foo\x1cbar", 0, comp, words=_words("foo bar")).plain
    assert _Sentence("foo bar", "foo bar", 0, comp, words=_words("foo bar")).plain
    assert not _Sentence("foo bar", "foo bar", 0, comp).plain  # words not given: not known plain


@pytest.mark.parametrize(
    "sentence",
    [
        "Raj's PR broke prod_db at 14:05; didnt we roll back?",
        "foo\x1cbar\tBAZ-qux__x 42nd",
        "",
        "...",
    ],
)
def test_the_words_of_a_plain_sentence_are_the_runs_of_word_characters(sentence: str) -> None:
    assert sentence.isascii()
    expected = set(re.findall(r"\w+", sentence.lower()))
    informal = {"didnt": "didn"}
    expected |= {stem for form, stem in informal.items() if form in expected}
    assert _words(sentence) == expected


def test_plain_sentences_have_the_words_the_unicode_reading_gives() -> None:
    for sentence in _plain_sentences():
        assert _words(sentence) == _words_read_as_unicode(sentence), sentence


def _words_read_as_unicode(sentence: str) -> set[str]:
    # _words as it reads a sentence that is not plain ASCII: a trailing non-ASCII space makes it so.
    return _words(sentence + "\u00a0")
