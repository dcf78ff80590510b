"""`pmdesk related ID`: the postmortems linked as related and those like it, each with why;
and a related link exported and imported through the command line."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.e2e.conftest import ROOT

SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"
Run = Callable[..., subprocess.CompletedProcess[str]]


def test_related_lists_the_alike_with_their_reasons(run_pmdesk: Run, tmp_path: Path) -> None:
    db = tmp_path / "pm.sqlite3"
    done = run_pmdesk("--db", str(db), "import", str(SAMPLE), str(SAMPLE))
    assert done.returncode == 0, done.stderr
    first, second = (int(n) for n in done.stdout.split())

    done = run_pmdesk("--db", str(db), "related", str(first))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == ["Linked as related:", "  (none)"]
    assert lines[3] == "Seen before:"
    assert lines[4].split()[0] == str(second)
    assert lines[5].strip().startswith("shares services payment-service, checkout-api")
    assert "reads alike: " in lines[5]

    done = run_pmdesk("--db", str(db), "related", str(first), "--json")
    data = json.loads(done.stdout)
    assert data["related"] == []
    assert [m["id"] for m in data["seen_before"]] == [second]

    done = run_pmdesk("--db", str(db), "related", "99")
    assert done.returncode != 0
    assert done.stderr.strip().endswith(
        "there is no postmortem with id 99 (`pmdesk list` shows the ids)"
    )


def test_a_related_link_goes_out_and_comes_back_in(run_pmdesk: Run, tmp_path: Path) -> None:
    source = json.loads(SAMPLE.read_text(encoding="utf-8"))
    earlier = dict(source, title="Card processor timeouts - March", started_at=None)
    earlier |= {"detected_at": None, "resolved_at": None}
    later = dict(source, related=[{"title": "Card processor timeouts - March", "date": None}])
    files = []
    for name, data in (("later.json", later), ("earlier.json", earlier)):
        path = tmp_path / name
        path.write_text(json.dumps(data), encoding="utf-8")
        files.append(str(path))
    db = tmp_path / "pm.sqlite3"
    # The later one names the earlier before it is imported: the link is made all the same.
    done = run_pmdesk("--db", str(db), "import", *files)
    assert done.returncode == 0, done.stderr
    later_id, earlier_id = (int(n) for n in done.stdout.split())
    done = run_pmdesk("--db", str(db), "related", str(later_id), "--json")
    assert json.loads(done.stdout)["related"] == [
        {"id": earlier_id, "title": "Card processor timeouts - March", "date": None}
    ]
    out = tmp_path / "out.md"
    done = run_pmdesk("--db", str(db), "export", str(later_id), "-f", "md", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "- Card processor timeouts - March" in out.read_text(encoding="utf-8")
