"""The shortcuts a long text takes give the findings each sentence gets on its own."""

from __future__ import annotations

import io
import multiprocessing
import sys
from pathlib import Path

import pytest

from pmdesk.cli.lint import run
from pmdesk.language import LintContext, _lint_input, _parallel, lint
from pmdesk.language._learned import _tokens

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
