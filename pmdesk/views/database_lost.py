"""When the database file disappears under the open document: say so, and save it elsewhere.

The session notices a deleted or replaced database before it writes (through its door) and
keeps the edits in memory; this dialog tells the facilitator and offers to write the open
postmortem into another database, new or existing, where work then continues.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets
from PySide6.QtWidgets import QWidget

from pmdesk.ui.session import DocumentSession


def offer_to_save_elsewhere(parent: QWidget, session: DocumentSession, message: str) -> bool:
    """Tell the user the database went away; True once the document is saved somewhere else."""
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    box.setWindowTitle("The database file is gone")
    box.setText("<b>The open postmortem could not be saved.</b>")
    box.setInformativeText(
        f"{message}\n\nNothing you typed is lost while pmdesk stays open. Save the postmortem "
        "to another database now, or put the file back and pmdesk saves into it again."
    )
    save = box.addButton("Save to Another Database…", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Not Now", QtWidgets.QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    if box.clickedButton() is not save:
        return False
    return save_elsewhere(parent, session)


def save_elsewhere(parent: QWidget, session: DocumentSession) -> bool:
    """Ask for a database file and write the open postmortem into it; True when it worked."""
    from pmdesk.database import DatabaseProblem

    if session.doc is None:
        return False
    start = session.location.path.parent if session.location.path else Path.home()
    name, _ = QtWidgets.QFileDialog.getSaveFileName(
        parent,
        "Save to another database",
        str(start / "pmdesk-rescued.sqlite3"),
        "pmdesk database (*.sqlite3 *.db)",
        options=QtWidgets.QFileDialog.Option.DontConfirmOverwrite,
    )
    if not name:
        return False
    try:
        session.save_elsewhere(name)
    except DatabaseProblem as problem:
        QtWidgets.QMessageBox.warning(
            parent, "Not saved", f"{problem}\n\nYour changes are still kept in memory."
        )
        return False
    return True
