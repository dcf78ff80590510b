"""Getting facts into the timeline: the rules every import follows, in the GUI and the CLI alike.

- Times written without a date or a zone belong to the incident: the timeline's zone (its first
  event's) and the incident's day, never the day of the import (`where_times_belong`).
- Importing the same facts twice adds them once; returned contribution sheets fold what the
  timeline already holds and list what they tell at a clearly different time (`plan_import`).
- New events are numbered after the existing ones, in the order given, so events at the same
  minute keep the order they were read in (`import_timeline`, `add_events`).
- Deleting events unlinks them from the factors that cite them (`remove_events`).
- Shifting events' times moves each by the same amount of elapsed time, all in one step, and
  never off the calendar or later than now (`shift_events`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pmdesk.document import Document
from pmdesk.durations import format_duration
from pmdesk.model import Marker, TimelineEvent, new_id
from pmdesk.operations.edit import Edit, InsertItems, Refused, RemoveItems, Step, UpdateItem
from pmdesk.operations.items import update_item
from pmdesk.timeline.contributions import Conflict, merge
from pmdesk.timeline.defaults import ImportDefaults, import_defaults
from pmdesk.timeline.merge import split_new
from pmdesk.timeline.times import format_time


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


ONE_MINUTE = timedelta(minutes=1)
# What the discussion card beside the timeline asks of each event.
DISCUSSION_FIELDS = ("seen", "believed", "done_next")


def add_blank_event(doc: Document, after: TimelineEvent | None, now: datetime) -> Edit:
    """A new empty event to type into: a minute after `after` (or after the last event); the
    first fact of an empty timeline starts where the incident did, else at `now`."""
    if after is not None:
        at = after.at + ONE_MINUTE
    elif doc.pm.timeline:
        at = doc.pm.timeline[-1].at + ONE_MINUTE
    elif doc.pm.incident_date is not None:
        at = doc.pm.incident_date
    else:
        at = now.replace(second=0, microsecond=0)
    return add_events(doc, [TimelineEvent(at=at, text="", source="manual")], "Add event")


def duplicate_events(doc: Document, ids: Sequence[str]) -> Edit:
    """Copies of events (new ids, same facts), added after the existing ones."""
    present = {e.id: e for e in doc.pm.timeline}
    copies = [dataclasses.replace(present[i], id=new_id()) for i in ids if i in present]
    label = "Duplicate event" if len(copies) == 1 else f"Duplicate {len(copies)} events"
    return add_events(doc, copies, label)


def remove_events(doc: Document, ids: Sequence[str]) -> Edit:
    """Delete events and unlink them from the factors that cite them, as one undo step."""
    gone = {e.id for e in doc.pm.timeline} & set(ids)
    label = "Delete event" if len(ids) == 1 else f"Delete {len(ids)} events"
    if not gone:
        return Edit(label)
    steps: list[Step] = [
        UpdateItem("factors", f.id, {"event_ids": [i for i in f.event_ids if i not in gone]})
        for f in doc.pm.factors
        if gone & set(f.event_ids)
    ]
    steps.append(RemoveItems("timeline", [i for i in ids if i in gone]))
    return Edit(label, steps)


def moved(at: datetime, by: timedelta) -> datetime:
    """`at` moved by `by` of elapsed time (counted in UTC, as "+5m" is), in its own zone: a shift
    across a clock change keeps every gap between events. OverflowError past year 1 or 9999."""
    if at.tzinfo is None:
        return at + by
    return (at.astimezone(UTC) + by).astimezone(at.tzinfo)


def _when(at: datetime) -> str:
    return format_time(at, with_date=True, with_seconds=False)


def _said(event: TimelineEvent) -> str:
    what = " ".join(event.text.split())
    what = f"{what[:40]}…" if len(what) > 41 else what
    return f"{_when(event.at)} “{what}”" if what else _when(event.at)


def shift_refusal(
    events: Sequence[TimelineEvent], by: timedelta, now: datetime | None = None
) -> str | None:
    """Why moving `events` by `by` cannot be right, or None. Only the earliest (moving earlier)
    or the latest (moving later) can fall off the calendar; facts that happened cannot move later
    than `now` (a shift the wrong way). A shift earlier is never refused for the future: it may
    be putting a wrong year right."""
    if not events or not by:
        return None
    later = by > timedelta(0)
    edge = max(events, key=lambda e: e.at) if later else min(events, key=lambda e: e.at)
    try:
        at = moved(edge.at, by)
    except OverflowError:
        return f"{_said(edge)} would move {'past the year 9999' if later else 'before the year 1'}"
    if now is not None and later and at > now:
        return (
            f"{_said(edge)} would move to {_when(at)}, later than now; a timeline holds what "
            "already happened"
        )
    return None


def shift_events(
    doc: Document, ids: Sequence[str], by: timedelta, *, now: datetime | None = None
) -> Edit:
    """Move events' times by the same amount (a clock that was off, a log in another zone), as
    one undo step; their order among themselves stays, others may now fall between them.
    Refused (with the reason) where a new time is impossible: see `shift_refusal`."""
    present = {e.id: e for e in doc.pm.timeline}
    moving = [present[i] for i in dict.fromkeys(ids) if i in present]
    label = f"Shift {_events(len(moving))} by {'-' if by < timedelta(0) else '+'}"
    label += format_duration(abs(by))
    if not by or not moving:
        return Edit(label)
    problem = shift_refusal(moving, by, now)
    if problem is not None:
        raise Refused(problem)
    return Edit(label, [UpdateItem("timeline", e.id, {"at": moved(e.at, by)}) for e in moving])


def mark_events(doc: Document, ids: Sequence[str], marker: Marker | None) -> Edit:
    """Mark events (detected, resolved ...) or clear their marker, as one undo step."""
    name = marker.label if marker is not None else "no marker"
    present = {e.id: e for e in doc.pm.timeline}
    steps: list[Step] = [
        UpdateItem("timeline", i, {"marker": marker})
        for i in ids
        if i in present and present[i].marker != marker
    ]
    return Edit(f"Mark as {name.lower()}", steps)


def write_discussion(doc: Document, event_id: str, field: str, text: str, label: str) -> Edit:
    """What the person involved saw, believed or did next at this event."""
    if field not in DISCUSSION_FIELDS:
        raise Refused(f"an event's discussion has no {field}")
    try:
        event = doc.find("timeline", event_id)
    except KeyError:
        return Edit(label)  # deleted while the card was open: nothing to write to
    if getattr(event, field) == text:
        return Edit(label)
    return Edit(label, [UpdateItem("timeline", event_id, {field: text})])


# What a facilitator edits in an event; its id and entry order are the document's to keep.
EVENT_FIELDS = ("at", "text", "source", "marker", "added_by", *DISCUSSION_FIELDS)


def edit_event(doc: Document, label: str, event_id: str, changes: dict[str, Any]) -> Edit:
    """Change an event's time, words, source or marker (a new time re-sorts it)."""
    other = sorted(set(changes) - set(EVENT_FIELDS))
    if other:
        raise Refused(f"an event's {', '.join(other)} is not edited by hand")
    return update_item(doc, label, "timeline", event_id, **changes)
