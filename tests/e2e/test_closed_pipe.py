"""A reader that leaves early (`pmdesk list | head -1`) ends pmdesk quietly, as any Unix tool.

Each command writes far more than a pipe holds (64 KiB), through a real OS pipe whose reading end
is closed after the first line: pmdesk must stop without a traceback and exit 141 (128 + SIGPIPE),
the status a shell shows for `yes | head -1`.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pmdesk.model import ActionItem, ActionType, Postmortem
from pmdesk.storage.repository import Repository
from tests.e2e.conftest import pmdesk_env

PIPE_FULL = 1 << 20  # comfortably more than any pipe buffer


def users_env() -> dict[str, str]:
    """Python's default buffered stdout, as users have it.

    Unbuffered (PYTHONUNBUFFERED, set on some build machines), a half-finished write drops what
    it could not deliver without an error, and each line is a write of its own.
    """
    env = pmdesk_env()
    env.pop("PYTHONUNBUFFERED", None)
    return env


def first_line_then_close(args: list[str], cwd: Path) -> tuple[str, int, str]:
    """Run pmdesk with stdout into a pipe, read one line, close the pipe, collect the rest."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pmdesk", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=users_env(),
        cwd=cwd,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline().decode()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    return first, proc.wait(timeout=120), err


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Enough postmortems and action items that `list` and `actions` overflow a pipe."""
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve

    db_path = tmp_path_factory.mktemp("big") / "pmdesk.sqlite3"
    repo = Repository(open_engine(resolve(str(db_path))))
    owners = ["Hana Kobayashi", "Dmitri Volkov", "Marcus Chen"]
    for n in range(800):
        repo.create(
            Postmortem(
                title=f"Checkout latency spike {n} - queue consumers starved by a slow database",
                actions=[
                    ActionItem(
                        f"Add a P99 latency alert at 500 ms on checkout queue {n}.{k}",
                        ActionType.DETECT,
                        owners[k % 3],
                        date(2026, 5, 1 + k),
                    )
                    for k in range(6)
                ],
            )
        )
    repo.close()
    yield str(db_path)


@pytest.mark.parametrize(
    ("command", "first_words"),
    [
        (["list"], ["ID", "DATE"]),
        (["list", "--json"], ["["]),
        (["actions"], ["POSTMORTEM", "OWNER"]),
        (["actions", "--json"], ["["]),
        (["search", "checkout", "--limit", "1000"], ["ID", "DATE"]),
        (["search", "latency", "--json", "--limit", "1000"], ["["]),
    ],
)
def test_database_commands_stop_quietly(
    big_db: str, tmp_path: Path, command: list[str], first_words: list[str]
) -> None:
    first, status, err = first_line_then_close(["--db", big_db, *command], tmp_path)
    assert first.split()[: len(first_words)] == first_words
    assert err == ""
    assert status == 141


def test_lint_stops_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    line = "Dave should have known the deploy was risky; it was human error.\n"
    big.write_text(line * (PIPE_FULL // len(line)), encoding="utf-8")
    first, status, err = first_line_then_close(["lint", str(big)], tmp_path)
    assert first.startswith(f"{big}:1:")
    assert err == ""
    assert status == 141


def test_output_that_fits_keeps_its_status(repo: Repository, db_path: Path, tmp_path: Path) -> None:
    """A reader that takes everything before leaving sees the command's own status."""
    repo.create(Postmortem(title="DNS outage"))
    proc = subprocess.run(
        f'"{sys.executable}" -m pmdesk --db "{db_path}" list | head -n 1; '
        'echo "status ${PIPESTATUS[0]}"',
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        env=users_env(),
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.stdout.splitlines()[0].split()[:2] == ["ID", "DATE"]
    assert proc.stdout.splitlines()[-1] == "status 0"
    assert proc.stderr == ""
