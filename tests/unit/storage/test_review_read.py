"""The review's read of a range: only what its figures need, and the same figures as from whole
postmortems."""

from __future__ import annotations

from datetime import date

import pytest

from pmdesk.model import Postmortem
from pmdesk.report.language_check import checked_texts
from pmdesk.review import Period, build_review, facts_cache, quarter_period
from pmdesk.review.export import dumps
from pmdesk.storage.repository import Repository
from tests.support.library import written
from tests.unit.review.library import TODAY, known_library

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def _read(pm: Postmortem) -> tuple[object, ...]:
    """Everything of a postmortem the review reads."""
    return (
        pm.id, pm.title, pm.kind, pm.severity.level, pm.status, pm.incident_date,
        pm.resolved_at, pm.meeting_at, pm.services, pm.tags, pm.language, pm.facilitation,
        [a.name for a in pm.attendees],
        [(e.at, e.seq, e.marker, e.id) for e in pm.timeline],
        [(f.question, f.text, f.whys, f.id) for f in pm.factors],
        [(a.description, a.type, a.owner, a.deadline, a.status, a.done_on, a.id) for a in pm.actions],
        list(checked_texts(pm)),
    )  # fmt: skip


def _check(repo: Repository, period: Period) -> None:
    whole = repo.postmortems_between(period.start, period.end)
    read = repo.review_postmortems_between(period.start, period.end)
    assert [_read(pm) for pm in read] == [_read(pm) for pm in whole]
    # Only what the review reads: no running notes or interviews come along.
    assert any(pm.notes for pm in whole) and not any(pm.notes for pm in read)
    figures = []
    for pms in (whole, read):
        facts_cache.FACTS = facts_cache.FactsCache()
        figures.append(dumps(build_review(pms, period, TODAY)))
    assert figures[0] == figures[1]


@pytest.fixture(autouse=True)
def nothing_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMDESK_REVIEW_CACHE", "")
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())


def test_the_known_library(repo: Repository) -> None:
    ids = {}
    for pm in sorted(known_library(), key=lambda p: p.id or 0):
        pm.notes = f"14:35 the alert fired for {pm.title}"
        ids[pm.id] = repo.create(pm)
    q3 = quarter_period(2026, 3)
    read = repo.review_postmortems_between(q3.start, q3.end)
    # 6 is on 1 Oct, 7 on 30 Jun, 8 in the trash; the rest oldest incident first.
    assert [pm.id for pm in read] == [ids[n] for n in (1, 2, 3, 4, 5)]
    _check(repo, q3)
    assert repo.review_postmortems_between(date(2030, 1, 1), date(2030, 12, 31)) == []


def test_a_slice_of_the_written_library(repo: Repository) -> None:
    for pm in written.library(25):
        pm.id = None
        pm.notes = pm.notes or pm.summary
        repo.create(pm)
    _check(repo, YEAR)


@pytest.mark.postgres
def test_postgres(pg_url: str) -> None:
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve

    shared = Repository(open_engine(resolve(pg_url)))
    try:
        for pm in written.library(10):
            pm.id = None
            pm.notes = pm.notes or pm.summary
            shared.create(pm)
        _check(shared, YEAR)
    finally:
        shared.close()
