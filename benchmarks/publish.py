"""Print how long publishing a big org's library takes (issue 18's speed target).

Target: 10,000 postmortems of 20 timeline events, 5 contributing factors and 5 action items
published as a site in under a minute; then one postmortem changes and the site is published
again, which rewrites only its page and the indexes it shows in.
The database is generated once through the repository (the real write path) and kept in the
cache folder (pmdesk-bench/), so later runs time only the publishing.
With --as-published, as `pmdesk publish` and File > Publish do: the security postmortems (one in
ten here) as their redacted edition, and every file read for leaks before it is written.
Run: .venv/bin/python benchmarks/publish.py [--count N] [--format html|md] [--keep DIR]
     [--as-published]
(figures are printed, never asserted)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmdesk.publish import Outcome

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmdesk.document import Dirty
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


def make(i: int, rng: random.Random) -> Postmortem:
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
    """The cached benchmark database, generated on first use."""
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pmdesk-bench"
    path = cache / f"publish-{count}-v1.sqlite3"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    print(f"Generating {count:,} postmortems into {path} (once)...", flush=True)
    began = time.perf_counter()
    repo = Repository(open_engine(resolve(str(partial))))
    rng = random.Random(18)
    for i in range(count):
        repo.create(make(i, rng))
    repo.close()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    print(f"  generated in {time.perf_counter() - began:.0f} s", flush=True)
    return path


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--format", choices=("html", "md"), default="html")
    parser.add_argument("--keep", type=Path, help="publish into this folder and keep it")
    parser.add_argument(
        "--as-published", action="store_true", help="security postmortems redacted, files checked"
    )
    args = parser.parse_args()

    from pmdesk.operations.library import to_publish
    from pmdesk.publish import publish
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    source = database(args.count)
    work = Path(tempfile.mkdtemp(prefix="pmdesk-publish-bench-"))
    db = work / "library.sqlite3"
    shutil.copyfile(source, db)  # the change below must not alter the cached database
    folder = args.keep or work / "site"
    repo = Repository(open_engine(resolve(str(db))))
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    def publish_all() -> tuple[list[Any], Outcome]:
        entries, postmortems = to_publish(repo)
        if not args.as_published:
            return entries, publish(postmortems, folder, args.format)
        from pmdesk.redaction.published import PublishedEditions

        editions = PublishedEditions()
        outcome = publish(editions.editions(postmortems), folder, args.format, check=editions.check)
        return entries, outcome

    try:
        began, cpu = time.perf_counter(), time.process_time()
        entries, outcome = publish_all()
        first, first_cpu = time.perf_counter() - began, time.process_time() - cpu
        index = folder / "assets" / "search-index.js"
        print(
            f"first publish ({args.format}) of {len(entries):,} postmortems: {first:.1f} s "
            f"(target < 60 s; {first_cpu:.1f} s of CPU); {outcome.describe()}; {size_of(folder) / 1e6:.0f} MB"
            + (f", search index {index.stat().st_size / 1e6:.1f} MB" if index.exists() else "")
        )

        pm = repo.load(entries[len(entries) // 2].id)
        pm.summary += " A second look found the retry storm too."
        repo.save(pm, Dirty(fields={"summary"}))
        began, cpu = time.perf_counter(), time.process_time()
        entries, outcome = publish_all()
        second, second_cpu = time.perf_counter() - began, time.process_time() - cpu
        print(
            f"second publish after one summary changed: {second:.1f} s ({second_cpu:.1f} s of "
            f"CPU); {outcome.describe()}"
        )
    finally:
        repo.close()
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
