"""Tab in the running notes moves on to the next control, as in every other pmdesk text field:
it typed a tab character, so the keyboard could not leave the notes (walked at 1280x720).
Ctrl+Tab keeps going to the next panel, as it does from every panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.keyboard import press
from tests.gui.test_interviews import interviews  # noqa: F401 - a fixture

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _typed_then_tab(qtbot, window, editor) -> None:  # type: ignore[no-untyped-def]
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    editor.selectAll()
    qtbot.keyClicks(editor, "Dashboards looked normal")
    press(qtbot, Qt.Key.Key_Tab)
    assert "\t" not in editor.toPlainText()
    assert editor.toPlainText() == "Dashboards looked normal"  # nothing typed is lost
    assert not editor.hasFocus()
    assert window.isAncestorOf(QApplication.focusWidget())
    press(qtbot, Qt.Key.Key_Tab, SHIFT)  # and Shift+Tab comes back to them
    assert editor.hasFocus()


def test_tab_leaves_the_meeting_notes_and_shift_tab_comes_back(qtbot, sample) -> None:  # type: ignore[no-untyped-def]
    window = sample
    window.show_panel("notes")
    editor = window.panels["notes"].editor
    _typed_then_tab(qtbot, window, editor)
    window.session.flush_edits()
    assert window.session.doc.pm.notes == "Dashboards looked normal"
    press(qtbot, Qt.Key.Key_Tab, CTRL)  # the next panel, as from every panel
    assert window.tabs.currentWidget() is not window.holders["notes"]


def test_tab_leaves_the_interview_notes(qtbot, window, interviews) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _typed_then_tab(qtbot, window, interviews.notes.editor)


def test_the_key_sheet_says_tab_leaves_the_notes_and_ctrl_tab_changes_panel(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_F1)
    sheet = meeting.presentation.shortcuts_dialog
    qtbot.waitUntil(sheet.isVisible)
    text = " ".join(sheet.text().split())
    assert "also from the notes (no field takes a tab character)" in text
    assert "Ctrl+Tab and Ctrl+Shift+Tab go to the next and previous panel" in text
    sheet.close()
