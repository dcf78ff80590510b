"""Print how long the quarterly review takes over 1,000 postmortems (issue 19's speed target).

Target: reading 1,000 postmortems from the database and writing the review's JSON in under 1 s;
its PDF in under 3 s.

The library (--library):
- written (the default): every text composed afresh from the labelled sentence sets and the
  shipped samples, fitted to its postmortem (tests/support/library/written.py), so almost no two
  texts are alike, as in a library people wrote; kept in the benchmark cache folder;
- generated: the same postmortems with a few stock texts repeated (tests/support/library/review.py),
  the figure issue 19 was first measured on.
Both are written through the repository as pmdesk writes (tests.support.library.write_library):
each save keeps the postmortem's language facts beside it (pmdesk.review.stored). The rounds
work on copies, as the reviews write facts back.

Each round runs, one after the other, in this process with nothing remembered in it and no facts
file (PMDESK_REVIEW_CACHE is empty):
- the review as a user meets it: the facts read from the database, their keys holding
  (`pmdesk review`, the review window), JSON then PDF;
- the cold review, as after an upgrade of the language engine: every stored key stale, so every
  postmortem is checked (with a helper process on the second core when one is idle; its CPU time
  printed apart from this process's), and the facts written back; then the same checked in this
  process alone, and the PDF cold.
CPU time (time.process_time) beside wall time; the load average beside every round. Figures are
printed, never asserted.
Run: .venv/bin/python benchmarks/review.py [--library generated] [--count N] [--rounds N]
Pass --keep FILE to keep a copy of the database (e.g. to look at the window on it).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.library import write_library

TODAY = date(2027, 1, 20)


def _database(kind: str, count: int, folder: Path) -> Path:
    if kind == "written":
        from tests.support.library.written import database

        return database(count)
    from tests.support.library.review import library

    path = folder / "generated.sqlite3"
    began = time.perf_counter()
    write_library(path, library(count))
    print(f"made {count} postmortems in {time.perf_counter() - began:.1f} s: {path}")
    return path


def _helpers_cpu() -> float:
    """CPU seconds of the helper processes that have ended so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _timed(step: Callable[[], Any]) -> tuple[float, float, Any, float]:
    """Wall and CPU seconds of this process, the result, and the helpers' CPU seconds."""
    began, began_cpu, began_helpers = time.perf_counter(), time.process_time(), _helpers_cpu()
    result = step()
    cpu = time.process_time() - began_cpu
    return time.perf_counter() - began, cpu, result, _helpers_cpu() - began_helpers


def _load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def _copy(source: Path, target: Path) -> Path:
    """A copy of the database, its write-ahead log included (sqlite3's backup)."""
    import sqlite3

    with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
        reading.backup(writing)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--library", choices=("written", "generated"), default="written")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep a copy of the database at this path")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pmdesk-review-bench-"))
    os.environ["PMDESK_REVIEW_CACHE"] = ""  # no facts file: the database keeps them
    path = _database(args.library, args.count, folder)
    if args.keep:
        shutil.copyfile(path, args.keep)
        print(f"kept a copy at {args.keep}")

    from pmdesk.review import Period, facts_cache, helper
    from pmdesk.review.export import dumps
    from pmdesk.review.pdf import render_review_pdf
    from pmdesk.review.stored import review_from
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository
    from tests.support.library.written import spread

    met = Repository(open_engine(resolve(str(_copy(path, folder / "met.sqlite3")))))
    cold = Repository(open_engine(resolve(str(_copy(path, folder / "cold.sqlite3")))))
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    quarter = Period(date(2026, 7, 1), date(2026, 9, 30))
    print(
        f"{args.library} library, {args.count} postmortems: {spread(met.postmortems_between(year.start, year.end))}"
    )
    print(f"{os.cpu_count()} cores; wall / CPU seconds")
    real_engine = facts_cache.engine_version
    upgrades = iter(range(1, 1_000_000))

    def review(repo: Repository, p: Period, pdf: bool, stale: bool) -> str | bytes:
        facts_cache.FACTS = facts_cache.FactsCache()  # nothing remembered in this process
        if stale:  # a newer engine: every stored key is stale
            stamp = f"{real_engine()} upgrade {next(upgrades)}"
            facts_cache.engine_version = lambda: stamp  # type: ignore[assignment]
        try:
            _, found = review_from(repo, p, TODAY, keep=repo.keep_review_facts)
        finally:
            facts_cache.engine_version = real_engine  # type: ignore[assignment]
        return render_review_pdf(found) if pdf else dumps(found)

    for name, period in (("the year", year), ("one quarter", quarter)):
        rows: dict[str, list[tuple[float, float]]] = {
            key: [] for key in ("met", "met_pdf", "cold_helper", "cold", "cold_pdf")
        }
        helpers_cpu: list[float] = []
        size = 0
        for round_ in range(1, args.rounds + 1):
            met_json = _timed(lambda p=period: review(met, p, False, False))
            met_pdf = _timed(lambda p=period: review(met, p, True, False))
            helper.HELPERS = 1  # with a helper process checking about half the texts
            with_helper = _timed(lambda p=period: review(cold, p, False, True))
            helpers_cpu.append(with_helper[3])
            helper.HELPERS = 0  # all in this process
            alone = _timed(lambda p=period: review(cold, p, False, True))
            cold_pdf = _timed(lambda p=period: review(cold, p, True, True))
            helper.HELPERS = None
            assert met_json[2] == with_helper[2] == alone[2], (
                "stored facts must not change a figure"
            )
            for key, taken in zip(
                rows, (met_json, met_pdf, with_helper, alone, cold_pdf), strict=True
            ):
                rows[key].append(taken[:2])
            size = len(met_json[2])
            print(
                f"  {name} round {round_} ({_load()}): as met: JSON {met_json[0]:.3f} / "
                f"{met_json[1]:.3f}, PDF {met_pdf[0]:.3f} / {met_pdf[1]:.3f} "
                f"({len(met_pdf[2]) // 1024} KB); cold: JSON with a helper {with_helper[0]:.3f} / "
                f"{with_helper[1]:.3f} (this process) + {with_helper[3]:.3f} (the helper), "
                f"alone {alone[0]:.3f} / {alone[1]:.3f}, PDF {cold_pdf[0]:.3f} / {cold_pdf[1]:.3f}"
            )
        count = len(met.postmortems_between(period.start, period.end))
        best = {key: (min(w for w, _ in v), min(c for _, c in v)) for key, v in rows.items()}
        print(
            f"{name}: {count} postmortems, JSON {size // 1024} KB; best of {args.rounds} "
            f"({_load()}), wall / CPU s: as a user meets it (facts stored): JSON "
            f"{best['met'][0]:.3f} / {best['met'][1]:.3f} (target < 1 s), PDF "
            f"{best['met_pdf'][0]:.3f} / {best['met_pdf'][1]:.3f} (target < 3 s); cold (after an "
            f"engine upgrade, facts written back): JSON {best['cold'][0]:.3f} / "
            f"{best['cold'][1]:.3f}, with a helper process {best['cold_helper'][0]:.3f} / "
            f"{best['cold_helper'][1]:.3f} here + {min(helpers_cpu):.3f} in the helper; PDF "
            f"{best['cold_pdf'][0]:.3f} / {best['cold_pdf'][1]:.3f}"
        )
    met.close()
    cold.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
