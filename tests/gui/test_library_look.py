"""Ctrl+K in the middle of a meeting on a 1280 x 720 laptop: the library, folded away for the
meeting, comes for a look; Escape or picking a postmortem folds it again, the cursor back
where it was and the panels as wide as before. Every key goes to the focused widget."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.keyboard import press

CTRL = Qt.KeyboardModifier.ControlModifier


def _in_the_notes(qtbot, window):  # type: ignore[no-untyped-def]
    assert not window.library.isVisible()  # folded away for the meeting
    press(qtbot, Qt.Key.Key_3, CTRL)  # Notes
    notes = window.panels["notes"].editor
    qtbot.waitUntil(notes.hasFocus)
    return notes


def test_escape_after_a_look_in_the_library_gives_the_meeting_back(qtbot, window, sample) -> None:  # type: ignore[no-untyped-def]
    notes = _in_the_notes(qtbot, window)
    press(qtbot, Qt.Key.Key_End, CTRL)  # writing at the end of the notes
    before = notes.toPlainText()
    width = window.stack.width()
    press(qtbot, Qt.Key.Key_K, CTRL)
    assert window.library.isVisible() and window.library.filter_edit.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "timeout")
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.library.isVisible())
    assert notes.hasFocus()  # the cursor is back in the notes
    assert window.stack.width() == width  # the panels as wide as before
    qtbot.keyClicks(notes, " more")
    assert notes.toPlainText() == before + " more"  # nothing typed went astray


def test_picking_a_postmortem_in_the_look_folds_the_library_again(qtbot, window, sample) -> None:  # type: ignore[no-untyped-def]
    _in_the_notes(qtbot, window)
    opened = window.session.doc.pm.id
    press(qtbot, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), "card processor")
    qtbot.waitUntil(lambda: not window.library._pause.isActive(), timeout=2000)
    press(qtbot, Qt.Key.Key_Return)  # opens the best match: the open one
    qtbot.waitUntil(lambda: not window.library.isVisible())
    assert window.session.doc.pm.id == opened


def test_view_library_keeps_it_shown(qtbot, window, sample) -> None:  # type: ignore[no-untyped-def]
    _in_the_notes(qtbot, window)
    press(qtbot, Qt.Key.Key_L, CTRL | Qt.KeyboardModifier.ShiftModifier)  # asked for by name
    assert window.library.isVisible()
    window.library.filter_edit.setFocus()
    press(qtbot, Qt.Key.Key_Escape)
    assert window.library.isVisible()


def test_the_search_fields_hint_shows_whole_with_its_key(qtbot, themed, window) -> None:  # type: ignore[no-untyped-def]
    """At 1280 x 720 the hint read "Search all postmortems (Ct…": its key was cut off."""
    from PySide6.QtWidgets import QStyle, QStyleOptionFrame

    window.resize(1280, 720)
    field = window.library.filter_edit
    qtbot.waitUntil(field.isVisible)
    option = QStyleOptionFrame()
    field.initStyleOption(option)
    room = field.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, field)
    hint = field.placeholderText()
    assert "Ctrl+K" in hint
    assert field.fontMetrics().horizontalAdvance(hint) <= room.width() - 2 * 2  # Qt's margins
