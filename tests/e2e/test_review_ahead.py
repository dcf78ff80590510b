"""A large library's first review is worked out in the background, so View > Review opens at once."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pmdesk.database import DatabaseLocation
from pmdesk.model import Status
from pmdesk.review import facts_cache, helper, language, last_full_quarter
from pmdesk.review.stored import review_from
from pmdesk.views.review import ahead
from tests.support.library import write_library
from tests.support.library.written import library


def test_only_a_large_library_with_an_idle_core_is_worked_out_ahead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(helper, "HELPERS", 1)  # a core idle
    assert ahead.wanted(ahead.FROM_POSTMORTEMS)
    assert not ahead.wanted(ahead.FROM_POSTMORTEMS - 1)
    monkeypatch.setattr(helper, "HELPERS", 0)  # every core busy
    assert not ahead.wanted(10 * ahead.FROM_POSTMORTEMS)


def test_the_window_reads_what_the_background_review_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    period = last_full_quarter(date.today())  # the background review's period, as the window's
    pms = library(12)
    for number, pm in enumerate(pms):
        began = datetime.combine(period.start, datetime.min.time()).astimezone()
        pm.started_at = began + timedelta(days=number * 7)
        pm.resolved_at = pm.started_at + timedelta(hours=1)
        pm.status = Status.PUBLISHED
    path = tmp_path / "library.sqlite3"
    ids = write_library(path, pms, review_facts=False)  # a database from before they were kept
    facts = tmp_path / "review-language.json"
    monkeypatch.setenv("PMDESK_REVIEW_CACHE", str(facts))

    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    repo = Repository(open_engine(resolve(str(path)), read_only=True))
    assert repo.review_facts(ids) == {}
    pid = ahead.start(DatabaseLocation(f"sqlite:///{path}", path))
    assert pid is not None
    deadline = time.monotonic() + 120
    while len(repo.review_facts(ids)) < len(ids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(repo.review_facts(ids)) == len(ids), "the background review stored no facts"
    assert not facts.exists()  # the database kept them
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())  # the window's process

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the window checked the language itself")

    monkeypatch.setattr(language, "lint", refuse)
    stored, review = review_from(repo, period, date.today(), keep=repo.keep_review_facts)
    repo.close()
    assert len(stored) == len(pms)
    assert review.depth.flagged_phrases > 0  # the blame left in these published texts
