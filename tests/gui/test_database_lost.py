"""A database file deleted under the open app: it says so, keeps the edits, and saves elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmdesk.interchange import load_file
from pmdesk.storage.door import StorageDoor
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"


def _remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def test_the_app_says_the_database_is_gone_and_saves_elsewhere(
    qtbot, window, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    window.import_paths([SAMPLE])
    title_edit = window.panels["overview"].title_edit
    _remove(db_path)
    shown: list[str] = []

    def answer(box: QMessageBox) -> int:
        shown.append(box.informativeText())
        [save] = [b for b in box.buttons() if b.text().startswith("Save to Another Database")]
        save.click()
        return 0

    rescued = tmp_path / "rescued.sqlite3"
    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(rescued), ""))
    title_edit.selectAll()
    qtbot.keyClicks(title_edit, "Typed after the file was deleted")
    assert window.session.save_now() is True  # the dialog saved it elsewhere
    assert len(shown) == 1 and "was deleted while pmdesk had it open" in shown[0]
    assert window.session.location.path == rescued
    check = Repository(open_engine(resolve(str(rescued))))
    [entry] = check.library()
    assert entry.title == "Typed after the file was deleted"
    check.close()
    # Work goes on in the rescued database.
    qtbot.keyClicks(title_edit, " and after")
    assert window.session.save_now() is True
    check = Repository(open_engine(resolve(str(rescued))))
    assert check.library()[0].title == "Typed after the file was deleted and after"
    check.close()
    assert not db_path.exists()


def test_the_app_keeps_the_edits_when_saving_elsewhere_is_declined(
    qtbot, window, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    # Closing the window at the end asks before losing the edits; this test answers Discard.
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.import_paths([SAMPLE])
    _remove(db_path)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # closed without a choice
    title_edit = window.panels["overview"].title_edit
    qtbot.keyClicks(title_edit, " (edited)")
    assert window.session.save_now() is False
    text = window.save_label.text()
    assert "was deleted while pmdesk had it open" in text and "changes are kept" in text
    assert " (edited)" in window.session.doc.pm.title
    assert window.session.doc.dirty
    assert not db_path.exists()
    # Closing the window now asks before losing them; this test answers Discard.
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard)


def test_a_session_reports_a_deleted_database_once(db_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.ui.session import DocumentSession

    session = DocumentSession(StorageDoor(resolve(str(db_path))))
    new_id = session.create(load_file(SAMPLE))
    session.open(new_id)
    lost: list[str] = []
    session.databaseLost.connect(lost.append)
    _remove(db_path)
    assert session.doc is not None
    session.doc.set_fields(notes="one")
    assert session.save_now() is False
    session.doc.set_fields(notes="two")
    assert session.save_now() is False
    assert len(lost) == 1 and str(db_path) in lost[0]
    assert session.doc.pm.notes == "two" and session.doc.dirty
    assert not db_path.exists()


def test_the_app_refuses_to_export_over_its_database(
    qtbot, window, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    window.import_paths([SAMPLE])
    warnings: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(db_path), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    assert window.export("json") is None
    assert len(warnings) == 1 and "is the open pmdesk database" in warnings[0]
    check = Repository(open_engine(resolve(str(db_path))))
    assert [e.title for e in check.library()] == ["Payment service outage - April 15, 2026"]
    check.close()


def test_the_tracker_writes_its_csv_whole_and_never_over_the_database(
    qtbot, window, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    window.import_paths([SAMPLE])
    window.tracker_action.trigger()
    tracker = window.tracker
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(db_path), ""))
    assert tracker.export("jira") is None
    assert len(warnings) == 1 and "is the open pmdesk database" in warnings[0]
    target = tmp_path / "jira.csv"
    target.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert tracker.export("jira") == target
    assert target.read_text(encoding="utf-8").startswith("Summary")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_save_blocked_by_another_programs_lock_waits_and_saves_when_it_is_free(
    qtbot, db_path: Path, qapp, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from pmdesk.ui import session as session_module
    from pmdesk.ui.session import DocumentSession, SaveState

    monkeypatch.setattr(session_module, "LOCK_WAIT_SECONDS", 0.2)
    monkeypatch.setattr(session_module, "LOCK_POLL_MS", 50)
    session = DocumentSession(StorageDoor(resolve(str(db_path))))
    session.open(session.create(load_file(SAMPLE)))
    assert session.doc is not None
    states: list[tuple[str, str]] = []
    session.saveStateChanged.connect(lambda state, text: states.append((state, text)))
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    session.doc.set_fields(notes="typed while another program held the lock")
    assert session.save_now() is False
    state, text = states[-1]
    assert state == SaveState.WAITING and text.startswith("Waiting for another pmdesk…")
    assert "changes are kept" in text and "damaged" not in text
    # More typing while it waits: still waiting, never an error, nothing lost.
    session.doc.set_fields(notes="typed while another program held the lock, and more")
    assert session.save_now() is False
    qtbot.wait(200)  # several checks of the lock while it is held
    assert session.state == SaveState.WAITING
    assert all(state != SaveState.ERROR for state, _text in states)
    holder.execute("ROLLBACK")
    holder.close()
    # No click needed: pmdesk saves as soon as the other program lets go.
    qtbot.waitUntil(lambda: session.state == SaveState.SAVED, timeout=5000)
    check = Repository(open_engine(resolve(str(db_path))))
    assert check.load(session.doc.pm.id).notes == (
        "typed while another program held the lock, and more"
    )
    check.close()
    session.close()
