"""GUI checks that need a Qt started otherwise (a system scale, other screens): a pytest of their
own, since Qt reads those settings once, when it starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_checks(checks: Path, **env: str) -> None:
    """Run the test module `checks` with `env` added; every check in it passes, none skipped
    (they skip themselves when the setting did not take)."""
    run = subprocess.run(
        [sys.executable, "-m", "pytest", str(checks), "-q", "-p", "no:cacheprovider"],
        cwd=checks.parents[2],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "skipped" not in run.stdout, run.stdout[-2000:]
