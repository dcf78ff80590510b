"""Undo commands: each `redo`/`undo` is one call into pmdesk.document (the one mutation path)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from pmdesk.document import Document

# Typing into one field within this many seconds of the last change merges into one undo step.
MERGE_WINDOW_S = 2.0
_TEXT_MERGE_ID = 1001


class SetFieldsCommand(QUndoCommand):
    """Set top-level fields of the postmortem. Consecutive typing in one field merges."""

    def __init__(
        self, doc: Document, text: str, values: dict[str, Any], *, mergeable: bool = False
    ) -> None:
        super().__init__(text)
        self.doc = doc
        self.new = values
        self.old: dict[str, Any] = {}
        self.mergeable = mergeable
        self.stamp = time.monotonic()

    def redo(self) -> None:
        old = self.doc.set_fields(**self.new)
        if not self.old:
            self.old = old

    def undo(self) -> None:
        self.doc.set_fields(**self.old)

    def id(self) -> int:
        return _TEXT_MERGE_ID if self.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # Qt override
        if not isinstance(other, SetFieldsCommand) or not other.mergeable:
            return False
        if set(other.new) != set(self.new) or other.stamp - self.stamp > MERGE_WINDOW_S:
            return False
        self.new = other.new
        self.stamp = other.stamp
        return True


class UpdateItemCommand(QUndoCommand):
    """Change attributes of one item of a collection. Consecutive typing in one attribute merges."""

    def __init__(
        self,
        doc: Document,
        text: str,
        collection: str,
        item_id: str,
        values: dict[str, Any],
        *,
        mergeable: bool = False,
    ) -> None:
        super().__init__(text)
        self.doc = doc
        self.collection = collection
        self.item_id = item_id
        self.new = values
        self.old: dict[str, Any] = {}
        self.mergeable = mergeable
        self.stamp = time.monotonic()

    def redo(self) -> None:
        old = self.doc.update_item(self.collection, self.item_id, **self.new)
        if not self.old:
            self.old = old

    def undo(self) -> None:
        self.doc.update_item(self.collection, self.item_id, **self.old)

    def id(self) -> int:
        return _TEXT_MERGE_ID + 1 if self.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # Qt override
        if not isinstance(other, UpdateItemCommand) or not other.mergeable:
            return False
        if (other.collection, other.item_id, set(other.new)) != (
            self.collection,
            self.item_id,
            set(self.new),
        ) or other.stamp - self.stamp > MERGE_WINDOW_S:
            return False
        self.new = other.new
        self.stamp = other.stamp
        return True


class InsertItemsCommand(QUndoCommand):
    def __init__(
        self,
        doc: Document,
        text: str,
        collection: str,
        items: Sequence[Any],
        positions: Sequence[int] | None = None,
    ) -> None:
        super().__init__(text)
        self.doc = doc
        self.collection = collection
        self.items = list(items)
        self.positions = list(positions) if positions is not None else None

    def redo(self) -> None:
        self.doc.insert_items(self.collection, self.items, self.positions)

    def undo(self) -> None:
        self.doc.remove_items(self.collection, [item.id for item in self.items])


class RemoveItemsCommand(QUndoCommand):
    def __init__(self, doc: Document, text: str, collection: str, ids: Sequence[str]) -> None:
        super().__init__(text)
        self.doc = doc
        self.collection = collection
        self.ids = list(ids)
        self.removed: list[Any] = []
        self.positions: list[int] = []

    def redo(self) -> None:
        self.removed, self.positions = self.doc.remove_items(self.collection, self.ids)

    def undo(self) -> None:
        self.doc.insert_items(self.collection, self.removed, self.positions)


class MoveItemCommand(QUndoCommand):
    def __init__(
        self, doc: Document, text: str, collection: str, item_id: str, position: int
    ) -> None:
        super().__init__(text)
        self.doc = doc
        self.collection = collection
        self.item_id = item_id
        self.position = position
        self.old_position = position

    def redo(self) -> None:
        self.old_position = self.doc.move_item(self.collection, self.item_id, self.position)

    def undo(self) -> None:
        self.doc.move_item(self.collection, self.item_id, self.old_position)
