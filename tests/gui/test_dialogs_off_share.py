"""Facilitator-only dialogs opened while the share window is open never show over it: the room
on the call would read the flagged text, the language check's warning and the typing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QToolButton

from tests.gui.keyboard import press
from tests.gui.test_facilitator_strip import BLAME, strip, type_seen  # noqa: F401 - a fixture


def _when_open(qtbot, seen: dict[str, QRect], share, then: Callable[[QDialog], None]) -> None:  # type: ignore[no-untyped-def]
    """Once a modal dialog is open: where it and the share window are, then `then` it."""
    tries = iter(range(100))

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            if next(tries, None) is not None:
                QTimer.singleShot(20, look)
            return
        seen["dialog"], seen["share"] = dialog.frameGeometry(), share.frameGeometry()
        then(dialog)

    QTimer.singleShot(20, look)


def test_reword_opens_off_the_share_window_which_gets_its_height_back(qtbot, window, strip) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    share = window.presentation.share_window
    type_seen(qtbot, window, BLAME)
    qtbot.waitUntil(lambda: bool(strip.flags), timeout=2000)
    height = share.height()
    reword = next(
        b for b in strip.findChildren(QToolButton) if b.accessibleName().startswith("Reword")
    )
    seen: dict[str, QRect] = {}
    _when_open(qtbot, seen, share, lambda dialog: dialog.reject())
    qtbot.mouseClick(reword, Qt.MouseButton.LeftButton)
    assert seen, "the Reword dialog never opened"
    assert not seen["dialog"].intersects(seen["share"])
    assert share.screen().availableGeometry().contains(seen["dialog"])
    assert share.height() == height  # the room's page is whole again once it closes


def park_from_the_share_window(qtbot, window) -> dict[str, QRect]:  # type: ignore[no-untyped-def]
    """F4 pressed with the share window in front, a line typed in the dialog it opens: where
    the dialog and the share window were while it was open. The line is parked."""
    share = window.presentation.share_window
    share.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is share)
    seen: dict[str, QRect] = {}

    def park(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Staging answers faster than production")
        dialog.accept()

    _when_open(qtbot, seen, share, park)
    press(qtbot, Qt.Key.Key_F4)
    assert seen, "F4 asked for nothing"
    parked = window.session.doc.pm.facilitation.parking_lot
    assert [p.text for p in parked][-1] == "Staging answers faster than production"
    return seen


def test_f4_from_the_share_window_asks_off_it(qtbot, window, strip) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    seen = park_from_the_share_window(qtbot, window)
    assert not seen["dialog"].intersects(seen["share"])


def test_a_dialog_open_before_f9_moves_off_the_share_window(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    """F1's key sheet open beside the window, then F9: the share window comes to the front
    over where the sheet was; the sheet moves off it, as a dialog opened while sharing does."""
    window = meeting
    press(qtbot, Qt.Key.Key_F1)
    sheet = window.presentation.shortcuts_dialog
    assert sheet is not None
    qtbot.waitUntil(sheet.isVisible)
    sheet.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is sheet)
    press(qtbot, Qt.Key.Key_F9)  # from the sheet, as a person would
    share = window.presentation.share_window
    assert share is not None
    qtbot.waitUntil(share.isVisible)
    assert sheet.isVisible()
    # Once the window manager has placed the share window (before, a resize would send it
    # to the corner), it gives up the height the sheet needs.
    with qtbot.waitSignal(share.settled, timeout=10_000):
        pass
    assert not sheet.frameGeometry().intersects(share.frameGeometry())
    assert share.screen().availableGeometry().contains(sheet.frameGeometry())
    height = share.height()
    sheet.close()
    qtbot.waitUntil(lambda: share.height() > height)  # and takes it back when it closes


def test_f4_from_the_share_window_asks_in_the_apps_type_size(qtbot, window, strip, themed) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The dialog is a child of the share window, whose type is sized for the room: it came up
    in the room's 23 px type, twice the height it needs, and took that from the shared page."""
    from PySide6.QtWidgets import QLabel

    from pmdesk.ui import theme

    share = window.presentation.share_window
    share.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is share)
    sizes: list[int] = []

    def look(dialog: QDialog) -> None:
        label = next(w for w in dialog.findChildren(QLabel) if w.text().startswith("Set aside"))
        sizes.append(label.fontInfo().pixelSize())
        dialog.reject()

    _when_open(qtbot, {}, share, look)
    press(qtbot, Qt.Key.Key_F4)
    assert sizes == [theme.sizes(1.0)["font"]]


def _rows_whole(table) -> bool:  # type: ignore[no-untyped-def]
    """The table shows two rows or more, and the last one in sight is not cut through."""
    row, seen = table.rowHeight(0), table.viewport().height()
    return table.isVisible() and seen >= 2 * row and seen % row == 0


def test_the_shared_timeline_rows_stay_whole(qtbot, window, strip, themed) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The walk: a third row showed cut in half above the event under discussion, and again
    after F4's dialog closed."""
    share = window.presentation.share_window
    window.panels["timeline"].select_events([window.session.doc.pm.timeline[0].id])
    table = share.timeline_page.timeline_table
    qtbot.waitUntil(lambda: not share.is_settling() and _rows_whole(table), timeout=10_000)
    share.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is share)
    _when_open(qtbot, {}, share, lambda dialog: dialog.reject())
    press(qtbot, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: not share.is_settling(), timeout=10_000)
    qtbot.wait(100)  # the page laid out again at the height it got back
    assert _rows_whole(table)


class _Window:
    """As much of a window as client_offset reads: where its frame and its own area are."""

    def __init__(self, frame: QRect, inner: QRect, visible: bool = True) -> None:
        self._frame, self._inner, self._visible = frame, inner, visible

    def frameGeometry(self) -> QRect:
        return self._frame

    def geometry(self) -> QRect:
        return self._inner

    def isVisible(self) -> bool:
        return self._visible


def test_a_dialog_not_yet_framed_is_placed_below_its_title_bar() -> None:
    """Walked under openbox at 150%: a dialog placed under the share window before the window
    manager framed it kept its own area where its frame was meant to start, and its title bar
    went above, over the share window's last 13 px. Its own area goes below the title bar."""
    from PySide6.QtCore import QPoint

    from pmdesk.ui.screen import client_offset

    main = _Window(QRect(0, 0, 853, 480), QRect(1, 16, 851, 463))  # framed by the desktop
    unframed = _Window(QRect(300, 350, 254, 113), QRect(300, 350, 254, 113))
    assert client_offset(unframed, main) == QPoint(1, 16)  # type: ignore[arg-type]
    framed = _Window(QRect(300, 350, 256, 129), QRect(301, 366, 254, 113))
    assert client_offset(framed, main) == QPoint(0, 0)  # type: ignore[arg-type]
    bare = _Window(QRect(0, 0, 853, 480), QRect(0, 0, 853, 480))  # no window manager
    assert client_offset(unframed, bare) == QPoint(0, 0)  # type: ignore[arg-type]
