"""What the language caches' tests share: a cache folder holding other versions' files written
some days ago, and a run of pmdesk in a new process that keeps its caches in that folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

DAY = 86_400


def written_days_ago(folder: Path, ages: Mapping[str, float], now: float | None = None) -> None:
    """Write each named file in `folder` (its name as its content), last written that many
    days before `now`."""
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time() if now is None else now
    for name, days in ages.items():
        (folder / name).write_bytes(name.encode())
        os.utime(folder / name, (now - days * DAY, now - days * DAY))


def run_in_cache_folder(
    program: str, cache_home: Path, variable: str, stdin: str = ""
) -> dict[str, object]:
    """Run `program` (which prints one JSON object) with `cache_home` as the user's cache
    folder and no $variable, so the cache keeps its file in that folder."""
    env = {k: v for k, v in os.environ.items() if k != variable}
    env["XDG_CACHE_HOME"] = str(cache_home)
    done = subprocess.run(
        [sys.executable, "-c", program],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result
