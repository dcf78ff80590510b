"""Helpers to run pmdesk as a user does: a separate process, its output and exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


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
