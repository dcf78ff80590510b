"""The people in the review: who comes, and one facilitator at most."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pmdesk.document import Document
from pmdesk.model import Attendee
from pmdesk.operations.edit import Edit, InsertItems, Refused, RemoveItems, Step, UpdateItem
from pmdesk.operations.items import update_item


def set_facilitator(doc: Document, attendee_id: str, on: bool = True) -> Edit:
    """Mark (or unmark) the facilitator; marking one unmarks the others, as one undo step."""
    try:
        person = doc.find("attendees", attendee_id)
    except KeyError:
        raise Refused("that person is no longer on the attendee list") from None
    steps: list[Step] = []
    if on:
        steps += [
            UpdateItem("attendees", other.id, {"facilitator": False})
            for other in doc.pm.attendees
            if other.facilitator and other.id != attendee_id
        ]
    if person.facilitator != on:
        steps.append(UpdateItem("attendees", attendee_id, {"facilitator": on}))
    label = f"Make {person.name} the facilitator" if on else "Unmark facilitator"
    return Edit(label, steps)


def add_attendee(doc: Document, name: str, role: str = "") -> Edit:
    """Invite someone: the name (and role) with the spacing tidied; a name is needed."""
    del doc  # two people may share a name; the facilitator knows who comes
    name = " ".join(name.split())
    if not name:
        raise Refused("An attendee needs a name.")
    attendee = Attendee(name=name, role=" ".join(role.split()))
    return Edit(f"Add attendee {name}", [InsertItems("attendees", [attendee])])


def remove_attendees(doc: Document, ids: Sequence[str]) -> Edit:
    """Remove people from the list, with their interviews, as one undo step."""
    present = {a.id for a in doc.pm.attendees}
    wanted = [i for i in ids if i in present]
    label = "Remove attendee" if len(ids) == 1 else f"Remove {len(ids)} attendees"
    if not wanted:
        return Edit(label)
    interviews = [i.id for i in doc.pm.interviews if i.attendee_id in wanted]
    steps: list[Step] = [RemoveItems("interviews", interviews)] if interviews else []
    return Edit(label, [*steps, RemoveItems("attendees", wanted)])


def edit_attendee(doc: Document, label: str, attendee_id: str, changes: dict[str, Any]) -> Edit:
    """Change someone's name, role or involvement (the facilitator has `set_facilitator`)."""
    other = sorted(set(changes) - {"name", "role", "involvement"})
    if other:
        raise Refused(f"an attendee's {', '.join(other)} is not edited here")
    if "name" in changes and not str(changes["name"]).strip():
        raise Refused("An attendee needs a name.")
    return update_item(doc, label, "attendees", attendee_id, **changes)
