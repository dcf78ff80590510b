"""Rules as data: the shipped file, team files on top of it, and clear errors for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmdesk.language import LintContext, RulesError, RuleSet, default_rules, lint, load_rules
from pmdesk.language.rules import CATEGORIES


def _team(tmp_path: Path, content: str | dict[str, object], name: str = "team.json") -> Path:
    path = tmp_path / name
    text = content if isinstance(content, str) else json.dumps(content, indent=2)
    path.write_text(text, encoding="utf-8")
    return path


def _with_team(tmp_path: Path, content: str | dict[str, object]) -> LintContext:
    return LintContext(rules=default_rules().merged(load_rules(_team(tmp_path, content))))


def test_built_in_rules_ship_inside_the_package() -> None:
    rules = default_rules()
    assert rules.origin == "pmdesk/language/rules.json"
    assert {rule.category for rule in rules.rules} == set(CATEGORIES)
    assert len({rule.id for rule in rules.rules}) == len(rules.rules)


@pytest.mark.parametrize(
    "rule", [r for r in default_rules().rules if r.examples], ids=lambda r: r.id
)
def test_every_built_in_rule_catches_its_own_examples(rule: object) -> None:
    # Guards the trigger words: a rule whose triggers miss its own example never runs.
    assert hasattr(rule, "examples")
    for example in rule.examples:  # type: ignore[attr-defined]
        field = rule.fields[0] if rule.fields else "notes"  # type: ignore[attr-defined]
        findings = lint(example, LintContext(field=field))
        assert any(f.category == rule.category for f in findings), example  # type: ignore[attr-defined]


def test_team_words_are_flagged_with_their_own_category(tmp_path: Path) -> None:
    context = _with_team(
        tmp_path,
        {
            "words": [
                "cowboy coding",
                {"word": "hero", "category": "judgement", "message": "We do not rely on heroes."},
            ]
        },
    )
    findings = lint("Some cowboy coding and a hero on the bridge.", context)
    assert [(f.text, f.category) for f in findings] == [
        ("cowboy coding", "judgement"),
        ("hero", "judgement"),
    ]
    assert findings[1].message == "We do not rely on heroes."


def test_team_rule_with_pattern_and_macros(tmp_path: Path) -> None:
    context = _with_team(
        tmp_path,
        {
            "rules": [
                {
                    "id": "team.yolo-friday",
                    "category": "judgement",
                    "pattern": r"friday\s+deploy(?:s|ed)?",
                    "message": "Say what the release calendar allowed instead.",
                    "suggestion": "late-week release",
                }
            ]
        },
    )
    (finding,) = lint("Another Friday deploy went wrong.", context)
    assert finding.rule == "team.yolo-friday"
    assert finding.suggestion == "late-week release"


def test_a_team_rule_searched_only_where_its_ending_is_finds_as_without(tmp_path: Path) -> None:
    rule = {
        "id": "team.weekend",
        "category": "judgement",
        "pattern": r"(?:friday|saturday)\s+(?:[\w-]+\s+){0,2}?deploy(?:s|ed)?|yolo\s+push",
        "message": "Say what the release calendar allowed instead.",
    }
    plain = _with_team(tmp_path, {"rules": [rule]})
    gated = _with_team(tmp_path, {"rules": [rule | {"needs": ["deploy(?:s|ed)?", "push"]}]})
    text = "Another Friday evening deploy went wrong. A yolo push too. Deploys on Friday are fine."
    found = lint(text, gated)
    assert [f.text for f in found] == ["Friday evening deploy", "yolo push"]
    assert found == lint(text, plain)


def test_team_file_switches_built_in_rules_off(tmp_path: Path) -> None:
    sentence = "The root cause was the cron job."
    assert lint(sentence)
    context = _with_team(
        tmp_path, {"disable": ["root.root-cause", "root.the-cause-was", "learned"]}
    )
    assert lint(sentence, context) == []
    assert lint("That was careless.", context)  # the other built-in rules keep working


def test_team_allowed_words_and_lexicon(tmp_path: Path) -> None:
    context = _with_team(
        tmp_path,
        {"allowed_words": ["Lazy Susan"], "lexicon": {"roles": ["wrangler"]}},
    )
    assert lint("lazy susan is our deploy bot.")  # flagged without the team's word
    assert lint("lazy susan is our deploy bot.", context) == []
    assert lint("The wrangler failed to rotate the keys.", context)[0].category == "hindsight"
    assert lint("The wrangler failed to rotate the keys.") == []


def test_team_rule_with_a_built_in_id_replaces_it(tmp_path: Path) -> None:
    built_in = default_rules().rule("judgement.words")
    # The learned layer reads "careless" as a judgement on its own; off here, so what is
    # checked is the built-in rule alone being replaced.
    context = _with_team(
        tmp_path,
        {
            "disable": ["learned"],
            "rules": [
                {
                    "id": "judgement.words",
                    "category": "judgement",
                    "pattern": "sloppy",
                    "triggers": ["sloppy"],
                    "message": "Replaced.",
                }
            ],
        },
    )
    assert lint("That was careless.", context) == []
    assert lint("That was sloppy.", context)[0].message == "Replaced."
    assert default_rules().rule("judgement.words") is built_in


def test_merged_combines_without_changing_either_side(tmp_path: Path) -> None:
    team = load_rules(_team(tmp_path, {"words": ["hero"]}))
    merged = default_rules().merged(team)
    assert isinstance(merged, RuleSet)
    assert len(merged.rules) == len(default_rules().rules) + 1
    assert not any(rule.id == "word:hero" for rule in default_rules().rules)


def _error(tmp_path: Path, content: str) -> str:
    path = _team(tmp_path, content)
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:"), message
    return message


def test_invalid_json_names_file_and_line(tmp_path: Path) -> None:
    message = _error(tmp_path, '{\n  "words": ["a",\n  ]\n}\n')
    assert ":3:" in message and "not valid JSON" in message


def test_bad_regex_names_the_line_of_the_pattern(tmp_path: Path) -> None:
    content = (
        '{\n  "rules": [\n    {\n      "id": "team.bad",\n      "category": "judgement",\n'
        '      "pattern": "(unclosed",\n      "message": "x"\n    }\n  ]\n}\n'
    )
    message = _error(tmp_path, content)
    assert ":6:" in message and "regular expression" in message


VALID = {"id": "x", "category": "judgement", "pattern": "a", "message": "m"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"category": "blaming"}, "unknown category"),
        ({"pattern": None}, 'no "pattern"'),
        ({"pattern": "{NOPE}"}, "unknown macro"),
        ({"id": "Bad Id"}, "rule id"),
        ({"colour": 1}, "unknown rule key"),
        ({"severity": "fatal"}, "severity"),
        ({"triggers": ["Two words"]}, "trigger"),
        ({"message": ""}, '"message"'),
        ({"subject": "robot"}, '"subject"'),
        ({"unless": ["sometimes"]}, '"unless"'),
        ({"needs": ["b"]}, '"needs"'),
        ({"pattern": r"a\s+b", "needs": ["s+b"]}, '"needs"'),
    ],
)
def test_invalid_rule_fields_are_reported_on_their_line(
    tmp_path: Path, change: dict[str, object], expected: str
) -> None:
    rule = {k: v for k, v in (VALID | change).items() if v is not None}
    content = '{\n  "rules": [\n    ' + json.dumps(rule) + "\n  ]\n}\n"
    message = _error(tmp_path, content)
    assert ":3:" in message and expected in message


def test_duplicate_ids_unknown_disable_and_unknown_keys(tmp_path: Path) -> None:
    rule = '{"id": "t.a", "category": "judgement", "pattern": "a", "message": "m"}'
    assert "used twice" in _error(tmp_path, '{"rules": [\n' + rule + ",\n" + rule + "]}")
    assert ":2:" in _error(tmp_path, '{\n  "disable": ["no.such.rule"]\n}')
    assert "unknown key" in _error(tmp_path, '{\n  "rulez": []\n}')
    assert "built in" in _error(tmp_path, '{\n  "macros": {"PERSON": "x"}\n}')


def test_unreadable_rules_files(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "missing.json")
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{\n "words": ["caf\xe9"]\n}')
    with pytest.raises(RulesError, match=r"latin1.json:2: .*not UTF-8"):
        load_rules(path)
    path = tmp_path / "list.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(RulesError, match="JSON object"):
        load_rules(path)


def test_a_broken_team_file_leaves_the_built_in_rules_working(tmp_path: Path) -> None:
    with pytest.raises(RulesError):
        load_rules(_team(tmp_path, "{oops"))
    assert lint("That was careless.")[0].category == "judgement"


def test_the_shipped_team_rules_example_loads_and_works() -> None:
    from importlib import resources

    example = resources.files("pmdesk.language").joinpath("team_rules.example.json")
    with resources.as_file(example) as path:
        context = LintContext(rules=default_rules().merged(load_rules(path)))
    findings = lint("Another Friday deploy needed a hero; Careless Cat was off.", context)
    assert [f.text for f in findings] == ["Friday deploy", "hero"]
