"""A file pmdesk must not open is named, explained, and never written to."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from pmdesk.storage.engine import open_engine, script_head
from pmdesk.storage.location import (
    KNOWN_REVISIONS,
    SCHEMA_HEAD,
    DatabaseProblem,
    check_sqlite_file,
    resolve,
)
from pmdesk.storage.repository import Repository

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _made_database(path: Path) -> Path:
    from pmdesk.model import Postmortem

    repo = Repository(open_engine(resolve(str(path))))
    for n in range(30):
        repo.create(Postmortem(title=f"postmortem {n}", notes="x" * 2000))
    repo.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


def _refused(path: Path, match: str) -> DatabaseProblem:
    before = _digest(path)
    with pytest.raises(DatabaseProblem, match=match) as info:
        open_engine(resolve(str(path)))
    assert str(path) in str(info.value)
    assert _digest(path) == before, "the file must never be written to"
    return info.value


def test_a_text_file_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("These are my notes, not a database.\n")
    _refused(path, "not a pmdesk database")


def test_a_truncated_database_is_refused(tmp_path: Path) -> None:
    path = _made_database(tmp_path / "whole.sqlite3")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(path, "truncated")


def test_a_database_from_a_newer_pmdesk_is_refused(tmp_path: Path) -> None:
    path = _made_database(tmp_path / "future.sqlite3")
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    problem = _refused(path, "newer pmdesk")
    assert "9999" in str(problem)


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    con.commit()
    con.close()
    _refused(path, "another program")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseProblem, match="folder"):
        open_engine(resolve(str(tmp_path)))


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    Repository(open_engine(resolve(str(path)))).close()
    assert check_sqlite_file(path) == SCHEMA_HEAD


def test_sqlite_settings_protect_every_commit(tmp_path: Path) -> None:
    engine = open_engine(resolve(str(tmp_path / "p.sqlite3")))
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_schema_head_constant_matches_the_migrations() -> None:
    assert script_head() == SCHEMA_HEAD
    assert KNOWN_REVISIONS[-1] == SCHEMA_HEAD


def test_database_written_by_release_0_1_0_opens_with_every_value(tmp_path: Path) -> None:
    """Kept from the first release: every later schema must upgrade it without losing a value."""
    from pmdesk.interchange import load_file

    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "release-0.1.0.sqlite3", path)
    repo = Repository(open_engine(resolve(str(path))))
    [entry] = repo.library()
    loaded = repo.load(entry.id)
    expected = load_file(FIXTURES.parent.parent / "resources/samples/payment-service-outage.json")
    for pm in (loaded, expected):
        pm.id = None
        pm.created_at = pm.updated_at = pm.deleted_at = None
    assert loaded == expected
    repo.close()
    assert check_sqlite_file(path) == SCHEMA_HEAD


def test_pmdesk_db_environment_variable_and_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMDESK_DB", str(tmp_path / "env.sqlite3"))
    assert resolve(None).path == tmp_path / "env.sqlite3"
    assert resolve(str(tmp_path / "flag.sqlite3")).path == tmp_path / "flag.sqlite3"
    url = "postgresql+psycopg://pm:secret@127.0.0.1:5433/postgres"
    assert resolve(url).path is None
    assert "secret" not in resolve(url).display
