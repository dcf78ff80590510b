"""Durations above the timeline: measured between marked milestones, never guessed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pmdesk.durations import compute_durations, format_duration, relative_label
from pmdesk.model import Marker, TimelineEvent
from pmdesk.timeline.load import load_timeline_file

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples" / "timeline"


def at(hour: int, minute: int, second: int = 0, day: int = 15) -> datetime:
    return datetime(2026, 4, day, hour, minute, second, tzinfo=UTC)


def event(when: datetime, marker: Marker | None = None, text: str = "x") -> TimelineEvent:
    return TimelineEvent(at=when, text=text, marker=marker)


def test_durations_of_the_sample_incident() -> None:
    durations = compute_durations(load_timeline_file(SAMPLES / "events.json"))
    assert [(m.label, m.text) for m in durations] == [
        ("Time to detect", "3 min 02 s"),
        ("Time to acknowledge", "5 min 10 s"),
        ("Time to mitigate", "9 min 05 s"),
        ("Time to resolve", "18 min"),
        ("Total duration", "18 min"),
    ]
    assert durations.detect.value == timedelta(minutes=3, seconds=2)
    assert (durations.detect.start, durations.detect.end) == (at(14, 32), at(14, 35, 2))


def test_missing_markers_are_named_not_guessed() -> None:
    events = [
        event(at(14, 32), Marker.TRIGGER),
        event(at(14, 35), text="alert fires (not marked)"),
        event(at(14, 37), Marker.ACKNOWLEDGEMENT),
    ]
    durations = compute_durations(events)
    assert durations.detect.value is None
    assert durations.detect.text == "No event is marked Detection"
    assert durations.acknowledge.text == "5 min"
    assert durations.mitigate.text == "No event is marked Mitigation"
    assert durations.resolve.text == "No event is marked Resolution"
    assert durations.total.text == "5 min"


def test_without_a_trigger_nothing_from_the_trigger_is_measured() -> None:
    events = [event(at(14, 35), Marker.DETECTION), event(at(14, 50), Marker.RESOLUTION)]
    durations = compute_durations(events)
    assert durations.detect.text == "No event is marked Trigger"
    assert durations.resolve.text == "No event is marked Trigger"
    assert durations.acknowledge.text == "No events are marked Trigger or Acknowledgement"
    assert durations.total.value == timedelta(minutes=15)


def test_a_milestone_before_the_trigger_is_reported() -> None:
    events = [event(at(14, 32), Marker.TRIGGER), event(at(14, 30), Marker.DETECTION)]
    measure = compute_durations(events).detect
    assert measure.value is None
    assert (
        measure.missing == "The Detection event comes before the Trigger event; check the markers"
    )


def test_the_earliest_of_repeated_markers_counts_in_any_order() -> None:
    events = [
        event(at(14, 40), Marker.DETECTION),
        event(at(14, 32), Marker.TRIGGER),
        event(at(14, 35), Marker.DETECTION),
        event(at(14, 33), Marker.TRIGGER),
    ]
    assert compute_durations(events).detect.value == timedelta(minutes=3)


def test_zero_length_is_a_duration() -> None:
    events = [event(at(14, 32), Marker.TRIGGER), event(at(14, 32), Marker.DETECTION)]
    assert compute_durations(events).detect.text == "0 s"


def test_markers_in_different_zones_are_compared_as_moments() -> None:
    berlin = datetime(2026, 4, 15, 16, 40, tzinfo=ZoneInfo("Europe/Berlin"))
    events = [event(at(14, 32), Marker.TRIGGER), event(berlin, Marker.MITIGATION)]
    assert compute_durations(events).mitigate.text == "8 min"


def test_total_needs_two_events() -> None:
    assert compute_durations([]).total.text == "The timeline is empty"
    single = compute_durations([event(at(14, 32))]).total
    assert single.value is None
    assert "Only one event" in single.text


def test_total_spans_first_to_last_event_whatever_their_order() -> None:
    events = [event(at(14, 50)), event(at(9, 0, day=16)), event(at(14, 32))]
    total = compute_durations(events).total
    assert total.text == "18 h 28 min"
    assert (total.start, total.end) == (at(14, 32), at(9, 0, day=16))


def test_durations_accept_a_generator() -> None:
    durations = compute_durations(e for e in [event(at(14, 32), Marker.TRIGGER), event(at(14, 44))])
    assert durations.total.text == "12 min"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (timedelta(0), "0 s"),
        (timedelta(seconds=45), "45 s"),
        (timedelta(seconds=59.9), "59 s"),
        (timedelta(seconds=60), "1 min"),
        (timedelta(seconds=90), "1 min 30 s"),
        (timedelta(minutes=9, seconds=5), "9 min 05 s"),
        (timedelta(minutes=12), "12 min"),
        (timedelta(minutes=12, seconds=40), "12 min"),
        (timedelta(minutes=59, seconds=59), "59 min"),
        (timedelta(hours=1), "1 h 00 min"),
        (timedelta(hours=1, minutes=5), "1 h 05 min"),
        (timedelta(hours=23, minutes=59), "23 h 59 min"),
        (timedelta(days=1, hours=2, minutes=5), "1 d 2 h 05 min"),
        (timedelta(minutes=-2), "-2 min"),
    ],
)
def test_format_duration(value: timedelta, shown: str) -> None:
    assert format_duration(value) == shown


@pytest.mark.parametrize(
    ("offset", "label"),
    [
        (timedelta(0), "+0:00"),
        (timedelta(minutes=3), "+0:03"),
        (timedelta(minutes=2, seconds=59), "+0:02"),
        (timedelta(hours=1, minutes=5), "+1:05"),
        (timedelta(hours=26), "+26:00"),
        (timedelta(minutes=-2), "-0:02"),
    ],
)
def test_relative_label(offset: timedelta, label: str) -> None:
    first = at(14, 32)
    assert relative_label(first + offset, first) == label


def test_each_reason_has_a_few_words_for_a_tile_one_line_high() -> None:
    none = compute_durations([])
    assert none.detect.short_text == "Not marked yet"
    assert none.total.short_text == "No events yet"
    assert compute_durations([event(at(14, 32))]).total.short_text == "One event only"
    no_trigger = compute_durations([event(at(14, 35), Marker.DETECTION)])
    assert no_trigger.detect.short_text == "No trigger marked"
    assert no_trigger.acknowledge.short_text == "Not marked yet"
    reversed_ = compute_durations(
        [event(at(14, 32), Marker.TRIGGER), event(at(14, 30), Marker.DETECTION)]
    )
    assert reversed_.detect.short_text == "Before trigger"
    assert reversed_.detect.out_of_order and not reversed_.acknowledge.out_of_order
    assert reversed_.acknowledge.short_text == "Not marked yet"  # the trigger is marked
    assert compute_durations([event(at(14, 32), Marker.TRIGGER)]).detect.short_text == (
        "Not marked yet"
    )
    marked = compute_durations(
        [event(at(14, 32), Marker.TRIGGER), event(at(14, 35), Marker.DETECTION)]
    )
    assert marked.detect.short_text == marked.detect.text == "3 min"
