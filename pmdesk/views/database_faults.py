"""A database that goes bad under a command: one clear message, never a traceback.

Every main-window and tracker command that reads or writes the database runs inside
`database_command`. A deleted, replaced, read-only, full, locked or damaged database then ends in
one message box that names the database, says the cause in the words of the session's door,
and what to do; the command stops, and the open postmortem keeps everything typed in it (it
lives in memory until a save succeeds). When the database file is gone and a postmortem is open,
the box offers to save it to another database.

A database locked by another program (another pmdesk saving, a backup tool) is not a fault: the
command waits for it, as saves do. `patiently` runs a command's database step; when the step
meets the lock, a "Waiting for another pmdesk…" note with a Stop Waiting button appears at the
bottom of the window, the window keeps answering (typing, scrolling, autosave), and the step is
run again as soon as the lock is free. Only the step is repeated, never the questions asked
before it. Stopping the wait leaves everything as it was, with a note saying so.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from PySide6 import QtWidgets
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from pmdesk.database import DatabaseProblem
    from pmdesk.ui.session import DocumentSession

P = ParamSpec("P")
R = TypeVar("R")
W = TypeVar("W", bound=QWidget)

# What the running commands are doing ("create a new postmortem"), innermost last: the words of
# a waiting note. While a command waits, no other database command starts (in any window).
_DOING: list[str] = []
_WAITING: list[str] = []


def as_problem(exc: BaseException, session: DocumentSession) -> DatabaseProblem | None:
    """The database fault behind `exc` in the user's words, or None when it is not one."""
    from pmdesk.database import DatabaseProblem, NotFound

    shown = session.location.display
    problem = session.door.problem(exc)
    if problem is not None:
        return problem
    if isinstance(exc, NotFound):
        return DatabaseProblem(
            shown,
            f"no longer holds that postmortem ({exc}): another program may have changed it",
            "Nothing was changed. Look for it in the library and the trash.",
            kind="not-found",
        )
    return None


def show_problem(
    parent: QWidget, session: DocumentSession, doing: str, problem: DatabaseProblem
) -> bool:
    """The one message box for a database fault; True if the open postmortem was saved elsewhere."""
    from pmdesk.database import DatabaseGone

    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    box.setWindowTitle("The database cannot be used")
    box.setText(f"<b>pmdesk could not {doing}.</b>")
    doc = session.doc
    gone = isinstance(problem, DatabaseGone)
    if gone:
        advice = (
            "Save the open postmortem to another database, or put the file back."
            if doc is not None
            else "Put the file back, or open another database (File > Open database…)."
        )
    else:
        advice = problem.advice
    kept = (
        "\n\nThe open postmortem and everything typed in it are kept while pmdesk stays open."
        if doc is not None
        else ""
    )
    box.setInformativeText(f"{problem.location} {problem.reason}.\n\n{advice}{kept}")
    save = None
    if gone and doc is not None:
        save = box.addButton(
            "Save to Another Database…", QtWidgets.QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton("Not Now", QtWidgets.QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
    else:
        box.addButton(QtWidgets.QMessageBox.StandardButton.Ok)
    box.exec()
    if save is None or box.clickedButton() is not save:
        return False
    from pmdesk.views.database_lost import save_elsewhere

    return save_elsewhere(parent, session)


def report_fault(parent: QWidget, session: DocumentSession, doing: str, exc: Exception) -> bool:
    """Show `exc` if it is a database fault (True); False if it is something else."""
    problem = as_problem(exc, session)
    if problem is None:
        return False
    show_problem(parent, session, doing, problem)
    return True


class StoppedWaiting(Exception):
    """The user stopped waiting for another program's lock; nothing more was done."""


def patiently(window: QWidget, session: DocumentSession | None, step: Callable[[], R]) -> R:
    """Run a command's database step; while another program holds the lock, wait for it with a
    note and the window answering, then run the step again. Raises StoppedWaiting when the user
    stops waiting (or the window closes), and any other fault as it came."""
    while True:
        try:
            return step()
        except Exception as exc:
            problem = as_problem(exc, session) if session is not None else None
            if session is None or problem is None or problem.kind != "locked":
                raise
            doing = _DOING[-1] if _DOING else "finish the command"
            if not wait_for_lock(window, session, doing):
                raise StoppedWaiting(doing) from exc


def wait_for_lock(window: QWidget, session: DocumentSession, doing: str) -> bool:
    """Wait until another program lets go of the database: True then, False if the user stopped
    waiting or closed the window. The window keeps answering all the while."""
    from pmdesk.ui.session import LOCK_POLL_MS, SERVER_RETRY_MS

    note = _WaitingNote(window, session, doing)
    loop = QEventLoop()
    on_file = session.location.path is not None

    def check() -> None:
        if not window.isVisible():
            loop.exit(0)
        elif not on_file or not session.door.write_locked():
            loop.exit(1)

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(LOCK_POLL_MS if on_file else SERVER_RETRY_MS)
    note.stop_button.clicked.connect(lambda: loop.exit(0))
    _WAITING.append(doing)
    try:
        return loop.exec() == 1
    finally:
        _WAITING.pop()
        timer.stop()
        note.remove()


class _WaitingNote(QtWidgets.QFrame):
    """The note at the bottom of a window while a command waits for the database's lock."""

    def __init__(self, window: QWidget, session: DocumentSession, doing: str) -> None:
        super().__init__()
        self.setObjectName("lockWaitingNote")
        self.window_ = window
        path = session.location.path
        name = path.name if path is not None else session.location.display
        self.label = QtWidgets.QLabel(
            f"Waiting for another pmdesk… {name} is being written by another program "
            f"(another pmdesk, or a backup tool). pmdesk will {doing} as soon as it finishes."
        )
        self.label.setWordWrap(True)
        self.stop_button = QtWidgets.QPushButton("Stop Waiting")
        self.stop_button.setToolTip(f"Do not {doing}; everything stays as it is")
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self.label, 1)
        row.addWidget(self.stop_button)
        layout = window.layout()
        if isinstance(window, QtWidgets.QMainWindow):
            window.statusBar().clearMessage()  # a passing message would hide the note
            window.statusBar().addWidget(self, 1)
        elif layout is not None:
            layout.addWidget(self)
        self.show()

    def remove(self) -> None:
        if isinstance(self.window_, QtWidgets.QMainWindow):
            self.window_.statusBar().removeWidget(self)
        self.hide()
        self.deleteLater()


def show_note(window: QWidget, text: str) -> None:
    """Show a passing note where the window shows them (status bar or status line)."""
    if isinstance(window, QtWidgets.QMainWindow):
        window.statusBar().showMessage(text, 8000)
    else:
        label = getattr(window, "status_label", None)
        if isinstance(label, QtWidgets.QLabel):
            label.setText(text)


def stopped_text(doing: str) -> str:
    return f"Stopped waiting: pmdesk did not {doing}. Nothing else was changed."


def database_command(
    doing: str,
) -> Callable[[Callable[Concatenate[W, P], R]], Callable[Concatenate[W, P], R | None]]:
    """Run a window's command; a database fault becomes one message box and the command returns
    None. `doing` completes "pmdesk could not …" (e.g. "create a new postmortem").

    The window needs a `session` attribute (the DocumentSession whose database it uses).
    """

    def decorate(command: Callable[Concatenate[W, P], R]) -> Callable[Concatenate[W, P], R | None]:
        @functools.wraps(command)
        def run(window: W, /, *args: P.args, **kwargs: P.kwargs) -> R | None:
            if _WAITING:
                show_note(
                    window,
                    f"pmdesk did not {doing}: it is still waiting to {_WAITING[-1]}. "
                    "Try again when that is done, or stop waiting.",
                )
                return None
            _DOING.append(doing)
            try:
                return command(window, *args, **kwargs)
            except StoppedWaiting as stopped:
                show_note(window, stopped_text(str(stopped)))
                return None
            except Exception as exc:
                session: DocumentSession | None = getattr(window, "session", None)
                if session is None or not report_fault(window, session, doing, exc):
                    raise
                return None
            finally:
                _DOING.pop()

        return run

    return decorate
