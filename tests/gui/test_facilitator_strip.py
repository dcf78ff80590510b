"""The facilitator strip over the share window: the meeting in reach on one screen, and blame
language on the shared screen flagged on the facilitator's side before the room reads it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QToolButton

from pmdesk.views import facilitator_strip
from tests.gui.conftest import SAMPLE

BLAME = "Marcus should have known the timeout was wrong."


@pytest.fixture
def strip(qtbot, window):  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    bar = window.timer_bar
    while bar.timer.index > 1:
        bar.previous_phase()
    while bar.timer.index < 1:
        bar.next_phase()  # walking the timeline
    window.presentation.set_share_visible(True)
    share = window.presentation.share_window
    qtbot.waitExposed(share)
    shown = window.presentation.strip
    assert shown is not None
    qtbot.waitUntil(shown.isVisible)
    return shown


def type_seen(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    panel = window.panels["timeline"]
    panel.select_events([window.session.doc.pm.timeline[2].id])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel.seen_edit.setFocus()
    panel.seen_edit.selectAll()
    qtbot.keyClicks(panel.seen_edit, text)


def test_the_strip_stays_on_top_and_goes_with_the_share_window(qtbot, window, strip) -> None:  # type: ignore[no-untyped-def]
    share = window.presentation.share_window
    assert strip.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    window.activateWindow()  # the facilitator goes to the main window to write
    qtbot.waitUntil(lambda: not strip.isVisible())
    share.activateWindow()  # and back to the shared view
    qtbot.waitUntil(strip.isVisible)
    assert strip.phase_label.text() == "2/5 Walk the timeline"
    next_button = next(
        b
        for b in strip.findChildren(QToolButton)
        if b.defaultAction() is window.timer_bar.next_action
    )
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert window.timer_bar.timer.index == 2
    assert strip.phase_label.text() == "3/5 Contributing factors"
    share.close()
    assert not strip.isVisible()


def test_the_share_window_ends_above_the_strip_which_lies_along_it(qtbot, window, strip) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.views.facilitator_strip import ROOM_GAP

    share = window.presentation.share_window

    def settled() -> bool:
        """The share window ends just above the strip (the strip is placed, the window sized)."""
        return share.frameGeometry().bottom() + 1 + ROOM_GAP == strip.frameGeometry().top()

    qtbot.waitUntil(settled)
    # Nothing the call sees is under the strip: the window and its page end above it.
    page_bottom = share.pages.mapToGlobal(QPoint(0, share.pages.height())).y()
    assert page_bottom <= strip.frameGeometry().top()
    assert not share.frameGeometry().intersects(strip.frameGeometry())
    covered, above = strip.frameGeometry(), share.geometry()
    # No blank stretch beside the strip: it lies along the whole share window.
    assert covered.left() <= above.left() and covered.right() >= above.right()
    # ...and at 1280 px the check's word, the phase and the clock sit beside the buttons, so
    # the strip is one row high.
    next_button = next(
        b
        for b in strip.findChildren(QToolButton)
        if b.defaultAction() is window.timer_bar.next_action
    )
    button_top = next_button.mapToGlobal(QPoint(0, 0)).y()
    for label in (strip.flags_title, strip.phase_label, strip.clock_label):
        middle = label.mapToGlobal(QPoint(0, label.height() // 2)).y()
        assert button_top <= middle <= button_top + next_button.height()


def test_blame_on_the_shared_screen_is_flagged_then_hidden_from_the_room(
    qtbot, window, strip
) -> None:  # type: ignore[no-untyped-def]
    share = window.presentation.share_window
    assert strip.flags_title.text() == "Nothing on the shared screen is flagged"
    type_seen(qtbot, window, BLAME)
    qtbot.waitUntil(lambda: BLAME in share.answer_labels["seen"][1].text(), timeout=2000)
    qtbot.waitUntil(lambda: bool(strip.flags), timeout=2000)
    assert strip.flags_title.text().endswith("flagged on the shared screen")
    assert strip.height() >= strip.layout().sizeHint().height()  # the flag's row is not squeezed
    flagged = [f for f in strip.flags if f.shown.field == "seen"]
    assert flagged and flagged[0].finding.text.lower().startswith("should have known")
    assert flagged[0].shown.where.startswith("What was seen")
    hide = next(
        b
        for b in strip.findChildren(QToolButton)
        if b.accessibleName().startswith("Hide What was seen")
    )
    qtbot.mouseClick(hide, Qt.MouseButton.LeftButton)
    assert BLAME not in share.texts()  # the room no longer sees it
    assert not share.answer_labels["seen"][1].isVisible()
    assert window.session.doc.pm.timeline[2].seen == BLAME  # the postmortem keeps it
    assert strip.hidden_label.text() == "1 text hidden from the room"
    assert not [f for f in strip.flags if f.shown.field == "seen"]
    strip.show_hidden_button.click()
    assert BLAME in share.answer_labels["seen"][1].text()


def test_reword_puts_the_reframe_in_and_is_one_undo_step(
    qtbot, window, strip, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    share = window.presentation.share_window
    type_seen(qtbot, window, BLAME)
    qtbot.waitUntil(lambda: any(f.shown.field == "seen" for f in strip.flags), timeout=2000)
    offered: list[str] = []

    def ask(parent, title, label, text, selected, **_kwargs):  # type: ignore[no-untyped-def]
        offered.append(text)
        return "The timeout setting gave no sign it was read in milliseconds.", True

    monkeypatch.setattr(facilitator_strip, "ask_reword", ask)
    flag = next(f for f in strip.flags if f.shown.field == "seen")
    assert strip.reword(flag)
    event = window.session.doc.pm.timeline[2]
    assert event.seen == "The timeout setting gave no sign it was read in milliseconds."
    assert offered == [flag.reworded()]
    qtbot.waitUntil(lambda: "milliseconds" in share.answer_labels["seen"][1].text(), timeout=2000)
    qtbot.waitUntil(lambda: not any(f.shown.field == "seen" for f in strip.flags), timeout=2000)
    window.session.undo()
    assert event.seen == BLAME


def test_closing_the_main_window_closes_the_share_window_and_the_strip(
    qtbot, window, strip
) -> None:  # type: ignore[no-untyped-def]
    share = window.presentation.share_window
    window.close()
    assert not share.isVisible() and not strip.isVisible()  # nothing keeps pmdesk running


def test_reword_selects_the_flagged_words_so_typing_replaces_only_them(
    qtbot, window, strip
) -> None:  # type: ignore[no-untyped-def]
    """Typing in the Reword box replaces the flagged words, not the whole text."""
    type_seen(qtbot, window, BLAME)
    qtbot.waitUntil(lambda: any(f.shown.field == "seen" for f in strip.flags), timeout=2000)
    reword = next(
        b
        for b in strip.findChildren(QToolButton)
        if b.accessibleName().startswith("Reword What was seen")
    )
    typed: list[str] = []
    tries = iter(range(100))

    def type_in_the_dialog() -> None:
        """Once the dialog is open with the cursor in its text, type as a person does (to
        the dialog's focused widget: the offscreen platform does not activate the dialog)."""
        dialog = QApplication.activeModalWidget()
        editor = dialog.focusWidget() if dialog is not None else None
        if (
            not isinstance(dialog, QInputDialog)
            or editor is None
            or not dialog.isAncestorOf(editor)
        ):
            if next(tries, None) is not None:
                QTimer.singleShot(20, type_in_the_dialog)
            elif isinstance(dialog, QInputDialog):
                dialog.reject()  # the cursor never came to the text: the test fails below
            return
        typed.append(editor.textCursor().selectedText())  # type: ignore[attr-defined]
        qtbot.keyClicks(editor, "could not tell from the dashboard")
        dialog.accept()

    QTimer.singleShot(20, type_in_the_dialog)
    qtbot.mouseClick(reword, Qt.MouseButton.LeftButton)
    assert typed == ["should have known"]
    event = window.session.doc.pm.timeline[2]
    assert event.seen == "Marcus could not tell from the dashboard the timeout was wrong."


def test_what_a_meeting_key_says_shows_on_the_strip_a_while(qtbot, window, strip) -> None:  # type: ignore[no-untyped-def]
    """F12 with no round robin, or F4's "Parked …", said so in the main window's status line
    only, which is behind the share window: from the share window the key seemed to do nothing."""
    share = window.presentation.share_window
    share.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is share)
    qtbot.keyClick(share, Qt.Key.Key_F12)
    assert strip.flags_title.text().startswith("No round robin in this phase")
    assert strip.flags_title.text() == window.statusBar().currentMessage()
    window.statusBar().clearMessage()  # as it does by itself after a few seconds
    assert strip.flags_title.text() == facilitator_strip.NOTHING_FLAGGED
