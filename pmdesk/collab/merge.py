"""Three-way merge of two versions of one postmortem that share an ancestor.

Two facilitators (or one facilitator's laptop and the team database) start from the same stored
copy, `base`, and each makes changes: `mine` and `theirs`. Top-level fields and the fields of each
item (items matched by id) merge one by one: a change on one side only is taken, the same change on
both sides is no clash, and two different changes to the same field are a `Conflict`. Until the
facilitator settles it, the merged copy keeps what is stored (`theirs`); `mine` is kept in the
conflict, so neither text is lost.

Pure data in, data out: no Qt, no storage.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Any

from pmdesk.fieldwise import FrozenFieldwise, copied
from pmdesk.model import COLLECTIONS, FIELDS, Postmortem, TimelineEvent

# Stands for "no such item on this side" while merging.
_ABSENT: Any = object()


@dataclass(frozen=True, repr=False, eq=False)
class Conflict(FrozenFieldwise):
    """Two different changes to one field (or an item removed on one side, changed on the other).

    collection: None for a top-level field, else the item collection ("timeline", ...).
    field: the field name, or "" when the whole item was removed on one side; base, mine and
    theirs are then whole items, None on the side that removed it.
    """

    collection: str | None
    item_id: str | None
    field: str
    base: Any
    mine: Any
    theirs: Any

    @property
    def removal(self) -> bool:
        return self.collection is not None and self.field == ""


def merge3(
    base: Postmortem, mine: Postmortem, theirs: Postmortem
) -> tuple[Postmortem, list[Conflict]]:
    """Merge `mine` into `theirs` with `base` as the common ancestor; the inputs are not changed.

    The result carries everything outside the editable fields (id, created_at, ...) from theirs.
    """
    merged = copy.deepcopy(theirs)
    conflicts: list[Conflict] = []
    for name in FIELDS:
        b, m, t = getattr(base, name), getattr(mine, name), getattr(theirs, name)
        value, clash = _pick(b, m, t)
        if clash:
            conflicts.append(Conflict(None, None, name, b, m, t))
        setattr(merged, name, copy.deepcopy(value))
    for collection in COLLECTIONS:
        items, clashes = _merge_items(
            collection,
            getattr(base, collection),
            getattr(mine, collection),
            getattr(theirs, collection),
        )
        setattr(merged, collection, items)
        conflicts.extend(clashes)
    _renumber(merged.timeline, {e.id for e in theirs.timeline})
    merged.timeline.sort(key=lambda e: (e.at.timestamp(), e.seq))
    return merged, conflicts


def settle(pm: Postmortem, conflict: Conflict, value: Any) -> None:
    """Put the facilitator's choice for one conflict into `pm` (a merged copy).

    For a field, `value` is the value to keep (theirs, mine, or a combination typed by hand). For
    a removal, `value` is the item to keep, or None to let it go.
    """
    if conflict.collection is None:
        setattr(pm, conflict.field, copy.deepcopy(value))
        return
    items: list[Any] = getattr(pm, conflict.collection)
    index = next((i for i, item in enumerate(items) if item.id == conflict.item_id), None)
    if conflict.removal:
        if value is None:
            if index is not None:
                del items[index]
        elif index is None:
            items.append(copy.deepcopy(value))
        else:
            items[index] = copy.deepcopy(value)
    elif index is not None:
        setattr(items[index], conflict.field, copy.deepcopy(value))
    if conflict.collection == "timeline":
        _renumber(pm.timeline, set())
        pm.timeline.sort(key=lambda e: (e.at.timestamp(), e.seq))


def _pick(base: Any, mine: Any, theirs: Any) -> tuple[Any, bool]:
    """The merged value of one field and whether the two sides clash."""
    if mine in (theirs, base):
        return theirs, False
    if theirs == base:
        return mine, False
    return theirs, True


def _merge_items(
    collection: str, base: list[Any], mine: list[Any], theirs: list[Any]
) -> tuple[list[Any], list[Conflict]]:
    by_base = {item.id: item for item in base}
    by_mine = {item.id: item for item in mine}
    by_theirs = {item.id: item for item in theirs}
    kept: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for item_id in _order(base, mine, theirs):
        b = by_base.get(item_id, _ABSENT)
        m = by_mine.get(item_id, _ABSENT)
        t = by_theirs.get(item_id, _ABSENT)
        item, clashes = _merge_item(collection, item_id, b, m, t)
        conflicts.extend(clashes)
        if item is not _ABSENT:
            kept[item_id] = item
    return list(kept.values()), conflicts


def _merge_item(
    collection: str, item_id: str, b: Any, m: Any, t: Any
) -> tuple[Any, list[Conflict]]:
    """One item on the three sides (_ABSENT where a side does not have it)."""
    if m is _ABSENT and t is _ABSENT:
        return _ABSENT, []
    if b is not _ABSENT and (m is _ABSENT or t is _ABSENT):
        other = t if m is _ABSENT else m
        if other == b:  # removed on one side, untouched on the other
            return _ABSENT, []
        removal = Conflict(
            collection,
            item_id,
            "",
            copy.deepcopy(b),
            None if m is _ABSENT else copy.deepcopy(m),
            None if t is _ABSENT else copy.deepcopy(t),
        )
        return (_ABSENT if t is _ABSENT else copy.deepcopy(t)), [removal]
    if m is _ABSENT or t is _ABSENT:  # added on one side only
        return copy.deepcopy(t if m is _ABSENT else m), []
    if m == t:  # the same on both sides (most items of a long list): nothing can clash
        return copy.deepcopy(t), []
    merged = copy.deepcopy(t)
    conflicts: list[Conflict] = []
    for f in dataclasses.fields(t):
        if f.name == "id":
            continue
        mv, tv = getattr(m, f.name), getattr(t, f.name)
        if b is _ABSENT:  # added on both sides with the same id: any difference is a clash
            value, clash, bv = tv, mv != tv, None
        else:
            bv = getattr(b, f.name)
            value, clash = _pick(bv, mv, tv)
        if clash:
            conflicts.append(Conflict(collection, item_id, f.name, bv, mv, tv))
        setattr(merged, f.name, copied(value))
    return merged, conflicts


def _order(base: list[Any], mine: list[Any], theirs: list[Any]) -> list[str]:
    """Every id of the three sides in the order the merged list should have.

    Theirs gives the order unless only mine reordered the shared items (then mine's order is the
    change to keep). An item added on one side follows the item it followed there.
    """
    base_ids = [i.id for i in base]
    theirs_ids = [i.id for i in theirs]
    mine_ids = [i.id for i in mine]
    in_base = set(base_ids)
    theirs_shared = [i for i in theirs_ids if i in in_base]
    shared = set(theirs_shared)
    base_in_theirs = [i for i in base_ids if i in shared]
    leading = mine_ids if theirs_shared == base_in_theirs else theirs_ids
    other = theirs_ids if leading is mine_ids else mine_ids
    placed = set(leading)
    last_shared = max((n for n, i in enumerate(other) if i in placed), default=-1)
    # Each item added before the last shared one goes right after the item it follows there
    # (every item before it there is in place by then), None: at the top.
    follows: dict[str | None, str] = {}
    at_end: list[str] = []
    for index, item_id in enumerate(other):
        if item_id in placed:
            continue
        if index > last_shared:  # added at the end there: at the end here too
            at_end.append(item_id)
        else:
            follows[other[index - 1] if index else None] = item_id
        placed.add(item_id)
    order: list[str] = []
    for item_id in [None, *leading]:
        if item_id is not None:
            order.append(item_id)
        while item_id in follows:
            item_id = follows.pop(item_id)
            order.append(item_id)
    order += at_end
    order.extend(i for i in base_ids if i not in placed)
    return order


def _renumber(timeline: list[TimelineEvent], stored: set[str]) -> None:
    """Give every entry a number of its own: stored entries keep theirs, new ones move up."""
    taken: set[int] = set()
    top = max((e.seq for e in timeline), default=-1)
    later: list[TimelineEvent] = []
    for event in sorted(timeline, key=lambda e: (e.id not in stored, e.seq)):
        if event.seq in taken or event.seq < 0:
            later.append(event)
        else:
            taken.add(event.seq)
    for event in later:
        top += 1
        event.seq = top
