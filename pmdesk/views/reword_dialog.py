"""Rewording a flagged text before the room reads it: the text in an editor with the flagged
words (or the reframe put in their place) selected, so typing replaces those words and not
the whole summary, as a dialog that selects all of its text on showing would.

A reword is a sentence or a few: Enter presses OK, as in any other dialog with one field.
Where the text can hold several lines (a summary, a factor, what the room said about an event),
Shift+Enter starts a new one; a title, an event's text, a why or an action item stays one line.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QPlainTextEdit, QWidget

# The reworded text's editor shows this many lines (a summary scrolls); on a short screen
# fewer, so that the dialog and the share window's page both fit whole (a 720 px laptop at 150%).
REWORD_LINES = 4
SHORT_REWORD_LINES = 2
# A screen this short (available height, in Qt's pixels) gets the short dialog.
SHORT_SCREEN = 600
# Room kept between the dialog and the screen's edges, in pixels.
SCREEN_MARGIN = 24
SHORT_SCREEN_MARGIN = 4  # on a short screen every line of the dialog is taken from the room's page


def utf16_offset(text: str, index: int) -> int:
    """A Python offset into `text` as Qt counts it (UTF-16 units: an emoji counts two)."""
    return len(text[:index].encode("utf-16-le")) // 2


class _EnterPressesOk(QObject):
    """Enter in the editor presses OK; Shift+Enter is a new line where the text holds lines."""

    def __init__(self, dialog: QDialog, editor: QPlainTextEdit, lines: bool) -> None:
        super().__init__(dialog)
        self.dialog, self.editor, self.lines = dialog, editor, lines
        editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() != QEvent.Type.KeyPress or watched is not self.editor:
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            if self.lines:
                self.editor.insertPlainText("\n")
        elif not event.isAutoRepeat():
            self.dialog.accept()
        return True


def ask_reword(
    parent: QWidget,
    title: str,
    label: str,
    text: str,
    selected: tuple[int, int],
    *,
    lines: bool = False,
) -> tuple[str, bool]:
    """The reworded text and whether OK was pressed; `selected` is the span (Python offsets)
    of the words to put right, selected once the dialog shows. `lines`: the text can hold
    several lines (Shift+Enter starts one); otherwise what comes back is one line."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    dialog.setTextValue(text)
    editor = dialog.findChild(QPlainTextEdit)
    if editor is not None:
        # Wrapped, and a few lines high: a short dialog fits under the share window (its
        # words are off the shared screen, pmdesk.views.share.keep_clear) and takes less of
        # the room's page where there is not room enough under it.
        editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Tab goes on to OK, as in every other field: a tab character in a factor or summary is
        # never what was meant (walked: Tab, then Enter, saved "check<TAB> it.").
        editor.setTabChangesFocus(True)
        rows = SHORT_REWORD_LINES if _short_screen(parent) else REWORD_LINES
        shown = editor.fontMetrics().lineSpacing() * rows
        editor.setFixedHeight(
            shown + 2 * (editor.frameWidth() + int(editor.document().documentMargin()))
        )
        _EnterPressesOk(dialog, editor, lines)
        # Said on hover, not in a line of its own: at 150% every line of the dialog is taken
        # from the shared page (pmdesk.views.share.keep_clear).
        keys = "Enter saves it; Shift+Enter starts a new line" if lines else "Enter saves it"
        editor.setToolTip(keys)
        editor.setAccessibleDescription(keys)
    _fit_the_screen(dialog, parent)
    start, end = (utf16_offset(text, max(0, min(i, len(text)))) for i in selected)

    def select() -> None:  # after showing, which selects the whole text
        editor = dialog.findChild(QPlainTextEdit)
        if editor is None:
            return
        cursor = editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        editor.setTextCursor(cursor)
        editor.setFocus()

    QTimer.singleShot(0, dialog, select)
    accepted = dialog.exec() == QInputDialog.DialogCode.Accepted
    value = dialog.textValue()
    return (value if lines else " ".join(value.splitlines())), accepted


def _fit_the_screen(dialog: QInputDialog, parent: QWidget) -> None:
    """The explanation wraps, and the dialog is never wider than the screen it opens on: an
    explanation and its reframe on one line made it wider than a 1280-pixel screen."""
    label = dialog.findChild(QLabel)
    if label is not None:
        label.setWordWrap(True)
    screen = parent.screen()
    if screen is not None:
        margin = SHORT_SCREEN_MARGIN if _short_screen(parent) else SCREEN_MARGIN
        width = screen.availableGeometry().width() - 2 * margin
        dialog.setMaximumWidth(width)
        layout = dialog.layout()
        if _short_screen(parent) and label is not None and layout is not None:
            # As wide as the screen allows: the explanation wraps into fewer lines. (The
            # dialog's layout sets its least size from what is in it, so the label says so.)
            margins = layout.contentsMargins()
            label.setMinimumWidth(width - margins.left() - margins.right())


def _short_screen(parent: QWidget) -> bool:
    screen = parent.screen()
    return screen is not None and screen.availableGeometry().height() < SHORT_SCREEN
