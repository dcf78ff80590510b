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
    # "did not check" for "failed to check" is still about the person: the kind's reframe is
    # what "Try instead" shows; the rule's words are only the suggested replacement.
    (finding,) = lint("The engineer failed to check the dashboard.", LintContext(field="notes"))
    assert finding.suggestion == "did not check"
    assert reframe(finding.category) == REFRAMES["hindsight"]
    assert suggested_words(finding.suggestion) == "did not check"
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
