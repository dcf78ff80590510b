"""Ctrl+Z after a colleague's saved change came in live: only my own edits are undone."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import colleague_saves


def _ctrl_z(qtbot: Any, widget: Any) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def _ctrl_shift_z(qtbot: Any, widget: Any) -> None:
    widget.setFocus()
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(widget, Qt.Key.Key_Z, modifiers)


def _new_with_summary(qtbot: Any, window: Any, text: str) -> Any:
    window.new_postmortem()
    overview = window.panels["overview"]
    overview.summary_edit.setFocus()
    qtbot.keyClicks(overview.summary_edit, text)
    assert window.session.save_now()
    return overview


def test_undo_leaves_a_colleagues_later_text_in_the_same_field(qtbot, window, colleague) -> None:  # type: ignore[no-untyped-def]
    overview = _new_with_summary(qtbot, window, "Checkout failed.")
    postmortem_id = window.session.doc.pm.id
    editor = overview.summary_edit
    # The colleague saw my text and rewrote it; it comes in live.
    colleague_saves(colleague, postmortem_id, summary="Checkout failed for 12 minutes.")
    qtbot.waitUntil(lambda: editor.toPlainText() == "Checkout failed for 12 minutes.", timeout=5000)

    _ctrl_z(qtbot, editor)

    assert editor.toPlainText() == "Checkout failed for 12 minutes."
    assert "Left the summary as someone else saved it" in window.statusBar().currentMessage()
    assert window.session.save_now()
    assert colleague.load(postmortem_id).summary == "Checkout failed for 12 minutes."


def test_undo_reverts_my_own_field_and_keeps_theirs(qtbot, window, colleague) -> None:  # type: ignore[no-untyped-def]
    overview = _new_with_summary(qtbot, window, "Checkout failed.")
    postmortem_id = window.session.doc.pm.id
    overview.title_edit.setFocus()
    qtbot.keyClicks(overview.title_edit, "Payment outage")
    qtbot.keyClick(overview.title_edit, Qt.Key.Key_Return)
    assert window.session.save_now()
    colleague_saves(colleague, postmortem_id, lessons="Canaries catch bad deploys.")
    qtbot.waitUntil(
        lambda: overview.lessons_edit.toPlainText() == "Canaries catch bad deploys.", timeout=5000
    )

    _ctrl_z(qtbot, overview.summary_edit)  # undoes my title
    assert overview.title_edit.text() == ""
    _ctrl_z(qtbot, overview.summary_edit)  # undoes my summary
    assert overview.summary_edit.toPlainText() == ""
    assert overview.lessons_edit.toPlainText() == "Canaries catch bad deploys."
    assert window.statusBar().currentMessage() == ""
    assert window.session.save_now()
    stored = colleague.load(postmortem_id)
    assert (stored.title, stored.summary, stored.lessons) == (
        "",
        "",
        "Canaries catch bad deploys.",
    )


def test_redo_after_a_colleagues_change_keeps_it(qtbot, window, colleague) -> None:  # type: ignore[no-untyped-def]
    overview = _new_with_summary(qtbot, window, "Checkout failed.")
    postmortem_id = window.session.doc.pm.id
    editor = overview.summary_edit
    _ctrl_z(qtbot, editor)
    assert editor.toPlainText() == ""
    assert window.session.save_now()
    colleague_saves(colleague, postmortem_id, summary="Orders were lost for 12 minutes.")
    qtbot.waitUntil(
        lambda: editor.toPlainText() == "Orders were lost for 12 minutes.", timeout=5000
    )

    _ctrl_shift_z(qtbot, editor)

    assert editor.toPlainText() == "Orders were lost for 12 minutes."
    assert "as someone else saved it" in window.statusBar().currentMessage()


def test_typing_after_their_change_came_in_is_an_undo_step_of_its_own(
    qtbot, window, colleague
) -> None:  # type: ignore[no-untyped-def]
    overview = _new_with_summary(qtbot, window, "Checkout failed.")
    postmortem_id = window.session.doc.pm.id
    title = overview.title_edit
    title.setFocus()
    qtbot.keyClicks(title, "Payment")
    title.editingFinished.emit()
    assert window.session.save_now()
    colleague_saves(colleague, postmortem_id, title="Payment service outage")
    qtbot.waitUntil(lambda: title.text() == "Payment service outage", timeout=5000)
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, ", April 15")
    title.editingFinished.emit()

    _ctrl_z(qtbot, overview.summary_edit)

    assert title.text() == "Payment service outage"  # mine undone, theirs kept
    _ctrl_z(qtbot, overview.summary_edit)
    assert title.text() == "Payment service outage"
    assert "Left the title as someone else saved it" in window.statusBar().currentMessage()


def test_undoing_an_edit_to_an_event_a_colleague_removed_leaves_it_removed(
    qtbot, window, colleague
) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from pmdesk.document import Document
    from pmdesk.model import TimelineEvent
    from pmdesk.operations.edit import Edit, UpdateItem

    overview = _new_with_summary(qtbot, window, "Checkout failed.")
    session = window.session
    event = TimelineEvent(datetime(2026, 4, 15, 14, 32, tzinfo=UTC), "Deploy", seq=0)
    session.doc.insert_items("timeline", [event])
    assert session.save_now()
    session.apply(Edit("Edit event", [UpdateItem("timeline", event.id, {"text": "Deploy v2"})]))
    assert session.save_now()
    pm, versions = colleague.load_versioned(session.doc.pm.id)
    doc = Document(pm)
    doc.remove_items("timeline", [event.id])
    colleague.save(doc.pm, doc.take_dirty(), versions)
    qtbot.waitUntil(lambda: session.doc.pm.timeline == [], timeout=5000)

    _ctrl_z(qtbot, overview.summary_edit)

    assert session.doc.pm.timeline == []
    assert "Left a timeline event as someone else saved it" in window.statusBar().currentMessage()
    assert session.save_now()
    assert colleague.load(session.doc.pm.id).timeline == []
