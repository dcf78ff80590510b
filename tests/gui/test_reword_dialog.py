"""The Reword dialog fits the screen it opens on, however long the explanation it shows."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QWidget

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
