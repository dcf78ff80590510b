"""The one mutation path for an open postmortem.

Every change to a document goes through `Document`: set top-level fields, update, insert or remove
items of a child collection. Each call records what became dirty (for autosave) and tells the
subscribers what changed (so views refresh from the change, never from a copy of their own). Each
call returns what it needs to be undone, so an undo command is two calls into this module.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pmdesk.fieldwise import Fieldwise, FrozenFieldwise
from pmdesk.model import COLLECTIONS, FIELDS, Postmortem, TimelineEvent


@dataclass(frozen=True, repr=False, eq=False)
class Change(FrozenFieldwise):
    """What one operation changed: top-level `fields`, or `ids` of items in `collection`."""

    action: str  # "fields", "update", "insert", "remove"
    collection: str | None = None
    ids: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()


@dataclass(repr=False, eq=False)
class Dirty(Fieldwise):
    """What has changed since the last save."""

    fields: set[str] = field(default_factory=set)
    items: dict[str, set[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.fields) or any(self.items.values())

    def merge(self, other: Dirty) -> None:
        self.fields |= other.fields
        for name, ids in other.items.items():
            self.items.setdefault(name, set()).update(ids)


Listener = Callable[[Change], None]


def _timeline_key(event: TimelineEvent) -> tuple[float, int]:
    return (event.at.timestamp(), event.seq)


class Document:
    """An open postmortem plus its unsaved changes and its subscribers."""

    def __init__(self, postmortem: Postmortem) -> None:
        self.pm = postmortem
        self.dirty = Dirty()
        self._listeners: list[Listener] = []
        self.pm.timeline.sort(key=_timeline_key)

    # -- subscriptions --------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # -- saving support ---------------------------------------------------------------------
    def take_dirty(self) -> Dirty:
        """Hand the pending changes to the saver; give them back with `return_dirty` on failure."""
        dirty, self.dirty = self.dirty, Dirty()
        return dirty

    def return_dirty(self, dirty: Dirty) -> None:
        self.dirty.merge(dirty)

    def mark_all_dirty(self) -> None:
        self.dirty.fields.update(FIELDS)
        for name in COLLECTIONS:
            self.dirty.items.setdefault(name, set()).update(i.id for i in self.items(name))

    # -- reading ------------------------------------------------------------------------------
    def items(self, collection: str) -> list[Any]:
        if collection not in COLLECTIONS:
            raise KeyError(f"unknown collection {collection!r}")
        items: list[Any] = getattr(self.pm, collection)
        return items

    def find(self, collection: str, item_id: str) -> Any:
        for item in self.items(collection):
            if item.id == item_id:
                return item
        raise KeyError(f"no item {item_id!r} in {collection}")

    def index_of(self, collection: str, item_id: str) -> int:
        for index, item in enumerate(self.items(collection)):
            if item.id == item_id:
                return index
        raise KeyError(f"no item {item_id!r} in {collection}")

    # -- operations ---------------------------------------------------------------------------
    def set_fields(self, **values: Any) -> dict[str, Any]:
        """Set top-level fields; returns their previous values (pass them back to undo)."""
        unknown = set(values) - set(FIELDS)
        if unknown:
            raise KeyError(f"not editable fields: {sorted(unknown)}")
        old = {name: copy.deepcopy(getattr(self.pm, name)) for name in values}
        changed = tuple(n for n, v in values.items() if old[n] != v)
        if not changed:
            return old
        for name in changed:
            setattr(self.pm, name, copy.deepcopy(values[name]))
        self.dirty.fields.update(changed)
        self._emit(Change("fields", fields=changed))
        return old

    def update_item(self, collection: str, item_id: str, **values: Any) -> dict[str, Any]:
        """Change attributes of one item; returns the previous values."""
        item = self.find(collection, item_id)
        names = {f.name for f in dataclasses.fields(item)} - {"id"}
        unknown = set(values) - names
        if unknown:
            raise KeyError(f"{collection} items have no fields {sorted(unknown)}")
        old = {name: copy.deepcopy(getattr(item, name)) for name in values}
        changed = tuple(n for n, v in values.items() if old[n] != v)
        if not changed:
            return old
        for name in changed:
            setattr(item, name, copy.deepcopy(values[name]))
        if collection == "timeline" and ("at" in changed or "seq" in changed):
            self.pm.timeline.sort(key=_timeline_key)
        self._mark(collection, [item_id])
        self._emit(Change("update", collection, (item_id,), changed))
        return old

    def insert_items(
        self, collection: str, items: Sequence[Any], positions: Sequence[int] | None = None
    ) -> None:
        """Insert items (at `positions` where given, else at the end; the timeline keeps time order)."""
        target = self.items(collection)
        if collection == "timeline":
            taken = {e.seq for e in target}
            next_seq = max(taken, default=-1) + 1
            for item in items:
                if item.seq < 0 or item.seq in taken:
                    item.seq = next_seq
                taken.add(item.seq)
                next_seq = max(next_seq, item.seq) + 1
                target.append(item)
            target.sort(key=_timeline_key)
        elif positions is None:
            target.extend(items)
        else:
            for position, item in sorted(zip(positions, items, strict=True), key=lambda p: p[0]):
                target.insert(min(position, len(target)), item)
        ids = tuple(item.id for item in items)
        self._mark(collection, ids)
        self._emit(Change("insert", collection, ids))

    def remove_items(self, collection: str, ids: Iterable[str]) -> tuple[list[Any], list[int]]:
        """Remove items; returns them with their positions, for `insert_items` to undo."""
        wanted = set(ids)
        target = self.items(collection)
        removed = [(i, item) for i, item in enumerate(target) if item.id in wanted]
        if removed:
            target[:] = [item for item in target if item.id not in wanted]
        removed_ids = tuple(item.id for _, item in removed)
        self._mark(collection, removed_ids)
        if removed_ids:
            self._emit(Change("remove", collection, removed_ids))
        return [item for _, item in removed], [i for i, _ in removed]

    def move_item(self, collection: str, item_id: str, position: int) -> int:
        """Move an item to a new position in an ordered collection; returns the old position."""
        if collection == "timeline":
            raise ValueError("the timeline is ordered by time")
        target = self.items(collection)
        old = self.index_of(collection, item_id)
        item = target.pop(old)
        target.insert(max(0, min(position, len(target))), item)
        self._mark(collection, [i.id for i in target])
        self._emit(Change("update", collection, (item_id,), ("position",)))
        return old

    def _mark(self, collection: str, ids: Iterable[str]) -> None:
        self.dirty.items.setdefault(collection, set()).update(ids)
