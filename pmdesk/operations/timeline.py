"""Getting facts into the timeline: the rules every import follows, in the GUI and the CLI alike.

- Times written without a date or a zone belong to the incident: the timeline's zone (its first
  event's) and the incident's day, never the day of the import (`where_times_belong`).
- Importing the same facts twice adds them once; returned contribution sheets fold what the
  timeline already holds and list what they tell at a clearly different time (`plan_import`).
- New events are numbered after the existing ones, in the order given, so events at the same
  minute keep the order they were read in (`import_timeline`, `add_events`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pmdesk.document import Document
from pmdesk.model import TimelineEvent
from pmdesk.operations.edit import Edit, InsertItems, Step, UpdateItem
from pmdesk.timeline.contributions import Conflict, merge
from pmdesk.timeline.defaults import ImportDefaults, import_defaults
from pmdesk.timeline.merge import split_new


def where_times_belong(doc: Document) -> ImportDefaults:
    """The day and zone for imported times that leave them out, and a chat export's window."""
    zone = doc.pm.timeline[0].at.tzinfo if doc.pm.timeline else None
    return import_defaults(doc.pm, zone)


@dataclass
class TimelineImport:
    """What an import would do: `new` events to add, and what it leaves out and why."""

    new: list[TimelineEvent] = field(default_factory=list)
    known: list[TimelineEvent] = field(default_factory=list)  # already in the timeline
    folded: list[TimelineEvent] = field(default_factory=list)  # sheets: told already, near by
    conflicts: list[Conflict] = field(default_factory=list)  # sheets: told at another time

    @property
    def already(self) -> int:
        return len(self.known) + len(self.folded)


def plan_import(
    doc: Document, found: Sequence[TimelineEvent], told: Sequence[TimelineEvent] = ()
) -> TimelineImport:
    """Split events read from files (`found`) and from returned sheets (`told`) into new and not."""
    new, known = split_new(doc.pm.timeline, found)
    sheets = merge([*doc.pm.timeline, *new], list(told))
    return TimelineImport([*new, *sheets.new], known, sheets.folded, sheets.conflicts)


def _events(count: int) -> str:
    return f"{count} event{'s' if count != 1 else ''}"


def _fresh(events: Sequence[TimelineEvent]) -> list[TimelineEvent]:
    # seq -1: the document numbers them after the existing events, in this order.
    return [dataclasses.replace(event, seq=-1) for event in events]


def import_timeline(
    doc: Document,
    events: Sequence[TimelineEvent],
    source: str,
    *,
    moves: Sequence[tuple[str, datetime]] = (),
) -> Edit:
    """Add the events read from `source` that the timeline does not hold yet, as one step.

    `moves` are conflicts the facilitator settled for a contributor's time: (event id, time) of
    events already in the timeline, changed in the same step.
    """
    new, _known = split_new(doc.pm.timeline, events)
    label = f"Import {_events(len(new))} from {source}"
    if moves and not new:
        label = f"Settle {len(moves)} time{'s' if len(moves) != 1 else ''} from {source}"
    steps: list[Step] = [InsertItems("timeline", _fresh(new))] if new else []
    steps += [UpdateItem("timeline", event_id, {"at": at}) for event_id, at in moves]
    return Edit(label, steps)


def add_events(doc: Document, events: Sequence[TimelineEvent], label: str = "") -> Edit:
    """Add events as they are (pasted, typed, duplicated), after the existing ones in order."""
    del doc  # every event is added: a pasted line is what the facilitator chose to add
    label = label or f"Add {_events(len(events))}"
    return Edit(label, [InsertItems("timeline", _fresh(events))] if events else [])


def added(edit: Edit) -> list[TimelineEvent]:
    """The events an import or paste edit adds (to select them after it is applied)."""
    return [e for step in edit.steps if isinstance(step, InsertItems) for e in step.items]
