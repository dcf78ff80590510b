"""The plain edits every screen makes: set fields, add, remove, move and change items.

Each checks its input against the document before anything changes, so a bad edit is refused
with a reason and the document stays as it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from pmdesk.document import Document
from pmdesk.model import COLLECTIONS, FIELDS
from pmdesk.operations.edit import (
    Edit,
    InsertItems,
    MoveItem,
    Refused,
    RemoveItems,
    SetFields,
    Step,
    UpdateItem,
)


def set_fields(doc: Document, label: str, **values: Any) -> Edit:
    """Set the postmortem's own fields (title, summary ...); empty when nothing would change."""
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise Refused(f"a postmortem has no field {', '.join(unknown)}")
    changed = {name: v for name, v in values.items() if getattr(doc.pm, name) != v}
    return Edit(label, [SetFields(changed)] if changed else [])


def _item(doc: Document, collection: str, item_id: str) -> Any:
    if collection not in COLLECTIONS:
        raise Refused(f"a postmortem has no list called {collection}")
    try:
        return doc.find(collection, item_id)
    except KeyError:
        raise Refused(f"that item is no longer in the {collection}") from None


def update_item(doc: Document, label: str, collection: str, item_id: str, **values: Any) -> Edit:
    """Change attributes of one item; empty when nothing would change."""
    item = _item(doc, collection, item_id)
    names = {f.name for f in dataclasses.fields(item)} - {"id"}
    unknown = sorted(set(values) - names)
    if unknown:
        raise Refused(f"{collection} items have no field {', '.join(unknown)}")
    changed = {name: v for name, v in values.items() if getattr(item, name) != v}
    return Edit(label, [UpdateItem(collection, item_id, changed)] if changed else [])


def update_items(
    doc: Document, label: str, collection: str, ids: Sequence[str], **values: Any
) -> Edit:
    """The same change to several items, as one undo step."""
    steps: list[Step] = []
    for item_id in ids:
        steps += update_item(doc, label, collection, item_id, **values).steps
    return Edit(label, steps)


def add_items(
    doc: Document,
    label: str,
    collection: str,
    items: Sequence[Any],
    positions: Sequence[int] | None = None,
) -> Edit:
    """Add items (at `positions` where given, else at the end; the timeline keeps time order)."""
    if collection not in COLLECTIONS:
        raise Refused(f"a postmortem has no list called {collection}")
    taken = {item.id for item in doc.items(collection)}
    if any(item.id in taken for item in items):
        raise Refused(f"an item with that id is already in the {collection}")
    if not items:
        return Edit(label)
    return Edit(
        label,
        [InsertItems(collection, list(items), list(positions) if positions is not None else None)],
    )


def remove_items(doc: Document, label: str, collection: str, ids: Sequence[str]) -> Edit:
    """Remove items; the undo puts them back where they were."""
    if collection not in COLLECTIONS:
        raise Refused(f"a postmortem has no list called {collection}")
    present = {item.id for item in doc.items(collection)}
    wanted = [i for i in ids if i in present]
    return Edit(label, [RemoveItems(collection, wanted)] if wanted else [])


def move_item(doc: Document, label: str, collection: str, item_id: str, position: int) -> Edit:
    """Move an item within an ordered list (the timeline is ordered by time and refuses)."""
    if collection == "timeline":
        raise Refused("the timeline is ordered by time: change an event's time to move it")
    _item(doc, collection, item_id)
    if doc.index_of(collection, item_id) == position:
        return Edit(label)
    return Edit(label, [MoveItem(collection, item_id, position)])
