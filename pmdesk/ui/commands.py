"""The undo command: each `redo`/`undo` applies or reverts one pmdesk.operations edit."""

from __future__ import annotations

import time

from PySide6.QtGui import QUndoCommand

from pmdesk.document import Document
from pmdesk.operations.edit import Edit, merge_typing, typing_target

# Typing into one field within this many seconds of the last change merges into one undo step.
MERGE_WINDOW_S = 2.0
_TEXT_MERGE_ID = 1001


class EditCommand(QUndoCommand):
    """One edit on the undo stack. Consecutive typing into one field (`mergeable`) merges."""

    def __init__(self, doc: Document, edit: Edit, *, mergeable: bool = False) -> None:
        super().__init__(edit.label)
        self.doc = doc
        self.edit = edit
        self.mergeable = mergeable and typing_target(edit) is not None
        self.stamp = time.monotonic()

    def redo(self) -> None:
        self.edit.apply(self.doc)

    def undo(self) -> None:
        self.edit.revert(self.doc)

    def id(self) -> int:
        return _TEXT_MERGE_ID if self.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # Qt override
        if not isinstance(other, EditCommand) or not other.mergeable:
            return False
        key = typing_target(self.edit)
        if key != typing_target(other.edit) or other.stamp - self.stamp > MERGE_WINDOW_S:
            return False
        merge_typing(self.edit, other.edit)
        self.stamp = other.stamp
        return True
