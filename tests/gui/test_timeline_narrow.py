"""The timeline on a narrow window, a 1280 x 720 laptop at 150% system scale (which Qt sees as
853 px wide): what happened stays readable, the source and the marker give way first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from pmdesk.ui.timeline_model import TimelineModel
from tests.gui.conftest import SAMPLE

CTRL = Qt.KeyboardModifier.ControlModifier
READABLE = 24  # characters of "What happened" in sight at least
SYSTEM_150 = (853, 467)  # 1280 x 720 at 150% system scale, less the window manager's title bar


def test_what_happened_keeps_its_words_on_a_narrow_window(qtbot, window, themed) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.resize(*SYSTEM_150)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_2, CTRL)  # the Timeline, as the facilitator asks for it
    table = window.panels["timeline"].table
    qtbot.waitUntil(table.isVisible)
    qtbot.wait(30)
    header = table.horizontalHeader()
    zero = table.fontMetrics().horizontalAdvance("0")
    assert header.sectionSize(TimelineModel.TEXT) >= READABLE * zero
    assert table.horizontalScrollBar().maximum() == 0  # every column still in sight
    # The marker's title stays whole; its longest names are cut short, not the event.
    bold = table.font()
    bold.setBold(True)
    title = QFontMetrics(bold).horizontalAdvance("Marker")
    assert header.sectionSize(TimelineModel.MARKER) >= title

    # Wide again: every column as wide as its words.
    window.resize(1280, 720)
    qtbot.wait(30)
    assert header.sectionSize(TimelineModel.MARKER) >= table.fontMetrics().horizontalAdvance(
        "Acknowledgement"
    )
