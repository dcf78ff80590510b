"""The shipped rules and weights kept parsed between runs: read back only for the same data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from pmdesk.language import _learned, _prepared, rules


class _Counting:
    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PMDESK_REGEX_CACHE", str(tmp_path / "regex-cache.bin"))
    return tmp_path


def test_a_later_run_reads_the_parsed_form_instead_of_parsing(cache: Path) -> None:
    parse = _Counting({"rule": "x"})
    first = _prepared.prepared("demo", "data v1", parse, dict, ("rules.py",))
    second = _prepared.prepared("demo", "data v1", parse, dict, ("rules.py",))
    assert first == second == {"rule": "x"}
    assert parse.calls == 1
    assert (cache / "parsed-demo.pickle").is_file()


def test_changed_data_is_parsed_again(cache: Path) -> None:
    _prepared.prepared("demo", "data v1", _Counting({"v": 1}), dict, ("rules.py",))
    parse = _Counting({"v": 2})
    assert _prepared.prepared("demo", "data v2", parse, dict, ("rules.py",)) == {"v": 2}
    assert parse.calls == 1


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_file_is_parsed_again_and_replaced(cache: Path, content: bytes) -> None:
    (cache / "parsed-demo.pickle").write_bytes(content)
    parse = _Counting({"v": 1})
    assert _prepared.prepared("demo", "data", parse, dict, ("rules.py",)) == {"v": 1}
    assert _prepared.prepared("demo", "data", parse, dict, ("rules.py",)) == {"v": 1}
    assert parse.calls == 1


def test_a_kept_value_of_another_type_is_not_used(cache: Path) -> None:
    _prepared.prepared("demo", "data", _Counting(["a", "list"]), list, ("rules.py",))
    parse = _Counting({"v": 1})
    assert _prepared.prepared("demo", "data", parse, dict, ("rules.py",)) == {"v": 1}
    assert parse.calls == 1


def test_nothing_is_kept_when_the_cache_is_switched_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMDESK_REGEX_CACHE", "")
    parse = _Counting({"v": 1})
    _prepared.prepared("demo", "data", parse, dict, ("rules.py",))
    _prepared.prepared("demo", "data", parse, dict, ("rules.py",))
    assert parse.calls == 2


def test_the_kept_rules_and_weights_are_the_shipped_ones(cache: Path) -> None:
    folder = resources.files("pmdesk.language")
    text = folder.joinpath("rules.json").read_text(encoding="utf-8")
    fresh = rules._parse_shipped(text)
    for _ in range(2):  # written, then read back
        kept = _prepared.prepared(
            "rules", text, lambda: rules._parse_shipped(text), rules.RuleSet, rules._RULES_CODE
        )
    assert kept.rules == fresh.rules
    assert (kept.macros, kept.lexicon, kept.disabled) == (
        fresh.macros,
        fresh.lexicon,
        fresh.disabled,
    )
    assert (kept.allowed_words, kept.allowed_patterns) == (
        fresh.allowed_words,
        fresh.allowed_patterns,
    )
    learned_text = folder.joinpath("learned.json").read_text(encoding="utf-8")
    shipped = _learned.shipped_model()
    assert shipped is not None
    kept_model = _prepared.prepared(
        "learned", learned_text, lambda: shipped, _learned.Model, ("_learned.py",)
    )
    reread = _prepared.prepared(
        "learned",
        learned_text,
        lambda: None,
        _learned.Model,
        ("_learned.py",),  # type: ignore[arg-type, return-value]
    )
    assert reread is not kept_model
    sentence = "Dave should have known the deploy was risky."
    assert reread.sentence_probability(sentence) == shipped.sentence_probability(sentence)
    assert reread.categories == shipped.categories
