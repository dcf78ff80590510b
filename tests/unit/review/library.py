"""A small library of postmortems with every review figure worked out by hand (see the tests).

The quarter is 2026 Q3 (1 Jul - 30 Sep 2026) and "today" is 5 Oct 2026. Postmortems 1-5 fall in
it; 6 and 7 fall just outside, 8 is in the trash.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from pmdesk.model import (
    ActionItem,
    ActionStatus,
    ActionType,
    Attendee,
    Factor,
    Kind,
    Marker,
    Postmortem,
    Question,
    Severity,
    SeverityLevel,
    Status,
    TimelineEvent,
)
from tests.support.library import WHYS, marker_events

TODAY = date(2026, 10, 5)


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def _timeline(start: datetime, marks: dict[Marker, int]) -> list[TimelineEvent]:
    """Events at `start` + minutes, one per marker."""
    return marker_events(start, marks, said="{label} happened")


def _whys(n: int) -> list[str]:
    return list(WHYS[:n])


def known_library() -> list[Postmortem]:
    full = {
        Marker.TRIGGER: 0,
        Marker.DETECTION: 3,
        Marker.ACKNOWLEDGEMENT: 5,
        Marker.MITIGATION: 9,
        Marker.RESOLUTION: 18,
    }
    pm1 = Postmortem(
        title="Payment service outage",
        kind=Kind.INCIDENT,
        severity=Severity(SeverityLevel.SEV1),
        started_at=at(7, 3, 14, 32),
        resolved_at=at(7, 3, 15),
        meeting_at=at(7, 4, 10),
        summary="Card payments failed for 18 minutes. Dave was careless with the rollout.",
        services=["payment-service"],
        tags=["deploy"],
        status=Status.PUBLISHED,
        attendees=[Attendee("Sam Ortiz"), Attendee("Ana Ruiz")],
        timeline=_timeline(at(7, 3, 14, 32), full),
        factors=[
            Factor(Question.RISKY, "No canary stage for config deploys", _whys(3)),
            Factor(Question.NOT_CAUGHT, "Integration tests do not cover the processor timeout", _whys(2)),
            Factor(Question.SLOW_DETECTION, "The error-rate alert waits ten minutes before firing", _whys(1)),
        ],
        actions=[
            ActionItem("Add a canary stage to the config pipeline", ActionType.PREVENT, "Sam Ortiz",
                       date(2026, 7, 20), ActionStatus.DONE, done_on=date(2026, 7, 15)),
            ActionItem("Add a P99 latency alert at 500 ms on payment-service", ActionType.DETECT,
                       "Ana Ruiz", date(2026, 8, 1), ActionStatus.OPEN),
            ActionItem("Cap the retry queue of the processor client at 1,000 requests",
                       ActionType.MITIGATE, "Platform team", date(2026, 9, 1), ActionStatus.DONE,
                       done_on=date(2026, 9, 10)),
        ],
        id=1,
    )  # fmt: skip
    pm2 = Postmortem(
        title="Checkout errors after config push",
        severity=Severity(SeverityLevel.SEV2),
        started_at=at(7, 20, 10),
        resolved_at=at(7, 20, 12),
        meeting_at=at(7, 24, 12),
        services=["payment-service", "Checkout"],
        tags=["deploy", "database"],
        status=Status.REVIEWED,
        timeline=_timeline(
            at(7, 20, 10), {Marker.TRIGGER: 0, Marker.DETECTION: 20, Marker.RESOLUTION: 120}
        ),
        factors=[
            Factor(Question.RISKY, "Config deploys skip the canary stage", _whys(4)),
            Factor(Question.SLOW_RECOVERY, "Rollback needs a manual database step", []),
        ],
        actions=[
            ActionItem("Be more careful", ActionType.PREVENT, ""),
            ActionItem("Page the database on-call when replication lag passes 30 s",
                       ActionType.DETECT, "Ana Ruiz", date(2026, 10, 30)),
            ActionItem("Rewrite the checkout service in another language", ActionType.PREVENT,
                       "Ana Ruiz", date(2026, 9, 1), ActionStatus.DROPPED,
                       dropped_reason="Out of proportion to the risk"),
        ],
        id=2,
    )  # fmt: skip
    pm3 = Postmortem(
        title="Near miss: expired certificate caught in staging",
        kind=Kind.NEAR_MISS,
        severity=Severity(SeverityLevel.SEV4),
        detected_at=at(8, 5, 9),
        services=["checkout"],
        status=Status.DRAFT,
        id=3,
    )
    pm4 = Postmortem(
        title="Admin token exposed in logs",
        kind=Kind.SECURITY,
        severity=Severity(SeverityLevel.SEV2),
        started_at=at(8, 28, 8),
        resolved_at=at(8, 28, 9),
        meeting_at=at(8, 29, 9),
        services=["auth"],
        tags=["Database"],
        status=Status.PUBLISHED,
        attendees=[Attendee("Lee Chen")],
        timeline=_timeline(
            at(8, 28, 8),
            {
                Marker.TRIGGER: 0,
                Marker.DETECTION: 5,
                Marker.ACKNOWLEDGEMENT: 10,
                Marker.MITIGATION: 30,
                Marker.RESOLUTION: 60,
            },
        ),
        factors=[Factor(Question.NOT_CAUGHT, "The root cause was human error.", _whys(6))],
        actions=[
            ActionItem("Mask tokens in the request logger of the auth service", ActionType.PREVENT,
                       "Lee Chen", date(2026, 9, 15), ActionStatus.IN_PROGRESS),
            ActionItem("Alert when a log line matches the token pattern", ActionType.DETECT,
                       "Lee Chen", date(2026, 9, 20), ActionStatus.DONE,
                       done_on=date(2026, 9, 18)),
        ],
        id=4,
    )  # fmt: skip
    pm5 = Postmortem(
        title="Search latency",
        started_at=datetime(2026, 9, 30, 23, 30, tzinfo=UTC),
        status=Status.REVIEWED,
        factors=[Factor(Question.SLOW_DETECTION, "Dashboards showed averages, not P99", _whys(2))],
        id=5,
    )
    outside = [
        Postmortem(title="October", started_at=at(10, 1, 0, 10), status=Status.REVIEWED, id=6,
                   services=["payment-service"], actions=[ActionItem("x", owner="Sam Ortiz")]),
        Postmortem(title="June", started_at=datetime(2026, 6, 30, 23, 59, tzinfo=UTC), id=7,
                   services=["auth"]),
        Postmortem(title="Trashed", started_at=at(8, 1), deleted_at=at(8, 2), id=8,
                   services=["auth"]),
    ]  # fmt: skip
    return [pm5, pm4, pm3, pm2, pm1, *outside]
