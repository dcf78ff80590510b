"""What every file import shares: reading the text, the rows and records, and times in cells.

A file either imports completely or not at all; every refusal is an ImportFailed whose message
names the file, the place (line, item) and what is wrong.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from itertools import pairwise
from pathlib import Path
from typing import Any

from pmdesk.model import Marker, TimelineEvent
from pmdesk.timeline.times import TimeParseError, parse_time

_MAX_FILE_BYTES = 100 * 1024 * 1024


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


def read_text(path: Path) -> str:
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


def csv_rows(path: Path, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
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


_MARKER_WORDS = {m.value: m for m in Marker} | {m.label.casefold(): m for m in Marker}
_MARKER_WORDS |= {"ack": Marker.ACKNOWLEDGEMENT, "acknowledgment": Marker.ACKNOWLEDGEMENT}


def marker_cell(value: object) -> Marker | None:
    """Read a marker cell; raises ValueError with the accepted names."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.strip().casefold() in _MARKER_WORDS:
        return _MARKER_WORDS[value.strip().casefold()]
    names = ", ".join(m.value for m in Marker)
    raise ValueError(f"the marker {value!r} is not one of: {names}")


_EPOCH_DIGITS = re.compile(r"\d{9,13}(?:\.\d+)?")


def from_epoch(seconds: float) -> datetime:
    if seconds > 1e11:  # milliseconds, as some tools export
        seconds /= 1000
    return datetime.fromtimestamp(seconds, tz=UTC)


def time_value(
    value: object, previous: datetime | None, day: date | None, tz: tzinfo | None
) -> datetime:
    """Read a time from a file cell or JSON value (text in any accepted form, or epoch seconds)."""
    if isinstance(value, bool) or value is None:
        raise TimeParseError(f"the time is {json.dumps(value)}, not a time")
    if isinstance(value, int | float):
        try:
            return from_epoch(float(value))
        except (OverflowError, OSError, ValueError):
            raise TimeParseError(f"the time {value} is not a Unix timestamp") from None
    if not isinstance(value, str):
        raise TimeParseError(f"the time is a {type(value).__name__}, not text")
    stripped = value.strip()
    if _EPOCH_DIGITS.fullmatch(stripped):
        return from_epoch(float(stripped))
    return parse_time(value, previous=previous, day=day, tz=tz)


Locate = Callable[[int], tuple[int | None, str]]


def finish(path: Path, events: list[TimelineEvent], tz: tzinfo | None) -> list[TimelineEvent]:
    if not events:
        raise ImportFailed(path, "contains no events")
    if tz is not None:
        for event in events:
            event.at = event.at.astimezone(tz)
    events.sort(key=lambda e: e.at)  # stable: equal times keep the file's order
    return events


def first_markers_only(events: list[TimelineEvent]) -> None:
    """Tools repeat lifecycle records (re-acknowledged, ...); only the first one is the milestone."""
    seen: set[Marker] = set()
    for event in sorted(events, key=lambda e: e.at):
        if event.marker is None:
            continue
        if event.marker in seen:
            event.marker = None
        else:
            seen.add(event.marker)


def json_load(path: Path, text: str) -> Any:
    if text.lstrip("\ufeff \t\r\n")[:1] not in ("[", "{"):
        raise ImportFailed(
            path,
            "is not JSON (a JSON file starts with [ or {); import it as the format it is",
            line=1,
        )
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


def json_items(
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
    plural = what[:-1] + "ies" if what.endswith("y") else what + "s"
    raise ImportFailed(
        path, f"should hold a list of {plural} (or an object with {wrappers} holding one)"
    )


def json_record(path: Path, item: Any, i: int, locate: Locate, what: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        line, where = locate(i)
        raise ImportFailed(
            path, f"is {json.dumps(item)[:40]}, not an object with keys", line=line, where=where
        )
    return item


def text_of(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def oldest_first(events: list[TimelineEvent]) -> list[TimelineEvent]:
    """Tools list logs newest first; reversed, entries written in the same second keep order."""
    descending = all(a.at >= b.at for a, b in pairwise(events))
    if len(events) > 1 and descending and events[0].at != events[-1].at:
        events.reverse()
    return events
