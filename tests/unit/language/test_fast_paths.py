"""The shortcuts a long text takes give the findings each sentence gets on its own."""

from __future__ import annotations

import io
import json
import multiprocessing
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from pmdesk.cli.lint import run
from pmdesk.language import LintContext, RuleSet, _lint_input, _parallel, default_rules, lint
from pmdesk.language._compiled import _compile
from pmdesk.language._context import _Sentence
from pmdesk.language._learned import _tokens
from pmdesk.language._sentence_words import _words

from ._oracle import reference_lint
from .test_engine_oracle import _speed_module


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


def _open_set_texts() -> list[str]:
    root = Path(__file__).resolve().parents[3] / "benchmarks" / "language_sets"
    texts = []
    for path in sorted(root.glob("*.jsonl")):
        if path.stem == "holdout":
            continue
        texts += [
            json.loads(line)["text"]
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    return texts


def test_rules_find_the_same_with_and_without_their_endings_gate() -> None:
    # A rule's "needs" (the endings of its pattern) only spares searching sentences where the
    # rule cannot match: with them taken away, every finding is the same.
    rules = default_rules()
    gated = [rule for rule in rules.rules if rule.needs]
    assert len(gated) >= 5
    plain = RuleSet(
        rules=tuple(replace(rule, needs=()) for rule in rules.rules),
        macros=rules.macros,
        lexicon=rules.lexicon,
        allowed_words=rules.allowed_words,
        allowed_patterns=rules.allowed_patterns,
    )
    text = "\n".join(_open_set_texts()) + "\n" + str(_speed_module().realistic_notes(60_000))
    names = ("Ana", "Raj", "Lena", "Tom", "Wei", "Priya")
    found = lint(text, LintContext(names=names))
    assert found == lint(text, LintContext(names=names, rules=plain))
    assert {f.rule for f in found} & {rule.id for rule in gated}


def test_a_cause_clause_is_told_as_the_window_before_the_act_tells_it() -> None:
    # Whether an act is told as a cause is first answered from where the sentence's first
    # cause lead stands; the answer must be the one the words just before the act give.
    comp = _compile(default_rules())
    lead = comp.cues["CAUSE_LEAD"]

    def windowed(local: str, pos: int) -> bool:
        for match in lead.finditer(local, max(0, pos - 90), pos):
            between = local[match.end() : pos]
            if len(between.split()) <= 5 and not any(ch in between for ch in ".;:!?"):
                return True
        return False

    told = 0
    for text in _open_set_texts()[::3]:
        local = text.lower()
        # With the sentence's words, a sentence without a cause lead's words is not searched.
        words = _words(text) if text.isascii() else None
        for pos in range(len(local) + 1):
            expected = windowed(local, pos)
            sentence = _Sentence(text, local, 0, comp, words=words)
            assert sentence.cause_clause(pos) == expected, (text, pos)
            told += expected
    assert told > 500


def test_sentences_end_where_the_plain_boundary_pattern_ends_them() -> None:
    """The sentence boundary is written to begin with its first characters (so the regex
    engine skips ahead); it ends sentences exactly where the plain spelling of the rule does:
    ". ! ?" runs with closing quotes or brackets before white space, and newlines."""
    import random
    import re

    from pmdesk.language import _text

    plain = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n")
    assert _text._BOUNDARY.pattern.startswith("[.!?\\n]")
    rng = random.Random(17)
    alphabet = ".!?\n \t\u2028\"'”’)]»ab3."
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        expected = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in _text._BOUNDARY.finditer(text)] == expected, repr(text)
    notes = 'Raj paused it... Then?! "It broke." (Really.)\nvs. e.g. 3.5 ms\n\nDone!)  end'
    assert [m.span() for m in _text._BOUNDARY.finditer(notes)] == [
        m.span() for m in plain.finditer(notes)
    ]
