"""Importing the same facts twice adds them once: the rule both the CLI and the GUI apply.

An imported event is already in the timeline when one there has the same time (to the second)
and the same text (ignoring case and spacing). Facilitators re-import an export after someone
added to it; only what is new should arrive.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from pmdesk.model import TimelineEvent


def _key(event: TimelineEvent) -> tuple[datetime, str]:
    at = event.at.astimezone(UTC).replace(microsecond=0)
    return at, " ".join(event.text.split()).casefold()


def split_new(
    existing: Iterable[TimelineEvent], incoming: Iterable[TimelineEvent]
) -> tuple[list[TimelineEvent], list[TimelineEvent]]:
    """The incoming events not yet in the timeline, and those that already are."""
    seen = {_key(e) for e in existing}
    new: list[TimelineEvent] = []
    known: list[TimelineEvent] = []
    for event in incoming:
        (known if _key(event) in seen else new).append(event)
    return new, known
