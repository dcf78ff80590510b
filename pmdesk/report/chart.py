"""The timeline chart: events on a time axis, the milestones labelled, the incident span shaded.

It has to stay readable from a dozen events to thousands: few events are drawn as dots, many as
a density strip, and only the first event of each milestone gets a label, with labels stacked so
they never overlap each other or another label's leader line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth

from pmdesk.model import Marker, TimelineEvent
from pmdesk.report import fonts
from pmdesk.report.content import Timeline, sorted_events

# Events up to this many are drawn one dot each; more become a density strip.
MAX_DOTS = 150

_NICE_STEPS = (
    1,
    2,
    5,
    10,
    15,
    30,
    60,
    120,
    300,
    600,
    900,
    1800,
    3600,
    7200,
    10800,
    21600,
    43200,
    86400,
    172800,
    604800,
    1209600,
    2592000,
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Palette:
    ink: Color
    muted: Color
    rule: Color
    accent: Color
    tint: Color
    dots: Color


@dataclass
class _Label:
    x: float
    left: float
    right: float
    level: int
    name: str
    time: str


def _step(span: float, max_ticks: int) -> int:
    for step in _NICE_STEPS:
        if span / step <= max_ticks:
            return step
    return _NICE_STEPS[-1]


def _tick_text(at: datetime, step: int, previous: datetime | None, with_date: bool) -> str:
    day = f"{at.day} {_MONTHS[at.month - 1]}"
    if step >= 86400:
        return day
    clock = f"{at.hour:02d}:{at.minute:02d}" + (f":{at.second:02d}" if step < 60 else "")
    if with_date and (previous is None or previous.date() != at.date()):
        return f"{day} {clock}"
    return clock


def _clashes(label: _Label, level: int, other: _Label, gap: float) -> bool:
    """Whether `label` on `level` would touch `other` or cross a leader line."""
    if other.level == level:
        return label.left < other.right + gap and other.left < label.right + gap
    if other.level > level:  # other's leader passes through this level
        return label.left - gap <= other.x <= label.right + gap
    return other.left - gap <= label.x <= other.right + gap  # our leader passes other's label


def _place(labels: list[_Label], max_levels: int) -> int:
    """Give each label a level (0 nearest the axis); returns the number of levels used.

    Working from right to left, a label takes the lowest level where it overlaps no label on that
    level, crosses no leader line of a higher label, and its own leader crosses no lower label.
    """
    placed: list[_Label] = []
    gap = 4.0
    for label in sorted(labels, key=lambda lb: lb.x, reverse=True):
        level = 0
        while level < max_levels - 1 and any(
            _clashes(label, level, other, gap) for other in placed
        ):
            level += 1
        label.level = level
        placed.append(label)
    return max((lb.level for lb in labels), default=-1) + 1


def timeline_chart(
    events: list[TimelineEvent], view: Timeline, width: float, palette: Palette
) -> Drawing | None:
    """The chart for these events, `width` points wide; None for an empty timeline."""
    if not events:
        return None
    events = sorted_events(events)
    tz = view.tz
    first = events[0].at.astimezone(tz) if tz else events[0].at
    last = events[-1].at.astimezone(tz) if tz else events[-1].at
    span = (last - first).total_seconds()
    if span <= 0:
        first, last = first - timedelta(minutes=5), last + timedelta(minutes=5)
        span = 600.0
    pad = span * 0.03
    start = first - timedelta(seconds=pad)
    total = span + 2 * pad
    left_margin, right_margin = 4.0, 4.0
    plot = width - left_margin - right_margin

    def x_of(at: datetime) -> float:
        return left_margin + plot * (at - start).total_seconds() / total

    # Milestone labels: the first event of each marker, as the durations use it.
    firsts: dict[Marker, TimelineEvent] = {}
    for event in events:
        if event.marker is not None and event.marker not in firsts:
            firsts[event.marker] = event
    name_size, time_size = 7.5, 7.0
    labels: list[_Label] = []
    for marker, event in firsts.items():
        x = x_of(event.at)
        time_text = view.show(event.at)
        w = (
            max(
                stringWidth(marker.label, fonts.BOLD, name_size),
                stringWidth(time_text, fonts.BODY, time_size),
            )
            + 3
        )
        left, right = (x, x + w) if x + w <= width else (x - w, x)
        labels.append(_Label(x, left, right, 0, marker.label, time_text))
    levels = _place(labels, max_levels=len(labels) or 1)

    level_height = 19.0
    tick_area = 26.0
    strip = 34.0
    axis_y = tick_area
    strip_top = axis_y + strip
    height = strip_top + 6 + levels * level_height + 2
    drawing = Drawing(width, height)

    # The incident span, from trigger to resolution.
    trigger, resolution = firsts.get(Marker.TRIGGER), firsts.get(Marker.RESOLUTION)
    if trigger is not None and resolution is not None and resolution.at >= trigger.at:
        x0, x1 = x_of(trigger.at), x_of(resolution.at)
        drawing.add(
            Rect(x0, axis_y, max(x1 - x0, 1.0), strip, fillColor=palette.tint, strokeColor=None)
        )

    # Axis and ticks.
    drawing.add(Line(left_margin, axis_y, width - right_margin, axis_y, strokeColor=palette.muted))
    max_ticks = max(2, int(plot // 70))
    step = _step(total, max_ticks)
    offset = start.utcoffset() or timedelta(0)
    local_seconds = (start + offset).timestamp() if start.tzinfo else start.timestamp()
    tick_seconds = (int(local_seconds) // step + 1) * step
    tick = start + timedelta(seconds=tick_seconds - local_seconds)
    end = start + timedelta(seconds=total)
    previous: datetime | None = None
    while tick <= end:
        x = x_of(tick)
        drawing.add(Line(x, axis_y, x, axis_y - 3, strokeColor=palette.muted, strokeWidth=0.6))
        drawing.add(
            String(
                x,
                axis_y - 12,
                _tick_text(tick, step, previous, view.with_date),
                fontName=fonts.BODY,
                fontSize=7,
                fillColor=palette.muted,
                textAnchor="middle",
            )
        )
        previous = tick
        tick += timedelta(seconds=step)

    # The events.
    if len(events) <= MAX_DOTS:
        for event in events:
            colour = palette.accent if event.marker is not None else palette.dots
            drawing.add(
                Circle(
                    x_of(event.at),
                    axis_y + 6,
                    2.2,
                    fillColor=colour,
                    strokeColor=None,
                )
            )
    else:
        bins = max(20, min(120, int(plot // 4)))
        counts = [0] * bins
        for event in events:
            index = int((x_of(event.at) - left_margin) / plot * bins)
            counts[min(bins - 1, max(0, index))] += 1
        peak = max(counts)
        bar = plot / bins
        for i, count in enumerate(counts):
            if count:
                h = max(1.0, (strip - 8) * count / peak)
                drawing.add(
                    Rect(
                        left_margin + i * bar + 0.4,
                        axis_y + 1,
                        max(bar - 0.8, 0.6),
                        h,
                        fillColor=palette.dots,
                        strokeColor=None,
                    )
                )

    # Milestone leaders and labels.
    for label in labels:
        top = strip_top + 6 + label.level * level_height
        drawing.add(Line(label.x, axis_y, label.x, top + 15, strokeColor=palette.accent))
        anchor = "start" if label.left == label.x else "end"
        nudge = 2.5 if anchor == "start" else -2.5
        drawing.add(
            String(
                label.x + nudge,
                top + 8,
                label.name,
                fontName=fonts.BOLD,
                fontSize=name_size,
                fillColor=palette.ink,
                textAnchor=anchor,
            )
        )
        drawing.add(
            String(
                label.x + nudge,
                top,
                label.time,
                fontName=fonts.BODY,
                fontSize=time_size,
                fillColor=palette.muted,
                textAnchor=anchor,
            )
        )
    return drawing
