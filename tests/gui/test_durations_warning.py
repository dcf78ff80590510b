"""A marker moved past another (the trigger after the detection) is said on one line of its tile,
the whole sentence in the tooltip: the warning wrapped over four lines, pushed the timeline down
and left three rows of events in sight at 1280 x 720."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pmdesk.model import Marker
from tests.gui.conftest import SAMPLE
from tests.gui.keyboard import press

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def rows_in_sight(table) -> int:  # type: ignore[no-untyped-def]
    """How many rows the table shows whole, from the first one scrolled to."""
    room = table.viewport().height()
    first = table.rowAt(0)
    whole = 0
    for row in range(max(first, 0), table.model().rowCount()):
        room -= table.rowHeight(row)
        if room < 0:
            break
        whole += 1
    return whole


def test_a_trigger_after_the_detection_keeps_the_timeline_in_sight(
    qtbot, window, sample, themed
) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_2, CTRL)
    panel = window.panels["timeline"]
    qtbot.waitUntil(panel.isVisible)
    panel.table.setFocus()
    strip, table = panel.durations, panel.table
    qtbot.waitUntil(lambda: rows_in_sight(table) >= 5)
    height, rows = strip.height(), rows_in_sight(table)
    timeline = window.session.doc.pm.timeline
    detection = next(i for i, e in enumerate(timeline) if e.marker == Marker.DETECTION)

    # The walk's keys: down to the event after the detection, Alt+1 marks it the trigger.
    press(qtbot, Qt.Key.Key_Home, CTRL)
    for _ in range(detection + 1):
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_1, ALT)
    assert panel.current_event().marker == Marker.TRIGGER
    qtbot.wait(50)  # the layout settles

    assert strip.texts()[0] == (
        "Time to detect: The Detection event comes before the Trigger event; check the markers"
    )
    value = strip.tiles[0][1]
    assert value.text() == "⚠ Before trigger"
    assert value.property("check") == "warn"
    assert "comes before the Trigger event" in value.toolTip()
    # One line, as a duration is: the strip keeps its height and the table its rows.
    assert value.height() <= value.fontMetrics().lineSpacing() + 4
    assert strip.height() == height
    assert rows_in_sight(table) == rows
    # Undo: the duration is back, in the same room.
    press(qtbot, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: value.text() == "3 min")
    assert value.property("check") is None and strip.height() == height


def test_a_missing_marker_is_said_short_with_the_reason_in_the_tooltip(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    panel = window.panels["timeline"]
    strip = panel.durations
    trigger = next(e for e in window.session.doc.pm.timeline if e.marker == Marker.TRIGGER)
    panel.select_events([trigger.id])
    panel.set_marker(None)
    assert strip.shown()[:4] == ["No trigger marked"] * 4
    value = strip.tiles[1][1]
    assert value.toolTip().startswith("No event is marked Trigger.")
    assert "never guessed" in value.toolTip()
    assert value.property("check") is None
