"""Time to first paint: pmdesk's main window on a 1,000-postmortem database vs a bare Qt window.

Both are measured the same way, as a user feels it: from launching the process to the moment
its first frame is complete (the window's paint event, then back in the event loop: children
included); the process prints a line then, and we time until we read it. Prints the
medians over several runs and the ratio (target: at most 1.5).

    .venv/bin/python benchmarks/startup.py [--runs 7] [--count 1000]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 760)
class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            # Like pmdesk: the first frame is complete when control is back in the event loop.
            QTimer.singleShot(0, done)
        return False
def done():
    print("painted", flush=True)
    app.quit()
spy = Painted()
window.installEventFilter(spy)
window.show()
app.exec()
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT)
    return env


def time_to_line(command: list[str], marker: str) -> float:
    start = time.perf_counter()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_env()
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(marker):
                elapsed = time.perf_counter() - start
                break
        else:
            raise SystemExit(f"{command[:3]} never printed {marker!r}")
        process.wait(timeout=60)
    return elapsed


def make_database(path: Path, count: int) -> None:
    from pmdesk.interchange import load_file
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    sample = ROOT / "resources" / "samples" / "payment-service-outage.json"
    repo = Repository(open_engine(resolve(str(path))))
    for number in range(count):
        pm = load_file(sample)
        pm.title = f"{pm.title} #{number + 1}"
        repo.create(pm)
    repo.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    # An installed pmdesk has its bytecode compiled (pip does it; `make run` does it too). Do the
    # same here, since PYTHONDONTWRITEBYTECODE may be set and would make every run compile.
    compileall.compile_dir(ROOT / "pmdesk", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "library.sqlite3"
        made = time.perf_counter()
        make_database(db, args.count)
        print(
            f"database: {args.count} postmortems ({db.stat().st_size / 1e6:.1f} MB), "
            f"built in {time.perf_counter() - made:.1f} s"
        )
        bare_cmd = [sys.executable, "-c", BARE]
        app_cmd = [sys.executable, "-m", "pmdesk", "--db", str(db), "--smoke-test"]
        # One warm-up each so both read their files from the page cache.
        time_to_line(bare_cmd, "painted")
        time_to_line(app_cmd, "first paint")
        bare, app = [], []
        for _ in range(args.runs):
            bare.append(time_to_line(bare_cmd, "painted"))
            app.append(time_to_line(app_cmd, "first paint"))
    bare_ms = statistics.median(bare) * 1000
    app_ms = statistics.median(app) * 1000
    print(
        f"bare QApplication + QMainWindow: median {bare_ms:.0f} ms (runs: "
        + ", ".join(f"{t * 1000:.0f}" for t in bare)
        + ")"
    )
    print(
        f"pmdesk main window, {args.count} postmortems: median {app_ms:.0f} ms (runs: "
        + ", ".join(f"{t * 1000:.0f}" for t in app)
        + ")"
    )
    print(f"ratio of medians: {app_ms / bare_ms:.2f} (target: at most 1.5)")
    # The machine is shared: the fastest run of each is the least disturbed by other load.
    print(f"ratio of best runs: {min(app) / min(bare):.2f}")


if __name__ == "__main__":
    main()
