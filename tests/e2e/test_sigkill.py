"""Typing is never lost: the real app, killed with SIGKILL 2 s after the last keystroke, kept it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from tests.e2e.conftest import pmdesk_env

# Runs inside the app process: start pmdesk normally, open the postmortem, type into the notes
# with real key events, say so, and keep running until killed.
DRIVER = r"""
import sys
from PySide6.QtCore import QEvent, QTimer, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pmdesk.storage.door import StorageDoor
from pmdesk.views import app as app_module

app = QApplication(sys.argv)
TYPED = "Ana: the dashboard looked normal, so I assumed the deploy was fine.\nRaj: me too 🙂"

def drive():
    window = next(w for w in app.topLevelWidgets() if w.__class__.__name__ == "MainWindow")
    window.open_postmortem(1)
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    editor = window.panels["notes"].editor
    assert editor.hasFocus(), "Ctrl+3 should focus the notes editor"
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

QTimer.singleShot(300, drive)
sys.exit(app_module.run(StorageDoor.at, db=sys.argv[1]))
"""
TYPED = "Ana: the dashboard looked normal, so I assumed the deploy was fine.\nRaj: me too 🙂"


def test_notes_survive_sigkill_two_seconds_after_typing(tmp_path: Path) -> None:
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
            line = process.stdout.readline()
            if line.strip() != "typed":
                process.kill()
                raise AssertionError(process.stderr.read())
            time.sleep(2.0)
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
