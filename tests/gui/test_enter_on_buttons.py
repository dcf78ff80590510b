"""Enter on a focused button presses it in the main window, as it does in a dialog.

In the real window (Xvfb + openbox) Tab to "Open the sample postmortem" and Enter did nothing,
and so on every panel button but the three Contributing factors ones made to answer it one by
one: a button outside a dialog answers Space only. Dialogs keep their own Enter (the focused
button, else the default one), and text fields theirs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QToolButton, QWidget

from pmdesk.views.timeline.shifting import ShiftDialog
from tests.gui.keyboard import press

CTRL = Qt.KeyboardModifier.ControlModifier
# Every panel by its key (Overview ... Interviews).
PANEL_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6)
PANEL_KEYS += (Qt.Key.Key_7,)


def tab_to(qtbot, wanted: QWidget, most: int = 60) -> None:  # type: ignore[no-untyped-def]
    for _ in range(most):
        if QApplication.focusWidget() is wanted:
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {wanted!r}")


def test_enter_on_the_welcome_pages_button_opens_the_sample(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.session.doc is None
    tab_to(qtbot, window._welcome.sample_button)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.doc is not None)
    assert window.session.doc.pm.title.startswith("Payment service outage")


def test_enter_on_shift_times_opens_it_and_enter_in_the_dialog_is_the_dialogs(
    qtbot, sample
) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_2, CTRL)
    panel = sample.panels["timeline"]
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    tab_to(qtbot, panel.buttons["shift"])
    press(qtbot, Qt.Key.Key_Return)
    dialog = panel.shifting.dialog
    assert isinstance(dialog, ShiftDialog) and dialog.isVisible()
    qtbot.waitUntil(dialog.hours.hasFocus)
    # In the dialog Enter is Qt's own: on a focused Cancel it cancels, nothing shifted.
    before = [e.at for e in sample.session.doc.pm.timeline]
    qtbot.keyClicks(dialog.hours, "1")
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    tab_to(qtbot, cancel)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [e.at for e in sample.session.doc.pm.timeline] == before


@pytest.fixture
def popups_closed(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """A button's menu that a press opens is closed again at once (it would wait for a click)."""

    def close() -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()

    timer = QTimer()
    timer.timeout.connect(close)
    timer.start(20)
    yield
    timer.stop()


def pressed_by_enter(button: QAbstractButton) -> bool:
    """Whether Enter, pressed and not yet let go, presses the focused button (let go, it would
    act: delete an event, open a dialog); the button is let up again without acting."""
    seen: list[bool] = []
    slot = lambda: seen.append(True)  # noqa: E731
    button.pressed.connect(slot)
    QTest.keyPress(button, Qt.Key.Key_Return)
    button.pressed.disconnect(slot)
    button.setDown(False)
    # A button's menu, opened by the press and closed at once, leaves the keyboard nowhere.
    button.window().activateWindow()
    button.setFocus()
    return bool(seen)


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # a menu
def test_every_button_tab_reaches_in_the_panels_is_pressed_by_enter(
    qtbot, sample, popups_closed
) -> None:  # type: ignore[no-untyped-def]
    reached: dict[str, bool] = {}
    for key in PANEL_KEYS:
        press(qtbot, key, CTRL)
        qtbot.wait(20)
        for _ in range(70):  # round each panel's chain at least once
            press(qtbot, Qt.Key.Key_Tab)
            focused = QApplication.focusWidget()
            if isinstance(focused, QPushButton | QToolButton) and focused.isEnabled():
                name = focused.accessibleName() or focused.text() or focused.toolTip()
                if name not in reached:
                    reached[name] = pressed_by_enter(focused)
    # The panels' own buttons, the timer's and the guidance's, each pressed by Enter.
    for name in ("Add attendee", "Shift times…", "Add event", "Import answers…", "Plan interview"):
        assert name in {n.replace("&", "") for n in reached}, sorted(reached)
    assert {"Resume", "Go round the room", "Add why", "Move to ▾"} <= set(reached)
    assert [name for name, pressed in reached.items() if not pressed] == [], sorted(reached)
