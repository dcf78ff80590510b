"""Print how long the quarterly review takes over 1,000 postmortems (issue 19's speed target).

Target: reading 1,000 postmortems from the database and writing the review's JSON in under 1 s;
its PDF in under 3 s. The library is made up but shaped like a real one (see `library`): a year
of incidents, near misses and security incidents, drafts and published reviews, 3-5 action items
each, timelines with milestones, factors that repeat in different words.
Run: .venv/bin/python benchmarks/review.py   (figures are printed, never asserted)
Pass --keep FILE to keep the database (e.g. to look at the window on it), --count N for another size.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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
WHYS = (
    "The pipeline has no stage for config changes",
    "Config files were never treated as code",
    "The deploy tool predates the config service",
    "Nobody owns the deploy tool's roadmap",
    "The platform budget is set once a year",
    "The yearly plan has no slot for tooling",
)
TODAY = date(2027, 1, 20)


def _postmortem(rng: random.Random, n: int, start: datetime) -> Postmortem:
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
    for seq, (marker, minute) in enumerate(
        zip(
            (Marker.TRIGGER, Marker.DETECTION, Marker.ACKNOWLEDGEMENT, Marker.MITIGATION,
             Marker.RESOLUTION),
            (0, *marks),
            strict=True,
        ),
        start=20,
    ):  # fmt: skip
        timeline.append(
            TimelineEvent(began + timedelta(minutes=minute), marker.label, marker=marker, seq=seq)
        )
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
    return [_postmortem(rng, n, start) for n in range(1, count + 1)]


def fill(path: Path, count: int) -> None:
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    repo = Repository(open_engine(resolve(str(path))))
    for pm in library(count):
        repo.create(pm)
    repo.close()


# CPU time of this process as well as wall time: on a shared machine (other jobs on both cores)
# the wall time says more about the neighbours than about pmdesk.
CPU: dict[str, float] = {}
FIRST: dict[str, float] = {}  # the first run's wall time: before anything was remembered


def _timed(step, runs: int = 5, name: str = "") -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, cpu, result = [], [], None
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = step()
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    CPU[name] = statistics.median(cpu)
    FIRST[name] = times[0]
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="keep the database at this path")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pmdesk-review-bench-"))
    # The language facts a review remembers (pmdesk.review.facts_cache) start empty, so the
    # first run of each period below is what a first `pmdesk review` costs.
    os.environ["PMDESK_REVIEW_CACHE"] = str(folder / "review-language.json")
    path = args.keep or folder / "bench.sqlite3"
    if not path.exists():
        began = time.perf_counter()
        fill(path, args.count)
        print(f"made {args.count} postmortems in {time.perf_counter() - began:.1f} s: {path}")

    from pmdesk.review import Period, build_review
    from pmdesk.review.export import dumps
    from pmdesk.review.markdown import render_markdown
    from pmdesk.review.pdf import render_review_pdf
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    repo = Repository(open_engine(resolve(str(path)), read_only=True))
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    quarter = Period(date(2026, 7, 1), date(2026, 9, 30))
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; median of 5 runs")
    for name, period in (("the year", year), ("one quarter", quarter)):
        read, pms = _timed(lambda p=period: repo.postmortems_between(p.start, p.end), name="read")
        built, review = _timed(
            lambda p=period, pms=pms: build_review(pms, p, TODAY), name="figures"
        )  # type: ignore[misc]
        json_time, text = _timed(lambda r=review: dumps(r), name="json")  # type: ignore[misc]
        md_time, _ = _timed(lambda r=review: render_markdown(r))  # type: ignore[misc]
        pdf_time, pdf = _timed(lambda r=review: render_review_pdf(r), runs=3, name="pdf")  # type: ignore[misc]
        total = len(pms)  # type: ignore[arg-type]
        print(
            f"{name}: {total} postmortems; read {read:.3f} s, figures {built:.3f} s, "
            f"JSON {json_time:.3f} s ({len(text) // 1024} KB), Markdown {md_time:.3f} s, "  # type: ignore[arg-type]
            f"PDF {pdf_time:.3f} s ({len(pdf) // 1024} KB)"  # type: ignore[arg-type]
        )
        print(
            f"  read + figures + JSON: {read + built + json_time:.3f} s (target < 1 s); "
            f"read + figures + PDF: {read + built + pdf_time:.3f} s (target < 3 s)"
        )
        print(
            f"  first run, nothing remembered yet: figures {FIRST['figures']:.3f} s; "
            f"read + figures + JSON {FIRST['read'] + FIRST['figures'] + FIRST['json']:.3f} s"
        )
        base = CPU["read"] + CPU["figures"]
        print(
            f"  CPU time: read {CPU['read']:.3f} s, figures {CPU['figures']:.3f} s; "
            f"with JSON {base + CPU['json']:.3f} s, with PDF {base + CPU['pdf']:.3f} s"
        )
    repo.close()


if __name__ == "__main__":
    main()
