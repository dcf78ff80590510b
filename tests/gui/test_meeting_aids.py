"""Keeping the meeting on track, with keys pressed where the facilitator's cursor is: park a point
(F4), the move-on cue on the share window (F10), the round robin's next speaker (F12); the Close
panel that settles the parking lot and gathers the survey; the pre-read from the File menu."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLineEdit

from pmdesk.facilitation import Settled
from tests.gui.test_meeting_keys import focus, press


def _lot(window) -> list[tuple[str, str, Settled]]:  # type: ignore[no-untyped-def]
    return [(p.text, p.phase, p.settled) for p in window.session.doc.pm.facilitation.parking_lot]


def test_f4_parks_the_words_selected_in_the_notes_and_keeps_the_cursor_there(
    qtbot, meeting, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *a, **k: asked.append("asked") or ("", False)
    )
    meeting.show_panel("notes")
    notes = meeting.panels["notes"].editor
    focus(qtbot, notes)
    notes.setPlainText("We should rotate the processor keys sometime")
    cursor = notes.textCursor()
    cursor.setPosition(10)
    cursor.setPosition(35, cursor.MoveMode.KeepAnchor)
    notes.setTextCursor(cursor)
    press(qtbot, Qt.Key.Key_F4)
    assert _lot(meeting) == [("rotate the processor keys", "ground_rules", Settled.OPEN)]
    assert asked == []  # the selection was enough
    assert notes.hasFocus()
    assert notes.toPlainText() == "We should rotate the processor keys sometime"  # nothing typed
    assert "Parked" in meeting.statusBar().currentMessage()
    meeting.session.undo()
    assert _lot(meeting) == []


def test_f4_with_nothing_selected_asks_for_one_line_from_a_table_cell_editor(
    qtbot, meeting, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *a, **k: ("Staging data is months old", True)
    )
    meeting.timer_bar.next_phase()  # walk the timeline
    panel = meeting.panels["timeline"]
    meeting.show_panel("timeline")
    table = panel.table
    panel.select_events([meeting.session.doc.pm.timeline[0].id])
    focus(qtbot, table)
    press(qtbot, Qt.Key.Key_F2)  # the cell's editor opens, the cursor in it
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and table.isAncestorOf(editor)
    typed = editor.text()
    press(qtbot, Qt.Key.Key_F4)  # the editor opens with its text selected: that is parked
    assert _lot(meeting) == [(typed, "timeline", Settled.OPEN)]
    editor.deselect()
    press(qtbot, Qt.Key.Key_F4)  # nothing selected: a line is asked for
    assert _lot(meeting)[-1] == ("Staging data is months old", "timeline", Settled.OPEN)
    assert editor.text() == typed and editor.hasFocus()  # the cell was not touched
    meeting.session.save_now()
    stored = meeting.session.repo.load(meeting.session.doc.pm.id)
    assert [p.text for p in stored.facilitation.parking_lot] == [
        typed,
        "Staging data is months old",
    ]


def test_the_close_phase_brings_the_parking_lot_forward_to_settle(
    qtbot, meeting, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Rotate the keys", True))
    press(qtbot, Qt.Key.Key_F4)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Stale staging data", True))
    press(qtbot, Qt.Key.Key_F4)
    while meeting.timer_bar.timer.phase.phase != "close":
        meeting.timer_bar.next_phase()
    panel = meeting.panels["close"]
    assert meeting.current_panel() is panel
    assert "close" in meeting.guidance.text.text().lower()
    assert "Settle the parking lot" in meeting.guidance.text.text()
    assert panel.parking_model.rowCount() == 2
    assert "2 of 2 parked points still to settle" in panel.parking_hint.text()
    actions_before = len(meeting.session.doc.pm.actions)
    panel.select_parked(meeting.session.doc.pm.facilitation.parking_lot[0].id)
    qtbot.mouseClick(panel.settle_buttons[Settled.ACTION], Qt.MouseButton.LeftButton)
    assert [a.description for a in meeting.session.doc.pm.actions][-1] == "Rotate the keys"
    assert len(meeting.session.doc.pm.actions) == actions_before + 1
    panel.select_parked(meeting.session.doc.pm.facilitation.parking_lot[1].id)
    qtbot.mouseClick(panel.settle_buttons[Settled.DROPPED], Qt.MouseButton.LeftButton)
    assert [s for _, _, s in _lot(meeting)] == [Settled.ACTION, Settled.DROPPED]
    assert panel.parking_hint.text() == "Every parked point is settled."
    assert panel.parking_model.index(0, 2).data() == "Turned into an action"
    meeting.session.undo()
    meeting.session.undo()
    assert len(meeting.session.doc.pm.actions) == actions_before
    assert [s for _, _, s in _lot(meeting)] == [Settled.OPEN, Settled.OPEN]


def test_f10_raises_the_move_on_cue_on_the_share_window_and_it_clears(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.views.share import cue

    press(qtbot, Qt.Key.Key_F10)
    assert "open it first" in meeting.statusBar().currentMessage()
    meeting.presentation.set_share_visible(True)
    share = meeting.presentation.share_window
    qtbot.waitExposed(share)
    focus(qtbot, meeting.panels["overview"].title_edit)
    press(qtbot, Qt.Key.Key_F10)
    assert share.cue.isVisible() and share.cue.text() == cue.CUE_TEXT
    assert meeting.panels["overview"].title_edit.hasFocus()
    share.cue._clear.setInterval(50)  # the cue's own timer, shortened: it clears by itself
    share.cue._clear.start()
    qtbot.waitUntil(lambda: not share.cue.isVisible(), timeout=2000)
    assert share.cue.text() == ""
    meeting.presentation.set_share_visible(False)
    meeting.presentation.set_share_visible(True)  # in front and active, as F9 leaves it
    qtbot.waitUntil(share.isActiveWindow)
    press(qtbot, Qt.Key.Key_F10)  # from the share window itself too
    assert share.cue.isVisible()
    meeting.presentation.set_share_visible(False)


def test_f12_ticks_the_round_robin_in_turn_in_each_phase(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    box = meeting.aids.round_robin
    assert box.start_button.isVisible()
    qtbot.mouseClick(box.start_button, Qt.MouseButton.LeftButton)
    people = [a for a in meeting.session.doc.pm.attendees if not a.facilitator]
    assert box.model.rowCount() == len(people)
    focus(qtbot, meeting.panels["overview"].title_edit)
    press(qtbot, Qt.Key.Key_F12)
    robin = meeting.session.doc.pm.facilitation.round_robin("ground_rules")
    assert robin is not None and robin.spoken == [people[0].id]
    assert f"{people[0].name} has spoken; next: {people[1].name}" in (
        meeting.statusBar().currentMessage()
    )
    first = box.model.index(0, 0)
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    # Unticking by hand is one undo step too.
    assert box.model.setData(first, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    robin = meeting.session.doc.pm.facilitation.round_robin("ground_rules")
    assert robin is not None and robin.spoken == []
    meeting.timer_bar.next_phase()
    assert box.start_button.isVisible() and box.model.rowCount() == 0  # each phase its own
    focus(qtbot, meeting.panels["overview"].title_edit)
    press(qtbot, Qt.Key.Key_F12)
    assert "No round robin in this phase" in meeting.statusBar().currentMessage()


def test_the_survey_filled_here_and_imported_from_files(
    qtbot, meeting, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.views.survey_dialog import SurveyDialog

    meeting.show_panel("close")
    panel = meeting.panels["close"]

    def answer(dialog: SurveyDialog) -> int:
        dialog.choose("useful", 4)
        dialog.choose("safe", 5)
        qtbot.keyClicks(dialog.change_edit, "Start on time")
        assert dialog.ok_button.isEnabled()
        return SurveyDialog.DialogCode.Accepted

    monkeypatch.setattr(SurveyDialog, "exec", answer)
    qtbot.mouseClick(panel.fill_button, Qt.MouseButton.LeftButton)
    survey = meeting.session.doc.pm.facilitation.survey
    assert [(a.useful, a.safe, a.heard, a.change, a.via) for a in survey] == [
        (4, 5, None, "Start on time", "here")
    ]
    assert panel.survey_model.rowCount() == 1
    assert "1 answer; averages of 5: useful 4.0, safe 5.0" in panel.survey_summary.text()

    form = tmp_path / "survey.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(form), ""))
    qtbot.mouseClick(panel.form_button, Qt.MouseButton.LeftButton)
    filled = json.loads(form.read_text(encoding="utf-8"))
    filled["answers"].update(useful=2, safe=3, heard=4)
    good = tmp_path / "ana.json"
    good.write_text(json.dumps(filled), encoding="utf-8")
    bad = tmp_path / "lee.json"
    wrong = json.loads(form.read_text(encoding="utf-8"))
    wrong["answers"]["useful"] = 9
    bad.write_text(json.dumps(wrong), encoding="utf-8")

    assert panel.import_paths([good, bad]) == 0
    assert panel.status.text() == (
        "Nothing imported: lee.json: answers/useful must be a whole number from 1 to 5 (found 9)"
    )
    assert len(meeting.session.doc.pm.facilitation.survey) == 1
    assert panel.import_paths([good]) == 1
    assert panel.import_paths([good]) == 0
    assert "already imported" in panel.status.text()
    assert [a.via for a in meeting.session.doc.pm.facilitation.survey] == ["here", "file"]
    meeting.session.save_now()
    stored = meeting.session.repo.load(meeting.session.doc.pm.id)
    assert [a.useful for a in stored.facilitation.survey] == [4, 2]


def test_the_pre_read_from_the_file_menu_records_when_it_went_out(
    qtbot, meeting, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    assert meeting.aids.pre_read_action in meeting.file_menu.actions()
    meeting.aids.pre_read_action.trigger()
    dialog = meeting.aids.pre_read_dialog
    qtbot.waitExposed(dialog)
    assert "No pre-read sent" in dialog.sent_label.text()
    focus(qtbot, dialog.questions_edit)
    qtbot.keyClicks(dialog.questions_edit, "Why did the dashboard stay green?")
    qtbot.keyClick(dialog.questions_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.questions_edit, "Who can approve a rollback?")
    dialog.committer.flush()
    pm = meeting.session.doc.pm
    assert pm.facilitation.open_questions == [
        "Why did the dashboard stay green?",
        "Who can approve a rollback?",
    ]
    target = tmp_path / "pre-read.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(dialog.md_button, Qt.MouseButton.LeftButton)
    text = target.read_text(encoding="utf-8")
    assert "2. Who can approve a rollback?" in text and "## Ground rules" in text
    assert pm.facilitation.pre_read_sent_at is not None
    # The sample's meeting was long ago: the pre-read went out after it, and the checklist says so.
    assert "after the meeting" in dialog.sent_label.text()
    meeting.session.undo()
    assert meeting.session.doc.pm.facilitation.pre_read_sent_at is None
    dialog.close()


def test_the_parking_lot_survey_and_round_robin_models_pass_qt_s_checks(
    qtbot, meeting, qtmodeltester, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.facilitation import SurveyAnswer
    from pmdesk.operations import facilitation as ops

    doc = meeting.session.doc
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Rotate the keys", True))
    press(qtbot, Qt.Key.Key_F4)
    meeting.session.apply(ops.add_survey_answers(doc, [SurveyAnswer(useful=3, change="More")]))
    meeting.aids.round_robin.start()
    panel = meeting.panels["close"]
    for model in (panel.parking_model, panel.survey_model, meeting.aids.round_robin.model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    # Rewording a parked point in its cell is one undo step; an empty one is refused.
    cell = panel.parking_model.index(0, 0)
    assert panel.parking_model.setData(cell, "Rotate the processor keys")
    assert doc.pm.facilitation.parking_lot[0].text == "Rotate the processor keys"
    assert not panel.parking_model.setData(cell, "   ")
    assert panel.parking_model.last_error == "A parked point needs some words; remove it instead."
    meeting.session.undo()
    assert doc.pm.facilitation.parking_lot[0].text == "Rotate the keys"
