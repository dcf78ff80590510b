"""Bringing another version of a postmortem into an open document, through its one mutation path.

Only what differs is touched, one field or item at a time, so each screen refreshes just the
part that changed (a text being typed elsewhere, and the cursor in it, stay as they are).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pmdesk.document import Dirty, Document
from pmdesk.model import COLLECTIONS, FIELDS, Postmortem


def differences(a: Postmortem, b: Postmortem) -> Dirty:
    """The fields and items (by id) that differ between two versions, as a save would name them."""
    dirty = Dirty(fields={name for name in FIELDS if getattr(a, name) != getattr(b, name)})
    for collection in COLLECTIONS:
        ours: list[Any] = getattr(a, collection)
        others: list[Any] = getattr(b, collection)
        by_id = {item.id: (position, item) for position, item in enumerate(others)}
        ids = {item.id for item in ours} ^ set(by_id)
        for position, item in enumerate(ours):
            there = by_id.get(item.id)
            if there is None:
                continue
            moved = collection != "timeline" and there[0] != position
            if moved or there[1] != item:
                ids.add(item.id)
        if ids:
            dirty.items[collection] = ids
    return dirty


def apply_into(doc: Document, target: Postmortem) -> bool:
    """Make the open document equal to `target`; True when anything changed.

    The document records these as changes (its subscribers refresh); what is left to save is
    for the caller to say afterwards.
    """
    changed = False
    fields = {n: getattr(target, n) for n in FIELDS if getattr(doc.pm, n) != getattr(target, n)}
    if fields:
        doc.set_fields(**fields)
        changed = True
    for collection in COLLECTIONS:
        changed |= _apply_collection(doc, collection, getattr(target, collection))
    return changed


def _apply_collection(doc: Document, collection: str, wanted: list[Any]) -> bool:
    changed = False
    wanted_ids = {item.id for item in wanted}
    gone = [item.id for item in doc.items(collection) if item.id not in wanted_ids]
    if gone:
        doc.remove_items(collection, gone)
        changed = True
    have = {item.id: item for item in doc.items(collection)}
    updates = []
    for item in wanted:
        old = have.get(item.id)
        if old is None or old == item:
            continue
        values = {
            f.name: getattr(item, f.name)
            for f in dataclasses.fields(item)
            if f.name != "id" and getattr(old, f.name) != getattr(item, f.name)
        }
        updates.append((item.id, values))
    if updates:  # one change for all (the timeline re-sorted once)
        doc.update_items(collection, updates)
        changed = True
    new = [(position, item) for position, item in enumerate(wanted) if item.id not in have]
    if new:
        doc.insert_items(
            collection,
            [dataclasses.replace(item) for _, item in new],
            [position for position, _ in new],
        )
        changed = True
    if collection != "timeline":
        for position, item in enumerate(wanted):
            if doc.index_of(collection, item.id) != position:
                doc.move_item(collection, item.id, position)
                changed = True
    return changed
