"""The review's helper processes end with what started them: the review window's Stop and closing,
and quitting the app, end them at once (they never go on checking for a review nobody waits for).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmdesk.language import _parallel
from pmdesk.review import facts_cache, helper
from tests.support import review_helpers
from tests.support.review_helpers import marked, running, still_running
from tests.unit.review.library import TODAY, known_library

# How long a helper may take to start (afresh: it imports pmdesk) on a heavily loaded machine.
START_TIMEOUT_MS = 120_000


@pytest.fixture
def stored(session) -> None:  # type: ignore[no-untyped-def]
    """2026 Q3's postmortems, in the database the windows open."""
    for pm in known_library():
        session.create(pm)


@pytest.fixture
def helpers_forever(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every review starts a helper, afresh as from the window's thread, that never finishes on
    its own; the folder where each notes its process id."""
    marks = tmp_path / "helpers"
    marks.mkdir()
    monkeypatch.setenv(review_helpers.MARKS, str(marks))
    # Nothing remembered, on disk or from earlier tests: every text is checked.
    monkeypatch.setenv("PMDESK_REVIEW_CACHE", "")
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())
    monkeypatch.setattr(helper, "HELPERS", 1)
    monkeypatch.setattr(helper, "HELPER_FROM", {"fork": 0, "spawn": 0})
    monkeypatch.setattr(_parallel, "start_method", lambda: "spawn")
    monkeypatch.setattr(helper, "_in_helper", review_helpers.checking_forever)
    yield marks
    review_helpers.end_left(marks)


def _working_review(qtbot, session, marks: Path):  # type: ignore[no-untyped-def]
    """The review window working out 2026 Q3, its helper at work."""
    from pmdesk.views.review import ReviewWindow

    window = ReviewWindow(session, None, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    window.reload()
    _helper_at_work(qtbot, marks)
    return window


def _helper_at_work(qtbot, marks: Path) -> int:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: len(marked(marks)) == 1, timeout=START_TIMEOUT_MS)
    [pid] = marked(marks)
    assert running(pid)
    return pid


def test_closing_the_review_window_ends_its_helpers(
    qtbot, session, stored, helpers_forever
) -> None:  # type: ignore[no-untyped-def]
    window = _working_review(qtbot, session, helpers_forever)
    window.close()
    assert still_running(helpers_forever) == []
    assert not window.working()


def test_stop_ends_the_helpers_and_refresh_works_it_out_again(
    qtbot, session, stored, helpers_forever
) -> None:  # type: ignore[no-untyped-def]
    window = _working_review(qtbot, session, helpers_forever)
    window.cancel_button.click()
    assert still_running(helpers_forever) == []
    assert window.status_label.text().startswith("Stopped.")
    window.reload()  # a new review starts its own helper
    qtbot.waitUntil(lambda: len(marked(helpers_forever)) == 2, timeout=START_TIMEOUT_MS)
    assert len(still_running(helpers_forever)) == 1


def test_quitting_the_app_ends_the_helpers_of_the_review_being_worked_out(  # type: ignore[no-untyped-def]
    qtbot, stored, window, helpers_forever
) -> None:
    from pmdesk.views.review import ReviewWindow

    # View > Review, on the quarter of the known library.
    window.review_window = ReviewWindow(
        window.session, window.open_postmortem, window, today=lambda: TODAY
    )
    window.open_review()
    _helper_at_work(qtbot, helpers_forever)
    window.close()  # File > Quit
    assert still_running(helpers_forever) == []


def test_quitting_the_app_ends_the_review_worked_out_ahead(  # type: ignore[no-untyped-def]
    window, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmdesk.views.review import ahead

    # A background review that is still working when the app quits.
    sleeper = [sys.executable, "-c", "import time; time.sleep(300)"]
    monkeypatch.setattr(ahead, "command", lambda location: (sleeper, None))
    monkeypatch.setattr(ahead, "FROM_POSTMORTEMS", 0)  # as if the library were large
    monkeypatch.setattr(helper, "HELPERS", 1)  # a core idle
    started: list[int] = []
    start = ahead.start
    monkeypatch.setattr(ahead, "start", lambda location: started.append(start(location)))
    window._review_ahead()
    [pid] = started
    try:
        assert running(pid)
        window.close()  # File > Quit
        assert not running(pid), "the background review outlived the app"
    finally:
        if running(pid):
            os.kill(pid, signal.SIGKILL)
