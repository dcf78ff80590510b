"""The words a rule's pattern needs: a rule left out of a sentence for lack of them could never
have matched there, so leaving it out changes no finding."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from pmdesk.language import LintContext, lint
from pmdesk.language._compiled import _compile
from pmdesk.language._context import _Sentence
from pmdesk.language._gates import rule_gates
from pmdesk.language._pattern_shape import _tolerant
from pmdesk.language._sentence_words import _lower_not_names, _words
from pmdesk.language._text import mask_markdown, sentences
from pmdesk.language.rules import default_rules, parse_rules

from ._oracle import reference_lint

ROOT = Path(__file__).resolve().parents[3]
SETS = sorted(
    p for p in (ROOT / "benchmarks" / "language_sets").glob("*.jsonl") if p.stem != "holdout"
)


def _sentences() -> list[str]:
    found = []
    for path in SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line)["text"]
                masked = mask_markdown(text)
                found += [masked[start:end] for start, end in sentences(masked)]
    return found


def test_a_rule_left_out_for_lack_of_its_words_matches_nowhere_it_was_left_out() -> None:
    comp = _compile(default_rules())
    gates = [comp.rule_gates(index) for index in range(len(comp.rules))]
    assert sum(1 for gate in gates if gate) > len(gates) // 2
    left_out = 0
    for raw in _sentences():
        if not raw.isascii():
            continue
        words = _words(raw)
        local = _lower_not_names(raw, comp.not_names)
        for index, gate in enumerate(gates):
            if not gate.admits(words):
                left_out += 1
                regex = comp.rules[index].regex
                assert regex.search(raw) is None, (comp.rules[index].rule.id, raw)
                assert regex.search(local) is None, (comp.rules[index].rule.id, raw)
    assert left_out > 10_000


def test_gates_follow_the_words_of_each_alternative() -> None:
    gates = rule_gates(
        r"(?:super|so|really)\s+(?:easy|simple)|a\s+matter\s+of\s+(?:minutes|seconds)",
        {},
        _tolerant,
    )
    assert gates

    passes = gates.admits
    assert passes({"it", "was", "so", "easy"})
    assert passes({"a", "matter", "of", "seconds"})
    # "so" alone, or "easy" with no word that can come before it, cannot match.
    assert not passes({"it", "was", "so", "slow"})
    assert not passes({"easy", "to", "miss"})


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:easy|simp)(?:le)?",  # "simp" may go on: not a whole word
        r"optimi[sz]e",
        r"{PERSON}\s+dropped",  # a macro's words are not looked into
        r"foo|.+",  # one branch with no fixed word
        r"so['’]{TAIL}",  # an apostrophe next to a macro may be optional
    ],
)
def test_no_gate_where_a_word_may_not_stand_alone(pattern: str) -> None:
    macros = {"PERSON": "(?:Dave|the\\s+intern)", "TAIL": "(?:s|ve)"}
    gates = rule_gates(pattern, macros, _tolerant)
    words_of_a_match = {
        r"(?:easy|simp)(?:le)?": {"simple"},
        r"optimi[sz]e": {"optimise"},
        r"{PERSON}\s+dropped": {"the", "intern", "dropped"},
        r"foo|.+": {"bar"},
        r"so['’]{TAIL}": {"sove"},
    }[pattern]
    assert gates.admits(words_of_a_match)


def test_a_macro_with_a_bare_alternation_gives_no_gate() -> None:
    # Pasted in, "a|b" splits the pattern around it: nothing can be said about its words.
    assert not rule_gates(r"x\s+{EITHER}\s+easy", {"EITHER": r"one|two"}, _tolerant)


def test_a_sentence_beyond_ascii_is_searched_by_every_triggered_rule() -> None:
    # Matching ignores case, and the long s (ſ) matches "s": "so eaſy" is "so easy" to the
    # rules, though "easy" is not among the sentence's words.
    text = "Honestly the failover was so eaſy."
    found = lint(text)
    assert [(f.rule, f.text) for f in found] == [("minimizing.so-simple", "so eaſy")]
    assert found == reference_lint(text, LintContext())


def test_a_team_rule_finds_the_same_with_gates() -> None:
    team = parse_rules(
        json.dumps(
            {
                "pmdesk_rules": 1,
                "rules": [
                    {
                        "id": "team.friday",
                        "category": "judgement",
                        "pattern": r"(?:friday|weekend)\s+deploy(?:s|ed)?|yolo(?:-|\s+)push",
                        "message": "Judges the timing, not the safeguards.",
                        "triggers": ["friday", "weekend", "yolo"],
                    }
                ],
            }
        ),
        "team.json",
        default_rules(),
    )
    context = LintContext(rules=default_rules().merged(team))
    text = "Sam did a Friday deploy. A weekend check ran. Then a yolo push, then Friday."
    found = lint(text, context)
    assert [f.text for f in found if f.rule == "team.friday"] == ["Friday deploy", "yolo push"]
    assert found == reference_lint(text, context)


def test_each_alternative_needs_its_own_words() -> None:
    gate = rule_gates(r"revoke\s+\w+\s+access|stop\s+\w+\s+from\s+\w+ing", {}, _tolerant)
    assert gate.admits({"revoke", "her", "access"})
    assert gate.admits({"stop", "him", "from", "deploying"})
    # Words of both alternatives, but neither alternative whole.
    assert not gate.admits({"revoke", "from", "the", "pool"})


@pytest.mark.parametrize(
    ("pattern", "matching", "missing"),
    [
        # An optional ending: either spelling is a whole word.
        (r"revoke\s+\w+\s+permissions?", {"revoke", "her", "permission"}, {"revoke", "her"}),
        # An optional hyphen: "no-brainer" has "no", "nobrainer" is one word.
        (r"a\s+no-?brainer", {"a", "nobrainer"}, {"a", "brain"}),
        (r"a\s+no-?brainer", {"a", "no", "brainer"}, {"a", "brainer"}),
        # Stems with endings.
        (r"(?:paus|scal)(?:e|ed|ing)\s+it", {"pausing", "it"}, {"paus", "it"}),
    ],
)
def test_words_spelled_a_few_ways_count_in_every_spelling(
    pattern: str, matching: set[str], missing: set[str]
) -> None:
    gate = rule_gates(pattern, {}, _tolerant)
    assert gate.admits(matching)
    assert not gate.admits(missing)


def test_a_macro_standing_as_whole_words_needs_one_of_its_first_words() -> None:
    comp = _compile(default_rules())
    index = next(i for i, c in enumerate(comp.rules) if c.rule.id == "person.because")
    gate = comp.rule_gates(index)
    # "because {PERSON} ... {FAIL_VERB}": a failing act must be there, not just "because".
    assert not gate.admits({"because", "the", "runbook", "described", "old", "topology"})
    assert gate.admits({"because", "dave", "forgot", "the", "check"})
    assert [f.rule for f in lint("It broke because Dave forgot the check.")] == ["person.because"]


def test_a_macro_gives_no_clause_where_a_word_may_run_on_or_its_words_are_unknown() -> None:
    macros = {"WHO": r"(?:Dave|(?-i:[A-Z][a-z]+))", "ACT": r"(?:forgot|dropped)"}

    def words(name: str) -> frozenset[str] | None:
        return {"ACT": frozenset({"forgot", "dropped"})}.get(name)

    # A word character after the macro: its first word may run on ("forgots").
    assert rule_gates(r"{WHO}\s+{ACT}s", macros, _tolerant, None, words).admits({"dave", "ran"})
    # A macro whose words are unknown says nothing; the literal word still counts.
    gate = rule_gates(r"{WHO}\s+it", macros, _tolerant, None, words)
    assert gate.admits({"it"}) and not gate.admits({"dave"})
    gate = rule_gates(r"{WHO}\s+{ACT}", macros, _tolerant, None, words)
    assert not gate.admits({"dave", "ran"})
    assert gate.admits({"dave", "forgot"})


@pytest.mark.parametrize("name", ["META_CUE", "EXPLAINED_AFTER", "EXPLAINED_BEFORE"])
def test_a_cue_ruled_out_by_its_words_matches_nowhere_up_to_any_end(name: str) -> None:
    comp = _compile(default_rules())
    regex = comp.cues[name]
    ruled_out = 0
    for raw in [*_sentences()[:3000], "Per the runbook we said 'blame' is a banned word."]:
        if not raw.isascii():
            continue
        local = _lower_not_names(raw, comp.not_names)
        sentence = _Sentence(raw, local, 0, comp, None, _words(raw))
        # Up to the end, and cut inside a word ("... bla|me"), as the checks search.
        for end in (len(local), len(local) // 2 + 1, len(local) // 3):
            if not sentence.cue_may_match(name, end):
                ruled_out += 1
                assert regex.search(local, 0, end) is None, (name, raw, end)
    assert ruled_out > 1000


def test_each_rule_s_gate_is_kept_whole_until_a_macro_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new process reads every gate back instead of working it out from its parse; any
    change to a macro (a team's rules, a new version) works them out again."""
    from pmdesk.language import _patterns
    from pmdesk.language._gates import _VERSION as _GATES_VERSION

    comp = _compile(default_rules())
    worked_out = [comp.rule_gates(index) for index in range(len(comp.rules))]
    # Working a gate out asks for its pattern's parse ("gates ..."), which is kept too: with
    # every kept parse gone, each one asked for again is a gate worked out again. (Seen in the
    # store rather than by patching rule_gates, which compiled callers call directly.)
    parses = f"gates {_GATES_VERSION} "
    kept = {k: v for k, v in _patterns._STORE.facts.items() if not k.startswith(parses)}
    monkeypatch.setattr(_patterns._STORE, "facts", kept)

    def asked() -> list[str]:
        return [key for key in _patterns._STORE.facts if key.startswith(parses)]

    same = _compile(dataclasses.replace(default_rules()))
    assert same.rules is not comp.rules
    assert [same.rule_gates(index) for index in range(len(same.rules))] == worked_out
    assert asked() == []

    # A damaged kept gate is worked out again, the same.
    patterns = {rule.rule.pattern: i for i, rule in enumerate(comp.rules)}
    damaged = next(
        key
        for key in _patterns._STORE.facts
        if key.startswith(f"gate {_GATES_VERSION} ") and key.split(" ", 4)[4] in patterns
    )
    kept[damaged] = ("not", "a", "gate")
    pattern = damaged.split(" ", 4)[4]
    index = patterns[pattern]
    assert _compile(dataclasses.replace(default_rules())).rule_gates(index) == worked_out[index]
    assert len(asked()) == 1

    base = default_rules()
    name, text = base.macros[0]
    changed = dataclasses.replace(base, macros=((name, text + "|zzqq"), *base.macros[1:]))
    other = _compile(changed)
    assert other.macros_stamp != comp.macros_stamp
    assert all(other.rule_gates(index) is not None for index in range(len(other.rules)))
    assert len(asked()) > len(comp.rules) // 2
