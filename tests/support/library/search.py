"""Postmortems whose texts are drawn from a Zipf vocabulary, for the search index: 20 timeline
events, 5 contributing factors and 5 action items each, over five years."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pmdesk.model import (
    ActionItem,
    ActionType,
    Factor,
    Kind,
    Postmortem,
    Question,
    Severity,
    SeverityLevel,
    Status,
    TimelineEvent,
)
from tests.support.library import cached_library

GENERATOR = "4"  # change when the generated data changes: the cache is rebuilt
EVENTS, FACTORS, ACTIONS = 20, 5, 5

SERVICES = [
    "payments", "checkout-api", "search", "auth", "billing", "notifications", "ledger",
    "inventory", "shipping", "recommendations", "gateway", "media", "profile", "reporting",
]  # fmt: skip
TAGS = [
    "database", "deploy", "config", "capacity", "network", "dns", "certificates", "queue",
    "cache", "timeouts", "dependency", "security", "monitoring", "rollback", "migration",
]  # fmt: skip
HEAD_WORDS = [
    "the", "a", "of", "to", "and", "in", "on", "was", "for", "with", "at", "from", "not", "that",
    "it", "as", "by", "is", "we", "be", "were", "this", "our", "alert", "latency", "error", "rate",
    "deploy", "rollback", "canary", "dashboard", "pager", "on-call", "database", "replica",
    "primary", "failover", "queue", "backlog", "consumer", "producer", "broker", "partition",
    "cache", "eviction", "memory", "leak", "thread", "pool", "connection", "timeout", "retry",
    "backoff", "throttle", "limit", "quota", "disk", "full", "log", "rotation", "certificate",
    "expiry", "renewal", "dns", "record", "resolver", "load", "balancer", "health", "check",
    "probe", "kubernetes", "node", "pod", "scheduler", "autoscaler", "config", "flag", "feature",
    "toggle", "migration", "schema", "lock", "index", "query", "slow", "plan", "vacuum", "storage",
    "bucket", "permission", "token", "session", "login", "payment", "card", "processor", "checkout",
    "cart", "order", "invoice", "ledger", "webhook", "vendor", "upstream", "downstream", "api",
    "gateway", "proxy", "tls", "handshake", "packet", "loss", "region", "zone", "outage",
    "degraded", "restart", "pipeline", "build", "artifact", "image", "version", "release", "hotfix",
    "patch", "customer", "ticket", "status", "page", "runbook", "escalation", "incident",
    "commander", "bridge", "channel", "noticed", "assumed", "expected", "dropped", "spiked",
    "recovered", "stalled", "saturated", "exhausted", "misrouted", "delayed", "duplicated",
    "corrupted",
]  # fmt: skip
SYLLABLES = [
    "ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "pa", "de", "fu", "go", "hi", "ja", "ko",
    "lu", "ma", "no", "pe", "qu", "ri", "so", "tu", "ve", "wa", "xo", "ye",
]  # fmt: skip
# Words of written English follow Zipf's law: a few very common, most rare. The head is the
# vocabulary of incident reports, the tail made-up words, 8,000 in all.
VOCABULARY = (
    HEAD_WORDS
    + [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES][
        : 8_000 - len(HEAD_WORDS)
    ]
)
CUMULATIVE = list(itertools.accumulate(1 / rank for rank in range(1, len(VOCABULARY) + 1)))


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=words))
    return text[0].upper() + text[1:] + "."


def postmortem(rng: random.Random, n: int) -> Postmortem:
    start = datetime(2022, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randrange(5 * 365 * 24))
    events = [
        TimelineEvent(
            at=start + timedelta(minutes=3 * k),
            text=sentence(rng, 9),
            seen=sentence(rng, 6) if k % 3 == 0 else "",
            believed=sentence(rng, 6) if k % 4 == 0 else "",
            done_next=sentence(rng, 5) if k % 5 == 0 else "",
        )
        for k in range(EVENTS)
    ]
    factors = [
        Factor(
            question=list(Question)[k % 4],
            text=sentence(rng, 12),
            whys=[sentence(rng, 8) for _ in range(2)],
        )
        for k in range(FACTORS)
    ]
    actions = [
        ActionItem(
            description=sentence(rng, 10),
            type=list(ActionType)[k % 3],
            owner=f"Owner {rng.randrange(200)}",
            deadline=date(2026, 1, 1) + timedelta(days=rng.randrange(365)),
        )
        for k in range(ACTIONS)
    ]
    return Postmortem(
        title=f"{sentence(rng, 5)[:-1]} ({n})",
        kind=rng.choice([Kind.INCIDENT] * 8 + [Kind.NEAR_MISS, Kind.SECURITY]),
        severity=Severity(level=rng.choice(list(SeverityLevel))),
        status=rng.choice(list(Status)),
        started_at=start,
        summary=sentence(rng, 40),
        lessons=sentence(rng, 30),
        services=rng.sample(SERVICES, 2),
        tags=rng.sample(TAGS, 3),
        timeline=events,
        factors=factors,
        actions=actions,
    )


def database(size: int) -> Path:
    """The cached database of `size` postmortems, written on first use."""
    return cached_library("search", size, postmortem, seed=size, version=GENERATOR)
