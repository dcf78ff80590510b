"""The database never silently disappears, and its failures are named for what they are."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from pmdesk.database import DatabaseGone, DatabaseProblem
from pmdesk.document import Document
from pmdesk.interchange import load_file
from pmdesk.storage.door import StorageDoor
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from tests.e2e.conftest import pmdesk_env
from tests.faults.conftest import SAMPLE, Tmpfs, database_contents, one_clear_line, pmdesk


def _remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


# -- a database deleted or replaced while open ---------------------------------------------------


def test_a_save_into_a_deleted_database_is_refused_and_the_edit_kept(db_path: Path) -> None:
    repo = Repository(open_engine(resolve(str(db_path))))
    doc = Document(repo.load(repo.create(load_file(SAMPLE))))
    _remove(db_path)
    doc.set_fields(notes="typed after the file was deleted")
    dirty = doc.take_dirty()
    with pytest.raises(DatabaseGone, match="was deleted while pmdesk had it open"):
        repo.save(doc.pm, dirty)
    assert doc.pm.notes == "typed after the file was deleted"
    assert not db_path.exists()  # nothing was written into a file nobody can see
    repo.close()


def test_a_save_into_a_replaced_database_is_refused(db_path: Path, tmp_path: Path) -> None:
    repo = Repository(open_engine(resolve(str(db_path))))
    doc = Document(repo.load(repo.create(load_file(SAMPLE))))
    other = tmp_path / "other.sqlite3"
    Repository(open_engine(resolve(str(other)))).close()
    _remove(db_path)
    shutil.copy(other, db_path)
    before = database_contents(db_path)
    doc.set_fields(title="Edited")
    with pytest.raises(DatabaseGone, match="was replaced by another file"):
        repo.save(doc.pm, doc.take_dirty())
    assert database_contents(db_path) == before
    repo.close()


# -- concurrent first use --------------------------------------------------------------------------


def test_180_parallel_imports_into_a_brand_new_file_all_succeed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Warm up in this process (schema validator, Alembic scripts), then fork the importers so
    # that they start together.
    # What is tested is that every import gets in and the new file ends whole, not how fast
    # 180 writers queue: on a busy 2-core machine the last ones wait longer than the default
    # 30 s for the write lock, so each may wait as long as the whole queue takes.
    monkeypatch.setenv("PMDESK_LOCK_TIMEOUT", "600")
    assert pmdesk("--db", str(tmp_path / "warm.sqlite3"), "import", str(SAMPLE))[0] == 0
    db = str(tmp_path / "new.sqlite3")
    children = []
    for _ in range(180):
        read_end, write_end = os.pipe()
        with warnings.catch_warnings():
            # Python 3.12+ warns about fork() beside threads; the children only run pmdesk.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: one import, its stderr into the pipe
            os.close(read_end)
            code = 99
            try:
                code, _, err = pmdesk("--db", db, "import", str(SAMPLE))
                os.write(write_end, err.encode())
            finally:
                os._exit(code)
        os.close(write_end)
        children.append((pid, read_end))
    failures = []
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            err = pipe.read().decode()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            failures.append(err)
    assert failures == []
    repo = Repository(open_engine(resolve(db)))
    assert repo.count() == 180
    repo.close()


# -- read-only and full disks -----------------------------------------------------------------------


def test_a_healthy_database_on_a_read_only_disk_is_listed_and_exported(
    roomy_disk: Tmpfs, tmp_path: Path
) -> None:
    db = str(roomy_disk.path / "pm.sqlite3")
    assert pmdesk("--db", db, "import", str(SAMPLE))[0] == 0
    import gc

    gc.collect()
    roomy_disk.read_only()
    code, out, err = pmdesk("--db", db, "list")
    assert code == 0, err
    assert "Payment service outage" in out
    code, _, err = pmdesk("--db", db, "export", "1", "-f", "md", "-o", str(tmp_path / "r.md"))
    assert code == 0, err
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Payment service")
    code, out, err = pmdesk("--db", db, "actions", "--status", "all", "--json")
    assert code == 0 and '"owner"' in out
    code, _, err = pmdesk("--db", db, "import", str(SAMPLE))
    line = one_clear_line(err)
    assert code == 2 and "is read-only" in line and "damaged" not in line


def test_the_app_lists_a_database_on_a_read_only_disk(roomy_disk: Tmpfs) -> None:
    from pmdesk.storage.library import read_library_fast
    from pmdesk.storage.location import SCHEMA_HEAD, check_sqlite_file

    db = roomy_disk.path / "pm.sqlite3"
    assert pmdesk("--db", str(db), "import", str(SAMPLE))[0] == 0
    import gc

    gc.collect()
    roomy_disk.read_only()
    assert check_sqlite_file(db) == SCHEMA_HEAD
    assert [e.title for e in read_library_fast(db)] == ["Payment service outage - April 15, 2026"]


_COMMIT_AND_DIE = """
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA wal_autocheckpoint=0")
con.execute("UPDATE postmortems SET title = 'Renamed, only in the WAL'")
os._exit(0)
"""


@pytest.mark.parametrize("shm", ["kept", "missing"])
def test_commits_still_in_the_wal_are_read_on_a_read_only_disk(
    roomy_disk: Tmpfs, tmp_path: Path, shm: str
) -> None:
    """A pmdesk killed after a save leaves its last commits in the -wal file; the disk is then
    read-only (and the -shm index perhaps lost with a copy): every read still shows them."""
    from pmdesk.storage.library import read_library_fast

    db = roomy_disk.path / "pm.sqlite3"
    assert pmdesk("--db", str(db), "import", str(SAMPLE))[0] == 0
    import gc

    gc.collect()
    subprocess.run([sys.executable, "-c", _COMMIT_AND_DIE, str(db)], check=True)
    assert Path(f"{db}-wal").stat().st_size > 32
    if shm == "missing":
        Path(f"{db}-shm").unlink()
    before = sorted(p.name for p in roomy_disk.path.iterdir())
    roomy_disk.read_only()
    code, out, err = pmdesk("--db", str(db), "list")
    assert code == 0, err
    assert "Renamed, only in the WAL" in out
    code, _, err = pmdesk("--db", str(db), "export", "1", "-f", "md", "-o", str(tmp_path / "r.md"))
    assert code == 0, err
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Renamed, only in the WAL")
    assert [e.title for e in read_library_fast(db)] == ["Renamed, only in the WAL"]
    assert sorted(p.name for p in roomy_disk.path.iterdir()) == before


def test_a_full_disk_during_import_says_full_and_keeps_the_database(roomy_disk: Tmpfs) -> None:
    db = str(roomy_disk.path / "pm.sqlite3")
    assert pmdesk("--db", db, "import", str(SAMPLE))[0] == 0
    before = database_contents(db)
    roomy_disk.fill()
    code, _, err = pmdesk("--db", db, "import", str(SAMPLE), str(SAMPLE), str(SAMPLE))
    line = one_clear_line(err)
    assert code == 2 and "the disk is full" in line and "damaged" not in line
    assert database_contents(db) == before
    code, out, _ = pmdesk("--db", db, "list")
    assert code == 0 and out.count("Payment service outage") == 1


def test_a_new_database_on_a_full_small_disk_says_full(small_disk: Tmpfs) -> None:
    small_disk.fill()
    code, _, err = pmdesk("--db", str(small_disk.path / "pm.sqlite3"), "import", str(SAMPLE))
    line = one_clear_line(err)
    assert code == 2 and "damaged" not in line
    assert "full" in line or "input/output error" in line


# -- locks ------------------------------------------------------------------------------------------


def test_pmdesk_waits_for_another_writer_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "pm.sqlite3"
    assert pmdesk("--db", str(db), "import", str(SAMPLE))[0] == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    with subprocess.Popen(
        [sys.executable, "-m", "pmdesk", "--db", str(db), "import", str(SAMPLE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=pmdesk_env(),
    ) as process:
        assert process.stderr is not None
        note = process.stderr.readline()  # printed while the lock is still held
        holder.execute("ROLLBACK")
        holder.close()
        out, rest = process.communicate(timeout=60)
    assert "waiting for another pmdesk" in note and str(db) in note
    assert process.returncode == 0, rest
    assert out.strip() == "2"


def test_a_lock_that_is_never_released_ends_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "pm.sqlite3"
    assert pmdesk("--db", str(db), "import", str(SAMPLE))[0] == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pmdesk", "--db", str(db), "import", str(SAMPLE)],
            capture_output=True,
            text=True,
            timeout=60,
            env=pmdesk_env(PMDESK_LOCK_TIMEOUT="1"),
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 2
    note, error = result.stderr.splitlines()
    assert "waiting for another pmdesk" in note
    assert "stayed locked by another program" in error and "Nothing was written" in error
    assert "damaged" not in error


def _lock_postmortems(pg_url: str):  # type: ignore[no-untyped-def]
    """Another session holding PostgreSQL's strongest lock on the postmortems table until its
    transaction ends (a migration or a backup of another tool)."""
    import psycopg

    other = psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://"))
    other.execute("LOCK TABLE postmortems IN ACCESS EXCLUSIVE MODE")
    return other


def test_a_postgresql_table_locked_by_another_session_ends_in_one_line(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pmdesk("--db", pg_url, "import", str(SAMPLE))[0] == 0
    monkeypatch.setenv("PMDESK_LOCK_TIMEOUT", "1")
    other = _lock_postmortems(pg_url)
    try:
        code, _, err = pmdesk("--db", pg_url, "import", str(SAMPLE))
        listed = pmdesk("--db", pg_url, "list")
    finally:
        other.rollback()
        other.close()
    assert code == 2 and listed[0] == 2
    for message in (err, listed[2]):
        line = one_clear_line(message)
        assert "stayed locked by another program" in line and "damaged" not in line
    assert "Nothing was written" in one_clear_line(err)


def test_a_postgresql_save_waits_for_another_session_then_goes_through(pg_url: str) -> None:
    """The app's short lock wait: a save meets the lock, says locked (the window then waits
    with its note), and goes through once the other session ends."""
    from pmdesk.ui.session import LOCK_WAIT_SECONDS

    repo = Repository(open_engine(resolve(pg_url), lock_wait=LOCK_WAIT_SECONDS))
    try:
        postmortem_id = repo.create(load_file(SAMPLE))
        doc = Document(repo.load(postmortem_id))
        doc.set_fields(title="Saved after the lock")
        other = _lock_postmortems(pg_url)
        try:
            with pytest.raises(Exception) as raised:
                repo.save(doc.pm, doc.take_dirty())
        finally:
            other.rollback()
            other.close()
        from pmdesk.storage.guard import explain

        assert explain(raised.value, pg_url).kind == "locked"
        doc.set_fields(title="Saved after the lock.")
        repo.save(doc.pm, doc.take_dirty())
        assert repo.load(postmortem_id).title == "Saved after the lock."
    finally:
        repo.close()


# -- an empty schema version table --------------------------------------------------------------------


def test_an_empty_version_table_is_refused_truthfully_and_left_untouched(
    db_path: Path, qapp
) -> None:  # type: ignore[no-untyped-def]
    Repository(open_engine(resolve(str(db_path)))).close()
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("DELETE FROM alembic_version")
    con.close()
    before = db_path.read_bytes()
    for args in (["list"], ["import", str(SAMPLE)], ["export", "1", "-o", "-"], ["actions"]):
        code, _, err = pmdesk("--db", str(db_path), *args)
        line = one_clear_line(err)
        assert code == 2 and "no schema version" in line and "left untouched" in line
    assert db_path.read_bytes() == before
    assert not Path(f"{db_path}-wal").exists()
    con = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()
    # The app refuses it too, before its first window.
    from pmdesk.views.app import _fast_library

    with pytest.raises(DatabaseProblem, match="no schema version"):
        _fast_library(StorageDoor(resolve(str(db_path))))


def test_the_app_opens_a_database_on_a_read_only_disk_and_says_why_it_cannot_save(
    roomy_disk: Tmpfs, qapp
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.ui.session import DocumentSession

    db = roomy_disk.path / "pm.sqlite3"
    assert pmdesk("--db", str(db), "import", str(SAMPLE))[0] == 0
    import gc

    gc.collect()
    roomy_disk.read_only()
    session = DocumentSession(StorageDoor(resolve(str(db))))
    doc = session.open(1)
    assert doc.pm.title == "Payment service outage - April 15, 2026"
    states: list[str] = []
    session.saveStateChanged.connect(lambda state, text: states.append(text))
    doc.set_fields(notes="typed on a read-only disk")
    assert session.save_now() is False
    assert "is read-only" in states[-1] and "damaged" not in states[-1]
    assert "changes are kept" in states[-1]
    assert doc.pm.notes == "typed on a read-only disk" and doc.dirty
    session.repo.close()
