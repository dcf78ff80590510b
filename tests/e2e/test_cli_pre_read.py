"""`pmdesk export ID --pre-read`: the pre-read as a user sends it, and the time it went out kept
for the meeting checklist."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli import SAMPLE
from tests.unit.test_report import pdf_text


def test_the_pre_read_is_written_and_its_sent_time_recorded(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    assert run_pmdesk("--db", db, "import", str(SAMPLE)).returncode == 0
    before = json.loads(run_pmdesk("--db", db, "export", "1", "-o", "-").stdout)
    assert "facilitation" not in before

    pdf = tmp_path / "pre-read.pdf"
    made = run_pmdesk("--db", db, "export", "1", "--pre-read", "-o", str(pdf))
    assert made.returncode == 0, made.stderr
    # Read back with pypdf (a test requirement), not a system tool a fresh machine may lack.
    text = " ".join(pdf_text(pdf.read_bytes()).split())
    assert "PRE-READ" in text and "Ground rules" in text and "Open questions" in text
    assert "Deploy of payment-service v2.4.1 to production" in text
    assert "Time to detect" in text
    # What the room said in the meeting is not part of a pre-read.
    assert "Approved the production stage as usual" not in text

    after = json.loads(run_pmdesk("--db", db, "export", "1", "-o", "-").stdout)
    assert after["facilitation"]["pre_read_sent_at"] is not None

    md = run_pmdesk("--db", db, "export", "1", "--pre-read", "--format", "md", "-o", "-")
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# Pre-read: Payment service outage")
    assert "## Draft timeline" in md.stdout


def test_the_pre_read_is_never_json(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    assert run_pmdesk("--db", db, "import", str(SAMPLE)).returncode == 0
    result = run_pmdesk("--db", db, "export", "1", "--pre-read", "-f", "json", "-o", "x.json")
    assert result.returncode == 2
    assert "pdf or md" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.json").exists()
