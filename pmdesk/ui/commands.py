"""The undo command: each `redo`/`undo` applies or reverts one pmdesk.operations edit."""

from __future__ import annotations

import time

from PySide6.QtGui import QUndoCommand

from pmdesk.document import Document
from pmdesk.operations.edit import Edit, SetFields, UpdateItem

# Typing into one field within this many seconds of the last change merges into one undo step.
MERGE_WINDOW_S = 2.0
_TEXT_MERGE_ID = 1001


def _typing_key(edit: Edit) -> tuple[str, str, frozenset[str]] | None:
    """What a typing edit changes (its one step's target), or None for any other edit."""
    if len(edit.steps) != 1:
        return None
    step = edit.steps[0]
    if isinstance(step, SetFields):
        return ("", "", frozenset(step.values))
    if isinstance(step, UpdateItem):
        return (step.collection, step.item_id, frozenset(step.values))
    return None


class EditCommand(QUndoCommand):
    """One edit on the undo stack. Consecutive typing into one field (`mergeable`) merges."""

    def __init__(self, doc: Document, edit: Edit, *, mergeable: bool = False) -> None:
        super().__init__(edit.label)
        self.doc = doc
        self.edit = edit
        self.mergeable = mergeable and _typing_key(edit) is not None
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
        key = _typing_key(self.edit)
        if key != _typing_key(other.edit) or other.stamp - self.stamp > MERGE_WINDOW_S:
            return False
        mine, theirs = self.edit.steps[0], other.edit.steps[0]
        assert isinstance(mine, SetFields | UpdateItem)
        assert isinstance(theirs, SetFields | UpdateItem)
        mine.values = theirs.values  # undo still restores what was there before the first
        self.stamp = other.stamp
        return True
