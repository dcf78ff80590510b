"""A year of postmortems shaped like a real library, for the quarterly review.

Incidents, near misses and security incidents, drafts and published reviews, 3-5 action items
each, timelines with milestones, factors that repeat in different words.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

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

SERVICES = (
    "payment-service", "checkout", "auth", "search", "inventory", "notifications", "billing",
    "api-gateway", "orders", "recommendations", "media-upload", "reporting",
)  # fmt: skip
TAGS = ("deploy", "database", "config", "capacity", "dependency", "dns", "certificates", "network")
PEOPLE = (
    "Ana Ruiz", "Sam Ortiz", "Lee Chen", "Priya Nair", "Tom Berg", "Kim Park", "Olu Ade",
    "Mia Rossi", "Jon Weiss", "Eva Novak", "Raj Mehta", "Lena Vogel", "Hana Sato", "Ivan Petrov",
    "Zoe Martin", "Ali Hassan", "Nina Kovac", "Omar Said", "Rosa Diaz", "Yuki Mori",
)  # fmt: skip
TEAM_OWNERS = ("Platform team", "SRE", "")
FACTOR_THEMES = {
    Question.RISKY: (
        "No canary stage for {svc} config deploys",
        "Config deploys of {svc} skip the canary stage",
        "Schema migration on {svc} ran without a dry run",
        "The {svc} release bundled three unrelated changes",
    ),
    Question.NOT_CAUGHT: (
        "Integration tests do not cover the {svc} timeout path",
        "Staging for {svc} has a tenth of production traffic",
        "The {svc} timeout path has no integration tests",
    ),
    Question.SLOW_DETECTION: (
        "The {svc} error-rate alert waits ten minutes before firing",
        "Dashboards for {svc} show averages, not P99 latency",
        "No alert on the {svc} queue depth",
    ),
    Question.SLOW_RECOVERY: (
        "Rollback of {svc} needs a manual database step",
        "The {svc} runbook for failover was out of date",
        "Failover runbook for {svc} out of date since the migration",
    ),
}
ACTIONS = (
    (ActionType.PREVENT, "Add a canary stage to the {svc} pipeline"),
    (ActionType.PREVENT, "Require a dry run before {svc} schema migrations"),
    (ActionType.DETECT, "Add a P99 latency alert at 500 ms on {svc}"),
    (ActionType.DETECT, "Alert when the {svc} queue depth passes 1,000"),
    (ActionType.MITIGATE, "Cap the {svc} retry queue at 1,000 requests"),
    (ActionType.MITIGATE, "Automate the {svc} rollback database step"),
    (ActionType.PREVENT, "Improve monitoring"),
)


def postmortem(rng: random.Random, n: int, start: datetime) -> Postmortem:
    svc = rng.choice(SERVICES)
    kind = rng.choices(list(Kind), weights=(75, 18, 7))[0]
    status = rng.choices(list(Status), weights=(15, 35, 50))[0]
    began = start + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
    marks = sorted(rng.sample(range(1, 240), 4))
    resolved = began + timedelta(minutes=marks[3])
    timeline = [
        TimelineEvent(began + timedelta(minutes=m), f"Step {i} on {svc}", seq=i)
        for i, m in enumerate(sorted(rng.sample(range(0, marks[3]), 10)))
    ]
    milestones = (Marker.TRIGGER, Marker.DETECTION, Marker.ACKNOWLEDGEMENT, Marker.MITIGATION,
                  Marker.RESOLUTION)  # fmt: skip
    timeline += marker_events(began, dict(zip(milestones, (0, *marks), strict=True)), first_seq=20)
    reviewed = status is not Status.DRAFT
    meeting = (
        resolved + timedelta(hours=rng.choice((4, 20, 30, 44, 60, 96, 200))) if reviewed else None
    )
    factors = [
        Factor(q, rng.choice(texts).format(svc=svc), list(WHYS[: rng.randrange(0, 7)]))
        for q, texts in FACTOR_THEMES.items()
        if reviewed and rng.random() < 0.7
    ]
    actions = []
    for _ in range(rng.randrange(3, 6) if reviewed else 0):
        kind_, text = rng.choice(ACTIONS)
        deadline = (meeting or resolved).date() + timedelta(days=rng.choice((7, 14, 30, 60)))
        state = rng.choices(list(ActionStatus), weights=(30, 15, 50, 5))[0]
        done_on = (
            deadline + timedelta(days=rng.randrange(-10, 15))
            if state is ActionStatus.DONE
            else None
        )
        owner = rng.choice(PEOPLE) if rng.random() < 0.85 else rng.choice(TEAM_OWNERS)
        actions.append(
            ActionItem(text.format(svc=svc), kind_, owner, None if rng.random() < 0.08 else deadline,
                       state, dropped_reason="Superseded" if state is ActionStatus.DROPPED else "",
                       done_on=done_on)
        )  # fmt: skip
    return Postmortem(
        title=f"{svc} incident {n}",
        kind=kind,
        severity=Severity(rng.choice(list(SeverityLevel))),
        started_at=began,
        resolved_at=resolved,
        meeting_at=meeting,
        summary=f"{svc} was degraded for {marks[3]} minutes.",
        services=[svc] + ([rng.choice(SERVICES)] if rng.random() < 0.2 else []),
        tags=rng.sample(TAGS, rng.randrange(0, 3)),
        status=status,
        attendees=[Attendee(p) for p in rng.sample(PEOPLE, 5)],
        timeline=timeline,
        factors=factors,
        actions=actions,
    )


def library(count: int, seed: int = 19) -> list[Postmortem]:
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return [postmortem(rng, n, start) for n in range(1, count + 1)]
