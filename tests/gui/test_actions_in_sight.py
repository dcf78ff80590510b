"""The action items in sight during the Action items phase at 1280 x 720, zoomed for the room:
three items, not the one row left over when the checks and buttons had their share."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractScrollArea

from pmdesk.meeting import default_plan
from pmdesk.model import ActionItem, ActionType, Postmortem
from tests.gui.keyboard import paced

# The five items of the walk's postmortem: one or two lines each at 100%, three at 150%.
ITEMS = [
    ActionItem("Show the config diff of a deploy in its approval request", ActionType.PREVENT),
    ActionItem("Validate timeout values in the checkout-api config schema at deploy"),
    ActionItem("Diff config values in the deploy pipeline", ActionType.PREVENT),
    ActionItem("Link the last deploy of a service in its error-rate alert", ActionType.DETECT),
    ActionItem(
        "Roll back checkout-api automatically when error rate passes 5% for 3 min",
        ActionType.MITIGATE,
    ),
]

CTRL = Qt.KeyboardModifier.ControlModifier


press = paced(20)


def rows_in_sight(table) -> int:  # type: ignore[no-untyped-def]
    """How many rows the table shows whole, from its first."""
    room, whole = table.viewport().height(), 0
    for row in range(table.model().rowCount()):
        room -= table.rowHeight(row)
        if room < 0:
            break
        whole += 1
    return whole


@pytest.mark.parametrize(("zoom_steps", "expected"), [(0, 5), (3, 3)])  # 100%, 150%
def test_five_action_items_are_in_sight_at_1280_by_720(
    qtbot, window, themed, zoom_steps, expected
) -> None:  # type: ignore[no-untyped-def]
    window.resize(1280, 720)
    pm = Postmortem(title="Checkout outage", actions=list(ITEMS))
    pm.phases = default_plan(pm.kind)
    window.open_postmortem(window.session.create(pm))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for _ in range(zoom_steps):
        press(qtbot, Qt.Key.Key_Equal, CTRL)
    press(qtbot, Qt.Key.Key_5, CTRL)
    panel = window.panels["actions"]
    qtbot.waitUntil(panel.isVisible)
    assert panel.model.rowCount() == 5
    qtbot.waitUntil(lambda: rows_in_sight(panel.table) >= expected)
    # The table takes the room the view has: all five, or as tall as the view it scrolls in.
    view = panel.parentWidget()
    table = panel.table
    qtbot.waitUntil(
        lambda: rows_in_sight(table) == 5 or table.height() >= view.height() - 2, timeout=2000
    )


def test_the_samples_five_items_are_in_sight_whole_without_scrolling_the_panel(
    qtbot, window, sample, themed
) -> None:  # type: ignore[no-untyped-def]
    """The walk: the sample (four items, each linked to a factor) and a fifth typed in the add
    row. Nothing above the table but the hint and the add row, and a factor cell three lines at
    most, so the panel's own scroll bar stays at the top with all five rows whole."""
    press(qtbot, Qt.Key.Key_5, CTRL)
    panel = window.panels["actions"]
    qtbot.waitUntil(panel.new_description.hasFocus)
    qtbot.keyClicks(panel.new_description, "Add a config-check test for bare numbers in durations")
    press(qtbot, Qt.Key.Key_Return)
    assert panel.model.rowCount() == 5
    assert all(item.factor_id for item in window.session.doc.pm.actions[:4])
    qtbot.wait(50)  # the rows fit their words, the table its rows

    view = panel.parentWidget()
    scroll = view.parentWidget()
    assert isinstance(scroll, QAbstractScrollArea)
    assert scroll.verticalScrollBar().value() == 0
    table = panel.table
    for row in range(5):
        top = table.viewport().mapTo(view, QPoint(0, table.rowViewportPosition(row)))
        bottom = top.y() + table.rowHeight(row)
        assert top.y() >= 0 and bottom <= view.height(), f"row {row + 1} is not whole in sight"
    # A factor is a reference (its tooltip has all of it): three lines at most.
    three_lines = table.fontMetrics().lineSpacing() * 3 + 8
    assert max(table.rowHeight(row) for row in range(5)) <= three_lines
