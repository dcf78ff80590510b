"""Print how fast searching every postmortem is at the size of a big organisation (issue 18).

Targets: over 10,000 postmortems of 20 timeline events, 5 contributing factors and 5 action
items each, a search answers in under 50 ms median in the engine (the repository's search, with
its snippets); 10,000 postmortems cost at most 2x the time of 1,000; a save that keeps the index
in step costs at most 1.2x a save without it.

The databases (tests/support/library/search.py) are written once through the repository (the real
write path, a few minutes for 10,000) into a cache folder and reused: $PMDESK_BENCH_CACHE, else
pmdesk-benchmarks in the user's cache folder.
PostgreSQL too: --postgres starts a throw-away server for the run (as the test suite does, but
with fsync on), --url names a server to use; on it a database per size is created and filled
once from the SQLite cache (pmdesk copy's path, the index built again by the server). A save's
wall time there is mostly the wait for the server's disk (here it comes in steps of about 4 ms),
so the server's own CPU time per save is printed too when the server runs on this machine.
Run: .venv/bin/python benchmarks/search.py [--sizes 1000 10000] [--runs 15]
     [--postgres | --url postgresql+psycopg://...] [--no-sqlite]
(figures are printed, never asserted; the load average is printed beside them)
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.event import listen

from pmdesk.document import Document
from pmdesk.model import Postmortem
from pmdesk.search import Query, parse
from pmdesk.storage.copying import copy_library
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from tests.support.library import schema_key
from tests.support.library.search import GENERATOR, database, sentence

NOTES_WORDS = 1_000  # a facilitator's running notes, re-indexed whole by each save
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


def search_figures(location: str, runs: int, limit: int) -> dict[str, tuple[float, float, int]]:
    """Per query: median wall time, median CPU time of this process (what other programs on a
    busy machine do not change), and the number of hits."""
    repo = Repository(open_engine(resolve(location), read_only=True))
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


class SaveFigures(NamedTuple):
    indexed_wall: float
    bare_wall: float
    indexed_cpu: float
    bare_cpu: float
    indexed_pages: float | None  # SQLite: pages written to the WAL per save (None: PostgreSQL)
    bare_pages: float | None
    indexed_cpu_mean: float  # the mean counts FTS5's merges, which come every few dozen saves
    bare_cpu_mean: float
    index_cpu: float  # the CPU time of keeping the index in step before the commit (median)
    # PostgreSQL on this machine: the server's CPU time per save (median), every process of it
    indexed_server_cpu: float | None = None
    bare_server_cpu: float | None = None


class ServerClock:
    """The CPU time of a PostgreSQL server running on this machine: its postmaster and every
    process it started (from /proc; on another machine there is none)."""

    def __init__(self, repo: Repository) -> None:
        with repo.engine.connect() as connection:
            backend = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        self.postmaster = _parent(int(backend))

    def __bool__(self) -> bool:
        return self.postmaster is not None

    def times(self) -> dict[int, int]:
        """Nanoseconds on a CPU so far, by process."""
        found = {}
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit() and (
                int(proc.name) == self.postmaster or _parent(int(proc.name)) == self.postmaster
            ):
                try:
                    found[int(proc.name)] = int((proc / "schedstat").read_text().split()[0])
                except OSError:  # it has just ended
                    continue
        return found


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _spent(before: dict[int, int], after: dict[int, int]) -> float:
    """Seconds the processes present at both readings spent on a CPU in between."""
    return sum(after[pid] - ns for pid, ns in before.items() if pid in after) / 1e9


def save_figures(location: str, runs: int, notes_words: int = 0) -> SaveFigures:
    """Medians of a save of one edited timeline event (or, with `notes_words`, of notes that
    long) with the index kept in step and without, alternated save by save (wall time, CPU time
    of this process, and on SQLite the pages each save writes to the WAL). SQLite as shipped:
    WAL, synchronous=FULL; the edits go to a copy of the file. On PostgreSQL the edited texts are
    put back afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="pmdesk-bench-"))
    wal: Path | None = None
    if "://" not in location:
        copy = folder / "copy.sqlite3"
        shutil.copy(location, copy)
        location, wal = str(copy), Path(f"{copy}-wal")
    repo = Repository(open_engine(resolve(location)))
    if wal is not None:
        # The WAL is only read for its length: nothing moves its pages back into the database
        # file until the figures are taken.
        listen(
            repo.engine, "connect", lambda con, _record: con.execute("PRAGMA wal_autocheckpoint=0")
        )
        repo.engine.dispose()
    keep = Repository._index
    in_index: list[float] = []

    def timed_index(self: Repository, *args: Any, **options: Any) -> Any:
        started = time.process_time()
        try:
            return keep(self, *args, **options)
        finally:
            in_index.append(time.process_time() - started)

    doc = Document(repo.load(1))
    events = [event.id for event in doc.pm.timeline[:5]]
    originals = {event.id: event.text for event in doc.pm.timeline[:5]}
    original_notes = doc.pm.notes
    rng = random.Random(notes_words)
    notes = " ".join(sentence(rng, 10) for _ in range(notes_words // 10))
    taken: dict[bool, tuple[list[float], list[float], list[float], list[float]]] = {
        True: ([], [], [], []),
        False: ([], [], [], []),
    }
    server = ServerClock(repo) if wal is None else None

    def frames() -> int:
        return (wal.stat().st_size - 32) // (4096 + 24) if wal is not None and wal.exists() else 0

    takes = itertools.count()

    def save(indexed: bool) -> None:
        """A text changed (a new word each time, so every save changes the index)."""
        Repository._index = timed_index if indexed else _no_index  # type: ignore[method-assign]
        n = next(takes)
        if notes_words:
            doc.set_fields(notes=f"{notes} Edited in take {n} (word{n})")
        else:
            doc.update_item(
                "timeline", events[n % len(events)], text=f"Edited in take {n} (word{n})"
            )
        on_server = server.times() if server else {}
        before, wall, cpu = frames(), time.perf_counter(), time.process_time()
        repo.save(doc.pm, doc.take_dirty())
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        spent = _spent(on_server, server.times()) if server else 0.0
        for figures, value in zip(
            taken[indexed], (wall, cpu, frames() - before, spent), strict=True
        ):
            figures.append(value)

    try:
        save(True)
        for n in range(1, runs + 1):
            if wal is not None and n % 200 == 0:  # the WAL kept short, outside the timing
                with repo.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            for indexed in (True, False) if n % 2 else (False, True):
                save(indexed)
    finally:
        Repository._index = keep  # type: ignore[method-assign]
        for event_id, text in originals.items():
            doc.update_item("timeline", event_id, text=text)
        doc.set_fields(notes=original_notes)
        repo.save(doc.pm, doc.take_dirty())
        repo.close()
        shutil.rmtree(folder, ignore_errors=True)

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    def mean_ms(values: list[float]) -> float:
        return statistics.mean(values) * 1000

    def pages(indexed: bool) -> float | None:
        return statistics.mean(taken[indexed][2]) if wal is not None else None

    return SaveFigures(
        ms(taken[True][0]), ms(taken[False][0]), ms(taken[True][1]), ms(taken[False][1]),
        pages(True), pages(False), mean_ms(taken[True][1]), mean_ms(taken[False][1]),
        ms(in_index),
        ms(taken[True][3]) if server else None, ms(taken[False][3]) if server else None,
    )  # fmt: skip


def _no_index(
    self: Repository,
    connection: object,
    pm: Postmortem,
    dirty: object = None,
    prepared: object = None,
) -> None:
    """A save that leaves the search index alone: what keeping it in step is measured against."""


def postgres_database(server: str, size: int) -> str:
    """The URL of a database of `size` postmortems on the PostgreSQL server at `server`: one
    database per size, generator and schema, created on the server and filled once from the
    SQLite cache (the server's other databases are left alone)."""
    from sqlalchemy import create_engine, make_url

    name = f"pmdesk_search_{size}_g{GENERATOR}_s{schema_key()}".replace("-", "_")
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            found = connection.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": name}
            ).first()
            if found is None:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    repo = Repository(open_engine(resolve(url)))
    count = repo.count()
    repo.close()
    if count != size:
        print(f"copying {size:,} postmortems to {name} (once) ...", flush=True)
        started = time.perf_counter()
        copy_library(resolve(str(database(size))), resolve(url), replace=True)
        # The planner's statistics now, as autovacuum would gather them a little later.
        engine = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
        engine.dispose()
        print(f"  copied in {time.perf_counter() - started:.0f} s", flush=True)
    return url


def report(backend: str, locations: dict[int, str], runs: int, limit: int) -> None:
    """Search figures at each size, the bigger size against the smaller, and the save cost."""
    results = {}
    for size, location in locations.items():
        results[size] = search_figures(location, runs, limit)
        where = location
        if "://" not in location:
            where = f"{Path(location).stat().st_size / 1e6:.0f} MB"
        print(
            f"\n{backend}, {size:,} postmortems ({where.rsplit('/', 1)[-1]}), median of {runs}, "
            f"limit {limit} (load {os.getloadavg()[0]:.2f}):"
        )
        print("     wall      CPU  hits  query")
        if "://" in location:
            print("  (CPU is this process only: the server's own work shows in the wall time)")
        for text, (wall, cpu, hits) in results[size].items():
            print(f"  {wall:7.2f}  {cpu:7.2f}  {hits:4d}  {text}")
        walls = statistics.median(f[0] for f in results[size].values())
        cpus = statistics.median(f[1] for f in results[size].values())
        print(f"  {walls:7.2f}  {cpus:7.2f}  ms, median over the queries (target < 50 ms)")
    if len(locations) >= 2:
        small, big = min(locations), max(locations)
        for n, clock in ((0, "wall"), (1, "CPU")):
            ratios = [results[big][q][n] / results[small][q][n] for q in QUERIES]
            big_median = statistics.median(f[n] for f in results[big].values())
            small_median = statistics.median(f[n] for f in results[small].values())
            print(
                f"\n{big:,} vs {small:,} ({clock}): per query x"
                + " x".join(f"{r:.2f}" for r in ratios)
                + f"\n  median over the queries x{big_median / small_median:.2f} (target <= 2x)"
            )
    biggest = max(locations)
    for edit, words in (("one edited event", 0), (f"notes of {NOTES_WORDS:,} words", NOTES_WORDS)):
        save = save_figures(locations[biggest], runs * 4, words)
        print(
            f"\n{backend}, save of {edit}, {biggest:,} postmortems, median of {runs * 4} "
            f"alternated (load {os.getloadavg()[0]:.2f}):\n"
            f"  wall {save.indexed_wall:.2f} ms with the index, {save.bare_wall:.2f} ms without: "
            f"x{save.indexed_wall / save.bare_wall:.2f} (target <= 1.2x)\n"
            f"  CPU  {save.indexed_cpu:.2f} ms with the index, {save.bare_cpu:.2f} ms without: "
            f"x{save.indexed_cpu / save.bare_cpu:.2f}\n"
            f"  CPU mean {save.indexed_cpu_mean:.2f} ms with the index, "
            f"{save.bare_cpu_mean:.2f} ms without: x{save.indexed_cpu_mean / save.bare_cpu_mean:.2f}\n"
            f"  CPU in the index before the commit {save.index_cpu:.2f} ms (median)"
        )
        if save.indexed_server_cpu is not None and save.bare_server_cpu:
            print(
                f"  server CPU {save.indexed_server_cpu:.2f} ms with the index, "
                f"{save.bare_server_cpu:.2f} ms without: "
                f"x{save.indexed_server_cpu / save.bare_server_cpu:.2f} (all its processes)"
            )
        if save.indexed_pages is not None and save.bare_pages is not None:
            print(
                f"  pages written to the WAL per save: {save.indexed_pages:.1f} with the index, "
                f"{save.bare_pages:.1f} without"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--limit", type=int, default=20, help="hits asked for (CLI default 20)")
    parser.add_argument(
        "--url",
        help="also on this PostgreSQL server (postgresql+psycopg://...): a database per size "
        "is created on it and filled once",
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also on a throw-away PostgreSQL server started for the run (Debian's binaries)",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL figures only")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    if not args.no_sqlite:
        report("SQLite", {size: str(database(size)) for size in args.sizes}, args.runs, args.limit)
    if args.url:
        report(
            "PostgreSQL",
            {size: postgres_database(args.url, size) for size in args.sizes},
            args.runs,
            args.limit,
        )
    elif args.postgres:
        from tests.support.postgres import throwaway_postgres

        with throwaway_postgres() as server:
            report(
                "PostgreSQL",
                {size: postgres_database(server, size) for size in args.sizes},
                args.runs,
                args.limit,
            )


if __name__ == "__main__":
    main()
