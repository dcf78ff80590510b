"""Time to ready: pmdesk reopening its last postmortem on a 1,000-postmortem database vs bare Qt.

"Ready" is what a user feels: from launching the process until its window is on screen, the last
postmortem is open, and the process has gone idle (it would answer a key at once). The process
says when it believes it is ready (`--smoke-test` prints "ready"), but the figure does not trust
it: this script samples the process's CPU time every few milliseconds (all its threads, from
/proc) and takes the end of the last busy stretch before a quiet spell that follows that line.
A window that paints early and then computes for a second is ready a second later.

The bare window (QApplication + QMainWindow, shown) is measured the same way, runs alternated.
pmdesk's caches (compiled patterns, the findings memo) are its own, filled by a first, unmeasured
start.
Prints both medians, the ratio (goal: at most 2.5) and, as a second figure, time to first paint.

    .venv/bin/python benchmarks/startup.py [--runs 7] [--count 1000]

Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 700)
class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, done)
            window.removeEventFilter(self)
        return False
def done():
    print("first paint", flush=True)
    print("ready", flush=True)
    QTimer.singleShot(1500, app.quit)
spy = Painted()
window.installEventFilter(spy)
window.show()
app.exec()
"""

SAMPLE_EVERY = 0.004  # seconds between CPU samples
BUSY_SHARE = 0.25  # a sample interval in which the process used more CPU than this is busy
QUIET_FOR = 0.4  # seconds without a busy interval that count as idle


def _cpu_seconds(pid: int) -> float:
    """CPU time of every thread of a process, from /proc (nanosecond resolution)."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/schedstat") as handle:
                    total += int(handle.read().split()[0])
            except (FileNotFoundError, ProcessLookupError):
                continue
    except FileNotFoundError:
        return -1.0
    return total / 1e9


PLATFORM = {"name": "offscreen", "display": ""}


def _env(config: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = PLATFORM["name"]
    if PLATFORM["display"]:
        env["DISPLAY"] = PLATFORM["display"]
    env["PYTHONPATH"] = str(ROOT)
    env["XDG_CONFIG_HOME"] = str(config)  # the remembered "last open postmortem" lives here
    # The language check's compiled-pattern cache, filled by the warm-up run. The shared one in
    # ~/.cache collects the patterns of every checkout and branch run on this machine (megabytes
    # read at each start); a user's holds one pmdesk's.
    env["PMDESK_REGEX_CACHE"] = str(config.parent / "regex-cache.bin")
    # The findings memo (the reopened postmortem's underlines) likewise: filled by the warm-up run,
    # as a user's is by the run before.
    env["PMDESK_FINDINGS_MEMO"] = str(config.parent / "findings-memo.bin")
    return env


class Run:
    def __init__(self, first_paint: float, ready_said: float, ready: float, open_id: str) -> None:
        self.first_paint, self.ready_said, self.ready, self.open_id = (
            first_paint,
            ready_said,
            ready,
            open_id,
        )


def measure(command: list[str], config: Path) -> Run:
    lines: list[tuple[float, str]] = []
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=_env(config),
    )
    assert process.stdout is not None

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append((time.perf_counter() - start, line.strip()))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    samples: list[tuple[float, float]] = []  # (seconds since launch, CPU seconds)
    while process.poll() is None:
        cpu = _cpu_seconds(process.pid)
        if cpu >= 0:
            samples.append((time.perf_counter() - start, cpu))
        time.sleep(SAMPLE_EVERY)
    reader.join(timeout=5)
    said = {text.split(":")[0]: (at, text) for at, text in lines}
    if "ready" not in said:
        raise SystemExit(f"{command[:4]} never said it was ready: {lines!r}")
    ready_said = said["ready"][0]
    ready_text = said["ready"][1]
    open_id = ready_text.split("open ", 1)[1].rstrip(")") if "open " in ready_text else "-"
    # The end of the last busy interval before a quiet spell that starts after "ready".
    last_busy = 0.0
    quiet_from = None
    for (t0, c0), (t1, c1) in itertools.pairwise(samples):
        busy = (c1 - c0) > BUSY_SHARE * (t1 - t0)
        if busy:
            last_busy = t1
            quiet_from = None
        elif quiet_from is None:
            quiet_from = t0
        if quiet_from is not None and t1 - quiet_from >= QUIET_FOR and t1 > ready_said:
            break
    return Run(said["first paint"][0], ready_said, max(last_busy, ready_said), open_id)


def make_database(path: Path, count: int, config: Path) -> int:
    """A library of `count` postmortems; the last one is remembered as open. Returns its id."""
    from pmdesk.storage.location import resolve
    from tests.support.library import sample_copies, write_library

    location = resolve(str(path))
    last = write_library(path, sample_copies(count, fresh_ids=False))[-1]
    remember = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from pmdesk.ui import settings\n"
        "app = QCoreApplication([])\n"
        "app.setOrganizationName('pmdesk'); app.setApplicationName('pmdesk')\n"
        f"settings.last_open_key({location.display!r}).set({last})\n"
    )
    subprocess.run([sys.executable, "-c", remember], check=True, env=_env(config))
    return last


def _figures(name: str, runs: list[Run], attr: str) -> float:
    values = [getattr(run, attr) * 1000 for run in runs]
    median = statistics.median(values)
    print(f"  {name}: median {median:.0f} ms (runs: {', '.join(f'{v:.0f}' for v in values)})")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument(
        "--platform",
        choices=("xvfb", "offscreen"),
        default="xvfb" if shutil.which("Xvfb") else "offscreen",
        help="xvfb: a real X window on a private 1280x720 Xvfb display, as a user's desktop "
        "does (the default when Xvfb is installed); offscreen: Qt's headless platform",
    )
    args = parser.parse_args()
    if args.platform == "xvfb":
        with _xvfb() as display:
            PLATFORM.update(name="xcb", display=display)
            _run(args)
    else:
        _run(args)


@contextlib.contextmanager
def _xvfb() -> Iterator[str]:
    for number in range(91, 120):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            break
    display = f":{number}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            time.sleep(0.02)
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def _run(args: argparse.Namespace) -> None:
    print(f"platform: {PLATFORM['name']} {PLATFORM['display']}".rstrip())
    # An installed pmdesk has its bytecode compiled (pip does it; `make run` does it too). Do the
    # same here, since PYTHONDONTWRITEBYTECODE may be set and would make every run compile.
    compileall.compile_dir(ROOT / "pmdesk", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "library.sqlite3"
        config = Path(folder) / "config"
        made = time.perf_counter()
        last = make_database(db, args.count, config)
        print(
            f"database: {args.count} postmortems ({db.stat().st_size / 1e6:.1f} MB), "
            f"built in {time.perf_counter() - made:.1f} s; postmortem {last} was open"
        )
        bare_cmd = [sys.executable, "-c", BARE]
        app_cmd = [sys.executable, "-m", "pmdesk", "--db", str(db), "--smoke-test"]
        # One warm-up each so both read their files from the page cache.
        measure(bare_cmd, config)
        measure(app_cmd, config)
        bare: list[Run] = []
        app: list[Run] = []
        for _ in range(args.runs):
            bare.append(measure(bare_cmd, config))
            app.append(measure(app_cmd, config))
    reopened = {run.open_id for run in app}
    if reopened != {str(last)}:
        raise SystemExit(f"pmdesk did not reopen postmortem {last}: it said {reopened}")
    print("bare QApplication + QMainWindow:")
    bare_ready = _figures("ready", bare, "ready")
    bare_paint = _figures("first paint", bare, "first_paint")
    print(f"pmdesk, {args.count} postmortems, reopening postmortem {last}:")
    app_ready = _figures("ready", app, "ready")
    _figures("ready, as the app says it", app, "ready_said")
    app_paint = _figures("first paint", app, "first_paint")
    print(f"ready: ratio of medians {app_ready / bare_ready:.2f} (goal: at most 2.5)")
    print(f"first paint: ratio of medians {app_paint / bare_paint:.2f}")


if __name__ == "__main__":
    main()
