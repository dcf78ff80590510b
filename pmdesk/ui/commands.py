"""The undo command: each `redo`/`undo` applies or reverts one pmdesk.operations edit.

Undo undoes only the facilitator's own edit: where someone else's saved change came in since
(pmdesk.collab.undo), theirs stays and `kept` says what was left as they saved it.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtGui import QUndoCommand

from pmdesk.collab import undo as others
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
        self._targets: set[others.Target] = set()
        self._left: dict[others.Target, Any] = {}  # what the last redo or undo left there
        self._theirs: set[others.Target] = set()  # touched by others' changes since
        self.kept = ""  # what the last redo or undo left as someone else saved it

    def redo(self) -> None:
        self._run(self.edit.apply)

    def undo(self) -> None:
        self._run(self.edit.revert)

    def _run(self, run: others.Run) -> None:
        # Only others' changes count: the meeting timer's own writes (say) are this window's.
        mine = {t: v for t, v in self._left.items() if t in self._theirs}
        self._theirs = set()
        overtaken = others.moved(self.doc.pm, mine)
        if overtaken:
            clashes = others.run_over_others(self.doc, run, self._left, overtaken)
            self.kept = others.kept_line(clashes)
        else:
            self._targets |= others.run_tracked(self.doc, run)
            self.kept = ""
        self._left = others.snapshot(self.doc.pm, self._targets)

    def seal(self) -> None:
        """Others' changes came in: later typing is an undo step of its own."""
        self.mergeable = False

    def taken_in(self, targets: set[others.Target]) -> None:
        """Others' saved changes touched these since this step last ran."""
        self._theirs |= targets & self._targets

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
        self._targets |= other._targets
        self._left = others.snapshot(self.doc.pm, self._targets)
        return True
