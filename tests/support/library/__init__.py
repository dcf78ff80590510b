"""Postmortem libraries for the benchmarks and the tests, and the ways to write them.

One module a library's shape, each as realistic as the figures it feeds need:
- review: a year of incidents, near misses and security incidents, a few stock texts repeated;
- written: the same year with every text composed afresh from the labelled sentence sets and the
  samples, so almost no two texts are alike (benchmarks/review.py by default);
- publish: a big organisation's library, 20 events, 5 factors and 5 actions each (publish.py);
- search: texts drawn from a Zipf vocabulary, for the search index (search.py, seen_before.py).
Here: what they share. A library is written through the repository, the app's own write path;
the large ones are written once into a cache folder and reused ($PMDESK_BENCH_CACHE, else
pmdesk-benchmarks in the user's cache folder).
"""

from __future__ import annotations

import hashlib
import os
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from pathlib import Path

from pmdesk.model import Marker, Postmortem, TimelineEvent

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"

# Answers to "why?" that go five levels deep; a factor takes the first few.
WHYS = (
    "The pipeline has no stage for config changes",
    "Config files were never treated as code",
    "The deploy tool predates the config service",
    "Nobody owns the deploy tool's roadmap",
    "The platform budget is set once a year",
    "The yearly plan has no slot for tooling",
)

Make = Callable[[random.Random, int], Postmortem]


def marker_events(
    start: datetime, marks: Mapping[Marker, int], said: str = "{label}", first_seq: int = 0
) -> list[TimelineEvent]:
    """One event per marker at `start` + its minutes, saying `said` with the marker's label."""
    return [
        TimelineEvent(
            start + timedelta(minutes=minute),
            said.format(label=marker.label),
            marker=marker,
            seq=seq,
        )
        for seq, (marker, minute) in enumerate(marks.items(), start=first_seq)
    ]


def sample_copies(count: int, fresh_ids: bool = True) -> Iterator[Postmortem]:
    """The payment-service sample `count` times, titled #1, #2...; with fresh_ids its events,
    factors and actions get ids of their own (as the app's copies do), else keep the sample's."""
    from pmdesk.interchange import load_file, renew_ids

    for number in range(1, count + 1):
        pm = load_file(SAMPLE)
        if fresh_ids:
            renew_ids(pm)
        pm.title = f"{pm.title} #{number}"
        yield pm


def write_library(
    path: Path | str,
    postmortems: Iterable[Postmortem],
    progress: bool = False,
    *,
    review_facts: bool = True,
) -> list[int]:
    """Create each postmortem through the repository at `path` (a file or a URL); their ids.
    review_facts: keep each one's language facts for the review, as pmdesk does (False: as a
    database from before they were kept)."""
    from pmdesk.review.stored import facts_to_store
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    # As pmdesk writes a library: each postmortem's review facts kept beside it.
    facts = facts_to_store if review_facts else None
    repo = Repository(open_engine(resolve(str(path))), language_facts=facts)
    started, ids = time.perf_counter(), []
    try:
        for pm in postmortems:
            ids.append(repo.create(pm))
            if progress and len(ids) % 2000 == 0:
                print(f"  {len(ids):,} in {time.perf_counter() - started:.0f} s", flush=True)
    finally:
        repo.close()
    return ids


def cache_dir() -> Path:
    chosen = os.environ.get("PMDESK_BENCH_CACHE")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = Path(chosen) if chosen else base / "pmdesk-benchmarks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def schema_key(versions: Path | None = None) -> str:
    """The schema a database is written with: its head revision and a digest of every migration's
    source. The head alone is not enough: a revision that was written, dropped and its number
    used again for another change names two schemas (a cached library of the first was measured
    as if it were the second)."""
    from pmdesk.storage import migrations
    from pmdesk.storage.location import SCHEMA_HEAD

    if versions is None:
        versions = Path(migrations.__file__).parent / "versions"
    digest = hashlib.sha256()
    for source in sorted(versions.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return f"{SCHEMA_HEAD}-{digest.hexdigest()[:10]}"


def cached_library(name: str, count: int, make: Make, seed: int, version: str) -> Path:
    """The cached database of `count` postmortems made by `make`, written now if missing.

    Its name holds the generator's `version` (change it when the generated data changes) and the
    schema (schema_key), so a changed generator or schema writes a new one."""
    path = cache_dir() / f"{name}-{count}-g{version}-s{schema_key()}.sqlite3"
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    for leftover in partial.parent.glob(partial.name + "*"):
        leftover.unlink()
    print(f"writing {count:,} postmortems to {path} (once) ...", flush=True)
    started = time.perf_counter()
    rng = random.Random(seed)
    write_library(partial, (make(rng, n) for n in range(count)), progress=True)
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    print(f"  written in {time.perf_counter() - started:.0f} s", flush=True)
    return path
