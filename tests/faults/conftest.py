"""Fault injection: small and read-only disks, special files, kills, and pmdesk run as a user does.

Full and read-only disks are real: a tiny tmpfs mounted for the test (root only; the tests that
need one are skipped with the reason when mounting is not allowed).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"


def pmdesk(*args: str) -> tuple[int, str, str]:
    """Run the pmdesk command line in this process: exit code, stdout, stderr."""
    from pmdesk.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def one_clear_line(err: str) -> str:
    """The single line of an error message (asserting there is exactly one, and no traceback)."""
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


class Tmpfs:
    """A small tmpfs mounted at `path`, which the test can fill or turn read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read_only(self) -> None:
        _mount("-o", "remount,ro", str(self.path))

    def fill(self) -> None:
        """Use up every free byte (what a full disk looks like to pmdesk)."""
        for name, chunk in (("filler", 4096), ("filler-small", 1)):
            with open(self.path / name, "wb", buffering=0) as handle, contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * chunk)


def database_contents(path: str | Path) -> list[str]:
    """Every table's rows as SQL (the file's bytes change when SQLite checkpoints its WAL)."""
    import sqlite3

    con = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Tmpfs]:
    yield from _tmpfs(tmp_path / "small-disk", "64k")


@pytest.fixture
def roomy_disk(tmp_path: Path) -> Iterator[Tmpfs]:
    """Big enough for a database with the sample postmortem (then filled or made read-only)."""
    yield from _tmpfs(tmp_path / "disk", "1m")


def _tmpfs(path: Path, size: str) -> Iterator[Tmpfs]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    path.mkdir()
    mounted = _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path))
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not allowed here: {mounted.stderr.strip()}")
    try:
        yield Tmpfs(path)
    finally:
        import gc

        gc.collect()  # engines left by in-process commands close their files
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)
