"""Context menus that show their keys, as the Edit menu does.

Qt leaves a text field's standard entry without its key whenever the window has a shortcut for
that key too: Edit > Undo holds Ctrl+Z, so a right-click in any text field offered a bare "Undo"
(and Ctrl+Z works there all the same). `install_menu_keys` puts the keys back in every text
field's menu, once for the whole application (line edits, text editors, dialogs, cell editors);
`document_undo_actions` gives the timeline table the document's Undo and Redo with theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

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


class _MenuKeys(QObject):
    """Sees every menu about to show and gives a text field's standard entries their keys.

    An application-wide filter costs about a microsecond an event (measured); it is installed
    after the first paint, so start-up events never come through Python."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        # Polish comes before the menu measures its entries; Show for a menu polished earlier.
        if event.type() in (QEvent.Type.Polish, QEvent.Type.Show) and isinstance(watched, QMenu):
            show_menu_keys(watched)
        return False


def install_menu_keys(app: QApplication) -> None:
    """Every text field's right-click menu in `app` shows its keys; installed once."""
    if app.findChild(_MenuKeys) is None:
        app.installEventFilter(_MenuKeys(app))


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
