"""The de-duplication both import paths share: the same fact imported twice arrives once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from pmdesk.model import TimelineEvent
from pmdesk.timeline.merge import split_new

AT = datetime(2026, 4, 15, 14, 32, 5, tzinfo=UTC)


def test_same_second_and_text_is_known_whatever_the_zone_case_and_spacing() -> None:
    existing = [TimelineEvent(at=AT, text="Deploy of  v2.4.1 started")]
    berlin = AT.astimezone(timezone(timedelta(hours=2))) + timedelta(milliseconds=300)
    same = TimelineEvent(at=berlin, text="deploy of v2.4.1 STARTED")
    later = TimelineEvent(at=AT + timedelta(seconds=1), text="Deploy of v2.4.1 started")
    other = TimelineEvent(at=AT, text="Deploy of v2.4.2 started")
    new, known = split_new(existing, [same, later, other])
    assert known == [same]
    assert new == [later, other]
