"""The Overview's times show whole, their offset included: at 1280 px the meeting's
"2026-04-16 16:00 +02:00" showed as "2026-04-16 16:00 +", and a time read as local is an hour
or two off for anyone elsewhere (walked). The same at 150% system scale: small_screen_checks.py."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame

from pmdesk.ui import theme
from tests.gui.keyboard import press


def cut_times(window) -> list[str]:  # type: ignore[no-untyped-def]
    """The Overview's time fields whose text is wider than the room the box draws it in."""
    cut = []
    for field in window.panels["overview"].time_fields.values():
        edit: QLineEdit = field.edit
        option = QStyleOptionFrame()
        edit.initStyleOption(option)
        room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
        margins = edit.textMargins()
        width = room.width() - margins.left() - margins.right() - 2 * 2  # Qt's own margins
        if edit.fontMetrics().horizontalAdvance(edit.text()) > width:
            cut.append(edit.text())
    return cut


def test_every_time_shows_whole_at_1280_by_720(qtbot, themed, sample) -> None:  # type: ignore[no-untyped-def]
    sample.show_panel("overview")
    overview = sample.panels["overview"]
    qtbot.waitUntil(lambda: cut_times(sample) == [])
    assert overview.columns.wide()  # still side by side with the checklist
    assert overview.horizontalScrollBar().maximum() == 0


def test_a_longer_time_typed_widens_its_box_and_zoom_keeps_it_whole(qtbot, themed, sample) -> None:  # type: ignore[no-untyped-def]
    sample.show_panel("overview")
    started = sample.panels["overview"].time_fields["started_at"]
    started.edit.setFocus()
    started.edit.selectAll()
    qtbot.keyClicks(started.edit, "2026-04-15 14:32:10 -07:00")
    press(qtbot, Qt.Key.Key_Tab)  # on to the next field: the time is read
    assert started.edit.text() == "2026-04-15 14:32:10 -07:00"
    qtbot.waitUntil(lambda: cut_times(sample) == [])
    try:
        sample.presentation.set_zoom(1.25)
        qtbot.waitUntil(lambda: cut_times(sample) == [])
    finally:
        theme.apply(themed, "light", 1.0)
