"""File > Sync and the status bar's team state, driven as a facilitator does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"


class Laptop:
    def __init__(self, team_path: Path, db_path: Path) -> None:
        from pmdesk.interchange import load_file
        from pmdesk.storage import sync
        from pmdesk.storage.engine import open_engine
        from pmdesk.storage.location import resolve
        from pmdesk.storage.repository import Repository

        self.team = Repository(open_engine(resolve(str(team_path))))
        self.team_id = self.team.create(load_file(SAMPLE))
        local = Repository(open_engine(resolve(str(db_path))))
        [(_, self.local_id)] = sync.checkout(local, str(team_path), [self.team_id])
        local.close()

    def team_edit(self, **values: Any) -> None:
        from pmdesk.document import Document

        doc = Document(self.team.load(self.team_id))
        doc.set_fields(**values)
        self.team.save(doc.pm, doc.take_dirty())


@pytest.fixture
def laptop(tmp_path: Path, db_path: Path) -> Iterator[Laptop]:
    made = Laptop(tmp_path / "team.sqlite3", db_path)
    yield made
    made.team.close()


@pytest.fixture
def synced_window(laptop: Laptop, window):  # type: ignore[no-untyped-def]
    return window


def _state(window: Any) -> str:
    label = window.team_label
    return label.text() if label is not None and label.isVisible() else ""


def _sync(qtbot: Any, window: Any) -> None:
    """File > Sync, and wait for its worker thread to be done."""
    window.sync_action.trigger()
    qtbot.waitUntil(lambda: not window.syncing, timeout=15000)


def _type_title(qtbot: Any, window: Any, text: str) -> None:
    edit = window.panels["overview"].title_edit
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    edit.editingFinished.emit()
    window.session.save_now()


def _retitle_here(qtbot: Any, window: Any, laptop: Laptop, text: str) -> None:
    """Open the checked-out postmortem and type a new title into it, offline."""
    window.open_postmortem(laptop.local_id)
    _type_title(qtbot, window, text)


@pytest.fixture
def conflicting(qtbot: Any, laptop: Laptop, synced_window: Any) -> Any:
    """The window, its title retitled here as "My title" and on the team as "Their title"."""
    _retitle_here(qtbot, synced_window, laptop, "My title")
    laptop.team_edit(title="Their title")
    return synced_window


def test_status_bar_follows_edits_and_file_sync_merges_both_ways(
    qtbot: Any, laptop: Laptop, synced_window: Any
) -> None:
    win = synced_window
    qtbot.waitUntil(lambda: _state(win) == "In step with team database", timeout=5000)
    _retitle_here(qtbot, win, laptop, "Payment outage (retitled offline)")
    assert _state(win) == "1 change to send"
    laptop.team_edit(summary="A colleague's summary.")
    _sync(qtbot, win)
    assert laptop.team.load(laptop.team_id).title == "Payment outage (retitled offline)"
    assert win.session.doc.pm.summary == "A colleague's summary."  # shown as merged
    assert win.session.doc.pm.title == "Payment outage (retitled offline)"
    assert _state(win) == "In step with team database"


def test_a_conflict_is_offered_to_settle_and_keep_mine_sends_mine(
    qtbot: Any, laptop: Laptop, conflicting: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    win = conflicting
    offered: list[str] = []

    def choose(box: QMessageBox) -> int:
        offered.append(box.text() + "\n" + box.informativeText())
        next(b for b in box.buttons() if b.text() == "Keep mine").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose)
    _sync(qtbot, win)
    assert offered and offered[0].startswith("1 conflict to settle")
    assert "title: here “My title” / team “Their title”" in offered[0]
    assert laptop.team.load(laptop.team_id).title == "My title"
    assert win.session.doc.pm.title == "My title"
    assert _state(win) == "In step with team database"


def test_later_leaves_both_texts_and_the_status_says_so(
    qtbot: Any, laptop: Laptop, conflicting: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    win = conflicting
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # closed: "Later"
    _sync(qtbot, win)
    assert win.session.doc.pm.title == "My title"
    assert laptop.team.load(laptop.team_id).title == "Their title"
    assert _state(win) == "1 conflict to settle"


def test_an_unreachable_team_database_is_a_state_not_an_error(
    qtbot: Any, laptop: Laptop, synced_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from pmdesk.storage import sync
    from pmdesk.storage.location import resolve

    win = synced_window
    _retitle_here(qtbot, win, laptop, "Written on the train")
    monkeypatch.setattr(
        sync, "team_location", lambda url: resolve("postgresql+psycopg://pm@127.0.0.1:1/team")
    )
    boxes: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, n=name, **k: boxes.append(n))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append("exec"))
    _sync(qtbot, win)
    assert boxes == []
    assert _state(win) == "Team database unreachable: working offline · 1 change to send"
    assert win.session.doc.pm.title == "Written on the train"
    assert laptop.team.load(laptop.team_id).title != "Written on the train"
    monkeypatch.undo()
    _sync(qtbot, win)
    assert laptop.team.load(laptop.team_id).title == "Written on the train"
    assert _state(win) == "In step with team database"


def test_the_window_keeps_working_while_a_sync_runs(
    qtbot: Any, laptop: Laptop, synced_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from pmdesk.storage import sync

    win = synced_window
    win.open_postmortem(laptop.local_id)
    laptop.team_edit(summary="A colleague's summary.")
    release = threading.Event()
    real_sync = sync.sync

    def slow_sync(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(timeout=20)  # a slow team server
        return real_sync(*args, **kwargs)

    monkeypatch.setattr(sync, "sync", slow_sync)
    from PySide6.QtWidgets import QMessageBox

    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: boxes.append(a[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: boxes.append(a[2]))
    win.sync_action.trigger()
    assert win.syncing
    assert win.statusBar().currentMessage() == "Syncing with the team database…"
    # Typing goes on meanwhile; it waits in memory and is kept.
    lessons = win.panels["overview"].lessons_edit
    lessons.setFocus()
    lessons.selectAll()
    qtbot.keyClicks(lessons, "Typed during the sync.")
    win.session.flush_edits()
    assert lessons.toPlainText() == "Typed during the sync."
    assert not win.sync_action.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: not win.syncing, timeout=15000)
    assert boxes == []
    assert win.statusBar().currentMessage() == "Sync done: In step with team database"
    assert win.session.doc.pm.summary == "A colleague's summary."
    assert lessons.toPlainText() == "Typed during the sync."
    qtbot.waitUntil(lambda: win.session.save_now(), timeout=5000)
    assert _state(win) == "1 change to send"
    _sync(qtbot, win)
    assert laptop.team.load(laptop.team_id).lessons == "Typed during the sync."


def test_take_offline_copies_the_ticked_postmortems(
    qtbot: Any, tmp_path: Path, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt

    from pmdesk.interchange import load_file
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository
    from pmdesk.views.take_offline import TakeOfflineDialog

    team_path = tmp_path / "team.sqlite3"
    team = Repository(open_engine(resolve(str(team_path))))
    first = load_file(SAMPLE)
    second = load_file(SAMPLE)
    second.title = "Search latency regression"
    team.create(first)
    team.create(second)
    team.close()
    dialogs: list[TakeOfflineDialog] = []

    def pick(dialog: TakeOfflineDialog) -> int:
        dialogs.append(dialog)
        dialog.location.setFocus()
        qtbot.keyClicks(dialog.location, str(team_path))
        qtbot.keyClick(dialog.location, Qt.Key.Key_Return)
        assert dialog.postmortems.count() == 2
        assert not dialog.take_button.isEnabled()
        row = next(r for r in range(2) if "Search latency" in dialog.postmortems.item(r).text())
        dialog.postmortems.setCurrentRow(row)
        qtbot.keyClick(dialog.postmortems, Qt.Key.Key_Space)
        assert dialog.take_button.isEnabled()
        dialog.take_button.click()
        return int(dialog.result())

    monkeypatch.setattr(TakeOfflineDialog, "exec", pick)
    window.take_offline_action.trigger()
    assert dialogs and dialogs[0].taken == 1
    titles = [e.title for e in window.session.repo.library()]
    assert "Search latency regression" in titles
    assert "1 postmortem taken offline" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: _state(window) == "In step with team database", timeout=5000)


def test_take_offline_names_a_team_database_that_cannot_be_read(
    qtbot: Any, tmp_path: Path, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt

    from pmdesk.views.take_offline import TakeOfflineDialog

    missing = tmp_path / "no-such-folder" / "team.sqlite3"
    seen: list[str] = []

    def pick(dialog: TakeOfflineDialog) -> int:
        dialog.location.setFocus()
        qtbot.keyClicks(dialog.location, str(missing))
        qtbot.keyClick(dialog.location, Qt.Key.Key_Return)
        seen.append(dialog.message.text())
        return 0

    monkeypatch.setattr(TakeOfflineDialog, "exec", pick)
    window.take_offline_action.trigger()
    assert seen == [f"There is no database file at {missing}: check the path, or Browse… for it."]
    assert not missing.parent.exists()  # nothing was made there
    assert window.session.repo.library() == []
