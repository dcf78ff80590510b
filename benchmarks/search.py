"""Print how fast searching every postmortem is at the size of a big organisation (issue 18).

Targets: over 10,000 postmortems of 20 timeline events, 5 contributing factors and 5 action
items each, a search answers in under 50 ms median in the engine (the repository's search, with
its snippets); 10,000 postmortems cost at most 2x the time of 1,000; a save that keeps the index
in step costs at most 1.2x a save without it.

The databases (tests/support/library/search.py) are written once through the repository (the real
write path, a few minutes for 10,000) into a cache folder and reused: $PMDESK_BENCH_CACHE, else
pmdesk-benchmarks in the user's cache folder.
Run: .venv/bin/python benchmarks/search.py [--sizes 1000 10000] [--runs 15]
(figures are printed, never asserted)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmdesk.document import Document
from pmdesk.search import Query, parse
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from tests.support.library.search import database

QUERIES = [
    "the",  # in every postmortem: the worst case, every one scored
    "timeout",  # common
    "certificate expiry",  # two words
    '"connection pool"',  # a phrase
    "replic*",  # a prefix
    "service:payments rollback",  # a filter and a word
    "tag:dns after:2025-06 resolver",  # filters, a date and a word
    "zqxbenchmarkrare",  # nowhere: the cost of nothing found
    "severity:SEV1 status:published",  # filters alone
]


def median_ms(
    runs: int, action: Callable[[], object], clock: Callable[[], float] = time.perf_counter
) -> float:
    times = []
    for _ in range(runs):
        started = clock()
        action()
        times.append(clock() - started)
    return statistics.median(times) * 1000


def search_figures(path: Path, runs: int, limit: int) -> dict[str, tuple[float, float, int]]:
    """Per query: median wall time, median CPU time of this process (what other programs on a
    busy machine do not change), and the number of hits."""
    repo = Repository(open_engine(resolve(str(path)), read_only=True))
    figures = {}
    for text in QUERIES:
        query = parse(text)
        hits = len(repo.search(query, limit=limit).hits)  # warms the page cache

        def search(q: Query = query) -> None:
            repo.search(q, limit=limit)

        wall = median_ms(runs, search)
        cpu = median_ms(runs, search, time.process_time)
        figures[text] = (wall, cpu, hits)
    repo.close()
    return figures


def save_figures(path: Path, runs: int) -> tuple[float, float, float]:
    """Median save of one edited event with the index kept in step, without, and the index's
    own step (SQLite as shipped: WAL, synchronous=FULL), on a copy of the database."""
    folder = Path(tempfile.mkdtemp(prefix="pmdesk-bench-"))
    try:
        copy = folder / "copy.sqlite3"
        shutil.copy(path, copy)
        repo = Repository(open_engine(resolve(str(copy))))
        doc = Document(repo.load(1))
        event = doc.pm.timeline[0].id
        flip = [0]

        def save() -> None:
            flip[0] += 1
            doc.update_item("timeline", event, text=f"Edited during the benchmark, take {flip[0]}")
            repo.save(doc.pm, doc.take_dirty())

        save()
        indexed = median_ms(runs, save)
        keep = Repository._index
        Repository._index = lambda self, connection, pm, dirty=None: None  # type: ignore[method-assign]
        try:
            bare = median_ms(runs, save)
        finally:
            Repository._index = keep  # type: ignore[method-assign]

        def index_step(connection: object) -> None:
            flip[0] += 1
            doc.update_item("timeline", event, text=f"Edited during the benchmark, take {flip[0]}")
            repo._index(connection, doc.pm, doc.take_dirty())

        # Rolled back: the statements' work without the commit that writes it to disk.
        with repo.engine.connect() as connection, connection.begin() as transaction:
            step = median_ms(runs, lambda: index_step(connection))
            transaction.rollback()
        repo.close()
        return indexed, bare, step
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--limit", type=int, default=20, help="hits asked for (CLI default 20)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    results = {}
    for size in args.sizes:
        path = database(size)
        mb = path.stat().st_size / 1e6
        results[size] = search_figures(path, args.runs, args.limit)
        print(f"\n{size:,} postmortems ({mb:.0f} MB), median of {args.runs}, limit {args.limit}:")
        print("     wall      CPU  hits  query")
        for text, (wall, cpu, hits) in results[size].items():
            print(f"  {wall:7.2f}  {cpu:7.2f}  {hits:4d}  {text}")
        walls = statistics.median(f[0] for f in results[size].values())
        cpus = statistics.median(f[1] for f in results[size].values())
        print(f"  {walls:7.2f}  {cpus:7.2f}  ms, median over the queries (target < 50 ms)")
    if len(args.sizes) >= 2:
        small, big = min(args.sizes), max(args.sizes)
        for n, clock in ((0, "wall"), (1, "CPU")):
            ratios = [results[big][q][n] / results[small][q][n] for q in QUERIES]
            big_median = statistics.median(f[n] for f in results[big].values())
            small_median = statistics.median(f[n] for f in results[small].values())
            print(
                f"\n{big:,} vs {small:,} ({clock}): per query x"
                + " x".join(f"{r:.2f}" for r in ratios)
                + f"\n  median over the queries x{big_median / small_median:.2f} (target <= 2x)"
            )
    indexed, bare, step = save_figures(database(max(args.sizes)), args.runs * 4)
    print(
        f"\nsave of one edited event, {max(args.sizes):,} postmortems: {indexed:.2f} ms with the "
        f"index, {bare:.2f} ms without: x{indexed / bare:.2f} (target <= 1.2x); "
        f"the index step alone, before its commit, {step:.2f} ms"
    )


if __name__ == "__main__":
    main()
