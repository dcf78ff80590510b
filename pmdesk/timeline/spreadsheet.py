"""Spreadsheet habits a CSV import has to understand: zones in headers and day-first dates.

People write "Time (UTC)" or "When (CET)" as a column name and 10/03/2026 as a date. Whether that
is 10 March or October 3 is decided from the file itself: a first field above 12 can only be a
day, a second field above 12 only a day in month-first order. When nothing in the file settles
it, the facilitator is asked; pmdesk never guesses a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"
DATE_ORDERS = (DAY_FIRST, MONTH_FIRST)

_HEADER_ZONE = re.compile(r"\(([^()]+)\)\s*$")
_OFFSET = re.compile(r"(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
# Abbreviations ZoneInfo does not know, as they are written in spreadsheets.
_ABBREVIATIONS = {
    "CEST": "CET",
    "BST": "Europe/London",
    "EDT": "America/New_York",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "MDT": "America/Denver",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
}
NUMERIC_DATE = re.compile(r"\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)(.*)", re.DOTALL)


def header_zone(name: str) -> tzinfo | None:
    """The zone a header names in brackets ("Time (UTC)", "When (CET)", "(UTC+2)"), if any."""
    m = _HEADER_ZONE.search(name)
    if m is None:
        return None
    text = m.group(1).strip()
    if text.casefold() in ("utc", "gmt", "z"):
        return UTC
    offset = _OFFSET.fullmatch(text)
    if offset is not None:
        hours, minutes = int(offset.group(2)), int(offset.group(3) or 0)
        if hours > 14 or minutes > 59:
            return None
        sign = -1 if offset.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    key = _ABBREVIATIONS.get(text.upper(), text)
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def without_zone(name: str) -> str:
    """The header name without its bracketed zone, for recognising what the column holds."""
    return _HEADER_ZONE.sub("", name).strip()


def date_order(values: Iterable[str]) -> str | None:
    """DAY_FIRST or MONTH_FIRST when some numeric date settles it; None when none does."""
    for value in values:
        m = NUMERIC_DATE.match(value)
        if m is None:
            continue
        first, second = int(m.group(1)), int(m.group(3))
        if first > 12 >= second:
            return DAY_FIRST
        if second > 12 >= first:
            return MONTH_FIRST
    return None


def has_numeric_dates(values: Iterable[str]) -> bool:
    return any(NUMERIC_DATE.match(v) for v in values)


def iso_date(value: str, order: str) -> str:
    """10/03/2026 09:04 as 2026-03-10 09:04 (day-first); raises ValueError for a wrong date."""
    m = NUMERIC_DATE.match(value)
    if m is None:
        return value
    first, second, year, rest = int(m.group(1)), int(m.group(3)), m.group(4), m.group(5)
    day, month = (first, second) if order == DAY_FIRST else (second, first)
    if not 1 <= month <= 12:
        raise ValueError(
            f"{value.strip()!r} has no month {month} when dates are {order} "
            f"({'31/12/2026' if order == DAY_FIRST else '12/31/2026'})"
        )
    full_year = int(year) + 2000 if len(year) == 2 else int(year)
    return f"{full_year:04d}-{month:02d}-{day:02d}{rest}"
