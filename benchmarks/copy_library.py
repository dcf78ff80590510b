"""Print how long `pmdesk copy` takes for a library of 1,000 postmortems, each way.

Builds an SQLite library of 1,000 postmortems (the payment-service sample with fresh ids and
titles) through the repository, then copies it to a PostgreSQL database and back, timing each.
The server: a URL in $PMDESK_BENCH_PG (an empty database), else a throw-away one started from
the Debian binaries as tests/conftest.py does.
Run: .venv/bin/python benchmarks/copy_library.py   (figures are printed, never asserted)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmdesk.interchange import load_file, renew_ids
from pmdesk.storage.copying import copy_library
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository

POSTMORTEMS = 1_000
SAMPLE = Path(__file__).resolve().parent.parent / "resources/samples/payment-service-outage.json"


def build(path: Path) -> int:
    repo = Repository(open_engine(resolve(str(path))))
    try:
        for n in range(POSTMORTEMS):
            pm = load_file(SAMPLE)
            renew_ids(pm)
            pm.title = f"{pm.title} #{n}"
            repo.create(pm)
        return repo.count()
    finally:
        repo.close()


def server(base: Path) -> tuple[str, list[str]]:
    """A URL, and the command that stops the server (empty for a given one)."""
    given = os.environ.get("PMDESK_BENCH_PG")
    if given:
        return given, []
    import glob
    import shutil
    import socket
    import subprocess

    bindir = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
    data, sock = base / "pg", base / "sock"
    sock.mkdir()
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if prefix:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
         "-E", "UTF8", "--locale=C.UTF-8"],
        check=True, capture_output=True,
    )  # fmt: skip
    options = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1"
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-o", options,
         "-w", "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    stop = [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop


def main() -> None:
    import subprocess

    base = Path(tempfile.mkdtemp(prefix="pmdesk-copy-bench-"))
    os.chmod(base, 0o777)
    laptop, back = base / "laptop.sqlite3", base / "back.sqlite3"
    started = time.perf_counter()
    count = build(laptop)
    print(f"built {count} postmortems in SQLite: {time.perf_counter() - started:.1f} s")
    url, stop = server(base)
    try:
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
        if stop:
            subprocess.run(stop, capture_output=True)
        import shutil

        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
