"""The team load harness, short: several clients saving at once on a PostgreSQL server, some on
the same postmortem. No edit is lost and every same-field clash a client ran into was reported
(benchmarks/team_load.py prints the full-length figures; no timing is asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.e2e.conftest import ROOT, pmdesk_env


def test_clients_saving_at_once_lose_nothing_and_hear_of_every_clash(pg_url: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "team_load.py"),
            "--url",
            pg_url,
            "--clients",
            "6",
            "--seconds",
            "3",
            "--fields",
            "1",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=pmdesk_env(),
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["edits"] > 0 and figures["saves"] >= figures["edits"]
    assert figures["edits_lost"] == 0, figures["lost_examples"]
    assert figures["clients_left_unsaved"] == 0
    assert figures["conflicts_reported"] >= figures["clashes_made"]
