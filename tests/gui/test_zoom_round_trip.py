"""Zooming in for the room and back, with the keys pressed where the cursor is: the panels that
went to one column when the text grew come back to two columns when it shrinks, though the
window kept its size (the walk at 1280 x 720: zoom in on one tab, back on another)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QBoxLayout

from tests.gui.conftest import SAMPLE

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key pressed on the keyboard: it goes to the focused widget, else the active window."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None
    qtbot.keyClick(target, key, modifier)
    qtbot.wait(50)  # a person's pace: what the key set off is drawn before the next


def _walk_tabs_at_150_and_back(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1280, 720)
    window.import_paths([SAMPLE])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Qt.Key.Key_4, CTRL)  # Contributing factors
    for _ in range(3):  # 100% -> 110% -> 125% -> 150%
        press(qtbot, Qt.Key.Key_Equal, CTRL)
    assert window.presentation.zoom == 1.5
    assert window.panels["factors"].columns.orientation() == Qt.Orientation.Vertical
    for tab in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_5, Qt.Key.Key_6):
        press(qtbot, tab, CTRL)  # a look at each panel at 150%
    press(qtbot, Qt.Key.Key_0, CTRL)  # back to 100% on the Close tab
    assert window.presentation.zoom == 1.0


def test_the_overview_has_two_columns_again_after_zooming_back(qtbot, window, themed) -> None:  # type: ignore[no-untyped-def]
    _walk_tabs_at_150_and_back(qtbot, window)
    panel = window.panels["overview"]
    press(qtbot, Qt.Key.Key_1, CTRL)
    qtbot.waitUntil(lambda: panel.columns.direction() == QBoxLayout.Direction.LeftToRight)


def test_the_factors_have_their_side_column_again_after_zooming_back(qtbot, window, themed) -> None:  # type: ignore[no-untyped-def]
    _walk_tabs_at_150_and_back(qtbot, window)
    panel = window.panels["factors"]
    press(qtbot, Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: panel.columns.orientation() == Qt.Orientation.Horizontal)
