"""Undo and redo when others' saved changes have come in since.

An undo step knows what it touched (fields, items by id) and what it left there. When undo or
redo finds one of those no longer as it left it, someone else changed it since (their save was
taken in live): the step is then run as a three-way merge (pmdesk.collab.merge), with "as my
step left it" as the ancestor, "my step undone" as mine and the document as it is now as theirs.
What only my step touched goes back; what they changed since stays as they saved it, and the
caller says so. Plain data: no Qt, no storage.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from pmdesk.collab.apply import apply_into
from pmdesk.collab.merge import Conflict, merge3
from pmdesk.document import Change, Document
from pmdesk.model import Postmortem

# A top-level field (None, name) or an item (collection, item id).
Target = tuple[str | None, str]
Run = Callable[[Document], None]

_ITEM_NAMES = {
    "attendees": "an attendee",
    "timeline": "a timeline event",
    "findings": "a finding",
    "factors": "a contributing factor",
    "actions": "an action item",
}


def targets_of(change: Change) -> set[Target]:
    if change.collection is None:
        return {(None, name) for name in change.fields}
    return {(change.collection, item_id) for item_id in change.ids}


def value_at(pm: Postmortem, target: Target) -> Any:
    """A field's value, or an item (None when the item is not there)."""
    return _Values(pm).at(target)


class _Values:
    """Values of many targets of one postmortem: each list is looked through once, by id (a step
    over every event of a long timeline stays linear)."""

    def __init__(self, pm: Postmortem) -> None:
        self.pm = pm
        self._by_id: dict[str, dict[str, Any]] = {}

    def at(self, target: Target) -> Any:
        collection, name = target
        if collection is None:
            return getattr(self.pm, name)
        items = self._by_id.get(collection)
        if items is None:
            items = self._by_id[collection] = {}
            for item in getattr(self.pm, collection):
                items.setdefault(item.id, item)  # the first, as a look from the top finds
        return items.get(name)


def snapshot(pm: Postmortem, targets: Iterable[Target]) -> dict[Target, Any]:
    values = _Values(pm)
    return {target: copy.deepcopy(values.at(target)) for target in targets}


def moved(pm: Postmortem, expected: dict[Target, Any]) -> list[Target]:
    """The targets that no longer hold what the step left there (someone else changed them)."""
    values = _Values(pm)
    return [target for target, value in expected.items() if values.at(target) != value]


def run_tracked(doc: Document, run: Run) -> set[Target]:
    """Run a step on the document; returns what it touched."""
    touched: set[Target] = set()

    def listen(change: Change) -> None:
        touched.update(targets_of(change))

    doc.subscribe(listen)
    try:
        run(doc)
    finally:
        doc.unsubscribe(listen)
    return touched


def run_over_others(
    doc: Document, run: Run, expected: dict[Target, Any], overtaken: Iterable[Target]
) -> list[Conflict]:
    """Run a step whose targets others changed since, keeping their changes.

    `expected`: what the step last left on its targets; `overtaken`: those others changed.
    Returns the clashes, each kept as the others saved it.
    """
    as_left = copy.deepcopy(doc.pm)
    for target in overtaken:
        _put(as_left, target, expected[target])
    wanted = copy.deepcopy(as_left)
    run(Document(wanted))
    merged, clashes = merge3(as_left, wanted, copy.deepcopy(doc.pm))
    apply_into(doc, merged)
    return clashes


def _put(pm: Postmortem, target: Target, value: Any) -> None:
    collection, name = target
    if collection is None:
        setattr(pm, name, copy.deepcopy(value))
        return
    items: list[Any] = getattr(pm, collection)
    index = next((i for i, item in enumerate(items) if item.id == name), None)
    if value is None:
        if index is not None:
            del items[index]
    elif index is None:
        items.append(copy.deepcopy(value))
    else:
        items[index] = copy.deepcopy(value)


def kept_line(clashes: Iterable[Conflict]) -> str:
    """What was left as others saved it, for the status bar ("" when nothing was)."""
    names: list[str] = []
    for conflict in clashes:
        if conflict.collection is None:
            name = f"the {conflict.field.replace('_', ' ')}"
        else:
            name = _ITEM_NAMES.get(conflict.collection, conflict.collection)
        if name not in names:
            names.append(name)
    if not names:
        return ""
    return f"Left {', '.join(names)} as someone else saved it since (their change is kept)"
