"""Markers set from the keyboard and the context menu; the language line counts what is
underlined."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from pmdesk.model import Marker
from tests.gui.conftest import SAMPLE


def test_markers_from_the_keyboard_and_the_context_menu(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    window.show_panel("timeline")
    panel = window.panels["timeline"]
    event = next(e for e in window.session.doc.pm.timeline if e.marker is None)
    panel.select_events([event.id])
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert event.marker == Marker.DIAGNOSIS
    assert panel.model.index_of_event(event.id, 4).data() == "Diagnosis"
    window.session.undo()
    assert event.marker is None

    menu = panel.context_menu()
    submenu = next(a.menu() for a in menu.actions() if isinstance(a.menu(), QMenu))
    assert submenu.title() == "Mar&k as"
    chosen = next(a for a in submenu.actions() if a.text() == "Mitigation")
    chosen.trigger()
    assert event.marker == Marker.MITIGATION
    qtbot.keyClick(panel.table, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert event.marker is None


def test_the_count_matches_the_underlines(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.views.findings import summary_text

    window.new_postmortem()
    window.show_panel("notes")
    notes = window.panels["notes"]
    notes.editor.setFocus()
    qtbot.keyClicks(notes.editor, "Dave failed to notice the obvious alert.")
    qtbot.waitUntil(lambda: len(notes.language.findings()) == 2)
    strip = notes.findChild(type(window.panels["timeline"].findings_strip))
    qtbot.waitUntil(lambda: strip.summary == "2 hindsight")
    assert strip.summary == summary_text(notes.language.findings())


def test_overlapping_findings_of_one_kind_are_one_underline_and_counted_once() -> None:
    from pmdesk.language import Finding
    from pmdesk.ui.highlighter import LocatedFinding
    from pmdesk.views.findings import summary_text, underlines

    def located(start: int, end: int, category: str) -> LocatedFinding:
        finding = Finding(start, end, f"{category}.x", category, "warning", "", None, "x")
        return LocatedFinding(finding, 0, start, end)

    # "should have known" and "known better" in "should have known better": one line drawn.
    findings = [
        located(3, 20, "hindsight"),
        located(15, 27, "hindsight"),
        located(30, 38, "judgement"),
    ]
    assert [f.start for f in underlines(findings)] == [3, 30]
    assert summary_text(findings) == "1 hindsight · 1 judgement word"


def test_overview_field_keys_do_not_clash_with_the_menus(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from pmdesk.views.shortcuts_dialog import mnemonic

    window.import_paths([SAMPLE])
    window.show_panel("overview")
    menus = {mnemonic(a.text()) for a in window.menuBar().actions()}
    labels = [
        label
        for label in window.panels["overview"].findChildren(QLabel)
        if label.buddy() is not None and label.isVisibleTo(window)
    ]
    letters = [mnemonic(label.text()) for label in labels]
    assert not set(letters) & menus
    assert len(letters) == len(set(letters))  # one field per Alt+letter
    summary = window.panels["overview"].summary_edit
    window.panels["overview"].title_edit.setFocus()
    qtbot.keyClick(
        window.panels["overview"].title_edit, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier
    )
    assert summary.hasFocus()
