"""The review worked out ahead, in the background, a little after the library opens.

Saves keep each postmortem's language facts in the database (pmdesk.review.stored), but a library
from before they were kept, or one met by a newer language engine, has them missing or stale, and
its first review checks the blame language of every published postmortem, which takes seconds;
View > Review would keep the facilitator waiting that long. So a few seconds after start-up, when
the library is large and a processor core is idle, a background `pmdesk review` of the default
period (the last full quarter) checks what is stale and writes it back to the database (or, for a
database it cannot write, to the review's facts file); the window then only reads them. It prints
nothing, changes nothing in the database but those derived facts, and runs at low priority; if it
has not finished when the window opens, the window checks for itself as before.
Quitting the app ends it (stop()).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading

from pmdesk.database import DatabaseLocation

# Libraries smaller than this review in well under a second: nothing to work out ahead.
FROM_POSTMORTEMS = 200
# The background reviews this process started (stop() ends those still running).
_STARTED: list[subprocess.Popen[bytes]] = []


def command(location: DatabaseLocation) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of the background review (the database in the
    environment, so no password shows in the process list)."""
    argv = [sys.executable, "-m", "pmdesk", "review", "--format", "json", "-o", "-"]
    return argv, dict(os.environ, PMDESK_DB=location.url)


def wanted(postmortems: int) -> bool:
    """Worth it: a large library, a core idle now, and a Python to run (not a frozen build)."""
    from pmdesk.review.helper import helpers_wanted

    frozen = getattr(sys, "frozen", False)
    return postmortems >= FROM_POSTMORTEMS and not frozen and helpers_wanted() >= 1


def start(location: DatabaseLocation) -> int | None:
    """Start the background review at low priority; its process id, or None when it could not
    start. A thread waits for it, so nothing is left behind when it ends; stop() ends it sooner."""
    argv, env = command(location)
    try:
        process = subprocess.Popen(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None  # the window checks for itself
    # Not on every system, and the process may have ended already.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, process.pid, 10)
    _STARTED.append(process)
    threading.Thread(target=process.wait, name="review-ahead", daemon=True).start()
    return process.pid


def stop(wait: float = 5.0) -> None:
    """End the background reviews still running (the app quits: it leaves no process behind;
    their helpers end with them, see pmdesk.review.helper) and wait up to `wait` seconds each
    for them to exit, then kill them."""
    running = [process for process in _STARTED if process.poll() is None]
    _STARTED.clear()
    for process in running:
        with contextlib.suppress(OSError):  # it ended meanwhile
            process.terminate()
    for process in running:
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            process.kill()


def start_if_wanted(location: DatabaseLocation, postmortems: int) -> int | None:
    """The background review's process id when it was worth starting and started."""
    return start(location) if wanted(postmortems) else None
