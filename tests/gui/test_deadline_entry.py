"""An action item's deadline typed into its cell in the main window, as a facilitator does:
keys to the focused widget, an impossible date refused with its reason and never turned into
another day."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from pmdesk.ui.action_model import DEADLINE
from tests.gui.keyboard import press

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def type_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClicks(target, text)


def _on_deadline_cell(qtbot, window):  # type: ignore[no-untyped-def]
    """The sample open, Ctrl+5 to its action items, the cursor on the first row's deadline."""
    press(qtbot, Qt.Key.Key_5, CTRL)
    panel = window.panels["actions"]
    qtbot.waitUntil(panel.isVisible)
    table = panel.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentIndex(panel.model.index(0, DEADLINE))
    item = panel.model.item(0)
    return panel, item


def _editor(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None
    return editor


def test_an_impossible_deadline_is_refused_with_its_reason_and_kept_as_typed(
    qtbot, window, sample
) -> None:  # type: ignore[no-untyped-def]
    panel, item = _on_deadline_cell(qtbot, window)
    before = item.deadline
    assert before is not None
    editor = _editor(qtbot)
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "2026-02-31")
    press(qtbot, Qt.Key.Key_Return)

    doc = window.session.doc
    assert doc.find("actions", item.id).deadline == before  # not 2026-02-03, not anything
    assert panel.refusal_label.isVisible()
    assert panel.refusal_label.text() == (
        "⚠ Row 1 was not changed: “2026-02-31” is not a date: February 2026 has 28 days."
    )
    # Nothing typed is lost: the editor is still open with the text, to be put right.
    assert QApplication.focusWidget() is editor
    assert editor.text() == "2026-02-31"  # type: ignore[attr-defined]

    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Backspace)
    type_text(qtbot, "28")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: doc.find("actions", item.id).deadline == date(2026, 2, 28))
    assert not panel.refusal_label.isVisible()


def test_a_deadline_typed_whole_is_taken_as_typed(qtbot, window, sample) -> None:  # type: ignore[no-untyped-def]
    _panel, item = _on_deadline_cell(qtbot, window)
    editor = _editor(qtbot)
    # The whole date shows in the editor, the calendar button beside it.
    assert editor.width() >= editor.fontMetrics().horizontalAdvance("2026-04-30")
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "2026-12-24")
    press(qtbot, Qt.Key.Key_Tab)
    doc = window.session.doc
    qtbot.waitUntil(lambda: doc.find("actions", item.id).deadline == date(2026, 12, 24))


# The calendar is a popup window: the offscreen platform cannot raise it or grab keys.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_alt_down_picks_the_deadline_from_a_calendar(qtbot, window, sample) -> None:  # type: ignore[no-untyped-def]
    _panel, item = _on_deadline_cell(qtbot, window)
    editor = _editor(qtbot)
    press(qtbot, Qt.Key.Key_Down, ALT)
    calendar = editor.calendar  # type: ignore[attr-defined]
    qtbot.waitUntil(calendar.isVisible)
    shown = item.deadline
    assert calendar.selectedDate() == QDate(shown.year, shown.month, shown.day)
    calendar.setFocus()
    qtbot.waitUntil(calendar.hasFocus)
    press(qtbot, Qt.Key.Key_Right)  # the next day
    press(qtbot, Qt.Key.Key_Return)
    doc = window.session.doc
    qtbot.waitUntil(
        lambda: doc.find("actions", item.id).deadline == date.fromordinal(shown.toordinal() + 1)
    )
    assert not calendar.isVisible()


def _zoomed_editor(qtbot, window, zoom_steps: int):  # type: ignore[no-untyped-def]
    """The app zoomed in `zoom_steps` times (Ctrl+=), the first row's deadline being edited."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for _ in range(zoom_steps):
        press(qtbot, Qt.Key.Key_Equal, CTRL)
    panel, _item = _on_deadline_cell(qtbot, window)
    editor = _editor(qtbot)
    qtbot.waitUntil(editor.isVisible)
    return panel, editor


@pytest.mark.parametrize("zoom_steps", [0, 3])  # 100%, 150%
def test_the_deadline_editor_fits_its_cell(qtbot, window, sample, themed, zoom_steps) -> None:  # type: ignore[no-untyped-def]
    """Walked: a deadline being edited drew about 18 px into the Owner column, the editor (date
    and calendar button) wider than its cell. The column is as wide as the editor."""
    window.resize(1280, 720)
    panel, editor = _zoomed_editor(qtbot, window, zoom_steps)
    table = panel.table
    left = table.columnViewportPosition(DEADLINE)
    right = left + table.columnWidth(DEADLINE)
    shown = editor.geometry()
    assert shown.left() >= left, f"the editor starts {left - shown.left()} px into Owner"
    assert shown.right() < right
    assert editor.width() >= editor.fontMetrics().horizontalAdvance("2026-04-30")


@pytest.mark.qt_log_ignore("This plugin does not support")
@pytest.mark.parametrize("zoom_steps", [0, 3])  # 100%, 150%
def test_the_calendar_opens_on_the_screen_by_an_editor_near_its_bottom(
    qtbot, window, sample, themed, zoom_steps
) -> None:  # type: ignore[no-untyped-def]
    """Walked at 1280 x 720, 150%: Alt+Down on the first row's deadline showed no calendar, put
    under the editor below the screen's edge. It opens above the editor when there is no room
    below, as a combo box's list does, and whole on the screen."""
    _panel, editor = _zoomed_editor(qtbot, window, zoom_steps)
    area = editor.screen().availableGeometry()
    # The window moved so the editor's bottom edge is 10 px above the screen's.
    bottom = editor.mapToGlobal(editor.rect().bottomLeft()).y()
    window.move(window.pos() + QPoint(0, area.bottom() - 10 - bottom))
    qtbot.waitUntil(
        lambda: editor.mapToGlobal(editor.rect().bottomLeft()).y() == area.bottom() - 10
    )
    press(qtbot, Qt.Key.Key_Down, ALT)
    calendar = editor.calendar  # type: ignore[attr-defined]
    qtbot.waitUntil(calendar.isVisible)
    shown = calendar.frameGeometry()
    assert area.contains(shown), f"the calendar at {shown} is not inside the screen's {area}"
    top = editor.mapToGlobal(QPoint(0, 0)).y()
    assert shown.bottom() < top  # above the editor, not over it
