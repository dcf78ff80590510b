"""The shortcuts a long text takes give the findings each sentence gets on its own."""

from __future__ import annotations

import io
import json
import multiprocessing
import sys
from pathlib import Path

import pytest

from pmdesk.cli.lint import run
from pmdesk.language import LintContext, _lint_input, _parallel, lint
from pmdesk.language._compiled import _compile, plain
from pmdesk.language._learned import _tokens
from pmdesk.language.rules import default_rules, parse_rules

from ._oracle import reference_lint


def test_far_into_long_notes_a_sentence_is_flagged_as_it_is_alone() -> None:
    # Past a few hundred sentences the rules to try are remembered by the words that decide
    # them: sentences sharing those words but not the others must still be told apart.
    services = ("checkout", "billing", "search", "ledger", "auth")
    lines = [
        f"{i // 60:02d}:{i % 60:02d} {services[i % 5]} error rate rose to {i % 90}%."
        for i in range(400)
    ]
    lines += [
        "Because Dave dropped the table, checkout failed.",
        "Because the job dropped the table, checkout failed.",
        "Dave was careless with the billing migration.",
        "The careless cat mascot is on the billing page.",
        # The same trigger words; only the second has the word the rule's pattern needs.
        "Who liked the change on checkout?",
        "Who approved the change on checkout?",
        "We approved the ledger change on Tuesday.",
    ]
    text = "\n".join(lines)
    context = LintContext(names=("Dave",))
    found = lint(text, context)
    assert found == reference_lint(text, context)
    assert {"person_as_cause", "judgement", "who_question"} <= {f.category for f in found}


@pytest.mark.parametrize(
    "sentence",
    [
        "then Leilani's script wiped the Qzzz replica",
        "Qzzz's PR broke The Kafka cluster; The intern's fix didn't",
        "revert of Xiomara's PR -> login ok => fine? yes! 14:05",
        "the Monitoring of Ingestion failed at Noon, Dave O'Brien said",
    ],
)
def test_the_learned_layer_reads_plain_and_accented_text_alike(sentence: str) -> None:
    # Plain ASCII sentences take a shorter path to their words; a non-ASCII mark that is no
    # word leaves the words as they were.
    plain = _tokens(sentence)[1]
    assert plain == _tokens(sentence + " …")[1]
    assert "<person>" in plain or "<person>'s" in plain


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_helpers_copied_or_started_afresh_find_what_one_process_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    if method == "fork" and sys.platform != "linux":
        pytest.skip("helpers are copies of the process only on Linux")
    monkeypatch.setattr(_lint_input, "SEGMENT", 4096)
    monkeypatch.setattr(_lint_input, "_LIMIT", 4 * 4096)
    monkeypatch.setattr(_parallel, "start_method", lambda: method)
    started = []
    real_context = multiprocessing.get_context
    monkeypatch.setattr(
        multiprocessing, "get_context", lambda m=None: started.append(m) or real_context(m)
    )
    lines = (
        "Ana dropped the orders table on prod.",
        "Who approved the change to checkout-api?",
        "I assumed the flag was off because staging showed it off.",
        "Zoë’s café dashboard looked normal until the pager fired 🚨.",
    )
    notes = tmp_path / "notes.md"
    notes.write_text(
        "\n\n".join(f"{lines[n % 4]} (note {n})" for n in range(1200)) + "\n", encoding="utf-8"
    )

    def lint_file(jobs: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = run([str(notes), "--names", "Ana", "--jobs", jobs], io.StringIO(""), out, err)
        return code, out.getvalue(), err.getvalue()

    alone = lint_file("1")
    assert started == []
    assert lint_file("2") == alone
    assert started == [method]
    assert alone[0] == 1 and alone[1].count("person") >= 300


def test_each_rule_finds_the_same_in_a_plain_sentence_with_its_ascii_regex() -> None:
    # A sentence in plain ASCII is searched with each rule's ASCII-only regex (faster); it must
    # find exactly what the full regex finds there.
    sentences = [
        "Because Dave dropped the table, checkout failed.",
        "Qzzz's PR broke the Kafka cluster; the intern's fix didn't help.",
        "shouldve looked first, its literally a one-liner lol",
        "Who approved the ledger change?? Nobody noticed until 14:05.",
        "The root cause was human error: Ana was careless with the failover script.",
        "- 10:14 Rustam pushes the MX records; inbound mail starts bouncing",
        "Be more careful. Better communication and more training for SRE.",
        "It was obvious that the migration would fail, Tom could have caught it.",
    ]
    rules = _compile(default_rules()).rules
    assert all(plain(s) for s in sentences)
    for compiled in rules:
        for sentence in sentences:
            wide = [m.span() for m in compiled.regex.finditer(sentence)]
            narrow = [m.span() for m in compiled.plain_regex.finditer(sentence)]
            assert narrow == wide, (compiled.rule.id, sentence)
    assert sum(1 for c in rules if c.plain_regex is not c.regex) > len(rules) // 2
    assert not plain("Ana dropped\x1cthe table.") and not plain("Zoë dropped the table.")


def test_a_team_pattern_with_a_letter_that_folds_to_ascii_still_matches_plain_text() -> None:
    team = parse_rules(
        json.dumps(
            {
                "pmdesk_rules": 1,
                "rules": [
                    {
                        "id": "team.kelvin",
                        "category": "judgement",
                        "pattern": "\u212aubectl\\s+cowboy",
                        "triggers": ["kubectl"],
                        "message": "Say what the tool allowed.",
                    }
                ],
            }
        ),
        "team.json",
        default_rules(),
    )
    context = LintContext(rules=default_rules().merged(team))
    found = lint("We ran a kubectl cowboy session on prod.", context)
    assert [f.text for f in found if f.rule == "team.kelvin"] == ["kubectl cowboy"]
