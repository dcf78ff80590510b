"""The Reword dialog fits the screen it opens on, however long the explanation it shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QPlainTextEdit, QWidget

from pmdesk.views.reword_dialog import ask_reword


@pytest.fixture
def parent(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    """A shown window for the dialog to open over."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _open_dialog() -> QInputDialog:
    return next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible()
    )


def test_a_long_explanation_wraps_inside_the_screen(parent: QWidget) -> None:
    explanation = "Factor 1: frames an omission as neglect. " * 12
    seen: dict[str, object] = {}

    def look() -> None:
        dialog = _open_dialog()
        label = dialog.findChild(QLabel)
        seen.update(width=dialog.frameGeometry().width(), wraps=label.wordWrap() if label else None)
        dialog.reject()

    QTimer.singleShot(200, look)
    ask_reword(parent, "Reword", explanation, "Bob forgot to check it.", (4, 19))
    screen = parent.screen().availableGeometry().width()
    assert seen["wraps"] is True
    assert isinstance(seen["width"], int) and seen["width"] <= screen


def test_tab_moves_on_from_the_text_without_typing_a_tab(qtbot, parent: QWidget) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def tab() -> None:
        dialog = _open_dialog()
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
