"""Opsgenie alert logs, as JSON (the API's "data"/"logs") or as the CSV the web UI exports.

Column names are matched loosely (CreatedAt or Date, Log, Owner, Type); only Opsgenie's system
lines (alert created, acknowledged, closed) set markers, and only the first of each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import tzinfo
from pathlib import Path
from typing import Any

from pmdesk.model import Marker, TimelineEvent
from pmdesk.timeline.reading import (
    ImportFailed,
    csv_rows,
    first_markers_only,
    json_items,
    json_load,
    json_record,
    oldest_first,
    time_value,
)
from pmdesk.timeline.spreadsheet import column_key

_OPSGENIE_MARKERS = (
    (re.compile(r"^alert (?:is )?created", re.IGNORECASE), Marker.DETECTION),
    (re.compile(r"\backnowledged\b", re.IGNORECASE), Marker.ACKNOWLEDGEMENT),
    (re.compile(r"\bclosed\b", re.IGNORECASE), Marker.RESOLUTION),
)
_OPSGENIE_KEYS = {
    "time": ("createdat", "date", "time", "created", "timestamp"),
    "log": ("log", "message", "logmessage"),
    "owner": ("owner", "user", "by"),
    "type": ("type", "logtype"),
}


def key_roles(keys: Iterable[str]) -> dict[str, str]:
    """Map Opsgenie roles (time, log, owner, type) to the record's actual key names."""
    by_key = {column_key(k): k for k in keys}
    found: dict[str, str] = {}
    for role, candidates in _OPSGENIE_KEYS.items():
        for candidate in candidates:
            if candidate in by_key:
                found[role] = by_key[candidate]
                break
    return found


def _event(record: dict[str, Any], columns: dict[str, str], tz: tzinfo | None) -> TimelineEvent:
    """One Opsgenie log record; raises ValueError with a reason."""
    raw_time = record.get(columns["time"])
    if raw_time is None or (isinstance(raw_time, str) and not raw_time.strip()):
        raise ValueError(f"the {columns['time']!r} value is empty")
    at = time_value(raw_time, None, None, tz)
    log = str(record.get(columns["log"]) or "").strip()
    if not log:
        raise ValueError(f"the {columns['log']!r} value is empty")
    owner = str(record.get(columns["owner"]) or "").strip() if "owner" in columns else ""
    kind = str(record.get(columns["type"]) or "").strip().casefold() if "type" in columns else ""
    event_text = log
    if owner and owner.casefold() != "system" and owner.casefold() not in log.casefold():
        event_text = f"{log} ({owner})"
    marker = None
    if kind in ("", "system"):
        marker = next((m for pattern, m in _OPSGENIE_MARKERS if pattern.search(log)), None)
    return TimelineEvent(at=at, text=event_text, source="alert", marker=marker)


def load(path: Path, text: str, tz: tzinfo | None) -> list[TimelineEvent]:
    stripped = text.lstrip()
    events: list[TimelineEvent] = []
    if stripped.startswith(("[", "{")):
        data = json_load(path, text)
        items, locate = json_items(path, text, data, ("data", "logs"), "log record")
        for i, item in enumerate(items):
            record = json_record(path, item, i, locate, "log record")
            columns = key_roles(record)
            try:
                if "time" not in columns or "log" not in columns:
                    raise ValueError('needs "createdAt" and "log"')
                events.append(_event(record, columns, tz))
            except ValueError as error:
                line, where = locate(i)
                raise ImportFailed(path, str(error), line=line, where=where) from None
    else:
        header, rows = csv_rows(path, text)
        columns = key_roles(header)
        if "time" not in columns or "log" not in columns:
            raise ImportFailed(
                path,
                "is not an Opsgenie alert log: it needs a CreatedAt (or Date) column and a Log "
                f"column (its columns are: {', '.join(header)})",
                line=1,
            )
        for line, row in rows:
            record = dict(zip(header, (c.strip() for c in row), strict=False))
            try:
                events.append(_event(record, columns, tz))
            except ValueError as error:
                raise ImportFailed(path, str(error), line=line) from None
    first_markers_only(oldest_first(events))
    return events
