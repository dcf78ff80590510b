"""Typing is never lost: the real app, killed with SIGKILL once its autosave says it saved, kept it.

The kill waits for the status bar's "Saved at …", never for a fixed time: on a loaded machine the
save after the pause in typing takes seconds, and a kill before it would test nothing."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from tests.e2e.conftest import pmdesk_env

# Runs inside the app process: start pmdesk normally; once it has started, open the postmortem,
# type into the notes with real key events and say so; say so again when the status bar tells the
# user the autosave (nothing else saves here) wrote it, and keep running until killed.
DRIVER = r"""
import sys
import time
from PySide6.QtCore import QEvent, QTimer, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pmdesk.storage.door import StorageDoor
from pmdesk.views import app as app_module

app = QApplication(sys.argv)
TYPED = "Ana: the dashboard looked normal, so I assumed the deploy was fine.\nRaj: me too 🙂"

def main_window():
    return next(w for w in app.topLevelWidgets() if w.__class__.__name__ == "MainWindow")

def when(condition, then, what, since=None):
    # Go on once `condition` holds; a loaded machine may take its time, but not forever.
    since = time.monotonic() if since is None else since
    if condition():
        then()
    elif time.monotonic() - since > 100:
        raise AssertionError(f"not {what} after 100 s")
    else:
        QTimer.singleShot(50, lambda: when(condition, then, what, since))

def when_started():
    # The window exists (run() makes it before its event loop); type once its start-up is done.
    window = main_window()
    if getattr(window, "presentation", None) is not None:  # done already
        activate()
    else:
        window.startupFinished.connect(activate)

def activate():
    # Keys reach a window the user is in: the active one (the window system says so later).
    window = main_window()
    window.activateWindow()
    when(window.isActiveWindow, open_notes, "the active window")

def open_notes():
    window = main_window()
    window.open_postmortem(1)
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    editor = window.panels["notes"].editor
    when(editor.hasFocus, drive, "in the notes editor after Ctrl+3")

def drive():
    window = main_window()
    editor = window.panels["notes"].editor
    for line_number, line in enumerate(TYPED.split("\n")):
        if line_number:
            QTest.keyClick(editor, Qt.Key.Key_Return)
        for ch in line:
            if ch.isascii():
                QTest.keyClick(editor, ch)
            else:  # QTest only types ASCII; a real key event carries any text
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    app.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
    print("typed", flush=True)
    # Typing left "Unsaved changes"; the next "Saved at …" is the autosave of what was typed.
    assert window.save_label.text() == "Unsaved changes", window.save_label.text()
    watch = QTimer(window)
    watch.setInterval(50)

    def look():
        if window.save_label.text().startswith("Saved at"):
            watch.stop()
            print("saved", flush=True)

    watch.timeout.connect(look)
    watch.start()

QTimer.singleShot(0, when_started)
sys.exit(app_module.run(StorageDoor.at, db=sys.argv[1]))
"""
TYPED = "Ana: the dashboard looked normal, so I assumed the deploy was fine.\nRaj: me too 🙂"
# How long the app may take to start and type, and then to save, on a heavily loaded machine.
PATIENCE_SECONDS = 120


def _lines(stream: object) -> queue.Queue[str]:
    """The lines of `stream` as they come, read on a thread (so waiting for one can time out)."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.put(line.strip())
        lines.put("")  # the app ended

    threading.Thread(target=read, daemon=True).start()
    return lines


def test_notes_survive_sigkill_once_autosaved(tmp_path: Path) -> None:
    db = tmp_path / "pm.sqlite3"
    repo = Repository(open_engine(resolve(str(db))))
    from pmdesk.model import Postmortem

    repo.create(Postmortem(title="Kill test"))
    repo.close()

    with subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=pmdesk_env(),
    ) as process:
        try:
            assert process.stdout is not None and process.stderr is not None
            said = _lines(process.stdout)
            for expected in ("typed", "saved"):
                try:
                    line = said.get(timeout=PATIENCE_SECONDS)
                except queue.Empty:
                    line = f"nothing within {PATIENCE_SECONDS} s"
                if line != expected:
                    process.kill()
                    raise AssertionError(
                        f"expected {expected!r}, got {line!r}\n" + process.stderr.read()
                    )
            assert process.poll() is None, "the app must still be running when it is killed"
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == -signal.SIGKILL

    repo = Repository(open_engine(resolve(str(db))))
    [entry] = repo.library()
    assert repo.load(entry.id).notes == TYPED
    repo.close()
