"""`pmdesk import-timeline` with a whole Slack export, a preview, and the incident's date."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"
EXPORT = ROOT / "resources" / "samples" / "timeline" / "slack-export"


def timeline(run_pmdesk, db: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    result = run_pmdesk("--db", db, "export", "1", "-o", "-")
    return list(json.loads(result.stdout)["timeline"])


def test_dry_run_lists_the_chosen_channel_and_adds_nothing(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(SAMPLE))
    before = timeline(run_pmdesk, db)
    archive = shutil.make_archive(str(tmp_path / "export"), "zip", EXPORT)
    shown = run_pmdesk(
        "--db", db, "import-timeline", "1", archive, "--channel", "deploys", "--dry-run"
    )
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "would add 3 events to postmortem 1 (nothing was added):"
    assert "2026-04-15 14:32:48  [chat]  Deploy Bot: payment-service v2.4.1 deployed" in lines[2]
    # The incident ran 14:32-14:50: a message at 10:05 is outside the hour either side.
    assert "billing-service" not in shown.stdout
    assert lines[-1] == "skipped 1: outside the time window"
    assert timeline(run_pmdesk, db) == before

    added = run_pmdesk("--db", db, "import-timeline", "1", archive, "--from", "09:00")
    assert added.returncode == 0, added.stderr
    assert added.stdout == "added 11 events to postmortem 1\n"
    after = timeline(run_pmdesk, db)
    assert any("billing-service" in e["text"] for e in after)


def test_times_without_a_date_land_on_the_incident_day(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(SAMPLE))
    notes = tmp_path / "notes.csv"
    notes.write_text("time,text\n14:33,Error rate rises to 34%\n")
    added = run_pmdesk("--db", db, "import-timeline", "1", str(notes))
    assert added.returncode == 0, added.stderr
    rises = [e for e in timeline(run_pmdesk, db) if e["text"] == "Error rate rises to 34%"]
    assert rises[0]["at"].startswith("2026-04-15T14:33:00")


def test_an_unknown_channel_is_a_clear_error(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(SAMPLE))
    failed = run_pmdesk("--db", db, "import-timeline", "1", str(EXPORT), "--channel", "random")
    assert failed.returncode == 2
    assert failed.stderr.strip().splitlines()[-1] == (
        "pmdesk: error: slack-export: has no channel 'random' (its channels: deploys, inc-payments)"
    )


def test_an_unsettled_date_order_is_asked_for(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(SAMPLE))
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("When,What happened\n03/04/2026 14:32,Deploy\n", encoding="utf-8")
    asked = run_pmdesk("--db", db, "import-timeline", "1", str(sheet))
    assert asked.returncode == 2
    assert asked.stderr.strip().endswith("choose the date order with --date-order")
    told = run_pmdesk(
        "--db", db, "import-timeline", "1", str(sheet), "--date-order", "day-first", "--dry-run"
    )
    assert told.stdout.splitlines()[1] == "  2026-04-03 14:32:00  [manual]  Deploy"


def test_importing_twice_adds_each_event_once(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(SAMPLE))
    sheet = ROOT / "resources" / "samples" / "timeline" / "incident-sheet.csv"
    first = run_pmdesk("--db", db, "import-timeline", "1", str(sheet))
    assert first.stdout == "added 6 events to postmortem 1\n"
    count = len(timeline(run_pmdesk, db))
    again = run_pmdesk("--db", db, "import-timeline", "1", str(sheet))
    assert again.stdout == (
        "added 0 events to postmortem 1 (6 already in the timeline, not added again)\n"
    )
    assert len(timeline(run_pmdesk, db)) == count


def test_a_transcript_needs_the_recording_start(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(SAMPLE))
    vtt = str(ROOT / "resources" / "samples" / "timeline" / "bridge-call-transcript.vtt")
    asked = run_pmdesk("--db", db, "import-timeline", "1", vtt)
    assert asked.returncode == 2
    assert asked.stderr.strip().endswith("say when the recording started (--starts-at)")
    told = run_pmdesk("--db", db, "import-timeline", "1", vtt, "--starts-at", "14:38", "--dry-run")
    assert told.stdout.splitlines()[1].startswith("  2026-04-15 14:38:04  [chat]  Ana Souza: ")


def test_contribution_sheets_go_out_and_come_back_merged(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(SAMPLE))
    sheet = tmp_path / "mei.csv"
    written = run_pmdesk(
        "--db", db, "contribution-sheet", "1", "--for", "Mei Chen", "-o", str(sheet)
    )
    assert written.returncode == 0, written.stderr
    assert sheet.read_text(encoding="utf-8").startswith("# pmdesk contribution sheet for Mei Chen")
    samples = ROOT / "resources" / "samples" / "timeline"
    merged = run_pmdesk(
        "--db", db, "import-timeline", "1",
        str(samples / "contribution-mei-chen.csv"), str(samples / "contribution-bruno-lima.txt"),
    )  # fmt: skip
    assert merged.returncode == 0, merged.stderr
    lines = merged.stdout.splitlines()
    assert (
        lines[0] == "added 3 events to postmortem 1 (24 already in the timeline, not added again)"
    )
    assert lines[1].startswith('to settle: Mei Chen has "Customer support reports a spike')
    assert lines[1].endswith("at 14:45; the timeline has it at 14:38 (not added)")
    told = [e for e in timeline(run_pmdesk, db) if e.get("added_by")]
    assert {e["added_by"] for e in told} == {"Mei Chen", "Bruno Lima"}
    assert {e["source"] for e in told} == {"contribution"}
