"""`pmdesk lint` ends as soon as its output is out, skipping the interpreter's teardown.

Freeing the engine's caches object by object took 60-120 ms of each run. What a normal exit does
that matters must still happen: all output delivered (buffered stdout too), the exit status, the
exit handlers (the engine saves its compiled patterns in one), and no helper process left behind.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from pmdesk.cli.lint import run
from tests.e2e.conftest import pmdesk_env

# Runs `python -m pmdesk` as the command does, with two witnesses: an exit handler (must run)
# and an object freed only by the teardown (its __del__ must not run).
_WITNESSED = """
import atexit, os, runpy, sys

class FreedAtTeardown:
    def __del__(self):
        os.write(2, b"teardown ran\\n")

sys.modules["_teardown_witness"] = FreedAtTeardown()
def last_exit_handler():
    mp = sys.modules.get("multiprocessing")
    left = len(mp.active_children()) if mp else 0
    os.write(2, f"exit handlers ran, helper processes left: {left}\\n".encode())

atexit.register(last_exit_handler)  # the first registered runs last
sys.argv = ["pmdesk", *sys.argv[1:]]
runpy.run_module("pmdesk", run_name="__main__")
"""

PARAGRAPH = (
    "Dave ran the wrong migration against the ledger. The dashboard looked normal until 14:40.\n"
    "Who approved this change on a Friday afternoon? 数据 🚨 The root cause was human error.\n\n"
)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_lint_leaves_without_teardown_after_its_output_and_exit_handlers(
    tmp_path: Path, jobs: str
) -> None:
    notes = tmp_path / "notes.md"
    # Several segments of about 64,000 characters, so --jobs 2 starts a helper.
    notes.write_text(PARAGRAPH * 1500, encoding="utf-8")
    cache = tmp_path / "regex-cache.bin"
    env = pmdesk_env(PMDESK_REGEX_CACHE=str(cache))
    env.pop("PYTHONUNBUFFERED", None)  # buffered stdout, as users have it: it must be flushed
    done = subprocess.run(
        [sys.executable, "-c", _WITNESSED, "lint", "--jobs", jobs, "--format", "json", str(notes)],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    expected = io.StringIO()
    assert run(["--format", "json", str(notes)], io.StringIO(), expected, io.StringIO()) == 1
    assert done.returncode == 1
    assert done.stdout.decode() == expected.getvalue()
    # No "teardown ran"; no helper left running.
    assert done.stderr.decode() == "exit handlers ran, helper processes left: 0\n"
    assert cache.stat().st_size > 0  # the engine's own exit handler saved what it compiled


def test_a_caller_of_main_gets_the_status_back(tmp_path: Path) -> None:
    """Only the process's own command line leaves early: main(argv) returns, as tests need."""
    from pmdesk.cli import main

    notes = tmp_path / "notes.md"
    notes.write_text("The alert failed to fire because the threshold was 50%.\n", encoding="utf-8")
    assert main(["lint", str(notes)]) == 0


def test_a_profiled_lint_still_writes_its_profile(tmp_path: Path) -> None:
    """cProfile (like coverage or a debugger) reports after main returns: the usual exit."""
    notes = tmp_path / "notes.md"
    notes.write_text(PARAGRAPH, encoding="utf-8")
    profile = tmp_path / "lint.prof"
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "pmdesk", "lint", str(notes)],
        capture_output=True,
        env=pmdesk_env(),
        cwd=tmp_path,
        timeout=300,
    )
    assert b"[suggestion:" in done.stdout and done.stderr == b""  # (cProfile exits 0 itself)
    assert profile.stat().st_size > 0
