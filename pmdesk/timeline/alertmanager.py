"""Prometheus Alertmanager and Grafana alert notifications saved as JSON.

Both send the same shape to a webhook (`{"status", "alerts": [...]}`) and Alertmanager's API
lists alerts as a plain list (`GET /api/v2/alerts`). Each alert has `labels` (its `alertname`,
severity, service ...), `annotations` (a `summary` or `description` written by whoever wrote the
rule), `startsAt` and, once it stopped firing, `endsAt`. An alert becomes "Alert firing: ..." at
its start and, when it has ended, "Alert resolved: ..." at its end. The first alert to fire marks
detection; an alert resolving is not the incident's resolution, so it marks nothing.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pmdesk.model import Marker, TimelineEvent
from pmdesk.timeline.reading import ImportFailed, json_items, json_record, time_value
from pmdesk.timeline.times import TimeParseError

# Alertmanager writes this year for "has not ended".
_NOT_ENDED_BEFORE = 1970


def looks_like(data: Any) -> bool:
    alerts = data.get("alerts") if isinstance(data, dict) else data
    if not isinstance(alerts, list) or not alerts or not isinstance(alerts[0], dict):
        return False
    return "startsAt" in alerts[0] and "labels" in alerts[0]


def _words(record: dict[str, Any]) -> str:
    found_labels, found_notes = record.get("labels"), record.get("annotations")
    labels: dict[str, Any] = found_labels if isinstance(found_labels, dict) else {}
    notes: dict[str, Any] = found_notes if isinstance(found_notes, dict) else {}
    name = str(labels.get("alertname") or "").strip() or "unnamed alert"
    said = next(
        (str(notes[k]).strip() for k in ("summary", "description", "message") if notes.get(k)),
        "",
    )
    where = next(
        (str(labels[k]) for k in ("service", "job", "instance") if labels.get(k)),
        "",
    )
    text = name + (f" on {where}" if where and where not in said else "")
    return f"{text}: {said}" if said else text


def load(path: Path, text: str, data: Any, tz: Any) -> list[TimelineEvent]:
    items, locate = json_items(path, text, data, ("alerts",), "alert")
    events: list[TimelineEvent] = []
    for i, item in enumerate(items):
        record = json_record(path, item, i, locate, "alert")

        def fail(reason: str, i: int = i) -> ImportFailed:
            line, where = locate(i)
            return ImportFailed(path, reason, line=line, where=where)

        if not record.get("startsAt"):
            raise fail('has no "startsAt" (when the alert started firing)')
        words = _words(record)
        # Only a webhook's resolved alert has really ended; an active one's endsAt is a guess.
        resolved = record.get("status") == "resolved" and bool(record.get("endsAt"))
        try:
            started = time_value(record["startsAt"], None, None, tz)
            ended: datetime | None = None
            if resolved:
                ended = time_value(record["endsAt"], None, None, tz)
        except TimeParseError as error:
            raise fail(str(error)) from None
        events.append(TimelineEvent(at=started, text=f"Alert firing: {words}", source="alert"))
        if ended is not None and ended.year > _NOT_ENDED_BEFORE:
            events.append(TimelineEvent(at=ended, text=f"Alert resolved: {words}", source="alert"))
    if events:
        first = min(events, key=lambda e: e.at)
        first.marker = Marker.DETECTION
    return events
