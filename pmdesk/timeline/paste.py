"""Pasted lines (a deploy log, a chat excerpt, notes) turned into events or listed problems.

Every non-blank line becomes an event or a problem the facilitator can see; nothing is dropped
silently. Nothing here guesses a marker from free text. Each event says where it came from, as
far as the line shows it: "chat" for a chat copy (a name and a time, then the message; "<ana>"
or an attendee's "Ana Souza:" after the time), "log" for a machine-written line (a time with
seconds or an ISO "T", or a level word such as ERROR), else "manual" (notes typed by hand).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from pmdesk.model import TimelineEvent
from pmdesk.timeline.times import STRIP_INVISIBLE, TimeParseError, parse_time_dated


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
# After the time: an IRC-style "<nick> message", or "Name: message" (kept for known names).
_NICK = re.compile(r"<(?P<name>[^<>\s]{1,40})>\s*(?P<said>\S.*)", re.DOTALL)
_SPEAKER = re.compile(
    r"(?P<name>@?[^\W\d][\w.'’-]*(?: [^\W\d][\w.'’-]*){0,2}):\s+(?P<said>\S.*)", re.DOTALL
)
# What a program writes and a person does not: seconds or an ISO "T" in the time, a level word.
_MACHINE_TIME = re.compile(r"\d:\d{2}:\d{2}|\dT\d")
_LEVEL = re.compile(
    r"[\[(]?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRIT|CRITICAL|FATAL|ALERT|EMERG)"
    r"[\])]?(?=[\s:]|$)|level=\w+"
)
_DAY = timedelta(days=1)
_ROLLOVER = timedelta(hours=12)


@dataclass
class _Pending:
    """A time (with maybe a chat name) waiting for its message lines."""

    line: int
    text: str
    at: datetime | None
    name: str | None
    time_text: str = ""
    messages: list[str] = field(default_factory=list)


def timed_line(time_text: str, rest: str, names: frozenset[str] = frozenset()) -> tuple[str, str]:
    """(event text, source) of what follows a time: a chat message ("<ana> ...", or a known
    name's "Ana Souza: ..."), a line a program wrote, or notes typed by hand."""
    nick = _NICK.fullmatch(rest)
    if nick is not None:
        return f"{nick.group('name')}: {nick.group('said')}", "chat"
    speaker = _SPEAKER.fullmatch(rest)
    if speaker is not None:
        name = speaker.group("name")
        if name.startswith("@") or name.casefold() in names:
            return rest, "chat"
    if _MACHINE_TIME.search(time_text) or _LEVEL.match(rest):
        return rest, "log"
    return rest, "manual"


_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")


def first_date(lines: list[str]) -> date | None:
    """The date of the first line whose time carries one: the day of a log whose first lines
    have bare times, when nothing else tells it (they were read as today's)."""
    for raw in lines:
        line = raw.translate(STRIP_INVISIBLE).strip()
        bullet = _BULLET.match(line)
        timed = _LEADING_TIME.match(line[bullet.end() :] if bullet else line)
        if timed is None:
            continue
        stamp = timed.group("bracket") or timed.group("paren") or timed.group("plain")
        found = _DATE.match(stamp)
        if found is not None:
            try:
                return date(*(int(part) for part in found.groups()))
            except ValueError:
                return None
    return None


def known_names(attendees: list[str]) -> frozenset[str]:
    """Attendee names, and each part of them, as a chat line may start with them."""
    known: set[str] = set()
    for name in attendees:
        words = name.casefold().split()
        if words:
            known.add(" ".join(words))
            known.update(word for word in words if len(word) > 1)
    return frozenset(known)


def parse_paste(
    text: str,
    *,
    previous: datetime | None = None,
    day: date | None = None,
    tz: tzinfo | None = None,
    names: frozenset[str] = frozenset(),
) -> PasteResult:
    """Turn pasted lines into events; every non-blank line is an event or a listed problem.

    The first bare time takes its date from `day` (the incident's) when given, else from
    `previous`, else from the first line that carries a date; later ones take the date of the
    line before them. "+5m" counts from the line before, the first one from `previous`. Within a
    paste, a bare time more than 12 hours earlier than the line before it is read as the next
    day (a log crossing midnight). `names` (from known_names) are the people a "Name: message"
    line after a time is read as chat from.
    """
    result = PasteResult()
    if day is None and previous is None:
        day = first_date(text.splitlines())
    last_at = previous
    last_in_paste: datetime | None = None
    chat_name: str | None = None
    pending: _Pending | None = None

    def resolve(time_text: str) -> datetime:
        if last_in_paste is None and day is not None and time_text.lstrip()[:1] not in "+-":
            # The incident's day, in the zone of the event it follows.
            zone = previous.tzinfo if previous is not None and previous.tzinfo else tz
            at, own_date = parse_time_dated(time_text, None, day, zone)
        else:
            at, own_date = parse_time_dated(time_text, last_at, day, tz)
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
            add(p.at, *timed_line(p.time_text, message, names))

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.translate(STRIP_INVISIBLE).strip()
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
                add(at, *timed_line(time_text, rest.replace("\t", " "), names))
                chat_name = None
            else:
                pending = _Pending(number, line, at, chat_name, time_text)
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
