"""Enter on a Contributing factors button, then typing at once: every key lands in the new text.

In the real window (Xvfb + openbox) Enter on a focused "Add factor" did nothing (a push button
outside a dialog answers only Space), so the first word typed went to the button and was lost,
and the space after it pressed the button: "Unit-less timeout" became "timeout".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pmdesk.model import Question
from tests.gui.keyboard import press

SHIFT = Qt.KeyboardModifier.ShiftModifier


def _typed(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Typed with no pause, each key to whatever has the keyboard at that moment."""
    for char in text:
        target = QApplication.focusWidget() or QApplication.activeWindow()
        qtbot.keyClicks(target, char)


def _factors(qtbot, window):  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    panel = window.panels["factors"]
    qtbot.waitUntil(lambda: panel.isVisible() and QApplication.focusWidget() is not None)
    return panel


def test_enter_on_add_factor_then_typing_at_once_keeps_every_word(qtbot, window, sample) -> None:  # type: ignore[no-untyped-def]
    panel = _factors(qtbot, window)
    # Ctrl+4 puts the cursor in the first factor; Shift+Tab goes back to its "Add factor".
    press(qtbot, Qt.Key.Key_Backtab, SHIFT)
    group = panel.groups[Question.RISKY]
    assert QApplication.focusWidget() is group.add_button
    before = [f.id for f in window.session.doc.pm.factors]
    press(qtbot, Qt.Key.Key_Return)
    _typed(qtbot, "Unit-less timeout setting")
    added = [f for f in window.session.doc.pm.factors if f.id not in before]
    assert len(added) == 1 and added[0].question == Question.RISKY
    card = panel.cards[added[0].id]
    assert card.text_edit.toPlainText() == "Unit-less timeout setting"


def test_enter_on_add_why_and_make_a_factor_presses_them_too(qtbot, window, sample) -> None:  # type: ignore[no-untyped-def]
    panel = _factors(qtbot, window)
    card = panel.cards[window.session.doc.pm.factors[0].id]
    whys = len(card.why_rows)
    card.add_why_button.setFocus()
    qtbot.waitUntil(card.add_why_button.hasFocus)
    press(qtbot, Qt.Key.Key_Enter)  # the keypad's Enter as well as Return
    _typed(qtbot, "Why no unit?")
    assert len(card.why_rows) == whys + 1
    assert card.why_rows[-1].editor.toPlainText() == "Why no unit?"

    row = next(iter(panel.finding_rows.values()))
    count = len(window.session.doc.pm.factors)
    row.make_button.setFocus()
    qtbot.waitUntil(row.make_button.hasFocus)
    press(qtbot, Qt.Key.Key_Return)
    assert len(window.session.doc.pm.factors) == count + 1
