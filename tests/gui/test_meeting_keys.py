"""The meeting's keys, pressed where a facilitator's cursor really is: in a text field, in a
table cell being edited, in the share window and in the tracker. Every key goes to the focused
widget, as a keyboard sends it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget

from pmdesk.ui.timeline_model import TimelineModel
from tests.gui.keyboard import press

TEXT = TimelineModel.TEXT

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def focus(qtbot, widget: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    return widget


def phase(window) -> int:  # type: ignore[no-untyped-def]
    return int(window.timer_bar.timer.index)


def current_event(window) -> str:  # type: ignore[no-untyped-def]
    event = window.panels["timeline"].current_event()
    return str(event.text) if event is not None else ""


def test_every_meeting_key_works_from_a_one_line_text_field(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    title = meeting.panels["overview"].title_edit
    meeting.show_panel("overview")
    focus(qtbot, title)
    before = title.text()
    press(qtbot, Qt.Key.Key_F5)
    assert meeting.timer_bar.timer.running
    press(qtbot, Qt.Key.Key_F8)
    assert phase(meeting) == 1
    press(qtbot, Qt.Key.Key_PageDown, CTRL_SHIFT)
    assert phase(meeting) == 2
    press(qtbot, Qt.Key.Key_F7)
    assert phase(meeting) == 1
    planned = meeting.timer_bar.timer.read().planned_seconds
    focus(qtbot, title)  # a phase change brings a panel forward; come back to the title
    press(qtbot, Qt.Key.Key_F6)
    assert meeting.timer_bar.timer.read().planned_seconds == planned + 60
    press(qtbot, Qt.Key.Key_PageUp, CTRL_SHIFT)
    assert phase(meeting) == 0
    press(qtbot, Qt.Key.Key_F5)
    assert not meeting.timer_bar.timer.running
    assert title.text() == before  # no key typed anything into the title


def test_the_timeline_walk_from_a_note_being_typed(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    panel = meeting.panels["timeline"]
    meeting.show_panel("timeline")
    events = [e.text for e in meeting.session.doc.pm.timeline]
    panel.select_events([meeting.session.doc.pm.timeline[0].id])
    seen = focus(qtbot, panel.seen_edit)
    qtbot.keyClicks(seen, "the graph was flat")
    press(qtbot, Qt.Key.Key_F8, SHIFT)
    assert current_event(meeting) == events[1]
    assert seen.hasFocus()  # the cursor stays in the note, now about the next event
    press(qtbot, Qt.Key.Key_PageDown, CTRL_ALT)
    assert current_event(meeting) == events[2]
    press(qtbot, Qt.Key.Key_F7, SHIFT)
    press(qtbot, Qt.Key.Key_PageUp, CTRL_ALT)
    assert current_event(meeting) == events[0]
    assert "the graph was flat" in meeting.session.doc.pm.timeline[0].seen  # the note was kept
    assert "Event 1 of" in meeting.statusBar().currentMessage()


def test_meeting_keys_from_a_cell_being_edited(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    panel = meeting.panels["timeline"]
    meeting.show_panel("timeline")
    first = meeting.session.doc.pm.timeline[0]
    panel.select_events([first.id])
    focus(qtbot, panel.table)
    press(qtbot, Qt.Key.Key_F2)  # edit the event's text in place
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and panel.table.isAncestorOf(editor)
    editor.setText("Deploy of payment-service v2.4.1 started")
    press(qtbot, Qt.Key.Key_F8)
    assert phase(meeting) == 1
    press(qtbot, Qt.Key.Key_F8, SHIFT)  # on to the next event: the edit is kept
    assert first.text == "Deploy of payment-service v2.4.1 started"
    assert current_event(meeting) == meeting.session.doc.pm.timeline[1].text


def test_meeting_keys_from_the_share_window(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    focus(qtbot, meeting.panels["overview"].title_edit)
    press(qtbot, Qt.Key.Key_F9)  # from a text field
    share = meeting.presentation.share_window
    assert share is not None and share.isVisible()
    qtbot.waitUntil(share.isActiveWindow)  # in front, and the keyboard is there
    press(qtbot, Qt.Key.Key_F5)
    press(qtbot, Qt.Key.Key_F8)
    assert meeting.timer_bar.timer.running and phase(meeting) == 1
    assert share.phase_label.text() == "Walk the timeline"
    second = meeting.session.doc.pm.timeline[1]
    meeting.panels["timeline"].select_events([meeting.session.doc.pm.timeline[0].id])
    press(qtbot, Qt.Key.Key_F8, SHIFT)
    qtbot.waitUntil(lambda: second.text in share.event_text.text())
    press(qtbot, Qt.Key.Key_F6)
    assert meeting.timer_bar.timer.read().planned_seconds == 21 * 60
    press(qtbot, Qt.Key.Key_Escape)  # Esc closes the share window
    assert not share.isVisible()


def test_meeting_keys_from_the_tracker_and_escape_closes_it(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    meeting.open_tracker()
    tracker = meeting.tracker
    qtbot.waitUntil(tracker.isActiveWindow)
    focus(qtbot, tracker.owner_filter)
    press(qtbot, Qt.Key.Key_F5)
    assert meeting.timer_bar.timer.running
    press(qtbot, Qt.Key.Key_F8)
    assert phase(meeting) == 1
    assert tracker.owner_filter.text() == ""
    press(qtbot, Qt.Key.Key_Escape)
    assert not tracker.isVisible()


def test_export_from_a_note_and_the_sheet_lists_the_keys(
    qtbot, meeting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def save_as(parent, caption, suggested, filters):  # type: ignore[no-untyped-def]
        return str(tmp_path / Path(suggested).name), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    meeting.show_panel("notes")
    focus(qtbot, meeting.panels["notes"].editor)
    press(qtbot, Qt.Key.Key_P, CTRL_SHIFT)
    assert (tmp_path / "payment-service-outage-april-15-2026.pdf").stat().st_size > 0
    press(qtbot, Qt.Key.Key_E, CTRL_SHIFT)
    assert (tmp_path / "payment-service-outage-april-15-2026.md").exists()

    press(qtbot, Qt.Key.Key_F1)
    sheet = meeting.presentation.shortcuts_dialog
    assert sheet is not None and sheet.isVisible()
    lines = sheet.text().splitlines()  # a command's line, then its keys' line
    keys_of = {lines[n]: lines[n + 1] for n in range(len(lines) - 1)}
    for command, keys in (
        (meeting.timer_bar.start_action.text().replace("&", ""), "F5"),
        ("Next phase", "F8"),
        ("Previous phase", "F7"),
        ("Add a minute", "F6"),
        ("Next event", "Shift+F8"),
        ("Previous event", "Shift+F7"),
        ("Share window", "F9"),
        ("Export › PDF report", "Ctrl+Shift+P"),
    ):
        assert keys in keys_of[command], command


PLACES = ("text field", "cell editor", "share window")


def put_focus(qtbot, window, place: str) -> None:  # type: ignore[no-untyped-def]
    """The keyboard where a facilitator's is: typing a note, editing a cell, or on the shared
    view."""
    panel = window.panels["timeline"]
    if place == "share window":
        window.presentation.set_share_visible(True)
        share = window.presentation.share_window
        qtbot.waitUntil(share.isActiveWindow)
        return
    window.presentation.set_share_visible(False)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_panel("timeline")
    if place == "text field":
        focus(qtbot, panel.believed_edit)
        return
    editor = QApplication.focusWidget()
    if isinstance(editor, QLineEdit) and panel.table.isAncestorOf(editor):
        return  # still editing the cell
    focus(qtbot, panel.table)
    panel.table.setCurrentIndex(panel.model.index(panel.table.currentIndex().row(), TEXT))
    press(qtbot, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and panel.table.isAncestorOf(editor), editor


@pytest.mark.parametrize("place", PLACES)
def test_every_meeting_command_from_every_place(
    qtbot, meeting, place: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def save_as(parent, caption, suggested, filters):  # type: ignore[no-untyped-def]
        return str(tmp_path / Path(suggested).name), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    bar = meeting.timer_bar
    timeline = meeting.session.doc.pm.timeline
    meeting.panels["timeline"].select_events([timeline[3].id])
    checks = [
        ((Qt.Key.Key_F5,), lambda: bar.timer.running),
        ((Qt.Key.Key_F8,), lambda: phase(meeting) == 1),
        ((Qt.Key.Key_PageDown, CTRL_SHIFT), lambda: phase(meeting) == 2),
        ((Qt.Key.Key_F7,), lambda: phase(meeting) == 1),
        ((Qt.Key.Key_PageUp, CTRL_SHIFT), lambda: phase(meeting) == 0),
        ((Qt.Key.Key_F6,), lambda: bar.timer.read().planned_seconds == 6 * 60),
        ((Qt.Key.Key_F8, SHIFT), lambda: current_event(meeting) == timeline[4].text),
        ((Qt.Key.Key_PageDown, CTRL_ALT), lambda: current_event(meeting) == timeline[5].text),
        ((Qt.Key.Key_F7, SHIFT), lambda: current_event(meeting) == timeline[4].text),
        ((Qt.Key.Key_PageUp, CTRL_ALT), lambda: current_event(meeting) == timeline[3].text),
        ((Qt.Key.Key_P, CTRL_SHIFT), lambda: any(tmp_path.glob("*.pdf"))),
        ((Qt.Key.Key_F5,), lambda: not bar.timer.running),
    ]
    for keys, done in checks:
        put_focus(qtbot, meeting, place)
        press(qtbot, *keys)
        assert done(), (place, keys)
    put_focus(qtbot, meeting, place)
    share = meeting.presentation.share_window
    was_open = share is not None and share.isVisible()
    press(qtbot, Qt.Key.Key_F9)  # the share window opens, or (from it) closes
    share = meeting.presentation.share_window
    assert share is not None and share.isVisible() != was_open


def test_the_event_keys_work_before_the_timeline_tab_was_ever_shown(qtbot, window, sample) -> None:  # type: ignore[no-untyped-def]
    # Only the panel in front is built when a postmortem opens; the walk builds the timeline.
    assert window.tabs.currentWidget() is window.holders["overview"]
    assert window.holders["timeline"].widget() is None
    title = focus(qtbot, window.panels["overview"].title_edit)
    press(qtbot, Qt.Key.Key_F8, SHIFT)  # on from the first event, as with the tab shown
    assert current_event(window) == window.panels["timeline"].model.event_at(1).text
    assert window.statusBar().currentMessage().startswith("Event 2 of")
    assert title.hasFocus()  # the facilitator's cursor stays where it was
