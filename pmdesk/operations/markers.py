"""Markers name single moments: the trigger, the detection, ... of one incident.

The durations above the timeline are measured between them, and every import sets only the first
of each, so marking seven pasted lines "Trigger" at once is a slip of the key, never a fact: it is
refused with the reason. Marking one event with a marker another carries moves the marker there,
as one undo step (the durations follow the event the facilitator chose, not the earliest one).
"""

from __future__ import annotations

from collections.abc import Sequence

from pmdesk.document import Document
from pmdesk.model import Marker, TimelineEvent
from pmdesk.operations.edit import Edit, Refused, Step, UpdateItem


def mark_moment(doc: Document, ids: Sequence[str], marker: Marker | None) -> Edit:
    """Put `marker` on the one event in `ids` (or clear the marker of every one of them).

    Raises Refused when a marker is put on several events: it names one moment."""
    present = {e.id: e for e in doc.pm.timeline}
    chosen = [i for i in ids if i in present]
    if marker is None:
        steps: list[Step] = [
            UpdateItem("timeline", i, {"marker": None}) for i in chosen if present[i].marker
        ]
        return Edit("Mark as no marker", steps)
    if len(chosen) > 1:
        raise Refused(
            f"{marker.label} marks one moment of the incident and {len(chosen)} events are "
            "selected; select the one event it marks"
        )
    label = f"Mark as {marker.label.lower()}"
    if not chosen or present[chosen[0]].marker == marker:
        return Edit(label)
    steps = [UpdateItem("timeline", e.id, {"marker": None}) for e in marked(doc, marker)]
    steps.append(UpdateItem("timeline", chosen[0], {"marker": marker}))
    return Edit(label, steps)


def marked(doc: Document, marker: Marker) -> list[TimelineEvent]:
    """The events that carry `marker` now (one, unless a file brought several)."""
    return [e for e in doc.pm.timeline if e.marker == marker]
