"""Nothing moves under the pointer: messages keep their place, and a table keeps the row being
worked on where it is (and selected) until the pointer leaves it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import SAMPLE


def test_a_deadline_change_does_not_move_the_row_under_the_pointer(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    window.show_panel("actions")
    panel = window.panels["actions"]
    first = panel.model.item(0)
    panel.select_item(first.id)
    QApplication.sendEvent(panel.table.viewport(), QEvent(QEvent.Type.Enter))  # pointer on it
    qtbot.mouseClick(panel.quick_buttons["+1 month"], Qt.MouseButton.LeftButton)
    assert first.deadline is not None and first.deadline.year >= 2026
    assert panel.model.item(0) is first  # the row stayed where the pointer is
    assert panel.selected_ids() == [first.id]
    QApplication.sendEvent(panel.table.viewport(), QEvent(QEvent.Type.Leave))
    qtbot.waitUntil(lambda: panel.model.item(0) is not first)  # back in priority order
    assert panel.model.row_of(first.id) == 1
    assert panel.selected_ids() == [first.id]  # and still the selected one


def test_a_time_field_error_moves_no_other_field(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    overview = window.panels["overview"]
    started = overview.time_fields["started_at"]
    resolved = overview.time_fields["resolved_at"]
    qtbot.wait(50)  # the form has its final layout
    below = resolved.mapTo(window, resolved.rect().topLeft())
    started.edit.setFocus()
    qtbot.keyClicks(started.edit, "half past two-ish")
    qtbot.keyClick(started.edit, Qt.Key.Key_Return)
    qtbot.wait(10)
    assert started.error.isVisibleTo(window) and "half past two-ish" in started.error.text()
    assert resolved.mapTo(window, resolved.rect().topLeft()) == below
    assert started.edit.text() == "half past two-ish"  # what was typed is kept


def test_a_refused_timeline_edit_keeps_the_table_in_place(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    window.show_panel("timeline")
    panel = window.panels["timeline"]
    table = panel.table
    rows_before = [table.visualRect(panel.model.index(row, 0)) for row in range(3)]
    top_left = table.mapTo(window, table.rect().topLeft())
    notes = panel.discussion.mapTo(window, panel.discussion.rect().topLeft())
    panel.model.setData(panel.model.index(0, 0), "14:7x")
    qtbot.waitUntil(panel.error_label.isVisible)
    # The message takes a line from the bottom of the table: no row moves, nor the notes below.
    assert table.mapTo(window, table.rect().topLeft()) == top_left
    assert [table.visualRect(panel.model.index(row, 0)) for row in range(3)] == rows_before
    assert panel.discussion.mapTo(window, panel.discussion.rect().topLeft()) == notes
