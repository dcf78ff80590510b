"""Print how long the quarterly review takes over 1,000 postmortems (issue 19's speed target).

Target: reading 1,000 postmortems from the database and writing the review's JSON in under 1 s,
the first time too (nothing remembered); its PDF in under 3 s.

The library (--library):
- written (the default): every text composed afresh from the labelled sentence sets and the
  shipped samples, fitted to its postmortem (tests/support/library/written.py), so almost no two
  texts are alike, as in a library people wrote; kept in the benchmark cache folder;
- generated: the same postmortems with a few stock texts repeated (tests/support/library/review.py),
  the figure issue 19 was first measured on.

Each round runs, one after the other: the first review with nothing remembered (a fresh facts
cache, no file) with a helper process checking part of the texts on the second core (its CPU
time printed apart from this process's), the same
in this process alone, the review again as a new `pmdesk review` would (the facts read back from
the file), and the PDF, remembered and first. CPU time (time.process_time) beside wall time; the load average beside
every round. Figures are printed, never asserted.
Run: .venv/bin/python benchmarks/review.py [--library generated] [--count N] [--rounds N]
Pass --keep FILE to keep a copy of the database (e.g. to look at the window on it).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
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


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--library", choices=("written", "generated"), default="written")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep a copy of the database at this path")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pmdesk-review-bench-"))
    cache = folder / "review-language.json"
    os.environ["PMDESK_REVIEW_CACHE"] = str(cache)
    path = _database(args.library, args.count, folder)
    if args.keep:
        shutil.copyfile(path, args.keep)
        print(f"kept a copy at {args.keep}")

    from pmdesk.review import Period, build_review, facts_cache, helper
    from pmdesk.review.export import dumps
    from pmdesk.review.pdf import render_review_pdf
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository
    from tests.support.library.written import spread

    repo = Repository(open_engine(resolve(str(path)), read_only=True))
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    quarter = Period(date(2026, 7, 1), date(2026, 9, 30))
    print(
        f"{args.library} library, {args.count} postmortems: {spread(repo.postmortems_between(year.start, year.end))}"
    )
    print(f"{os.cpu_count()} cores; wall / CPU seconds")
    for name, period in (("the year", year), ("one quarter", quarter)):

        def review_json(p: Period = period) -> str:
            pms = repo.review_postmortems_between(p.start, p.end)
            return dumps(build_review(pms, p, TODAY))

        def review_pdf(p: Period = period) -> bytes:
            pms = repo.review_postmortems_between(p.start, p.end)
            return render_review_pdf(build_review(pms, p, TODAY))

        rows: dict[str, list[tuple[float, float]]] = {
            "first": [],
            "helper": [],
            "again": [],
            "pdf": [],
            "pdf_first": [],
        }
        size = 0
        helpers_cpu: list[float] = []
        for round_ in range(1, args.rounds + 1):
            cache.unlink(missing_ok=True)
            facts_cache.FACTS = facts_cache.FactsCache()  # nothing remembered, as a first run
            helper.HELPERS = 1  # with a helper process checking about half the texts
            with_helper = _timed(review_json)
            helpers_cpu.append(with_helper[3])
            rows["helper"].append(with_helper[:2])
            cache.unlink(missing_ok=True)
            facts_cache.FACTS = facts_cache.FactsCache()
            helper.HELPERS = 0  # all in this process
            wall, cpu, text, _ = _timed(review_json)
            rows["first"].append((wall, cpu))
            assert text == with_helper[2], "a helper process must not change a figure"
            facts_cache.FACTS = facts_cache.FactsCache()  # a new run: the facts from the file
            again = _timed(review_json)
            rows["again"].append(again[:2])
            facts_cache.FACTS = facts_cache.FactsCache()
            pdf = _timed(review_pdf)
            rows["pdf"].append(pdf[:2])
            cache.unlink(missing_ok=True)
            facts_cache.FACTS = facts_cache.FactsCache()
            pdf_first = _timed(review_pdf)
            rows["pdf_first"].append(pdf_first[:2])
            size = len(text)
            print(
                f"  {name} round {round_} ({_load()}): first JSON {wall:.3f} / {cpu:.3f}, "
                f"with a helper {with_helper[0]:.3f} / {with_helper[1]:.3f} (this process) "
                f"+ {with_helper[3]:.3f} (the helper); "
                f"remembered JSON {again[0]:.3f} / {again[1]:.3f}; "
                f"PDF remembered {pdf[0]:.3f} / {pdf[1]:.3f} ({len(pdf[2]) // 1024} KB), "
                f"first {pdf_first[0]:.3f} / {pdf_first[1]:.3f}"
            )
        count = len(repo.postmortems_between(period.start, period.end))
        medians = {
            key: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
            for key, v in rows.items()
        }
        print(
            f"{name}: {count} postmortems, JSON {size // 1024} KB; medians of {args.rounds} "
            f"({_load()}): read + figures + JSON, first run {medians['first'][0]:.3f} s wall / "
            f"{medians['first'][1]:.3f} s CPU (target < 1 s), with a helper process "
            f"{medians['helper'][0]:.3f} s wall / {medians['helper'][1]:.3f} s CPU here + "
            f"{statistics.median(helpers_cpu):.3f} in the helper; remembered "
            f"{medians['again'][0]:.3f} / {medians['again'][1]:.3f}; read + figures + PDF "
            f"{medians['pdf'][0]:.3f} / {medians['pdf'][1]:.3f}, first run "
            f"{medians['pdf_first'][0]:.3f} / {medians['pdf_first'][1]:.3f} (target < 3 s)"
        )
    repo.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
