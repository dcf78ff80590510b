"""Spreadsheet habits a CSV import has to understand: zones in headers and day-first dates.

People write "Time (UTC)" or "When (CET)" as a column name and 10/03/2026 as a date. Whether that
is 10 March or October 3 is decided from the file itself: a first field above 12 can only be a
day, a second field above 12 only a day in month-first order. When nothing in the file settles
it, the facilitator is asked; pmdesk never guesses a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pmdesk.model import TimelineEvent
from pmdesk.timeline.reading import ImportFailed, csv_rows, marker_cell, read_text, time_value

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


def column_key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", without_zone(name).casefold())


@dataclass
class CsvMapping:
    """Which CSV columns hold what; empty `time`/`text` mean "not chosen yet"."""

    time: str = ""
    text: str = ""
    source: str | None = None
    marker: str | None = None
    # A separate date column, for files that split the date and the time of day.
    date: str | None = None
    default_source: str = "manual"
    # DAY_FIRST or MONTH_FIRST for dates such as 10/03/2026; None: settle from data.
    date_order: str | None = None

    @property
    def complete(self) -> bool:
        return bool(self.time and self.text)


def csv_columns(path: Path | str) -> list[str]:
    """The header of a CSV file, for the GUI's column-mapping step."""
    path = Path(path)
    header, _ = csv_rows(path, read_text(path))
    return header


_GUESSES: dict[str, tuple[str, ...]] = {
    "time": (
        "timestamp", "time", "datetime", "at", "when", "createdat", "created", "occurredat",
        "eventtime", "ts", "starttime", "start", "date", "datetime", "timeofevent",
    ),
    "text": (
        "text", "event", "whathappened", "message", "description", "summary", "what", "details",
        "log", "happened", "eventdescription",
        "title", "note", "msg", "body", "content", "action",
    ),
    "source": ("source", "origin", "system", "tool", "channel", "category", "type", "kind"),
    "marker": ("marker", "milestone"),
}  # fmt: skip


def guess_mapping(header: Sequence[str]) -> CsvMapping:
    """Propose which columns hold the time, text and source; unknown ones are left empty."""
    by_key: dict[str, str] = {}
    for name in header:
        by_key.setdefault(column_key(name), name)
    taken: set[str] = set()

    def pick(role: str) -> str | None:
        for candidate in _GUESSES[role]:
            name = by_key.get(candidate)
            if name is not None and name not in taken:
                taken.add(name)
                return name
        return None

    mapping = CsvMapping()
    date_key = next((k for k in ("date", "day") if k in by_key), None)
    time_key = next((k for k in ("time", "when", "timeofday", "clock") if k in by_key), None)
    if date_key and time_key:
        mapping.date, mapping.time = by_key[date_key], by_key[time_key]
        taken.update((mapping.date, mapping.time))
    else:
        mapping.time = pick("time") or ""
    mapping.text = pick("text") or ""
    mapping.source = pick("source")
    mapping.marker = pick("marker")
    return mapping


def load_csv(
    path: Path,
    text: str,
    mapping: CsvMapping | None,
    day: date | None,
    tz: tzinfo | None,
) -> list[TimelineEvent]:
    if text.lstrip("\ufeff \t\r\n")[:1] in ("[", "{"):
        raise ImportFailed(path, "is JSON, not a table; import it as the format it is", line=1)
    header, rows = csv_rows(path, text)
    mapping = mapping or guess_mapping(header)
    if not mapping.complete:
        missing = "time" if not mapping.time else "text"
        raise ImportFailed(
            path,
            f"choose which column holds the {missing} (columns: {', '.join(header)})",
        )
    index: dict[str, int] = {}
    for role in ("time", "text", "source", "marker", "date"):
        column = getattr(mapping, role)
        if column is None:
            continue
        if column not in header:
            raise ImportFailed(
                path, f"has no column {column!r} (its columns are: {', '.join(header)})", line=1
            )
        index[role] = header.index(column)
    zone = header_zone(mapping.time) or tz
    order = _file_date_order(path, mapping, index, rows)
    events: list[TimelineEvent] = []
    previous: datetime | None = None
    for line, row in rows:
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            raise ImportFailed(
                path,
                f"has {len(row)} cells but the header has {len(header)}; a text with the "
                "separator in it needs quotes around it",
                line=line,
            )

        def cell(role: str, row: list[str] = row) -> str:
            i = index.get(role)
            return row[i].strip() if i is not None and i < len(row) else ""

        time_text = cell("time")
        if "date" in index:
            time_text = f"{cell('date')} {time_text}".strip()
        if not time_text:
            raise ImportFailed(path, f"the {mapping.time!r} cell is empty", line=line)
        try:
            if order is not None:
                time_text = iso_date(time_text, order)
            at = time_value(time_text, previous, day, zone)
        except ValueError as error:
            raise ImportFailed(path, str(error), line=line) from None
        event_text = cell("text")
        if not event_text:
            raise ImportFailed(
                path, f"the {mapping.text!r} cell is empty; every event needs a text", line=line
            )
        try:
            marker = marker_cell(cell("marker"))
        except ValueError as error:
            raise ImportFailed(path, str(error), line=line) from None
        source = cell("source") or mapping.default_source
        events.append(TimelineEvent(at=at, text=event_text, source=source, marker=marker))
        previous = at
    return events


def _date_cells(index: dict[str, int], rows: list[tuple[int, list[str]]]) -> Iterable[str]:
    column = index.get("date", index["time"])
    return (row[column] for _, row in rows if column < len(row))


def _file_date_order(
    path: Path, mapping: CsvMapping, index: dict[str, int], rows: list[tuple[int, list[str]]]
) -> str | None:
    """The order of numeric dates (10/03/2026): the mapping's, else the data's; asks when unsure."""
    if mapping.date_order is not None:
        return mapping.date_order
    order = date_order(_date_cells(index, rows))
    if order is None and has_numeric_dates(_date_cells(index, rows)):
        column = index.get("date", index["time"])
        line, first = next(
            (line, row[column])
            for line, row in rows
            if column < len(row) and NUMERIC_DATE.match(row[column])
        )
        raise ImportFailed(
            path,
            f"cannot tell whether {first.strip()!r} is day-first or month-first, and no date "
            "in the file settles it; choose the date order",
            line=line,
        )
    return order


def csv_date_order(path: Path | str, mapping: CsvMapping) -> tuple[bool, str | None]:
    """Whether the mapped columns hold dates like 10/03/2026, and the order the data shows."""
    path = Path(path)
    header, rows = csv_rows(path, read_text(path))
    column = mapping.date or mapping.time
    if column not in header:
        return False, None
    i = header.index(column)
    cells = [row[i] for _, row in rows if i < len(row)]
    return has_numeric_dates(cells), date_order(cells)
