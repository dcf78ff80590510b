"""The library's search, as a facilitator uses it: Ctrl+K, type, Down, Enter; snippets in the
list with the match in bold; a mistake in the query said under the field."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from pmdesk.model import Postmortem, TimelineEvent
from pmdesk.search import MARK_END, MARK_START
from pmdesk.ui.library_delegate import snippet_html
from pmdesk.ui.library_model import SNIPPET_ROLE
from tests.gui.conftest import SAMPLE

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _library(window) -> dict[str, int]:  # type: ignore[no-untyped-def]
    [sample] = window.import_paths([SAMPLE])
    repo = window.session.repo
    ids = {"sample": sample}
    ids["queue"] = repo.create(
        Postmortem(
            title="Queue backlog after a broker upgrade",
            started_at=WHEN,
            timeline=[TimelineEvent(at=WHEN, text="Consumers stalled on a <poison> message")],
        )
    )
    ids["dns"] = repo.create(Postmortem(title="DNS records expired", started_at=WHEN))
    window.reload_library()
    return ids


def _type_search(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.library.filter_edit.hasFocus()
    qtbot.keyClicks(window.library.filter_edit, text)
    qtbot.waitUntil(lambda: not window.library._pause.isActive(), timeout=2000)


def test_ctrl_k_type_down_enter_opens_the_hit(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ids = _library(window)
    window.open_postmortem(ids["dns"])
    window.resize(1280, 700)  # a laptop: the library folds away while a postmortem is open
    assert not window.library.isVisible()
    _type_search(qtbot, window, "poison")
    assert window.library.isVisible()  # Ctrl+K brought it back
    assert [e.id for e in window.library.model.entries] == [ids["queue"]]
    qtbot.keyClick(window.library.filter_edit, Qt.Key.Key_Down)
    assert window.library.view.hasFocus()
    qtbot.keyClick(window.library.view, Qt.Key.Key_Return)
    assert window.session.doc.pm.id == ids["queue"]


def test_enter_in_the_field_opens_the_best_hit(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ids = _library(window)
    _type_search(qtbot, window, "card processor")
    qtbot.keyClick(window.library.filter_edit, Qt.Key.Key_Return)
    assert window.session.doc.pm.id == ids["sample"]


def test_each_hit_shows_its_snippet_with_the_match_in_bold(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ids = _library(window)
    _type_search(qtbot, window, "poison")
    index = window.library.proxy.index(0, 0)
    snippet = index.data(SNIPPET_ROLE)
    assert f"{MARK_START}poison{MARK_END}" in snippet
    html = snippet_html(snippet, "#000000")
    assert "<b>poison</b>" in html and "&lt;" in html  # what the user wrote stays text
    searching = window.library.view.sizeHintForRow(0)
    window.library.filter_edit.clear()
    qtbot.waitUntil(lambda: len(window.library.model.entries) == len(ids), timeout=2000)
    assert window.library.view.sizeHintForRow(0) < searching  # no room kept for snippets
    assert window.library.model.snippets == {}


def test_a_mistake_in_the_query_is_said_under_the_field(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ids = _library(window)
    _type_search(qtbot, window, "severity:critical")
    message = window.library.search_message
    assert message.isVisible()
    assert "severity is one of SEV1" in message.text()
    assert message.property("error") is True  # styled as an error (app.qss), not as a note
    assert len(window.library.model.entries) == len(ids)  # the list stays as it was
    for _ in "critical":
        qtbot.keyClick(window.library.filter_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(window.library.filter_edit, "2")
    qtbot.waitUntil(lambda: not message.isVisible(), timeout=2000)
    assert [e.id for e in window.library.model.entries] == [ids["sample"]]


def test_nothing_found_says_so_and_the_trash_is_searched_in_the_trash(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ids = _library(window)
    _type_search(qtbot, window, "broker")
    assert [e.id for e in window.library.model.entries] == [ids["queue"]]
    window.session.repo.trash(ids["queue"])
    window.reload_library()
    assert window.library.model.entries == []
    assert window.library.empty.isVisible()
    assert "Nothing in the library matches “broker”" in window.library.empty.text()
    window.show_trash(True)
    assert [e.id for e in window.library.model.entries] == [ids["queue"]]


def test_the_library_model_holds_to_qt_rules_while_searching(qtbot, window, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    _library(window)
    _type_search(qtbot, window, "outage")
    assert window.library.model.searching
    qtmodeltester.check(window.library.model)


def test_ctrl_k_from_a_text_field_searches_and_leaves_the_text_alone(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    ids = _library(window)
    window.open_postmortem(ids["queue"])
    title = window.panels["overview"].title_edit
    title.setFocus()
    title.setCursorPosition(5)
    qtbot.keyClick(title, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.library.filter_edit.hasFocus()
    assert title.text() == "Queue backlog after a broker upgrade"  # not cut at the cursor


def test_the_search_field_gets_its_clear_button_once_the_window_is_ready(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    field = window.library.filter_edit
    qtbot.waitUntil(field.isClearButtonEnabled, timeout=5000)
    qtbot.keyClicks(field, "poison")
    assert field.isClearButtonEnabled() and field.text() == "poison"
