"""Helpers to run pmdesk as a user does: a separate process, its output and exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def remember_last_open(db: str) -> str:
    """Python code that makes postmortem 1 of `db` the one pmdesk reopens at its next start
    (as closing the window with it open does), for `python -c`."""
    return (
        "from PySide6.QtCore import QCoreApplication\n"
        "from pmdesk.storage.location import resolve\n"
        "from pmdesk.ui import settings\n"
        "app = QCoreApplication([]); app.setOrganizationName('pmdesk')\n"
        "app.setApplicationName('pmdesk')\n"
        f"settings.last_open_key(resolve({db!r}).display).set(1)\n"
    )


def pmdesk_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT)
    env.pop("PMDESK_DB", None)
    env.update(extra)
    return env


@pytest.fixture
def run_pmdesk(tmp_path: Path):  # type: ignore[no-untyped-def]
    def run(
        *args: str, stdin: str | None = None, timeout: float = 60, **env: str
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pmdesk", *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=pmdesk_env(**env),
            cwd=tmp_path,
        )

    return run
