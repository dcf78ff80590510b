"""A choice that is off looks off, in every theme: the stylesheet's window-wide text colour drew a
disabled radio button or check box exactly as an enabled one ("The 12 selected events" in Shift
times, every row selected, looked as choosable as "All 12 events"); and a radio button's
circle, drawn by Qt, all but vanished on the dark and high-contrast bases."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication

from pmdesk.ui import theme
from tests.gui.keyboard import press

CTRL = Qt.KeyboardModifier.ControlModifier


def inks(button: QAbstractButton, width: int | None = None) -> set[int]:
    """The colours the button is drawn in (its text, its indicator), as RGB values; with
    `width`, of that many pixels from its left only (the indicator)."""
    image = button.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    across = range(min(width or image.width(), image.width()))
    return {image.pixel(x, y) & 0xFFFFFF for y in range(image.height()) for x in across}


def rgb(name: str) -> int:
    return QColor(name).rgb() & 0xFFFFFF


@pytest.mark.parametrize("name", theme.THEMES)
def test_the_choice_shift_times_cannot_make_is_drawn_disabled(qtbot, sample, themed, name) -> None:  # type: ignore[no-untyped-def]
    theme.apply(QApplication.instance(), name, 1.0)
    colours = theme.palette(name)
    press(qtbot, Qt.Key.Key_2, CTRL)
    panel = sample.panels["timeline"]
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    press(qtbot, Qt.Key.Key_A, CTRL)
    press(qtbot, Qt.Key.Key_T, CTRL)  # every row selected: "All" is the one choice
    dialog = panel.shifting.dialog
    qtbot.waitUntil(dialog.isVisible)
    off, on = dialog.selected_choice, dialog.all_choice
    assert not off.isEnabled() and on.isEnabled()
    assert rgb(colours["text"]) in inks(on)
    assert rgb(colours["text"]) not in inks(off)
    assert rgb(colours["disabled"]) in inks(off)
    dialog.reject()


@pytest.mark.parametrize("name", ["dark", "high_contrast"])
def test_an_unchecked_radio_buttons_circle_shows(qtbot, sample, themed, name) -> None:  # type: ignore[no-untyped-def]
    """The circle is drawn in the theme's handle colour, as a check box's square is."""
    theme.apply(QApplication.instance(), name, 1.0)
    press(qtbot, Qt.Key.Key_2, CTRL)
    panel = sample.panels["timeline"]
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_T, CTRL)  # two rows: both choices on, the selection chosen
    dialog = panel.shifting.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.all_choice.isEnabled() and not dialog.all_choice.isChecked()
    circle = theme.sizes()["check"] + 2
    assert rgb(theme.palette(name)["handle"]) in inks(dialog.all_choice, circle)
    dialog.reject()


def test_a_disabled_check_box_is_drawn_disabled(qtbot, sample, themed) -> None:  # type: ignore[no-untyped-def]
    """The interview record's "Consent to record" with no interview chosen."""
    press(qtbot, Qt.Key.Key_7, CTRL)
    panel = sample.panels["interviews"]
    qtbot.waitUntil(panel.isVisible)
    consent = panel.record.consent
    assert not consent.isEnabled()
    colours = theme.palette("light")
    assert rgb(colours["text"]) not in inks(consent)
    assert rgb(colours["disabled"]) in inks(consent)


def test_tab_on_the_lead_button_shows_where_the_keyboard_is(qtbot, window, themed) -> None:  # type: ignore[no-untyped-def]
    """The accent ring of a focused button vanished into a button drawn in the accent (the
    welcome page's lead button, the library's New): Tab seemed to go nowhere."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    welcome = window._welcome
    # The lead one: "Open the sample postmortem" while the library is empty.
    lead = next(b for b in (welcome.sample_button, welcome.new_button) if b.objectName())
    assert lead.objectName() == "primary"
    before = inks(lead)
    for _ in range(40):
        if lead.hasFocus():
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert lead.hasFocus()
    ring = rgb(theme.palette("light")["text"])
    assert ring not in before and ring in inks(lead)


def test_a_focused_spin_box_has_the_focus_ring_of_every_field(qtbot, sample, themed) -> None:  # type: ignore[no-untyped-def]
    """Shift times opens with the cursor in its hours: the box had no ring, so the eye found
    the cursor only by its blinking bar."""
    press(qtbot, Qt.Key.Key_2, CTRL)
    panel = sample.panels["timeline"]
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    press(qtbot, Qt.Key.Key_T, CTRL)
    dialog = panel.shifting.dialog
    qtbot.waitUntil(dialog.hours.hasFocus)

    def edge(widget) -> int:  # type: ignore[no-untyped-def]
        image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        return image.pixel(1, image.height() // 2) & 0xFFFFFF  # inside a 1 px border

    accent = rgb(theme.palette("light")["accent"])
    assert edge(dialog.hours) == accent
    assert edge(dialog.minutes) != accent
    dialog.reject()
