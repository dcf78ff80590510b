"""A restart reopens the last postmortem before the database layer loads; saving stays safe."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from pmdesk.operations import items
from tests.gui.conftest import SAMPLE


def _restart(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Import the sample in one window, close it, and start again as the app does.

    Message boxes record what they say and are closed without a choice.
    """
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.library import read_library_fast
    from pmdesk.storage.location import resolve
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    first = MainWindow(DocumentSession(StorageDoor(resolve(str(db_path)))), [])
    qtbot.addWidget(first)
    first.finish_startup()
    first.import_paths([SAMPLE])
    first.close()
    second = MainWindow(
        DocumentSession(StorageDoor(resolve(str(db_path)))), read_library_fast(db_path)
    )
    qtbot.addWidget(second)
    second.told = []  # type: ignore[attr-defined]
    monkeypatch.setattr(QMessageBox, "exec", lambda box: second.told.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard)
    second.show()
    with qtbot.waitSignal(second.startupFinished, timeout=10_000):
        pass
    assert second.session.doc is not None
    return second


def _stored_title(db_path: Path, postmortem_id: int) -> str:
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    repo = Repository(open_engine(resolve(str(db_path)), read_only=True))
    try:
        return repo.load(postmortem_id).title
    finally:
        repo.close()


def test_typing_right_after_a_restart_is_saved_into_the_same_file(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = _restart(qtbot, db_path, monkeypatch)
    assert window.session._repo is None  # reopened without the database layer
    pm_id = window.session.doc.pm.id
    window.show_panel("overview")
    title = window.panels["overview"].title_edit
    title.selectAll()
    qtbot.keyClicks(title, "Payments down")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.save_label.text().startswith("Saved at")
    assert _stored_title(db_path, pm_id) == "Payments down"
    assert window.session.repo.load(pm_id) == window.session.doc.pm


def test_a_file_replaced_before_the_first_save_is_never_written(
    qtbot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = _restart(qtbot, db_path, monkeypatch)
    pm_id = window.session.doc.pm.id
    original = window.session.doc.pm.title
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(db_path, copy)
    copy.replace(db_path)  # another file under the same name (a restored backup, a sync tool)
    lost: list[str] = []
    window.session.databaseLost.connect(lost.append)
    window.session.apply(
        items.set_fields(window.session.doc, "Title", title="Typed after the swap")
    )
    assert not window.session.save_now()
    assert "Not saved" in window.save_label.text() and lost
    assert "replaced" in lost[0]
    assert window.session.doc.pm.title == "Typed after the swap"  # kept in memory
    assert _stored_title(db_path, pm_id) == original


def test_a_file_deleted_before_the_first_save_is_not_recreated(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = _restart(qtbot, db_path, monkeypatch)
    db_path.unlink()
    lost: list[str] = []
    window.session.databaseLost.connect(lost.append)
    window.session.apply(
        items.set_fields(window.session.doc, "Title", title="Typed after the delete")
    )
    assert not window.session.save_now()
    assert "deleted" in lost[0]
    assert "Not saved" in window.save_label.text()
    assert not db_path.exists()  # no empty database in its place
    assert window.session.doc.pm.title == "Typed after the delete"
    window.session.stop_saving()


def test_the_cycle_collector_is_back_on_once_start_up_is_done() -> None:
    import gc

    from pmdesk.views.app import collect_garbage_from_now_on

    gc.disable()  # as the command line does before the app starts
    try:
        collect_garbage_from_now_on()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # start-up's objects are left out of later collections
        frozen = gc.get_freeze_count()
        collect_garbage_from_now_on()  # a second window (another database) changes nothing
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_restart_shows_nothing_unsaved_until_the_user_types(
    qtbot, themed, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.ui import theme

    window = _restart(qtbot, db_path, monkeypatch)
    assert window.save_label.text() == "All changes saved"
    qtbot.wait(400)  # longer than an editor waits before committing what was typed
    assert window.save_label.text() == "All changes saved"
    theme.apply(themed, "dark", 1.0)  # every field is restyled: still nothing to save
    assert window.save_label.text() == "All changes saved"
    qtbot.wait(400)
    assert window.save_label.text() == "All changes saved"
    window.show_panel("timeline")
    editor = window.panels["timeline"].seen_edit
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " Then the alert fired.")
    assert window.save_label.text() == "Unsaved changes"
    qtbot.waitUntil(lambda: window.save_label.text().startswith("Saved at"), timeout=3000)
    assert any(e.seen.endswith("Then the alert fired.") for e in window.session.doc.pm.timeline)


def test_the_window_has_its_icon_at_taskbar_and_switcher_sizes(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSize

    window = _restart(qtbot, db_path, monkeypatch)
    icon = window.windowIcon()
    assert not icon.isNull()
    sizes = {(size.width(), size.height()) for size in icon.availableSizes()}
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
    large = icon.pixmap(QSize(256, 256))
    assert large.width() == 256 and large.toImage().pixelColor(128, 128).alpha() != 0


def test_a_reopened_postmortem_is_drawn_in_the_theme_s_colours_and_no_welcome_page_is_made(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch, themed
) -> None:  # type: ignore[no-untyped-def]
    """The Overview's margins show the window colour, the guidance its own (base) colour down
    to its scroll bar: the panels made inside their tabs are styled as panels moved there were."""
    from pmdesk.ui import theme

    window = _restart(qtbot, db_path, monkeypatch)
    window.resize(1280, 700)
    qtbot.waitExposed(window)
    colours = theme.palette()
    overview = window.panels["overview"]
    image = overview.grab().toImage()
    assert image.pixelColor(4, image.height() - 4).name() == colours["window"].lower()
    bar = window.guidance.body.verticalScrollBar()
    assert bar.isVisible()  # the close phase's guidance is longer than the pane
    groove = bar.grab().toImage()
    assert (
        groove.pixelColor(groove.width() // 2, groove.height() - 3).name()
        == colours["base"].lower()
    )
    assert window._welcome is None  # never shown, never made
