"""Shifting times (a log in the wrong zone, a tool's clock off by minutes): every event moves by
the same elapsed time, and a shift whose result cannot be right is refused with the reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pmdesk.document import Document
from pmdesk.model import Postmortem, TimelineEvent
from pmdesk.operations import timeline
from pmdesk.operations.edit import Refused

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 4, 16, 9, 0, tzinfo=UTC)


def doc_of(*times: datetime) -> Document:
    return Document(
        Postmortem(timeline=[TimelineEvent(at=t, text=f"event {n}") for n, t in enumerate(times)])
    )


def every(doc: Document) -> list[str]:
    return [e.id for e in doc.pm.timeline]


def test_a_shift_across_a_clock_change_keeps_every_gap_between_events() -> None:
    # Berlin's clocks go from 02:00 to 03:00 on 2026-03-29: 01:30 CET + 1 h is 03:30 CEST.
    doc = doc_of(
        datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN), datetime(2026, 3, 29, 1, 50, tzinfo=BERLIN)
    )
    timeline.shift_events(doc, every(doc), timedelta(hours=1)).apply(doc)
    first, second = (e.at for e in doc.pm.timeline)
    assert (first.hour, first.minute, first.utcoffset()) == (3, 30, timedelta(hours=2))
    assert second - first == timedelta(minutes=20)
    assert first.tzinfo is BERLIN  # still shown in the timeline's zone


def test_a_shift_later_than_now_is_refused_naming_the_event() -> None:
    doc = doc_of(
        datetime(2026, 4, 15, 14, 32, tzinfo=UTC), datetime(2026, 4, 15, 14, 50, tzinfo=UTC)
    )
    with pytest.raises(Refused) as refused:
        timeline.shift_events(doc, every(doc), timedelta(days=1), now=NOW)
    message = str(refused.value)
    assert "2026-04-15 14:50 “event 1” would move to 2026-04-16 14:50, later than now" in message
    assert [e.at.hour for e in doc.pm.timeline] == [14, 14]  # nothing moved
    # Up to now is fine, and so is any shift when no clock is given (the CLI, imports).
    assert timeline.shift_events(doc, every(doc), timedelta(hours=18, minutes=10), now=NOW)
    assert timeline.shift_events(doc, every(doc), timedelta(days=1))


def test_a_shift_earlier_is_never_refused_for_the_future() -> None:
    # A log dated a year ahead (a wrong year) is put right by moving it earlier.
    doc = doc_of(datetime(2027, 4, 15, 14, 32, tzinfo=UTC))
    edit = timeline.shift_events(doc, every(doc), -timedelta(days=365), now=NOW)
    edit.apply(doc)
    assert doc.pm.timeline[0].at == datetime(2026, 4, 15, 14, 32, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "by", "said"),
    [
        (datetime(1, 1, 1, 5, 0, tzinfo=UTC), -timedelta(days=1), "before the year 1"),
        (datetime(9999, 12, 31, 20, 0, tzinfo=UTC), timedelta(days=1), "past the year 9999"),
    ],
)
def test_a_shift_off_the_calendar_is_refused(at: datetime, by: timedelta, said: str) -> None:
    doc = doc_of(at)
    with pytest.raises(Refused, match=said):
        timeline.shift_events(doc, every(doc), by)
    assert timeline.shift_refusal(doc.pm.timeline, -by) is None  # the other way is fine


def test_the_refusal_looks_at_the_events_being_moved_only() -> None:
    doc = doc_of(datetime(2026, 4, 15, 14, 0, tzinfo=UTC), datetime(2026, 4, 16, 8, 0, tzinfo=UTC))
    first = doc.pm.timeline[0]
    assert timeline.shift_refusal([first], timedelta(hours=12), NOW) is None
    assert timeline.shift_refusal(doc.pm.timeline, timedelta(hours=12), NOW) is not None
    assert timeline.shift_refusal([], timedelta(hours=12), NOW) is None
    assert timeline.shift_refusal(doc.pm.timeline, timedelta(0), NOW) is None
