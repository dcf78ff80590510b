"""Review helper processes for the tests of what ends them: a helper that notes it started and
then never finishes on its own, and a look at which of them still run."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

# The folder where each helper notes its process id (a file named after it).
MARKS = "PMDESK_TEST_HELPER_MARKS"
# Far longer than any test waits: a helper still running then was never ended.
FOREVER_SECONDS = 300


def checking_forever(*_work: object) -> list[object]:
    """What a helper runs instead of its share: note this process in $PMDESK_TEST_HELPER_MARKS,
    then keep "checking" until ended."""
    Path(os.environ[MARKS], str(os.getpid())).touch()
    time.sleep(FOREVER_SECONDS)
    return []


def marked(marks: Path) -> list[int]:
    """The processes that noted they were checking, in no particular order."""
    return [int(path.name) for path in marks.iterdir()]


def running(pid: int) -> bool:
    """The process runs (ended and not yet reaped counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def still_running(marks: Path) -> list[int]:
    return [pid for pid in marked(marks) if running(pid)]


def end_left(marks: Path) -> None:
    """Kill what a failed test left running, so the rest of the run is not slowed by it."""
    for pid in still_running(marks):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
