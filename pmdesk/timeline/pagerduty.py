"""PagerDuty incident log entries: every entry keeps its content, who did it and how.

Log entries arrive newest first; they are reversed before a stable sort, so a trigger and an
assignment written in the same second keep their real order. Only PagerDuty's own lifecycle
entries (trigger, acknowledge, resolve) set markers, and only the first of each.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path
from typing import Any

from pmdesk.model import Marker, TimelineEvent
from pmdesk.timeline.reading import (
    ImportFailed,
    first_markers_only,
    json_items,
    json_record,
    oldest_first,
    text_of,
    time_value,
)
from pmdesk.timeline.times import TimeParseError

_MARKERS = {
    # A PagerDuty "trigger" is the alert firing: the incident was detected, not caused.
    "trigger": Marker.DETECTION,
    "acknowledge": Marker.ACKNOWLEDGEMENT,
    "resolve": Marker.RESOLUTION,
}
_WORDS = {
    "trigger": "Incident triggered",
    "acknowledge": "Incident acknowledged",
    "resolve": "Incident resolved",
    "annotate": "Note added to the incident",
    "notify": "Notification sent",
    "assign": "Incident assigned",
    "escalate": "Incident escalated",
}


# How an entry came about, from its channel type, in words that follow the entry's text.
_CHANNELS = {
    "api": "through the API",
    "auto": "automatically",
    "email": "by email",
    "mobile": "from the mobile app",
    "phone": "by phone",
    "push_notification": "by push notification",
    "slack": "from Slack",
    "sms": "by SMS",
    "timeout": "after a timeout",
    "web_trigger": "from the website",
    "web_ui": "on the website",
    "website": "on the website",
}


def _note(record: dict[str, Any]) -> str:
    """The note of an annotate entry: `note`, else the note channel's text (API v1 and v2)."""
    channel = record.get("channel")
    channel = channel if isinstance(channel, dict) else {}
    for value in (
        record.get("note"),
        record.get("content"),
        channel.get("content"),
        channel.get("details"),
        channel.get("summary"),
    ):
        if text_of(value):
            return text_of(value)
    return ""


def _text(record: dict[str, Any], kind: str) -> str:
    """The entry's text with who did it and how, when the summary does not already say so."""
    text = text_of(record.get("summary"))
    if not text and kind:
        text = _WORDS.get(kind, kind.replace("_", " ").capitalize())
    agent = record.get("agent")
    who = text_of(agent.get("summary")) if isinstance(agent, dict) else ""
    channel = record.get("channel")
    how = _CHANNELS.get(text_of(channel.get("type")) if isinstance(channel, dict) else "", "")
    if kind == "annotate":
        note = _note(record)
        if note:
            return f"Note by {who}: {note}" if who else f"Note: {note}"
    detail = text_of(channel.get("summary")) if isinstance(channel, dict) else ""
    if detail and detail.casefold() not in text.casefold():
        text = f"{text}: {detail}"  # a trigger's channel says what fired
    said = text.casefold()
    extra = [part for part in (who, how) if part and part.casefold() not in said]
    return f"{text} ({', '.join(extra)})" if extra else text


def load(path: Path, text: str, data: Any, tz: tzinfo | None) -> list[TimelineEvent]:
    items, locate = json_items(path, text, data, ("log_entries",), "log entry")
    events: list[TimelineEvent] = []
    for i, item in enumerate(items):
        record = json_record(path, item, i, locate, "log entry")
        if "created_at" not in record:
            line, where = locate(i)
            raise ImportFailed(path, 'has no "created_at"', line=line, where=where)
        kind = record.get("type")
        kind = (
            kind.removesuffix("_reference").removesuffix("_log_entry")
            if isinstance(kind, str)
            else ""
        )
        if not text_of(record.get("summary")) and not kind:
            line, where = locate(i)
            raise ImportFailed(path, 'has neither "summary" nor "type"', line=line, where=where)
        try:
            at = time_value(record["created_at"], None, None, tz)
        except TimeParseError as error:
            line, where = locate(i)
            raise ImportFailed(path, f'"created_at": {error}', line=line, where=where) from None
        events.append(
            TimelineEvent(
                at=at,
                text=_text(record, kind),
                source="alert",
                marker=_MARKERS.get(kind),
            )
        )
    first_markers_only(oldest_first(events))
    return events
