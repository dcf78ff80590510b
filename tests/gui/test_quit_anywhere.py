"""Ctrl+Q quits pmdesk from the share window and the facilitator strip too, not only from the
main window (walked: with the strip in front, Ctrl+Q did nothing), and on every platform (the
platform's Quit key is empty on some, and under the offscreen platform of these tests)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.keyboard import press
from tests.gui.test_facilitator_strip import strip  # noqa: F401 - a fixture


@pytest.mark.parametrize("front", ["share", "main"])
def test_ctrl_q_from_a_meeting_window_closes_the_main_window(qtbot, window, strip, front) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    closed: list[bool] = []
    window.quit_action.triggered.connect(lambda *_: closed.append(True))
    other = window.presentation.share_window if front == "share" else window
    other.activateWindow()
    other.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)
    press(qtbot, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(closed), timeout=2000)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)
