"""The titles of pmdesk's windows as the desktop and the call's window picker show them: the
desktop adds "— pmdesk" to a title that does not end with it, so each ends with it, once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.keyboard import press


def test_the_share_window_and_the_strip_name_pmdesk_once(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_F9)  # the share window, for the room
    share = meeting.presentation.share_window
    qtbot.waitUntil(lambda: share is not None and share.isVisible())
    strip = meeting.presentation.strip
    qtbot.waitUntil(strip.isVisible)
    title = meeting.session.doc.pm.title
    assert share.windowTitle() == f"Share window: {title} — pmdesk"
    assert strip.windowTitle() == "Facilitator strip — pmdesk"
    for window in (share, strip, meeting):
        text = window.windowTitle()
        assert text.endswith(" — pmdesk") and text.count("pmdesk") == 1, text
