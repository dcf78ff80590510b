"""Every blame kind has a system-focused reframe, so every blame finding has something to "Try
instead" (issue 17: a message and a reframe for every kind), also where its rule has no suggested
wording: 162 of the 169 built-in rules and the learned layer have none."""

from __future__ import annotations

import pytest

from pmdesk.language import (
    BLAME_CATEGORIES,
    LintContext,
    default_rules,
    is_blame,
    lint,
    reframe,
    suggested_words,
)
from pmdesk.language._categories import REFRAMES


def test_each_blame_kind_has_a_reframe_and_listen_for_has_none() -> None:
    assert set(REFRAMES) == set(BLAME_CATEGORIES)
    assert reframe("listen_for") is None


def test_the_kinds_reframe_is_shown_and_a_rules_words_beside_it() -> None:
    # The kind's reframe is what "Try instead" shows; the rule's words are only the suggested
    # replacement for the phrase.
    (finding,) = lint("The outage was caused by human error.", LintContext(field="notes"))
    assert finding.suggestion == "missing safeguard"
    assert reframe(finding.category) == REFRAMES["human_error"]
    assert suggested_words(finding.suggestion) == "missing safeguard"
    assert suggested_words("  ") is None and suggested_words(None) is None


@pytest.mark.parametrize("category", sorted(BLAME_CATEGORIES))
def test_a_reframe_is_itself_free_of_blame(category: str) -> None:
    text = REFRAMES[category]
    field = "action" if category == "vague_action" else "notes"
    assert [f for f in lint(text, LintContext(field=field)) if is_blame(f)] == []


def test_every_built_in_blame_rule_gets_its_kinds_reframe() -> None:
    rules = default_rules().rules
    bare = [rule for rule in rules if not rule.suggestion]
    assert len(bare) > len(rules) // 2  # most rules: why a reframe per kind is needed
    for rule in rules:
        if rule.category != "listen_for":
            assert reframe(rule.category) == REFRAMES[rule.category], rule.id


def test_the_learned_layer_findings_get_their_kinds_reframe() -> None:
    learned = [f for f in lint("Great job Raj, really world-class testing there.")]
    assert [f.rule for f in learned] == ["learned.judgement"]  # sarcasm no rule has words for
    for finding in learned:
        assert finding.suggestion is None
        assert reframe(finding.category) == REFRAMES[finding.category]


def _put_in(text: str, start: int, end: int, words: str) -> str:
    return text[:start] + words + text[end:]


@pytest.mark.parametrize(
    "rule", [r for r in default_rules().rules if r.suggestion], ids=lambda r: r.id
)
def test_a_rules_suggested_words_are_not_flagged_again(rule) -> None:  # type: ignore[no-untyped-def]
    # Reword and "Use suggestion" put these words in place of the phrase: words the check then
    # flags again ("failed to check" -> "did not check", flagged as hindsight) only move the
    # problem. Checked on the rule's own examples, in the field each was written for.
    assert rule.examples
    context = LintContext(field="action" if rule.category == "vague_action" else "notes")
    put_in = 0
    for example in rule.examples:
        for finding in lint(example, context):
            if finding.rule != rule.id or not finding.suggestion:
                continue
            new = _put_in(example, finding.start, finding.end, finding.suggestion)
            end = finding.start + len(finding.suggestion)
            again = [
                f
                for f in lint(new, context)
                if is_blame(f) and f.start < end and f.end > finding.start
            ]
            assert again == [], (new, [(f.rule, f.text) for f in again])
            put_in += 1
    assert put_in, f"no example of {rule.id} is found with its suggestion"
