"""Every text field's right-click menu shows Undo with its key, in the main window and in the
dialogs it opens: the keys are put back once for the whole application, not field by field
(the Actions panel's fields, the library's search and the dialogs showed a bare "Undo")."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from tests.gui.conftest import SAMPLE

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")

TEXT_FIELDS = (QLineEdit, QTextEdit, QPlainTextEdit)
# The window's commands that open a dialog with text fields; each is walked while it is open.
DIALOG_COMMANDS = ("&Preferences…", "Export p&re-read…", "&Publish…")
NO_MENU = (Qt.ContextMenuPolicy.NoContextMenu, Qt.ContextMenuPolicy.PreventContextMenu)


def menu_of(qtbot: Any, field: QWidget) -> list[tuple[str, str]]:
    """Right-click `field` and read its menu: (object name, text) of each entry."""
    shown: list[list[tuple[str, str]]] = []

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            shown.append([(a.objectName(), a.text()) for a in menu.actions()])
            menu.close()
        else:
            QTimer.singleShot(10, read_and_close)

    target = field.viewport() if isinstance(field, (QTextEdit, QPlainTextEdit)) else field
    QTimer.singleShot(10, read_and_close)
    point = target.rect().center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, target.mapToGlobal(point))
    QApplication.sendEvent(target, event)
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    return shown[0]


def unkeyed(qtbot: Any, root: QWidget) -> tuple[int, list[str]]:
    """How many text fields under `root` were walked, and those whose Undo shows no key."""
    undo = QKeySequence(QKeySequence.StandardKey.Undo)
    key = undo.toString(QKeySequence.SequenceFormat.NativeText)
    walked, bare = 0, []
    fields = [f for kind in TEXT_FIELDS for f in root.findChildren(kind)]
    for field in fields:
        if not field.isEnabled() or field.contextMenuPolicy() in NO_MENU:
            continue
        if getattr(field, "isReadOnly", lambda: False)():
            continue  # no Undo to show
        walked += 1
        entries = dict(menu_of(qtbot, field))
        if not entries.get("edit-undo", "").endswith("\t" + key):
            name = field.accessibleName() or field.objectName() or type(field).__name__
            bare.append(f"{name}: {entries.get('edit-undo')!r}")
    return walked, bare


@pytest.fixture
def active(qtbot, window):  # type: ignore[no-untyped-def]
    """The sample open, every panel built, with an edit to undo (Edit > Undo holds Ctrl+Z)."""
    window.import_paths([SAMPLE])
    for key in ("overview", "timeline", "notes", "factors", "actions", "close", "interviews"):
        window.show_panel(key)
    qtbot.keyClicks(window.panels["actions"].new_description, "Page on-call at 2% 5xx")
    window.show_panel("overview")
    qtbot.keyClicks(window.panels["overview"].title_edit, " (draft)")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.undo_action.isEnabled()
    return window


def test_every_text_field_of_the_main_window_shows_undo_with_its_key(qtbot, active) -> None:  # type: ignore[no-untyped-def]
    walked, bare = unkeyed(qtbot, active)
    assert walked >= 20  # the panels, the library's search, the timer's fields ...
    assert not bare, bare


def test_every_text_field_of_the_windows_dialogs_shows_undo_with_its_key(
    qtbot,  # type: ignore[no-untyped-def]
    active,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walked: dict[str, int] = {}
    bare: list[str] = []

    def walk(dialog: QDialog) -> int:
        qtbot.waitExposed(dialog)
        count, found = unkeyed(qtbot, dialog)
        walked[dialog.windowTitle()] = count
        bare.extend(f"{dialog.windowTitle()} · {b}" for b in found)
        dialog.hide()  # not closed: a dialog deleted on close would be gone before the next
        return QDialog.DialogCode.Rejected

    def shown_and_walked(dialog: QDialog) -> int:
        dialog.show()
        return walk(dialog)

    monkeypatch.setattr(QDialog, "exec", shown_and_walked)  # a modal dialog, walked as it opens
    commands = {a.text(): a for a in active.findChildren(QAction)}
    for text in DIALOG_COMMANDS:
        commands[text].trigger()
        for dialog in QApplication.topLevelWidgets():  # a dialog left open beside the window
            if isinstance(dialog, QDialog) and dialog.isVisible():
                walk(dialog)
    assert len(walked) == len(DIALOG_COMMANDS), walked
    assert all(walked.values()), walked  # each had fields to walk
    assert not bare, bare
