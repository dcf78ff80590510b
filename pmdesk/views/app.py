"""Start-up: the application, the database check, and the main window.

The path to the first paint stays lean: the door's quick look checks the database file and lists
the library without the full database layer; SQLAlchemy, Alembic and the document panels load
after the window has painted (FACTS.md: `import sqlalchemy.orm` alone costs hundreds of
milliseconds). The door comes from the command line: the screens never import pmdesk.storage.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from pmdesk import __version__
from pmdesk.database import DatabaseProblem
from pmdesk.ui import settings, theme
from pmdesk.ui.session import DocumentSession

if TYPE_CHECKING:
    from pmdesk.database import LibraryEntry
    from pmdesk.operations.library import Door

STARTED = time.perf_counter()
SMOKE_LINGER_MS = 1500  # --smoke-test keeps the window this long after saying it is ready
# How long after start-up the language engine loads when the window did not need it (the
# findings memo had every line), and the first save's facts start being worked out: idle time,
# before the first line typed needs them.
WARM_LANGUAGE_MS = 800


def collect_garbage_from_now_on() -> None:
    """Turn Python's cycle collector back on once start-up is done, leaving start-up's objects out.

    The command line turns it off before importing the app: start-up makes tens of thousands of
    objects that live as long as the window (modules, classes, widgets) and almost no garbage,
    yet the collector would scan them all several times over (about a tenth of start-up).
    Freezing them keeps later collections as small as they were; the few cycles start-up left
    behind (a couple of thousand small objects, measured) stay in memory.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def warm_language() -> None:
    """Load the language engine and its rules now, so the first line typed is checked at once.

    A reopened postmortem is underlined from the findings memo without the engine (about 60 ms
    of loading, on a laptop), so start-up leaves it out; this loads it in the idle moment after.
    """
    from pmdesk.language import LintContext, lint

    lint("The deploy was rolled back.", LintContext())


def warm_up(session: DocumentSession) -> None:
    """The idle moment after start-up: the language engine here (the first line typed is
    checked at once), then, beside the window, what the open postmortem's first save needs."""
    warm_language()
    session.warm_saving()


def _fast_library(door: Door) -> list[LibraryEntry] | None:
    """The library without SQLAlchemy, or None when only the full open can say (new schema...)."""
    return door.quick_library()


def _ask_for_database(problem: DatabaseProblem, parent: QWidget | None = None) -> str | None:
    """Tell the user what is wrong with the database and let them pick another or a new one."""
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    box.setWindowTitle("pmdesk cannot open this database")
    box.setText(f"<b>{problem.location}</b>")
    box.setInformativeText(f"This file {problem.reason}.\n\n{problem.advice}")
    open_other = box.addButton("Open another…", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    new_one = box.addButton("Start a new database…", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QtWidgets.QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_other:
        name, _ = QtWidgets.QFileDialog.getOpenFileName(
            parent, "Open a pmdesk database", "", "pmdesk database (*.sqlite3 *.db);;All files (*)"
        )
        return name or None
    if clicked is new_one:
        return _choose_new_path(parent)
    return None


def _choose_new_path(parent: QWidget | None = None) -> str | None:
    name, _ = QtWidgets.QFileDialog.getSaveFileName(
        parent, "New pmdesk database", "pmdesk.sqlite3", "pmdesk database (*.sqlite3)"
    )
    if not name:
        return None
    if Path(name).exists():
        QtWidgets.QMessageBox.warning(
            parent,
            "pmdesk",
            f"{name} already exists. pmdesk never overwrites a file: choose a new name.",
        )
        return _choose_new_path(parent)
    return name


def run(
    open_door: Callable[[str | None], Door],
    db: str | None = None,
    *,
    smoke_test: bool = False,
    started: float | None = None,
) -> int:
    """open_door: the database named by a path or URL (None: the default one)."""
    global STARTED
    if started is not None:
        STARTED = started
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName("pmdesk")
    app.setApplicationName("pmdesk")
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("pmdesk")
    theme.apply(app, settings.THEME.get(), settings.ZOOM.get(), quick=True)

    door = open_door(db)
    while True:
        try:
            entries = _fast_library(door)
            break
        except DatabaseProblem as problem:
            if smoke_test:
                sys.stderr.write(f"pmdesk: error: {problem}\n")
                return 2
            chosen = _ask_for_database(problem)
            if chosen is None:
                return 2
            door = open_door(chosen)

    session = DocumentSession(door)
    holder: dict[str, object] = {}

    def switch_database(path: str | None) -> None:
        if not path:
            return
        window = holder["window"]
        assert isinstance(window, QWidget)
        new_door = open_door(path)
        try:
            new_entries = _fast_library(new_door)
        except DatabaseProblem as problem:
            QtWidgets.QMessageBox.warning(window, "pmdesk cannot open this database", str(problem))
            return
        if not window.close():
            return
        holder["window"] = _make_window(DocumentSession(new_door), new_entries, switch_database)
        holder["window"].show()  # type: ignore[attr-defined]

    window = _make_window(session, entries, switch_database)
    window.startupFinished.connect(collect_garbage_from_now_on)
    window.startupFinished.connect(
        lambda: QTimer.singleShot(WARM_LANGUAGE_MS, session, lambda: warm_up(session))
    )
    QTimer.singleShot(10_000, collect_garbage_from_now_on)  # even if start-up failed half-way
    holder["window"] = window
    if smoke_test:
        return _smoke_test(app, window)
    window.restore_layout()
    window.show()
    return app.exec()


def _smoke_test(app: QApplication, window) -> int:  # type: ignore[no-untyped-def]
    """Start as a user would, say when the window painted and when start-up is done, then quit.

    "ready" is printed when the last postmortem is open and the event loop has nothing queued;
    benchmarks/startup.py checks that claim against the process's CPU time. The window stays
    a little longer so that work left running after the claim would show there.
    """
    outcome = {"code": 0}

    def painted(seconds: float) -> None:
        print(f"first paint: {seconds * 1000:.0f} ms", flush=True)

    def finished() -> None:
        QTimer.singleShot(0, say_ready)

    def say_ready() -> None:
        doc = window.session.doc
        if doc is None and window.library.model.entries is None:
            outcome["code"] = 2
        opened = f"postmortem open {doc.pm.id}" if doc is not None else "no postmortem open"
        print(f"ready: {(time.perf_counter() - STARTED) * 1000:.0f} ms ({opened})", flush=True)
        QTimer.singleShot(SMOKE_LINGER_MS, quit_now)

    def quit_now() -> None:
        window.close()
        app.quit()

    window.firstPainted.connect(painted)
    window.startupFinished.connect(finished)
    window.show()
    app.exec()
    return outcome["code"]


def _make_window(session: DocumentSession, entries, switch_database):  # type: ignore[no-untyped-def]
    from pmdesk.views.main_window import MainWindow

    def open_other() -> None:
        name, _ = QtWidgets.QFileDialog.getOpenFileName(
            None, "Open a pmdesk database", "", "pmdesk database (*.sqlite3 *.db);;All files (*)"
        )
        switch_database(name or None)

    def new_database() -> None:
        switch_database(_choose_new_path())

    return MainWindow(
        session, entries, started=STARTED, open_database=open_other, new_database=new_database
    )
