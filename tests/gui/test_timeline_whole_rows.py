"""The main window's timeline shows whole rows: at 1280 x 720 its last row in sight was cut
through its text above the discussion card (walked). The part-row's height goes to the card."""

from __future__ import annotations


def _whole(table) -> bool:  # type: ignore[no-untyped-def]
    row, shown = table.rowHeight(0), table.viewport().height()
    return table.isVisible() and shown >= 2 * row and shown % row == 0


def test_the_timeline_shows_whole_rows_at_1280_by_720(qtbot, themed, sample) -> None:  # type: ignore[no-untyped-def]
    window = sample
    window.show_panel("timeline")
    panel = window.panels["timeline"]
    table = panel.table
    assert table.model().rowCount() * table.rowHeight(0) > table.viewport().height()  # scrolls
    qtbot.waitUntil(lambda: _whole(table))
    # Another height (the window made shorter, then taller): still whole rows.
    for height in (650, 700, 720):
        window.resize(1280, height)
        qtbot.waitUntil(lambda: _whole(table))
    # Dragging the handle between the table and the card: whole rows where it is let go.
    sizes = panel.splitter.sizes()
    panel.splitter.setSizes([sizes[0] - 17, sizes[1] + 17])
    qtbot.waitUntil(lambda: _whole(table))
    assert panel.discussion.isVisible()
