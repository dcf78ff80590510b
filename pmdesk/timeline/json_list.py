"""pmdesk's own JSON timeline: a list of {"time", "text"} items (or one under "events"/"timeline").

Each item may also carry "source", "marker", "seen", "believed", "done_next" and "added_by"; anything
missing or of the wrong kind is refused with the item's line.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from pmdesk.model import TimelineEvent
from pmdesk.timeline.reading import ImportFailed, json_items, json_record, marker_cell, time_value


def load(
    path: Path, text: str, data: Any, day: date | None, tz: tzinfo | None
) -> list[TimelineEvent]:
    items, locate = json_items(path, text, data, ("events", "timeline"), "item")
    events: list[TimelineEvent] = []
    previous: datetime | None = None
    for i, item in enumerate(items):
        record = json_record(path, item, i, locate, "item")

        def fail(reason: str, i: int = i) -> ImportFailed:
            line, where = locate(i)
            return ImportFailed(path, reason, line=line, where=where)

        keys = ", ".join(record) or "none"
        when = record.get("time", record.get("at"))
        if when is None and ("time" in record or "at" in record):
            raise fail('its "time" is null; write when it happened')
        if when is None:
            raise fail(f'has no "time" (its keys: {keys}); each item needs "time" and "text"')
        event_text = record.get("text")
        if event_text is None and "text" in record:
            raise fail('its "text" is null; write what happened, or remove the item')
        if event_text is None:
            raise fail(f'has no "text" (its keys: {keys}); each item needs "time" and "text"')
        if not isinstance(event_text, str):
            raise fail(f'its "text" is {_json_kind(event_text)}, not text; write what happened')
        if not event_text.strip():
            raise fail('its "text" is empty; write what happened, or remove the item')
        try:
            at = time_value(when, previous, day, tz)
            marker = marker_cell(record.get("marker"))
        except ValueError as error:
            raise fail(str(error)) from None
        source = record.get("source") or "manual"
        notes = ("seen", "believed", "done_next", "added_by")
        seen, believed, done_next, added_by = (record.get(k) or "" for k in notes)
        if not all(isinstance(v, str) for v in (source, seen, believed, done_next, added_by)):
            raise fail('"source", "seen", "believed", "done_next" and "added_by" must be text')
        events.append(
            TimelineEvent(
                at=at,
                text=event_text.strip(),
                source=str(source),
                marker=marker,
                seen=str(seen),
                believed=str(believed),
                done_next=str(done_next),
                added_by=str(added_by).strip(),
            )
        )
        previous = at
    return events


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__
