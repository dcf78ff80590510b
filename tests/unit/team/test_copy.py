"""`pmdesk copy` moves a whole library between SQLite and PostgreSQL with every value intact."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from pmdesk.database import DatabaseProblem
from pmdesk.interchange import load_file
from pmdesk.model import ActionItem, ActionStatus, PhaseRecord, RedactionSettings, TimelineEvent
from pmdesk.search import parse
from pmdesk.storage.copying import copy_library
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository

SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples"


def _library(path: Path) -> list[int]:
    """A library with everything a facilitator keeps: two samples, odd text, trash, redaction."""
    repo = Repository(open_engine(resolve(str(path))))
    try:
        ids = [repo.create(load_file(sample)) for sample in sorted(SAMPLES.glob("*.json"))]
        odd = load_file(SAMPLES / "payment-service-outage.json")
        odd.title = "Ünïcödé 🙂 кириллица «quotes» \\ 'single' \"double\" \u200b"
        odd.summary = "line one\nline two\r\n\ttabbed   spaced  "
        odd.timeline.append(
            TimelineEvent(
                at=datetime(
                    2026, 4, 15, 14, 32, 7, 123456, tzinfo=timezone(timedelta(hours=5, minutes=30))
                ),
                text="Deploy seen in Kolkata time",
                seq=7,
                added_by="Priya",
            )
        )
        odd.timeline.sort(key=lambda e: (e.at.timestamp(), e.seq))  # as an open document does
        odd.actions.append(
            ActionItem(
                "Add a P99 latency alert",
                owner="Søren",
                deadline=date(2027, 1, 31),
                status=ActionStatus.DONE,
                done_on=date(2026, 12, 1),
            )
        )
        odd.phases = [PhaseRecord("ground_rules", 5, 301.25), PhaseRecord("timeline", 20, 0.0)]
        odd.redaction = RedactionSettings(restricted=["summary"], terms=["Falcon"], kept=["x"])
        odd.tags = ["payments", "ünï"]
        ids.append(repo.create(odd))
        ids.append(repo.create(load_file(SAMPLES / "payroll-phishing-compromise.json")))
        repo.trash(ids[-1])
        repo.trash(ids[0])
        repo.restore(ids[0])
        return ids
    finally:
        repo.close()


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table as stored, in key order (the search index's text too)."""
    con = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'search_index%' AND name != 'alembic_version'"
            )
        ]
        return {
            name: sorted(con.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
            for name in names
        }
    finally:
        con.close()


@pytest.mark.postgres
def test_sqlite_to_postgres_to_sqlite_keeps_every_value(tmp_path: Path, empty_pg: str) -> None:
    first, last = tmp_path / "laptop.sqlite3", tmp_path / "again.sqlite3"
    ids = _library(first)
    seen: list[tuple[str, int, int]] = []
    there = copy_library(resolve(str(first)), resolve(empty_pg), progress=lambda *a: seen.append(a))
    assert there.postmortems == 4
    back = copy_library(resolve(empty_pg), resolve(str(last)))
    assert back.rows == there.rows
    before, after = _dump(first), _dump(last)
    assert set(before) == set(after)
    for table in before:
        assert after[table] == before[table], table
    assert ("postmortems", 4, 4) in seen

    # On the server: the same documents, the same trash, search finds them, new ids follow on.
    source, team = (
        Repository(open_engine(resolve(str(first)))),
        Repository(open_engine(resolve(empty_pg))),
    )
    try:
        for pm_id in ids:
            assert team.load(pm_id) == source.load(pm_id)
        assert [e.id for e in team.library(trash=True)] == [ids[-1]]
        assert {h.entry.id for h in team.search(parse("кириллица")).hits} == {ids[2]}
        assert team.create(load_file(SAMPLES / "payment-service-outage.json")) == max(ids) + 1
    finally:
        source.close()
        team.close()


@pytest.mark.postgres
def test_postgres_to_sqlite_searchable_with_fts5(tmp_path: Path, empty_pg: str) -> None:
    first = tmp_path / "first.sqlite3"
    _library(first)
    copy_library(resolve(str(first)), resolve(empty_pg))
    laptop = tmp_path / "laptop.sqlite3"
    copy_library(resolve(empty_pg), resolve(str(laptop)))
    repo = Repository(open_engine(resolve(str(laptop))))
    try:
        titles = [h.entry.title for h in repo.search(parse("timeout")).hits]
        assert "Payment service outage - April 15, 2026" in titles
    finally:
        repo.close()


def test_a_library_is_refused_by_a_target_that_holds_postmortems(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    _library(first)
    repo = Repository(open_engine(resolve(str(second))))
    kept = repo.create(load_file(SAMPLES / "payroll-phishing-compromise.json"))
    repo.close()
    with pytest.raises(DatabaseProblem, match=r"already holds 1 postmortem\. .*--replace"):
        copy_library(resolve(str(first)), resolve(str(second)))
    repo = Repository(open_engine(resolve(str(second))))
    assert [e.id for e in repo.library()] == [kept]
    repo.close()
    # Asked to, it replaces the target's library with the copied one.
    copy_library(resolve(str(first)), resolve(str(second)), replace=True)
    assert _dump(second) == _dump(first)


def test_a_database_written_by_a_newer_pmdesk_is_refused(tmp_path: Path) -> None:
    first, newer = tmp_path / "a.sqlite3", tmp_path / "newer.sqlite3"
    _library(first)
    Repository(open_engine(resolve(str(newer)))).close()
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseProblem, match="newer pmdesk"):
        copy_library(resolve(str(first)), resolve(str(newer)))


def test_copying_onto_itself_or_from_nothing_is_refused(tmp_path: Path) -> None:
    first = tmp_path / "a.sqlite3"
    _library(first)
    with pytest.raises(DatabaseProblem, match="is the database being copied"):
        copy_library(resolve(str(first)), resolve(str(tmp_path / "." / "a.sqlite3")))
    with pytest.raises(DatabaseProblem, match="does not exist"):
        copy_library(resolve(str(tmp_path / "none.sqlite3")), resolve(str(tmp_path / "b.sqlite3")))
    assert not (tmp_path / "b.sqlite3").exists()


def test_the_command_reports_progress_and_unreachable_servers(tmp_path: Path) -> None:
    import subprocess
    import sys

    first = tmp_path / "a.sqlite3"
    _library(first)
    root = Path(__file__).resolve().parents[3]
    env = {"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    def pmdesk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pmdesk", *args], capture_output=True, text=True, env=env
        )

    done = pmdesk("--db", str(first), "copy", "--to", str(tmp_path / "b.sqlite3"))
    assert done.returncode == 0, done.stderr
    assert "Copied 4 postmortems" in done.stdout
    assert "postmortems: 4 of 4 rows" in done.stderr
    assert "search index: 4 postmortems indexed" in done.stderr
    gone = pmdesk("copy", "--from", str(first), "--to", "postgresql+psycopg://pm@127.0.0.1:1/team")
    assert gone.returncode == 2
    assert gone.stderr.count("\n") == 1
    assert "127.0.0.1:1" in gone.stderr and "cannot be opened" in gone.stderr
    bad = pmdesk("copy", "--from", str(first), "--to", "postgres://nowhere")
    assert bad.returncode == 2 and "not a database address" in bad.stderr


def _dump_any(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every copied table as SQLAlchemy reads it, in key order."""
    from sqlalchemy import MetaData, create_engine, inspect, select

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            names = [n for n in inspect(connection).get_table_names() if n != "alembic_version"]
            metadata = MetaData()
            metadata.reflect(bind=connection, only=names)
            return {
                t.name: sorted((tuple(r) for r in connection.execute(select(t))), key=repr)
                for t in metadata.sorted_tables
            }
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgres_to_sqlite_to_postgres_keeps_every_value(
    tmp_path: Path, empty_pg: str, pg_url: str
) -> None:
    import psycopg

    laptop = tmp_path / "laptop.sqlite3"
    _library(laptop)
    copy_library(resolve(str(laptop)), resolve(empty_pg))
    # The team's library goes through a laptop's file into a second server database.
    admin = pg_url.replace("postgresql+psycopg://", "postgresql://")
    second = empty_pg + "_again"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{second.rsplit("/", 1)[1]}"')
    try:
        middle = tmp_path / "middle.sqlite3"
        copy_library(resolve(empty_pg), resolve(str(middle)))
        copy_library(resolve(str(middle)), resolve(second))
        before, after = _dump_any(empty_pg), _dump_any(second)
        assert set(before) == set(after) and "postmortems" in before
        for table in before:
            assert after[table] == before[table], table
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{second.rsplit("/", 1)[1]}" WITH (FORCE)')
