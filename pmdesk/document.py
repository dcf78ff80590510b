"""The one mutation path for an open postmortem.

Every change to a document goes through `Document`: set top-level fields, update, insert or remove
items of a child collection. Each call records what became dirty (for autosave) and tells the
subscribers what changed (so views refresh from the change, never from a copy of their own). Each
call returns what it needs to be undone, so an undo command is two calls into this module.

A timeline holds thousands of events once a long log is imported, so nothing here costs more than
one pass over a list per call: items are found through a map of positions kept in step (and
checked at each look), several updates are one call (`update_items`: one re-sort, one
notification), and the timeline, always in time order (then entry order, `seq`), is put back in
order by one stable sort per call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pmdesk.fieldwise import Fieldwise, FrozenFieldwise, copied
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


_EDITABLE: dict[type, frozenset[str]] = {}  # by class: the fields an update may change


def _editable(item: Any) -> frozenset[str]:
    kind = type(item)
    names = _EDITABLE.get(kind)
    if names is None:
        names = _EDITABLE[kind] = frozenset(f.name for f in dataclasses.fields(kind)) - {"id"}
    return names


class Document:
    """An open postmortem plus its unsaved changes and its subscribers."""

    def __init__(self, postmortem: Postmortem) -> None:
        self.pm = postmortem
        self.dirty = Dirty()
        self._listeners: list[Listener] = []
        # Where each item is, by collection: (the list mapped, {item id: position}).
        self._positions: dict[str, tuple[list[Any], dict[str, int]]] = {}
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
        return self.items(collection)[self.index_of(collection, item_id)]

    def index_of(self, collection: str, item_id: str) -> int:
        """The item's position, from a map of positions kept in step with the list (checked on
        every look: a list changed behind the document's back is mapped again, never trusted)."""
        target = self.items(collection)
        where = self._where(collection, target)
        position = where.get(item_id)
        if position is None or position >= len(target) or target[position].id != item_id:
            where = self._map_positions(collection, target)
            position = where.get(item_id)
            if position is None:
                raise KeyError(f"no item {item_id!r} in {collection}")
        return position

    def _where(self, collection: str, target: list[Any]) -> dict[str, int]:
        known = self._positions.get(collection)
        if known is None or known[0] is not target or len(known[1]) != len(target):
            return self._map_positions(collection, target)
        return known[1]

    def _map_positions(self, collection: str, target: list[Any]) -> dict[str, int]:
        where = {item.id: position for position, item in enumerate(target)}
        self._positions[collection] = (target, where)
        return where

    def _moved(self, collection: str) -> None:
        """Positions changed: mapped again at the next look (once per change, not per item)."""
        self._positions.pop(collection, None)

    # -- operations ---------------------------------------------------------------------------
    def set_fields(self, **values: Any) -> dict[str, Any]:
        """Set top-level fields; returns their previous values (pass them back to undo)."""
        unknown = set(values) - set(FIELDS)
        if unknown:
            raise KeyError(f"not editable fields: {sorted(unknown)}")
        old = {name: copied(getattr(self.pm, name)) for name in values}
        changed = tuple(n for n, v in values.items() if old[n] != v)
        if not changed:
            return old
        for name in changed:
            setattr(self.pm, name, copied(values[name]))
        self.dirty.fields.update(changed)
        self._emit(Change("fields", fields=changed))
        return old

    def update_item(self, collection: str, item_id: str, **values: Any) -> dict[str, Any]:
        """Change attributes of one item; returns the previous values."""
        return self.update_items(collection, [(item_id, values)])[0]

    def update_items(
        self, collection: str, updates: Sequence[tuple[str, dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        """Change attributes of several items, in order, as one change (one re-sort of the
        timeline, one notification); returns each update's previous values, for undo (pass them
        back in reverse order). Every update is checked before anything changes."""
        checked = [(self.find(collection, item_id), values) for item_id, values in updates]
        for item, values in checked:
            unknown = set(values) - _editable(item)
            if unknown:
                raise KeyError(f"{collection} items have no fields {sorted(unknown)}")
        olds: list[dict[str, Any]] = []
        changed_ids: dict[str, None] = {}
        changed_fields: dict[str, None] = {}
        moved = False  # an event's time or entry order changed
        for item, values in checked:
            old = {name: copied(getattr(item, name)) for name in values}
            olds.append(old)
            changed = [n for n, v in values.items() if old[n] != v]
            if not changed:
                continue
            for name in changed:
                setattr(item, name, copied(values[name]))
            if collection == "timeline" and ("at" in changed or "seq" in changed):
                moved = True
            changed_ids[item.id] = None
            changed_fields.update(dict.fromkeys(changed))
        if not changed_ids:
            return olds
        if moved:
            self._keep_time_order()
        self._mark(collection, changed_ids)
        self._emit(Change("update", collection, tuple(changed_ids), tuple(changed_fields)))
        return olds

    def _keep_time_order(self) -> None:
        """Put events whose time changed back in order: one stable sort of a list that is in
        order but for them (about 3 ms for 10,000 events; equal keys keep the order they had)."""
        self.pm.timeline.sort(key=_timeline_key)
        self._moved("timeline")

    def insert_items(
        self, collection: str, items: Sequence[Any], positions: Sequence[int] | None = None
    ) -> None:
        """Insert items (at `positions` where given, else at the end; the timeline keeps time order)."""
        target = self.items(collection)
        if collection == "timeline":
            self._insert_events(items)
        elif positions is None:
            target.extend(items)
        else:
            for position, item in sorted(zip(positions, items, strict=True), key=lambda p: p[0]):
                target.insert(min(position, len(target)), item)
        self._moved(collection)
        ids = tuple(item.id for item in items)
        self._mark(collection, ids)
        self._emit(Change("insert", collection, ids))

    def _insert_events(self, events: Sequence[TimelineEvent]) -> None:
        """New events numbered after the existing ones, appended and put in time order by one
        stable sort (their keys are unique, so the order is the one sorting all would give)."""
        target = self.pm.timeline
        taken = {e.seq for e in target}
        next_seq = max(taken, default=-1) + 1
        for event in events:
            if event.seq < 0 or event.seq in taken:
                event.seq = next_seq
            taken.add(event.seq)
            next_seq = max(next_seq, event.seq) + 1
        target.extend(events)
        target.sort(key=_timeline_key)

    def remove_items(self, collection: str, ids: Iterable[str]) -> tuple[list[Any], list[int]]:
        """Remove items; returns them with their positions, for `insert_items` to undo."""
        wanted = set(ids)
        target = self.items(collection)
        removed = [(i, item) for i, item in enumerate(target) if item.id in wanted]
        if removed:
            target[:] = [item for item in target if item.id not in wanted]
            self._moved(collection)
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
