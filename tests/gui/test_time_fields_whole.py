"""The Overview's times show whole, their offset included: at 1280 px the meeting's
"2026-04-16 16:00 +02:00" showed as "2026-04-16 16:00 +", and a time read as local is an hour
or two off for anyone elsewhere (walked). The same at 150% system scale: small_screen_checks.py."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QStyle, QStyleOptionFrame

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


def _label_of(overview, field: str) -> QLabel:  # type: ignore[no-untyped-def]
    edit = overview.time_fields[field].edit
    return next(label for label in overview.findChildren(QLabel) if label.buddy() is edit)


def _x(widget, overview) -> int:  # type: ignore[no-untyped-def]
    return widget.mapTo(overview, QPoint(0, 0)).x()


def test_a_time_put_under_another_has_its_label_in_the_label_column(qtbot, themed, sample) -> None:  # type: ignore[no-untyped-def]
    """Where the two times of a row go one under the other (853 px: 1280 x 720 at 150%), the
    second's label sat in the field column, indented under the first time; it goes in the
    form's label column, right-aligned with the others, its time under the first one."""
    from tests.gui.test_fits_screen import SYSTEM_150

    sample.resize(*SYSTEM_150)
    sample.show_panel("overview")
    overview = sample.panels["overview"]
    resolved, meeting = overview.time_fields["resolved_at"], overview.time_fields["meeting_at"]
    meeting_label, resolved_label = (
        _label_of(overview, "meeting_at"),
        _label_of(overview, "resolved_at"),
    )

    def stacked() -> bool:
        return meeting.isVisible() and meeting.mapTo(overview, QPoint(0, 0)).y() > (
            resolved.mapTo(overview, QPoint(0, 0)).y() + resolved.height() // 2
        )

    qtbot.waitUntil(stacked)
    qtbot.wait(50)  # settled
    assert _x(meeting, overview) == _x(resolved, overview)  # the time under the time
    label_right = _x(meeting_label, overview) + meeting_label.width()
    assert label_right <= _x(resolved, overview)  # the label in the label column
    assert label_right == _x(resolved_label, overview) + resolved_label.width()  # aligned
    assert meeting_label.isVisible() and cut_times(sample) == []
    # Tab still goes from the first time to the second.
    resolved.edit.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert meeting.edit.hasFocus()
    # Wide again: the second time goes back beside the first, its label between them.
    sample.resize(1280, 720)
    qtbot.waitUntil(lambda: not stacked())
    qtbot.wait(50)
    assert meeting.isVisible() and meeting_label.isVisible()
    assert _x(meeting_label, overview) > _x(resolved, overview) + resolved.width() // 2
    assert cut_times(sample) == []
