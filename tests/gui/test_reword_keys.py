"""Enter in the Reword box saves the reword, as OK does: a reword is a sentence or a few, and
Enter there started a new line, saved with the text at the next OK. Shift+Enter starts a new
line where the text can hold several (what the room said about an event, a factor, the summary),
and nothing in a one-line text (an event's text, a why, an action item, the title)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QPlainTextEdit, QToolButton

from pmdesk.operations import timeline as timeline_ops
from tests.gui.test_facilitator_strip import BLAME, strip, type_seen  # noqa: F401 - a fixture

SHIFT = Qt.KeyboardModifier.ShiftModifier


def in_the_dialog(qtbot, keys: Callable[[QPlainTextEdit], None], seen: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Once the Reword dialog is open with the cursor in its text: press `keys` there, as a
    person does (to the dialog's focused widget); what is in the box afterwards and whether the
    dialog is still open go into `seen`."""
    tries = iter(range(100))

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        editor = dialog.focusWidget() if dialog is not None else None
        if not isinstance(dialog, QInputDialog) or not isinstance(editor, QPlainTextEdit):
            if next(tries, None) is not None:
                QTimer.singleShot(20, look)
            return
        keys(editor)
        seen["text"] = editor.toPlainText()
        seen["open"] = "yes" if dialog.isVisible() else "no"
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(20, look)


def reword_button(strip, where: str) -> QToolButton:  # type: ignore[no-untyped-def]  # noqa: F811
    return next(
        b for b in strip.findChildren(QToolButton) if b.accessibleName() == f"Reword {where}"
    )


def test_enter_saves_and_shift_enter_starts_a_line_in_what_was_seen(qtbot, window, strip) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    type_seen(qtbot, window, BLAME)
    qtbot.waitUntil(lambda: any(f.shown.field == "seen" for f in strip.flags), timeout=2000)
    flag = next(f for f in strip.flags if f.shown.field == "seen")
    seen: dict[str, str] = {}

    def keys(editor: QPlainTextEdit) -> None:
        qtbot.keyClicks(editor, "could not tell from the dashboard")
        editor.moveCursor(editor.textCursor().MoveOperation.End)
        qtbot.keyClick(editor, Qt.Key.Key_Return, SHIFT)
        qtbot.keyClicks(editor, "The alert named no deploy.")
        qtbot.keyClick(editor, Qt.Key.Key_Return)

    in_the_dialog(qtbot, keys, seen)
    qtbot.mouseClick(reword_button(strip, flag.shown.where), Qt.MouseButton.LeftButton)
    assert seen["open"] == "no"
    assert seen["text"].endswith("\nThe alert named no deploy.")
    event = window.session.doc.pm.timeline[2]
    assert event.seen == (
        "Marcus could not tell from the dashboard the timeout was wrong.\n"
        "The alert named no deploy."
    )


def test_an_events_text_stays_one_line(qtbot, window, strip) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    doc = window.session.doc
    event = doc.pm.timeline[2]
    window.session.apply(timeline_ops.edit_event(doc, "Edit text", event.id, {"text": BLAME}))
    qtbot.waitUntil(lambda: any(f.shown.field == "text" for f in strip.flags), timeout=2000)
    flag = next(f for f in strip.flags if f.shown.field == "text")
    seen: dict[str, str] = {}

    def keys(editor: QPlainTextEdit) -> None:
        qtbot.keyClicks(editor, "could not tell")
        qtbot.keyClick(editor, Qt.Key.Key_Return, SHIFT)  # no new line in an event's text
        qtbot.keyClick(editor, Qt.Key.Key_Enter)  # the keypad's Enter saves too

    in_the_dialog(qtbot, keys, seen)
    qtbot.mouseClick(reword_button(strip, flag.shown.where), Qt.MouseButton.LeftButton)
    assert seen == {"text": "Marcus could not tell the timeout was wrong.", "open": "no"}
    assert event.text == "Marcus could not tell the timeout was wrong."
