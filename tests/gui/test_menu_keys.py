"""Right-click menus show each entry's key, as the Edit menu does (Ctrl+Z beside Undo).

Qt leaves a text field's key out when the window holds a shortcut for it too, and Edit > Undo
holds Ctrl+Z whenever there is something to undo: that is when the facilitator reaches for it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from tests.gui.conftest import SAMPLE


def key(standard: QKeySequence.StandardKey) -> str:
    """The key as the Edit menu shows it (after the QApplication exists)."""
    return QKeySequence(standard).toString(QKeySequence.SequenceFormat.NativeText)


UNDO, REDO, SELECT_ALL = (
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.SelectAll,
)


# A popup menu under the offscreen platform says it cannot grab the keyboard: nothing to fix.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


@pytest.fixture
def shown_menus(qtbot) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The entries of every menu a right-click opens; each is closed once read."""
    return []


def right_click(qtbot, widget: QWidget, shown: list[list[str]]) -> None:  # type: ignore[no-untyped-def]
    """Right-click the middle of `widget` and read the menu that pops up."""

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            shown.append([action.text() for action in menu.actions()])
            menu.close()
        else:
            QTimer.singleShot(20, read_and_close)

    QTimer.singleShot(20, read_and_close)
    point = widget.rect().center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, widget.mapToGlobal(point))
    QApplication.sendEvent(widget, event)
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)  # a menu opened, and was read


def entry(menu: list[str], start: str) -> str:
    return next(text for text in menu if text.replace("&", "").startswith(start))


@pytest.fixture
def active(qtbot, window):  # type: ignore[no-untyped-def]
    """The sample open, with an edit to undo, in the active window (Edit > Undo is live)."""
    window.import_paths([SAMPLE])
    overview = window.panels["overview"]
    qtbot.keyClicks(overview.title_edit, " (draft)")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.undo_action.isEnabled()
    return window


def test_a_text_editor_menu_shows_undo_and_redo_keys(qtbot, active, shown_menus) -> None:  # type: ignore[no-untyped-def]
    active.show_panel("notes")
    notes = active.panels["notes"].editor
    qtbot.keyClicks(notes, "We rolled back.")
    right_click(qtbot, notes.viewport(), shown_menus)
    menu = shown_menus[-1]
    assert entry(menu, "Undo").endswith("\t" + key(UNDO))
    assert entry(menu, "Redo").endswith("\t" + key(REDO))
    assert entry(menu, "Select All").endswith("\t" + key(SELECT_ALL))


def test_a_line_field_menu_shows_its_keys(qtbot, active, shown_menus) -> None:  # type: ignore[no-untyped-def]
    title = active.panels["overview"].title_edit
    right_click(qtbot, title, shown_menus)
    menu = shown_menus[-1]
    assert entry(menu, "Undo").endswith("\t" + key(UNDO))
    assert all("\t" in text for text in menu if text.replace("&", "") in ("Cut", "Copy", "Paste"))


def test_the_timeline_table_menu_offers_undo_with_its_key(qtbot, active, shown_menus) -> None:  # type: ignore[no-untyped-def]
    active.show_panel("timeline")
    panel = active.panels["timeline"]
    before = active.session.doc.pm.title
    right_click(qtbot, panel.table.viewport(), shown_menus)
    menu = shown_menus[-1]
    undo = entry(menu, "Undo")
    assert undo.endswith("\t" + key(UNDO)) and "title" in undo.casefold()
    # The entry undoes the document's last edit, as Edit > Undo does.
    table_menu = panel.context_menu()
    next(a for a in table_menu.actions() if a.text() == undo).trigger()
    assert active.session.doc.pm.title != before
    assert not active.session.doc.pm.title.endswith("(draft)")
