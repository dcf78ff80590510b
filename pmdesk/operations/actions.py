"""Action items: adding and removing them, deadlines, marking them done, dropping them (with a
reason), opening them again."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from pmdesk.actions import mark_done_changes
from pmdesk.document import Document
from pmdesk.model import ActionItem, ActionStatus
from pmdesk.operations.edit import Edit, InsertItems, Refused, RemoveItems, Step, UpdateItem
from pmdesk.operations.items import update_item

_STATUSES = "Open, In progress, Done or Dropped"


def read_status(value: object) -> ActionStatus:
    """A status from what was typed or chosen ("in progress", "Done" ...)."""
    if isinstance(value, ActionStatus):
        return value
    text = str(value).strip().lower().replace(" ", "_")
    try:
        return ActionStatus(text)
    except ValueError:
        raise Refused(f"The status is one of {_STATUSES}.") from None


def status_changes(
    item: ActionItem, status: ActionStatus, today: date, reason: str = ""
) -> dict[str, Any]:
    """The attribute changes for a new status: Done records today, Dropped needs a reason."""
    reason = " ".join(reason.split())
    if status == item.status and (status != ActionStatus.DROPPED or not reason):
        return {}
    if status == ActionStatus.DONE:
        changes = dict(mark_done_changes(item, today))
        changes.setdefault("dropped_reason", "")
        return changes
    if status == ActionStatus.DROPPED:
        if not reason:
            raise Refused(
                "Say why the item is dropped: the reason stays in the report, so readers "
                "know it was a decision and not forgotten."
            )
        return {"status": status, "dropped_reason": reason, "done_on": None}
    return {"status": status, "dropped_reason": "", "done_on": None}


def set_action_status(
    doc: Document, item_id: str, status: ActionStatus | str, today: date, reason: str = ""
) -> Edit:
    """Give an action item a new status, as one undo step (empty when it has it already)."""
    try:
        item = doc.find("actions", item_id)
    except KeyError:
        raise Refused("that action item is no longer in this postmortem") from None
    wanted = read_status(status)
    changes = {
        name: value
        for name, value in status_changes(item, wanted, today, reason).items()
        if getattr(item, name) != value
    }
    label = f"Mark “{item.description or 'action item'}” {wanted.label.lower()}"
    return Edit(label, [UpdateItem("actions", item_id, changes)] if changes else [])


def change_items(
    doc: Document,
    label: str,
    item_ids: Sequence[str],
    changes_for: Callable[[ActionItem], dict[str, Any]],
) -> tuple[Edit, list[str]]:
    """The same kind of change (mark done, reopen ...) to several items, as one undo step.

    Returns the edit and the ids no longer in the document (removed since they were listed).
    """
    steps: list[Step] = []
    missing: list[str] = []
    for item_id in item_ids:
        try:
            item = doc.find("actions", item_id)
        except KeyError:
            missing.append(item_id)
            continue
        changes = {k: v for k, v in changes_for(item).items() if getattr(item, k) != v}
        if changes:
            steps.append(UpdateItem("actions", item_id, changes))
    return Edit(label, steps), missing


def add_action(doc: Document, item: ActionItem) -> Edit:
    """Add an action item, its description and owner with the spacing tidied."""
    del doc  # any number may be added; the checklist warns past five
    description = " ".join(item.description.split())
    if not description:
        raise Refused("An action item needs a description: what will change.")
    item = dataclasses.replace(item, description=description, owner=" ".join(item.owner.split()))
    return Edit("Add action item", [InsertItems("actions", [item])])


def remove_actions(doc: Document, ids: Sequence[str]) -> Edit:
    """Remove action items, as one undo step; the undo puts them back where they were."""
    present = {item.id for item in doc.pm.actions}
    wanted = [i for i in ids if i in present]
    label = "Remove action item" if len(ids) == 1 else f"Remove {len(ids)} action items"
    return Edit(label, [RemoveItems("actions", wanted)] if wanted else [])


def set_deadline(doc: Document, ids: Sequence[str], deadline: date | None, label: str) -> Edit:
    """The same deadline (or none) for several action items, as one undo step."""
    edit, _missing = change_items(doc, label, ids, lambda _item: {"deadline": deadline})
    return edit


# What the action items table edits; a status comes with what it implies (`status_changes`).
ACTION_FIELDS = (
    "description",
    "type",
    "owner",
    "deadline",
    "factor_id",
    "status",
    "done_on",
    "dropped_reason",
)


def edit_action(doc: Document, label: str, item_id: str, changes: dict[str, Any]) -> Edit:
    """Change an action item from its table: it keeps a description and addresses a factor the
    postmortem holds (or none)."""
    other = sorted(set(changes) - set(ACTION_FIELDS))
    if other:
        raise Refused(f"an action item's {', '.join(other)} is not edited here")
    if "description" in changes and not str(changes["description"]).strip():
        raise Refused("An action item needs a description: what will change.")
    factor_id = changes.get("factor_id")
    if factor_id is not None and factor_id not in {f.id for f in doc.pm.factors}:
        raise Refused("That factor is no longer in this postmortem; pick another one.")
    return update_item(doc, label, "actions", item_id, **changes)
