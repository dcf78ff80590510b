"""Where a popup (the deadline's calendar) opens by the widget it belongs to: whole on the
screen, under the widget when it fits, above it when it does not."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize

from pmdesk.ui.screen import popup_place

AREA = QRect(0, 0, 1280, 720)
CALENDAR = QSize(430, 240)


def test_under_the_widget_when_there_is_room() -> None:
    assert popup_place(QRect(100, 100, 200, 30), CALENDAR, AREA) == QPoint(100, 130)


def test_above_the_widget_near_the_screens_bottom() -> None:
    assert popup_place(QRect(100, 650, 200, 30), CALENDAR, AREA) == QPoint(100, 410)


def test_inside_the_screen_near_its_right_edge() -> None:
    assert popup_place(QRect(1200, 100, 60, 30), CALENDAR, AREA) == QPoint(850, 130)


def test_on_the_roomier_side_and_inside_when_it_fits_neither() -> None:
    short = QRect(0, 0, 1280, 300)
    # 140 px above, 130 below: above, moved down to the screen's top edge.
    assert popup_place(QRect(0, 140, 200, 30), CALENDAR, short) == QPoint(0, 0)
    # 100 px above, 170 below: below, moved up so its bottom is the screen's.
    assert popup_place(QRect(0, 100, 200, 30), CALENDAR, short) == QPoint(0, 60)
