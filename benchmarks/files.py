"""Print what the file-safety checks cost: the database identity check, saves, atomic exports.

Every save first checks that the database file is still the one pmdesk opened (one stat call);
every export is written to a hidden file, fsynced and renamed. This prints those costs next to
the plain operations, and the time of 180 parallel imports into a brand-new file.
Run: .venv/bin/python benchmarks/files.py   (figures are printed, never asserted)
"""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmdesk.cli import main
from pmdesk.document import Document
from pmdesk.files import atomic_write
from pmdesk.interchange import load_file
from pmdesk.report import render
from pmdesk.storage import guard
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository

SAMPLE = Path(__file__).resolve().parent.parent / "resources/samples/payment-service-outage.json"


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def quiet_import(db: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(["--db", db, "import", str(SAMPLE)])


def parallel_imports(folder: Path, count: int) -> tuple[float, int]:
    quiet_import(str(folder / "warm.sqlite3"))
    db = str(folder / "parallel.sqlite3")
    started = time.perf_counter()
    pids = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            os._exit(quiet_import(db))
        pids.append(pid)
    failed = sum(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0 for pid in pids)
    return time.perf_counter() - started, failed


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        repo = Repository(open_engine(resolve(str(folder / "pm.sqlite3"))))
        doc = Document(repo.load(repo.create(load_file(SAMPLE))))
        runs = 100_000
        started = time.perf_counter()
        for _ in range(runs):
            guard.check_file(repo.engine)
        print(
            f"identity check before a save: {(time.perf_counter() - started) / runs * 1e6:.1f} µs"
        )

        counter = iter(range(10**9))

        def save() -> None:
            doc.set_fields(notes=f"note {next(counter)}")
            repo.save(doc.pm, doc.take_dirty())

        print(f"one-field save (WAL, synchronous=FULL), median: {median_ms(save, 300):.2f} ms")
        repo.close()

        pdf = render(doc.pm, "pdf")
        plain, safe = folder / "plain.pdf", folder / "safe.pdf"
        print(f"PDF export of the sample: {len(pdf) // 1024} KB")
        print(f"  plain write, median: {median_ms(lambda: plain.write_bytes(pdf), 50):.2f} ms")
        print(f"  atomic write, median: {median_ms(lambda: atomic_write(safe, pdf), 50):.2f} ms")

        seconds, failed = parallel_imports(folder, 180)
        print(f"180 parallel imports into a new file: {seconds:.1f} s, {failed} failed")


if __name__ == "__main__":
    run()
