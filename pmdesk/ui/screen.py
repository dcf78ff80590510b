"""Windows that fit the screen they open on.

A facilitator often shares a 1280 x 720 laptop screen: a window taller or wider than what the
screen has room for hides its bottom row of buttons or its last column, and a saved geometry from
a larger monitor must not bring that back.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for a window manager's title bar and borders before the window has been shown once
# (afterwards the real frame is known).
_FRAME_ALLOWANCE = (8, 36)


def available_area(widget: QWidget, near: QWidget | None = None) -> QRect:
    """The screen area windows may use (without panels and docks) where `widget` will show."""
    screen = (near or widget).screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def _frame_extra(widget: QWidget) -> tuple[int, int]:
    if widget.isVisible():
        frame, inner = widget.frameGeometry(), widget.geometry()
        if frame.width() > inner.width() or frame.height() > inner.height():
            return frame.width() - inner.width(), frame.height() - inner.height()
    return _FRAME_ALLOWANCE


def fit_to_screen(widget: QWidget, near: QWidget | None = None) -> None:
    """Shrink `widget` to the available area if it is larger, and move it fully inside it."""
    if widget.isFullScreen() or widget.isMaximized():
        return
    area = available_area(widget, near)
    extra_w, extra_h = _frame_extra(widget)
    width = min(widget.width(), area.width() - extra_w)
    height = min(widget.height(), area.height() - extra_h)
    if (width, height) != (widget.width(), widget.height()):
        widget.resize(width, height)
    frame_w, frame_h = widget.width() + extra_w, widget.height() + extra_h
    x = max(area.left(), min(widget.x(), area.right() + 1 - frame_w))
    y = max(area.top(), min(widget.y(), area.bottom() + 1 - frame_h))
    if (x, y) != (widget.x(), widget.y()):
        widget.move(x, y)
