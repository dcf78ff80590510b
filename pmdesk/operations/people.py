"""The people in the review: one facilitator at most."""

from __future__ import annotations

from pmdesk.document import Document
from pmdesk.operations.edit import Edit, Refused, Step, UpdateItem


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
