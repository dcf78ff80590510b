"""The guidance pane on the keyboard: a Tab stop while its text scrolls, with a ring that shows
it has the keys; no stop when the text fits (found walking Tab through the window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from tests.gui.keyboard import paced

press = paced(30)


def _tab_from_the_fold_button(qtbot, window):  # type: ignore[no-untyped-def]
    guidance = window.guidance
    guidance.set_expanded(True)
    guidance.toggle.setFocus()
    qtbot.waitUntil(guidance.toggle.hasFocus)
    press(qtbot, Qt.Key.Key_Tab)
    return QApplication.focusWidget()


def test_tab_reaches_guidance_that_scrolls_and_a_ring_shows_it(qtbot, themed, sample) -> None:  # type: ignore[no-untyped-def]
    body = sample.guidance.body
    qtbot.waitUntil(lambda: body.verticalScrollBar().maximum() > 0)  # the close phase's record
    body.verticalScrollBar().setValue(0)
    qtbot.wait(50)
    unfocused = body.grab().toImage()
    assert _tab_from_the_fold_button(qtbot, sample) is body
    qtbot.wait(50)
    assert body.grab().toImage() != unfocused, "nothing shows the pane has the keyboard"
    press(qtbot, Qt.Key.Key_PageDown)
    assert body.verticalScrollBar().value() > 0
    press(qtbot, Qt.Key.Key_Tab)
    button = QApplication.focusWidget()
    assert isinstance(button, QPushButton) and button.text() == "Go round the room"


def test_guidance_that_fits_is_no_tab_stop(qtbot, sample) -> None:  # type: ignore[no-untyped-def]
    sample.resize(1280, 2400)
    body = sample.guidance.body
    qtbot.waitUntil(lambda: body.verticalScrollBar().maximum() == 0)
    focused = _tab_from_the_fold_button(qtbot, sample)
    assert isinstance(focused, QPushButton) and focused.text() == "Go round the room"
