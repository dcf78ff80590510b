"""Reading one value of the format: ISO 8601 times (with their zone) and dates, and a value
shown as the user wrote it, short enough for a one-line message."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

_EXAMPLE_DATETIME = "2026-04-15T14:32:00+00:00"


_DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
    r"(?P<tz>[Zz]|(?P<sign>[+-])(?P<oh>\d{2}):(?P<om>\d{2})(?::\d{2}(?:\.\d{1,6})?)?)?$"
)


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Problem(Exception):
    """A value-level problem; the caller adds the file and the pointer."""


def show(value: Any) -> str:
    """A value as the user wrote it, short enough for a one-line message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return "'" + text.replace("\n", "\\n") + "'"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def parse_datetime(value: str) -> datetime:
    match = _DATETIME_RE.match(value)
    if match is None:
        raise Problem(
            f"{show(value)} is not an ISO 8601 date-time (write it like {_EXAMPLE_DATETIME})"
        )
    if match["tz"] is None:
        raise Problem(f"{show(value)} has no timezone offset; add one, such as Z for UTC or +02:00")
    if match["sign"] and (int(match["oh"]) > 23 or int(match["om"]) > 59):
        raise Problem(f"{show(value)} has a timezone offset that does not exist")
    try:
        parsed = datetime.fromisoformat(value.upper())
        parsed.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise Problem(f"{show(value)} is not a real date and time ({exc})") from None
    return parsed


def parse_date(value: str) -> date:
    if _DATE_RE.match(value) is None:
        raise Problem(f"{show(value)} is not an ISO 8601 date (write it like 2026-04-25)")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise Problem(f"{show(value)} is not a real date ({exc})") from None


def datetime_problem(value: str) -> str | None:
    try:
        parse_datetime(value)
    except Problem as exc:
        return str(exc)
    return None


def date_problem(value: str) -> str | None:
    try:
        parse_date(value)
    except Problem as exc:
        return str(exc)
    return None
