"""The benchmark library of distinct texts, and its review against the slow obvious one."""

from __future__ import annotations

import concurrent.futures
import random
from collections import Counter
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path

import pytest

from pmdesk.language import LintContext, _parallel, lint
from pmdesk.model import ActionStatus, Postmortem, Status
from pmdesk.report.language_check import flagged_count
from pmdesk.review import Review, build_review, facts_cache, helper
from pmdesk.review.language import Facts
from pmdesk.review.period import Period
from tests.support.library import written

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))
TODAY = date(2027, 1, 20)


# The first 60 postmortems, and two later ones whose only factor blames a person.
SLICE = (*range(1, 61), 85, 335)


@pytest.fixture(scope="module")
def library() -> list[Postmortem]:
    pms = written.library(max(SLICE))
    for number, pm in enumerate(pms, start=1):
        pm.id = number
    return [pms[number - 1] for number in SLICE]


@pytest.fixture(autouse=True)
def nothing_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMDESK_REVIEW_CACHE", str(tmp_path / "review-language.json"))
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())


def test_the_holdout_set_is_never_a_source() -> None:
    assert "holdout" not in written.SETS
    assert all((written.SETS_DIR / f"{name}.jsonl").exists() for name in written.SETS)


def test_the_same_seed_writes_the_same_library() -> None:
    first, again = written.library(5), written.library(5)
    assert written.texts_of(first) == written.texts_of(again)
    assert written.texts_of(written.library(5, seed=7)) != written.texts_of(first)


def test_almost_no_two_texts_are_alike(library: list[Postmortem]) -> None:
    texts = written.texts_of(library)
    repeated = sum(n - 1 for n in Counter(texts).values())
    assert len(texts) > 35 * len(library)
    assert repeated / len(texts) < 0.05


def test_the_people_named_are_the_postmortems_own(library: list[Postmortem]) -> None:
    everyone = set(written.roster())
    for pm in library:
        attendees = {a.name for a in pm.attendees}
        assert attendees <= everyone
        owners = {a.owner for a in pm.actions if a.owner in everyone}
        assert owners <= attendees


def test_a_share_of_the_sentences_blames_someone() -> None:
    decks = written.Decks()
    rng = random.Random(3)
    writer = written.Writer(rng, ["Ana Souza", "Bruno Lima"], ["ledger-api"], decks)
    drawn = [writer.sentence(field) for field in written.CLEAN for _ in range(200)]
    share = sum(s.blame for s in drawn) / len(drawn)
    assert 0.10 <= share <= 0.20


def _id(pm: Postmortem) -> int:
    assert pm.id is not None
    return pm.id


def _obvious_vague(pm: Postmortem) -> list[int]:
    names = tuple(
        dict.fromkeys(
            [a.name.strip() for a in pm.attendees if a.name.strip()]
            + [a.owner.strip() for a in pm.actions if a.owner.strip()]
        )
    )
    out = []
    for position, item in enumerate(pm.actions):
        if item.status is ActionStatus.DROPPED:
            continue
        findings = lint(item.description, LintContext(names=names, field="action"))
        if not item.description.strip() or any(f.category == "vague_action" for f in findings):
            out.append(position)
    return out


def _obvious_blames_people(pm: Postmortem) -> bool:
    texts = [f.text for f in pm.factors if f.text.strip()]
    if pm.status is Status.DRAFT or len(texts) != 1:
        return False
    names = tuple(dict.fromkeys([a.name for a in pm.attendees] + [a.owner for a in pm.actions]))
    names = tuple(n.strip() for n in names if n.strip())
    findings = lint(texts[0], LintContext(names=names, field="factor"))
    return any(f.category in ("human_error", "person_as_cause") for f in findings)


def test_its_review_equals_each_text_checked_alone(library: list[Postmortem]) -> None:
    """The review checks texts together and remembers them; the report checks each text alone."""
    review = build_review(library, YEAR, TODAY)
    published = [pm for pm in library if pm.status is Status.PUBLISHED]
    flagged = {_id(pm): flagged_count(pm) for pm in published}
    assert dict(review.depth.flagged_published) == {i: n for i, n in flagged.items() if n}
    assert review.depth.published_checked == tuple(sorted(_id(pm) for pm in published))
    vague = sorted((_id(pm), pos) for pm in library for pos in _obvious_vague(pm))
    by_id = {pm.id: pm for pm in library}
    assert (
        sorted(
            (t.postmortem_id, by_id[t.postmortem_id].actions.index(t.item))
            for t in review.actions.vague
        )
        == vague
    )
    blames = tuple(sorted(_id(pm) for pm in library if _obvious_blames_people(pm)))
    assert review.depth.human_error_only == blames
    # The slice has what the figures count: blame left in published texts, vague items, and a
    # postmortem whose only factor blames someone.
    assert sum(flagged.values()) > 20 and len(vague) > 3 and blames


def _language_figures(review: Review) -> tuple[object, ...]:
    vague = [(t.postmortem_id, t.item.description) for t in review.actions.vague]
    return review.depth.flagged_published, review.depth.human_error_only, vague


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_helper_processes_find_the_same_figures(
    library: list[Postmortem], monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    monkeypatch.setenv("PMDESK_REVIEW_CACHE", "")  # each review checks everything
    monkeypatch.setattr(helper, "HELPERS", 0)
    alone = _language_figures(build_review(library, YEAR, TODAY))
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())
    monkeypatch.setattr(helper, "HELPERS", 2)
    monkeypatch.setattr(helper, "HELPER_FROM", {"fork": 0, "spawn": 0})
    monkeypatch.setattr(_parallel, "start_method", lambda: method)
    started: list[list[tuple[int, int]]] = []
    here: list[int] = []
    real_start, real_here = helper._start, helper.check_here

    def start(work: list[helper.Work], parts: list[tuple[int, int]], how: str) -> object:
        assert how == method
        started.append(parts)
        return real_start(work, parts, how)

    def check_here(work: list[helper.Work]) -> list[Facts]:
        here.append(len(work))
        return real_here(work)

    monkeypatch.setattr(helper, "_start", start)
    monkeypatch.setattr(helper, "check_here", check_here)
    assert _language_figures(build_review(library, YEAR, TODAY)) == alone
    # Each helper had a share, in order, and this process only the rest.
    [parts] = started
    assert len(parts) == 2 and parts[0][0] == 0 and parts[0][1] == parts[1][0]
    assert all(0 < end - start < len(library) for start, end in parts)
    assert here == [len(library) - parts[1][1]]


def test_a_helper_that_fails_leaves_its_share_to_this_process(
    library: list[Postmortem], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMDESK_REVIEW_CACHE", "")  # each review checks everything
    monkeypatch.setattr(helper, "HELPERS", 0)
    alone = _language_figures(build_review(library, YEAR, TODAY))

    class BrokenPool:
        def __init__(self, *_args: object, **_kwargs: object) -> None:
            self.closed = False

        def submit(self, *_args: object) -> Future[object]:
            submitted.append(True)
            future: Future[object] = Future()
            future.set_exception(BrokenProcessPool("the helper died"))
            return future

        def shutdown(self, **_kwargs: object) -> None:
            self.closed = True

    submitted: list[bool] = []
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", BrokenPool)
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())
    monkeypatch.setattr(helper, "HELPERS", 1)
    monkeypatch.setattr(helper, "HELPER_FROM", {"fork": 0, "spawn": 0})
    assert _language_figures(build_review(library, YEAR, TODAY)) == alone
    assert submitted


def test_a_review_that_fails_leaves_no_helper_behind(
    library: list[Postmortem], monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing
    import time

    from pmdesk.review import compute

    monkeypatch.setenv("PMDESK_REVIEW_CACHE", "")
    monkeypatch.setattr(helper, "HELPERS", 1)
    monkeypatch.setattr(helper, "HELPER_FROM", {"fork": 0, "spawn": 0})
    monkeypatch.setattr(_parallel, "start_method", lambda: "fork")

    def broken(_pms: object) -> list[object]:
        raise RuntimeError("a figure that cannot be worked out")

    monkeypatch.setattr(compute, "repeats", broken)
    before = set(multiprocessing.active_children())
    # The error is kept (as the window keeps it to show), and with it the review's frames.
    with pytest.raises(RuntimeError, match="cannot be worked out") as failed:
        build_review(library, YEAR, TODAY)
    deadline = time.monotonic() + 60
    while set(multiprocessing.active_children()) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not set(multiprocessing.active_children()) - before
    assert failed.traceback
