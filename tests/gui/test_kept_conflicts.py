"""Conflicts not yet settled survive closing the window and a restart, and settling clears them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.gui.conftest import started


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _w, _t, text, *a, **k: said.append(text))
    return said


def _restart(qtbot: Any, db_path: Path) -> Any:
    """A new pmdesk on the same database (a restart)."""
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.location import resolve
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow

    win = MainWindow(DocumentSession(StorageDoor(resolve(str(db_path)))), [])
    qtbot.addWidget(win)
    started(qtbot, win)
    return win


def _make_a_title_conflict(qtbot: Any, window: Any, colleague: Any) -> int:
    from pmdesk.document import Document

    window.new_postmortem()
    title = window.panels["overview"].title_edit
    title.setFocus()
    qtbot.keyClicks(title, "Payment outage")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    postmortem_id: int = window.session.doc.pm.id
    pm, versions = colleague.load_versioned(postmortem_id)
    doc = Document(pm)
    doc.set_fields(title="Checkout outage - April 15")
    colleague.save(doc.pm, doc.take_dirty(), versions)
    window.session.save_now()
    assert window.conflict_view.isVisible()
    return postmortem_id


def test_a_restart_shows_the_same_conflict_and_settling_it_clears_it(
    qtbot, window, colleague, db_path, told
) -> None:  # type: ignore[no-untyped-def]
    postmortem_id = _make_a_title_conflict(qtbot, window, colleague)

    window.close()

    assert told == [
        "1 conflict on “Payment outage” not settled yet. Both texts are kept: the conflict "
        "view shows them again when you open this postmortem."
    ]
    assert colleague.load(postmortem_id).title == "Checkout outage - April 15"
    again = _restart(qtbot, db_path)
    again.open_postmortem(postmortem_id)
    view = again.conflict_view
    qtbot.waitUntil(view.isVisible, timeout=5000)
    assert "Title" in view.heading.text()
    assert view.theirs.toPlainText() == "Checkout outage - April 15"
    assert view.mine.toPlainText() == "Payment outage"
    assert again.panels["overview"].title_edit.text() == "Payment outage"
    assert "1 conflict to settle" in again.save_label.text()

    view.keep_mine.setFocus()
    qtbot.keyClick(view.keep_mine, Qt.Key.Key_Space)

    assert view.isHidden()
    assert colleague.load(postmortem_id).title == "Payment outage"
    again.close()
    assert len(told) == 1  # nothing left to say
    third = _restart(qtbot, db_path)
    third.open_postmortem(postmortem_id)
    qtbot.wait(2500)  # past the first look at the database
    assert third.conflict_view.isHidden()
    assert third.panels["overview"].title_edit.text() == "Payment outage"
    third.close()


def test_a_conflict_settled_by_the_colleague_meanwhile_is_gone_after_a_restart(
    qtbot, window, colleague, db_path, told
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.document import Document

    postmortem_id = _make_a_title_conflict(qtbot, window, colleague)
    window.close()
    pm, versions = colleague.load_versioned(postmortem_id)
    doc = Document(pm)
    doc.set_fields(title="Payment outage")  # they took my text
    colleague.save(doc.pm, doc.take_dirty(), versions)

    again = _restart(qtbot, db_path)
    assert again.session.repo is not None  # the full database layer is open: read through it
    again.open_postmortem(postmortem_id)
    assert again.conflict_view.isHidden()
    assert again.panels["overview"].title_edit.text() == "Payment outage"
    again.close()
    assert len(told) == 1


def test_opening_another_postmortem_keeps_the_conflicts_and_says_so(
    qtbot, window, colleague
) -> None:  # type: ignore[no-untyped-def]
    postmortem_id = _make_a_title_conflict(qtbot, window, colleague)
    window.new_postmortem()
    assert "1 conflict not settled on “Payment outage”" in window.statusBar().currentMessage()
    window.open_postmortem(postmortem_id)
    assert window.conflict_view.isVisible()
    assert window.conflict_view.mine.toPlainText() == "Payment outage"


def test_yours_follows_what_is_typed_after_the_conflict_came_up(qtbot, window, colleague) -> None:  # type: ignore[no-untyped-def]
    _make_a_title_conflict(qtbot, window, colleague)
    title = window.panels["overview"].title_edit
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " (card payments)")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert window.conflict_view.mine.toPlainText() == "Payment outage (card payments)"
