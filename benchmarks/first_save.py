"""The first save after a restart, against the saves after it.

A restart reopens the last postmortem with the sqlite3 module; the database layer (SQLAlchemy)
loads in the background from the first edit, in time for the autosave 700 ms later. This prints
the longest the main thread waited meanwhile (its slowest answer to a key: 1 ms means none), the
first save, and the later saves.
Each run is a fresh process, as a restart is. The window opens its database as the app does: each
save that changes a checked text keeps the review's language facts beside the postmortem
(pmdesk.review.stored). After start-up the app loads the language engine and works out the open
postmortem's facts beside the window (pmdesk.views.app.warm_up); --no-warm loads the engine only,
as the app did before, so the first save works out every text's facts itself. --no-facts saves
without them (the save as it was before they were kept). The postmortem is the payment-service
sample, published (so its title is a checked text), or --status as given.

    .venv/bin/python benchmarks/first_save.py [--runs 7] [--no-facts] [--no-warm]
        [--status reviewed]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ONE_RUN = """
import sys, time
from PySide6.QtCore import QCoreApplication
from pmdesk.cli.common import facts_to_store
from pmdesk.operations import items
from pmdesk.storage.door import StorageDoor
from pmdesk.storage.location import resolve
from pmdesk.ui.session import DocumentSession

app = QCoreApplication([])
facts = facts_to_store if sys.argv[3] == "facts" else None
session = DocumentSession(StorageDoor(resolve(sys.argv[1]), language_facts=facts))
started = time.perf_counter()
session.open(int(sys.argv[2]))
opened = time.perf_counter() - started
assert session._repo is None, "reopened through the repository"
from pmdesk.views.app import warm_language, warm_up


def answering(while_busy):
    # The longest the main thread waited for a slice of CPU (its slowest answer to a key) while
    # while_busy() held, looking every millisecond; and how long that was.
    longest = 0.0
    last = begun = time.perf_counter()
    while while_busy():
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
        time.sleep(0.001)
    return longest, time.perf_counter() - begun


if sys.argv[4] == "warm":
    warm_up(session)  # as the app does 800 ms after start-up, before the first key
    warming = session.door.warming
    # The facts are worked out beside the window in the idle moment: keys are answered meanwhile.
    warm_wait, warm_took = answering(lambda: warming is not None and warming.is_alive())
else:
    warm_language()  # the app before it worked out the first save's facts beside the window
    warm_wait = warm_took = 0.0
times = []
longest = 0.0
for n in range(4):
    session.apply(items.set_fields(session.doc, "Title", title=f"Edited {n}"))
    # The autosave comes 700 ms after the last change: meanwhile the window answers keys. The
    # longest the main thread waits for a slice of CPU stands for its slowest answer.
    last = until = time.perf_counter()
    until += session._timer.interval() / 1000
    while (now := time.perf_counter()) < until:
        longest = max(longest, now - last) if n == 0 else longest
        last = now
        time.sleep(0.001)
    started = time.perf_counter()
    assert session.save_now()
    times.append(time.perf_counter() - started)
print(opened, longest, warm_wait, warm_took, *times)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-facts", action="store_true", help="save without the review's facts")
    parser.add_argument("--status", default="published", choices=("draft", "reviewed", "published"))
    parser.add_argument(
        "--no-warm",
        action="store_true",
        help="after start-up, load the language engine only (the facts are worked out cold)",
    )
    args = parser.parse_args()
    from pmdesk.interchange import load_file
    from pmdesk.model import Status
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "library.sqlite3"
        repo = Repository(open_engine(resolve(str(db))))
        pm = load_file(ROOT / "resources" / "samples" / "payment-service-outage.json")
        pm.status = Status(args.status)
        pm_id = repo.create(pm)
        repo.close()
        rows = []
        for _ in range(args.runs + 1):  # the first warms the page cache
            out = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    ONE_RUN,
                    str(db),
                    str(pm_id),
                    "none" if args.no_facts else "facts",
                    "cold" if args.no_warm else "warm",
                ],
                capture_output=True,
                text=True,
                check=True,
                env={"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
            )
            rows.append([float(v) * 1000 for v in out.stdout.split()])
    rows = rows[1:]

    def show(name: str, values: list[float]) -> None:
        runs = ", ".join(f"{v:.0f}" for v in values)
        print(f"  {name}: median {statistics.median(values):.1f} ms (runs: {runs})")

    saves = "without the review's facts" if args.no_facts else "keeping the review's facts"
    warmed = "the engine only" if args.no_warm else "the engine and the first save's facts"
    print(f"a restart, {args.runs} runs, a {args.status} postmortem, saves {saves}, ", end="")
    print(f"warmed after start-up: {warmed}:")
    show("reopen (sqlite3)", [r[0] for r in rows])
    show(
        "longest main-thread wait while SQLAlchemy loads after the first edit", [r[1] for r in rows]
    )
    if not args.no_warm:
        show("facts worked out beside the window after start-up, taking", [r[3] for r in rows])
        show("longest main-thread wait meanwhile", [r[2] for r in rows])
    show("first save (700 ms after the first edit)", [r[4] for r in rows])
    show("later saves", [v for r in rows for v in r[5:]])


if __name__ == "__main__":
    main()
