"""Searching every postmortem: stemming, phrases, prefixes, filters, ranking and snippets, the
index built for an older database, and the same hits on PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pmdesk.document import Document
from pmdesk.interchange import load_file
from pmdesk.model import Kind, Postmortem, Severity, SeverityLevel, Status, TimelineEvent
from pmdesk.search import MARK_END, MARK_START, parse
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from pmdesk.storage.tracker import Tracker

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"


def _pm(title: str, when: str, **fields: object) -> Postmortem:
    return Postmortem(title=title, started_at=datetime.fromisoformat(when), **fields)  # type: ignore[arg-type]


def _library(repo: Repository) -> dict[str, int]:
    """A small library: the sample and four others, by title."""
    ids = {"sample": repo.create(load_file(SAMPLE))}
    others = [
        _pm(
            "Search cluster ran out of disk",
            "2026-02-03T09:00:00+01:00",
            summary="Log retention grew until the nodes stopped accepting writes.",
            services=["search", "logging"],
            tags=["capacity"],
            severity=Severity(level=SeverityLevel.SEV3),
        ),
        _pm(
            "Connection pool exhausted on checkout",
            "2026-05-20T11:00:00+00:00",
            summary="A slow query held connections; checkout requests timed out.",
            services=["checkout-api"],
            tags=["database", "timeouts"],
            severity=Severity(level=SeverityLevel.SEV1),
            status=Status.PUBLISHED,
        ),
        _pm(
            "Expired certificate caught in staging",
            "2025-11-02T08:00:00+00:00",
            kind=Kind.NEAR_MISS,
            lessons="Certificate expiry had no alert; the pool of certificates was tracked by hand.",
        ),
        _pm("Timeout in payments batch", "2026-06-01T10:00:00+00:00", summary="Short."),
    ]
    for pm in others:
        ids[pm.title] = repo.create(pm)
    return ids


def _ids(repo: Repository, text: str, **options: object) -> list[int]:
    return [hit.entry.id for hit in repo.search(parse(text), **options).hits]  # type: ignore[arg-type]


def test_words_are_stemmed_and_every_part_of_a_postmortem_is_searched(repo: Repository) -> None:
    ids = _library(repo)
    sample = ids["sample"]
    # "timeouts" finds "timeout" and "timed out" finds "timeouts"... through stemming.
    assert sample in _ids(repo, "timeouts")
    assert ids["Connection pool exhausted on checkout"] in _ids(repo, "timeout")
    pm = repo.load(sample)
    factor_why = pm.factors[0].whys[0]
    last_event = pm.timeline[-1].text
    for text in (factor_why, last_event, pm.actions[0].description, pm.findings[0].text):
        word = max(text.split(), key=len).strip(".,;:()\"'")
        assert sample in _ids(repo, f'"{word}"'), word


def test_phrases_prefixes_and_filters(repo: Repository) -> None:
    ids = _library(repo)
    pool = ids["Connection pool exhausted on checkout"]
    cert = ids["Expired certificate caught in staging"]
    assert _ids(repo, '"connection pool"') == [pool]  # the certificate one has "pool" elsewhere
    assert set(_ids(repo, "pool")) == {pool, cert}
    assert set(_ids(repo, "certif*")) == {cert}
    assert set(_ids(repo, "service:CHECKOUT-API")) == {pool, ids["sample"]}
    assert _ids(repo, "service:checkout") == []  # a whole service name, not a part of one
    assert set(_ids(repo, "pay*")) == {ids["sample"], ids["Timeout in payments batch"]}
    newest_first = [pool, ids["sample"], ids["Search cluster ran out of disk"]]
    assert _ids(repo, "tag:timeouts,capacity") == newest_first
    assert _ids(repo, "severity:1") == [pool]
    assert _ids(repo, "kind:near_miss") == [cert]
    assert _ids(repo, "status:published") == [pool]
    assert _ids(repo, "before:2026 pool") == [cert]
    assert _ids(repo, "after:2026-05-19 before:2026-06") == [pool]
    assert _ids(repo, "after:2026-05-20") == [ids["Timeout in payments batch"]]


def test_best_match_first_then_the_newest_incident(repo: Repository) -> None:
    ids = _library(repo)
    hits = repo.search(parse("timeout")).hits
    # The title says it: first, ahead of newer and older postmortems that only mention it.
    assert hits[0].entry.id == ids["Timeout in payments batch"]
    assert hits[0].score > hits[-1].score
    # With filters alone there is no relevance: newest incident first.
    by_date = [h.entry.incident_date for h in repo.search(parse("after:2000")).hits]
    assert by_date == sorted(by_date, reverse=True)  # type: ignore[type-var]
    assert len(_ids(repo, "after:2000", limit=2)) == 2


def test_a_snippet_marks_the_match(repo: Repository) -> None:
    _library(repo)
    [hit] = repo.search(parse("retention")).hits
    assert f"{MARK_START}retention{MARK_END}" in hit.snippet.casefold()
    assert "\n" not in hit.snippet


def test_trash_is_left_out_unless_asked_for_and_emptying_it_empties_the_index(
    repo: Repository,
) -> None:
    ids = _library(repo)
    pool = ids["Connection pool exhausted on checkout"]
    repo.trash(pool)
    assert pool not in _ids(repo, "pool")
    assert _ids(repo, "pool", trash=True) == [pool]
    repo.restore(pool)
    assert pool in _ids(repo, "pool")
    repo.trash(pool)
    repo.empty_trash()
    assert _ids(repo, "pool", trash=True) == []
    with repo.engine.connect() as connection:
        integrity = "INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)"
        connection.exec_driver_sql(integrity)  # raises if the index and its text disagree


def test_edits_undone_and_duplicates_are_found_as_saved(repo: Repository) -> None:
    ids = _library(repo)
    doc = Document(repo.load(ids["Search cluster ran out of disk"]))
    event = TimelineEvent(at=datetime(2026, 2, 3, 9, 5, tzinfo=UTC), text="Pager went quiet")
    doc.insert_items("timeline", [event])
    repo.save(doc.pm, doc.take_dirty())
    assert _ids(repo, "pager") == [doc.pm.id]
    doc.remove_items("timeline", [event.id])  # undone
    repo.save(doc.pm, doc.take_dirty())
    assert _ids(repo, "pager") == []
    copy = repo.duplicate(ids["sample"])
    assert set(_ids(repo, '"card processor"')) == {ids["sample"], copy}


def test_an_action_edited_in_the_tracker_is_found_by_its_new_words(repo: Repository) -> None:
    ids = _library(repo)
    pm = repo.load(ids["sample"])
    Tracker(repo.engine).set_action_status(
        ids["sample"], pm.actions[0].id, {"description": "Add a flamegraph to the runbook"}
    )
    assert _ids(repo, "flamegraph") == [ids["sample"]]


def test_the_index_is_built_for_a_database_of_an_older_release(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copy(ROOT / "tests" / "fixtures" / "release-0.1.0.sqlite3", path)
    repo = Repository(open_engine(resolve(str(path))))
    [hit] = repo.search(parse('"card processor" service:payment-service')).hits
    assert hit.entry.title == "Payment service outage - April 15, 2026"
    repo.close()


def test_without_fts5_words_are_matched_as_plain_text_and_the_search_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmdesk.storage import search_index

    monkeypatch.setattr(search_index, "fts5_in_this_sqlite", lambda: False)
    repo = Repository(open_engine(resolve(str(tmp_path / "plain.sqlite3"))))
    ids = _library(repo)
    results = repo.search(parse("certif* pool"))
    assert [h.entry.id for h in results.hits] == [ids["Expired certificate caught in staging"]]
    assert "no full-text search (FTS5)" in results.note
    assert f"{MARK_START}Certificate{MARK_END}" in results.hits[0].snippet
    assert _ids(repo, "tag:database") == [ids["Connection pool exhausted on checkout"]]
    repo.close()


QUERIES = [
    "timeouts",
    "timeout checkout",
    '"connection pool"',
    "certif*",
    "pay*",
    "the",
    "service:search",
    "tag:database timed",
    "severity:SEV2,SEV1 rollback",
    "after:2026-01 before:2026-05-21 pool",
    "kind:near_miss",
    "nothingmatchesthis",
]


@pytest.mark.postgres
def test_postgresql_gives_the_same_hits(repo: Repository, pg_url: str) -> None:
    server = Repository(open_engine(resolve(pg_url)))
    try:
        lite, pg = _library(repo), _library(server)
        back = {pg[title]: title for title in pg}
        mine = set(back)
        for text in QUERIES:
            on_sqlite = {title for title, i in lite.items() if i in _ids(repo, text)}
            on_server = {back[i] for i in _ids(server, text) if i in mine}
            assert on_server == on_sqlite, text
        hits = server.search(parse("retention")).hits
        assert any(f"{MARK_START}retention{MARK_END}" in h.snippet.casefold() for h in hits)
    finally:
        server.close()


def test_dates_compare_by_the_incident_day(repo: Repository) -> None:
    ids = _library(repo)
    assert ids["sample"] in _ids(repo, f"after:{date(2026, 4, 14)} before:2026-04-16")
