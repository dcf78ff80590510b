"""A throw-away PostgreSQL server on a loopback port, started from the Debian binaries.

As root the server runs as the postgres user, as PostgreSQL refuses to run as root. The folder
is made with tempfile, not under pytest's own temp folder: that one is private to the user
running the tests, and the postgres user must be able to write in it.

The server never outlives the process that started it. pg_ctl starts it in a session of its own,
so neither Ctrl+C nor the end of the test process reaches it; a `finally` stops it, but nothing
runs after a SIGKILL (a CI time-out, Ctrl+C twice). So a watchdog process (this file, run as a
script, in a session of its own) waits on a pipe whose writing end only the starting process
holds: when that process ends, however, the pipe closes and the watchdog stops the server
(`-m immediate`) and removes its folder. At start, the folders of earlier runs whose server is
no longer running (their postmaster.pid names a process that is gone) are removed; a live one (a
run in parallel) and one still being set up (no postmaster.pid yet) are left alone.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def postgres_bin() -> Path | None:
    """The folder of the newest installed PostgreSQL's initdb and pg_ctl, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@contextmanager
def throwaway_postgres(
    *settings: str, stop: str = "fast", prefix: str = "pmdesk-pg-"
) -> Iterator[str]:
    """Start a server with these `-c` settings (e.g. "fsync=off"), yield its URL, then stop it
    (pg_ctl's `stop` mode) and remove its folder; if this process dies first, its watchdog
    does both."""
    bindir = postgres_bin()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)")
    remove_leftovers(prefix)
    base = Path(tempfile.mkdtemp(prefix=prefix))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    run_as: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    pg_ctl = [*run_as, str(bindir / "pg_ctl"), "-D", str(data)]
    with _watchdog(base, [*pg_ctl, "-m", "immediate", "-w", "stop"]):
        try:
            port = _start(bindir, run_as, base, settings)
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run([*pg_ctl, "-m", stop, "-w", "stop"], capture_output=True)
            shutil.rmtree(base, ignore_errors=True)


def _start(bindir: Path, run_as: list[str], base: Path, settings: tuple[str, ...]) -> int:
    """Make the cluster in base/data and start its server on a free loopback port (returned)."""
    data, sock = base / "data", base / "sock"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
    subprocess.run(
        [*run_as, *initdb, "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True
    )
    options = " ".join(
        [f"-p {port} -k {sock} -c listen_addresses=127.0.0.1", *(f"-c {s}" for s in settings)]
    )
    start = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-o", options]
    subprocess.run([*run_as, *start, "-w", "start"], check=True, capture_output=True)
    return port


@contextmanager
def _watchdog(base: Path, stop: list[str]) -> Iterator[None]:
    """While inside, a watchdog runs `stop` and removes `base` if this process dies. The pipe's
    writing end is not inherited by the programs this process starts (os.pipe's ends are not
    inheritable), so it closes when this process ends, by whatever signal."""
    read, write = os.pipe()
    order = json.dumps({"folder": str(base), "stop": stop})
    try:
        watchdog = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), order],
            stdin=read,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # out of reach of the terminal's Ctrl+C
        )
    except BaseException:
        os.close(write)
        raise
    finally:
        os.close(read)
    try:
        yield
    finally:
        os.close(write)  # the folder is gone by now: the watchdog finds nothing to do
        watchdog.wait(timeout=60)


def _watch(order: str) -> None:
    """The watchdog: wait until the starting process is gone, then stop its server and remove
    its folder (both already done when that process ended normally)."""
    for name in ("SIGINT", "SIGHUP", "SIGTERM"):
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    while os.read(0, 512):  # nothing is ever written: this returns b"" at the writer's end
        pass
    task = json.loads(order)
    folder = Path(task["folder"])
    if (folder / "data").is_dir():
        subprocess.run(task["stop"], capture_output=True, timeout=120)
    shutil.rmtree(folder, ignore_errors=True)


def remove_leftovers(prefix: str, where: Path | None = None) -> list[Path]:
    """Remove the `prefix` folders in `where` (the temp folder) whose server is no longer
    running; the ones removed."""
    removed: list[Path] = []
    for folder in sorted(Path(where or tempfile.gettempdir()).glob(f"{glob.escape(prefix)}*")):
        pid = _postmaster_pid(folder / "data")
        if pid is not None and not _running(pid, folder / "data"):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _postmaster_pid(data: Path) -> int | None:
    """The server's process id from its postmaster.pid, or None (no server started there yet,
    or a file this user cannot read)."""
    try:
        first = (data / "postmaster.pid").read_text(encoding="utf-8").split("\n", 1)[0]
        return int(first) if int(first) > 0 else None
    except (OSError, ValueError):
        return None


def _running(pid: int, data: Path) -> bool:
    """Whether `pid` is a live server of `data`: a process id that another program has taken
    since (Linux's /proc tells) does not count; in doubt it does."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # a process gone since, or no /proc here
    except OSError:
        return True
    return str(data).encode() in command


if __name__ == "__main__":
    _watch(sys.argv[1])
