"""Who else has a postmortem open, and the line the window shows about it."""

from __future__ import annotations

import getpass
import os
from datetime import datetime
from typing import NamedTuple

# A window says it is there this often; one silent for STALE_AFTER_SECONDS has gone (a crash).
HEARTBEAT_SECONDS = 5
STALE_AFTER_SECONDS = 20


class Present(NamedTuple):
    client: str  # one per open window
    name: str
    since: datetime


def default_name() -> str:
    """The name others see: the operating-system user (a preference may set another)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "") or "someone"


def presence_line(others: list[Present], local_zone: bool = True) -> str:
    """ "Also open: Ana (since 10:02), Sam (since 10:15)", or "" when nobody else is there."""
    if not others:
        return ""
    shown = []
    for person in others:
        since = person.since.astimezone() if local_zone else person.since
        shown.append(f"{person.name or 'someone'} (since {since:%H:%M})")
    return "Also open: " + ", ".join(shown)
