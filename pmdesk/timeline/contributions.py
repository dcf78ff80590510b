"""Contribution sheets: the timeline sent to each attendee before the meeting, and merged back.

Each attendee gets the current timeline with their name on it, as CSV (for a spreadsheet) or as a
plain-text form (for an email reply). They add what they saw and correct what they remember
differently. Returned sheets are merged at once: an event is marked with who added it (its
`added_by`; its source is "contribution"), the same event told twice is folded into one (times within a
tolerance and similar text), and the same event at clearly different times is a conflict for the
facilitator to settle, never silently resolved.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from difflib import SequenceMatcher
from pathlib import Path

from pmdesk.model import Postmortem, TimelineEvent
from pmdesk.timeline.paste import parse_paste
from pmdesk.timeline.reading import ImportFailed
from pmdesk.timeline.times import format_time, parse_time

SOURCE = "contribution"
TOLERANCE = timedelta(minutes=2)
SIMILAR = 0.8
_TEXT_TITLE = "pmdesk contribution sheet"
_CSV_TITLE = "# pmdesk contribution sheet for "
_NAME_LINE = re.compile(r"Contributor:\s*(.+)", re.IGNORECASE)
_HEADER = ("Time", "What happened")


@dataclass
class Conflict:
    """One event told at two clearly different times: as already known, and by a contributor."""

    # The event as already known: in the timeline, or from another returned sheet.
    timeline: TimelineEvent
    told: TimelineEvent
    from_sheet: bool = False

    @property
    def known_by(self) -> str:
        """Who holds the other time, in words: a contributor or the timeline."""
        if self.from_sheet and self.timeline.added_by:
            return self.timeline.added_by
        return "the timeline"


@dataclass
class Merge:
    new: list[TimelineEvent] = field(default_factory=list)
    folded: list[TimelineEvent] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def sheet_csv(pm: Postmortem, name: str, tz: tzinfo | None) -> str:
    """The CSV sheet for one attendee: the timeline so far; new rows go below it."""
    out = io.StringIO()
    out.write(f"{_CSV_TITLE}{name}: add a row for each thing you saw; change rows you remember "
              "differently\n")  # fmt: skip
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_HEADER)
    for event in pm.timeline:
        shown = format_time(event.at, with_date=True, with_seconds=False, tz=tz)
        writer.writerow([shown, event.text])
    return out.getvalue()


def sheet_text(pm: Postmortem, name: str, tz: tzinfo | None) -> str:
    """The plain-text form: one "time what happened" line per event, easy to edit in an email."""
    lines = [
        _TEXT_TITLE,
        f"Postmortem: {pm.title}",
        f"Contributor: {name}",
        "Write one event per line: a time, then what happened. Add what you saw, change what",
        "you remember differently. Lines without a time are ignored.",
        "",
    ]
    for event in pm.timeline:
        shown = format_time(event.at, with_date=True, with_seconds=False, tz=tz)
        lines.append(f"{shown} {event.text}")
    return "\n".join(lines) + "\n"


def is_sheet(text: str) -> bool:
    head = text.lstrip("\ufeff")
    return head.startswith(_CSV_TITLE) or head.startswith(_TEXT_TITLE)


def load_sheet(path: Path, text: str, day: date | None, tz: tzinfo | None) -> list[TimelineEvent]:
    """A returned sheet's events, each marked with its contributor."""
    text = text.lstrip("\ufeff")
    if text.startswith(_CSV_TITLE):
        return _load_csv_sheet(path, text, day, tz)
    name_line = next((m for m in map(_NAME_LINE.fullmatch, text.splitlines()[:6]) if m), None)
    if name_line is None:
        raise ImportFailed(path, 'has lost its "Contributor:" line; put it back with your name')
    name = name_line.group(1).strip()
    body = text.split("\n\n", 1)[1] if "\n\n" in text else ""
    result = parse_paste(body, previous=None, day=day, tz=tz)
    if not result.events:
        raise ImportFailed(path, "holds no events: each line needs a time, then what happened")
    for event in result.events:
        event.source, event.added_by = SOURCE, name
    return result.events


def _load_csv_sheet(
    path: Path, text: str, day: date | None, tz: tzinfo | None
) -> list[TimelineEvent]:
    first, rest = text.split("\n", 1) if "\n" in text else (text, "")
    name = first[len(_CSV_TITLE) :].split(":", 1)[0].strip()
    if not name:
        raise ImportFailed(path, "has lost the contributor's name from its first line", line=1)
    rows = list(csv.reader(io.StringIO(rest)))
    if not rows or [c.strip() for c in rows[0][:2]] != list(_HEADER):
        raise ImportFailed(path, f"should have the header {', '.join(_HEADER)}", line=2)
    events: list[TimelineEvent] = []
    previous: datetime | None = None
    for number, row in enumerate(rows[1:], start=3):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise ImportFailed(path, "needs a time and what happened", line=number)
        try:
            at = parse_time(row[0], previous=previous, day=day, tz=tz)
        except ValueError as error:
            raise ImportFailed(path, str(error), line=number) from None
        events.append(TimelineEvent(at=at, text=row[1].strip(), source=SOURCE, added_by=name))
        previous = at
    return events


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


class _Known:
    """The events told so far, with their plain texts, for quick look-ups while merging."""

    def __init__(self, events: list[TimelineEvent]) -> None:
        self.events: list[tuple[str, TimelineEvent]] = []
        self.by_text: dict[str, list[TimelineEvent]] = {}
        for event in events:
            self.add(event)

    def add(self, event: TimelineEvent) -> None:
        plain = _plain(event.text)
        self.events.append((plain, event))
        self.by_text.setdefault(plain, []).append(event)

    def alike(self, text: str) -> list[TimelineEvent]:
        """The events whose text is the same or similar (SequenceMatcher ratio >= SIMILAR)."""
        matcher = SequenceMatcher(None, "", text)  # the told text is cached as the second one
        size = len(text)
        found = []
        for plain, event in self.events:
            if plain == text:
                found.append(event)
                continue
            # ratio <= 2 * shorter / (both lengths): skip texts too different in length at once.
            if 2 * min(size, len(plain)) < SIMILAR * (size + len(plain)):
                continue
            matcher.set_seq1(plain)
            if (
                matcher.real_quick_ratio() >= SIMILAR
                and matcher.quick_ratio() >= SIMILAR
                and matcher.ratio() >= SIMILAR
            ):
                found.append(event)
        return found


def merge(existing: list[TimelineEvent], told: list[TimelineEvent]) -> Merge:
    """Fold events already known (near in time, similar text); list the same event far apart."""
    result = Merge()
    known = _Known(existing)
    for event in sorted(told, key=lambda e: e.at):
        text = _plain(event.text)
        same = known.by_text.get(text, [])
        if any(abs(e.at - event.at) <= TOLERANCE for e in same):
            result.folded.append(event)  # told word for word: no need to compare further
            continue
        alike = known.alike(text)
        if any(abs(e.at - event.at) <= TOLERANCE for e in alike):
            result.folded.append(event)
        elif alike:
            from_sheet = any(alike[0] is e for e in result.new)
            result.conflicts.append(Conflict(alike[0], event, from_sheet))
        else:
            result.new.append(event)
            known.add(event)
    return result


def sheet_file_stem(name: str) -> str:
    """A file name for an attendee's sheet: "Mei Chen" -> "contribution-mei-chen"."""
    words = re.findall(r"\w+", name.casefold())
    return "contribution-" + ("-".join(words) or "attendee")


def write_sheets(
    pm: Postmortem, names: Sequence[str], folder: Path, tz: tzinfo | None
) -> list[Path]:
    """Write a CSV sheet and a plain-text form for each name into `folder`; returns the files.

    A file already there is never replaced (it may be a sheet someone sent back): the new one
    takes the next free name ("contribution-mei-chen-2.csv"). Raises OSError naming the file.
    """
    written: list[Path] = []
    taken: set[str] = set()
    for name in names:
        stem = _free_stem(folder, sheet_file_stem(name), taken)
        taken.add(stem)
        for ext, write in ((".csv", sheet_csv), (".txt", sheet_text)):
            path = folder / f"{stem}{ext}"
            with path.open("x", encoding="utf-8", newline="") as out:
                out.write(write(pm, name, tz))
            written.append(path)
    return written


def _free_stem(folder: Path, stem: str, taken: set[str]) -> str:
    n = 1
    while True:
        candidate = stem if n == 1 else f"{stem}-{n}"
        if candidate not in taken and not any(
            (folder / f"{candidate}{ext}").exists() for ext in (".csv", ".txt")
        ):
            return candidate
        n += 1
