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
    win.sync_action.trigger()
    assert laptop.team.load(laptop.team_id).title == "Payment outage (retitled offline)"
    assert win.session.doc.pm.summary == "A colleague's summary."  # shown as merged
    assert win.session.doc.pm.title == "Payment outage (retitled offline)"
    assert _state(win) == "In step with team database"


def test_a_conflict_is_offered_to_settle_and_keep_mine_sends_mine(
    laptop: Laptop, conflicting: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    win = conflicting
    offered: list[str] = []

    def choose(box: QMessageBox) -> int:
        offered.append(box.text() + "\n" + box.informativeText())
        next(b for b in box.buttons() if b.text() == "Keep mine").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose)
    win.sync_action.trigger()
    assert offered and offered[0].startswith("1 conflict to settle")
    assert "title: here “My title” / team “Their title”" in offered[0]
    assert laptop.team.load(laptop.team_id).title == "My title"
    assert win.session.doc.pm.title == "My title"
    assert _state(win) == "In step with team database"


def test_later_leaves_both_texts_and_the_status_says_so(
    laptop: Laptop, conflicting: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    win = conflicting
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # closed: "Later"
    win.sync_action.trigger()
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
    win.sync_action.trigger()
    assert boxes == []
    assert _state(win) == "Team database unreachable: working offline · 1 change to send"
    assert win.session.doc.pm.title == "Written on the train"
    assert laptop.team.load(laptop.team_id).title != "Written on the train"
    monkeypatch.undo()
    win.sync_action.trigger()
    assert laptop.team.load(laptop.team_id).title == "Written on the train"
    assert _state(win) == "In step with team database"
