"""The share window as the room sees it: it follows the meeting, and never shows the notes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from pmdesk.operations import items

NOTES_MARKER = "ZEBRA-7731-private-note"
ALL_PHASES = range(5)


@pytest.fixture
def share(qtbot, window, sample):  # type: ignore[no-untyped-def]
    qtbot.keyClick(
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    shared = window.presentation.share_window
    assert shared is not None and shared.isVisible()
    qtbot.waitExposed(shared)
    return shared


def go_to_phase(window, index: int) -> None:  # type: ignore[no-untyped-def]
    bar = window.timer_bar
    while bar.timer.index < index:
        bar.next_phase()
    while bar.timer.index > index:
        bar.previous_phase()


def every_text(root: QWidget) -> list[str]:
    """Everything a widget tree could show or say: texts, tooltips, names, cells in every role."""
    found: list[str] = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        found += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            found.append(widget.text())
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            found.append(widget.toPlainText())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    index = model.index(row, column)
                    for role in range(0, 40):
                        value = index.data(role)
                        if isinstance(value, str):
                            found.append(value)
    return found


def test_ctrl_shift_s_opens_and_closes_the_share_window(qtbot, window, share) -> None:  # type: ignore[no-untyped-def]
    assert window.presentation.share_action.isChecked()
    assert share.title_label.text() == "Payment service outage - April 15, 2026"
    share.close()
    assert not share.isVisible()
    assert not window.presentation.share_action.isChecked()  # the menu says it is closed
    window.presentation.share_action.trigger()
    assert share.isVisible()  # the same window again, not a new one
    assert window.presentation.share() is share


def test_it_follows_the_phase_and_the_clock(qtbot, window, share) -> None:  # type: ignore[no-untyped-def]
    expected_pages = ["ground_rules", "timeline", "factors", "actions", "close"]
    for index in ALL_PHASES:
        go_to_phase(window, index)
        assert share.pages.currentWidget() is share.page[expected_pages[index]]
        assert share.phase_label.text() == window.timer_bar.timer.read().phase_name
        assert share.next_label.text().startswith(f"Phase {index + 1} of 5")
        assert share.clock_label.text() == window.timer_bar.clock_label.text()
        states = [step.property("state") for step in share.steps]
        assert states[index] == "current"
        assert states[:index] == ["done"] * index
    go_to_phase(window, 0)
    rules = " ".join(label.text() for label in share.page["ground_rules"].findChildren(QLabel))
    assert "Systems, not people" in rules and "No hindsight" in rules


def test_edits_show_within_a_second_and_in_place(qtbot, window, share) -> None:  # type: ignore[no-untyped-def]
    go_to_phase(window, 2)
    doc = window.session.doc
    first = doc.pm.factors[0]
    card = share.factor_cards[first.id]
    window.show_panel("factors")
    editor = window.panels["factors"].card(first.id).text_edit
    window.activateWindow()  # the share window opened in front: back to the main window
    qtbot.waitUntil(window.isActiveWindow)
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " Nobody owns the unit.")
    qtbot.waitUntil(lambda: card.text.text().endswith("Nobody owns the unit."), timeout=1000)
    assert share.factor_cards[first.id] is card  # updated in place, not rebuilt
    assert card.property("current") == "true"  # the factor being typed in is highlighted

    go_to_phase(window, 3)
    window.show_panel("actions")
    panel = window.panels["actions"]
    rows = share.action_proxy.rowCount()
    qtbot.keyClicks(panel.new_description, "Add a unit to every duration setting")
    qtbot.keyClick(panel.new_description, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: share.action_proxy.rowCount() == rows + 1, timeout=1000)
    assert "Add a unit to every duration setting" in share.texts()
    assert "1 action item" not in share.actions_count.text()

    window.show_panel("overview")
    title = window.panels["overview"].title_edit
    title.selectAll()
    qtbot.keyClicks(title, "Card payments failed")
    qtbot.waitUntil(lambda: share.title_label.text() == "Card payments failed", timeout=1000)


def test_the_event_selected_in_the_timeline_is_highlighted(qtbot, window, share) -> None:  # type: ignore[no-untyped-def]
    go_to_phase(window, 1)
    events = window.session.doc.pm.timeline
    timeline = window.panels["timeline"]
    resets: list[int] = []
    share.timeline_model.modelReset.connect(lambda: resets.append(1))
    for number in (2, 5):
        timeline.select_events([events[number].id])
        qtbot.waitUntil(lambda n=number: share.timeline_proxy.current_row == n, timeout=1000)
        assert share.event_text.text() == events[number].text
        highlighted = share.timeline_proxy.index(number, 2)
        assert highlighted.data(Qt.ItemDataRole.FontRole).bold()
        assert (
            share.timeline_proxy.index(number - 1, 2).data(Qt.ItemDataRole.BackgroundRole) is None
        )
        assert highlighted.data(Qt.ItemDataRole.BackgroundRole) is not None
    # What the room said about the event shows with it.
    seen = events[5].seen
    if seen:
        assert share.answer_labels["seen"][1].text() == seen.strip()
    assert resets == []  # moving through the timeline never rebuilds the table


def test_never_the_notes_nor_another_postmortem(qtbot, window, share) -> None:  # type: ignore[no-untyped-def]
    window.show_panel("notes")
    notes = window.panels["notes"].editor
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    qtbot.keyClicks(notes, f" {NOTES_MARKER} should have known")
    window.session.flush_edits()
    assert NOTES_MARKER in window.session.doc.pm.notes
    first_title = window.session.doc.pm.title
    for index in ALL_PHASES:
        go_to_phase(window, index)
        share.refresh_all()
        texts = every_text(share)
        assert not [t for t in texts if NOTES_MARKER in t]
    # Nothing in the share window can hold or highlight editable text.
    assert not share.findChildren(QPlainTextEdit) and not share.findChildren(QTextEdit)

    window.new_postmortem()
    qtbot.waitUntil(lambda: share.title_label.text() == "Untitled postmortem", timeout=1000)
    share.refresh_all()
    assert not [t for t in every_text(share) if first_title in t or "payment-service" in t]


def test_no_underline_or_language_warning_reaches_the_room(qtbot, window, share) -> None:  # type: ignore[no-untyped-def]
    doc = window.session.doc
    event = doc.pm.timeline[1]
    window.session.apply(
        items.update_item(
            window.session.doc,
            "Edit",
            "timeline",
            event.id,
            text="Dave was careless and should have known",
        )
    )
    window.panels["timeline"].select_events([event.id])
    for index in ALL_PHASES:
        go_to_phase(window, index)
        share.refresh_all()
        for label in share.findChildren(QLabel):
            if label.textFormat() == Qt.TextFormat.RichText:
                html = QTextDocument()
                html.setHtml(label.text())
                block = html.begin()
                while block.isValid():
                    it = block.begin()
                    while not it.atEnd():
                        assert not it.fragment().charFormat().fontUnderline(), label.text()
                        it += 1
                    block = block.next()
            assert not label.font().underline()
        for view in share.findChildren(QAbstractItemView):
            model = view.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    index_ = model.index(row, column)
                    font = index_.data(Qt.ItemDataRole.FontRole)
                    assert font is None or not font.underline()
                    for role in (
                        Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.DecorationRole,
                        Qt.ItemDataRole.ForegroundRole,
                    ):
                        assert index_.data(role) is None
    go_to_phase(window, 1)
    # The words are shown as written (the room sees the facts), without any marking.
    assert "Dave was careless and should have known" in share.texts()
    assert "⚠" not in " ".join(share.texts())


def test_readable_at_1280_by_720(qtbot, themed, window, share) -> None:  # type: ignore[no-untyped-def]
    share.resize(1280, 720)
    for index in ALL_PHASES:
        go_to_phase(window, index)
        share.refresh_all()
        qtbot.wait(1)
        assert share.width() <= 1280, "the share window must fit a 1280 px wide stream"
        for label in share.findChildren(QLabel):
            if label.isVisibleTo(share) and label.text():
                assert QFontInfo(label.font()).pixelSize() >= 20, label.text()
        for view in share.findChildren(QAbstractItemView):
            if view.isVisibleTo(share):
                assert QFontInfo(view.font()).pixelSize() >= 20
        assert QFontInfo(share.clock_label.font()).pixelSize() >= 80


def _shown_whole(label: QLabel) -> bool:
    """Every word of the label inside its width, and every wrapped line inside its height."""
    words = max(label.fontMetrics().horizontalAdvance(w) for w in label.text().split())
    width = label.contentsRect().width()
    return words <= width and label.heightForWidth(label.width()) <= label.height()


def test_phase_names_whole_at_150_percent_on_a_1280_by_720_screen(
    qtbot, themed, window, share
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.ui import theme

    window.presentation.set_zoom(1.5)
    share.resize(1280, 720)
    window.presentation.set_share_visible(True)  # fitted to the screen's free area
    for index in ALL_PHASES:
        go_to_phase(window, index)
        qtbot.wait(20)
        assert share.frameGeometry().height() <= 720
        assert [s.text() for s in share.steps if not _shown_whole(s)] == []
        for label in (share.title_label, share.phase_label, share.next_label):
            assert _shown_whole(label), label.text()
    theme.apply(themed, "light", 1.0)


def test_clock_and_phase_whole_on_a_1280_by_720_laptop_at_150_percent_even_with_the_cue_up(
    qtbot, themed, window, share
) -> None:  # type: ignore[no-untyped-def]
    # A 1280x720 screen at 150% system scale is 853x480 to Qt; the window manager's title bar
    # takes the rest. Every phase, then the "move on" band raised over the page.
    share.resize(853, 453)

    def whole() -> list[str]:
        short = [s.text() for s in share.steps if not _shown_whole(s)]
        short += [
            w.text()
            for w in (share.title_label, share.phase_label, share.next_label)
            if not _shown_whole(w)
        ]
        clock = share.clock_label
        if clock.height() < clock.sizeHint().height():
            short.append(f"clock {clock.height()} px of {clock.sizeHint().height()}")
        return short

    for index in ALL_PHASES:
        go_to_phase(window, index)
        qtbot.wait(50)
        assert whole() == [], index
    share.cue.raise_cue()
    qtbot.waitUntil(share.cue.isVisible)
    qtbot.wait(50)
    assert whole() == []
    # The band lies across the top of the page, under the clock, the whole width.
    band = share.cue.geometry().translated(share.pages.pos())
    assert band.top() >= share.header.geometry().bottom() and band.width() == share.width()
    share.cue.lower_cue()


def test_f11_puts_the_share_window_in_full_screen(qtbot, window, share) -> None:  # type: ignore[no-untyped-def]
    share.activateWindow()
    window.presentation.toggle_full_screen(share)
    assert share.isFullScreen() and not window.isFullScreen()
    qtbot.keyClick(share, Qt.Key.Key_Escape)
    assert not share.isFullScreen()
    window.presentation.toggle_full_screen(window)
    assert window.isFullScreen()
    window.presentation.toggle_full_screen(window)
    assert not window.isFullScreen()
    assert window.presentation.full_screen_action in share.actions()  # F11 works in both windows


def test_placed_lower_by_the_window_manager_it_comes_back_whole_on_the_screen(  # type: ignore[no-untyped-def]
    qtbot, window, share
) -> None:
    area = share.screen().availableGeometry()
    window.presentation.set_share_visible(False)
    window.presentation.set_share_visible(True)
    # As a window manager that places each new window a little below the last one does: the
    # frame's bottom edge 13 px under the screen's.
    share.move(share.x(), area.bottom() + 1 + 13 - share.frameGeometry().height())
    qtbot.waitUntil(lambda: area.contains(share.frameGeometry()))
    assert share.frameGeometry().height() <= area.height()


def test_a_short_share_window_drops_the_row_of_steps_for_three_action_items_whole(
    qtbot, themed, window, share
) -> None:  # type: ignore[no-untyped-def]
    go_to_phase(window, 3)  # action items
    table = share.actions_page.actions_table

    def three_whole() -> bool:
        bottom = table.rowViewportPosition(2) + table.rowHeight(2)
        return table.isVisible() and 0 < bottom <= table.viewport().height()

    share.resize(1280, 600)  # a short window: with the steps, the third item would be cut
    qtbot.waitUntil(lambda: share.header.short and three_whole())
    assert not any(step.isVisible() for step in share.steps)
    assert share.next_label.text().startswith("Phase 4 of 5")  # where the meeting is, in words
    qtbot.wait(300)  # a few refreshes later, it has not gone back and forth
    assert share.header.short and three_whole()

    share.resize(1280, 700)  # room again: the steps come back
    qtbot.waitUntil(lambda: not share.header.short and all(s.isVisible() for s in share.steps))
    assert three_whole() and share.actions_page.actions_count.isVisible()
    qtbot.wait(300)
    assert not share.header.short
