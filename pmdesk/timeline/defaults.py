"""Where imported times belong when a file leaves something out: the incident's day and zone.

The CLI and the GUI take their defaults from here, so one file imports the same way in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from pmdesk.model import Postmortem
from pmdesk.timeline.slack import incident_window


@dataclass(frozen=True)
class ImportDefaults:
    """The date and zone for times written without them, and the window for chat exports."""

    day: date | None
    tz: tzinfo | None
    window: tuple[datetime | None, datetime | None]


def import_defaults(pm: Postmortem, zone: tzinfo | None = None) -> ImportDefaults:
    """The incident's date and zone (`zone`, when given, wins); else the timeline's first day."""
    when = pm.incident_date
    if when is None and pm.timeline:
        when = min(e.at for e in pm.timeline)
    tz = zone or (when.tzinfo if when is not None else None)
    day = None
    if when is not None:
        day = (when.astimezone(tz) if tz is not None else when).date()
    window = incident_window(pm.started_at or pm.detected_at, pm.resolved_at)
    return ImportDefaults(day, tz, window)
