"""The presence line in the status bar: who else has the postmortem open, as others see it.

A pmdesk killed on this machine is gone at once (not shown until its heartbeat goes stale), your
own other windows are never shown as another person, and a window closed cleanly leaves the line
as soon as the database says so, without waiting for the next heartbeat.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from pmdesk.collab.presence import client_id

SINCE = datetime(2026, 12, 5, 10, 2, tzinfo=UTC)


def _open_new(qtbot, window) -> int:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    window.panels["overview"].title_edit.setFocus()
    qtbot.keyClicks(window.panels["overview"].title_edit, "Checkout outage")
    assert window.session.save_now()
    postmortem_id: int = window.session.doc.pm.id
    return postmortem_id


@pytest.fixture
def ended_pid() -> int:
    """The process id of a program that has ended, as a killed pmdesk's has."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


@pytest.fixture
def running() -> Iterator[subprocess.Popen[Any]]:
    """Another program running on this machine, as a second pmdesk would be."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def test_a_killed_pmdesk_of_yours_is_gone_at_once(qtbot, window, colleague, ended_pid) -> None:  # type: ignore[no-untyped-def]
    postmortem_id = _open_new(qtbot, window)
    killed = client_id(ended_pid)
    # Its last heartbeat a moment ago: fresh enough to be shown as present for a while.
    colleague.announce(killed, postmortem_id, window.live.name, SINCE)
    window.live.heartbeat()
    assert window.presence_label.isHidden()
    assert [p.client for p in colleague.present(postmortem_id)] == [window.live.client]


def test_your_other_window_is_yours_and_a_colleague_is_named(  # type: ignore[no-untyped-def]
    qtbot, window, colleague, running
) -> None:
    postmortem_id = _open_new(qtbot, window)
    colleague.announce(client_id(running.pid), postmortem_id, window.live.name, SINCE)
    colleague.announce("ana-laptop-window", postmortem_id, "Ana", SINCE)
    window.live.heartbeat()
    at = f"{SINCE.astimezone():%H:%M}"
    assert window.presence_label.text() == (
        f"Also open: you, in another window (since {at}), Ana (since {at})"
    )
    running.kill()
    running.wait()
    window.live.heartbeat()
    assert window.presence_label.text() == f"Also open: Ana (since {at})"


def test_a_window_closed_cleanly_leaves_the_line_before_the_next_heartbeat(  # type: ignore[no-untyped-def]
    qtbot, window, colleague
) -> None:
    from pmdesk.ui import live

    postmortem_id = _open_new(qtbot, window)
    colleague.announce("ana-laptop-window", postmortem_id, "Ana", SINCE)
    qtbot.waitUntil(window.presence_label.isVisible, timeout=live.FIRST_WATCH_MS + 3000)
    window.live._beat.stop()  # no heartbeat from here on: only the database's word counts
    colleague.leave("ana-laptop-window")  # Ana closed her window
    qtbot.waitUntil(window.presence_label.isHidden, timeout=10 * live.WATCH_MS)


def test_on_postgresql_a_colleague_who_comes_or_leaves_shows_before_the_next_heartbeat(  # type: ignore[no-untyped-def]
    qtbot, pg_url
) -> None:
    """On a team database the line follows the server's notification, not the heartbeat."""
    from pmdesk.model import Postmortem
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository
    from pmdesk.ui import live
    from pmdesk.ui.live import LiveLink
    from pmdesk.ui.session import DocumentSession

    colleague = Repository(open_engine(resolve(pg_url)))
    session = DocumentSession(StorageDoor(resolve(pg_url)))
    link = LiveLink(session, name="Sam")
    try:
        postmortem_id = colleague.create(Postmortem(title="Queue backlog"))
        session.open(postmortem_id)
        link._start()  # watching, and Sam said to be there
        link._beat.stop()  # no heartbeat from here on: only the database's word counts
        link.check()
        colleague.announce("ana-laptop-window", postmortem_id, "Ana", SINCE)  # Ana opens it
        at = f"{SINCE.astimezone():%H:%M}"
        qtbot.waitUntil(
            lambda: link.line == f"Also open: Ana (since {at})", timeout=10 * live.WATCH_MS
        )
        colleague.leave("ana-laptop-window")  # Ana closes her window
        qtbot.waitUntil(lambda: link.line == "", timeout=10 * live.WATCH_MS)
    finally:
        link.stop()
        session.close()
        session.repo.close()
        colleague.close()
