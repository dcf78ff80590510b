"""The pre-meeting checklist warns, with a reason, about what undermines the review."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pmdesk.checklist import premeeting_checks
from pmdesk.facilitation import Facilitation
from pmdesk.model import Attendee, Involvement, Postmortem, TimelineEvent

NOW = datetime(2026, 4, 16, 12, 0, tzinfo=UTC)


def _checks(pm: Postmortem) -> dict[str, tuple[bool, str, str]]:
    return {c.key: (c.ok, c.title, c.detail) for c in premeeting_checks(pm, NOW)}


def _people(count: int, facilitator: Involvement | None = Involvement.OBSERVER) -> list[Attendee]:
    people = [Attendee(f"Person {n}") for n in range(count)]
    if facilitator is not None and people:
        people[0].facilitator = True
        people[0].involvement = facilitator
    return people


def test_a_well_prepared_review_passes_every_check() -> None:
    pm = Postmortem(
        resolved_at=NOW - timedelta(hours=20),
        attendees=_people(5),
        timeline=[TimelineEvent(at=NOW - timedelta(days=1), text="deploy")],
        meeting_at=NOW + timedelta(hours=26),
        facilitation=Facilitation(pre_read_sent_at=NOW),
    )
    assert all(ok for ok, _, _ in _checks(pm).values())
    assert _checks(pm)["since_resolution"][1] == "20 hours since resolution"


def test_past_48_hours_warns_about_memory() -> None:
    ok, title, detail = _checks(Postmortem(resolved_at=NOW - timedelta(hours=60)))[
        "since_resolution"
    ]
    assert not ok and title == "2.5 days since resolution" and "48 hours" in detail


def test_a_resolution_in_the_future_is_a_warning_not_a_tick() -> None:
    ok, title, detail = _checks(Postmortem(resolved_at=NOW + timedelta(days=3)))["since_resolution"]
    assert not ok and "future" in title and "later than now" in detail


def test_missing_resolution_time_is_said() -> None:
    ok, title, _ = _checks(Postmortem())["since_resolution"]
    assert not ok and title == "Resolution time not set"


def test_attendee_count_outside_four_to_eight() -> None:
    assert not _checks(Postmortem(attendees=_people(3)))["attendees"][0]
    assert "Fewer than 4" in _checks(Postmortem(attendees=_people(3)))["attendees"][2]
    assert not _checks(Postmortem(attendees=_people(9)))["attendees"][0]
    assert _checks(Postmortem(attendees=_people(8)))["attendees"][0]


def test_facilitator_directly_involved_or_missing_is_flagged() -> None:
    involved = _checks(Postmortem(attendees=_people(5, Involvement.DIRECTLY_INVOLVED)))
    assert not involved["facilitator"][0] and "directly involved" in involved["facilitator"][1]
    missing = _checks(Postmortem(attendees=_people(5, None)))
    assert not missing["facilitator"][0] and missing["facilitator"][1] == "No facilitator marked"


def test_empty_timeline_warns() -> None:
    ok, title, detail = _checks(Postmortem())["timeline"]
    assert not ok and title == "Timeline is empty" and "facts" in detail.lower()
