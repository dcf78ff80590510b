"""Print how fast the Actions tracker is over a large database (issue 6's scale target).

Target: over 1,000 postmortems and 5,000 action items, the tracker opens and filters within 1 s.
Builds the database in a temporary SQLite file through the repository (the real write path), then
times opening it and each query the tracker view and `pmdesk actions` run.
Run: .venv/bin/python benchmarks/actions.py   (figures are printed, never asserted)
"""

from __future__ import annotations

import io
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmdesk.model import ActionStatus, ActionType
from tests.support.library import write_library
from tests.support.library.actions import TODAY, postmortem

POSTMORTEMS = 1_000
ACTIONS = 5_000


def timed(runs: int, action: Callable[[], object]) -> tuple[float, float, object]:
    """Best and median wall time in seconds over `runs` runs, and the last result."""
    times = []
    result: object = None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times), result


def build(db: Path) -> float:
    rng = random.Random(6)
    started = time.perf_counter()
    write_library(db, (postmortem(rng, n, ACTIONS // POSTMORTEMS) for n in range(POSTMORTEMS)))
    return time.perf_counter() - started


def main() -> None:
    from pmdesk.cli.actions import run
    from pmdesk.cli.common import open_repository
    from pmdesk.storage.tracker import (
        completion_by_postmortem,
        overall_completion,
        tracked_actions,
    )

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite3"
        print(f"building {POSTMORTEMS} postmortems with {ACTIONS} action items ...")
        print(f"  built in {build(db):.2f} s ({db.stat().st_size / 1e6:.1f} MB)")

        best, median, repo = timed(1, lambda: open_repository(str(db)))
        print(f"open the database (check + engine):   {best * 1000:7.1f} ms")
        engine = repo.engine  # type: ignore[attr-defined]

        cases: list[tuple[str, Callable[[], object]]] = [
            ("all items (tracker opens)", lambda: tracked_actions(engine)),
            (
                "live items (default view)",
                lambda: tracked_actions(
                    engine, status={ActionStatus.OPEN, ActionStatus.IN_PROGRESS}
                ),
            ),
            ("overdue", lambda: tracked_actions(engine, overdue_on=TODAY)),
            ("owner contains 'raj'", lambda: tracked_actions(engine, owner="raj")),
            ("type = detect", lambda: tracked_actions(engine, type=ActionType.DETECT)),
            ("one postmortem", lambda: tracked_actions(engine, postmortem_id=500)),
            ("completion per postmortem", lambda: completion_by_postmortem(engine, TODAY)),
            ("completion overall", lambda: overall_completion(engine, TODAY)),
        ]
        for label, action in cases:
            best, median, result = timed(7, action)
            size = len(result) if isinstance(result, list) else "-"
            print(
                f"{label:<37} best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms"
                f"  ({size} rows)"
            )
        repo.close()  # type: ignore[attr-defined]

        def cli(*argv: str) -> int:
            return run(list(argv), io.StringIO(), io.StringIO(), db=str(db), today=TODAY)

        for argv in ((), ("--overdue",), ("--json", "--status", "all"), ("--csv", "jira")):
            best, median, code = timed(5, lambda argv=argv: cli(*argv))  # type: ignore[misc]
            shown = "pmdesk actions " + " ".join(argv)
            print(
                f"{shown:<37} best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms"
                f"  (exit {code}, incl. opening the database)"
            )

        # What a user waits for: a fresh process, imports and all.
        script = (
            "import io, sys; from datetime import date; from pmdesk.cli.actions import run; "
            f"sys.exit(run(['--overdue'], io.StringIO(), io.StringIO(), db={str(db)!r}, "
            f"today=date({TODAY.year}, {TODAY.month}, {TODAY.day})))"
        )
        root = str(Path(__file__).resolve().parent.parent)
        best, median, _ = timed(
            3, lambda: subprocess.run([sys.executable, "-c", script], cwd=root, check=False)
        )
        print(
            f"{'fresh process, --overdue':<37} best {best * 1000:7.1f} ms  median "
            f"{median * 1000:7.1f} ms  (interpreter start + imports + query)"
        )


if __name__ == "__main__":
    main()
