"""Shared test set-up: headless Qt, private settings, and a fresh database per test."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Before anything imports Qt: no display is needed, and none is used. The headless screen is
# the one pmdesk is designed for, a 1280 x 720 laptop screen shared in a call (windows fit the
# screen they open on, so the screen's size shapes every window in the tests).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = (
        f"offscreen:configfile={ROOT / 'tests' / 'offscreen-1280x720.json'}"
    )
os.environ.pop("PMDESK_DB", None)
# The language check's compiled-regex cache: one per test run, never the user's (subprocesses
# inherit it too), so a run neither depends on nor leaves behind what an earlier one wrote.
if "PMDESK_REGEX_CACHE" not in os.environ:
    import tempfile

    os.environ["PMDESK_REGEX_CACHE"] = str(
        Path(tempfile.mkdtemp(prefix="pmdesk-tests-")) / "regex-cache.bin"
    )
# The findings memo likewise: app processes a test starts read and write this one; the tests
# themselves keep nothing on disk (each test forgets what the one before it checked).
if "PMDESK_FINDINGS_MEMO" not in os.environ:
    os.environ["PMDESK_FINDINGS_MEMO"] = str(
        Path(os.environ["PMDESK_REGEX_CACHE"]).with_name("findings-memo.bin")
    )
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "pmdesk.sqlite3"


@pytest.fixture
def repo(db_path: Path):  # type: ignore[no-untyped-def]
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    repository = Repository(open_engine(resolve(str(db_path))))
    yield repository
    repository.close()


@pytest.fixture(autouse=True)
def _fresh_findings_memo():  # type: ignore[no-untyped-def]
    from pmdesk.language import memo

    memo.shared_memo().forget()
    memo.shared_memo().path = None
    yield


@pytest.fixture(autouse=True)
def _private_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Every test gets its own QSettings folder and data folder, never the user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QSettings

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "config")
        )
    yield


@pytest.fixture(scope="session")
def pg_url():  # type: ignore[no-untyped-def]
    """A throw-away PostgreSQL server for the tests that use one (tests/support/postgres.py);
    scripts/system-deps.sh postgres installs the binaries."""
    from tests.support.postgres import postgres_bin, throwaway_postgres

    if postgres_bin() is None:
        pytest.skip("PostgreSQL is not installed (make test installs it when run as root)")
    with throwaway_postgres("fsync=off", stop="immediate") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new database is: a test that takes it runs on an SQLite file, then on the
    throw-away PostgreSQL server (skipped where PostgreSQL is not installed)."""
    if request.param == "sqlite":
        return str(tmp_path / "shared.sqlite3")
    url: str = request.getfixturevalue("pg_url")
    return url
