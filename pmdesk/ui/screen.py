"""Windows that fit the screen they open on.

A facilitator often shares a 1280 x 720 laptop screen: a window taller or wider than what the
screen has room for hides its bottom row of buttons or its last column, and a saved geometry from
a larger monitor must not bring that back.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for a window manager's title bar and borders before the window has been shown once
# (afterwards the real frame is known).
_FRAME_ALLOWANCE = (8, 36)


def available_area(widget: QWidget, near: QWidget | None = None) -> QRect:
    """The screen area windows may use (without panels and docks) where `widget` will show."""
    screen = (near or widget).screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_extra(widget: QWidget, like: QWidget | None = None) -> tuple[int, int]:
    """The width and height the window frame adds around `widget`: its own once it is framed,
    else that of `like` (a window of the app the window manager has framed), else a guess."""
    for window in (widget, like):
        if window is not None and window.isVisible():
            frame, inner = window.frameGeometry(), window.geometry()
            if frame.width() > inner.width() or frame.height() > inner.height():
                return frame.width() - inner.width(), frame.height() - inner.height()
    return _FRAME_ALLOWANCE


def client_offset(widget: QWidget, like: QWidget) -> QPoint:
    """Where `widget`'s own area will start inside its frame, from its frame's top-left corner.

    Before the window manager has framed a window, Qt takes a position given to it as that of
    the window's own area, and the frame then goes around it: its title bar above the place
    meant for the frame's top (walked: a dialog placed under the share window covered its
    last pixels with its title bar). Framed, the position is the frame's: nothing to add."""
    if widget.frameGeometry() != widget.geometry() or not like.isVisible():
        return QPoint(0, 0)
    return like.geometry().topLeft() - like.frameGeometry().topLeft()


def fit_to_screen(widget: QWidget, near: QWidget | None = None, below: int = 0) -> None:
    """Shrink `widget` to the available area if it is larger, and move it fully inside it;
    the bottom `below` px of the area are kept clear (another window goes there)."""
    if widget.isFullScreen() or widget.isMaximized():
        return
    area = available_area(widget, near)
    area.setBottom(area.bottom() - max(0, min(below, area.height() // 2)))
    extra_w, extra_h = frame_extra(widget, near)
    width = min(widget.width(), area.width() - extra_w)
    height = min(widget.height(), area.height() - extra_h)
    if (width, height) != (widget.width(), widget.height()):
        widget.resize(width, height)
    frame_w, frame_h = widget.width() + extra_w, widget.height() + extra_h
    x = max(area.left(), min(widget.x(), area.right() + 1 - frame_w))
    y = max(area.top(), min(widget.y(), area.bottom() + 1 - frame_h))
    if (x, y) != (widget.x(), widget.y()):
        widget.move(x, y)


def popup_place(anchor: QRect, size: QSize, area: QRect) -> QPoint:
    """Where a popup of `size` opens by `anchor` (both global): under it, or above it when
    there is no room below (as a combo box's list does), else on the side with more room;
    always inside `area`, the screen's available area. A calendar placed under an editor
    near the screen's bottom edge opened off the screen (walked at 1280 x 720, 150%)."""
    room_below = area.bottom() - anchor.bottom()
    room_above = anchor.top() - area.top()
    if size.height() <= room_below or room_below >= room_above:
        y = anchor.bottom() + 1
    else:
        y = anchor.top() - size.height()
    y = max(area.top(), min(y, area.bottom() + 1 - size.height()))
    x = max(area.left(), min(anchor.left(), area.right() + 1 - size.width()))
    return QPoint(x, y)
