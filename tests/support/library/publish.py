"""A big organisation's library: 20 timeline events, 5 contributing factors and 5 action items
each, over 30 services and three years, for publishing it as a site."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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
from tests.support.library import cached_library

GENERATOR = "1"  # change when the generated data changes: the cached database is written again

SERVICES = [f"{name}-service" for name in (
    "payment", "checkout", "search", "auth", "billing", "ledger", "catalog", "cart", "email",
    "push", "sms", "media", "upload", "profile", "session", "feature-flag", "deploy", "queue",
    "cache", "gateway", "routing", "pricing", "tax", "inventory", "shipping", "returns",
    "reviews", "ads", "analytics", "export",
)]  # fmt: skip
TAGS = ["deploy", "configuration", "timeouts", "capacity", "dns", "certificates", "database",
        "migration", "rollback", "alerting", "dependency", "network", "disk", "memory", "cron",
        "vendor", "security", "data-quality", "feature-flag", "cache"]  # fmt: skip
EVENTS = (
    "Deploy of {svc} v{v} to production; pods replaced in batches of {n}",
    "Error rate on {svc} rises from 0.1% to {n}%; requests time out towards {dep}",
    "Alert '{svc} 5xx above 5%' fires and pages the on-call engineer",
    "On-call acknowledges and opens the incident channel",
    "Dashboard for {svc} shows p99 latency at {n}00 ms",
    "Customer support reports {n} tickets about failed requests",
    "Rollback of {svc} to v{v} started through the pipeline",
    "Rollback complete; error rate back to 0.{n}%",
    "Queue depth on {dep} reaches {n}k messages",
    "Incident declared resolved after monitoring for {n} minutes",
)
MARKERS = {1: Marker.TRIGGER, 3: Marker.DETECTION, 5: Marker.ACKNOWLEDGEMENT,
           9: Marker.DIAGNOSIS, 12: Marker.MITIGATION, 16: Marker.RECOVERY,
           19: Marker.RESOLUTION}  # fmt: skip
OWNERS = ["Ana Souza", "Raj Patel", "Hana Kobayashi", "Dmitri Volkov", "Marcus Chen", "李雷"]


def postmortem(rng: random.Random, i: int) -> Postmortem:
    svc, dep = rng.sample(SERVICES, 2)
    start = datetime(2023, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(3 * 525_600))
    timeline = []
    for k in range(20):
        text = rng.choice(EVENTS).format(
            svc=svc, dep=dep, v=f"2.{i % 40}.{k}", n=rng.randrange(2, 90)
        )
        timeline.append(
            TimelineEvent(
                at=start + timedelta(minutes=3 * k),
                text=text,
                source=rng.choice(["monitoring", "alert", "deploy", "chat", "ticket"]),
                marker=MARKERS.get(k),
                seen="The dashboard looked normal." if k % 6 == 2 else "",
                seq=k,
            )
        )
    factors = [
        Factor(
            question=list(Question)[k % 4],
            text=f"The {svc} {rng.choice(TAGS)} setting could change with no check on its unit ({i}.{k})",
            whys=[
                f"The loader of {svc} accepts a bare number",
                "Nothing in review shows how the value will be read",
                f"Staging for {dep} answers faster than production",
            ],
        )
        for k in range(5)
    ]
    actions = [
        ActionItem(
            description=f"Add a {rng.choice(['P99 latency', 'error budget', 'queue depth'])} alert on {svc} at {rng.randrange(100, 900)} ms",
            type=list(ActionType)[k % 3],
            owner=rng.choice(OWNERS),
            deadline=date(2026, 1, 1) + timedelta(days=rng.randrange(365)),
            status=rng.choice(list(ActionStatus)[:3]),
        )
        for k in range(5)
    ]
    return Postmortem(
        title=f"{svc} outage #{i}: {rng.choice(TAGS)} during {rng.choice(['deploy', 'peak', 'migration', 'failover'])}",
        kind=rng.choice([Kind.INCIDENT] * 8 + [Kind.NEAR_MISS, Kind.SECURITY]),
        severity=Severity(rng.choice(list(SeverityLevel)), customer_facing=rng.random() < 0.5),
        started_at=start,
        resolved_at=start + timedelta(minutes=57),
        summary=f"{svc} failed for about an hour because {dep} timed out; {rng.randrange(5, 60)}% of requests failed.",
        lessons="- Units belong in setting names.\n- Staging must be as slow as production.",
        services=[svc, dep],
        tags=rng.sample(TAGS, 3),
        status=rng.choice([Status.PUBLISHED] * 3 + [Status.REVIEWED, Status.DRAFT]),
        attendees=[
            Attendee(name, facilitator=n == 0) for n, name in enumerate(rng.sample(OWNERS, 4))
        ],
        timeline=timeline,
        factors=factors,
        actions=actions,
    )


def database(count: int) -> Path:
    """The cached database of `count` postmortems, written on first use."""
    return cached_library("publish", count, postmortem, seed=18, version=GENERATOR)
