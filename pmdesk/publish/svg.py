"""The timeline chart of a published page, as inline SVG: events on a time axis, the milestones
(trigger, detection, acknowledgement, mitigation, resolution...) marked and labelled, the
incident span shaded.

Up to MAX_DOTS events are one dot each, with the event as its tooltip; more become a density
strip. Only the first event of each milestone is labelled (as the durations count it), and the
labels are stacked on levels so none overlaps another or another's leader line. Colours come
from the site's stylesheet (classes), so the chart follows its light and dark themes and prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from pmdesk.model import Marker, TimelineEvent
from pmdesk.report.content import Timeline, sorted_events

MAX_DOTS = 150
WIDTH = 760.0
_STEPS = (60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Rough text widths in SVG units at the chart's font sizes (a label a little wide only moves
# to the next level).
_NAME_CHAR, _TIME_CHAR = 7.8, 7.0


@dataclass
class _Label:
    x: float
    left: float
    right: float
    name: str
    time: str
    level: int = 0


def _step(span: float, max_ticks: int) -> int:
    return next((s for s in _STEPS if span / s <= max_ticks), _STEPS[-1])


def _tick_text(at: datetime, step: int, previous: datetime | None) -> str:
    day = f"{at.day} {_MONTHS[at.month - 1]}"
    if step >= 86400:
        return day
    clock = f"{at.hour:02d}:{at.minute:02d}"
    return f"{day} {clock}" if previous is not None and previous.date() != at.date() else clock


def _clashes(label: _Label, level: int, other: _Label) -> bool:
    gap = 6.0
    if other.level == level:
        return label.left < other.right + gap and other.left < label.right + gap
    if other.level > level:  # the other's leader line passes this level
        return label.left - gap <= other.x <= label.right + gap
    return other.left - gap <= label.x <= other.right + gap


def _place(labels: list[_Label]) -> int:
    """Give each label a level (0 nearest the axis), right to left: the lowest where it touches
    no label, crosses no leader and its own leader crosses no label; at worst the next free top
    level (two milestones at one moment share a leader line). Returns the levels used."""
    placed: list[_Label] = []
    for label in sorted(labels, key=lambda lb: lb.x, reverse=True):
        level = 0
        while level < len(placed) and any(_clashes(label, level, other) for other in placed):
            level += 1
        label.level = level
        placed.append(label)
    return max((lb.level for lb in labels), default=-1) + 1


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def timeline_svg(events: list[TimelineEvent], view: Timeline) -> str:
    """The chart as an <svg> element; "" for an empty timeline."""
    if not events:
        return ""
    events = sorted_events(events)
    tz = view.tz
    first = events[0].at.astimezone(tz) if tz else events[0].at
    last = events[-1].at.astimezone(tz) if tz else events[-1].at
    span = (last - first).total_seconds()
    if span <= 0:
        first, last, span = first - timedelta(minutes=5), last + timedelta(minutes=5), 600.0
    pad = span * 0.03
    start = first - timedelta(seconds=pad)
    total = span + 2 * pad
    left, right = 8.0, WIDTH - 8.0
    plot = right - left

    def x_of(at: datetime) -> float:
        return left + plot * (at - start).total_seconds() / total

    firsts: dict[Marker, TimelineEvent] = {}
    for event in events:
        if event.marker is not None and event.marker not in firsts:
            firsts[event.marker] = event
    labels: list[_Label] = []
    for marker, event in firsts.items():
        x = x_of(event.at)
        time_text = view.show(event.at)
        w = max(len(marker.label) * _NAME_CHAR, len(time_text) * _TIME_CHAR) + 6
        lo, hi = (x, x + w) if x + w <= WIDTH else (x - w, x)
        labels.append(_Label(x, lo, hi, marker.label, time_text))
    levels = _place(labels)

    level_height, strip = 30.0, 36.0
    top_area = levels * level_height + 8
    axis_y = top_area + strip
    height = axis_y + 24
    parts: list[str] = []

    trigger, resolution = firsts.get(Marker.TRIGGER), firsts.get(Marker.RESOLUTION)
    if trigger is not None and resolution is not None and resolution.at >= trigger.at:
        x0, x1 = x_of(trigger.at), x_of(resolution.at)
        parts.append(
            f'<rect class="span" x="{_n(x0)}" y="{_n(top_area)}" width="{_n(max(x1 - x0, 1.0))}"'
            f' height="{_n(strip)}"><title>Incident: trigger to resolution</title></rect>'
        )
    parts.append(
        f'<line class="axis" x1="{_n(left)}" y1="{_n(axis_y)}" x2="{_n(right)}" y2="{_n(axis_y)}"/>'
    )
    parts += _ticks(start, total, axis_y, x_of, plot)
    parts += _events(events, view, axis_y, strip, x_of, left, plot)
    for label in labels:
        top = top_area - 4 - label.level * level_height
        at_start = label.left == label.x
        anchor = "start" if at_start else "end"
        tx = label.x + (4 if at_start else -4)
        parts.append(
            f'<line class="leader" x1="{_n(label.x)}" y1="{_n(axis_y)}" x2="{_n(label.x)}"'
            f' y2="{_n(top - 22)}"/>'
            f'<text class="milestone" x="{_n(tx)}" y="{_n(top - 12)}" text-anchor="{anchor}">'
            f"{escape(label.name)}</text>"
            f'<text class="when" x="{_n(tx)}" y="{_n(top)}" text-anchor="{anchor}">'
            f"{escape(label.time)}</text>"
        )
    title = f"Timeline chart: {len(events)} events"
    if firsts:
        title += ", milestones " + ", ".join(m.label.lower() for m in firsts)
    return (
        f'<svg class="chart" viewBox="0 0 {_n(WIDTH)} {_n(height)}" role="img"'
        f' aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(parts)
        + "</svg>"
    )


def _ticks(
    start: datetime, total: float, axis_y: float, x_of: Callable[[datetime], float], plot: float
) -> list[str]:
    step = _step(total, max(2, int(plot // 90)))
    offset = start.utcoffset() or timedelta(0)
    local = (start + offset).timestamp() if start.tzinfo else start.timestamp()
    tick = start + timedelta(seconds=(int(local) // step + 1) * step - local)
    end = start + timedelta(seconds=total)
    parts: list[str] = []
    previous: datetime | None = None
    while tick <= end:
        x = _n(x_of(tick))
        parts.append(
            f'<line class="tick" x1="{x}" y1="{_n(axis_y)}" x2="{x}" y2="{_n(axis_y + 4)}"/>'
            f'<text class="tick" x="{x}" y="{_n(axis_y + 17)}" text-anchor="middle">'
            f"{escape(_tick_text(tick, step, previous))}</text>"
        )
        previous = tick
        tick += timedelta(seconds=step)
    return parts


def _events(
    events: list[TimelineEvent],
    view: Timeline,
    axis_y: float,
    strip: float,
    x_of: Callable[[datetime], float],
    left: float,
    plot: float,
) -> list[str]:
    parts: list[str] = []
    if len(events) <= MAX_DOTS:
        for event in events:
            kind = "dot marked" if event.marker is not None else "dot"
            tip = f"{view.show(event.at)} {event.text.strip()}"
            parts.append(
                f'<circle class="{kind}" cx="{_n(x_of(event.at))}" cy="{_n(axis_y - 7)}" r="4">'
                f"<title>{escape(tip)}</title></circle>"
            )
        return parts
    bins = 120
    counts = [0] * bins
    for event in events:
        index = int((x_of(event.at) - left) / plot * bins)
        counts[min(bins - 1, max(0, index))] += 1
    peak = max(counts)
    bar = plot / bins
    for i, count in enumerate(counts):
        if count:
            h = max(1.5, (strip - 8) * count / peak)
            parts.append(
                f'<rect class="density" x="{_n(left + i * bar + 0.5)}" y="{_n(axis_y - h)}"'
                f' width="{_n(max(bar - 1, 0.8))}" height="{_n(h)}"/>'
            )
    return parts
