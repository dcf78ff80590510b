"""A throw-away PostgreSQL server on a loopback port, started from the Debian binaries.

As root the server runs as the postgres user, as PostgreSQL refuses to run as root. The folder
is made with tempfile, not under pytest's own temp folder: that one is private to the user
running the tests, and the postgres user must be able to write in it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
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
    (pg_ctl's `stop` mode) and remove its folder."""
    bindir = postgres_bin()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)")
    base = Path(tempfile.mkdtemp(prefix=prefix))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run_as: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    pg_ctl = str(bindir / "pg_ctl")
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
    subprocess.run(
        [*run_as, *initdb, "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True
    )
    options = " ".join(
        [f"-p {port} -k {sock} -c listen_addresses=127.0.0.1", *(f"-c {s}" for s in settings)]
    )
    start = [pg_ctl, "-D", str(data), "-l", str(base / "log"), "-o", options, "-w", "start"]
    try:
        subprocess.run([*run_as, *start], check=True, capture_output=True)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*run_as, pg_ctl, "-D", str(data), "-m", stop, "-w", "stop"], capture_output=True
        )
        shutil.rmtree(base, ignore_errors=True)
