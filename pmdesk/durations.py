"""How long the incident took, measured only between the milestones the team marked.

A duration shown above the timeline invites the question "why did detection take as long as it
did?", so it must be exact or absent: a missing or contradictory marker is reported in words,
never filled in from an unmarked event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from pmdesk.model import Marker, TimelineEvent


@dataclass(frozen=True)
class Measure:
    """One duration, or the reason it cannot be given (`value` is None exactly then)."""

    label: str
    value: timedelta | None
    missing: str = ""
    # The reason in a few words, for a tile one line high ("Before trigger").
    brief: str = ""
    # The markers contradict each other (a warning), rather than one not being set yet.
    out_of_order: bool = False
    # The two moments measured between, for a tooltip ("14:32 -> 14:35").
    start: datetime | None = None
    end: datetime | None = None

    @property
    def text(self) -> str:
        return format_duration(self.value) if self.value is not None else self.missing

    @property
    def short_text(self) -> str:
        """The duration, or the reason it is missing in a few words."""
        return self.text if self.value is not None else self.brief or self.missing


@dataclass(frozen=True)
class Durations:
    detect: Measure
    acknowledge: Measure
    mitigate: Measure
    resolve: Measure
    total: Measure

    def __iter__(self) -> Iterator[Measure]:
        """In the order they are shown above the timeline."""
        yield from (self.detect, self.acknowledge, self.mitigate, self.resolve, self.total)


def _between(label: str, marks: dict[Marker, datetime], start: Marker, end: Marker) -> Measure:
    absent = [m.label for m in (start, end) if m not in marks]
    if len(absent) == 2:
        return Measure(
            label, None, f"No events are marked {absent[0]} or {absent[1]}", "Not marked yet"
        )
    if absent:
        # The tile's title names the end ("Time to detect"): only a missing start is spelled out.
        brief = f"No {start.label.lower()} marked" if start not in marks else "Not marked yet"
        return Measure(label, None, f"No event is marked {absent[0]}", brief)
    value = marks[end] - marks[start]
    if value < timedelta(0):
        return Measure(
            label,
            None,
            f"The {end.label} event comes before the {start.label} event; check the markers",
            f"Before {start.label.lower()}",
            out_of_order=True,
        )
    return Measure(label, value, start=marks[start], end=marks[end])


def compute_durations(events: Iterable[TimelineEvent]) -> Durations:
    """Durations from the trigger to each milestone, plus the whole span of the timeline.

    When several events carry the same marker, the earliest one counts.
    """
    marks: dict[Marker, datetime] = {}
    first: datetime | None = None
    last: datetime | None = None
    count = 0
    for event in events:
        count += 1
        first = event.at if first is None or event.at < first else first
        last = event.at if last is None or event.at > last else last
        if event.marker is not None and (
            event.marker not in marks or event.at < marks[event.marker]
        ):
            marks[event.marker] = event.at
    if first is None or last is None:
        total = Measure("Total duration", None, "The timeline is empty", "No events yet")
    elif count == 1:
        total = Measure(
            "Total duration",
            None,
            "Only one event; a total needs a first and a last",
            "One event only",
        )
    else:
        total = Measure("Total duration", last - first, start=first, end=last)
    return Durations(
        detect=_between("Time to detect", marks, Marker.TRIGGER, Marker.DETECTION),
        acknowledge=_between("Time to acknowledge", marks, Marker.TRIGGER, Marker.ACKNOWLEDGEMENT),
        mitigate=_between("Time to mitigate", marks, Marker.TRIGGER, Marker.MITIGATION),
        resolve=_between("Time to resolve", marks, Marker.TRIGGER, Marker.RESOLUTION),
        total=total,
    )


def format_duration(value: timedelta) -> str:
    """Short and readable: "45 s", "3 min 20 s", "12 min", "1 h 05 min", "2 d 3 h 05 min".

    Seconds are shown only under ten minutes, where they still matter; longer spans are cut
    (not rounded) to the minute, so a duration never looks longer than it was.
    """
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    if seconds < 60:
        return f"{sign}{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        if minutes < 10 and seconds:
            return f"{sign}{minutes} min {seconds:02d} s"
        return f"{sign}{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{sign}{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{sign}{days} d {hours} h {minutes:02d} min"


def relative_label(at: datetime, first: datetime) -> str:
    """Hours and minutes since the first event, for the relative-time column: "+0:03"."""
    seconds = int((at - first).total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours}:{minutes:02d}"
