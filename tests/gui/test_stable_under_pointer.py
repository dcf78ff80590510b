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


def test_a_refused_time_typed_in_a_small_window_covers_no_row(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """On a 1280x720 laptop the table's pane sits at its least height: the reason still goes
    under the table, never drawn over its last rows, and the cell keeps what was typed."""
    window.showNormal()
    window.resize(1280, 690)
    window.import_paths([SAMPLE])
    window.show_panel("timeline")
    panel = window.panels["timeline"]
    table = panel.table
    qtbot.wait(50)  # the page has its final layout
    panel.splitter.setSizes([1, 10_000])  # the table's pane as small as it may be
    qtbot.wait(20)
    last = panel.model.rowCount() - 1
    table.setCurrentIndex(panel.model.index(last, 0))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "25:99")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(panel.error_label.isVisible)
    qtbot.wait(20)
    message = panel.error_label.geometry()
    assert message.top() >= table.geometry().bottom()  # under the table, not over its rows
    assert message.bottom() <= panel.error_label.parentWidget().rect().bottom()
    text = panel.error_label.text()
    assert "'25:99'" in text and f"event {last + 1}" in text  # what was typed, and where
    qtbot.waitUntil(lambda: table.indexWidget(panel.model.index(last, 0)) is not None)
    assert table.indexWidget(panel.model.index(last, 0)).text() == "25:99"
    # The cell being fixed is in sight, above the message.
    qtbot.wait(20)
    cell = table.visualRect(panel.model.index(last, 0))
    assert table.viewport().rect().contains(cell)
