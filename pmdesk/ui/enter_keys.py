"""Enter on a focused button presses it in every pmdesk window, as Space does.

In a dialog Qt already does this (a focused button there is the one Enter presses, else the
default button). Elsewhere a button answers Space only: Enter on a focused "Open the sample
postmortem", "Shift times…" or "Add factor" did nothing, and whatever was typed next went to the
button and was lost, until a space pressed it. `install_enter_presses` makes Enter press the
focused button of every window that is not a dialog, once for the whole application, and leaves
dialogs, text fields and tables as they are.

Each button gets the key filter when it first takes the keyboard (the application's
focusChanged signal), so no other event of the application passes through Python for it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QToolButton, QWidget

ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Enter with Ctrl, Alt or Shift is a command of its own (Ctrl+Enter adds the next event).
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


def presses_on_enter(widget: QWidget | None) -> bool:
    """A push or tool button outside a dialog: the kind Enter should press and does not."""
    return isinstance(widget, QPushButton | QToolButton) and not isinstance(
        widget.window(), QDialog
    )


class _EnterPresses(QObject):
    """Turns a plain Enter on a focused button into Space, which every button answers."""

    def watch(self, _old: QWidget | None, new: QWidget | None) -> None:
        if presses_on_enter(new):
            assert new is not None
            new.installEventFilter(self)  # once: installing it again replaces it

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in ENTER or event.modifiers() not in _PLAIN:
            return False
        if not isinstance(watched, QWidget) or not presses_on_enter(watched):
            return False  # moved into a dialog since
        if not event.isAutoRepeat() and watched.isEnabled():
            space = QKeyEvent(event.type(), Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, " ")
            QApplication.sendEvent(watched, space)
        return True


def install_enter_presses(app: QApplication) -> None:
    """Enter presses the focused button of every window of `app` but dialogs; installed once."""
    if app.findChild(_EnterPresses) is None:
        presses = _EnterPresses(app)
        app.focusChanged.connect(presses.watch)
        presses.watch(None, app.focusWidget())
