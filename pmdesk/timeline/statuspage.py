"""A Statuspage incident's updates: what customers were told, and when.

Statuspage's API returns an incident (`GET /v1/pages/{page}/incidents/{id}`, or the public
`/api/v2/incidents.json`) with `incident_updates`, newest first, each with a `status`
(investigating, identified, monitoring, resolved ...), a `body` and `created_at`/`display_at`.
Each update becomes "Status page: Investigating - body". The updates are facts about
communication, so they set no marker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pmdesk.model import TimelineEvent
from pmdesk.timeline.reading import ImportFailed, time_value
from pmdesk.timeline.times import TimeParseError


def _incidents(data: Any) -> list[Any] | None:
    if isinstance(data, dict) and isinstance(data.get("incident"), dict):
        return [data["incident"]]
    if isinstance(data, dict) and isinstance(data.get("incidents"), list):
        return list(data["incidents"])
    if isinstance(data, dict) and "incident_updates" in data:
        return [data]
    return None


def looks_like(data: Any) -> bool:
    incidents = _incidents(data)
    return bool(incidents) and all(
        isinstance(i, dict) and "incident_updates" in i for i in incidents or ()
    )


def load(path: Path, data: Any, tz: Any) -> list[TimelineEvent]:
    incidents = _incidents(data) or []
    several = len(incidents) > 1
    events: list[TimelineEvent] = []
    for n, incident in enumerate(incidents, start=1):
        updates = incident.get("incident_updates") if isinstance(incident, dict) else None
        if not isinstance(updates, list):
            raise ImportFailed(path, '"incident_updates" should be a list', where=f"incident {n}")
        name = str(incident.get("name") or "").strip()
        for u, update in enumerate(reversed(updates), start=1):
            where = f"incident {n}, update {len(updates) - u + 1}"
            if not isinstance(update, dict):
                raise ImportFailed(path, "is not an update object", where=where)
            when = update.get("display_at") or update.get("created_at")
            if not when:
                raise ImportFailed(path, 'has no "created_at"', where=where)
            try:
                at = time_value(when, None, None, tz)
            except TimeParseError as error:
                raise ImportFailed(path, str(error), where=where) from None
            status = str(update.get("status") or "update").replace("_", " ").capitalize()
            body = " ".join(str(update.get("body") or "").split())
            text = f"Status page: {status}" + (f" - {body}" if body else "")
            if several and name:
                text += f" ({name})"
            events.append(TimelineEvent(at=at, text=text, source="statuspage"))
    return events
