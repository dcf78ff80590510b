"""Zooming in for the room and back, with the keys pressed where the cursor is: the panels that
went to one column when the text grew come back to two columns when it shrinks, though the
window kept its size (the walk at 1280 x 720: zoom in on one tab, back on another).

What decides the columns is read once every layout has its new sizes (pmdesk.ui.reflow), so these
hold whatever order the font and style events come in, however loaded the machine."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QBoxLayout

from tests.gui.keyboard import paced

CTRL = Qt.KeyboardModifier.ControlModifier


press = paced(50)


def _zoom_to_150(qtbot, window, tab: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, tab, CTRL)
    for _ in range(3):  # 100% -> 110% -> 125% -> 150%
        press(qtbot, Qt.Key.Key_Equal, CTRL)
    assert window.presentation.zoom == 1.5


def _walk_tabs_at_150_and_back(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    _zoom_to_150(qtbot, window, Qt.Key.Key_4)  # on Contributing factors
    assert window.panels["factors"].columns.orientation() == Qt.Orientation.Vertical
    for tab in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_5, Qt.Key.Key_6):
        press(qtbot, tab, CTRL)  # a look at each panel at 150%
    assert window.panels["overview"].columns.direction() == QBoxLayout.Direction.TopToBottom
    press(qtbot, Qt.Key.Key_0, CTRL)  # back to 100% on the Close tab
    assert window.presentation.zoom == 1.0


def test_the_overview_has_two_columns_again_after_zooming_back(
    qtbot, window, sample, themed
) -> None:  # type: ignore[no-untyped-def]
    _walk_tabs_at_150_and_back(qtbot, window)
    panel = window.panels["overview"]
    press(qtbot, Qt.Key.Key_1, CTRL)
    qtbot.waitUntil(lambda: panel.columns.direction() == QBoxLayout.Direction.LeftToRight)
    assert panel.columns.itemAt(1).geometry().left() > panel.columns.itemAt(0).geometry().right()


def test_the_factors_have_their_side_column_again_after_zooming_back(
    qtbot, window, sample, themed
) -> None:  # type: ignore[no-untyped-def]
    _walk_tabs_at_150_and_back(qtbot, window)
    panel = window.panels["factors"]
    # Chosen as the zoom changed, from sizes worked out then, though the panel was not shown.
    assert panel.columns.orientation() == Qt.Orientation.Horizontal
    press(qtbot, Qt.Key.Key_4, CTRL)
    assert panel.columns.orientation() == Qt.Orientation.Horizontal
    assert panel.side.x() > panel.factors_scroll.x() + 400


def test_at_150_the_factors_keep_the_height_and_the_side_opens_on_a_click(
    qtbot, window, sample, themed
) -> None:  # type: ignore[no-untyped-def]
    _zoom_to_150(qtbot, window, Qt.Key.Key_4)
    panel = window.panels["factors"]
    assert panel.columns.orientation() == Qt.Orientation.Vertical
    bar = panel.side.tabBar()
    # Under the factors, folded to its tab bar: the factors get the rest of the height.
    assert panel.side.height() <= bar.height() + 4
    assert panel.factors_scroll.height() >= panel.height() - bar.height() - 16
    # A click on a tab opens it at half the height; on the open tab, folds it again.
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    qtbot.waitUntil(lambda: panel.side.height() >= panel.height() // 2 - 16)
    assert panel.side.currentIndex() == 1
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    qtbot.waitUntil(lambda: panel.side.height() <= bar.height() + 4)
    # Tab from the last factor's buttons into the findings opens it too.
    before = panel.finding_question.previousInFocusChain()  # the last factor's last button
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    press(qtbot, Qt.Key.Key_Tab)
    assert panel.side.isAncestorOf(QApplication.focusWidget())  # its tab bar
    qtbot.waitUntil(lambda: panel.side.height() >= panel.height() // 2 - 16)
