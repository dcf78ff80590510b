"""Keys as a person presses them: to the widget that has the keyboard, not to a chosen one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key pressed on the keyboard: it goes to the focused widget, else the active window."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def paced(wait_ms: int) -> Callable[..., None]:
    """`press` at a person's pace: each key, then `wait_ms` for what it set off to be laid out
    and drawn before the next."""

    def press_and_wait(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        press(qtbot, key, modifier)
        qtbot.wait(wait_ms)

    return press_and_wait
