"""Shortcuts in the context checks give the answers the plain computation gives."""

from __future__ import annotations

import re

import pytest

from pmdesk.language import LintContext, default_rules, lint
from pmdesk.language import _context as context_module
from pmdesk.language._compiled import _CUE_MACROS, _compile
from pmdesk.language._context import _Sentence
from pmdesk.language._sentence_words import _words

from .test_fast_paths import _open_set_texts

_WORD_CHAR = re.compile(r"\w").match


def _gate_words(name: str) -> list[str]:
    gate = _compile(default_rules()).cue_gate(name)
    found: set[str] = set()
    for clause in (*gate.clauses, *(c for branch in gate.branches for c in branch)):
        found |= clause
    return sorted(found)


@pytest.mark.parametrize("name", _CUE_MACROS)
def test_a_gate_admits_words_and_one_more_as_it_admits_their_union(name: str) -> None:
    gate = _compile(default_rules()).cue_gate(name)
    extras = [*_gate_words(name)[::3], "zzz", "a"]
    tried = 0
    for text in _open_set_texts()[::25]:
        words = _words(text)
        for extra in extras:
            assert gate.admits_with(words, extra) == gate.admits(words | {extra}), (text, extra)
            tried += 1
    assert tried > 100


def test_a_cue_may_match_up_to_a_cut_word_as_its_gate_with_that_word_says() -> None:
    comp = _compile(default_rules())
    checked = 0
    for text in _open_set_texts()[::40]:
        if not text.isascii():
            continue
        words = _words(text)
        sentence = _Sentence(text, text, 0, comp, words=words)
        for end in range(1, len(text)):
            cut = bool(_WORD_CHAR(text, end) and _WORD_CHAR(text, end - 1))
            start = end - 1
            while cut and start > 0 and _WORD_CHAR(text, start - 1):
                start -= 1
            expected_words = words | {text[start:end].lower()} if cut else words
            for name in ("META_CUE", "EXPLAINED_AFTER"):
                expected = comp.cue_gate(name).admits(expected_words)
                assert sentence.cue_may_match(name, end) == expected, (text, end, name)
                checked += 1
    assert checked > 1000


def test_a_subject_phrase_is_classified_once_per_check() -> None:
    rules = default_rules()
    comp = _compile(rules)
    text = "Because the on-call engineer dropped the table, checkout failed."
    first = lint(text, LintContext(rules=rules))
    assert comp.subject_kinds[("the", "on-call", "engineer")] == ("person", "engineer")
    assert [f.rule for f in first if f.category == "person_as_cause"]
    # The next check starts with none remembered.
    lint("Checkout failed.", LintContext(rules=rules))
    assert ("the", "on-call", "engineer") not in comp.subject_kinds


def test_remembered_subject_phrases_start_again_past_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    comp = _compile(default_rules())
    comp.subject_kinds.clear()
    monkeypatch.setattr(context_module, "_MOST_SUBJECTS", 2)
    for who in ("Dave", "the intern", "the deploy tool"):
        sentence = _Sentence("", f"{who} dropped it", 0, comp)
        sentence.subject(len(who) + 1)
    assert len(comp.subject_kinds) <= 2
    # Forgotten or not, the answer stays the same.
    assert _Sentence("", "Dave dropped it", 0, comp).subject(5) == ("name", "dave")
