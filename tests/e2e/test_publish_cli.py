"""`pmdesk publish` as a user runs it: the site or the Markdown folder, the counts, the errors."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"


def _library(run_pmdesk, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    published = json.loads(SAMPLE.read_text(encoding="utf-8"))
    published |= {"title": "Published outage", "status": "published"}
    (tmp_path / "published.json").write_text(json.dumps(published), encoding="utf-8")
    result = run_pmdesk("--db", db, "import", str(SAMPLE), str(tmp_path / "published.json"))
    assert result.returncode == 0, result.stderr
    return db


def test_publish_writes_the_site_then_only_what_changed(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = _library(run_pmdesk, tmp_path)
    site = tmp_path / "site"
    first = run_pmdesk("--db", db, "publish", str(site))
    assert first.returncode == 0, first.stderr
    assert first.stdout == (
        f"Published 2 postmortems to {site / 'index.html'}: 10 written, 0 unchanged, 0 removed.\n"
    )
    assert len(list((site / "pm").glob("*.html"))) == 2
    again = run_pmdesk("--db", db, "publish", str(site))
    assert "0 written, 10 unchanged, 0 removed" in again.stdout

    only = run_pmdesk("--db", db, "publish", str(site), "--status", "published")
    assert only.returncode == 0, only.stderr
    assert "Published 1 postmortem with status published" in only.stdout
    assert "1 removed" in only.stdout
    assert [p.name for p in (site / "pm").glob("*.html")] == ["2-published-outage.html"]

    trashed = run_pmdesk("--db", db, "publish", str(tmp_path / "wiki"), "--format", "md")
    assert trashed.returncode == 0, trashed.stderr
    assert (tmp_path / "wiki" / "index.md").is_file()
    assert "](1-payment-service-outage-april-15-2026.md)" in (
        tmp_path / "wiki" / "index.md"
    ).read_text(encoding="utf-8")


def test_publish_refuses_what_it_cannot_use_in_one_line(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = _library(run_pmdesk, tmp_path)
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    cases = {
        str(notes): "is a file, not a folder",
        str(tmp_path): "already holds other files",
        db: "is a file, not a folder",
    }
    for target, message in cases.items():
        result = run_pmdesk("--db", db, "publish", target)
        assert result.returncode == 2, target
        assert message in result.stderr and result.stderr.startswith("pmdesk: error: ")
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert notes.read_text(encoding="utf-8") == "mine"
    bad = run_pmdesk("--db", db, "publish", str(tmp_path / "x"), "--format", "pdf")
    assert bad.returncode == 2 and "invalid choice: 'pdf'" in bad.stderr
    assert not (tmp_path / "x").exists()
