"""Work the main window times for later (after start-up) meets the window and database of then.

Start-up leaves a few calls for later: loading the database layer, the team state, the first
look for others' saves, a large library's review. The database may have been replaced by then
(Save to Another Database) and the window closed (another database opened): each call must go
to the database open then, and none may run for a window that is gone.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import started

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"


def _window(qtbot, db_path: Path, *, closed_by_test: bool = False):  # type: ignore[no-untyped-def]
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.location import resolve
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    window = MainWindow(DocumentSession(StorageDoor(resolve(str(db_path)))), [])
    if not closed_by_test:
        qtbot.addWidget(window)
    started(qtbot, window)
    return window


@pytest.fixture
def soon(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start-up's later work comes due within a second, and never before the test has acted."""
    from pmdesk.ui import live
    from pmdesk.views import main_window
    from pmdesk.views.window import team_sync

    monkeypatch.setattr(live, "PRELOAD_MS", 500)
    monkeypatch.setattr(live, "FIRST_WATCH_MS", 600)
    monkeypatch.setattr(team_sync, "TEAM_STATUS_DELAY_MS", 1000)
    monkeypatch.setattr(main_window, "REVIEW_AHEAD_MS", 700)


def test_saved_elsewhere_right_after_start_up_the_later_work_goes_to_the_new_database(  # type: ignore[no-untyped-def]
    qtbot, soon, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmdesk.storage.door import StorageDoor

    # Which door is asked to load the database layer (by its identity: the old one is freed).
    asked: list[int] = []
    monkeypatch.setattr(StorageDoor, "preload", lambda door: asked.append(id(door)))
    window = _window(qtbot, db_path)
    window.import_paths([SAMPLE])
    session = window.session
    old_door = weakref.ref(session.door)
    old_id = id(session.door)
    rescued = tmp_path / "rescued.sqlite3"
    session.doc.set_fields(notes="typed before the file went away")
    session.save_elsewhere(str(rescued))
    gc.collect()
    assert old_door() is None  # nothing holds on to the database that was left
    qtbot.wait(1300)  # the layer's loading and the team state come due
    assert old_id not in asked
    assert id(session.door) in asked
    assert session.location.path == rescued
    session.doc.set_fields(notes="typed afterwards")
    assert session.save_now() is True
    assert window.save_label.text().startswith("Saved at")


def test_a_window_closed_right_after_start_up_starts_nothing_later(  # type: ignore[no-untyped-def]
    qtbot, soon, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmdesk.review import helper
    from pmdesk.views.review import ahead

    started: list[object] = []
    monkeypatch.setattr(ahead, "start", lambda location: started.append(location) or 4242)
    monkeypatch.setattr(ahead, "FROM_POSTMORTEMS", 0)  # as if the library were large
    monkeypatch.setattr(helper, "HELPERS", 1)  # a core idle
    window = _window(qtbot, db_path)
    live = window.live
    assert live is not None
    window.close()  # another database opened: this window is closed, not yet deleted
    qtbot.wait(1300)  # past every delayed start-up call
    assert started == []  # no background review for the database of a closed window
    assert not live._watch.isActive()  # no look for others' saves
    assert live._announced is None  # not said to be present


def test_a_window_deleted_right_after_start_up_runs_nothing_later(  # type: ignore[no-untyped-def]
    qtbot, soon, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmdesk.storage.door import StorageDoor

    calls: list[str] = []
    monkeypatch.setattr(StorageDoor, "preload", lambda door: calls.append("preload"))
    monkeypatch.setattr(StorageDoor, "team", lambda door, store: calls.append("team"))
    window = _window(qtbot, db_path, closed_by_test=True)
    window.close()
    window.deleteLater()
    del window
    qtbot.wait(1300)  # the window is deleted first, then its timers would come due
    assert calls == []


def test_a_window_closed_while_it_syncs_leaves_no_thread_behind(  # type: ignore[no-untyped-def]
    qtbot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from pmdesk.interchange import load_file
    from pmdesk.storage import sync
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    team_path = tmp_path / "team.sqlite3"
    team = Repository(open_engine(resolve(str(team_path))))
    local = Repository(open_engine(resolve(str(db_path))))
    [(_, local_id)] = sync.checkout(local, str(team_path), [team.create(load_file(SAMPLE))])
    local.close()
    release = threading.Event()
    real_sync = sync.sync

    def slow_sync(*args: object, **kwargs: object) -> object:
        assert release.wait(timeout=20)  # a slow team server
        return real_sync(*args, **kwargs)

    monkeypatch.setattr(sync, "sync", slow_sync)
    window = _window(qtbot, db_path, closed_by_test=True)
    window.open_postmortem(local_id)
    window.sync_action.trigger()
    assert window.syncing
    [syncing] = [t for t in threading.enumerate() if t.name == "pmdesk-sync" and t.is_alive()]
    window.close()  # the facilitator quits while the team server has not answered
    window.deleteLater()
    del window
    qtbot.wait(100)  # the window is gone
    release.set()  # the server answers: nothing is left to tell
    syncing.join(timeout=10)
    assert not syncing.is_alive()
    qtbot.wait(200)  # nothing comes back from the thread either
    team.close()


def test_a_window_closed_while_it_publishes_stops_after_the_page_being_written(  # type: ignore[no-untyped-def]
    qtbot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    from PySide6.QtWidgets import QMessageBox

    from pmdesk import publish
    from pmdesk.views.publish_dialog import PublishRun

    shown: list[str] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, **k: shown.append(a[2]))
    pages: list[int] = []
    ended = threading.Event()

    def slow_publish(*_args: object, progress: Any, **_kwargs: object) -> None:
        try:
            for done in range(1, 10_000):
                time.sleep(0.01)  # a slow disk
                pages.append(done)
                progress(done)
        finally:
            ended.set()

    monkeypatch.setattr(publish, "publish", slow_publish)
    window = _window(qtbot, db_path, closed_by_test=True)
    window.import_paths([SAMPLE])
    run = PublishRun(window, window.session, tmp_path / "site", "html", None)
    run.start()
    qtbot.waitUntil(lambda: len(pages) >= 3)
    window.close()  # quitting mid-publish
    assert ended.is_set()  # the close waited for the page being written, and went no further
    written = len(pages)
    window.deleteLater()  # with it the publish and its thread
    del window, run
    qtbot.wait(200)
    assert len(pages) == written
    assert shown == []  # no message about a publish for a window that is gone


def test_a_window_closed_after_seen_before_looked_leaves_no_thread_behind(  # type: ignore[no-untyped-def]
    qtbot, db_path: Path
) -> None:
    import threading

    before = set(threading.enumerate())
    window = _window(qtbot, db_path)
    window.import_paths([SAMPLE])
    window.show_panel("factors")
    pane = window.build_panel("factors").seen_before
    qtbot.waitUntil(lambda: pane.watcher.answered and not pane.watcher.looking, timeout=10_000)
    lookers = [
        t for t in threading.enumerate() if t.name.startswith("seen-before") and t not in before
    ]
    assert lookers
    window.close()
    for looker in lookers:
        looker.join(timeout=10)
    assert not any(looker.is_alive() for looker in lookers)  # none idles on until quit
