"""Edit > Preferences (Ctrl+,) shows every line of its explanations: the dialog opened too short
for its wrapped hints, which were squeezed and cut through their first and last lines
(walked at 1280x720)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.gui.keyboard import press


def _cut(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        label.text()[:30]
        for label in dialog.findChildren(QLabel)
        if label.isVisible()
        and label.wordWrap()
        and label.height() < label.heightForWidth(label.width())
    ]


def test_preferences_show_every_line_of_their_hints(qtbot, themed, sample) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = sample.preferences
    qtbot.waitExposed(dialog)
    qtbot.wait(50)  # laid out
    assert _cut(dialog) == []
    qtbot.waitUntil(dialog.path_edit.hasFocus)  # the keyboard in the first field, as before
    assert dialog.screen().availableGeometry().contains(dialog.frameGeometry())
    # A longer message (a refused rules file) keeps them whole too.
    dialog.use_team_rules("/nowhere/rules.json")
    qtbot.wait(50)
    assert dialog.error_label.isVisible() and _cut(dialog) == []
    dialog.close()
