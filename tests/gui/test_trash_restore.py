"""The trash, as a facilitator meets it: Restore (Alt+R) right after opening the trash put
nothing back and said nothing, because no entry was chosen yet (walked). The first one is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import SAMPLE
from tests.gui.keyboard import press

ALT = Qt.KeyboardModifier.AltModifier


def test_alt_r_in_the_trash_restores_the_one_highlighted(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    title = window.session.doc.pm.title
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(
        qtbot,
        Qt.Key.Key_Delete,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.session.doc is None)
    library = window.library
    qtbot.mouseClick(library.trash_toggle, Qt.MouseButton.LeftButton)
    assert library.showing_trash
    assert library.view.currentIndex().isValid()  # highlighted, as Restore will take it
    press(qtbot, Qt.Key.Key_R, ALT)
    qtbot.waitUntil(lambda: window.session.doc is not None)
    assert window.session.doc.pm.title == title
    assert not library.showing_trash
    assert QApplication.focusWidget() is not None
