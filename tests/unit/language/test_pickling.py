"""What leaves the engine's process or run comes back whole, compiled by mypyc or not: findings
from the `pmdesk lint` helper processes, and the parsed rules and learned weights kept between
runs (compiled, a frozen dataclass refused the restoring of its own fields)."""

from __future__ import annotations

import pickle

from pmdesk.language import LintContext, lint
from pmdesk.language._learned import shipped_model
from pmdesk.language.rules import default_rules


def _again(value: object) -> object:
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def test_findings_and_a_context_come_back_equal() -> None:
    findings = lint("Dave should have known better. Who approved this?")
    assert len(findings) == 2
    assert _again(findings) == findings
    context = LintContext(names=("Ana Lima",), field="action", allowed_words=("Kafka",))
    assert _again(context) == context


def test_the_parsed_rules_come_back_equal_without_their_compiled_forms() -> None:
    text = "Sven was careless with the config."
    found = lint(text)  # the rules' compiled forms are now kept on the rule set
    rules = default_rules()
    again = _again(rules)
    assert again.rules == rules.rules and again.macros == rules.macros
    assert not again._cache
    assert lint(text, LintContext(rules=again)) == found


def test_the_learned_weights_come_back_with_the_same_verdicts() -> None:
    model = shipped_model()
    assert model is not None
    sentence = "Dave should have known the deploy was risky."
    model.sentence_probability(sentence)  # its fast scorer is made and kept
    again = _again(model)
    assert again.sentence_probability(sentence) == model.sentence_probability(sentence)
    assert again.categories == model.categories


def test_an_allowed_word_with_no_letters_changes_nothing() -> None:
    # It gives the allowed-words search no hint to look for: compiled, that once left the
    # search's prefilter unset and the check raised.
    text = "It was careless. ++ shipped."
    assert lint(text, LintContext(allowed_words=("++",))) == lint(text)
