"""Getting timeline facts in quickly: loosely typed times, pasted lines and exported files.

Facilitators build the timeline from whatever already holds the facts (deploy logs, alert tools,
chat), so this module is lenient about shape and strict about meaning: a time is either read
exactly or refused with a message saying what to type instead, a pasted line is either an event
or a listed problem, and a file either imports completely or not at all.

Nothing here guesses a marker from free text; only the alert tools' own lifecycle records
(PagerDuty log entry types, Opsgenie system log lines) set markers.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

from pmdesk.model import Marker, TimelineEvent
from pmdesk.timeline import spreadsheet

FORMATS: tuple[str, ...] = (
    "csv", "json", "slack", "pagerduty", "opsgenie", "alertmanager", "statuspage", "vtt",
    "zoom-chat", "sheet",
)  # fmt: skip

_HINT = "try 14:32, 2:32 pm, 2026-04-15 14:32 or +5m"
_MAX_FILE_BYTES = 100 * 1024 * 1024
# Direction marks that chat clients and RTL text put around times; they are invisible to people.
_INVISIBLE = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_STRIP_INVISIBLE = str.maketrans("", "", _INVISIBLE)


class TimeParseError(ValueError):
    """A typed time could not be read; the message says what to type instead."""


class ImportFailed(ValueError):
    """A file could not be imported; the message names the file, the place and what is wrong."""

    def __init__(self, path: Path | str, reason: str, *, line: int | None = None, where: str = ""):
        self.path = Path(path)
        self.line = line
        self.reason = reason
        place = self.path.name
        if line is not None:
            place += f", line {line}"
        if where:
            place += f" ({where})" if line is not None else f", {where}"
        super().__init__(f"{place}: {reason}")


# --------------------------------------------------------------------------------------------
# Loose time parsing
# --------------------------------------------------------------------------------------------

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


def _parse(
    text: str, previous: datetime | None, day: date | None, tz: tzinfo | None
) -> tuple[datetime, bool]:
    """Parse one time; the flag says whether the text fixed its own day (a date or +/-)."""
    clean = text.translate(_STRIP_INVISIBLE).strip()
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
    return _parse(text, previous, day, tz)[0]


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


# --------------------------------------------------------------------------------------------
# Pasted lines
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineProblem:
    """A pasted line that did not become an event (line numbers start at 1)."""

    line: int
    text: str
    reason: str


@dataclass
class PasteResult:
    events: list[TimelineEvent] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)


_CLOCK = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?(?:\s?[ap]\.?m\.?(?![a-z]))?"
# Numeric UTC offsets only after a date, so "14:32-14:40 ..." is not read as an offset.
_STAMP = (
    rf"(?:\d{{4}}[-/]\d{{1,2}}[-/]\d{{1,2}}(?:T|\s+){_CLOCK}(?:Z|\s?UTC|\s?GMT|[+-]\d{{2}}:?\d{{2}})?"
    rf"|{_CLOCK}(?:Z|\s?UTC|\s?GMT)?)"
)
_REL = r"[+-](?:\d{1,3}:\d{2}|(?=\d)(?:\d+h)?(?:\d+m)?(?:\d+s)?)"
_LEADING_TIME = re.compile(
    rf"(?:\[(?P<bracket>{_STAMP}|{_REL})\]|\((?P<paren>{_STAMP}|{_REL})\)"
    rf"|(?P<plain>{_STAMP}|{_REL})(?!\w|:\d))"
    r"(?:\s*[-–—|:>]+(?=\s|$))?\s*(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_CHAT_HEADER = re.compile(
    rf"(?P<name>[^\d\s\[(+-][^:]{{0,63}}?)\s*[,·|—–-]?\s+\[?(?P<time>{_CLOCK})\]?",
    re.IGNORECASE,
)
_BULLET = re.compile(r"(?:[-*•·▪‣◦|]|\d{1,3}[.)])\s+")
_DAY = timedelta(days=1)
_ROLLOVER = timedelta(hours=12)


@dataclass
class _Pending:
    """A time (with maybe a chat name) waiting for its message lines."""

    line: int
    text: str
    at: datetime | None
    name: str | None
    messages: list[str] = field(default_factory=list)


def parse_paste(
    text: str,
    *,
    previous: datetime | None = None,
    day: date | None = None,
    tz: tzinfo | None = None,
) -> PasteResult:
    """Turn pasted lines into events; every non-blank line is an event or a listed problem.

    Bare times take their date from the event before them. Within a paste, a bare time more
    than 12 hours earlier than the line before it is read as the next day (a log crossing
    midnight).
    """
    result = PasteResult()
    last_at = previous
    last_in_paste: datetime | None = None
    chat_name: str | None = None
    pending: _Pending | None = None

    def resolve(time_text: str) -> datetime:
        at, own_date = _parse(time_text, last_at, day, tz)
        if not own_date and last_in_paste is not None and at < last_in_paste - _ROLLOVER:
            at += _DAY
        return at

    def add(at: datetime, event_text: str, source: str) -> None:
        nonlocal last_at, last_in_paste
        result.events.append(TimelineEvent(at=at, text=event_text, source=source))
        last_at = last_in_paste = at

    def flush() -> None:
        nonlocal pending
        if pending is None:
            return
        p, pending = pending, None
        if p.at is None:
            return
        if not p.messages:
            what = "a name and a time" if p.name else "a time"
            result.problems.append(
                LineProblem(p.line, p.text, f"There is {what} but no message on the next line")
            )
            return
        message = " ".join(p.messages)
        if p.name:
            add(p.at, f"{p.name}: {message}", "chat")
        else:
            add(p.at, message, "manual")

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.translate(_STRIP_INVISIBLE).strip()
        if not line:
            continue
        bullet = _BULLET.match(line)
        body = line[bullet.end() :] if bullet else line
        timed = _LEADING_TIME.match(body)
        if timed is not None:
            flush()
            time_text = timed.group("bracket") or timed.group("paren") or timed.group("plain")
            rest = timed.group("rest").strip()
            if line.startswith("|"):
                rest = rest.rstrip("|").strip()
            try:
                at = resolve(time_text)
            except TimeParseError as error:
                result.problems.append(LineProblem(number, line, str(error)))
                if not rest:
                    pending = _Pending(number, line, None, chat_name)
                continue
            if rest:
                add(at, rest.replace("\t", " "), "manual")
                chat_name = None
            else:
                pending = _Pending(number, line, at, chat_name)
            continue
        # Right after a name-and-time line, the next line is its message even if it ends in a
        # time ("rolling back, ETA 14:45").
        awaiting_message = pending is not None and pending.at is not None and not pending.messages
        header = None if awaiting_message else _CHAT_HEADER.fullmatch(line)
        if header is not None and len(header.group("name").split()) <= 5:
            flush()
            chat_name = " ".join(header.group("name").rstrip(",·|—–- ").split())
            try:
                pending = _Pending(number, line, resolve(header.group("time")), chat_name)
            except TimeParseError as error:
                result.problems.append(LineProblem(number, line, str(error)))
                pending = _Pending(number, line, None, chat_name)
            continue
        if pending is not None and pending.at is not None:
            pending.messages.append(line)
        elif pending is not None:
            result.problems.append(
                LineProblem(
                    number, line, "Belongs to the message above, whose time could not be read"
                )
            )
        else:
            result.problems.append(
                LineProblem(
                    number,
                    line,
                    "No time at the start of the line; start it with a time such as 14:32",
                )
            )
    flush()
    return result


# --------------------------------------------------------------------------------------------
# File imports
# --------------------------------------------------------------------------------------------


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
    # spreadsheet.DAY_FIRST or MONTH_FIRST for dates such as 10/03/2026; None: settle from data.
    date_order: str | None = None

    @property
    def complete(self) -> bool:
        return bool(self.time and self.text)


def _read_text(path: Path) -> str:
    """Read a text file, refusing binary and non-UTF-8 content with a message that says why."""
    from pmdesk.files import FileProblem, read_input

    try:
        data = read_input(path, limit=_MAX_FILE_BYTES)
    except FileProblem as error:
        words = str(error)
        shown = f"{path}: "
        raise ImportFailed(
            path, words[len(shown) :] if words.startswith(shown) else words
        ) from None
    if not data.strip():
        raise ImportFailed(path, "is empty; there is nothing to import")
    if data.startswith(b"PK\x03\x04"):
        raise ImportFailed(
            path,
            "is a damaged or truncated zip archive (its table of contents is missing); "
            "download the export again",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFailed(path, "is damaged UTF-16 text; save it as UTF-8") from None
    if b"\x00" in data[:65536]:
        raise ImportFailed(path, "is a binary file, not text; export the timeline as CSV or JSON")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportFailed(
            path,
            "is not UTF-8 text; save it with UTF-8 encoding (in Excel: CSV UTF-8) and import again",
            line=line,
        ) from None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(path: Path, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and data rows with their line numbers; blank rows are not data."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=True
    )
    rows: list[tuple[int, list[str]]] = []
    try:
        header: list[str] | None = None
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip() for cell in row]
            else:
                rows.append((reader.line_num, row))
    except csv.Error as error:
        raise ImportFailed(
            path, f"the CSV is broken here ({error})", line=reader.line_num
        ) from None
    if header is None:
        raise ImportFailed(path, "has no header row")
    if rows and len(rows[-1][1]) < len(header) and not text.endswith(("\n", "\r")):
        raise ImportFailed(
            path,
            f"ends in the middle of a row ({len(rows[-1][1])} of {len(header)} cells); the file "
            "looks cut short, save or download it again",
            line=rows[-1][0],
        )
    return header, rows


def csv_columns(path: Path | str) -> list[str]:
    """The header of a CSV file, for the GUI's column-mapping step."""
    path = Path(path)
    header, _ = _csv_rows(path, _read_text(path))
    return header


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", spreadsheet.without_zone(name).casefold())


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
        by_key.setdefault(_key(name), name)
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


_MARKER_WORDS = {m.value: m for m in Marker} | {m.label.casefold(): m for m in Marker}
_MARKER_WORDS |= {"ack": Marker.ACKNOWLEDGEMENT, "acknowledgment": Marker.ACKNOWLEDGEMENT}


def _marker(value: object) -> Marker | None:
    """Read a marker cell; raises ValueError with the accepted names."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.strip().casefold() in _MARKER_WORDS:
        return _MARKER_WORDS[value.strip().casefold()]
    names = ", ".join(m.value for m in Marker)
    raise ValueError(f"the marker {value!r} is not one of: {names}")


_EPOCH_DIGITS = re.compile(r"\d{9,13}(?:\.\d+)?")


def _from_epoch(seconds: float) -> datetime:
    if seconds > 1e11:  # milliseconds, as some tools export
        seconds /= 1000
    return datetime.fromtimestamp(seconds, tz=UTC)


def _time_value(
    value: object, previous: datetime | None, day: date | None, tz: tzinfo | None
) -> datetime:
    """Read a time from a file cell or JSON value (text in any accepted form, or epoch seconds)."""
    if isinstance(value, bool) or value is None:
        raise TimeParseError(f"the time is {json.dumps(value)}, not a time")
    if isinstance(value, int | float):
        try:
            return _from_epoch(float(value))
        except (OverflowError, OSError, ValueError):
            raise TimeParseError(f"the time {value} is not a Unix timestamp") from None
    if not isinstance(value, str):
        raise TimeParseError(f"the time is a {type(value).__name__}, not text")
    stripped = value.strip()
    if _EPOCH_DIGITS.fullmatch(stripped):
        return _from_epoch(float(stripped))
    return parse_time(value, previous=previous, day=day, tz=tz)


Locate = Callable[[int], tuple[int | None, str]]


def _finish(path: Path, events: list[TimelineEvent], tz: tzinfo | None) -> list[TimelineEvent]:
    if not events:
        raise ImportFailed(path, "contains no events")
    if tz is not None:
        for event in events:
            event.at = event.at.astimezone(tz)
    events.sort(key=lambda e: e.at)  # stable: equal times keep the file's order
    return events


def _first_markers_only(events: list[TimelineEvent]) -> None:
    """Tools repeat lifecycle records (re-acknowledged, ...); only the first one is the milestone."""
    seen: set[Marker] = set()
    for event in sorted(events, key=lambda e: e.at):
        if event.marker is None:
            continue
        if event.marker in seen:
            event.marker = None
        else:
            seen.add(event.marker)


def _load_csv(
    path: Path,
    text: str,
    mapping: CsvMapping | None,
    day: date | None,
    tz: tzinfo | None,
) -> list[TimelineEvent]:
    header, rows = _csv_rows(path, text)
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
    zone = spreadsheet.header_zone(mapping.time) or tz
    order = _date_order(path, mapping, index, rows)
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
                time_text = spreadsheet.iso_date(time_text, order)
            at = _time_value(time_text, previous, day, zone)
        except ValueError as error:
            raise ImportFailed(path, str(error), line=line) from None
        event_text = cell("text")
        if not event_text:
            raise ImportFailed(
                path, f"the {mapping.text!r} cell is empty; every event needs a text", line=line
            )
        try:
            marker = _marker(cell("marker"))
        except ValueError as error:
            raise ImportFailed(path, str(error), line=line) from None
        source = cell("source") or mapping.default_source
        events.append(TimelineEvent(at=at, text=event_text, source=source, marker=marker))
        previous = at
    return events


def _date_cells(index: dict[str, int], rows: list[tuple[int, list[str]]]) -> Iterable[str]:
    column = index.get("date", index["time"])
    return (row[column] for _, row in rows if column < len(row))


def _date_order(
    path: Path, mapping: CsvMapping, index: dict[str, int], rows: list[tuple[int, list[str]]]
) -> str | None:
    """The order of numeric dates (10/03/2026): the mapping's, else the data's; asks when unsure."""
    if mapping.date_order is not None:
        return mapping.date_order
    order = spreadsheet.date_order(_date_cells(index, rows))
    if order is None and spreadsheet.has_numeric_dates(_date_cells(index, rows)):
        column = index.get("date", index["time"])
        line, first = next(
            (line, row[column])
            for line, row in rows
            if column < len(row) and spreadsheet.NUMERIC_DATE.match(row[column])
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
    header, rows = _csv_rows(path, _read_text(path))
    column = mapping.date or mapping.time
    if column not in header:
        return False, None
    i = header.index(column)
    cells = [row[i] for _, row in rows if i < len(row)]
    return spreadsheet.has_numeric_dates(cells), spreadsheet.date_order(cells)


def _json_load(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            path,
            f"is not valid JSON here, at column {error.colno} ({error.msg})",
            line=error.lineno,
        ) from None
    except RecursionError:
        raise ImportFailed(path, "is nested too deeply to be a timeline") from None


def _item_line(text: str, index: int) -> int | None:
    """Line where item `index` of a top-level JSON list starts (only computed for errors)."""
    decoder = json.JSONDecoder()
    pos = text.find("[")
    if pos < 0 or text[:pos].strip("\ufeff \t\r\n"):
        return None
    pos += 1
    for i in range(index + 1):
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if i == index:
            return text.count("\n", 0, pos) + 1
        try:
            _, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            return None
    return None


def _json_items(
    path: Path, text: str, data: Any, keys: tuple[str, ...], what: str
) -> tuple[list[Any], Locate]:
    """The list of records in `data` (a list, or a list under one of `keys`) and a locator."""
    if isinstance(data, list):
        items: list[Any] = data

        def locate(i: int) -> tuple[int | None, str]:
            return _item_line(text, i), f"{what} {i + 1}"

        return items, locate
    if isinstance(data, dict):
        for key in keys:
            value = data.get(key)
            if isinstance(value, list):
                items = value

                def locate_in(i: int, key: str = key) -> tuple[int | None, str]:
                    return None, f"{what} {i + 1} of {key!r}"

                return items, locate_in
    wrappers = " or ".join(repr(k) for k in keys)
    raise ImportFailed(
        path, f"should hold a list of {what}s (or an object with {wrappers} holding one)"
    )


def _record(path: Path, item: Any, i: int, locate: Locate, what: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        line, where = locate(i)
        raise ImportFailed(
            path, f"is {json.dumps(item)[:40]}, not an object with keys", line=line, where=where
        )
    return item


def _load_json(
    path: Path, text: str, data: Any, day: date | None, tz: tzinfo | None
) -> list[TimelineEvent]:
    items, locate = _json_items(path, text, data, ("events", "timeline"), "item")
    events: list[TimelineEvent] = []
    previous: datetime | None = None
    for i, item in enumerate(items):
        record = _record(path, item, i, locate, "item")

        def fail(reason: str, i: int = i) -> ImportFailed:
            line, where = locate(i)
            return ImportFailed(path, reason, line=line, where=where)

        keys = ", ".join(record) or "none"
        time_value = record.get("time", record.get("at"))
        if time_value is None and ("time" in record or "at" in record):
            raise fail('its "time" is null; write when it happened')
        if time_value is None:
            raise fail(f'has no "time" (its keys: {keys}); each item needs "time" and "text"')
        event_text = record.get("text")
        if event_text is None and "text" in record:
            raise fail('its "text" is null; write what happened, or remove the item')
        if event_text is None:
            raise fail(f'has no "text" (its keys: {keys}); each item needs "time" and "text"')
        if not isinstance(event_text, str):
            raise fail(f'its "text" is {_json_kind(event_text)}, not text; write what happened')
        if not event_text.strip():
            raise fail('its "text" is empty; write what happened, or remove the item')
        try:
            at = _time_value(time_value, previous, day, tz)
            marker = _marker(record.get("marker"))
        except ValueError as error:
            raise fail(str(error)) from None
        source = record.get("source") or "manual"
        seen, believed, done_next = (record.get(k) or "" for k in ("seen", "believed", "done_next"))
        if not all(isinstance(v, str) for v in (source, seen, believed, done_next)):
            raise fail('"source", "seen", "believed" and "done_next" must be text')
        events.append(
            TimelineEvent(
                at=at,
                text=event_text.strip(),
                source=str(source),
                marker=marker,
                seen=str(seen),
                believed=str(believed),
                done_next=str(done_next),
            )
        )
        previous = at
    return events


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__


_SLACK_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


def _slack_text(text: str, names: dict[str, str]) -> str:
    def replace(m: re.Match[str]) -> str:
        target, label = m.group(1), m.group(2)
        if target.startswith("@"):
            return "@" + (label or names.get(target[1:], target[1:]))
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return label or "@" + target[1:].split("^", 1)[0]
        return label or target

    return html.unescape(_SLACK_LINK.sub(replace, text)).strip()


def _slack_name(record: dict[str, Any]) -> str:
    profile = record.get("user_profile")
    if isinstance(profile, dict):
        for key in ("real_name", "display_name", "name"):
            if isinstance(profile.get(key), str) and profile[key].strip():
                return str(profile[key]).strip()
    for key in ("user_name", "username", "user"):
        if isinstance(record.get(key), str) and record[key].strip():
            return str(record[key]).strip()
    return "Someone"


def _load_slack(path: Path, text: str, data: Any, tz: tzinfo | None) -> list[TimelineEvent]:
    items, locate = _json_items(path, text, data, ("messages",), "message")
    records = [_record(path, item, i, locate, "message") for i, item in enumerate(items)]
    names = {
        str(r["user"]): _slack_name(r)
        for r in records
        if isinstance(r.get("user"), str) and _slack_name(r) != r["user"]
    }
    events: list[TimelineEvent] = []
    for i, record in enumerate(records):
        ts = record.get("ts")
        if ts is None:
            line, where = locate(i)
            if "real_name" in record or "profile" in record:
                reason = "looks like Slack's users.json; import a file from a channel's folder"
            else:
                reason = 'has no "ts" (the time Slack gives every message)'
            raise ImportFailed(path, reason, line=line, where=where)
        try:
            # The digits after the dot only keep messages apart; they are not a time.
            at = _from_epoch(float(int(float(ts))))
        except (TypeError, ValueError, OverflowError, OSError):
            line, where = locate(i)
            raise ImportFailed(
                path,
                f'has "ts" {json.dumps(ts)}, which is not a Slack timestamp',
                line=line,
                where=where,
            ) from None
        body = record.get("text")
        message = _slack_text(body, names) if isinstance(body, str) else ""
        if not message:
            message = "(shared a file)" if record.get("files") else "(no text in the export)"
        events.append(TimelineEvent(at=at, text=f"{_slack_name(record)}: {message}", source="chat"))
    return events


_PAGERDUTY_MARKERS = {
    # A PagerDuty "trigger" is the alert firing: the incident was detected, not caused.
    "trigger": Marker.DETECTION,
    "acknowledge": Marker.ACKNOWLEDGEMENT,
    "resolve": Marker.RESOLUTION,
}
_PAGERDUTY_WORDS = {
    "trigger": "Incident triggered",
    "acknowledge": "Incident acknowledged",
    "resolve": "Incident resolved",
    "annotate": "Note added to the incident",
    "notify": "Notification sent",
    "assign": "Incident assigned",
    "escalate": "Incident escalated",
}


# How an entry came about, from its channel type, in words that follow the entry's text.
_PAGERDUTY_CHANNELS = {
    "api": "through the API",
    "auto": "automatically",
    "email": "by email",
    "mobile": "from the mobile app",
    "phone": "by phone",
    "push_notification": "by push notification",
    "slack": "from Slack",
    "sms": "by SMS",
    "timeout": "after a timeout",
    "web_trigger": "from the website",
    "web_ui": "on the website",
    "website": "on the website",
}


def _text_of(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _pagerduty_note(record: dict[str, Any]) -> str:
    """The note of an annotate entry: `note`, else the note channel's text (API v1 and v2)."""
    channel = record.get("channel")
    channel = channel if isinstance(channel, dict) else {}
    for value in (
        record.get("note"),
        record.get("content"),
        channel.get("content"),
        channel.get("details"),
        channel.get("summary"),
    ):
        if _text_of(value):
            return _text_of(value)
    return ""


def _pagerduty_text(record: dict[str, Any], kind: str) -> str:
    """The entry's text with who did it and how, when the summary does not already say so."""
    text = _text_of(record.get("summary"))
    if not text and kind:
        text = _PAGERDUTY_WORDS.get(kind, kind.replace("_", " ").capitalize())
    agent = record.get("agent")
    who = _text_of(agent.get("summary")) if isinstance(agent, dict) else ""
    channel = record.get("channel")
    how = _PAGERDUTY_CHANNELS.get(
        _text_of(channel.get("type")) if isinstance(channel, dict) else "", ""
    )
    if kind == "annotate":
        note = _pagerduty_note(record)
        if note:
            return f"Note by {who}: {note}" if who else f"Note: {note}"
    detail = _text_of(channel.get("summary")) if isinstance(channel, dict) else ""
    if detail and detail.casefold() not in text.casefold():
        text = f"{text}: {detail}"  # a trigger's channel says what fired
    said = text.casefold()
    extra = [part for part in (who, how) if part and part.casefold() not in said]
    return f"{text} ({', '.join(extra)})" if extra else text


def _oldest_first(events: list[TimelineEvent]) -> list[TimelineEvent]:
    """Tools list logs newest first; reversed, entries written in the same second keep order."""
    descending = all(a.at >= b.at for a, b in pairwise(events))
    if len(events) > 1 and descending and events[0].at != events[-1].at:
        events.reverse()
    return events


def _load_pagerduty(path: Path, text: str, data: Any, tz: tzinfo | None) -> list[TimelineEvent]:
    items, locate = _json_items(path, text, data, ("log_entries",), "log entry")
    events: list[TimelineEvent] = []
    for i, item in enumerate(items):
        record = _record(path, item, i, locate, "log entry")
        if "created_at" not in record:
            line, where = locate(i)
            raise ImportFailed(path, 'has no "created_at"', line=line, where=where)
        kind = record.get("type")
        kind = (
            kind.removesuffix("_reference").removesuffix("_log_entry")
            if isinstance(kind, str)
            else ""
        )
        if not _text_of(record.get("summary")) and not kind:
            line, where = locate(i)
            raise ImportFailed(path, 'has neither "summary" nor "type"', line=line, where=where)
        try:
            at = _time_value(record["created_at"], None, None, tz)
        except TimeParseError as error:
            line, where = locate(i)
            raise ImportFailed(path, f'"created_at": {error}', line=line, where=where) from None
        events.append(
            TimelineEvent(
                at=at,
                text=_pagerduty_text(record, kind),
                source="alert",
                marker=_PAGERDUTY_MARKERS.get(kind),
            )
        )
    _first_markers_only(_oldest_first(events))
    return events


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


def _opsgenie_columns(keys: Iterable[str]) -> dict[str, str]:
    """Map Opsgenie roles (time, log, owner, type) to the record's actual key names."""
    by_key = {_key(k): k for k in keys}
    found: dict[str, str] = {}
    for role, candidates in _OPSGENIE_KEYS.items():
        for candidate in candidates:
            if candidate in by_key:
                found[role] = by_key[candidate]
                break
    return found


def _opsgenie_event(
    record: dict[str, Any], columns: dict[str, str], tz: tzinfo | None
) -> TimelineEvent:
    """One Opsgenie log record; raises ValueError with a reason."""
    raw_time = record.get(columns["time"])
    if raw_time is None or (isinstance(raw_time, str) and not raw_time.strip()):
        raise ValueError(f"the {columns['time']!r} value is empty")
    at = _time_value(raw_time, None, None, tz)
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


def _load_opsgenie(path: Path, text: str, tz: tzinfo | None) -> list[TimelineEvent]:
    stripped = text.lstrip()
    events: list[TimelineEvent] = []
    if stripped.startswith(("[", "{")):
        data = _json_load(path, text)
        items, locate = _json_items(path, text, data, ("data", "logs"), "log record")
        for i, item in enumerate(items):
            record = _record(path, item, i, locate, "log record")
            columns = _opsgenie_columns(record)
            try:
                if "time" not in columns or "log" not in columns:
                    raise ValueError('needs "createdAt" and "log"')
                events.append(_opsgenie_event(record, columns, tz))
            except ValueError as error:
                line, where = locate(i)
                raise ImportFailed(path, str(error), line=line, where=where) from None
    else:
        header, rows = _csv_rows(path, text)
        columns = _opsgenie_columns(header)
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
                events.append(_opsgenie_event(record, columns, tz))
            except ValueError as error:
                raise ImportFailed(path, str(error), line=line) from None
    _first_markers_only(_oldest_first(events))
    return events


def _detect_json(data: Any) -> str | None:
    from pmdesk.timeline import alertmanager, statuspage

    if alertmanager.looks_like(data):
        return "alertmanager"
    if statuspage.looks_like(data):
        return "statuspage"
    if isinstance(data, dict):
        if "log_entries" in data:
            return "pagerduty"
        if "messages" in data:
            return "slack"
        for key in ("data", "logs"):
            value = data.get(key)
            if (
                isinstance(value, list)
                and value
                and isinstance(value[0], dict)
                and {"time", "log"} <= set(_opsgenie_columns(value[0]))
            ):
                return "opsgenie"
        if "events" in data or "timeline" in data:
            return "json"
        return None
    if isinstance(data, list):
        first = next((x for x in data if isinstance(x, dict)), None)
        if first is None:
            return "json"
        if "ts" in first or "real_name" in first:
            return "slack"
        if "created_at" in first and ("summary" in first or "type" in first):
            return "pagerduty"
        if "createdAt" in first and "log" in first:
            return "opsgenie"
        return "json"
    return None


def detect_format(path: Path | str) -> str:
    """Which of FORMATS a file looks like; raises ImportFailed when it is none of them."""
    path = Path(path)
    if _is_export(path):
        return "slack"
    return _detect(path, _read_text(path))[0]


def _is_export(path: Path) -> bool:
    from pmdesk.timeline.slack import is_slack_export

    return is_slack_export(path)


def _detect(path: Path, text: str) -> tuple[str, Any]:
    if text.lstrip("\ufeff \t\r\n").startswith(("[", "{")):
        data = _json_load(path, text)
        kind = _detect_json(data)
        if kind is None:
            raise ImportFailed(
                path,
                "is JSON, but not a timeline pmdesk knows: expected a list of "
                '{"time", "text"} items, a Slack channel export, PagerDuty log entries, an '
                "Opsgenie alert log, Alertmanager or Grafana alerts, or a Statuspage incident",
            )
        return kind, data
    from pmdesk.timeline import contributions, transcript

    if contributions.is_sheet(text):
        return "sheet", None
    if transcript.is_vtt(text):
        return "vtt", None
    if transcript.is_zoom_chat(text):
        return "zoom-chat", None
    header, _ = _csv_rows(path, text)
    keys = {_key(name) for name in header}
    if "log" in keys and keys & {"createdat", "date"}:
        return "opsgenie", None
    return "csv", None


def load_timeline_file(
    path: Path | str,
    *,
    fmt: str | None = None,
    mapping: CsvMapping | None = None,
    tz: tzinfo | None = None,
    day: date | None = None,
    channels: Sequence[str] | None = None,
    window: tuple[datetime | None, datetime | None] = (None, None),
    starts_at: datetime | None = None,
    skipped: dict[str, int] | None = None,
) -> list[TimelineEvent]:
    """Import a whole file as events in time order, or raise ImportFailed and import nothing.

    `fmt` is one of FORMATS (None: detect it). `tz` is the zone for times written without one
    (default: local) and, when given, the zone every imported time is shown in. `day` is the date
    for times written without one (default: today). A whole Slack export (a zip or a folder)
    imports the messages of `channels` (all when None) inside `window`. A WebVTT transcript's
    cues count from `starts_at`, when the recording started. What a format skips on purpose is
    counted into `skipped` (reason -> count) when it is given.
    """
    path = Path(path)
    if fmt is not None and fmt not in FORMATS:
        raise ImportFailed(path, f"cannot be read as {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in (None, "slack") and _is_export(path):
        from pmdesk.timeline.slack import load_slack_export

        export = load_slack_export(path, channels=channels, window=window)
        found = export.events
        if skipped is not None:
            skipped.update(export.skipped)
        if not found:
            raise ImportFailed(
                path, "has no messages from people in the chosen channels and time window"
            )
        return _finish(path, found, tz)
    text = _read_text(path)
    data: Any = None
    if fmt is None:
        fmt, data = _detect(path, text)
    if fmt == "sheet":
        from pmdesk.timeline import contributions

        if not contributions.is_sheet(text):
            raise ImportFailed(path, "is not a pmdesk contribution sheet", line=1)
        events = contributions.load_sheet(path, text, day, tz)
    elif fmt in ("vtt", "zoom-chat"):
        from pmdesk.timeline import transcript

        if fmt == "vtt":
            events = transcript.load_vtt(path, text, starts_at)
        else:
            events = transcript.load_zoom_chat(path, text, day, tz)
    elif fmt == "csv":
        events = _load_csv(path, text, mapping, day, tz)
    elif fmt == "opsgenie":
        events = _load_opsgenie(path, text, tz)
    else:
        if data is None:
            data = _json_load(path, text)
        if fmt == "slack":
            events = _load_slack(path, text, data, tz)
        elif fmt == "pagerduty":
            events = _load_pagerduty(path, text, data, tz)
        elif fmt == "alertmanager":
            from pmdesk.timeline import alertmanager

            events = alertmanager.load(path, text, data, tz)
        elif fmt == "statuspage":
            from pmdesk.timeline import statuspage

            if not statuspage.looks_like(data):
                raise ImportFailed(
                    path, 'is not a Statuspage incident: it needs "incident_updates"'
                )
            events = statuspage.load(path, data, tz)
        else:
            events = _load_json(path, text, data, day, tz)
    return _finish(path, events, tz)
