"""The command line as a user runs it: exit codes, one-line errors, and files that round-trip."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from pmdesk import __version__
from tests.e2e.conftest import pmdesk_env, remember_last_open

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"


def test_version(run_pmdesk) -> None:  # type: ignore[no-untyped-def]
    """With the language engine's mode: compiled when a build of these sources is there."""
    from pmdesk.language import _native

    result = run_pmdesk("--version")
    assert result.returncode == 0
    mode = "pure" if _native.forced_pure() or _native.fresh_build() is None else "compiled"
    assert result.stdout.strip() == f"pmdesk {__version__} (language engine: {mode})"


def test_import_list_export_round_trip(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    imported = run_pmdesk("--db", db, "import", str(SAMPLE), str(SAMPLE))
    assert imported.returncode == 0, imported.stderr
    ids = imported.stdout.split()
    assert ids == ["1", "2"]

    listed = run_pmdesk("--db", db, "list", "--json")
    rows = json.loads(listed.stdout)
    assert [r["title"] for r in rows] == ["Payment service outage - April 15, 2026"] * 2
    assert rows[0]["severity"] == "SEV2"

    table = run_pmdesk("--db", db, "list")
    assert "Payment service outage" in table.stdout and "SEV2" in table.stdout

    out = tmp_path / "back.json"
    exported = run_pmdesk("--db", db, "export", "1", "--format", "json", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(
        SAMPLE.read_text(encoding="utf-8")
    ) | {"metadata": json.loads(out.read_text(encoding="utf-8"))["metadata"]}


def test_pmdesk_db_environment_variable(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "env.sqlite3")
    assert run_pmdesk("import", str(SAMPLE), PMDESK_DB=db).returncode == 0
    assert "Payment service" in run_pmdesk("--db", db, "list").stdout


def test_bad_import_writes_nothing_and_says_where(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "pmdesk.postmortem", "version": 1, "title": }', encoding="utf-8")
    result = run_pmdesk("--db", db, "import", str(SAMPLE), str(broken))
    assert result.returncode == 2
    assert "broken.json" in result.stderr and "line 1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert json.loads(run_pmdesk("--db", db, "list", "--json").stdout) == []


def test_unreadable_database_is_a_clear_error(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database")
    for args in (("list",), ("--smoke-test",)):
        result = run_pmdesk("--db", str(bad), *args)
        assert result.returncode == 2
        assert str(bad) in result.stderr and "not a pmdesk database" in result.stderr
        assert "Traceback" not in result.stderr
    assert bad.read_text() == "not a database"


def test_bad_usage_exits_2(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run_pmdesk("frobnicate").returncode == 2
    db = str(tmp_path / "pm.sqlite3")
    missing = run_pmdesk("--db", db, "export", "42", "-o", str(tmp_path / "x.json"))
    assert missing.returncode == 2
    assert "no postmortem with id 42" in missing.stderr


def test_smoke_test_paints_the_window(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(SAMPLE))
    config = str(tmp_path / "config")  # settings of its own: nothing was open before
    result = run_pmdesk("--db", db, "--smoke-test", XDG_CONFIG_HOME=config)
    assert result.returncode == 0, result.stderr
    paint, ready = result.stdout.splitlines()
    assert re.fullmatch(r"first paint: \d+ ms", paint)
    assert re.fullmatch(r"ready: \d+ ms \(no postmortem open\)", ready)
    # The postmortem that was open comes back at the next start.
    subprocess.run(
        [sys.executable, "-c", remember_last_open(db)],
        check=True,
        env=pmdesk_env(XDG_CONFIG_HOME=config),
    )
    result = run_pmdesk("--db", db, "--smoke-test", XDG_CONFIG_HOME=config)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"ready: \d+ ms \(postmortem open 1\)", result.stdout.splitlines()[1])


def test_python_dash_m_and_help(run_pmdesk) -> None:  # type: ignore[no-untyped-def]
    result = run_pmdesk("--help")
    assert result.returncode == 0
    for command in ("list", "export", "import", "--db", "--smoke-test"):
        assert command in result.stdout


def test_import_timeline_adds_events_or_nothing(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    run_pmdesk("--db", db, "import", str(SAMPLE))
    before = len(json.loads(run_pmdesk("--db", db, "export", "1", "-o", "-").stdout)["timeline"])
    slack = ROOT / "resources" / "samples" / "timeline" / "slack-export.json"
    added = run_pmdesk("--db", db, "import-timeline", "1", str(slack))
    assert added.returncode == 0, added.stderr
    count = int(added.stdout.split()[1])
    assert count > 0
    after = json.loads(run_pmdesk("--db", db, "export", "1", "-o", "-").stdout)["timeline"]
    assert len(after) == before + count
    assert any(e["source"] == "chat" for e in after)

    broken = tmp_path / "broken.json"
    broken.write_text(
        '[{"time": "2026-04-15T14:32:00Z", "text": "ok"}, {"time": "25:99", "text": "x"}]'
    )
    failed = run_pmdesk("--db", db, "import-timeline", "1", str(broken))
    assert failed.returncode == 2
    assert "broken.json" in failed.stderr and "25:99" in failed.stderr
    final = json.loads(run_pmdesk("--db", db, "export", "1", "-o", "-").stdout)["timeline"]
    assert len(final) == len(after)


def test_export_writes_the_format_its_file_name_asks_for(run_pmdesk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "pm.sqlite3")
    assert run_pmdesk("--db", db, "import", str(SAMPLE)).returncode == 0
    for name, starts in (
        ("report.pdf", b"%PDF-"),
        ("wiki.md", b"# Payment service outage"),
        ("Wiki.MARKDOWN", b"# Payment service outage"),
        ("data.json", b"{"),
        ("no-suffix", b"{"),
    ):
        result = run_pmdesk("--db", db, "export", "1", "-o", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        assert (tmp_path / name).read_bytes().startswith(starts), name
    forced = run_pmdesk("--db", db, "export", "1", "-f", "json", "-o", str(tmp_path / "x.pdf"))
    assert forced.returncode == 0 and (tmp_path / "x.pdf").read_bytes().startswith(b"{")
