"""Two people on one postmortem, seen from the window: others' saves come in while typing, the
conflict view settles a clash by keyboard, and the window says who else has it open."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import colleague_saves


def _open_new(qtbot, window) -> Any:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    overview = window.panels["overview"]
    overview.summary_edit.setFocus()
    qtbot.keyClicks(overview.summary_edit, "Checkout failed for 12 minutes.")
    assert window.session.save_now()
    return overview


def test_others_saved_change_comes_in_without_moving_the_cursor(qtbot, window, colleague) -> None:  # type: ignore[no-untyped-def]
    overview = _open_new(qtbot, window)
    editor = overview.summary_edit
    cursor = editor.textCursor()
    cursor.setPosition(8)  # after "Checkout"
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, " payments")  # typed, not yet committed to the document
    postmortem_id = window.session.doc.pm.id
    colleague_saves(colleague, postmortem_id, lessons="Canaries catch bad deploys.")

    qtbot.waitUntil(
        lambda: overview.lessons_edit.toPlainText() == "Canaries catch bad deploys.", timeout=5000
    )
    assert editor.toPlainText() == "Checkout payments failed for 12 minutes."
    assert editor.textCursor().position() == len("Checkout payments")
    assert editor.hasFocus()
    assert window.conflict_view.isHidden()
    assert window.session.save_now()
    stored = colleague.load(postmortem_id)
    assert stored.summary == "Checkout payments failed for 12 minutes."
    assert stored.lessons == "Canaries catch bad deploys."


def test_a_clash_is_settled_in_the_conflict_view_by_keyboard(qtbot, window, colleague) -> None:  # type: ignore[no-untyped-def]
    overview = _open_new(qtbot, window)
    postmortem_id = window.session.doc.pm.id
    editor = overview.summary_edit
    editor.selectAll()
    qtbot.keyClicks(editor, "Checkout failed; 3% of orders lost.")
    colleague_saves(colleague, postmortem_id, summary="Checkout was down 12 minutes.")
    window.session.save_now()

    view = window.conflict_view
    assert view.isVisible()
    assert "Summary" in view.heading.text()
    assert view.theirs.toPlainText() == "Checkout was down 12 minutes."
    assert view.mine.toPlainText() == "Checkout failed; 3% of orders lost."
    assert editor.toPlainText() == "Checkout failed; 3% of orders lost."  # still on screen
    assert colleague.load(postmortem_id).summary == "Checkout was down 12 minutes."
    assert "1 conflict to settle" in window.save_label.text()

    view.combined.setFocus()
    qtbot.keyClick(view.combined, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.combined, "Checkout was down 12 minutes; 3% of orders lost.")
    view.keep_combined.setFocus()
    qtbot.keyClick(view.keep_combined, Qt.Key.Key_Space)

    assert view.isHidden()
    assert (
        colleague.load(postmortem_id).summary == "Checkout was down 12 minutes; 3% of orders lost."
    )
    assert editor.toPlainText() == "Checkout was down 12 minutes; 3% of orders lost."
    assert window.session.conflicts() == []
    assert "conflict" not in window.save_label.text()


def test_keep_theirs_puts_their_text_on_screen(qtbot, window, colleague) -> None:  # type: ignore[no-untyped-def]
    overview = _open_new(qtbot, window)
    postmortem_id = window.session.doc.pm.id
    overview.title_edit.setFocus()
    qtbot.keyClicks(overview.title_edit, "Payment outage")
    qtbot.keyClick(overview.title_edit, Qt.Key.Key_Return)
    colleague_saves(colleague, postmortem_id, title="Checkout outage - April 15")
    window.session.save_now()
    view = window.conflict_view
    assert view.isVisible() and view.mine.toPlainText() == "Payment outage"
    view.keep_theirs.setFocus()
    qtbot.keyClick(view.keep_theirs, Qt.Key.Key_Space)
    assert view.isHidden()
    assert overview.title_edit.text() == "Checkout outage - April 15"
    assert colleague.load(postmortem_id).title == "Checkout outage - April 15"


def test_the_window_says_who_else_has_it_open(qtbot, window, colleague) -> None:  # type: ignore[no-untyped-def]
    _open_new(qtbot, window)
    postmortem_id = window.session.doc.pm.id
    since = datetime(2026, 12, 5, 10, 2, tzinfo=UTC)
    colleague.announce("another-window", postmortem_id, "Ana", since)
    window.live.heartbeat()
    line = window.presence_label
    assert line.isVisible()
    assert line.text() == f"Also open: Ana (since {since.astimezone():%H:%M})"
    colleague.leave("another-window")
    window.live.heartbeat()
    assert line.isHidden()


def test_the_library_lists_a_postmortem_another_window_created(qtbot, window, colleague) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.model import Postmortem

    _open_new(qtbot, window)
    colleague.create(Postmortem(title="DNS resolver outage"))
    qtbot.waitUntil(
        lambda: "DNS resolver outage" in [e.title for e in window.library.model.entries],
        timeout=5000,
    )
    QApplication.processEvents()
    assert window.session.doc.pm.title == ""  # the open postmortem stays open


def _editing_first_event(qtbot, window) -> tuple[Any, Any, Any]:  # type: ignore[no-untyped-def]
    from tests.gui.conftest import SAMPLE

    window.import_paths([SAMPLE])
    assert window.session.doc is not None
    window.show_panel("timeline")
    table = window.panels["timeline"].table
    index = table.model().index(0, 2)  # "What happened"
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.indexWidget(index)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Deploy of v2.4.1 started by the pipeline")
    return table, index, editor


def _colleague_edits_event(repo: Any, postmortem_id: int, event_id: str, **values: Any) -> None:
    from pmdesk.document import Document

    pm, versions = repo.load_versioned(postmortem_id)
    doc = Document(pm)
    doc.update_item("timeline", event_id, **values)
    repo.save(doc.pm, doc.take_dirty(), versions)


def test_a_cell_being_edited_keeps_its_text_when_others_change_the_event(
    qtbot, window, colleague
) -> None:  # type: ignore[no-untyped-def]
    table, index, editor = _editing_first_event(qtbot, window)
    doc = window.session.doc
    event_id = doc.pm.timeline[0].id
    _colleague_edits_event(colleague, doc.pm.id, event_id, seen="The dashboard looked normal")

    qtbot.waitUntil(lambda: doc.pm.timeline[0].seen == "The dashboard looked normal", timeout=5000)
    assert table.indexWidget(index) is editor  # still open, still typing
    assert editor.text() == "Deploy of v2.4.1 started by the pipeline"
    qtbot.keyClicks(editor, " (canary skipped)")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.indexWidget(index) is None, timeout=2000)
    assert window.session.save_now()
    stored = colleague.load(doc.pm.id).timeline[0]
    assert stored.text == "Deploy of v2.4.1 started by the pipeline (canary skipped)"
    assert stored.seen == "The dashboard looked normal"


def test_a_cell_being_edited_that_others_changed_too_is_a_conflict(
    qtbot, window, colleague
) -> None:  # type: ignore[no-untyped-def]
    table, index, editor = _editing_first_event(qtbot, window)
    doc = window.session.doc
    event_id = doc.pm.timeline[0].id
    _colleague_edits_event(colleague, doc.pm.id, event_id, text="Deploy of v2.4.1 (by Ana)")

    qtbot.waitUntil(lambda: window.conflict_view.isVisible(), timeout=5000)
    assert table.indexWidget(index) is editor  # the cell is still being edited
    view = window.conflict_view
    assert "timeline event" in view.heading.text()
    assert view.theirs.toPlainText() == "Deploy of v2.4.1 (by Ana)"
    assert view.mine.toPlainText() == "Deploy of v2.4.1 started by the pipeline"
    assert editor.text() == "Deploy of v2.4.1 started by the pipeline"
    assert colleague.load(doc.pm.id).timeline[0].text == "Deploy of v2.4.1 (by Ana)"


def test_the_name_others_see_is_set_in_preferences(qtbot, window, colleague) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.views.preferences import PreferencesDialog

    _open_new(qtbot, window)
    dialog = PreferencesDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setFocus()
    qtbot.keyClicks(dialog.name_edit, "Ana  Lima")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    dialog.close()
    window.live.heartbeat()
    present = colleague.present(window.session.doc.pm.id)
    assert [p.name for p in present] == ["Ana Lima"]


def test_the_combined_box_starts_with_both_additions_once(qtbot, window, colleague) -> None:  # type: ignore[no-untyped-def]
    overview = _open_new(qtbot, window)
    postmortem_id = window.session.doc.pm.id
    editor = overview.summary_edit
    qtbot.keyClicks(editor, " About 3% of orders failed.")
    colleague_saves(
        colleague, postmortem_id, summary="Checkout failed for 12 minutes. No data was lost."
    )
    window.session.save_now()
    assert window.conflict_view.combined.toPlainText() == (
        "Checkout failed for 12 minutes. No data was lost. About 3% of orders failed."
    )


def test_a_window_closed_before_its_first_look_never_starts_watching(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.ui import live

    window.new_postmortem()
    link = window.live
    assert link is not None
    link.stop()  # the window closes before the delayed first look
    qtbot.wait(live.FIRST_WATCH_MS + 300)
    assert not link._watch.isActive()
    assert link._watcher is None  # no connection of its own left open
