"""Every blame kind has a system-focused reframe, so every blame finding has something to "Try
instead" (issue 17: a message and a reframe for every kind), also where its rule has no suggested
wording: 162 of the 169 built-in rules and the learned layer have none."""

from __future__ import annotations

import pytest

from pmdesk.language import BLAME_CATEGORIES, LintContext, default_rules, is_blame, lint, reframe
from pmdesk.language._categories import REFRAMES


def test_each_blame_kind_has_a_reframe_and_listen_for_has_none() -> None:
    assert set(REFRAMES) == set(BLAME_CATEGORIES)
    assert reframe("listen_for", None) is None


def test_a_rules_own_wording_comes_first() -> None:
    assert reframe("single_root_cause", "contributing factor") == "contributing factor"
    assert reframe("single_root_cause", None) == REFRAMES["single_root_cause"]
    assert reframe("single_root_cause", "  ") == REFRAMES["single_root_cause"]


@pytest.mark.parametrize("category", sorted(BLAME_CATEGORIES))
def test_a_reframe_is_itself_free_of_blame(category: str) -> None:
    text = REFRAMES[category]
    field = "action" if category == "vague_action" else "notes"
    assert [f for f in lint(text, LintContext(field=field)) if is_blame(f)] == []


def test_every_built_in_rule_without_a_suggestion_still_gets_a_reframe() -> None:
    rules = default_rules().rules
    bare = [rule for rule in rules if not rule.suggestion]
    assert len(bare) > len(rules) // 2  # most rules: why a reframe per kind is needed
    for rule in bare:
        if rule.category != "listen_for":
            assert reframe(rule.category, rule.suggestion), rule.id


def test_the_learned_layer_findings_get_their_kinds_reframe() -> None:
    learned = [f for f in lint("Great job Raj, really world-class testing there.")]
    assert [f.rule for f in learned] == ["learned.judgement"]  # sarcasm no rule has words for
    for finding in learned:
        assert finding.suggestion is None
        assert reframe(finding.category, finding.suggestion) == REFRAMES[finding.category]
