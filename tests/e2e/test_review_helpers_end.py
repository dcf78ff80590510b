"""`pmdesk review` stopped while its helper processes check the language leaves none behind:
Ctrl+C, an interrupt sent to it alone, and a kill (SIGTERM, as when the app ends the review it
worked out ahead) all end them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pmdesk.model import Status
from tests.e2e.conftest import pmdesk_env
from tests.support import review_helpers
from tests.support.library import write_library
from tests.support.library.written import library
from tests.support.review_helpers import marked, still_running

# Runs `pmdesk review` with two helpers (copies of this process: the command runs one thread)
# that, as this process's own share, only note they started and then never finish on their own.
DRIVER = r"""
import faulthandler, signal, sys
faulthandler.register(signal.SIGUSR1, all_threads=True)  # where it is, should it never end
# As from a terminal, Ctrl+C interrupts: a suite started in the background (`make test &` from a
# script) ignores SIGINT, and its children would inherit that.
signal.signal(signal.SIGINT, signal.default_int_handler)
from pmdesk.cli import main
from pmdesk.review import helper
from tests.support.review_helpers import checking_forever

helper.HELPERS = 2
helper.HELPER_FROM = {"fork": 0, "spawn": 0}
helper.check_here = checking_forever
sys.exit(main(sys.argv[1:]))
"""
# How long the command may take to start and its helpers with it on a heavily loaded machine.
PATIENCE_SECONDS = 120
STOPS = {
    # A terminal's Ctrl+C interrupts its whole foreground process group.
    "ctrl-c": (lambda pid: os.killpg(pid, signal.SIGINT), 130),
    "interrupt": (lambda pid: os.kill(pid, signal.SIGINT), 130),
    "kill": (lambda pid: os.kill(pid, signal.SIGTERM), -signal.SIGTERM),
}


def _library(path: Path) -> None:
    pms = library(12)
    for number, pm in enumerate(pms):
        pm.started_at = datetime(2026, 2, 1).astimezone() + timedelta(days=7 * number)
        pm.resolved_at = pm.started_at + timedelta(hours=1)
        pm.status = Status.PUBLISHED
    write_library(path, pms, review_facts=False)  # none kept: the review checks them all


def _until(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"expected {what} within {PATIENCE_SECONDS} s")
        time.sleep(0.05)


@pytest.mark.parametrize("stop", sorted(STOPS))
def test_a_stopped_review_leaves_no_helper_running(tmp_path: Path, stop: str) -> None:
    db = tmp_path / "library.sqlite3"
    _library(db)
    marks = tmp_path / "checking"
    marks.mkdir()
    argv = ["--db", str(db), "review", "--from", "2026-01-01", "--to", "2026-12-31", "-o", "-"]
    env = pmdesk_env(**{review_helpers.MARKS: str(marks), "PMDESK_REVIEW_CACHE": ""})
    # In a process group of its own, as a terminal starts a command.
    with subprocess.Popen(
        [sys.executable, "-c", DRIVER, *argv],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            _until(lambda: len(marked(marks)) == 3, "the command and its 2 helpers checking")
            send, code = STOPS[stop]
            send(process.pid)
            try:
                process.wait(timeout=PATIENCE_SECONDS)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGUSR1)
                time.sleep(2)
                process.kill()
                raise AssertionError(
                    f"pmdesk review still running {PATIENCE_SECONDS} s later:\n"
                    + process.communicate()[1]
                ) from None
            assert process.returncode == code
            _until(lambda: not still_running(marks), "every helper ended")
        finally:
            review_helpers.end_left(marks)
            if process.poll() is None:
                process.kill()
