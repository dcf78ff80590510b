"""Action items into the tools teams already use: Jira and Linear CSV, and an iCalendar file.

pmdesk does not replace the tracker (DOMAIN.md): it hands the actions over in the format each
importer reads, so follow-up happens where the team already works. The column mapping and how to
import are documented in docs/trackers.md; keep the two in step.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, TypeAlias

from pmdesk import __version__
from pmdesk.model import ActionItem, ActionStatus, ActionType

if TYPE_CHECKING:
    from pmdesk.model import TrackedAction

# The tracker's rows, or (postmortem title, item) pairs from one open document.
ActionRows: TypeAlias = "Iterable[TrackedAction] | Iterable[tuple[str, ActionItem]]"

# What each type means, for the reader of the ticket.
_TYPE_MEANING = {
    ActionType.PREVENT: "stops this failure from happening again",
    ActionType.DETECT: "catches it sooner next time",
    ActionType.MITIGATE: "limits the damage when it happens",
}
# Type priority (Prevent first) as the trackers' priority names.
_JIRA_PRIORITY = {
    ActionType.PREVENT: "High",
    ActionType.DETECT: "Medium",
    ActionType.MITIGATE: "Low",
}
_LINEAR_PRIORITY = _JIRA_PRIORITY
_JIRA_STATUS = {
    ActionStatus.OPEN: "To Do",
    ActionStatus.IN_PROGRESS: "In Progress",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "Done",
}
_JIRA_RESOLUTION = {ActionStatus.DONE: "Done", ActionStatus.DROPPED: "Won't Do"}
_LINEAR_STATUS = {
    ActionStatus.OPEN: "Todo",
    ActionStatus.IN_PROGRESS: "In Progress",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "Canceled",
}
# Jira's summary is one line of at most 255 characters.
JIRA_SUMMARY_LIMIT = 255

JIRA_COLUMNS: tuple[str, ...] = (
    "Summary",
    "Issue Type",
    "Priority",
    "Status",
    "Resolution",
    "Assignee",
    "Due Date",
    "Description",
    "Labels",
    "Labels",
    "Labels",
)
# Every column Linear's own CSV export has and its importer reads, in that order, plus Due Date.
LINEAR_COLUMNS: tuple[str, ...] = (
    "Id",
    "Team",
    "Title",
    "Description",
    "Status",
    "Estimate",
    "Priority",
    "Project",
    "Creator",
    "Assignee",
    "Labels",
    "Cycle Number",
    "Cycle Name",
    "Cycle Start",
    "Cycle End",
    "Created",
    "Updated",
    "Started",
    "Completed",
    "Canceled",
    "Archived",
    "Due Date",
)


@dataclass(frozen=True)
class _Row:
    postmortem_id: int | None
    title: str
    item: ActionItem


def _rows(rows: ActionRows) -> list[_Row]:
    out: list[_Row] = []
    for row in rows:
        if isinstance(row, tuple):
            title, item = row
            out.append(_Row(None, str(title), item))
        else:
            out.append(_Row(row.postmortem_id, row.postmortem_title, row.item))
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _summary(text: str, limit: int) -> str:
    line = _one_line(text) or "Untitled action item"
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _details(row: _Row) -> list[str]:
    """The context a ticket reader needs, below the full description."""
    item = row.item
    lines = [
        f"From the postmortem: {row.title or 'Untitled'}",
        f"Type: {item.type.label} ({_TYPE_MEANING[item.type]})",
        f"Owner: {_one_line(item.owner) or 'not set'}",
    ]
    if item.deadline is not None:
        lines.append(f"Due: {item.deadline.isoformat()}")
    if item.status is ActionStatus.DONE and item.done_on is not None:
        lines.append(f"Done on: {item.done_on.isoformat()}")
    if item.status is ActionStatus.DROPPED:
        lines.append(f"Dropped: {_one_line(item.dropped_reason) or 'no reason given'}")
    lines.append(f"pmdesk action id: {item.id}")
    return lines


def _write(header: Sequence[str], records: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(records)
    return buffer.getvalue()


def to_jira_csv(rows: ActionRows) -> str:
    """CSV for Jira's CSV importer (set its date format to yyyy-MM-dd when asked)."""
    records = []
    for row in _rows(rows):
        item = row.item
        description = "\n".join([item.description.strip(), "", *_details(row)]).strip()
        labels = ["postmortem", f"action-{item.type.value}"]
        labels.append(f"postmortem-{row.postmortem_id}" if row.postmortem_id is not None else "")
        records.append(
            [
                _summary(item.description, JIRA_SUMMARY_LIMIT),
                "Task",
                _JIRA_PRIORITY[item.type],
                _JIRA_STATUS[item.status],
                _JIRA_RESOLUTION.get(item.status, ""),
                _one_line(item.owner),
                item.deadline.isoformat() if item.deadline else "",
                description,
                *labels,
            ]
        )
    return _write(JIRA_COLUMNS, records)


def _linear_safe(text: str) -> str:
    """Linear's exports put a ' before text a spreadsheet would run as a formula; its importer
    takes it off again. Doing the same keeps the file safe to open in a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_linear_csv(rows: ActionRows) -> str:
    """CSV in the shape of Linear's own export, which the Linear CSV importer reads."""
    records = []
    for row in _rows(rows):
        item = row.item
        description = "\n".join([item.description.strip(), "", *_details(row)]).strip()
        values = dict.fromkeys(LINEAR_COLUMNS, "")
        values.update(
            {
                "Id": item.id,
                "Title": _linear_safe(_summary(item.description, JIRA_SUMMARY_LIMIT)),
                "Description": _linear_safe(description),
                "Status": _LINEAR_STATUS[item.status],
                "Priority": _LINEAR_PRIORITY[item.type],
                "Assignee": _linear_safe(_one_line(item.owner)),
                "Labels": ", ".join(["postmortem", f"action-{item.type.value}"]),
                "Completed": (
                    item.done_on.isoformat()
                    if item.status is ActionStatus.DONE and item.done_on
                    else ""
                ),
                "Due Date": item.deadline.isoformat() if item.deadline else "",
            }
        )
        records.append([values[name] for name in LINEAR_COLUMNS])
    return _write(LINEAR_COLUMNS, records)


# -- iCalendar (RFC 5545) --------------------------------------------------------------------------


def _ical_text(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma, line breaks; drop other control chars."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (CRLF + space), never inside a UTF-8 character."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = ch, width, 74  # continuation lines start with a space
        else:
            current += ch
            size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _uid_base(item_id: str) -> str:
    safe = "".join(ch for ch in item_id if ch.isascii() and (ch.isalnum() or ch in "-_."))
    return safe or "action"


def to_ics(rows: ActionRows, *, now: datetime) -> str:
    """An iCalendar file with one all-day event per action item that has a deadline.

    The UID comes from the item id, so importing a newer export updates the events instead of
    duplicating them. Dropped items are marked cancelled. `now` (the DTSTAMP) is converted to UTC.
    """
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    dated = [row for row in _rows(rows) if row.item.deadline is not None]
    bases = [_uid_base(row.item.id) for row in dated]
    repeated = {base for base in bases if bases.count(base) > 1}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//pmdesk//pmdesk {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Postmortem action items",
    ]
    for index, (row, base) in enumerate(zip(dated, bases, strict=True)):
        item = row.item
        assert item.deadline is not None
        # The same file imported twice holds the same item ids: keep every UID unique.
        if base in repeated:
            base = f"{base}-{row.postmortem_id if row.postmortem_id is not None else index}"
        owner = _one_line(item.owner) or "no owner"
        summary = f"Due: {_one_line(item.description) or 'Untitled action item'} ({owner})"
        description = "\n".join(
            [
                f"Postmortem: {row.title or 'Untitled'}",
                f"Type: {item.type.label} ({_TYPE_MEANING[item.type]})",
                f"Status: {item.status.label}",
                *([f"Dropped: {_one_line(item.dropped_reason)}"] if item.dropped_reason else []),
                "",
                item.description.strip(),
            ]
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{base}@pmdesk",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_ical_date(item.deadline)}",
            *_dtend(item.deadline),
            f"SUMMARY:{_ical_text(summary)}",
            f"DESCRIPTION:{_ical_text(description)}",
            f"CATEGORIES:{_ical_text('Postmortem action')},{_ical_text(item.type.label)}",
            "TRANSP:TRANSPARENT",
            f"STATUS:{'CANCELLED' if item.status is ActionStatus.DROPPED else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _ical_date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _dtend(day: date) -> list[str]:
    """The exclusive end of an all-day event; none for the last representable day."""
    if day == date.max:
        return []
    return [f"DTEND;VALUE=DATE:{_ical_date(day + timedelta(days=1))}"]
