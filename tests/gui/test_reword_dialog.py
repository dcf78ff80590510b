"""The Reword dialog fits the screen it opens on, however long the explanation it shows."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QPlainTextEdit, QWidget

from pmdesk.views.reword_dialog import ask_reword


def test_a_long_explanation_wraps_inside_the_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    explanation = "Factor 1: frames an omission as neglect. " * 12
    seen: dict[str, object] = {}

    def look() -> None:
        dialog = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QInputDialog) and w.isVisible()
        )
        label = dialog.findChild(QLabel)
        seen.update(width=dialog.frameGeometry().width(), wraps=label.wordWrap() if label else None)
        dialog.reject()

    QTimer.singleShot(200, look)
    ask_reword(parent, "Reword", explanation, "Bob forgot to check it.", (4, 19))
    screen = parent.screen().availableGeometry().width()
    assert seen["wraps"] is True
    assert isinstance(seen["width"], int) and seen["width"] <= screen


def test_tab_moves_on_from_the_text_without_typing_a_tab(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    seen: dict[str, object] = {}

    def tab() -> None:
        dialog = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QInputDialog) and w.isVisible()
        )
        editor = dialog.findChild(QPlainTextEdit)
        assert editor is not None and editor.hasFocus()
        qtbot.keyClick(editor, Qt.Key.Key_Tab)
        seen.update(text=editor.toPlainText(), focus=editor.hasFocus())
        dialog.reject()

    QTimer.singleShot(200, tab)
    ask_reword(
        parent, "Reword", "Frames an omission as neglect.", "Bob forgot to check it.", (4, 19)
    )
    assert seen == {"text": "Bob forgot to check it.", "focus": False}
