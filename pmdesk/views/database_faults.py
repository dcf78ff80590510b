"""A database that goes bad under a command: one clear message, never a traceback.

Every main-window and tracker command that reads or writes the database runs inside
`database_command`. A deleted, replaced, read-only, full, locked or damaged database then ends in
one message box that names the database, says the cause in the words of the session's door,
and what to do; the command stops, and the open postmortem keeps everything typed in it (it
lives in memory until a save succeeds). When the database file is gone and a postmortem is open,
the box offers to save it to another database.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from PySide6 import QtWidgets
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from pmdesk.database import DatabaseProblem
    from pmdesk.ui.session import DocumentSession

P = ParamSpec("P")
R = TypeVar("R")
W = TypeVar("W", bound=QWidget)


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
            try:
                return command(window, *args, **kwargs)
            except Exception as exc:
                session: DocumentSession | None = getattr(window, "session", None)
                if session is None or not report_fault(window, session, doing, exc):
                    raise
                return None

        return run

    return decorate
