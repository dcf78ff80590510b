"""Two-way bindings between editor widgets and the open document.

A binding pushes an undo command through the session when the user edits, and refreshes the
widget from the document's change signal (so undo, redo and other screens show up at once). Text
typed in a multi-line editor is committed after a short pause (and always before a save, an undo
or a document switch), so a keystroke costs no more than the editor's own work.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QMenu, QPlainTextEdit, QWidget

from pmdesk.document import Change, Document
from pmdesk.operations.overview import edit_overview
from pmdesk.ui.menu_keys import show_menu_keys
from pmdesk.ui.session import DocumentSession

TEXT_COMMIT_MS = 250


def replace_text_keeping_cursor(editor: QPlainTextEdit, new: str) -> None:
    """Replace only the part of the text that differs, so scroll position and cursor survive."""
    old = editor.toPlainText()
    if old == new:
        return
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    cursor = QTextCursor(editor.document())
    cursor.setPosition(_utf16_index(old, start))
    cursor.setPosition(_utf16_index(old, end_old), QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(new[start:end_new])
    editor.setTextCursor(cursor)


def has_focus(widget: QWidget) -> bool:
    """The widget has the keyboard focus, or will have it again when its window is active (a
    change from elsewhere while the user is in another window must not move their cursor)."""
    return widget.hasFocus() or widget.window().focusWidget() is widget


def _utf16_index(text: str, index: int) -> int:
    """Qt counts UTF-16 code units; Python counts code points (they differ after emoji)."""
    head = text[:index]
    return index + sum(1 for ch in head if ord(ch) > 0xFFFF)


class TextCommitter(QObject):
    """Commits a multi-line editor's text to the document after a pause in typing.

    `read` gives the document's current text, or None when what the editor shows is gone (a
    removed factor): then nothing is written. Editors that live as long as the session register
    themselves to be flushed before saves and undo; short-lived ones (one per factor) are flushed
    by their panel instead (`register=False`).
    """

    def __init__(
        self,
        session: DocumentSession,
        editor: QPlainTextEdit,
        read: Callable[[Document], str | None],
        write: Callable[[str], None],
        *,
        register: bool = True,
    ) -> None:
        super().__init__(editor)
        self.session = session
        self.editor = editor
        self.read = read
        self.write = write
        self._loading = False
        self.pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TEXT_COMMIT_MS)
        self._timer.timeout.connect(self.flush)
        editor.setUndoRedoEnabled(False)  # undo goes through the document's undo stack
        # ... so Ctrl+Z typed in the editor must reach that stack: the editor claims the key
        # for itself (and, with its own undo off, would do nothing with it).
        editor.installEventFilter(self)
        self._known = editor.toPlainText()  # the text as last loaded or committed
        editor.document().contentsChange.connect(self._on_contents_change)
        if register:
            session.add_flusher(self.flush)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.editor and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Undo):
                self.session.undo()
                return True
            if event.matches(QKeySequence.StandardKey.Redo):
                self.session.redo()
                return True
        return False

    def _on_contents_change(self, _position: int, removed: int, added: int) -> None:
        if self._loading:
            return
        # The highlighter restyling the text (at open, once the language check knows the
        # document's names; on a theme change) reports every character as replaced by itself:
        # that is not typing, and must not show "Unsaved changes".
        if removed == added and self.editor.toPlainText() == self._known:
            return
        self.pending = True
        self._timer.start()
        self.session.mark_pending()

    def flush(self) -> None:
        if not self.pending:
            return
        self.pending = False
        self._timer.stop()
        doc = self.session.doc
        if doc is None:
            return
        current = self.read(doc)
        text = self._known = self.editor.toPlainText()
        if current is not None and text != current:
            self.write(text)
        else:
            self.session.settle()  # nothing new after all: do not leave "Unsaved changes" up

    def load(self, text: str, *, keep_cursor: bool | None = None) -> None:
        """Show the document's text (after open, undo or redo) without committing it back.

        The cursor is kept where it is when asked, or by default while the editor has focus.
        """
        self._timer.stop()
        self.pending = False
        self._loading = True
        try:
            if has_focus(self.editor) if keep_cursor is None else keep_cursor:
                replace_text_keeping_cursor(self.editor, text)
            elif self.editor.toPlainText() != text:
                self.editor.setPlainText(text)
        finally:
            self._loading = False
            self._known = text


class FieldBinder(QObject):
    """Binds widgets to top-level fields of the postmortem."""

    def __init__(self, session: DocumentSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._refreshers: dict[str, list[Callable[[], None]]] = {}
        self._enablers: list[Callable[[bool], None]] = []
        session.documentOpened.connect(self._on_opened)
        session.changed.connect(self._on_changed)

    # -- plumbing --------------------------------------------------------------------------
    def _add(self, field: str, refresh: Callable[[], None], widget: Any) -> None:
        self._refreshers.setdefault(field, []).append(refresh)
        self._enablers.append(widget.setEnabled)
        widget.setEnabled(self.session.doc is not None)
        if self.session.doc is not None:
            # A panel built while a postmortem is open (its tab first shown) shows it at once;
            # it was not there to hear the document open.
            refresh()

    def _on_opened(self, doc: Document | None) -> None:
        for enable in self._enablers:
            enable(doc is not None)
        if doc is not None:
            for refreshers in self._refreshers.values():
                for refresh in refreshers:
                    refresh()

    def _on_changed(self, change: Change) -> None:
        if change.action != "fields":
            return
        for field in change.fields:
            for refresh in self._refreshers.get(field, []):
                refresh()

    def _set(self, label: str, *, mergeable: bool = False, **values: Any) -> None:
        """Every bound widget edits through the overview's operation, which keeps its rules."""
        doc = self.session.doc
        if doc is not None:
            self.session.apply(edit_overview(doc, label, **values), mergeable=mergeable)

    def value(self, field: str) -> Any:
        doc = self.session.doc
        return getattr(doc.pm, field) if doc is not None else None

    # -- widgets ---------------------------------------------------------------------------
    def line(self, edit: QLineEdit, field: str, label: str) -> None:
        def commit(text: str) -> None:
            self._set(label, mergeable=True, **{field: text})

        def refresh() -> None:
            value = self.value(field) or ""
            if edit.text() != value:
                position = edit.cursorPosition()
                edit.setText(value)
                edit.setCursorPosition(min(position, len(value)))

        edit.textEdited.connect(commit)
        self._add(field, refresh, edit)

    def words(self, edit: QLineEdit, field: str, label: str) -> None:
        """A comma-separated list (services, tags)."""

        def parse(text: str) -> list[str]:
            return [w.strip() for w in text.split(",") if w.strip()]

        def commit() -> None:
            values: dict[str, Any] = {field: parse(edit.text())}
            self._set(label, **values)

        def refresh() -> None:
            value = self.value(field) or []
            if parse(edit.text()) != value or not edit.hasFocus():
                edit.setText(", ".join(value))

        edit.editingFinished.connect(commit)
        self.session.add_flusher(lambda: commit() if self.session.doc else None)
        self._add(field, refresh, edit)

    def text(self, editor: QPlainTextEdit, field: str, label: str) -> TextCommitter:
        committer = TextCommitter(
            self.session,
            editor,
            read=lambda doc: str(getattr(doc.pm, field)),
            write=lambda text: self._set(label, mergeable=True, **{field: text}),
        )

        def refresh() -> None:
            committer.load(self.value(field) or "", keep_cursor=has_focus(editor))

        self._add(field, refresh, editor)
        return committer

    def choice(self, combo: QComboBox, field: str, label: str, enum: type[Enum]) -> None:
        """A combo box over an enum; the item data is the enum member."""
        if combo.count() == 0:
            for member in enum:
                combo.addItem(getattr(member, "label", str(member.value)), member)

        def commit(index: int) -> None:
            if index >= 0 and self.session.doc is not None:
                # Qt hands a str-based enum back as a plain str: make it the member again.
                values: dict[str, Any] = {field: enum(combo.itemData(index))}
                self._set(label, **values)

        def refresh() -> None:
            value = self.value(field)
            index = combo.findData(value)
            if index != combo.currentIndex():
                combo.blockSignals(True)
                combo.setCurrentIndex(index)
                combo.blockSignals(False)

        combo.activated.connect(commit)
        self._add(field, refresh, combo)

    def nested_choice(
        self,
        combo: QComboBox,
        field: str,
        attr: str,
        label: str,
        enum: type[Enum],
        make: Callable[[Any, Any], Any],
    ) -> None:
        """A combo box over an attribute of a small value object field (e.g. severity.level)."""
        if combo.count() == 0:
            for member in enum:
                combo.addItem(getattr(member, "label", str(member.value)), member)

        def commit(index: int) -> None:
            if index >= 0 and self.session.doc is not None:
                self._set(label, **{field: make(self.value(field), enum(combo.itemData(index)))})

        def refresh() -> None:
            index = combo.findData(getattr(self.value(field), attr))
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

        combo.activated.connect(commit)
        self._add(field, refresh, combo)

    def flag(
        self,
        box: QCheckBox,
        field: str,
        attr: str,
        label: str,
        make: Callable[[Any, bool], Any],
    ) -> None:
        """A check box over a boolean attribute of a value object field (severity flags)."""

        def commit(checked: bool) -> None:
            if self.session.doc is not None:
                self._set(label, **{field: make(self.value(field), checked)})

        def refresh() -> None:
            box.blockSignals(True)
            box.setChecked(bool(getattr(self.value(field), attr)))
            box.blockSignals(False)

        box.toggled.connect(commit)
        self._add(field, refresh, box)

    def custom(self, field: str, refresh: Callable[[], None], widget: Any) -> None:
        self._add(field, refresh, widget)


def use_session_undo(menu: QMenu, session: DocumentSession) -> None:
    """Point a text editor's context-menu Undo/Redo at the document's undo stack, with their
    keys shown as in the Edit menu."""
    stack = session.undo_stack
    session.flush_edits()  # what was just typed is one undo step too
    for action in menu.actions():
        if action.objectName() == "edit-undo":
            action.setEnabled(stack.canUndo())
            action.triggered.connect(session.undo)
        elif action.objectName() == "edit-redo":
            action.setEnabled(stack.canRedo())
            action.triggered.connect(session.redo)
    show_menu_keys(menu)
