"""The built-in rules load without line numbers, and load to exactly the same rules."""

from __future__ import annotations

import dataclasses
from importlib import resources

import pytest

from pmdesk.language.rules import RulesError, default_rules, parse_rules


def _builtin_text() -> str:
    return resources.files("pmdesk.language").joinpath("rules.json").read_text(encoding="utf-8")


def test_the_quick_load_gives_the_same_rules_as_the_located_one() -> None:
    text = _builtin_text()
    located = parse_rules(text, "rules.json", base=None)
    quick = parse_rules(text, "rules.json", base=None, lines=False)
    # Everything but where each rule starts (which only a mistake would need to say).
    assert [dataclasses.replace(r, origin="") for r in quick.rules] == [
        dataclasses.replace(r, origin="") for r in located.rules
    ]
    assert {r.origin for r in quick.rules} == {"rules.json"}
    for name in ("macros", "lexicon", "allowed_words", "allowed_patterns", "disabled", "origin"):
        assert getattr(quick, name) == getattr(located, name), name
    assert [r.id for r in default_rules().rules] == [r.id for r in located.rules]


def test_a_mistake_still_names_its_line() -> None:
    text = '{\n  "rules": [\n    {"id": "x"}\n  ]\n}\n'
    with pytest.raises(RulesError) as located:
        parse_rules(text, "team.json", base=default_rules())
    assert "team.json:3:" in str(located.value)
