"""Working on one postmortem together: saves that never overwrite an unseen edit, and taking in
what others saved.

A window keeps what it last had from the database (`Shared`: that copy and its version
numbers). A save sends those numbers; when someone else saved a field or item it writes, the save
writes nothing, the window merges the stored version into its own (pmdesk.collab.merge, with its
copy as the common ancestor) and tries again. Two different changes to one field become a
conflict: the window keeps showing what its user wrote, the database keeps what the other person
saved, and neither is overwritten until the facilitator settles it.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import TYPE_CHECKING, Any

from pmdesk.collab.apply import apply_into, differences
from pmdesk.collab.merge import Conflict, merge3, settle
from pmdesk.collab.versions import StaleSave, Versions
from pmdesk.document import Dirty, Document

if TYPE_CHECKING:
    from pmdesk.model import Postmortem
    from pmdesk.operations.library import Store

# A save that keeps meeting newer versions merges and tries again this often, then gives up for
# now (the caller tries again later; nothing is lost meanwhile).
SAVE_ATTEMPTS = 5

ConflictKey = tuple[str | None, str | None, str]


def key_of(conflict: Conflict) -> ConflictKey:
    return (conflict.collection, conflict.item_id, conflict.field)


class Shared:
    """What this window last had from the database: the stored copy and its version numbers.

    versions is None until known (a postmortem read on the quick start-up path): the first save
    or check then reads them and merges, exactly as after someone else's save.
    """

    def __init__(self, base: Postmortem, versions: Versions | None) -> None:
        self.base = copy.deepcopy(base)
        self.versions = versions
        self.conflicts: dict[ConflictKey, Conflict] = {}

    def held(self, dirty: Dirty) -> Dirty:
        """Take out of `dirty` what is in conflict (not saved until settled); returns it."""
        held = Dirty()
        for collection, item_id, field in self.conflicts:
            if collection is None:
                if field in dirty.fields:
                    dirty.fields.discard(field)
                    held.fields.add(field)
            elif item_id in dirty.items.get(collection, set()):
                dirty.items[collection].discard(item_id)
                held.items.setdefault(collection, set()).add(item_id)
        return held

    def advance(self, pm: Postmortem, written: Dirty) -> None:
        """After a save: the stored copy now holds what was written."""
        for name in written.fields:
            setattr(self.base, name, copy.deepcopy(getattr(pm, name)))
        for collection, ids in written.items.items():
            mine = {item.id: item for item in getattr(pm, collection)}
            stored: list[Any] = getattr(self.base, collection)
            kept = [item for item in stored if item.id not in ids]
            kept += [copy.deepcopy(mine[i]) for i in ids if i in mine]
            order = {item.id: n for n, item in enumerate(getattr(pm, collection))}
            kept.sort(key=lambda item: order.get(item.id, len(order)))
            setattr(self.base, collection, kept)


def take_in(store: Store, doc: Document, shared: Shared) -> list[Conflict]:
    """Bring what others saved into the open document; returns the conflicts now open.

    What this window's user changed and has not saved stays (and stays to be saved); where both
    changed the same field, the document keeps the user's text and the conflict holds both.
    """
    assert doc.pm.id is not None
    theirs, versions = store.load_versioned(doc.pm.id)
    merged, found = merge3(shared.base, doc.pm, theirs)
    conflicts = {k: c for k, c in shared.conflicts.items() if _still_open(c, doc.pm, theirs)}
    for conflict in found:
        conflicts[key_of(conflict)] = conflict
    for key, conflict in conflicts.items():
        current = _value(doc.pm, conflict)  # the user's own text stays on screen, as typed
        conflicts[key] = dataclasses.replace(conflict, mine=copy.deepcopy(current))
        settle(merged, conflict, current)
    pending = doc.take_dirty()
    apply_into(doc, merged)
    doc.take_dirty()
    shared.base, shared.versions, shared.conflicts = theirs, versions, conflicts
    unsaved = differences(doc.pm, theirs)
    shared.held(unsaved)
    doc.return_dirty(unsaved)
    del pending  # everything unsaved is in `unsaved`: it is measured against what is stored
    return list(conflicts.values())


def to_keep(doc: Document, shared: Shared) -> tuple[Postmortem, Postmortem] | None:
    """What finds the open conflicts again later (after closing, after a restart): the common
    ancestor (the stored copy as it was before the other person's change) and the window's
    copy. None when no conflict is open."""
    if not shared.conflicts:
        return None
    ancestor = copy.deepcopy(shared.base)
    for conflict in shared.conflicts.values():
        settle(ancestor, conflict, conflict.base)
    return ancestor, copy.deepcopy(doc.pm)


def restore(
    store: Store, doc: Document, shared: Shared, kept: tuple[Postmortem, Postmortem]
) -> list[Conflict]:
    """Bring back conflicts kept by `to_keep`: the window's copy as it was, merged again with
    what is stored now (a conflict settled elsewhere meanwhile is gone)."""
    ancestor, mine = kept
    apply_into(doc, mine)
    doc.take_dirty()
    shared.base = copy.deepcopy(ancestor)
    shared.conflicts = {}
    return take_in(store, doc, shared)


def open_conflicts(doc: Document, shared: Shared) -> list[Conflict]:
    """The open conflicts, each with what the document holds now as "mine" (the user may have
    typed on in that field since the conflict came up)."""
    for key, conflict in list(shared.conflicts.items()):
        current = _value(doc.pm, conflict)
        if current != conflict.mine:
            shared.conflicts[key] = dataclasses.replace(conflict, mine=copy.deepcopy(current))
    return list(shared.conflicts.values())


def _still_open(conflict: Conflict, mine: Postmortem, theirs: Postmortem) -> bool:
    """A conflict is over when both sides now hold the same thing."""
    return bool(_value(mine, conflict) != _value(theirs, conflict))


def _value(pm: Postmortem, conflict: Conflict) -> Any:
    if conflict.collection is None:
        return getattr(pm, conflict.field)
    item = next((i for i in getattr(pm, conflict.collection) if i.id == conflict.item_id), None)
    if conflict.removal or item is None:
        return item
    return getattr(item, conflict.field)


def save(store: Store, doc: Document, shared: Shared) -> bool:
    """Write the document's changes without overwriting anyone's; True when all were written.

    False means someone kept saving in between (nothing is lost; try again later). Other
    failures raise, with the changes kept in the document.
    """
    for _ in range(SAVE_ATTEMPTS):
        if shared.versions is None:
            take_in(store, doc, shared)
        dirty = doc.take_dirty()
        shared.held(dirty)
        if not dirty:
            return True
        try:
            store.save(doc.pm, dirty, shared.versions)
        except StaleSave:
            doc.return_dirty(dirty)
            take_in(store, doc, shared)
            continue
        except BaseException:
            doc.return_dirty(dirty)
            raise
        shared.advance(doc.pm, dirty)
        return True
    return False


def choose(doc: Document, shared: Shared, conflict: Conflict, value: Any) -> None:
    """Settle one conflict with the facilitator's choice (theirs, mine, or a combination).

    The choice goes into the document and is saved like any edit, over the version now stored.
    """
    shared.conflicts.pop(key_of(conflict), None)
    if conflict.collection is None:
        doc.set_fields(**{conflict.field: value})
        doc.dirty.fields.add(conflict.field)
        return
    present = any(i.id == conflict.item_id for i in doc.items(conflict.collection))
    assert conflict.item_id is not None
    if conflict.removal:
        if value is None and present:
            doc.remove_items(conflict.collection, [conflict.item_id])
        elif value is not None and not present:
            doc.insert_items(conflict.collection, [copy.deepcopy(value)])
        elif value is not None:
            fields = {k: v for k, v in vars(value).items() if k != "id"}
            doc.update_item(conflict.collection, conflict.item_id, **fields)
    elif present:
        doc.update_item(conflict.collection, conflict.item_id, **{conflict.field: value})
    doc.dirty.items.setdefault(conflict.collection, set()).add(conflict.item_id)
