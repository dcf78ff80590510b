"""Print how long `pmdesk copy` takes for a library of 1,000 postmortems, each way.

Builds an SQLite library of 1,000 postmortems (the payment-service sample with fresh ids and
titles) through the repository, then copies it to a PostgreSQL database and back, timing each.
The server: a URL in $PMDESK_BENCH_PG (an empty database), else a throw-away one started from
the Debian binaries as the tests do (tests/support/postgres.py).
Run: .venv/bin/python benchmarks/copy_library.py   (figures are printed, never asserted)
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmdesk.storage.copying import copy_library
from pmdesk.storage.location import resolve
from tests.support.library import sample_copies, write_library
from tests.support.postgres import throwaway_postgres

POSTMORTEMS = 1_000


@contextmanager
def server() -> Iterator[str]:
    """The URL in $PMDESK_BENCH_PG, else a throw-away server's."""
    given = os.environ.get("PMDESK_BENCH_PG")
    if given:
        yield given
        return
    with throwaway_postgres(prefix="pmdesk-copy-bench-pg-") as url:
        yield url


def main() -> None:
    base = Path(tempfile.mkdtemp(prefix="pmdesk-copy-bench-"))
    laptop, back = base / "laptop.sqlite3", base / "back.sqlite3"
    started = time.perf_counter()
    count = len(write_library(laptop, sample_copies(POSTMORTEMS)))
    print(f"built {count} postmortems in SQLite: {time.perf_counter() - started:.1f} s")
    try:
        with server() as url:
            started = time.perf_counter()
            report = copy_library(resolve(str(laptop)), resolve(url))
            there = time.perf_counter() - started
            print(f"SQLite -> PostgreSQL: {report.postmortems} postmortems, "
                  f"{sum(report.rows.values())} rows in {there:.2f} s")  # fmt: skip
            started = time.perf_counter()
            report = copy_library(resolve(url), resolve(str(back)))
            print(f"PostgreSQL -> SQLite: {report.postmortems} postmortems, "
                  f"{sum(report.rows.values())} rows in {time.perf_counter() - started:.2f} s")  # fmt: skip
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
