"""`pmdesk lint` of a long input on several processes: the output is exactly one process's."""

from __future__ import annotations

import importlib.util
import io
import json
import multiprocessing
import os
import sys
from pathlib import Path

import pytest

from pmdesk.cli.lint import run
from pmdesk.language import Finding, LintContext, _lint_input, _parallel
from pmdesk.language._parallel import default_processes

SEGMENT = 4096

TEAM_RULES = {
    "pmdesk_rules": 1,
    "words": ["friday deploy"],
    "rules": [],
    "disable": ["judgement.words"],
}

LINES = (
    "Ana dropped the orders table on prod.",
    "That was careless, and the friday deploy did not help.",
    "Who approved the change to checkout-api?",
    "The root cause was human error.",
    "14:32 deploy of payment-service v2.4.1; error rate 0.1% -> 34%.",
    "I assumed the flag was off because staging showed it off.",
    "Be more careful with the failover script.",
    "Zoë’s café dashboard — 数据 looked normal — until the pager fired 🚨.",
)


@pytest.fixture(autouse=True)
def small_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_lint_input, "SEGMENT", SEGMENT)
    monkeypatch.setattr(_lint_input, "_LIMIT", 4 * SEGMENT)


def _notes(size: int) -> str:
    paragraphs = []
    n = 0
    while sum(map(len, paragraphs)) < size:
        # Every paragraph different, so a segment checked twice or out of order would show.
        paragraphs.append(f"{LINES[n % len(LINES)]} (note {n})\n{LINES[(n * 3) % len(LINES)]}")
        n += 1
    return "\n\n".join(paragraphs) + "\n"


def _lint(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(args, io.StringIO(""), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("output", ["text", "json"])
def test_helpers_find_exactly_what_one_process_finds(tmp_path: Path, output: str) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(_notes(12 * SEGMENT), encoding="utf-8")
    team = tmp_path / "team.json"
    team.write_text(json.dumps(TEAM_RULES), encoding="utf-8")
    common = [str(notes), "--names", "Ana", "--rules", str(team), "--format", output]
    alone = _lint([*common, "--jobs", "1"])
    shared = _lint([*common, "--jobs", "3"])
    assert shared == alone
    assert alone[0] == 1
    if output == "json":
        # The names and the team file reached the helpers too: "Ana" is a person, the team's
        # word is flagged in every part of the file and its disabled rule nowhere.
        found = json.loads(alone[1])[0]["findings"]
        rules = [f["rule"] for f in found]
        last_line = notes.read_text(encoding="utf-8").count("\n")
        friday = [f["line"] for f in found if f["rule"] == "word:friday deploy"]
        assert len(friday) >= 12 and max(friday) > last_line - 40
        assert "judgement.words" not in rules
        assert "person_as_cause" in {f["category"] for f in found}


@pytest.mark.skipif(sys.platform != "linux", reason="helpers are copies of the process on Linux")
def test_a_helper_that_falls_behind_is_overtaken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The helper (a copy of this process) hangs on whatever it is given, as on a machine too
    # busy to run it: this process checks every segment itself, the helper's ones once it has
    # waited about as long as checking them takes, and the output is one process's.
    monkeypatch.setattr(_parallel, "start_method", lambda: "fork")
    here = os.getpid()
    release = multiprocessing.get_context("fork").Event()
    real_lint = _parallel.lint
    checked_here: list[int] = []

    def lint_hanging_in_helpers(text: str, context: LintContext | None = None) -> list[Finding]:
        if os.getpid() != here:
            release.wait(60)
        else:
            checked_here.append(len(text))
        return real_lint(text, context)

    monkeypatch.setattr(_parallel, "lint", lint_hanging_in_helpers)
    notes = tmp_path / "notes.md"
    notes.write_text(_notes(12 * SEGMENT), encoding="utf-8")
    try:
        alone = _lint([str(notes), "--jobs", "1"])
        checked_here.clear()
        shared = _lint([str(notes), "--jobs", "2"])
    finally:
        release.set()
    assert shared == alone
    assert alone[0] == 1
    assert len(checked_here) > 10
    assert sum(checked_here) == len(notes.read_text(encoding="utf-8"))


def test_jobs_must_be_a_positive_number() -> None:
    code, _out, err = _lint(["--jobs", "0", "-"])
    assert code == 2
    assert "--jobs needs a whole number of 1 or more" in err


def test_the_default_uses_at_most_four_processes() -> None:
    assert 1 <= default_processes() <= 4


def _load_benchmark(name: str) -> object:
    path = Path(__file__).resolve().parents[3] / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_speed_benchmark_notes_and_the_labelled_sets_come_out_the_same(
    tmp_path: Path,
) -> None:
    speed = _load_benchmark("language_speed")
    notes = speed.realistic_notes(150_000)  # type: ignore[attr-defined]
    sets = Path(__file__).resolve().parents[3] / "benchmarks" / "language_sets"
    sentences = [
        json.loads(line)["text"]
        for name in ("dev", "extra", "tune", "wideA", "wideB")
        for line in (sets / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    path = tmp_path / "notes.md"
    path.write_text(notes + "\n\n" + "\n\n".join(sentences) + "\n", encoding="utf-8")
    common = [str(path), "--names", "Ana,Raj,Lena,Tom,Wei,Priya", "--format", "json"]
    alone = _lint([*common, "--jobs", "1"])
    shared = _lint([*common, "--jobs", "2"])
    assert shared == alone
    assert len(json.loads(alone[1])[0]["findings"]) > 1000


def test_a_line_repeated_in_several_files_is_reported_in_each_at_its_own_line(
    tmp_path: Path,
) -> None:
    first = tmp_path / "first.md"
    second = tmp_path / "second.md"
    first.write_text("That was careless.\n", encoding="utf-8")
    second.write_text("Intro.\n\nOn call.\nThat was careless.\n", encoding="utf-8")
    code, out, _err = _lint([str(first), str(second), "--format", "json"])
    assert code == 1
    reports = json.loads(out)
    assert [r["path"] for r in reports] == [str(first), str(second)]
    assert [[(f["line"], f["column"], f["rule"]) for f in r["findings"]] for r in reports] == [
        [(1, 10, "judgement.words")],
        [(4, 10, "judgement.words")],
    ]
