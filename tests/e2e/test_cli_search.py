"""`pmdesk search`: the hits as a list or JSON, exit 1 when nothing matches, mistakes in one line;
a hit in the parking lot or the open questions says where it was found."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.e2e.conftest import ROOT

SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"
Run = Callable[..., subprocess.CompletedProcess[str]]


def _library(run: Run, db: Path) -> None:
    done = run("--db", str(db), "import", str(SAMPLE), str(SAMPLE))
    assert done.returncode == 0, done.stderr
    run("--db", str(db), "search", "x")  # opens (and upgrades) the database once


def test_search_lists_the_hits_with_the_words_in_context(run_pmdesk: Run, tmp_path: Path) -> None:
    db = tmp_path / "pm.sqlite3"
    _library(run_pmdesk, db)
    done = run_pmdesk("--db", str(db), "search", "timeouts", "service:checkout-api")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["ID", "DATE", "SEV", "STATUS", "TITLE"]
    assert "Payment service outage - April 15, 2026" in lines[1]
    assert "**timeout" in lines[2].casefold()
    assert len(lines) == 5  # both copies, each with its snippet


def test_search_json_has_what_scripts_need(run_pmdesk: Run, tmp_path: Path) -> None:
    db = tmp_path / "pm.sqlite3"
    _library(run_pmdesk, db)
    done = run_pmdesk("--db", str(db), "search", '"card processor"', "--json", "--limit", "1")
    assert done.returncode == 0, done.stderr
    [hit] = json.loads(done.stdout)
    assert {"id", "title", "score", "snippet", "incident_date", "severity", "status"} <= set(hit)
    assert hit["severity"] == "SEV2" and hit["incident_date"].startswith("2026-04-15")
    assert "**card-processor**" in hit["snippet"].casefold()


def test_nothing_found_exits_1_and_the_trash_is_searched_on_request(
    run_pmdesk: Run, tmp_path: Path
) -> None:
    db = tmp_path / "pm.sqlite3"
    _library(run_pmdesk, db)
    done = run_pmdesk("--db", str(db), "search", "kubernetes", "--json")
    assert (done.returncode, json.loads(done.stdout)) == (1, [])
    done = run_pmdesk("--db", str(db), "search", "rollback", "--trash")
    assert done.returncode == 1
    assert "nothing in the trash matches 'rollback'" in done.stderr


def test_a_bad_query_is_one_line_naming_the_token(run_pmdesk: Run, tmp_path: Path) -> None:
    db = tmp_path / "pm.sqlite3"
    for args, words in (
        (["after:15/04/2026"], "“15/04/2026” is not a date"),
        (["owner:dave"], "unknown filter “owner:”"),
        (["x", "--limit", "none"], "--limit"),
    ):
        done = run_pmdesk("--db", str(db), "search", *args)
        assert done.returncode == 2
        assert words in done.stderr
        assert len(done.stderr.splitlines()) == 1


def test_a_hit_in_the_parking_lot_or_the_open_questions_says_so(
    run_pmdesk: Run, tmp_path: Path
) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["facilitation"] = {
        "parking_lot": [{"text": "Should the retry budget be shared across services?"}],
        "open_questions": ["Who set the canary share at five percent?"],
    }
    meeting = tmp_path / "meeting.json"
    meeting.write_text(json.dumps(data), encoding="utf-8")
    db = tmp_path / "pm.sqlite3"
    done = run_pmdesk("--db", str(db), "import", str(meeting))
    assert done.returncode == 0, done.stderr
    done = run_pmdesk("--db", str(db), "search", '"retry budget"')
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[2].split() == [
        "Parking", "lot:", "Should", "the", "**retry", "budget**", "be", "shared", "across",
        "services?",
    ]  # fmt: skip
    done = run_pmdesk("--db", str(db), "search", '"canary share"', "--json")
    assert done.returncode == 0, done.stderr
    [hit] = json.loads(done.stdout)
    assert hit["snippet"] == "Open questions: Who set the **canary share** at five percent?"
