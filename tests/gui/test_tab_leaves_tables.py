"""Tab goes on from a table to the next field, as the key sheet says ("Tab moves between fields;
in tables the arrow keys move between cells"): the timeline, the action items and the attendees
stepped through their cells on Tab and wrapped round, so the buttons and fields after them were
out of the keyboard's reach. Tab in a cell being edited still goes on to the next cell."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pmdesk.ui.timeline_model import TimelineModel
from tests.gui.keyboard import press

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.mark.parametrize(
    ("key", "table", "after", "before"),
    [
        (Qt.Key.Key_2, "timeline", "What did you see?", "Since start"),
        (Qt.Key.Key_5, "actions", "+1 week", "Add item"),  # the selected item's deadline
        (Qt.Key.Key_1, "attendees", "New attendee name", "Allowed words"),
    ],
)
def test_tab_and_shift_tab_leave_the_table(qtbot, sample, key, table, after, before) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, key, CTRL)
    panel = sample.panels["overview" if table == "attendees" else table]
    view = {
        "timeline": lambda: panel.table,
        "actions": lambda: panel.table,
        "attendees": lambda: panel.attendee_view,
    }[table]()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.setCurrentIndex(view.model().index(0, 1))

    def name() -> str:
        widget = QApplication.focusWidget()
        assert widget is not None
        return (widget.accessibleName() or getattr(widget, "text", str)()).replace("&", "")

    press(qtbot, Qt.Key.Key_Tab)
    assert name() == after
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    press(qtbot, Qt.Key.Key_Backtab, SHIFT)
    assert name() == before


def test_tab_in_a_timeline_cell_being_edited_goes_on_to_the_next_cell(qtbot, sample) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_2, CTRL)
    panel = sample.panels["timeline"]
    table = panel.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentIndex(panel.model.index(0, TimelineModel.TIME))
    press(qtbot, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not table and table.isAncestorOf(editor)
    press(qtbot, Qt.Key.Key_Tab)
    assert table.currentIndex().column() == TimelineModel.TEXT
    editor = QApplication.focusWidget()
    assert editor is not table and table.isAncestorOf(editor)  # editing the next cell
    press(qtbot, Qt.Key.Key_Escape)


def test_tab_never_stops_on_a_panels_page(qtbot, sample) -> None:  # type: ignore[no-untyped-def]
    """The tab's page and the Overview's scroll area each took a Tab of their own, and nothing
    showed where the keyboard was: Tab seemed to do nothing twice per round."""
    from pmdesk.views.overview import OverviewPanel
    from pmdesk.views.panels import PanelHolder

    stops: set[str] = set()
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_5, Qt.Key.Key_7):
        press(qtbot, key, CTRL)
        for _ in range(60):
            press(qtbot, Qt.Key.Key_Tab)
            focused = QApplication.focusWidget()
            if isinstance(focused, PanelHolder | OverviewPanel):
                stops.add(type(focused).__name__)
    assert stops == set()
