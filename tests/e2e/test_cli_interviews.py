"""`pmdesk export --include-interview-notes`: interview notes leave only when asked, and a file
that holds them imports back with them."""

from __future__ import annotations

import json
from pathlib import Path

from pmdesk.interchange import save_file
from tests.unit.interviews.sample import SECRET, postmortem_with_interviews


def test_notes_are_exported_only_when_asked_and_import_back(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "with-interviews.json"
    save_file(postmortem_with_interviews(), source, include_interviews=True)
    db = str(tmp_path / "pm.sqlite3")
    imported = run_pmdesk("--db", db, "import", str(source))
    assert imported.returncode == 0, imported.stderr
    for fmt in ("md", "json"):
        plain = run_pmdesk("--db", db, "export", "1", "-f", fmt, "-o", "-")
        assert plain.returncode == 0, plain.stderr
        assert SECRET not in plain.stdout and "Payment service outage" in plain.stdout
        asked = run_pmdesk(
            "--db", db, "export", "1", "-f", fmt, "-o", "-", "--include-interview-notes"
        )
        assert asked.returncode == 0, asked.stderr
        assert SECRET in asked.stdout
    again = run_pmdesk("--db", db, "export", "1", "-o", "-", "--include-interview-notes")
    data = json.loads(again.stdout)
    assert data["version"] == 2 and len(data["interviews"]) == 2


def test_the_redacted_edition_refuses_interview_notes_with_a_reason(
    run_pmdesk, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "with-interviews.json"
    save_file(postmortem_with_interviews(), source, include_interviews=True)
    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(source))
    refused = run_pmdesk(
        "--db", db, "export", "1", "-o", "-", "--redacted", "--include-interview-notes"
    )
    assert refused.returncode == 2
    assert "never carries interview notes" in refused.stderr
    assert SECRET not in refused.stdout
