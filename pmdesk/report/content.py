"""What the report says, independent of how it is drawn.

The PDF and the Markdown export read the same sections from here, so the two never disagree on
what is included, in what order, or how a date or a duration is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from pmdesk.durations import Measure, compute_durations, format_duration
from pmdesk.meeting import PhaseOutcome, meeting_record
from pmdesk.model import (
    ActionItem,
    ActionStatus,
    Attendee,
    Factor,
    Kind,
    Postmortem,
    Question,
    RelatedLink,
    TimelineEvent,
)
from pmdesk.timeline.times import format_time, time_display

if TYPE_CHECKING:
    from pmdesk.report.language_check import FlaggedPhrase

UNTITLED = "Untitled postmortem"
# Shown for an item that has details but no text yet, so the details are not lost.
NO_DESCRIPTION = "(no description yet)"

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    """'15 April 2026': unambiguous for readers in every country."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def zone_name(at: datetime) -> str:
    return at.tzname() or ""


def moment(at: datetime) -> str:
    """'15 April 2026, 14:32 UTC'."""
    zone = zone_name(at)
    return f"{long_date(at.date())}, {at.hour:02d}:{at.minute:02d}" + (f" {zone}" if zone else "")


def title(pm: Postmortem) -> str:
    return pm.title.strip() or UNTITLED


# A title longer than this is shortened where it is a heading (and in the running header and
# the document's properties); the whole of it is printed once, in the body, under the heading.
TITLE_SHOWN = 200


def heading_title(pm: Postmortem) -> str:
    """The title as the document's heading: cut at a word near TITLE_SHOWN, with an ellipsis."""
    full = " ".join(title(pm).split())
    if len(full) <= TITLE_SHOWN:
        return full
    cut = full[:TITLE_SHOWN]
    space = cut.rfind(" ")
    if space > TITLE_SHOWN // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def full_title(pm: Postmortem) -> str | None:
    """The whole title when the heading had to shorten it, else None."""
    full = title(pm)
    return full if heading_title(pm) != " ".join(full.split()) else None


def document_kind(pm: Postmortem) -> str:
    """What the document is, for the line above the title."""
    return {
        Kind.INCIDENT: "Postmortem",
        Kind.NEAR_MISS: "Near-miss review",
        Kind.SECURITY: "Security postmortem",
    }[pm.kind]


@dataclass(frozen=True)
class Fact:
    """One line of the at-a-glance header.

    items: the separately written texts the value lists (services, tags), when it is a list.
    """

    label: str
    value: str
    items: tuple[str, ...] = ()


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def incident_duration(pm: Postmortem) -> str | None:
    """'18 min (14:32 to 14:50 UTC)', from the incident's start and resolution times."""
    start, end = pm.started_at, pm.resolved_at
    if start is None or end is None:
        # Fall back on the timeline's trigger and resolution markers.
        resolve = compute_durations(pm.timeline).resolve
        start, end = resolve.start, resolve.end
    if start is None or end is None or end < start:
        return None
    end = end.astimezone(start.tzinfo) if start.tzinfo and end.tzinfo else end
    same_day = start.date() == end.date()
    to = f"{end.hour:02d}:{end.minute:02d}" if same_day else moment(end)
    zone = zone_name(start)
    span = f"{start.hour:02d}:{start.minute:02d} to {to}" + (
        f" {zone}" if same_day and zone else ""
    )
    return f"{format_duration(end - start)} ({span})"


def header_facts(pm: Postmortem) -> list[Fact]:
    """The one-glance header; a fact with no value is left out."""
    facts: list[Fact] = []
    if pm.incident_date is not None:
        facts.append(Fact("Incident date", moment(pm.incident_date)))
    duration = incident_duration(pm)
    if duration:
        facts.append(Fact("Duration", duration))
    sev = pm.severity
    facts.append(Fact("Severity", sev.level.label))
    facts.append(
        Fact(
            "Impact",
            f"Customer-facing: {_yes_no(sev.customer_facing)} · "
            f"Revenue impact: {_yes_no(sev.revenue_impact)} · "
            f"Data loss: {_yes_no(sev.data_loss)}",
        )
    )
    facts.append(Fact("Kind", pm.kind.label))
    facts.append(Fact("Status", pm.status.label))
    services = [s.strip() for s in pm.services if s.strip()]
    if services:
        facts.append(Fact("Services", ", ".join(services), tuple(services)))
    if pm.meeting_at is not None:
        facts.append(Fact("Review meeting", moment(pm.meeting_at)))
    if pm.facilitator is not None and pm.facilitator.name.strip():
        facts.append(Fact("Facilitator", pm.facilitator.name.strip()))
    tags = [t.strip() for t in pm.tags if t.strip()]
    if tags:
        facts.append(Fact("Tags", ", ".join(tags), tuple(tags)))
    return facts


@dataclass(frozen=True)
class Block:
    """A paragraph, a list item or a fenced code block of free text (summary, lessons learned).

    marker: "•" for a bullet item, the number as typed ("2.", "10)") for a numbered one, "" for
    a paragraph. A code block keeps its lines and spaces exactly; `info` is what followed the
    opening fence ("bash").
    """

    text: str
    marker: str = ""
    code: bool = False
    info: str = ""

    @property
    def bullet(self) -> bool:
        return self.marker == "•"

    @property
    def numbered(self) -> bool:
        return self.marker[:1].isdigit()


_ITEM = re.compile(r"^\s*(?:([-*•‣◦])|(\d{1,9}[.)]))\s+")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(fence) and not stripped.strip(fence[0])


def blocks(text: str) -> list[Block]:
    """Split free text into paragraphs, list items and code blocks, as the author typed them.

    Lines starting with '-', '*' or '•' are bullet items and lines starting with a number and
    '.' or ')' are numbered items, the number kept; a following line that is not an item
    continues it; blank lines separate paragraphs; other line breaks are kept. A block fenced
    by ``` or ~~~ lines is kept line for line (an unclosed fence runs to the end); fences around
    nothing are kept as the text typed on them.
    """
    result: list[Block] = []
    current: list[str] = []
    marker = ""
    lines = iter(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))

    def flush() -> None:
        if current:
            joined = "\n".join(current).strip()
            if joined:
                result.append(Block(joined, marker))
            current.clear()

    for line in lines:
        fence = _FENCE.match(line)
        if fence:
            flush()
            marker = ""
            code: list[str] = []
            closing = None
            for inner in lines:
                if _closes(inner, fence.group(1)):
                    closing = inner
                    break
                code.append(inner.rstrip())
            body = "\n".join(code).strip("\n")
            if body.strip():
                result.append(Block(body, code=True, info=fence.group(2).strip()))
            elif fence.group(2).strip():
                # Fences around nothing are no code block: what was typed on them stays text.
                current += [line.rstrip(), *([closing.rstrip()] if closing else [])]
                flush()
            continue
        if not line.strip():
            flush()
            marker = ""
            continue
        match = _ITEM.match(line)
        if match:
            flush()
            marker = "•" if match.group(1) else match.group(2)
            current.append(line[match.end() :].strip())
        elif marker:
            current[-1] = f"{current[-1]} {line.strip()}" if current else line.strip()
        else:
            current.append(line.rstrip())
    flush()
    return result


# -- timeline ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineRow:
    at: datetime
    time: str
    text: str
    source: str
    marker: str
    # ("Seen", "...") pairs: what the room said about the event, in the order it was asked.
    discussion: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Timeline:
    rows: list[TimelineRow]
    zone: str
    tz: tzinfo | None
    with_date: bool
    with_seconds: bool

    @property
    def time_heading(self) -> str:
        return f"Time ({self.zone})" if self.zone else "Time"

    def show(self, at: datetime) -> str:
        return format_time(at, with_date=self.with_date, with_seconds=self.with_seconds, tz=self.tz)


DISCUSSION_LABELS = (("seen", "Seen"), ("believed", "Thought"), ("done_next", "Did next"))


def sorted_events(events: Sequence[TimelineEvent]) -> list[TimelineEvent]:
    return sorted(events, key=lambda e: (e.at, e.seq))


def timeline(pm: Postmortem) -> Timeline:
    """Rows in time order, all shown in the zone of the first event."""
    events = sorted_events(pm.timeline)
    tz = events[0].at.tzinfo if events else None
    display = time_display(events, tz)
    zone = zone_name(events[0].at) if events else ""
    view = Timeline([], zone, tz, display.with_date, display.with_seconds)
    for event in events:
        discussion = tuple(
            (label, getattr(event, name).strip())
            for name, label in DISCUSSION_LABELS
            if getattr(event, name).strip()
        )
        view.rows.append(
            TimelineRow(
                at=event.at,
                time=view.show(event.at),
                text=event.text.strip(),
                source=event.source.strip(),
                marker=event.marker.label if event.marker else "",
                discussion=discussion,
            )
        )
    return view


def key_durations(pm: Postmortem) -> list[Measure]:
    """Detect, acknowledge, mitigate, resolve; empty when none of them can be measured."""
    durations = compute_durations(pm.timeline)
    measures = [durations.detect, durations.acknowledge, durations.mitigate, durations.resolve]
    return measures if any(m.value is not None for m in measures) else []


# -- factors and actions -------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberedFactor:
    number: int
    text: str
    factor: Factor
    whys: list[str]
    event_times: list[str]


def factor_groups(pm: Postmortem) -> list[tuple[Question, list[NumberedFactor]]]:
    """Factors under their question, in the order of the four questions, numbered through."""
    view = timeline(pm)
    at_by_id = {e.id: e.at for e in pm.timeline}
    groups: list[tuple[Question, list[NumberedFactor]]] = []
    number = 0
    for question in Question:
        items: list[NumberedFactor] = []
        for factor in pm.factors:
            whys = [w.strip() for w in factor.whys if w.strip()]
            if factor.question is not question or not (factor.text.strip() or whys):
                continue
            number += 1
            times = sorted(at_by_id[i] for i in factor.event_ids if i in at_by_id)
            items.append(
                NumberedFactor(
                    number,
                    factor.text.strip() or NO_DESCRIPTION,
                    factor,
                    whys,
                    [view.show(at) for at in times],
                )
            )
        if items:
            groups.append((question, items))
    return groups


def factor_numbers(pm: Postmortem) -> dict[str, int]:
    return {nf.factor.id: nf.number for _, items in factor_groups(pm) for nf in items}


def sorted_actions(actions: Sequence[ActionItem]) -> list[ActionItem]:
    """Prevent before Detect before Mitigate, then the nearest deadline; no deadline last."""
    indexed = list(enumerate(actions))
    indexed.sort(key=lambda pair: (pair[1].type.priority, pair[1].deadline or date.max, pair[0]))
    return [a for _, a in indexed if _has_content(a)]


def _has_content(action: ActionItem) -> bool:
    dropped = action.status is ActionStatus.DROPPED and action.dropped_reason.strip()
    return bool(action.description.strip() or action.owner.strip() or action.deadline or dropped)


def action_description(action: ActionItem) -> str:
    return action.description.strip() or NO_DESCRIPTION


def action_status(action: ActionItem) -> str:
    if action.status is ActionStatus.DONE and action.done_on is not None:
        return f"Done {action.done_on.isoformat()}"
    if action.status is ActionStatus.DROPPED and action.dropped_reason.strip():
        return f"Dropped: {action.dropped_reason.strip()}"
    return action.status.label


def action_deadline(action: ActionItem) -> str:
    return action.deadline.isoformat() if action.deadline else "Not set"


def action_owner(action: ActionItem) -> str:
    return action.owner.strip() or "Not assigned"


# -- people and the meeting ----------------------------------------------------------------------


def attendees(pm: Postmortem) -> list[Attendee]:
    return [a for a in pm.attendees if a.name.strip() or a.role.strip()]


def attendee_name(person: Attendee) -> str:
    return person.name.strip() or "(name not given)"


def meeting_outcomes(pm: Postmortem) -> list[PhaseOutcome]:
    """Planned against actual per phase; empty when the meeting timer never ran."""
    outcomes = meeting_record(pm.phases)
    return outcomes if any(o.actual_seconds > 0 for o in outcomes) else []


def outcome_actual(outcome: PhaseOutcome) -> str:
    """'23 min, 3 over' or 'not reached (5 min planned)': the outcome without its phase name."""
    return outcome.describe().removeprefix(f"{outcome.name}: ")


def findings(pm: Postmortem) -> list[str]:
    return [f.text.strip() for f in pm.findings if f.text.strip()]


RELATED_INTRO = "Other postmortems the team recognised in this one."


def related(pm: Postmortem) -> list[tuple[RelatedLink, str]]:
    """Each related postmortem with its title and incident date: 'DNS overload (2 March 2026)'."""
    return [
        (
            link,
            f"{link.title.strip()} ({long_date(link.incident_day)})"
            if link.incident_day
            else link.title.strip(),
        )
        for link in pm.related
        if link.title.strip()
    ]


def language_line(count: int | None) -> str | None:
    """The closing language-check sentence; None when the check is not available."""
    if count is None:
        return None
    if count == 0:
        return "Language check: no flagged phrases remain in this document."
    if count == 1:
        return "Language check: 1 flagged phrase remains in this document."
    return f"Language check: {count} flagged phrases remain in this document."


# The flagged phrases a report lists under its language-check line; the rest are counted.
MAX_LISTED_PHRASES = 10


def language_notes(phrases: list[FlaggedPhrase]) -> list[str]:
    """One line per flagged phrase left: the words, where, what to try instead (the kind's
    reframe, as the hover and the strip show it) and the rule's suggested words."""
    lines = []
    for phrase in phrases[:MAX_LISTED_PHRASES]:
        words = " ".join(phrase.phrase.split())
        line = f"“{words}” ({phrase.where})"
        if phrase.reframe:
            line += f". Try instead: {phrase.reframe}"
        if phrase.suggestion:
            line += f". Suggested words: “{phrase.suggestion}”"
        lines.append(line)
    more = len(phrases) - MAX_LISTED_PHRASES
    if more > 0:
        lines.append(f"and {more} more")
    return lines


def generated_line(generated: datetime) -> str:
    return f"Generated {long_date(generated.date())}"
