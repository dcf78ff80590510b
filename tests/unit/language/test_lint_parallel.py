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

from pmdesk.cli import lint as lint_command
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
    sharing: list[bool] = []  # set for the run with a helper

    def lint_hanging_in_helpers(text: str, context: LintContext | None = None) -> list[Finding]:
        if os.getpid() != here:
            release.wait(60)
        else:
            checked_here.append(len(text))
            if sharing and sum(checked_here) == total:
                release.set()  # all checked here: the helper may finish, as a slow one does
        return real_lint(text, context)

    monkeypatch.setattr(_parallel, "lint", lint_hanging_in_helpers)
    notes = tmp_path / "notes.md"
    notes.write_text(_notes(12 * SEGMENT), encoding="utf-8")
    total = len(notes.read_text(encoding="utf-8"))
    try:
        alone = _lint([str(notes), "--jobs", "1"])
        checked_here.clear()
        sharing.append(True)
        shared = _lint([str(notes), "--jobs", "2"])
    finally:
        release.set()
    assert shared == alone
    assert alone[0] == 1
    assert len(checked_here) > 10
    assert sum(checked_here) == len(notes.read_text(encoding="utf-8"))


@pytest.mark.skipif(sys.platform != "linux", reason="helpers are copies of the process on Linux")
def test_a_segment_checked_here_instead_is_left_by_the_helper_that_held_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The helper hangs on its first segment until this process has checked everything, its
    # second one included: once free, it must not check that second one again (this process
    # would wait for it before ending).
    monkeypatch.setattr(_parallel, "start_method", lambda: "fork")
    here = os.getpid()
    fork = multiprocessing.get_context("fork")
    release = fork.Event()
    in_helpers = fork.Value("i", 0)
    real_lint = _parallel.lint
    checked_here: list[int] = []
    sharing: list[bool] = []  # set for the run with a helper

    def lint_hanging_in_helpers(text: str, context: LintContext | None = None) -> list[Finding]:
        if os.getpid() != here:
            with in_helpers.get_lock():
                in_helpers.value += 1
            release.wait(60)
        else:
            checked_here.append(len(text))
            if sharing and sum(checked_here) == total:
                release.set()
        return real_lint(text, context)

    monkeypatch.setattr(_parallel, "lint", lint_hanging_in_helpers)
    notes = tmp_path / "notes.md"
    notes.write_text(_notes(12 * SEGMENT), encoding="utf-8")
    total = len(notes.read_text(encoding="utf-8"))
    alone = _lint([str(notes), "--jobs", "1"])
    checked_here.clear()
    sharing.append(True)
    try:
        shared = _lint([str(notes), "--jobs", "2"])
    finally:
        release.set()
    assert shared == alone
    assert sum(checked_here) == total  # every segment checked here, the helper's two too
    assert in_helpers.value == 1  # the one it hung on; the second was left


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


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(sys, "frozen", False, raising=False)


def _cpu_now(monkeypatch: pytest.MonkeyPatch, sample: tuple[int, int] | None) -> None:
    monkeypatch.setattr(_parallel, "cpu_sample", lambda: sample)


@pytest.mark.usefixtures("two_cores")
def test_a_helper_per_core_idle_while_this_process_ran(monkeypatch: pytest.MonkeyPatch) -> None:
    # The load average still counts this command's own runs of a moment ago (1.4), but over
    # the last 200 ticks of both cores 90 were idle: most of the other core is free.
    monkeypatch.setattr(os, "getloadavg", lambda: (1.4, 1.1, 0.6))
    since = (5000, 20000)
    _cpu_now(monkeypatch, (5090, 20200))
    assert default_processes(since) == 2
    # 20 of 200 idle: the other core is busy with someone else's work.
    _cpu_now(monkeypatch, (5020, 20200))
    assert default_processes(since) == 1


@pytest.mark.usefixtures("two_cores")
def test_the_load_average_decides_when_the_cores_were_not_watched_long_enough(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _cpu_now(monkeypatch, (5005, 20006))  # 6 ticks: too few to tell
    monkeypatch.setattr(os, "getloadavg", lambda: (0.3, 0.2, 0.1))
    assert default_processes((5000, 20000)) == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (1.3, 0.2, 0.1))
    assert default_processes((5000, 20000)) == 1
    _cpu_now(monkeypatch, None)  # no /proc/stat
    monkeypatch.setattr(os, "getloadavg", lambda: (0.3, 0.2, 0.1))
    assert default_processes((5000, 20000)) == 2


@pytest.mark.skipif(sys.platform != "linux", reason="/proc/stat is Linux's")
def test_the_processor_time_is_read_from_proc_stat() -> None:
    first = _parallel.cpu_sample()
    assert first is not None
    idle, total = first
    assert 0 <= idle <= total


@pytest.mark.skipif(sys.platform != "linux", reason="helpers are copies of the process on Linux")
@pytest.mark.usefixtures("two_cores")
@pytest.mark.parametrize(("idle_ticks", "pools"), [(90, 1), (5, 0)])
def test_by_default_lint_starts_a_helper_only_for_an_idle_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, idle_ticks: int, pools: int
) -> None:
    from concurrent import futures

    monkeypatch.setattr(_parallel, "start_method", lambda: "fork")
    started: list[int] = []

    class CountedPool(futures.ProcessPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            started.append(1)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(futures, "ProcessPoolExecutor", CountedPool)
    notes = tmp_path / "notes.md"
    notes.write_text(_notes(6 * SEGMENT), encoding="utf-8")
    alone = _lint([str(notes), "--jobs", "1"])
    # The processor time at the start of the run, at the end of the first segment's check, and
    # after the file (for the next one's helpers).
    samples = iter([(5000, 20000), (5000 + idle_ticks, 20200), (5100, 20400)])
    for module in (_parallel, lint_command):
        monkeypatch.setattr(module, "cpu_sample", lambda: next(samples))
    assert _lint([str(notes)]) == alone
    assert len(started) == pools
    assert next(samples, None) is None
