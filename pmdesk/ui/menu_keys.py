"""Context menus that show their keys, as the Edit menu does.

Qt leaves a text field's standard entry without its key whenever the window has a shortcut for
that key too: Edit > Undo holds Ctrl+Z, so a right-click in any text field offered a bare "Undo"
(and Ctrl+Z works there all the same). These helpers put the keys back, and give the timeline
table the document's Undo and Redo with theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMenu, QWidget

if TYPE_CHECKING:
    from pmdesk.ui.session import DocumentSession

_Key = QKeySequence.StandardKey
# A standard text-field entry, by the object name Qt gives it, and its key.
_STANDARD_KEYS = {
    "edit-undo": _Key.Undo,
    "edit-redo": _Key.Redo,
    "edit-cut": _Key.Cut,
    "edit-copy": _Key.Copy,
    "edit-paste": _Key.Paste,
    "edit-delete": _Key.Delete,
    "select-all": _Key.SelectAll,
}


def key_text(key: QKeySequence.StandardKey) -> str:
    """The key as the Edit menu shows it: the first of the platform's bindings."""
    bindings = QKeySequence.keyBindings(key)
    return bindings[0].toString(QKeySequence.SequenceFormat.NativeText) if bindings else ""


def show_menu_keys(menu: QMenu) -> None:
    """Give each standard entry of a text field's menu its key where Qt left it out."""
    for action in menu.actions():
        key = _STANDARD_KEYS.get(action.objectName())
        if key is None or "\t" in action.text():
            continue
        shown = key_text(key)
        if shown:
            action.setText(f"{action.text()}\t{shown}")


def with_menu_keys(edit: QLineEdit) -> None:
    """A line edit whose right-click menu shows every entry's key."""
    edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    edit.customContextMenuRequested.connect(lambda point: _show_line_menu(edit, point))


def _show_line_menu(edit: QLineEdit, point: QPoint) -> None:
    menu = edit.createStandardContextMenu()
    show_menu_keys(menu)
    menu.exec(edit.mapToGlobal(point))
    menu.deleteLater()


def document_undo_actions(session: DocumentSession, parent: QWidget) -> list[QAction]:
    """Undo and Redo of the document, named and keyed as in the Edit menu, for a context menu.

    The keys are shown, not bound: the Edit menu's actions already answer them."""
    session.flush_edits()  # what was just typed is one undo step too
    stack = session.undo_stack
    undo = QAction(_named("&Undo", stack.undoText(), key_text(_Key.Undo)), parent)
    undo.setEnabled(stack.canUndo())
    undo.triggered.connect(session.undo)
    redo = QAction(_named("&Redo", stack.redoText(), key_text(_Key.Redo)), parent)
    redo.setEnabled(stack.canRedo())
    redo.triggered.connect(session.redo)
    return [undo, redo]


def _named(verb: str, what: str, key: str) -> str:
    text = f"{verb} {what}" if what else verb
    return f"{text}\t{key}" if key else text
