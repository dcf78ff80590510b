"""Every command that touches the database, on a deleted and on a read-only database.

Each command is driven through its real menu action or button. None may raise (pytest-qt fails a
test on an exception inside a Qt slot), each says in one message box which database failed and
why, and what was typed in the open postmortem stays on screen and in memory.
"""

from __future__ import annotations

import gc
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pmdesk.interchange import load_file
from tests.gui.conftest import started

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"
TYPED = " (typed before the command)"


class Messages:
    """Every message box the app shows, answered without blocking."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.shown: list[str] = []

        def static(kind: str) -> Any:
            def show(parent: object, title: str, text: str, *args: object, **kwargs: object) -> Any:
                self.shown.append(f"{title}\n{text}")
                return QMessageBox.StandardButton.Discard  # closing at the end: never blocks

            return show

        def execute(box: QMessageBox) -> int:
            self.shown.append(f"{box.windowTitle()}\n{box.text()}\n{box.informativeText()}")
            return 0

        for name in ("warning", "critical", "information"):
            monkeypatch.setattr(QMessageBox, name, static(name))
        monkeypatch.setattr(QMessageBox, "exec", execute)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    def about_the_database(self, database: Path, cause: str) -> list[str]:
        return [text for text in self.shown if database.name in text and cause in text]


def _fill(database: Path) -> dict[str, int]:
    """Two postmortems in the library and one in the trash."""
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    repo = Repository(open_engine(resolve(str(database))))
    ids = {}
    for name in ("open", "other", "trashed"):
        pm = load_file(SAMPLE)
        pm.title = f"The {name} one"
        ids[name] = repo.create(pm)
    repo.trash(ids["trashed"])
    repo.close()
    gc.collect()
    return ids


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


def _fill_up(folder: Path) -> None:
    """Use every free byte of the disk under `folder`."""
    for name, chunk in (("filler", 4096), ("filler-small", 1)):
        with open(folder / name, "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * chunk)
            except OSError:
                pass


@pytest.fixture(params=["deleted", "read-only", "full"])
def fault(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param in ("read-only", "full"):
        if os.geteuid() != 0:
            pytest.skip("a read-only or full disk (a small tmpfs) needs root")
        disk = tmp_path / "disk"
        disk.mkdir()
        mounted = _mount("-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", str(disk))
        if mounted.returncode != 0:
            pytest.skip(f"mounting a tmpfs is not allowed here: {mounted.stderr.strip()}")
        try:
            yield request.param
        finally:
            gc.collect()
            subprocess.run(["umount", "-l", str(disk)], capture_output=True, check=False)
    else:
        yield request.param


@pytest.fixture
def broken(qtbot, fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A main window with a postmortem open and typed into, on a database that then fails."""
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.location import resolve
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    folder = tmp_path if fault == "deleted" else tmp_path / "disk"
    database = folder / "pm.sqlite3"
    ids = _fill(database)
    if fault == "read-only":
        assert _mount("-o", "remount,ro", str(folder)).returncode == 0
    messages = Messages(monkeypatch)
    session = DocumentSession(StorageDoor(resolve(str(database))))
    window = MainWindow(session, [])
    qtbot.addWidget(window)
    started(qtbot, window)
    window.open_postmortem(ids["open"])
    if fault == "deleted":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    if fault == "full":
        _fill_up(folder)
    title_edit = window.panels["overview"].title_edit
    title_edit.setFocus()
    title_edit.end(False)
    qtbot.keyClicks(title_edit, TYPED)
    yield window, database, ids, messages
    if session._repo is not None:
        session._repo.close()


def _cause(fault: str) -> str:
    return {"deleted": "was deleted", "read-only": "is read-only", "full": "the disk is full"}[
        fault
    ]


def _check(window: Any, database: Path, messages: Messages, fault: str, typed: str = TYPED) -> None:
    """One clear message naming the database and the cause; the typed text is still there."""
    told = messages.about_the_database(database, _cause(fault))
    assert told, messages.shown
    assert all("damaged" not in text for text in messages.shown), messages.shown
    assert all("Traceback" not in text for text in messages.shown)
    doc = window.session.doc
    if doc is not None:
        assert doc.pm.title == f"The open one{typed}"
        assert window.panels["overview"].title_edit.text() == f"The open one{typed}"
    if fault == "deleted":
        assert not database.exists() or database.stat().st_size == 0


def test_new_postmortem(broken, fault: str) -> None:  # type: ignore[no-untyped-def]
    window, database, _ids, messages = broken
    window.new_action.trigger()
    _check(window, database, messages, fault)
    assert window.session.doc is not None  # the open postmortem stays open


def test_duplicate(broken, fault: str) -> None:  # type: ignore[no-untyped-def]
    window, database, _ids, messages = broken
    window.duplicate_action.trigger()
    _check(window, database, messages, fault)
    assert window.session.doc is not None


def test_move_to_trash(broken, fault: str) -> None:  # type: ignore[no-untyped-def]
    window, database, _ids, messages = broken
    window.trash_action.trigger()
    _check(window, database, messages, fault)
    assert window.session.doc is not None  # not trashed, and still open with its edits


def test_restore_and_empty_trash(broken, fault: str, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, database, ids, messages = broken
    window.trash_view_action.trigger()
    assert window.library.showing_trash
    window.library.select(ids["trashed"])
    window.library.restore_button.click()
    _check(window, database, messages, fault)
    assert window.session.doc is not None
    messages.shown.clear()
    window.library.empty_trash_button.click()
    _check(window, database, messages, fault)


def test_import_postmortem(broken, fault: str, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    window, database, _ids, messages = broken
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(SAMPLE)], ""))
    window.import_action.trigger()
    _check(window, database, messages, fault)


def test_open_the_sample(broken, fault: str) -> None:  # type: ignore[no-untyped-def]
    window, database, _ids, messages = broken
    window.sample_action.trigger()
    _check(window, database, messages, fault)


def test_open_another_postmortem_from_the_library(broken, fault: str, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    window, database, ids, messages = broken
    view = window.library.view
    model = window.library.model
    row = window.library.proxy.mapFromSource(model.index(model.row_of(ids["other"]), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(row).center())
    _check(window, database, messages, fault)
    assert window.session.doc is not None and window.session.doc.pm.id == ids["open"]


def test_tracker_status_change_and_export(
    broken, fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    window, database, ids, messages = broken
    window.tracker_action.trigger()
    tracker = window.tracker
    assert tracker.model.total() > 0 or fault == "deleted"
    if tracker.model.total():
        row = next(
            r
            for r in range(tracker.model.rowCount())
            if tracker.model.tracked(r).postmortem_id == ids["other"]
            and tracker.model.tracked(r).item.status.value != "done"
        )
        tracker.table.selectRow(row)
        tracker.done_button.click()
        _check(window, database, messages, fault)
        target = tmp_path / "jira.csv"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        messages.shown.clear()
        tracker.jira_button.click()
        assert target.read_text(encoding="utf-8").startswith("Summary")  # read from the list
    else:
        _check(window, database, messages, fault)


def test_start_up_on_a_database_that_went_bad_after_the_first_paint(
    qtbot, fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.library import read_library_fast
    from pmdesk.storage.location import resolve
    from pmdesk.ui import settings
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    folder = tmp_path if fault == "deleted" else tmp_path / "disk"
    database = folder / "pm.sqlite3"
    ids = _fill(database)
    location = resolve(str(database))
    settings.last_open_key(location.display).set(ids["open"])
    entries = read_library_fast(database)  # what the first frame lists
    if fault == "read-only":
        assert _mount("-o", "remount,ro", str(folder)).returncode == 0
    elif fault == "full":
        _fill_up(folder)
    else:
        database.unlink()
    messages = Messages(monkeypatch)
    session = DocumentSession(StorageDoor(location))
    window = MainWindow(session, entries)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.startupFinished, timeout=10_000):
        window.show()
    if fault != "deleted":  # still readable: it opens, and says why it cannot save
        assert window.session.doc is not None and window.session.doc.pm.id == ids["open"]
        window.new_action.trigger()
    _check(window, database, messages, fault, typed="")
    if session._repo is not None:
        session._repo.close()


def test_a_lock_held_by_another_program_shows_waiting_then_saves(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.location import resolve
    from pmdesk.ui import session as session_module
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    monkeypatch.setattr(session_module, "LOCK_WAIT_SECONDS", 0.2)
    monkeypatch.setattr(session_module, "LOCK_POLL_MS", 50)
    database = tmp_path / "pm.sqlite3"
    ids = _fill(database)
    Messages(monkeypatch)
    session = DocumentSession(StorageDoor(resolve(str(database))))
    window = MainWindow(session, [])
    qtbot.addWidget(window)
    started(qtbot, window)
    window.open_postmortem(ids["open"])
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    title_edit = window.panels["overview"].title_edit
    title_edit.setFocus()
    title_edit.end(False)
    qtbot.keyClicks(title_edit, TYPED)
    qtbot.waitUntil(
        lambda: window.save_label.text().startswith("Waiting for another pmdesk…"), timeout=5000
    )
    assert "pm.sqlite3" in window.save_label.text()
    assert window.save_label.property("state") == "waiting"
    assert window.session.doc.pm.title == f"The open one{TYPED}"
    holder.execute("ROLLBACK")
    holder.close()
    qtbot.waitUntil(lambda: window.save_label.text().startswith("Saved at"), timeout=5000)
    from pmdesk.storage.library import read_library_fast

    titles = {entry.title for entry in read_library_fast(database)}
    assert f"The open one{TYPED}" in titles
    session.save_now()
    if session._repo is not None:
        session._repo.close()


def test_a_postmortem_deleted_by_another_program_is_reported_when_opened(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    database = tmp_path / "pm.sqlite3"
    ids = _fill(database)
    messages = Messages(monkeypatch)
    session = DocumentSession(StorageDoor(resolve(str(database))))
    window = MainWindow(session, [])
    qtbot.addWidget(window)
    started(qtbot, window)
    other = Repository(open_engine(resolve(str(database))))  # another pmdesk empties it away
    other.trash(ids["other"])
    other.empty_trash()
    other.close()
    view, model = window.library.view, window.library.model
    row = window.library.proxy.mapFromSource(model.index(model.row_of(ids["other"]), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(row).center())
    told = messages.about_the_database(database, "no longer holds that postmortem")
    assert len(told) == 1, messages.shown
    assert window.session.doc is None
    if session._repo is not None:
        session._repo.close()


# -- a lock held by another process: every command waits, the window answering ----------------------

_HOLD = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()
con.execute("ROLLBACK")
"""
DURING = " (typed while waiting)"


class OtherWriter:
    """Another process holding the database's write lock until released."""

    def __init__(self, database: Path) -> None:
        import sys

        self.process = subprocess.Popen(
            [sys.executable, "-c", _HOLD, str(database)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "held"

    def release(self) -> None:
        if self.process.returncode is None:
            self.process.communicate("\n", timeout=10)  # also closes the pipes


class WhileWaiting:
    """What the test does once the waiting note is up: type into the open postmortem (the window
    answers), then either let the other process finish or press Stop Waiting."""

    def __init__(
        self, window: Any, writer: OtherWriter | OtherSession, qtbot: Any, *, stop: bool = False
    ) -> None:
        from PySide6.QtCore import QTimer

        self.window, self.writer, self.qtbot, self.stop = window, writer, qtbot, stop
        self.note_text: str | None = None
        self.typed = False
        self.ticks = 0
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.timer.start(50)

    def _tick(self) -> None:
        from PySide6.QtWidgets import QFrame, QLabel, QPushButton

        self.ticks += 1
        note = self.window.findChild(QFrame, "lockWaitingNote")
        if note is not None and note.isVisible() and self.note_text is None:
            self.note_text = note.findChild(QLabel).text()
            if self.window.session.doc is not None:
                title_edit = self.window.panels["overview"].title_edit
                title_edit.setFocus()
                title_edit.end(False)
                self.qtbot.keyClicks(title_edit, DURING)
                self.typed = True
            if self.stop:
                note.findChild(QPushButton).click()
            else:
                self.writer.release()
            self.timer.stop()
        elif self.ticks > 400:  # the command never waited (or never finished): let it go
            self.writer.release()
            self.timer.stop()


def _rows(database: Path) -> list[tuple[int, str, object]]:
    import sqlite3

    con = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        return list(con.execute("SELECT id, title, deleted_at FROM postmortems ORDER BY id"))
    finally:
        con.close()


@pytest.fixture
def locked(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A main window with a postmortem open and typed into, and another process holding the lock."""
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.location import resolve
    from pmdesk.ui import session as session_module
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    monkeypatch.setattr(session_module, "LOCK_WAIT_SECONDS", 0.2)
    monkeypatch.setattr(session_module, "LOCK_POLL_MS", 50)
    database = tmp_path / "pm.sqlite3"
    ids = _fill(database)
    messages = Messages(monkeypatch)
    session = DocumentSession(StorageDoor(resolve(str(database))))
    window = MainWindow(session, [])
    qtbot.addWidget(window)
    started(qtbot, window)
    window.open_postmortem(ids["open"])
    title_edit = window.panels["overview"].title_edit
    title_edit.setFocus()
    title_edit.end(False)
    qtbot.keyClicks(title_edit, TYPED)
    writer = OtherWriter(database)
    yield window, database, ids, messages, writer
    writer.release()
    session.save_now()
    if session._repo is not None:
        session._repo.close()


def _open_title(database: Path, ids: dict[str, int]) -> str:
    return next(title for id_, title, _ in _rows(database) if id_ == ids["open"])


def _run_tracker_done(window: Any, ids: dict[str, int]) -> None:
    window.tracker_action.trigger()
    tracker = window.tracker
    row = next(
        r
        for r in range(tracker.model.rowCount())
        if tracker.model.tracked(r).postmortem_id == ids["other"]
        and tracker.model.tracked(r).item.status.value != "done"
    )
    tracker.table.selectRow(row)
    tracker.done_button.click()


def _open_other(window: Any, ids: dict[str, int], qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    view, model = window.library.view, window.library.model
    row = window.library.proxy.mapFromSource(model.index(model.row_of(ids["other"]), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(row).center())


def _restore(window: Any, ids: dict[str, int]) -> None:
    window.trash_view_action.trigger()
    window.library.select(ids["trashed"])
    window.library.restore_button.click()


def _empty_trash(window: Any, ids: dict[str, int]) -> None:
    window.trash_view_action.trigger()
    window.library.empty_trash_button.click()


# Each command, and what the database shows once it is done.
COMMANDS: dict[str, tuple[Callable[..., None], Callable[[list[Any], dict[str, int]], bool]]] = {
    "new": (
        lambda w, ids, bot: w.new_action.trigger(),
        lambda rows, ids: len(rows) == 4,
    ),
    "duplicate": (
        lambda w, ids, bot: w.duplicate_action.trigger(),
        lambda rows, ids: sum(t.startswith("The open one") for _, t, _ in rows) == 2,
    ),
    "trash": (
        lambda w, ids, bot: w.trash_action.trigger(),
        lambda rows, ids: any(i == ids["open"] and gone for i, _, gone in rows),
    ),
    "restore": (
        lambda w, ids, bot: _restore(w, ids),
        lambda rows, ids: all(gone is None for _, _, gone in rows),
    ),
    "empty trash": (
        lambda w, ids, bot: _empty_trash(w, ids),
        lambda rows, ids: ids["trashed"] not in [i for i, _, _ in rows],
    ),
    "import": (
        lambda w, ids, bot: w.sample_action.trigger(),
        lambda rows, ids: len(rows) == 4,
    ),
    "open from the library": (
        lambda w, ids, bot: _open_other(w, ids, bot),
        lambda rows, ids: True,  # it only reads; the typed title is checked for every command
    ),
    "tracker status": (
        lambda w, ids, bot: _run_tracker_done(w, ids),
        lambda rows, ids: True,  # checked below through the action item's status
    ),
}


def _done_actions(database: Path, postmortem_id: int) -> int:
    import sqlite3

    con = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        query = "SELECT count(*) FROM action_items WHERE postmortem_id = ? AND status = 'done'"
        return int(con.execute(query, (postmortem_id,)).fetchone()[0])
    finally:
        con.close()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_waits_for_another_process_and_finishes_when_it_lets_go(
    locked, command: str, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window, database, ids, messages, writer = locked
    run, done = COMMANDS[command]
    done_before = _done_actions(database, ids["other"])
    waiting = WhileWaiting(window, writer, qtbot)
    run(window, ids, qtbot)
    qtbot.waitUntil(lambda: waiting.note_text is not None or not waiting.timer.isActive())
    assert waiting.note_text is not None, "the command never showed that it was waiting"
    assert waiting.note_text.startswith("Waiting for another pmdesk…")
    assert "pm.sqlite3" in waiting.note_text
    assert messages.shown == []  # no "locked" box: it waited instead
    assert done(_rows(database), ids), _rows(database)
    if command == "tracker status":
        assert _done_actions(database, ids["other"]) == done_before + 1
    if command == "open from the library":
        assert window.session.doc.pm.id == ids["other"]
    # What was typed before the command and while it waited reached the database.
    window.session.save_now()
    typed = TYPED + (DURING if waiting.typed else "")
    assert _open_title(database, ids) == f"The open one{typed}"


def test_stop_waiting_leaves_everything_as_it_was(locked, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, database, ids, messages, writer = locked
    before = _rows(database)
    waiting = WhileWaiting(window, writer, qtbot, stop=True)
    window.new_action.trigger()
    assert waiting.note_text is not None
    assert "Stopped waiting: pmdesk did not create a new postmortem" in (
        window.statusBar().currentMessage()
    )
    assert messages.shown == []
    assert window.session.doc is not None and window.session.doc.pm.id == ids["open"]
    assert window.panels["overview"].title_edit.text() == f"The open one{TYPED}{DURING}"
    writer.release()
    assert _rows(database) == before  # nothing was created
    qtbot.waitUntil(lambda: window.save_label.text().startswith("Saved at"), timeout=5000)
    assert _open_title(database, ids) == f"The open one{TYPED}{DURING}"


class OtherSession:
    """Another PostgreSQL session holding the postmortems table until released."""

    def __init__(self, pg_url: str) -> None:
        import psycopg

        self.connection = psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://"))
        self.connection.execute("LOCK TABLE postmortems IN ACCESS EXCLUSIVE MODE")

    def release(self) -> None:
        if not self.connection.closed:
            self.connection.rollback()
            self.connection.close()


def test_on_postgresql_a_command_waits_for_another_session(
    qtbot, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository
    from pmdesk.ui import session as session_module
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    monkeypatch.setattr(session_module, "LOCK_WAIT_SECONDS", 0.2)
    monkeypatch.setattr(session_module, "SERVER_RETRY_MS", 100)
    repo = Repository(open_engine(resolve(pg_url)))
    pm = load_file(SAMPLE)
    pm.title = "The open one"
    opened = repo.create(pm)
    before = len(repo.library(trash=False))
    messages = Messages(monkeypatch)
    session = DocumentSession(StorageDoor(resolve(pg_url)))
    window = MainWindow(session, [])
    qtbot.addWidget(window)
    started(qtbot, window)
    window.open_postmortem(opened)
    other = OtherSession(pg_url)
    try:
        waiting = WhileWaiting(window, other, qtbot)
        window.new_action.trigger()
    finally:
        other.release()
    assert waiting.note_text is not None and waiting.note_text.startswith("Waiting for another")
    assert messages.shown == []
    assert len(repo.library(trash=False)) == before + 1
    window.session.save_now()
    assert repo.load(opened).title == f"The open one{DURING}"
    # Closed before its database: closing says goodbye to the others through it (a connection
    # opened again on a closed repository would be left open at exit).
    window.close()
    session._repo.close()
    repo.close()
