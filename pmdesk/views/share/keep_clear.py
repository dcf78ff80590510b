"""Facilitator-only dialogs kept off the share window while it is open.

Reword… on the facilitator strip, F4's "Park a point", F1's key sheet, a file dialog for
Ctrl+Shift+P: a dialog opened while the room watches the share window would otherwise open over
it (Qt centres a dialog on its parent), and the call would show the flagged text, the language
check's warning and the typing. Each one, and each one already open when the share window
opens, is placed where the share window is not:

- over pmdesk's main window when that is on another screen (the facilitator's own screen);
- on one screen, in the room the share window leaves: under it, over the facilitator strip,
  which is the facilitator's own too. Where that room is too small for the dialog, the share
  window gives up the height it needs while the dialog is open (as it does when the strip grows)
  and gets it back when the dialog closes. The room keeps seeing its page, whole and uncovered,
  through a one-phrase edit; closing the share window instead (F9's way to write) would show
  the call a frozen or empty picture in the middle of the discussion.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from pmdesk.ui.screen import available_area, client_offset, frame_extra

# Between the share window's frame and a dialog placed under it (as for the strip).
GAP = 6


def clear_spot(
    size: QSize, least: int, share: QRect, floor: int, area: QRect
) -> tuple[QRect, int | None]:
    """Where a window whose frame is `size` (at least `least` high) goes in `area` without
    covering `share` (the share window's frame, at least `floor` high), and the y the share
    window's frame must end above (exclusive), or None when it can stay as it is.

    Under the share window first, then beside it, then above; where no free band is large
    enough, at the bottom of `area`, as high as the share window can give up (down to `least`),
    the share window ending GAP above it."""
    width, height = min(size.width(), area.width()), min(size.height(), area.height())
    centre = share.center().x() - width // 2
    bands = (
        ("below", QRect(area.left(), share.bottom() + 1 + GAP, area.width(), 0)),
        ("right", QRect(share.right() + 1, area.top(), area.right() - share.right(), 0)),
        ("left", QRect(area.left(), area.top(), share.left() - area.left(), 0)),
        ("above", QRect(area.left(), area.top(), area.width(), 0)),
    )
    for side, band in bands:
        band.setBottom(share.top() - 1 - GAP if side == "above" else area.bottom())
        if band.width() >= width and band.height() >= height:
            x = max(band.left(), min(centre, band.right() + 1 - width))
            y = band.bottom() + 1 - height if side == "below" else band.top()
            return QRect(x, y, width, height), None
    room = area.bottom() + 1 - (share.top() + floor) - GAP
    height = max(min(least, height), min(height, room))
    x = max(area.left(), min(centre, area.right() + 1 - width))
    y = area.bottom() + 1 - height
    return QRect(x, y, width, height), y - GAP


class KeepClear(QObject):
    """While the share window shows, every dialog that opens is placed off it (see above)."""

    def __init__(self, share: Any, main: QWidget, strip: QWidget) -> None:
        super().__init__(share)
        self.share = share
        self.main = main
        self.strip = strip
        self._given_up: dict[QDialog, int] = {}  # dialog: the share window's height before it
        share.installEventFilter(self)
        # Framed and placed by the window manager: the share window may give up height now.
        share.settled.connect(self._place_open_dialogs)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        kind = event.type()
        if kind not in (QEvent.Type.Show, QEvent.Type.Hide):
            return False
        if watched is self.share:
            # Every window's events come through Python only while the share window is open.
            app = QApplication.instance()
            if app is not None:
                if kind == QEvent.Type.Show:
                    app.installEventFilter(self)
                    self._place_open_dialogs(resize_share=False)
                else:
                    app.removeEventFilter(self)
        elif isinstance(watched, QDialog) and watched.isWindow():
            if kind == QEvent.Type.Hide:
                self._give_back(watched)
            elif self.share.isVisible():
                # Before the window system maps it, and before QDialog's own showEvent would
                # centre it on its parent (a window moved once keeps its place).
                self.place(watched)
        return False

    def _place_open_dialogs(self, *, resize_share: bool = True) -> None:
        """Dialogs already open when the share window opens (the key sheet, Shift times, F9
        pressed with either open) move off it too: it comes to the front over them. As it
        shows they move; the share window gives up height for them once it is settled (resized
        before the window manager framed it, it went to the corner, its title bar off screen)."""
        if not self.share.isVisible():
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                self.place(widget, resize_share=resize_share)

    def place(self, dialog: QDialog, *, resize_share: bool = True) -> None:
        """Over the main window on another screen, else in the room the share window leaves."""
        share = self.share
        extra_w, extra_h = frame_extra(dialog, self.main)
        size = QSize(dialog.width() + extra_w, dialog.height() + extra_h)
        if self.main.screen() is not share.screen():
            spot, limit = _centred(size, self.main.frameGeometry(), available_area(self.main))
        else:
            least = dialog.minimumSizeHint().height() + extra_h
            shared = share.frameGeometry()
            floor = share.minimumSizeHint().height() + shared.height() - share.height()
            spot, limit = clear_spot(size, least, shared, floor, self._room(dialog))
        dialog.resize(spot.width() - extra_w, spot.height() - extra_h)
        dialog.move(spot.topLeft() + client_offset(dialog, self.main))
        if resize_share and limit is not None and not (share.isFullScreen() or share.isMaximized()):
            self._given_up.setdefault(dialog, share.height())
            overlap = share.frameGeometry().bottom() + 1 - limit
            share.resize(share.width(), max(share.minimumHeight(), share.height() - overlap))

    def _room(self, dialog: QDialog) -> QRect:
        """The share window's screen, less the strip's place unless the dialog is the strip's
        own (stacked above it): the strip stays on top of every other window."""
        area = available_area(self.share)
        strip = self.strip
        if strip.isVisible() and dialog.parentWidget() is not strip:
            top = strip.frameGeometry().top()
            if area.top() < top <= area.bottom():
                area.setBottom(top - 1 - GAP)
        return area

    def _give_back(self, dialog: QDialog) -> None:
        height = self._given_up.pop(dialog, None)
        if height is not None and self.share.isVisible() and not self._given_up:
            self.share.resize(self.share.width(), height)


def _centred(size: QSize, over: QRect, area: QRect) -> tuple[QRect, None]:
    """A window of frame `size` centred on `over`, inside `area`."""
    width, height = min(size.width(), area.width()), min(size.height(), area.height())
    x = max(area.left(), min(over.center().x() - width // 2, area.right() + 1 - width))
    y = max(area.top(), min(over.center().y() - height // 2, area.bottom() + 1 - height))
    return QRect(x, y, width, height), None
