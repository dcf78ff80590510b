"""The main window driven through its real widgets, checked in the database."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from pmdesk.model import Involvement
from tests.gui.conftest import SAMPLE, started


def _saved(window):  # type: ignore[no-untyped-def]
    doc = window.session.doc
    return window.session.repo.load(doc.pm.id)


@pytest.fixture
def startups(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The windows whose finish_startup() ran, once per run, from now on."""
    from pmdesk.views.main_window import MainWindow

    runs: list[object] = []
    finish = MainWindow.finish_startup

    def counted(self: MainWindow) -> None:
        runs.append(self)
        finish(self)

    monkeypatch.setattr(MainWindow, "finish_startup", counted)
    return runs


def test_the_window_fixture_starts_up_once_as_the_app_does(startups, window) -> None:  # type: ignore[no-untyped-def]
    # Whatever the first paint left queued runs now.
    QApplication.sendPostedEvents()
    QApplication.processEvents()
    assert startups == [window]


def test_new_postmortem_title_is_autosaved_within_a_second(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.session.doc is not None
    title = window.panels["overview"].title_edit
    assert title.hasFocus()
    qtbot.keyClicks(title, "Checkout latency spike")
    assert window.save_label.text() == "Unsaved changes"
    qtbot.waitUntil(lambda: _saved(window).title == "Checkout latency spike", timeout=1500)
    assert window.save_label.text().startswith("Saved at")
    assert [e.title for e in window.library.model.entries] == ["Checkout latency spike"]


def test_ctrl_s_saves_at_once(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    qtbot.keyClicks(window.panels["overview"].title_edit, "Now")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert _saved(window).title == "Now"


def test_ctrl_number_brings_panels_forward_and_focuses_the_editor(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    for number, key in enumerate(("overview", "timeline", "notes", "factors", "actions"), start=1):
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert window.current_panel() is window.panels[key]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.panels["notes"].editor.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.panels["overview"].title_edit.hasFocus()


def test_undo_and_redo_notes_and_title(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    window.show_panel("notes")
    notes = window.panels["notes"].editor
    qtbot.keyClicks(notes, "first thought")
    window.session.flush_edits()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.panels["overview"].title_edit, "Title")
    window.undo_action.trigger()
    assert window.panels["overview"].title_edit.text() == ""
    window.undo_action.trigger()
    assert notes.toPlainText() == ""
    window.redo_action.trigger()
    assert notes.toPlainText() == "first thought"
    window.session.save_now()
    assert _saved(window).notes == "first thought"
    assert _saved(window).title == ""


def test_overview_fields_reach_the_database(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    panel = window.panels["overview"]
    panel.flag_boxes["customer_facing"].click()
    started = panel.time_fields["started_at"]
    qtbot.keyClicks(started.edit, "2026-04-15 14:32")
    qtbot.keyClick(started.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.services_edit, "payment-service, checkout")
    panel.services_edit.editingFinished.emit()
    window.session.save_now()
    saved = _saved(window)
    assert saved.severity.customer_facing is True
    assert saved.started_at is not None and saved.started_at.strftime("%H:%M") == "14:32"
    assert saved.services == ["payment-service", "checkout"]


def test_unreadable_date_is_explained_and_kept(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    field = window.panels["overview"].time_fields["resolved_at"]
    qtbot.keyClicks(field.edit, "yesterday-ish")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert field.edit.text() == "yesterday-ish"
    assert field.error.isVisibleTo(window) and "yesterday-ish" in field.error.text()
    window.session.save_now()
    assert _saved(window).resolved_at is None


def test_attendees_and_one_facilitator(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    panel = window.panels["overview"]
    for name in ("Ana", "Raj"):
        qtbot.keyClicks(panel.attendee_name, name)
        qtbot.keyClick(panel.attendee_name, Qt.Key.Key_Return)
    model = panel.attendee_model
    assert model.rowCount() == 2
    model.setData(model.index(0, 3), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(1, 3), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(1, 2), Involvement.DIRECTLY_INVOLVED, Qt.ItemDataRole.EditRole)
    window.session.save_now()
    saved = _saved(window)
    assert [(a.name, a.facilitator) for a in saved.attendees] == [("Ana", False), ("Raj", True)]
    head, _ = panel.check_labels["facilitator"]
    assert "directly involved" in head.text()
    window.undo_action.trigger()  # involvement
    window.undo_action.trigger()  # facilitator switch, one step
    assert [a.facilitator for a in window.session.doc.pm.attendees] == [True, False]


def test_checklist_warns_with_reasons(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    labels = window.panels["overview"].check_labels
    assert labels["attendees"][0].text().startswith("⚠ 0 attendees")
    assert "Fewer than 4" in labels["attendees"][1].text()
    assert labels["timeline"][0].text() == "⚠ Timeline is empty"


def test_sample_import_fills_every_overview_field(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    panel = window.panels["overview"]
    assert panel.title_edit.text() == "Payment service outage - April 15, 2026"
    for field in panel.time_fields.values():
        assert field.edit.text()
    assert panel.services_edit.text() and panel.tags_edit.text()
    assert panel.summary_edit.toPlainText() and panel.lessons_edit.toPlainText()
    assert panel.severity_combo.currentText().startswith("SEV2")
    assert panel.attendee_model.rowCount() == 6


def test_duplicate_trash_restore_and_empty(qtbot, window, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    window.duplicate_action.trigger()
    titles = sorted(e.title for e in window.library.model.entries)
    assert titles == [
        "Payment service outage - April 15, 2026",
        "Payment service outage - April 15, 2026 (copy)",
    ]
    window.trash_action.trigger()
    assert window.session.doc is None
    assert len(window.library.model.entries) == 1
    window.show_trash(True)
    assert [e.title for e in window.library.model.entries] == [
        "Payment service outage - April 15, 2026 (copy)"
    ]
    window.library.view.setCurrentIndex(window.library.proxy.index(0, 0))
    window.library.restore_button.click()
    assert len(window.library.model.entries) == 2 and window.session.doc is not None
    window.trash_action.trigger()
    window.show_trash(True)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.library.empty_trash_button.click()
    assert len(window.session.repo.library(trash=True)) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.library.empty_trash_button.click()
    assert window.session.repo.library(trash=True) == []


def test_library_filter(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    window.new_postmortem()
    qtbot.keyClicks(window.panels["overview"].title_edit, "Queue backlog")
    window.session.save_now()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.library.filter_edit, "payment severity:sev2")
    qtbot.waitUntil(lambda: window.library.proxy.rowCount() == 1, timeout=2000)
    window.library.filter_edit.clear()
    qtbot.waitUntil(lambda: window.library.proxy.rowCount() == 2, timeout=2000)


def test_down_from_the_filter_enters_the_list_and_enter_opens_the_match(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    window.new_postmortem()
    qtbot.keyClicks(window.panels["overview"].title_edit, "Queue backlog")
    window.session.save_now()
    opened = window.session.doc.pm.id
    window.resize(1280, 700)  # a laptop: the library folds away while a postmortem is open
    assert not window.library.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.library.isVisible() and window.library.filter_edit.hasFocus()
    qtbot.keyClicks(window.library.filter_edit, "payment")
    qtbot.waitUntil(lambda: window.library.proxy.rowCount() == 1, timeout=2000)
    qtbot.keyClick(window.library.filter_edit, Qt.Key.Key_Down)
    assert window.library.view.hasFocus()
    assert window.library.selected_id() is not None
    qtbot.keyClick(window.library.view, Qt.Key.Key_Return)
    assert window.session.doc.pm.title.startswith("Payment service outage")
    assert window.session.doc.pm.id != opened


def test_last_open_postmortem_and_layout_come_back(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.location import resolve
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    first = MainWindow(DocumentSession(StorageDoor(resolve(str(db_path)))), [])
    qtbot.addWidget(first)
    started(qtbot, first)
    ids = first.import_paths([SAMPLE])
    first.resize(900, 580)
    first.show_panel("notes")
    first.close()

    second = MainWindow(DocumentSession(StorageDoor(resolve(str(db_path)))), None)
    qtbot.addWidget(second)
    second.restore_layout()
    started(qtbot, second)
    assert second.session.doc is not None and second.session.doc.pm.id == ids[0]
    # The offscreen screen is 800 px wide, so only the height can show the restored geometry.
    assert second.height() == first.height() == 580
    assert second.current_panel() is second.panels["notes"]


def test_a_restart_never_shows_the_welcome_page_or_a_half_filled_form(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.library import read_library_fast
    from pmdesk.storage.location import resolve
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    first = MainWindow(DocumentSession(StorageDoor(resolve(str(db_path)))), [])
    qtbot.addWidget(first)
    first.finish_startup()
    ids = first.import_paths([SAMPLE])
    title = first.session.doc.pm.title
    first.close()

    # As at a real start: the library from the fast reader, the first frame before the rest.
    second = MainWindow(
        DocumentSession(StorageDoor(resolve(str(db_path)))), read_library_fast(db_path)
    )
    qtbot.addWidget(second)
    seen: list[object] = []
    second.stack.currentChanged.connect(lambda _i: seen.append(second.stack.currentWidget()))
    second.show()
    assert second.stack.currentWidget() is second.opening  # the first frame names the review
    assert title in second.opening.text()
    with qtbot.waitSignal(second.startupFinished, timeout=10_000):
        pass  # the first paint starts the rest
    assert second.session.doc is not None and second.session.doc.pm.id == ids[0]
    assert second.stack.currentWidget() is second.editor
    assert second.welcome not in seen
    # The page it switched to was already filled in.
    assert second.panels["overview"].title_edit.text() == title


def test_a_tab_shows_its_panel_filled_in_the_first_time_it_is_chosen(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.views.main_window import PANELS

    window.show()
    window.import_paths([SAMPLE])
    doc = window.session.doc
    window.tabs.setCurrentIndex(PANELS.index("actions"))  # as a click on the tab does
    holder = window.holders["actions"]
    panel = holder.widget()
    assert panel is not None and panel is window.panels["actions"]
    assert panel.model.rowCount() == len(doc.pm.actions) > 0
    window.tabs.setCurrentIndex(PANELS.index("factors"))
    assert window.holders["factors"].widget() is window.panels["factors"]


def test_an_opened_postmortem_is_laid_out_before_its_first_frame(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.show()
    window.import_paths([SAMPLE])  # opens it: the library folds away on this 1280 px screen
    panel = window.panels["overview"]
    laid_out = (window.library.isHidden(), window.stack.geometry(), panel.columns.direction())
    QApplication.processEvents()  # what the first frame would wait for
    assert laid_out[0]
    assert (window.library.isHidden(), window.stack.geometry(), panel.columns.direction()) == (
        laid_out
    )


def test_the_notes_tab_first_shown_after_opening_shows_the_notes_and_keeps_them(
    qtbot, window
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.views.main_window import PANELS

    window.show()
    window.import_paths([SAMPLE])
    notes = window.session.doc.pm.notes
    assert notes and window.holders["notes"].widget() is None  # not built yet
    window.tabs.setCurrentIndex(PANELS.index("notes"))  # as a click on the tab does
    editor = window.panels["notes"].editor
    assert editor.toPlainText() == notes
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " More.")
    window.session.save_now()
    assert window.session.doc.pm.notes == notes + " More."


def test_a_restart_whose_postmortem_is_gone_shows_the_welcome_page(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.library import read_library_fast
    from pmdesk.storage.location import resolve
    from pmdesk.ui import settings
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    location = resolve(str(db_path))
    settings.last_open_key(location.display).set(41)  # no such postmortem
    window = MainWindow(DocumentSession(StorageDoor(location)), read_library_fast(db_path))
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.welcome
    with qtbot.waitSignal(window.startupFinished, timeout=10_000):
        pass
    assert window.session.doc is None and window.stack.currentWidget() is window.welcome


def test_failed_save_keeps_changes_and_says_so(
    qtbot, window, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    repo = window.session.repo

    def broken_save(pm, dirty, versions=None):  # type: ignore[no-untyped-def]
        raise OSError("disk I/O error")

    monkeypatch.setattr(repo, "save", broken_save)
    qtbot.keyClicks(window.panels["overview"].title_edit, "Unsaved title")
    assert window.session.save_now() is False
    assert "Not saved:" in window.save_label.text()
    assert "input/output error" in window.save_label.text()
    assert "Your changes are kept" in window.save_label.text()
    monkeypatch.undo()
    assert window.session.save_now() is True
    assert _saved(window).title == "Unsaved title"
    QApplication.processEvents()


def test_export_pdf_and_markdown_from_the_file_menu(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    window.import_paths([SAMPLE])
    offered: list[str] = []

    def save_as(parent, caption, suggested, filters):  # type: ignore[no-untyped-def]
        offered.append(suggested)
        return str(tmp_path / Path(suggested).name), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    pdf = tmp_path / "payment-service-outage-april-15-2026.pdf"
    assert offered and offered[0].endswith("payment-service-outage-april-15-2026.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Payment service outage" in text
    window.export_actions["md"].trigger()
    markdown = (tmp_path / "payment-service-outage-april-15-2026.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Payment service outage - April 15, 2026")
    # The folder is remembered for the next export.
    window.export_actions["json"].trigger()
    assert Path(offered[-1]).parent == tmp_path


def test_factors_and_actions_panels_take_the_keyboard(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_panel() is window.panels["factors"]
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    actions = window.panels["actions"]
    assert window.current_panel() is actions
    assert actions.main_editor.hasFocus()


def test_tracker_opens_over_the_whole_database(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE, SAMPLE])
    window.tracker_action.trigger()
    assert window.tracker.isVisible()
    assert window.tracker.model.rowCount() == 8


def test_ctrl_z_typed_in_a_text_editor_undoes_through_the_document(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    qtbot.keyClicks(window.panels["overview"].title_edit, "Title first")
    window.show_panel("notes")
    notes = window.panels["notes"].editor
    qtbot.keyClicks(notes, "first thought")
    qtbot.keyClick(notes, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert notes.toPlainText() == ""
    assert window.session.doc.pm.title == "Title first"
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(notes, Qt.Key.Key_Z, redo)
    assert notes.toPlainText() == "first thought"
    window.session.save_now()
    assert _saved(window).notes == "first thought"
    # The editor's context menu offers the document's undo, not the editor's own (switched off).
    menu = window.panels["notes"].language.context_menu(notes.rect().center())
    undo = next(a for a in menu.actions() if a.objectName() == "edit-undo")
    assert undo.isEnabled()
    undo.trigger()
    assert notes.toPlainText() == ""


def test_kind_status_and_severity_choices_are_saved(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.model import Kind, SeverityLevel, Status

    window.new_postmortem()
    panel = window.panels["overview"]
    for combo, value in (
        (panel.kind_combo, Kind.NEAR_MISS),
        (panel.status_combo, Status.PUBLISHED),
        (panel.severity_combo, SeverityLevel.SEV1),
    ):
        index = combo.findData(value)
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
    qtbot.keyClicks(panel.title_edit, "After the choices")
    assert window.session.save_now() is True
    saved = _saved(window)
    assert (saved.kind, saved.status, saved.severity.level) == (
        Kind.NEAR_MISS,
        Status.PUBLISHED,
        SeverityLevel.SEV1,
    )
    assert saved.title == "After the choices"
    assert window.save_label.text().startswith("Saved at")


def test_times_are_read_against_the_incident_not_today(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    fields = window.panels["overview"].time_fields
    for field, text in (
        ("started_at", "2026-06-01 14:32"),
        ("detected_at", "+5m"),
        ("resolved_at", "2:50 pm"),
    ):
        qtbot.keyClicks(fields[field].edit, text)
        qtbot.keyClick(fields[field].edit, Qt.Key.Key_Return)
        assert not fields[field].error.isVisibleTo(window), fields[field].error.text()
    pm = window.session.doc.pm
    assert pm.detected_at - pm.started_at == timedelta(minutes=5)
    assert (pm.resolved_at.date(), pm.resolved_at.strftime("%H:%M")) == (
        pm.started_at.date(),
        "14:50",
    )
    # The library row follows at once, before any save.
    assert window.library.model.entries[0].incident_date == pm.started_at
    # The first timeline event starts at the incident, not at today's clock.
    window.show_panel("timeline")
    window.panels["timeline"].add_event()
    assert window.session.doc.pm.timeline[0].at == pm.started_at


def test_opening_a_postmortem_does_not_leave_unsaved_changes_showing(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    qtbot.waitUntil(
        lambda: (
            window.save_label.text() in ("All changes saved",)
            or window.save_label.text().startswith("Saved at")
        ),
        timeout=3000,
    )
    assert not window.session.doc.dirty


def test_involvement_combo_editor_saves_the_member(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    panel = window.panels["overview"]
    qtbot.keyClicks(panel.attendee_name, "Ana")
    qtbot.keyClick(panel.attendee_name, Qt.Key.Key_Return)
    view, model = panel.attendee_view, panel.attendee_model
    index = model.index(0, 2)
    delegate = view.itemDelegateForColumn(2)
    editor = delegate.createEditor(view.viewport(), None, index)
    editor.setCurrentIndex(editor.findData(Involvement.OBSERVER))
    delegate.setModelData(editor, model, index)
    assert window.session.save_now() is True
    assert _saved(window).attendees[0].involvement is Involvement.OBSERVER


def test_a_time_wider_than_its_box_shows_its_date_and_the_whole_on_hover(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta, timezone

    from pmdesk.operations.overview import edit_overview

    window.show()
    window.new_postmortem()
    away = datetime(2026, 4, 16, 16, 0, tzinfo=timezone(timedelta(hours=2, minutes=30)))
    doc = window.session.doc
    window.session.apply(edit_overview(doc, "Change meeting", meeting_at=away))
    field = window.panels["overview"].time_fields["meeting_at"]
    field.edit.setFixedWidth(110)  # narrower than "2026-04-16 16:00 +02:30"
    assert field.edit.text().startswith("2026-04-16 16:00 +02:30")
    assert field.edit.cursorPosition() == 0  # the start (the day) is what shows
    assert field.edit.toolTip() == field.edit.text()
