"""Loosely typed times, read exactly or refused with a message saying what to type instead.

Facilitators type times the way they think of them ("14:32", "2:32 pm", "+5m"); the table, the
report and every import read and show times through here, so one time reads the same everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import NamedTuple

from pmdesk.model import TimelineEvent

_HINT = "try 14:32, 2:32 pm, 2026-04-15 14:32 or +5m"
# Direction marks that chat clients and RTL text put around times; they are invisible to people.
_INVISIBLE = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
STRIP_INVISIBLE = str.maketrans("", "", _INVISIBLE)


class TimeParseError(ValueError):
    """A typed time could not be read; the message says what to type instead."""


_ABSOLUTE = re.compile(
    r"""
    (?:(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})(?:\s*T\s*|\s+))?
    (?P<hour>\d{1,2})
    (?::(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?)?
    \s*(?:(?P<ampm>[ap])\.?\s?m\.?)?
    \s*(?P<zone>z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"""
    (?P<sign>[+-])\s*
    (?:
        (?P<clock_h>\d{1,3}):(?P<clock_m>\d{2})
      | (?:(?P<h>\d{1,4})\s*h(?:ours?|rs?)?\s*)?
        (?:(?P<m>\d{1,5})\s*m(?:in(?:ute)?s?)?\s*)?
        (?:(?P<s>\d{1,6})\s*s(?:ec(?:ond)?s?)?)?
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
_DATE_ONLY = re.compile(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}")
_NUMBER_ONLY = re.compile(r"[+-]\s*\d+")


def _shown(text: str) -> str:
    text = text.strip()
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _zone_from_text(zone: str, raw: str) -> tzinfo:
    if zone.lower() in ("z", "utc", "gmt"):
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 14 or minutes > 59:
        raise TimeParseError(f"{_shown(raw)} has an impossible UTC offset {zone}; {_HINT}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _relative(clean: str, raw: str, previous: datetime | None) -> datetime:
    m = _RELATIVE.fullmatch(clean)
    if m is None or not any(m.group(g) for g in ("clock_h", "h", "m", "s")):
        if _NUMBER_ONLY.fullmatch(clean):
            raise TimeParseError(f"{_shown(raw)} needs a unit: +5m, +90s, +1h or +1h30m")
        raise TimeParseError(f"{_shown(raw)} is not a time; {_HINT}")
    if previous is None:
        raise TimeParseError(
            f"{_shown(raw)} counts from the previous event and there is none yet; "
            "type a clock time such as 14:32"
        )
    if m.group("clock_h") is not None:
        delta = timedelta(hours=int(m.group("clock_h")), minutes=int(m.group("clock_m")))
    else:
        delta = timedelta(
            hours=int(m.group("h") or 0),
            minutes=int(m.group("m") or 0),
            seconds=int(m.group("s") or 0),
        )
    if m.group("sign") == "-":
        delta = -delta
    # Count elapsed time (in UTC), so "+5m" stays five real minutes across a clock change.
    zone = previous.tzinfo
    return (previous.astimezone(UTC) + delta).astimezone(zone)


def parse_time_dated(
    text: str, previous: datetime | None, day: date | None, tz: tzinfo | None
) -> tuple[datetime, bool]:
    """Parse one time; the flag says whether the text fixed its own day (a date or +/-)."""
    clean = text.translate(STRIP_INVISIBLE).strip()
    if not clean:
        raise TimeParseError(f"The time is empty; {_HINT}")
    if previous is not None and previous.tzinfo is None:
        previous = previous.astimezone()  # a naive value is taken as local time
    if clean[0] in "+-":
        return _relative(clean, text, previous), True
    m = _ABSOLUTE.fullmatch(clean)
    if m is None:
        if _DATE_ONLY.fullmatch(clean):
            raise TimeParseError(
                f"{_shown(text)} has a date but no time of day; add one: {clean} 14:32"
            )
        raise TimeParseError(f"{_shown(text)} is not a time; {_HINT}")
    hour = int(m.group("hour"))
    minute_text, ampm = m.group("minute"), m.group("ampm")
    if minute_text is None and ampm is None:
        raise TimeParseError(f"{_shown(text)} needs minutes too, for example {hour}:00")
    minute = int(minute_text or 0)
    second = int(m.group("second") or 0)
    fraction = m.group("fraction")
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    if ampm is not None:
        if not 1 <= hour <= 12:
            raise TimeParseError(
                f"{_shown(text)} is not a time: with am/pm the hour goes from 1 to 12; {_HINT}"
            )
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
    elif hour > 23:
        raise TimeParseError(f"{_shown(text)} is not a time: there is no hour {hour}; {_HINT}")
    if minute > 59:
        raise TimeParseError(f"{_shown(text)} is not a time: minutes go up to 59; {_HINT}")
    if second > 59:
        raise TimeParseError(f"{_shown(text)} is not a time: seconds go up to 59; {_HINT}")
    clock = time(hour, minute, second, micro)

    own_date: date | None = None
    if m.group("year") is not None:
        try:
            own_date = date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        except ValueError:
            raise TimeParseError(
                f"{_shown(text)} has a date that does not exist; write it as year-month-day, "
                "for example 2026-04-15 14:32"
            ) from None
    zone = _zone_from_text(m.group("zone"), text) if m.group("zone") else None
    if zone is None and previous is not None:
        zone = previous.tzinfo
    if zone is None:
        zone = tz
    if own_date is not None:
        on = own_date
    elif previous is not None:
        on = previous.astimezone(zone).date() if zone is not None else previous.date()
    elif day is not None:
        on = day
    else:
        on = datetime.now(zone).date()
    if zone is None:
        # The local zone, with the offset that applies on that date (summer or winter time).
        return datetime.combine(on, clock).astimezone(), own_date is not None
    return datetime.combine(on, clock, tzinfo=zone), own_date is not None


def parse_time(
    text: str,
    *,
    previous: datetime | None = None,
    day: date | None = None,
    tz: tzinfo | None = None,
) -> datetime:
    """Read a loosely typed time and return an aware datetime.

    Accepts "14:32", "14:32:10", "2:32 pm", "2026-04-15 14:32:10", ISO 8601 with "Z" or an offset,
    and "+5m" / "-2m" / "+1h30m" / "+0:03" counted from `previous`. A time without a date takes the
    date of `previous`, else `day`, else today; without a zone it takes the zone of `previous`,
    else `tz`, else the computer's local zone.
    """
    return parse_time_dated(text, previous, day, tz)[0]


def format_time(
    at: datetime, *, with_date: bool, with_seconds: bool, tz: tzinfo | None = None
) -> str:
    """Show a time the way the table does; the result reads back with `parse_time`."""
    if tz is not None:
        at = at.astimezone(tz)
    clock = (
        f"{at.hour:02d}:{at.minute:02d}:{at.second:02d}"
        if with_seconds
        else f"{at.hour:02d}:{at.minute:02d}"
    )
    return f"{at.year:04d}-{at.month:02d}-{at.day:02d} {clock}" if with_date else clock


class TimeDisplay(NamedTuple):
    with_date: bool
    with_seconds: bool


def time_display(events: Iterable[TimelineEvent], tz: tzinfo | None = None) -> TimeDisplay:
    """Show dates only when the events span several days, seconds only when some have them."""
    days: set[date] = set()
    seconds = False
    for event in events:
        at = event.at.astimezone(tz) if tz is not None else event.at
        days.add(at.date())
        seconds = seconds or at.second != 0 or at.microsecond != 0
    return TimeDisplay(with_date=len(days) > 1, with_seconds=seconds)
