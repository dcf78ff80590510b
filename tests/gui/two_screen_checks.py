"""A laptop at 150% (Qt sees 853 x 480, the primary screen) beside a 1080p monitor.

Run by test_share_screens.py in a pytest of its own on tests/offscreen-two-screens.json (the
screens are read once, when Qt starts): the share window's type and margins are sized for the
screen it is on, not the primary one.
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from pmdesk.ui import theme
from tests.gui.conftest import SAMPLE

if "offscreen-two-screens.json" not in os.environ.get("QT_QPA_PLATFORM", ""):
    pytest.skip("run by test_share_screens.py on two screens", allow_module_level=True)


def _screens():  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    laptop, monitor = app.screens()
    assert app.primaryScreen() is laptop and laptop.geometry().height() == 480
    return laptop, monitor


def _clock_px(share) -> int:  # type: ignore[no-untyped-def]
    return share.clock_label.fontInfo().pixelSize()


def test_the_share_window_is_sized_for_the_screen_it_is_on(qtbot, themed, window) -> None:  # type: ignore[no-untyped-def]
    laptop, monitor = _screens()
    window.import_paths([SAMPLE])
    window.move(monitor.geometry().topLeft() + QPoint(40, 40))
    qtbot.waitUntil(lambda: window.screen() is monitor)

    window.presentation.set_share_visible(True)
    share = window.presentation.share_window
    qtbot.waitExposed(share)
    assert share.screen() is monitor
    # The 1080p monitor: the sizes at 100% (the primary laptop's would be two thirds of them).
    assert _clock_px(share) == theme.SIZES["share_timer"]
    assert share.header.layout().contentsMargins().left() == 28

    # Dragged to the laptop at 150%: two thirds, so the call sees them as at 100% again.
    share.move(laptop.geometry().topLeft() + QPoint(10, 10))
    qtbot.waitUntil(lambda: share.screen() is laptop)
    qtbot.waitUntil(lambda: _clock_px(share) == round(theme.SIZES["share_timer"] * 2 / 3))
    assert share.header.layout().contentsMargins().left() == round(28 * 2 / 3)

    # And back.
    share.move(monitor.geometry().topLeft() + QPoint(10, 10))
    qtbot.waitUntil(lambda: _clock_px(share) == theme.SIZES["share_timer"])


def test_a_dialog_opened_while_sharing_on_the_other_screen_opens_over_the_main_window(  # type: ignore[no-untyped-def]
    qtbot, themed, window
) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QDialog

    from tests.gui.keyboard import press

    laptop, monitor = _screens()
    window.import_paths([SAMPLE])
    window.presentation.set_share_visible(True)
    share = window.presentation.share_window
    qtbot.waitExposed(share)
    # The room's screen is the monitor; the facilitator keeps the laptop.
    share.move(monitor.geometry().topLeft() + QPoint(10, 10))
    qtbot.waitUntil(lambda: share.screen() is monitor and window.screen() is laptop)
    seen: list[tuple[bool, bool]] = []  # (on the laptop, clear of the share window)

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, look)
            return
        clear = not dialog.frameGeometry().intersects(share.frameGeometry())
        seen.append((dialog.screen() is laptop, clear))
        dialog.reject()

    share.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is share)
    QTimer.singleShot(20, look)
    press(qtbot, Qt.Key.Key_F4)  # Park a point, from the share window
    assert seen == [(True, True)]
