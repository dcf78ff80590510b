"""Shift times (Ctrl+T in the timeline, its context menu, the Shift times… button): the selected
events or all of them move by one amount in one undo step, the dialog shows where the first and
the last land, and refuses a shift that cannot be right before anything moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pmdesk.model import Postmortem, TimelineEvent
from pmdesk.views.shortcuts_dialog import Entry, shortcut_sections
from tests.gui.keyboard import press

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
NOW = datetime(2026, 4, 16, 9, 0, tzinfo=UTC)  # the morning after the sample's incident


def in_front(qtbot, window):  # type: ignore[no-untyped-def]
    """The timeline in front, the cursor on its first event, the clock the next day."""
    press(qtbot, Qt.Key.Key_2, CTRL)
    panel = window.panels["timeline"]
    panel.clock = lambda: NOW
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    press(qtbot, Qt.Key.Key_Home, CTRL)
    return panel


@pytest.fixture
def panel(qtbot, window, sample):  # type: ignore[no-untyped-def]
    """The sample's timeline in front, the cursor on its first event, the clock the next day."""
    return in_front(qtbot, window)


def times(window) -> dict[str, datetime]:  # type: ignore[no-untyped-def]
    return {e.id: e.at for e in window.session.doc.pm.timeline}


def open_dialog(qtbot, panel):  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_T, CTRL)
    dialog = panel.shifting.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(dialog.hours.hasFocus)
    return dialog


def test_the_selected_events_move_in_one_undo_step_and_stay_selected(qtbot, window, panel) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    chosen = [panel.model.event_at(row).id for row in range(3)]
    before, steps = times(window), window.session.undo_stack.count()

    dialog = open_dialog(qtbot, panel)
    assert dialog.selected_choice.isChecked()
    assert dialog.selected_choice.text() == "&The 3 selected events"
    assert dialog.all_choice.text() == f"&All {len(before)} events"
    assert not dialog.ok_button.isEnabled()  # no amount yet
    qtbot.keyClicks(dialog.hours, "5")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "30")
    assert dialog.preview["first"].text().startswith("14:20 → 19:50 “payment-service v2.4.1")
    assert dialog.preview["last"].text().startswith("14:33 → 20:03 “Error rate rises")
    assert dialog.ok_button.text() == "&Shift 3 events"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    after = times(window)
    by = timedelta(hours=5, minutes=30)
    assert {i for i in after if after[i] != before[i]} == set(chosen)
    assert all(after[i] == before[i] + by for i in chosen)
    assert window.session.undo_stack.count() == steps + 1
    assert sorted(panel._selected_ids()) == sorted(chosen)  # moved to the end, still selected
    assert panel.current_event().id == chosen[-1]
    window.activateWindow()  # as a window manager does when a dialog closes (offscreen: none)
    qtbot.waitUntil(panel.table.hasFocus)
    assert "Shifted 3 events by +5 h 30 min" in window.statusBar().currentMessage()

    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert times(window) == before


def test_one_selected_row_shifts_every_event_earlier(qtbot, window, panel) -> None:  # type: ignore[no-untyped-def]
    before = times(window)
    dialog = open_dialog(qtbot, panel)
    assert dialog.all_choice.isChecked()  # one selected row is only where the cursor is
    assert dialog.selected_choice.text().startswith("&The selected event: 14:20 “payment")
    press(qtbot, Qt.Key.Key_Tab, SHIFT)
    press(qtbot, Qt.Key.Key_Tab, SHIFT)  # to "Later"
    press(qtbot, Qt.Key.Key_E)  # Earlier
    assert dialog.direction.currentText() == "Earlier"
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "2")  # hours
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    after = times(window)
    assert all(after[i] == before[i] - timedelta(hours=2) for i in before)
    assert panel._selected_ids() == [panel.model.event_at(0).id]


def test_a_shift_later_than_now_is_refused_before_anything_moves(qtbot, window, panel) -> None:  # type: ignore[no-untyped-def]
    before, steps = times(window), window.session.undo_stack.count()
    dialog = open_dialog(qtbot, panel)
    press(qtbot, Qt.Key.Key_Tab, SHIFT)  # days
    qtbot.keyClicks(QApplication.focusWidget(), "1")
    assert dialog.problem.isVisible()
    assert dialog.problem.text().startswith("Cannot shift: 2026-04-15 14:50 “Error rate steady")
    assert "would move to 2026-04-16 14:50, later than now" in dialog.problem.text()
    assert not dialog.ok_button.isEnabled()
    press(qtbot, Qt.Key.Key_Return)  # nothing: the button is off
    assert dialog.isVisible() and times(window) == before
    # Back within what already happened: the reason goes, the shift can be made.
    qtbot.keyClicks(QApplication.focusWidget(), "\b0")
    assert dialog.problem.isHidden() and not dialog.ok_button.isEnabled()
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "18")  # 14:50 + 18 h = 08:50, before 09:00
    assert dialog.ok_button.isEnabled() and dialog.problem.isHidden()
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert times(window) == before and window.session.undo_stack.count() == steps


def test_shift_times_is_in_the_tables_menu_and_the_tools(qtbot, window, panel) -> None:  # type: ignore[no-untyped-def]
    menu = panel.context_menu()
    assert panel.shift_action in menu.actions()
    assert panel.shift_action.shortcut().toString() == "Ctrl+T"
    assert panel.buttons["shift"].defaultAction() is panel.shift_action
    sheet = {section.title: section.entries for section in shortcut_sections(window)}
    assert Entry("Shift times", "Ctrl+T") in sheet["While in the timeline"]  # Help > Shortcuts
    panel.buttons["shift"].click()
    dialog = panel.shifting.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    menu.deleteLater()


def test_undo_and_redo_of_a_shift_bring_its_events_back_into_sight(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Eighty events: the first three shifted two hours later move to the end of the table,
    which scrolls there with them. Ctrl+Z puts them back at the top: the table follows them,
    selected, as the shift did (it stayed at the end, the restored rows out of sight)."""
    start = NOW - timedelta(days=1)
    events = [
        TimelineEvent(at=start + timedelta(minutes=n), text=f"event {n}", seq=n) for n in range(80)
    ]
    window.open_postmortem(window.session.create(Postmortem(title="Long", timeline=events)))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel = in_front(qtbot, window)
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    chosen = {panel.model.event_at(row).id for row in range(3)}
    dialog = open_dialog(qtbot, panel)
    qtbot.keyClicks(dialog.hours, "2")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.activateWindow()
    qtbot.waitUntil(panel.table.hasFocus)
    table = panel.table

    def in_sight() -> bool:
        rect = table.visualRect(table.currentIndex())
        return rect.top() >= 0 and rect.bottom() <= table.viewport().height()

    assert panel.table.currentIndex().row() >= 77 and in_sight()

    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert [e.text for e in window.session.doc.pm.timeline[:3]] == ["event 0", "event 1", "event 2"]
    assert set(panel._selected_ids()) == chosen
    assert panel.table.currentIndex().row() == 2  # the current one, as after the shift
    assert in_sight(), "the restored rows are out of sight"
    first = table.visualRect(panel.model.index(0, 1))
    assert first.top() >= 0, "the first restored row is above the table's top"
    assert window.statusBar().currentMessage().startswith("Undone: Shift 3 events by +2 h")

    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)  # redo: at the end again, and in sight
    assert set(panel._selected_ids()) == chosen
    assert panel.table.currentIndex().row() >= 77 and in_sight()
    assert window.statusBar().currentMessage().startswith("Shifted 3 events by +2 h")
