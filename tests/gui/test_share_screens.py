"""The share window's sizes follow the screen it is on (tests/gui/two_screen_checks.py, in a Qt of
its own on two virtual screens: a laptop at 150% as the primary one, and a 1080p monitor)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_on_two_screens_the_share_window_is_sized_for_its_own() -> None:
    checks = Path(__file__).with_name("two_screen_checks.py")
    platform = f"offscreen:configfile={ROOT / 'tests' / 'offscreen-two-screens.json'}"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", str(checks), "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": platform},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    # Every check ran: none skipped (as they are when the two screens did not take).
    assert " passed" in run.stdout and "skipped" not in run.stdout, run.stdout[-2000:]
