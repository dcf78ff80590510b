"""Print how long the quarterly review takes over 1,000 postmortems (issue 19's speed target).

Target: reading 1,000 postmortems from the database and writing the review's JSON in under 1 s;
its PDF in under 3 s. The library is made up but shaped like a real one: a year of incidents,
near misses and security incidents, drafts and published reviews, 3-5 action items each,
timelines with milestones, factors that repeat in different words (tests/support/library/review.py).
Run: .venv/bin/python benchmarks/review.py   (figures are printed, never asserted)
Pass --keep FILE to keep the database (e.g. to look at the window on it), --count N for another size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.library import write_library
from tests.support.library.review import library

TODAY = date(2027, 1, 20)


# CPU time of this process as well as wall time: on a shared machine (other jobs on both cores)
# the wall time says more about the neighbours than about pmdesk.
CPU: dict[str, float] = {}
FIRST: dict[str, float] = {}  # the first run's wall time: before anything was remembered
FIRST_CPU: dict[str, float] = {}  # and its CPU time


def _timed(step, runs: int = 5, name: str = "") -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, cpu, result = [], [], None
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = step()
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    CPU[name] = statistics.median(cpu)
    FIRST[name] = times[0]
    FIRST_CPU[name] = cpu[0]
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
        write_library(path, library(args.count))
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
            f"read + figures + JSON {FIRST['read'] + FIRST['figures'] + FIRST['json']:.3f} s; "
            f"CPU figures {FIRST_CPU['figures']:.3f} s, read + figures + JSON "
            f"{FIRST_CPU['read'] + FIRST_CPU['figures'] + FIRST_CPU['json']:.3f} s (target < 1 s)"
        )
        base = CPU["read"] + CPU["figures"]
        print(
            f"  CPU time: read {CPU['read']:.3f} s, figures {CPU['figures']:.3f} s; "
            f"with JSON {base + CPU['json']:.3f} s, with PDF {base + CPU['pdf']:.3f} s"
        )
    repo.close()


if __name__ == "__main__":
    main()
