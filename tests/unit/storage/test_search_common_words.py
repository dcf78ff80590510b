"""On PostgreSQL a search whose words most postmortems hold lists them newest incident first
(once the server has statistics of the index), and finds exactly what SQLite finds."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pmdesk.model import Postmortem
from pmdesk.search import parse
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository

pytestmark = pytest.mark.postgres

START = datetime(2025, 1, 1, tzinfo=UTC)
QUERIES = [
    "the",
    "rollback",
    "roll*",
    "service:payments rollback",
    "the rollback",
    "rollback kalomi",
    '"rollback of the"',
    "kalomi",
    "nothingholdsthis",
]


def _library(repo: Repository) -> dict[int, str]:
    """Sixty postmortems, a day apart and in no order of date: "the" in every one, "rollback"
    in three of four, "kalomi" in a few. Their titles by id."""
    titles = {}
    for n in range(60):
        day = (n * 37) % 60
        words = ["the", "rollback of the deploy"] if n % 4 else ["the"]
        if n % 12 == 5:
            words.append("kalomi")
        pm = Postmortem(
            title=f"Incident {n}",
            started_at=START + timedelta(days=day),
            summary=f"Summary of {' and '.join(words)}.",
            services=["payments"] if n % 3 == 0 else ["search"],
        )
        titles[repo.create(pm)] = pm.title
    return titles


@pytest.fixture(scope="module")
def server(pg_url: str) -> Iterator[tuple[Repository, dict[int, str]]]:
    """A library in a database of its own, with the statistics autovacuum would gather."""
    import psycopg

    name = f"pmdesk_common_{uuid.uuid4().hex[:8]}"
    admin = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = pg_url.rsplit("/", 1)[0] + f"/{name}"
    repo = Repository(open_engine(resolve(url)))
    titles = _library(repo)
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        connection.execute("ANALYZE")
    yield repo, titles
    repo.close()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_common_words_list_the_newest_first_and_find_what_sqlite_finds(
    server: tuple[Repository, dict[int, str]], tmp_path: Path
) -> None:
    repo, titles = server
    lite = Repository(open_engine(resolve(str(tmp_path / "pmdesk.sqlite3"))))
    try:
        lite_titles = _library(lite)
        for text in QUERIES:
            on_server = [titles[h.entry.id] for h in repo.search(parse(text)).hits]
            on_sqlite = [lite_titles[h.entry.id] for h in lite.search(parse(text)).hits]
            assert sorted(on_server) == sorted(on_sqlite), text
    finally:
        lite.close()
    hits = repo.search(parse("service:payments rollback")).hits
    days = [h.entry.incident_date for h in hits]
    assert len(hits) == 15 and days == sorted(days, reverse=True)  # type: ignore[type-var]
    assert {h.score for h in hits} == {0.0}
    first = repo.search(parse("rollback"), limit=5).hits
    newest = repo.search(parse("rollback")).hits[:5]
    assert [h.entry.id for h in first] == [h.entry.id for h in newest]
    assert all("rollback" in h.snippet.casefold() for h in first)
    # A rarer word is ranked: the postmortems with it, each with a score.
    ranked = repo.search(parse("rollback kalomi")).hits
    assert ranked and all(h.score > 0 for h in ranked)
