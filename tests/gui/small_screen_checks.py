"""A 1280 x 720 laptop at 150% system scale, which Qt sees as an 853 x 480 screen.

Run by test_fits_screen.py in a pytest of its own with QT_SCALE_FACTOR=1.5 (the scale is read
once, when Qt starts): the window, its timer bar and the library as a facilitator meets them there.
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QToolButton, QWidget

from tests.gui.conftest import SAMPLE
from tests.gui.keyboard import paced

if os.environ.get("QT_SCALE_FACTOR") != "1.5":
    pytest.skip("run by test_fits_screen.py at 150% system scale", allow_module_level=True)

CTRL = Qt.KeyboardModifier.ControlModifier


def screen() -> QRect:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app.primaryScreen().availableGeometry()


def fits(window: QWidget) -> bool:
    """The window is inside the screen and could not be pushed wider than it."""
    return (
        window.minimumSizeHint().width() <= screen().width()
        and window.width() <= screen().width()
        and screen().contains(window.frameGeometry())
    )


def test_the_screen_is_853_by_480() -> None:
    assert (screen().width(), screen().height()) == (853, 480)


def test_the_library_takes_the_postmortems_place_and_gives_it_back(qtbot, themed, window) -> None:  # type: ignore[no-untyped-def]
    assert fits(window)  # the welcome page beside the library
    assert window.library.isVisible() and window.welcome.isVisible()
    window.import_paths([SAMPLE])
    window.show_panel("overview")
    title = window.panels["overview"].title_edit
    qtbot.waitUntil(title.hasFocus)

    # Ctrl+K with the cursor in the title: the library comes, the window stays on the screen.
    qtbot.keyClick(title, Qt.Key.Key_K, CTRL)
    qtbot.wait(30)
    assert window.library.isVisible() and window.library.filter_edit.hasFocus()
    assert "Escape" in window.statusBar().currentMessage()
    assert not window.editor.isVisible()  # the library is where the postmortem was
    assert fits(window)
    assert window.library.width() > screen().width() // 2

    # Escape gives the postmortem back, with the cursor in it.
    qtbot.keyClick(window.library.filter_edit, Qt.Key.Key_Escape)
    qtbot.wait(30)
    assert window.editor.isVisible() and not window.library.isVisible()
    assert fits(window)
    # The cursor is back in the title, its text not selected: typing adds to it.
    assert title.hasFocus() and not title.hasSelectedText()
    qtbot.keyClicks(title, " (draft)")
    assert window.session.doc.pm.title.endswith("2026 (draft)")

    # View > Library (Ctrl+Shift+L): the same, and Escape works from there too.
    qtbot.keyClick(title, Qt.Key.Key_L, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.wait(30)
    assert window.library.isVisible() and not window.editor.isVisible() and fits(window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.wait(30)
    assert window.editor.isVisible() and title.hasFocus()
    assert "Escape" not in window.statusBar().currentMessage()
    # Picking the open postmortem in the list gives it back too.
    window.library_fold.action.trigger()
    qtbot.wait(30)
    view = window.library.view
    view.setFocus()
    view.setCurrentIndex(window.library.proxy.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.wait(30)
    assert window.editor.isVisible() and not window.library.isVisible() and fits(window)
    assert window.session.doc is not None and window.session.doc.pm.title.startswith("Payment")


@pytest.mark.parametrize("which", ["sample", "new"])
def test_the_compact_timer_bar_fits_in_one_row_and_leaves_the_panels_the_height(
    qtbot, themed, window, which: str
) -> None:  # type: ignore[no-untyped-def]
    # The sample's meeting is under way; a new one says "Press F5 to start" beside the clock.
    window.import_paths([SAMPLE]) if which == "sample" else window.new_postmortem()
    window.showMaximized()
    window.show_panel("timeline")
    qtbot.wait(50)
    bar = window.timer_bar
    assert bar.compact and fits(window)
    # The bar keeps less than a fifth of the window's height (the full bar took a third).
    assert bar.height() <= window.height() // 5, (bar.height(), window.height())
    inside = bar.rect()
    clock = bar.clock_label.geometry()
    phase = bar.phase_label.geometry()
    assert inside.contains(clock) and clock.width() >= bar.clock_label.sizeHint().width()
    shown = [button for button in bar.buttons if button.isVisible()]
    assert bar.start_button in shown and len(shown) >= 2
    for button in shown:
        place = QRect(button.mapTo(bar, QPoint(0, 0)), button.size())
        assert inside.contains(place), button.text()
        assert place.right() < clock.left() and place.left() > phase.left(), button.text()
        assert button.width() >= button.sizeHint().width(), button.text()
        # One row: the buttons beside the phase's name, not under it.
        assert place.top() < phase.bottom(), button.text()
    assert phase.width() >= 160  # the phase's name: cut short with "…" at worst, never gone
    table = window.panels["timeline"].table
    assert table.viewport().height() // max(1, table.rowHeight(0)) >= 4


def test_the_facilitator_strip_covers_nothing_on_the_share_window(qtbot, themed, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    bar = window.timer_bar
    while bar.timer.index > 1:
        bar.previous_phase()
    while bar.timer.index < 1:
        bar.next_phase()  # walking the timeline: the event card and its rows
    window.presentation.set_share_visible(True)
    share = window.presentation.share_window
    qtbot.waitExposed(share)
    strip = window.presentation.strip
    qtbot.waitUntil(strip.isVisible)
    qtbot.wait(50)
    assert screen().contains(share.frameGeometry()) and screen().contains(strip.frameGeometry())
    # The band never squeezes the room's header: the phase and the line under it stay whole,
    # one under the other, and the strip covers none of it.
    header = share.header
    qtbot.waitUntil(lambda: header.height() >= header.heightForWidth(header.width()))
    assert header.next_label.y() >= header.phase_label.y() + header.phase_label.height()
    top = QRect(header.mapToGlobal(QPoint(0, 0)), header.size())
    assert not strip.frameGeometry().intersects(top)
    header = QRect(share.header.mapToGlobal(QPoint(0, 0)), share.header.size())
    assert not strip.frameGeometry().intersects(header)
    # The strip lies along the share window's whole width: no blank stretch beside it.
    assert strip.frameGeometry().left() <= share.geometry().left()
    assert strip.frameGeometry().right() >= share.geometry().right()
    # The page keeps its event card and rows above the strip.
    assert share.event_text.isVisible()
    assert share.event_text.mapToGlobal(QPoint(0, 0)).y() + share.event_text.height() <= (
        strip.frameGeometry().top()
    )
    # The strip goes with the share window.
    share.close()
    assert not strip.isVisible()


press = paced(50)


def test_f9_at_150_percent_the_share_window_ends_above_the_strip_with_each_phase_whole(  # type: ignore[no-untyped-def]
    qtbot, themed, window
) -> None:
    """The walk at 150%: the strip covered the share window's bottom, and the action table
    showed the top line of its first item. The call sees the share window whole, above the
    strip, with three action items whole and the event under discussion beside its rows."""
    window.import_paths([SAMPLE])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_panel("overview")
    while window.timer_bar.timer.index > 1:
        press(qtbot, Qt.Key.Key_F7)  # back to walking the timeline
    doc = window.session.doc
    window.panels["timeline"].select_events([doc.pm.timeline[0].id])  # the one with answers
    press(qtbot, Qt.Key.Key_F9)
    share, strip = window.presentation.share_window, window.presentation.strip
    qtbot.waitUntil(lambda: share.isVisible() and strip.isVisible())
    qtbot.waitUntil(lambda: not share.is_settling(), timeout=10_000)
    assert screen().contains(share.frameGeometry()) and screen().contains(strip.frameGeometry())
    assert share.frameGeometry().bottom() < strip.frameGeometry().top()
    assert share.frameGeometry().height() >= screen().height() // 2

    page = share.timeline_page
    table = page.timeline_table

    def event_and_rows() -> bool:
        card, view = page.event_card, page.event_scroll.viewport()
        return (
            card.isVisible()
            and card.height() <= view.height()
            and table.isVisible()
            and table.viewport().height() >= 2 * table.rowHeight(0)
            and table.viewport().height() % table.rowHeight(0) == 0  # no row cut in half
        )

    qtbot.waitUntil(event_and_rows)
    press(qtbot, Qt.Key.Key_F8)
    press(qtbot, Qt.Key.Key_F8)
    assert window.timer_bar.timer.index == 3
    actions = share.actions_page.actions_table

    def three_whole() -> bool:
        if not actions.isVisible() or actions.model().rowCount() < 4:
            return False
        bottom = actions.rowViewportPosition(2) + actions.rowHeight(2)
        return bottom <= actions.viewport().height()

    qtbot.waitUntil(three_whole)
    # The clock and the phase stay whole above them.
    header = share.header
    assert header.height() >= header.heightForWidth(header.width())
    assert share.clock_label.height() >= share.clock_label.sizeHint().height()

    press(qtbot, Qt.Key.Key_F7)  # back to the factors: the first one whole, with its whys
    factors = share.factors_page
    first = factors.factor_cards[doc.pm.factors[0].id]

    def first_factor_whole() -> bool:
        if not first.isVisible():
            return False
        top = first.mapTo(factors.viewport(), QPoint(0, 0)).y()
        return top >= 0 and top + first.height() <= factors.viewport().height()

    qtbot.waitUntil(first_factor_whole)
    assert first.whys.isVisible() and first.height() >= first.heightForWidth(first.width())
    share.close()
    assert not strip.isVisible()


def test_ctrl_k_from_a_table_cell_being_edited_keeps_the_text_typed(qtbot, themed, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    window.show_panel("timeline")
    panel = window.panels["timeline"]
    table = panel.table
    index = table.model().index(0, 2)  # "What happened"
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    cell = table.indexWidget(index)
    assert cell is not None
    cell.selectAll()
    qtbot.keyClicks(cell, "Deploy started by the pipeline")
    qtbot.keyClick(cell, Qt.Key.Key_K, CTRL)
    qtbot.wait(30)
    assert window.library.isVisible() and not window.editor.isVisible() and fits(window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.wait(30)
    assert window.editor.isVisible() and panel.isAncestorOf(QApplication.focusWidget())
    assert window.session.doc.pm.timeline[0].text == "Deploy started by the pipeline"


def test_with_many_flags_the_share_window_and_the_strip_stay_on_the_screen(  # type: ignore[no-untyped-def]
    qtbot, themed, window
) -> None:
    window.import_paths([SAMPLE])
    bar = window.timer_bar
    while bar.timer.index > 1:
        bar.previous_phase()
    panel = window.panels["timeline"]
    panel.select_events([window.session.doc.pm.timeline[2].id])
    blame = {
        panel.seen_edit: "Marcus should have known the timeout was wrong.",
        panel.believed_edit: "It was obvious the dashboard was careless work.",
        panel.done_next_edit: "Somebody just failed to notice the alert; human error.",
    }
    for edit, text in blame.items():
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClicks(edit, text)
    window.presentation.set_share_visible(True)
    share = window.presentation.share_window
    qtbot.waitExposed(share)
    strip = window.presentation.strip
    qtbot.waitUntil(lambda: strip.isVisible() and len(strip.flags) >= 5, timeout=3000)
    qtbot.wait(50)
    # The room's window is never pushed past the screen's bottom edge by the band it keeps...
    assert screen().contains(share.frameGeometry()) and screen().contains(strip.frameGeometry())
    # ...and the strip lists what fits in a third of the screen and counts the rest.
    assert strip.frameGeometry().height() <= screen().height() // 3
    listed = [b for b in strip.findChildren(QToolButton) if b.text() == "Reword…" and b.isVisible()]
    assert 1 <= len(listed) < len(strip.flags)
    assert strip.more_label.text() == f"and {len(strip.flags) - len(listed)} more"
    # The band never squeezes the room's header: the phase and the line under it stay whole,
    # one under the other, and the strip covers none of it.
    header = share.header
    qtbot.waitUntil(lambda: header.height() >= header.heightForWidth(header.width()))
    assert header.next_label.y() >= header.phase_label.y() + header.phase_label.height()
    top = QRect(header.mapToGlobal(QPoint(0, 0)), header.size())
    assert not strip.frameGeometry().intersects(top)


def test_a_shift_and_its_undo_keep_the_moved_rows_in_the_pages_sight(qtbot, themed, window) -> None:  # type: ignore[no-untyped-def]
    """At 150% the timeline's page scrolls under a table of four rows: the first two events
    shifted to the end of the table were scrolled to within the table, below the page's fold."""
    from datetime import UTC, datetime

    window.import_paths([SAMPLE])
    window.showMaximized()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Qt.Key.Key_2, CTRL)
    panel = window.panels["timeline"]
    panel.clock = lambda: datetime(2026, 4, 16, 9, 0, tzinfo=UTC)
    table = panel.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    press(qtbot, Qt.Key.Key_Home, CTRL)
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_T, CTRL)
    dialog = panel.shifting.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.hours.hasFocus())
    qtbot.keyClicks(dialog.hours, "5")
    press(qtbot, Qt.Key.Key_Return)  # shifted, and the dialog gone, by the end of the pause
    page = panel.parentWidget()
    assert page is not None

    def in_the_pages_sight() -> bool:
        row = table.visualRect(table.currentIndex())
        top = table.viewport().mapTo(page, row.topLeft()).y()
        return top >= 0 and top + row.height() <= page.height()

    assert table.currentIndex().row() >= 10
    qtbot.waitUntil(in_the_pages_sight, timeout=2000)  # the shifted rows: not below the fold
    window.activateWindow()  # as a window manager does when a dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert table.currentIndex().row() <= 1
    qtbot.waitUntil(in_the_pages_sight, timeout=2000)  # and the rows put back


def test_the_overview_times_show_whole_with_their_offset(qtbot, themed, window) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.test_time_fields_whole import cut_times

    window.import_paths([SAMPLE])
    window.show_panel("overview")
    qtbot.waitUntil(lambda: cut_times(window) == [])
    assert window.panels["overview"].horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize("phase", [1, 4])
def test_f4_from_the_share_window_at_150_percent_covers_none_of_it(  # type: ignore[no-untyped-def]
    qtbot, themed, window, phase: int
) -> None:
    """The walk at 150%: there is not room enough between the share window at its least height
    and the strip for "Park a point", which covered the bottom of the event card (and of the
    close page's summary). It goes over the strip, the facilitator's own, and covers none."""
    from tests.gui.test_dialogs_off_share import park_from_the_share_window

    window.import_paths([SAMPLE])
    bar = window.timer_bar
    while bar.timer.index != phase:
        (bar.previous_phase if bar.timer.index > phase else bar.next_phase)()
    window.panels["timeline"].select_events([window.session.doc.pm.timeline[0].id])
    window.presentation.set_share_visible(True)
    share, strip = window.presentation.share_window, window.presentation.strip
    qtbot.waitUntil(lambda: share.isVisible() and strip.isVisible())
    qtbot.waitUntil(lambda: not share.is_settling(), timeout=10_000)
    seen = park_from_the_share_window(qtbot, window)
    assert not seen["dialog"].intersects(seen["share"])
    assert screen().contains(seen["dialog"])


def test_reword_at_150_percent_covers_none_of_the_share_window(qtbot, themed, window) -> None:  # type: ignore[no-untyped-def]
    """The walk at 150%: Reword… on the strip (a dialog of 242 px) and the share window at its
    least height (328 px, the event card under the timeline's rows) did not fit in 480 px, and
    the dialog covered the card. On a short screen the dialog takes the screen's width (its
    explanation in fewer lines) and a two-line editor; the page's rows give way to the card."""
    from PySide6.QtWidgets import QToolButton

    from tests.gui.test_dialogs_off_share import _when_open
    from tests.gui.test_facilitator_strip import BLAME, type_seen

    window.import_paths([SAMPLE])
    bar = window.timer_bar
    while bar.timer.index != 1:
        (bar.previous_phase if bar.timer.index > 1 else bar.next_phase)()
    window.presentation.set_share_visible(True)
    share, strip = window.presentation.share_window, window.presentation.strip
    qtbot.waitUntil(lambda: share.isVisible() and strip.isVisible())
    type_seen(qtbot, window, BLAME)  # the event under discussion, flagged
    share.activateWindow()
    qtbot.waitUntil(lambda: bool(strip.flags) and strip.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: not share.is_settling(), timeout=10_000)
    reword = next(
        b for b in strip.findChildren(QToolButton) if b.accessibleName().startswith("Reword")
    )
    seen: dict[str, QRect] = {}
    card: list[bool] = []

    def look(dialog) -> None:  # type: ignore[no-untyped-def]
        page = share.timeline_page

        def whole() -> bool:  # once the page is laid out at the height it gave up to
            return page.event_card.height() <= page.event_scroll.viewport().height()

        try:
            qtbot.waitUntil(whole, timeout=3000)
        finally:
            card.append(whole())
            seen["share"] = share.frameGeometry()
            dialog.reject()

    _when_open(qtbot, seen, share, look)
    qtbot.mouseClick(reword, Qt.MouseButton.LeftButton)
    assert seen, "the Reword dialog never opened"
    assert not seen["dialog"].intersects(seen["share"])
    assert screen().contains(seen["dialog"])
    assert card == [True]  # the event under discussion whole above it


def test_preferences_fit_the_screen_with_close_in_sight(qtbot, themed, window) -> None:  # type: ignore[no-untyped-def]
    """At 150% the Preferences dialog, as tall as its explanations, went below the screen and
    took its Close button with it; its page scrolls instead, every line whole."""
    from PySide6.QtWidgets import QDialogButtonBox, QLabel

    window.import_paths([SAMPLE])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Qt.Key.Key_Comma, CTRL)
    dialog = window.preferences
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    assert screen().contains(dialog.frameGeometry())
    close = dialog.findChild(QDialogButtonBox)
    assert close.isVisible() and close.geometry().bottom() < dialog.height()
    cut = [
        label.text()[:30]
        for label in dialog.findChildren(QLabel)
        if label.isVisible()
        and label.wordWrap()
        and label.height() < label.heightForWidth(label.width())
    ]
    assert cut == []
    dialog.close()


def test_paste_and_import_previews_fit_the_screen_with_their_buttons(  # type: ignore[no-untyped-def]
    qtbot, themed, window, monkeypatch
) -> None:
    """At 150% the Paste events dialog (820 x 560) went below the 480 px screen, its Add and
    Cancel buttons with it; so did the file import's preview (900 x 600)."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox

    from pmdesk.views import import_preview, paste_preview
    from pmdesk.views.timeline import importing
    from tests.gui.conftest import ROOT

    seen: list[str] = []

    def look(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.show()
        qtbot.waitExposed(dialog)
        buttons = dialog.findChild(QDialogButtonBox)
        whole = screen().contains(dialog.frameGeometry())
        if whole and buttons.isVisible() and buttons.geometry().bottom() < dialog.height():
            seen.append(type(dialog).__name__)
        dialog.hide()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(paste_preview.PastePreviewDialog, "exec", look)
    monkeypatch.setattr(import_preview.ImportPreviewDialog, "exec", look)
    window.import_paths([SAMPLE])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QApplication.clipboard().setText("[14:51] cache warmed\n2026-04-45 14:52 dashboards green\n")
    press(qtbot, Qt.Key.Key_2, CTRL)
    table = window.panels["timeline"].table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    press(qtbot, Qt.Key.Key_V, CTRL)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    events = ROOT / "resources" / "samples" / "timeline" / "statuspage-incident.json"
    monkeypatch.setattr(
        importing.QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(events)], "")
    )
    press(qtbot, Qt.Key.Key_I, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen == ["PastePreviewDialog", "ImportPreviewDialog"]
    QApplication.clipboard().clear()


def test_the_key_sheet_and_the_redaction_review_fit_the_screen(qtbot, themed, window) -> None:  # type: ignore[no-untyped-def]
    """At 150% F1's key sheet (640 x 640) went below the 480 px screen, its Close button with
    it, and the redaction review (1000 x 560) was wider and taller than the screen."""
    from PySide6.QtWidgets import QDialogButtonBox

    window.import_paths([SAMPLE])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Qt.Key.Key_F1)
    sheet = window.presentation.shortcuts_dialog
    qtbot.waitExposed(sheet)
    assert screen().contains(sheet.frameGeometry())
    close = sheet.findChild(QDialogButtonBox)
    assert close.isVisible() and close.geometry().bottom() < sheet.height()
    sheet.close()
    window.review_redactions_action.trigger()
    review = window.redaction_review
    qtbot.waitExposed(review)
    assert screen().contains(review.frameGeometry())
    review.close()
