"""Meeting keys pressed while the last postmortem is still opening are not lost, and the phase
guidance, the timer bar and the stored meeting always name the same phase."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def _reopening(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A window coming back to a new postmortem (its meeting at Ground rules), shown and painted
    but held before its start-up opens the postmortem; returns it and the way to let it go on."""
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.library import read_library_fast
    from pmdesk.storage.location import resolve
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    first = MainWindow(DocumentSession(StorageDoor(resolve(str(db_path)))), [])
    qtbot.addWidget(first)
    first.finish_startup()
    first.new_postmortem()
    assert first.timer_bar.timer.phase_name == "Ground rules"
    first.close()

    held: list[object] = []
    monkeypatch.setattr(MainWindow, "_first_frame_done", lambda self: held.append(self))
    window = MainWindow(
        DocumentSession(StorageDoor(resolve(str(db_path)))), read_library_fast(db_path)
    )
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: held == [window])  # painted; the open is still to come
    assert window.stack.currentWidget() is window.opening
    monkeypatch.undo()

    def finish() -> None:
        MainWindow._first_frame_done(window)

    return window, finish


def _press(window, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key pressed where the cursor is (the search field at start-up), as a person does."""
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, key, modifiers)


def _phases_shown(window) -> tuple[str, str, int]:  # type: ignore[no-untyped-def]
    """The phase the timer bar shows, the guidance pane's title, and the stored phase index."""
    bar = window.timer_bar.phase_label.text()
    guidance = window.guidance.toggle.text().lstrip("▾▸ ")
    window.session.save_now()
    stored = window.session.repo.load(window.session.doc.pm.id).timer.phase_index
    return bar, guidance, stored


def test_next_phase_pressed_while_opening_moves_the_meeting_once_it_is_open(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window, finish = _reopening(qtbot, db_path, monkeypatch)
    _press(window, Qt.Key.Key_F8)
    said = window.statusBar().currentMessage()
    assert said == "Next phase: done as soon as the postmortem is open"
    finish()
    assert window.session.doc is not None
    assert window.statusBar().currentMessage() != said
    assert _phases_shown(window) == ("2/5 Walk the timeline", "Walk the timeline", 1)


def test_keys_pressed_while_opening_are_carried_out_in_order_and_ctrl_k_still_searches(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window, finish = _reopening(qtbot, db_path, monkeypatch)
    _press(window, Qt.Key.Key_F8)
    _press(window, Qt.Key.Key_F8)
    _press(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.library.filter_edit.hasFocus()
    _press(window, Qt.Key.Key_F7)
    finish()
    assert _phases_shown(window) == ("2/5 Walk the timeline", "Walk the timeline", 1)
    # After the open the keys work as always, and every view follows.
    _press(window, Qt.Key.Key_F8)
    assert _phases_shown(window) == ("3/5 Contributing factors", "Contributing factors", 2)


def test_back_pressed_while_opening_at_the_first_phase_changes_nothing(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window, finish = _reopening(qtbot, db_path, monkeypatch)
    _press(window, Qt.Key.Key_F7)
    finish()
    assert _phases_shown(window) == ("1/5 Ground rules", "Ground rules", 0)


def test_the_guidance_follows_every_phase_the_timer_bar_shows(meeting) -> None:  # type: ignore[no-untyped-def]
    bar = meeting.timer_bar
    # However the bar's timer got to another phase, the reading it shows moves the guidance.
    bar.timer.next_phase()
    bar.refresh()
    assert bar.phase_label.text().endswith(bar.timer.phase_name)
    assert meeting.guidance.toggle.text().lstrip("▾▸ ") == bar.timer.phase_name


def _upgrading(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A window's first start on a database written by an older pmdesk (its schema is upgraded
    before the postmortem that was open can be read: the sample, its meeting at the last phase),
    shown and painted but held before its start-up upgrades and opens; returns it, the
    database's path and the way to let it go on."""
    import shutil

    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.location import resolve
    from pmdesk.ui import settings
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    path = tmp_path / "older.sqlite3"
    shutil.copy(Path(__file__).parents[1] / "fixtures" / "release-0.1.0.sqlite3", path)
    door = StorageDoor(resolve(str(path)))
    settings.last_open_key(door.location.display).set(1)  # open when the last pmdesk closed
    entries = door.quick_library()
    assert entries is None  # listed only once the schema is upgraded
    held: list[object] = []
    monkeypatch.setattr(MainWindow, "_first_frame_done", lambda self: held.append(self))
    window = MainWindow(DocumentSession(door), entries)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: held == [window])  # painted; the upgrade and the open still to come
    monkeypatch.undo()

    def finish() -> None:
        MainWindow._first_frame_done(window)

    return window, path, finish


def test_back_pressed_while_an_older_database_is_upgraded_is_carried_out_once_it_is_open(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window, _path, finish = _upgrading(qtbot, tmp_path, monkeypatch)
    _press(window, Qt.Key.Key_F7)
    said = window.statusBar().currentMessage()
    assert said == "Previous phase: done as soon as the postmortem is open"
    finish()
    assert window.session.doc is not None
    assert window.statusBar().currentMessage() != said
    assert _phases_shown(window) == ("4/5 Action items", "Action items", 3)


def test_keys_held_while_opening_are_said_not_done_when_the_open_fails(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.views import database_faults

    window, path, finish = _upgrading(qtbot, tmp_path, monkeypatch)
    _press(window, Qt.Key.Key_F7)
    _press(window, Qt.Key.Key_F5)
    shown: list[str] = []
    monkeypatch.setattr(
        database_faults,
        "show_problem",
        lambda _parent, _session, doing, problem: shown.append(f"{doing}: {problem}") or False,
    )
    path.write_bytes(b"not a database " * 512)  # damaged before it could be opened
    finish()
    assert window.session.doc is None
    assert len(shown) == 1 and shown[0].startswith("open the database")
    # The keys were not carried out, and the status bar says so.
    assert window.statusBar().currentMessage() == (
        "Not done, as the postmortem did not open: Previous phase, Start or pause"
    )
