"""Postmortems of a date range read in one go are the same as read one by one."""

from __future__ import annotations

from datetime import date

import pytest

from pmdesk.review import quarter_period
from pmdesk.storage.repository import Repository
from tests.unit.review.library import known_library


def _store(repo: Repository) -> dict[int, int]:
    """Stores the library; its ids -> the database's ids."""
    return {pm.id or 0: repo.create(pm) for pm in sorted(known_library(), key=lambda p: p.id or 0)}


def _check(repo: Repository, ids: dict[int, int]) -> None:
    q3 = quarter_period(2026, 3)
    found = [pm for pm in repo.postmortems_between(q3.start, q3.end) if pm.id in ids.values()]
    # 6 is on 1 Oct, 7 on 30 Jun, 8 in the trash; the rest oldest incident first.
    assert [pm.id for pm in found] == [ids[n] for n in (1, 2, 3, 4, 5)]
    for pm in found:
        assert pm.id is not None
        assert pm == repo.load(pm.id)
    june = repo.postmortems_between(date(2026, 6, 30), date(2026, 6, 30))
    assert ids[7] in [pm.id for pm in june]


def test_sqlite(repo: Repository) -> None:
    _check(repo, _store(repo))
    assert repo.postmortems_between(date(2030, 1, 1), date(2030, 12, 31)) == []


@pytest.mark.postgres
def test_postgres(pg_url: str) -> None:
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve

    shared = Repository(open_engine(resolve(pg_url)))
    try:
        _check(shared, _store(shared))
    finally:
        shared.close()
