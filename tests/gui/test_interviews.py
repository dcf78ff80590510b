"""The Interviews panel driven with real keys: reached from the menu key, an interview planned,
notes typed (saved and checked for blame), a remark turned into an event and a finding and back,
the timer run, the notes exported only when asked, and never shown to the room."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget

from pmdesk.interviews import load_questions
from tests.gui.conftest import SAMPLE
from tests.gui.keyboard import press
from tests.gui.test_share_window import ALL_PHASES, every_text, go_to_phase

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
SECRET = "Quillwort"


@pytest.fixture
def interviews(qtbot, window, sample):  # type: ignore[no-untyped-def]
    """The sample open, the Interviews panel in front through its key, one interview planned."""
    press(qtbot, Qt.Key.Key_7, CTRL)
    panel = window.panels["interviews"]
    qtbot.waitUntil(panel.isVisible)
    press(qtbot, Qt.Key.Key_A, ALT)  # Plan interview: the most involved first
    # A button's Alt+letter clicks it the way a mouse does, after a short press.
    qtbot.waitUntil(lambda: len(window.session.doc.pm.interviews) == 1, timeout=2000)
    return panel


def focus(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def select_text(editor, words: str) -> None:  # type: ignore[no-untyped-def]
    start = editor.toPlainText().index(words)
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def test_the_menu_key_opens_the_panel_and_plans_the_most_involved_first(window, interviews) -> None:  # type: ignore[no-untyped-def]
    doc = window.session.doc
    assert window.tabs.currentWidget() is window.holders["interviews"]
    assert "Ctrl+7" in window.panel_actions[6].shortcut().toString()
    assert len(doc.pm.interviews) == 1
    first = next(a for a in doc.pm.attendees if a.id == doc.pm.interviews[0].attendee_id)
    assert first.name == "Marcus Chen"  # directly involved, listed first
    assert interviews.list.currentText() == "Marcus Chen"
    assert interviews.heading.text().startswith("Marcus Chen · Backend engineer")
    assert doc.pm.interviews[0].interviewer == "Elena Vasquez"  # the facilitator
    assert "Marcus Chen" not in [interviews.who.itemText(i) for i in range(interviews.who.count())]
    assert any("talk far more" in label.text() for label in interviews.findChildren(QLabel))


def test_typed_notes_are_saved_flagged_and_undone(qtbot, window, interviews) -> None:  # type: ignore[no-untyped-def]
    editor = interviews.notes.editor
    focus(qtbot, editor)
    qtbot.keyClicks(editor, f"The {SECRET} flag looked normal. Dave was careless.")
    qtbot.waitUntil(lambda: bool(interviews.notes.language.findings()), timeout=3000)
    flagged = [editor.toPlainText()[f.start : f.end] for f in interviews.notes.language.findings()]
    assert any("careless" in text for text in flagged)
    assert window.session.save_now()
    stored = window.session.repo.load(window.session.doc.pm.id)
    assert SECRET in stored.interviews[0].notes
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.session.doc.pm.interviews[0].notes == ""
    assert editor.toPlainText() == ""


def test_a_selected_remark_becomes_an_event_and_a_finding_and_undo_takes_them_back(
    qtbot, window, interviews
) -> None:  # type: ignore[no-untyped-def]
    doc = window.session.doc
    editor = interviews.notes.editor
    focus(qtbot, editor)
    qtbot.keyClicks(editor, "14:35 I saw the error graph jump. I assumed the canary would stop it")
    select_text(editor, "14:35 I saw the error graph jump")
    press(qtbot, Qt.Key.Key_T, CTRL_SHIFT)
    told = [e for e in doc.pm.timeline if e.source == "interview"]
    assert [(e.text, e.added_by) for e in told] == [("I saw the error graph jump", "Marcus Chen")]
    assert told[0].at == datetime(2026, 4, 15, 14, 35, tzinfo=UTC)
    assert "Added to the timeline" in interviews.notes.status.text()

    select_text(editor, "I assumed the canary would stop it")
    press(qtbot, Qt.Key.Key_F, CTRL_SHIFT)
    assert doc.pm.findings[-1].text == "I assumed the canary would stop it"
    assert doc.pm.findings[-1].origin == "interview"

    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert all(f.text != "I assumed the canary would stop it" for f in doc.pm.findings)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert not [e for e in doc.pm.timeline if e.source == "interview"]
    assert "I assumed the canary" in doc.pm.interviews[0].notes  # the notes stay


def test_the_timer_starts_pauses_and_shows_elapsed_against_planned(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.interchange import load_file
    from pmdesk.operations.interviews import add_interview
    from pmdesk.views.interviews import InterviewsPanel

    now = [datetime(2026, 4, 16, 9, 0, tzinfo=UTC)]
    session.open(session.create(load_file(SAMPLE)))
    session.apply(add_interview(session.doc, session.doc.pm.attendees[2].id))
    panel = InterviewsPanel(session, clock=lambda: now[0])
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.timer.reading.text() == "00:00 of 30 min"
    focus(qtbot, panel.notes.editor)
    press(qtbot, Qt.Key.Key_S, ALT)
    interview = session.doc.pm.interviews[0]
    qtbot.waitUntil(lambda: interview.running_since is not None, timeout=2000)
    assert interview.running_since == now[0]
    assert panel.timer.tick.isActive()
    now[0] += timedelta(minutes=12, seconds=5)
    panel.timer.tick.timeout.emit()
    assert panel.timer.reading.text() == "12:05 of 30 min"
    press(qtbot, Qt.Key.Key_S, ALT)  # pause
    qtbot.waitUntil(lambda: interview.running_since is None, timeout=2000)
    assert interview.elapsed_seconds == 725
    now[0] += timedelta(hours=1)
    panel.timer.refresh()
    assert panel.timer.reading.text() == "12:05 of 30 min"
    panel.record.planned.setValue(20)
    assert interview.planned_minutes == 20
    panel.record.planned.setValue(10)  # the box keeps to 20-60 minutes
    assert interview.planned_minutes == 20


def test_a_responder_as_interviewer_is_warned_about(qtbot, window, interviews) -> None:  # type: ignore[no-untyped-def]
    line = interviews.record.interviewer.lineEdit()
    focus(qtbot, line)
    line.selectAll()
    qtbot.keyClicks(line, "Aisha Okafor")
    press(qtbot, Qt.Key.Key_Tab)
    assert window.session.doc.pm.interviews[0].interviewer == "Aisha Okafor"
    assert interviews.record.warning.isVisibleTo(interviews)
    assert "Aisha Okafor was a responder" in interviews.record.warning.text()


def test_a_date_that_cannot_be_read_is_kept_and_explained(qtbot, window, interviews) -> None:  # type: ignore[no-untyped-def]
    field = interviews.record.held_on
    focus(qtbot, field)
    qtbot.keyClicks(field, "16/04")
    press(qtbot, Qt.Key.Key_Tab)
    assert field.text() == "16/04"
    assert "write it as YYYY-MM-DD" in interviews.record.warning.text()
    assert window.session.doc.pm.interviews[0].held_on is None
    focus(qtbot, field)
    field.selectAll()
    qtbot.keyClicks(field, "2026-04-16")
    press(qtbot, Qt.Key.Key_Tab)
    assert str(window.session.doc.pm.interviews[0].held_on) == "2026-04-16"
    assert "YYYY-MM-DD" not in interviews.record.warning.text()


def test_a_question_from_the_bank_goes_into_the_notes(qtbot, interviews) -> None:  # type: ignore[no-untyped-def]
    bank = interviews.notes.questions
    stages = load_questions()
    bank.stage.setCurrentIndex(2)  # a later stage of the incident
    focus(qtbot, bank.list)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    asked = stages[2].questions[1]
    assert interviews.notes.editor.toPlainText() == f"Q: {asked}\n"
    assert interviews.notes.editor.hasFocus()


def test_exports_carry_the_notes_only_when_chosen_for_that_export(
    qtbot, window, interviews, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    editor = interviews.notes.editor
    focus(qtbot, editor)
    qtbot.keyClicks(editor, f"The {SECRET} flag was off in staging.")
    window.session.flush_edits()
    targets = iter([tmp_path / "with.md", tmp_path / "without.md"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(targets)), ""))
    said: list[str] = []

    def answer(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        said.append(text)
        return QMessageBox.StandardButton.No  # do not open the file

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.interview_notes_action.setChecked(True)
    window.export("md")
    assert not window.interview_notes_action.isChecked()  # chosen for one export only
    window.export("md")
    assert SECRET in (tmp_path / "with.md").read_text(encoding="utf-8")
    assert SECRET not in (tmp_path / "without.md").read_text(encoding="utf-8")
    assert "with the private interview notes" in said[0]
    assert "without the interview notes" in said[1]


def test_the_share_window_never_shows_interviews(qtbot, window, interviews) -> None:  # type: ignore[no-untyped-def]
    editor = interviews.notes.editor
    focus(qtbot, editor)
    qtbot.keyClicks(editor, f"The {SECRET} flag was off in staging.")
    window.session.flush_edits()
    share = window.presentation.share()
    window.presentation.set_share_visible(True)
    qtbot.waitExposed(share)
    for index in ALL_PHASES:
        go_to_phase(window, index)
        share.refresh_all()
        assert not [t for t in every_text(share) if SECRET in t]


@pytest.mark.parametrize("zoom", [1.0, 1.25, 1.5])
def test_an_interview_fits_the_screen_without_a_sideways_scroll(
    qtbot, themed, window, zoom: float
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.operations.interviews import add_interview, write_notes
    from pmdesk.ui import theme
    from tests.gui.test_fits_screen import sideways

    window.presentation.set_zoom(zoom)
    window.import_paths([SAMPLE])
    try:
        doc = window.session.doc
        window.session.apply(add_interview(doc, doc.pm.attendees[2].id))
        window.session.apply(write_notes(doc, doc.pm.interviews[0].id, "What I saw. " * 80))
        window.show_panel("interviews")
        qtbot.wait(30)  # the layout settles at the new size
        assert sideways(window.holders["interviews"]) == []
        panel = window.panels["interviews"]
        assert panel.notes.editor.height() >= 60  # room to write in
    finally:
        theme.apply(themed, "light", 1.0)
