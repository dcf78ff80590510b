"""The tests' throw-away PostgreSQL server (tests/support/postgres.py) never outlives the process
that started it, and a run removes what killed runs left without touching a parallel run's."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.support.postgres import postgres_bin, remove_leftovers, throwaway_postgres

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL is not installed"),
]

# A test process holding a server: prints its URL, then waits to be killed.
_HOLDER = """
import sys
from tests.support.postgres import throwaway_postgres
with throwaway_postgres("fsync=off", prefix=sys.argv[1]) as url:
    print(url, flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def prefix() -> str:
    """A folder prefix of this test's own, so only its folders are looked at."""
    return f"pmdesk-pg-test-{os.getpid()}-{time.monotonic_ns()}-"


def _folders(prefix: str) -> list[Path]:
    return sorted(Path(tempfile.gettempdir()).glob(f"{prefix}*"))


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/", 1)[0])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def _naming(folder: Path) -> list[int]:
    """The processes whose command line names the folder (its server, its watchdog)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if str(folder).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _dead_pid() -> int:
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def _leftover(prefix: str, name: str, pid: int | None) -> Path:
    """A folder as a run left it: its server's postmaster.pid (None: not started yet)."""
    data = Path(tempfile.gettempdir()) / f"{prefix}{name}" / "data"
    data.mkdir(parents=True)
    if pid is not None:
        (data / "postmaster.pid").write_text(f"{pid}\n{data}\n", encoding="utf-8")
    return data.parent


def _stop(folder: Path) -> None:
    bindir = postgres_bin()
    assert bindir is not None
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    stop = [*run_as, str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"]
    subprocess.run(stop, capture_output=True, check=False)
    subprocess.run(["rm", "-rf", str(folder)], check=False)


@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_the_server_stops_and_its_folder_goes_when_its_process_is_killed(
    prefix: str, kill: signal.Signals
) -> None:
    """Neither signal lets the holder run its `finally` (Python ends at SIGTERM as it is)."""
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDER, prefix],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as holder:
        try:
            assert holder.stdout is not None
            port = _port(holder.stdout.readline().strip())
            [folder] = _folders(prefix)
            assert _answers(port)
            assert len(_naming(folder)) >= 2  # the server and its watchdog
        finally:
            holder.send_signal(kill)
    deadline = time.monotonic() + 20
    while (_answers(port) or folder.exists()) and time.monotonic() < deadline:
        time.sleep(0.1)
    stopped, removed = not _answers(port), not folder.exists()
    if not removed:  # what this test started goes with it, whatever the outcome
        _stop(folder)
    assert stopped and removed
    while _naming(folder) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _naming(folder) == []  # no server, no watchdog left behind


def test_a_start_removes_dead_runs_folders_and_leaves_a_parallel_run_s_server(
    prefix: str,
) -> None:
    dead = _leftover(prefix, "killed", _dead_pid())
    setting_up = _leftover(prefix, "starting", None)  # a parallel run between mkdtemp and start
    try:
        with throwaway_postgres(prefix=prefix) as parallel:
            [live] = [f for f in _folders(prefix) if f != setting_up]
            assert not dead.exists()
            with throwaway_postgres(prefix=prefix) as ours:
                assert _answers(_port(parallel)) and _answers(_port(ours))
                assert live.is_dir() and setting_up.is_dir()
            assert _answers(_port(parallel)) and live.is_dir()
        assert _folders(prefix) == [setting_up]
    finally:
        for folder in _folders(prefix):
            subprocess.run(["rm", "-rf", str(folder)], check=False)


def test_a_process_id_taken_by_another_program_is_no_live_server(prefix: str) -> None:
    """After a reboot or a long run a postmaster.pid's number may be another program's."""
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        taken = _leftover(prefix, "taken", other.pid)
        assert remove_leftovers(prefix) == [taken]
    finally:
        other.kill()
        other.wait()
