"""GUI fixtures: a real main window on a fresh database, with dialogs that never block."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"
# How long a window's start-up may take on a heavily loaded machine (a few seconds unloaded).
STARTUP_TIMEOUT_MS = 60_000


def started(qtbot: Any, window: Any) -> Any:
    """Show `window` and wait for its start-up to finish as the app's does: once, after the first
    paint (calling finish_startup() as well would run it a second time)."""
    with qtbot.waitSignal(window.startupFinished, timeout=STARTUP_TIMEOUT_MS):
        window.show()
    return window


@pytest.fixture
def session(qapp, db_path: Path):  # type: ignore[no-untyped-def]
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.location import resolve
    from pmdesk.ui.session import DocumentSession

    s = DocumentSession(StorageDoor(resolve(str(db_path))))
    yield s
    s.close()


@pytest.fixture
def window(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.location import resolve
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    # Confirmations answer Yes unless a test says otherwise; nothing modal is left open.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    # "Conflicts kept" on closing a window with conflicts open: a note, answered by closing it.
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    session = DocumentSession(StorageDoor(resolve(str(db_path))))
    win = MainWindow(session, [])
    qtbot.addWidget(win)
    started(qtbot, win)
    yield win
    session.save_now()


@pytest.fixture
def sample(qtbot, window):  # type: ignore[no-untyped-def]
    """The sample open in the window at 1280 x 720 (the walk's screen), the window active."""
    window.resize(1280, 720)
    window.import_paths([SAMPLE])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture
def meeting(qtbot, window):  # type: ignore[no-untyped-def]
    """The sample open at the first phase, the clock stopped, the window active."""
    window.import_paths([SAMPLE])
    while window.timer_bar.timer.index > 0:  # the sample's meeting is over: start at the top
        window.timer_bar.previous_phase()
    if window.timer_bar.timer.running:
        window.timer_bar.toggle_running()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture(autouse=True)
def _release_modifiers(qapp):  # type: ignore[no-untyped-def]
    """QTest's keyClick(key, Ctrl) never releases Ctrl: Qt would believe it is still held in the
    next test (a click then toggles instead of selecting). Release every modifier after each test.
    """
    yield
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    sink = QWidget()
    for key in (Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
        QTest.keyRelease(sink, key)
    sink.deleteLater()


@pytest.fixture
def themed(qapp):  # type: ignore[no-untyped-def]
    """The app's stylesheet and palette as the user sees them; put back afterwards."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from pmdesk.ui import theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    sheet, palette, state = app.styleSheet(), QPalette(app.palette()), dict(theme._state)
    # Windows of earlier tests still waiting to be deleted would all be restyled too.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    theme.apply(app, "light", 1.0)
    yield app
    app.setStyleSheet(sheet)
    app.setPalette(palette)
    theme._state.update(state)


@pytest.fixture
def colleague(db_path: Path) -> Iterator[Any]:
    """Another pmdesk on the same database file: its own connection, its own saves."""
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    repo = Repository(open_engine(resolve(str(db_path))))
    yield repo
    repo.close()


def colleague_saves(repo: Any, postmortem_id: int, **fields: Any) -> None:
    """The colleague changes fields of a postmortem and saves, as their window would."""
    from pmdesk.document import Document

    pm, versions = repo.load_versioned(postmortem_id)
    doc = Document(pm)
    doc.set_fields(**fields)
    repo.save(doc.pm, doc.take_dirty(), versions)
