"""Print how long publishing a big org's library takes (issue 18's speed target).

Target: 10,000 postmortems of 20 timeline events, 5 contributing factors and 5 action items
published as a site in under a minute; then one postmortem changes and the site is published
again, which rewrites only its page and the indexes it shows in.
The database is generated once through the repository (the real write path) and kept in the
cache folder (tests/support/library/publish.py), so later runs time only the publishing.
With --as-published, as `pmdesk publish` and File > Publish do: the security postmortems (one in
ten here) as their redacted edition, and every file read for leaks before it is written.
Run: .venv/bin/python benchmarks/publish.py [--count N] [--format html|md] [--keep DIR]
     [--as-published]
(figures are printed, never asserted)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmdesk.publish import Outcome

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmdesk.document import Dirty
from tests.support.library.publish import database


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--format", choices=("html", "md"), default="html")
    parser.add_argument("--keep", type=Path, help="publish into this folder and keep it")
    parser.add_argument(
        "--as-published", action="store_true", help="security postmortems redacted, files checked"
    )
    args = parser.parse_args()

    from pmdesk.operations.library import to_publish
    from pmdesk.publish import publish
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    source = database(args.count)
    work = Path(tempfile.mkdtemp(prefix="pmdesk-publish-bench-"))
    db = work / "library.sqlite3"
    shutil.copyfile(source, db)  # the change below must not alter the cached database
    folder = args.keep or work / "site"
    repo = Repository(open_engine(resolve(str(db))))
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    def publish_all() -> tuple[list[Any], Outcome]:
        entries, postmortems = to_publish(repo)
        if not args.as_published:
            return entries, publish(postmortems, folder, args.format)
        from pmdesk.redaction.published import PublishedEditions

        editions = PublishedEditions()
        outcome = publish(editions.editions(postmortems), folder, args.format, check=editions.check)
        return entries, outcome

    try:
        began, cpu = time.perf_counter(), time.process_time()
        entries, outcome = publish_all()
        first, first_cpu = time.perf_counter() - began, time.process_time() - cpu
        index = folder / "assets" / "search-index.js"
        print(
            f"first publish ({args.format}) of {len(entries):,} postmortems: {first:.1f} s "
            f"(target < 60 s; {first_cpu:.1f} s of CPU); {outcome.describe()}; {size_of(folder) / 1e6:.0f} MB"
            + (f", search index {index.stat().st_size / 1e6:.1f} MB" if index.exists() else "")
        )

        pm = repo.load(entries[len(entries) // 2].id)
        pm.summary += " A second look found the retry storm too."
        repo.save(pm, Dirty(fields={"summary"}))
        began, cpu = time.perf_counter(), time.process_time()
        entries, outcome = publish_all()
        second, second_cpu = time.perf_counter() - began, time.process_time() - cpu
        print(
            f"second publish after one summary changed: {second:.1f} s ({second_cpu:.1f} s of "
            f"CPU); {outcome.describe()}"
        )
    finally:
        repo.close()
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
