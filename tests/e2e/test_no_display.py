"""Started with no display at all, pmdesk says so in one line instead of Qt's abort."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import pmdesk_env

pytestmark = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="only X11 and Wayland need a display variable"
)


def test_no_display_is_one_clear_line(tmp_path: Path) -> None:
    env = pmdesk_env()
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    db = tmp_path / "pmdesk.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "pmdesk", "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "no display" in lines[0]
    assert "QT_QPA_PLATFORM=offscreen" in lines[0]
    assert not db.exists()


def test_commands_need_no_display(tmp_path: Path) -> None:
    env = pmdesk_env()
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "pmdesk", "--db", str(tmp_path / "pm.sqlite3"), "list"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "No postmortems yet.\n"
