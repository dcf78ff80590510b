"""One undoable change: steps through `Document`, applied in order and reverted in reverse.

A step remembers what it replaced each time it is applied, so an edit can be applied, reverted
and applied again any number of times (redo after undo).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pmdesk.document import Document
from pmdesk.fieldwise import Fieldwise


class Refused(ValueError):
    """An edit the domain does not allow; the message says why, in the facilitator's words."""


class Step(Protocol):
    def apply(self, doc: Document) -> None: ...

    def revert(self, doc: Document) -> None: ...


@dataclass(repr=False, eq=False)
class SetFields(Fieldwise):
    values: dict[str, Any]
    old: dict[str, Any] = field(default_factory=dict)

    def apply(self, doc: Document) -> None:
        self.old = doc.set_fields(**self.values)

    def revert(self, doc: Document) -> None:
        doc.set_fields(**self.old)


@dataclass(repr=False, eq=False)
class UpdateItem(Fieldwise):
    collection: str
    item_id: str
    values: dict[str, Any]
    old: dict[str, Any] = field(default_factory=dict)

    def apply(self, doc: Document) -> None:
        self.old = doc.update_item(self.collection, self.item_id, **self.values)

    def revert(self, doc: Document) -> None:
        doc.update_item(self.collection, self.item_id, **self.old)


@dataclass(repr=False, eq=False)
class InsertItems(Fieldwise):
    collection: str
    items: list[Any]
    positions: list[int] | None = None

    def apply(self, doc: Document) -> None:
        doc.insert_items(self.collection, self.items, self.positions)

    def revert(self, doc: Document) -> None:
        doc.remove_items(self.collection, [item.id for item in self.items])


@dataclass(repr=False, eq=False)
class RemoveItems(Fieldwise):
    collection: str
    ids: list[str]
    removed: list[Any] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)

    def apply(self, doc: Document) -> None:
        self.removed, self.positions = doc.remove_items(self.collection, self.ids)

    def revert(self, doc: Document) -> None:
        doc.insert_items(self.collection, self.removed, self.positions)


@dataclass(repr=False, eq=False)
class MoveItem(Fieldwise):
    collection: str
    item_id: str
    position: int
    old_position: int = -1

    def apply(self, doc: Document) -> None:
        self.old_position = doc.move_item(self.collection, self.item_id, self.position)

    def revert(self, doc: Document) -> None:
        doc.move_item(self.collection, self.item_id, self.old_position)


@dataclass(repr=False, eq=False)
class Edit(Fieldwise):
    """What the undo menu names (`label`) and the steps that make the change."""

    label: str
    steps: Sequence[Step] = ()

    def __bool__(self) -> bool:
        return bool(self.steps)

    def apply(self, doc: Document) -> None:
        for run in _runs(self.steps):
            if isinstance(run, list):
                olds = doc.update_items(run[0].collection, [(s.item_id, s.values) for s in run])
                for step, old in zip(run, olds, strict=True):
                    step.old = old
            else:
                run.apply(doc)

    def revert(self, doc: Document) -> None:
        for run in _runs(list(reversed(self.steps))):
            if isinstance(run, list):
                doc.update_items(run[0].collection, [(s.item_id, s.old) for s in run])
            else:
                run.revert(doc)


def _runs(steps: Sequence[Step]) -> list[Step | list[UpdateItem]]:
    """Steps with each run of updates to one list together: one change to the document for the
    run (a shift of every event's time re-sorts the timeline once, not once per event)."""
    runs: list[Step | list[UpdateItem]] = []
    for step in steps:
        last = runs[-1] if runs else None
        joins = isinstance(last, list) and last[0].collection == getattr(step, "collection", None)
        if isinstance(step, UpdateItem) and isinstance(last, list) and joins:
            last.append(step)
            continue
        runs.append([step] if isinstance(step, UpdateItem) else step)
    return [run[0] if isinstance(run, list) and len(run) == 1 else run for run in runs]


def typing_target(edit: Edit) -> tuple[str, str, frozenset[str]] | None:
    """What a typing edit changes (its one step's list, item and fields), or None for any other
    edit: consecutive typing into the same target merges into one undo step."""
    if len(edit.steps) != 1:
        return None
    step = edit.steps[0]
    if isinstance(step, SetFields):
        return ("", "", frozenset(step.values))
    if isinstance(step, UpdateItem):
        return (step.collection, step.item_id, frozenset(step.values))
    return None


def merge_typing(first: Edit, later: Edit) -> None:
    """Fold `later` typing into `first` (same target): its undo still restores what was there
    before the first."""
    mine, theirs = first.steps[0], later.steps[0]
    assert isinstance(mine, SetFields | UpdateItem) and isinstance(theirs, SetFields | UpdateItem)
    mine.values = theirs.values
