"""Seen before: which postmortems the open one is like, and the reason each gives, on a small
library whose answers are known."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pmdesk.model import Factor, Postmortem, Question
from pmdesk.seen_before import CACHE_SECONDS, SeenBefore, profile_from, profile_of
from pmdesk.storage.repository import Repository


def _pm(title: str, when: str, **fields: object) -> Postmortem:
    return Postmortem(title=title, started_at=datetime.fromisoformat(when), **fields)  # type: ignore[arg-type]


CURRENT = _pm(
    "Checkout failing for forty minutes",
    "2026-06-10T14:00:00+00:00",
    summary="Checkout requests hit a gateway timeout and the clients began a retry storm.",
    services=["payments-api"],
    tags=["dns"],
    factors=[
        Factor(Question.RISKY, "Every client retried at once with no backoff: a retry storm."),
        Factor(Question.SLOW_DETECTION, "The gateway timeout alert looked only at averages."),
    ],
)


@pytest.fixture
def library(repo: Repository) -> dict[str, int]:
    others = {
        "same service": _pm(
            "Payments API deploy rolled back",
            "2026-03-01T09:00:00+00:00",
            summary="A configuration change was rolled back after ten minutes.",
            services=["Payments-API"],
            tags=["dns", "config"],
        ),
        "reads alike": _pm(
            "Search down after a retry storm",
            "2026-01-15T09:00:00+00:00",
            summary="A gateway timeout made every search client retry: the retry storm kept "
            "the cluster saturated.",
            services=["search"],
        ),
        "unrelated": _pm(
            "Disk filled on the logging cluster",
            "2026-02-02T09:00:00+00:00",
            summary="Log retention grew until writes stopped.",
            services=["logging"],
        ),
        "trashed": _pm(
            "Old retry storm at the gateway",
            "2025-12-01T09:00:00+00:00",
            summary="A gateway timeout started a retry storm.",
            services=["payments-api"],
        ),
        "one word": _pm(
            "Gateway certificate renewed late",
            "2026-04-01T09:00:00+00:00",
            summary="The gateway certificate was renewed by hand a day late.",
        ),
    }
    ids = {name: repo.create(pm) for name, pm in others.items()}
    repo.trash(ids["trashed"])
    ids["current"] = repo.create(CURRENT)
    return ids


def test_the_postmortems_that_share_or_read_alike_come_with_their_reasons(
    repo: Repository, library: dict[str, int]
) -> None:
    matches = SeenBefore(repo).matches(profile_of(repo.load(library["current"])))

    found = {m.entry.id: m for m in matches}
    assert list(found) == [library["same service"], library["reads alike"]]
    assert found[library["same service"]].reason == "shares service payments-api, tag dns"
    alike = found[library["reads alike"]]
    assert alike.reason.startswith("reads alike: ")
    assert "retry storm" in alike.words
    assert "gateway timeout" in alike.words
    # A phrase stands for its own words; they are not named twice.
    assert "retry" not in alike.words and "storm" not in alike.words


def test_trashed_and_the_open_one_are_left_out_and_one_shared_word_is_not_enough(
    repo: Repository, library: dict[str, int]
) -> None:
    ids = {m.entry.id for m in SeenBefore(repo).matches(profile_of(repo.load(library["current"])))}
    assert library["trashed"] not in ids
    assert library["current"] not in ids
    assert library["unrelated"] not in ids
    assert library["one word"] not in ids  # shares only "gateway"

    repo.restore(library["trashed"])
    ids = {m.entry.id for m in SeenBefore(repo).matches(profile_of(repo.load(library["current"])))}
    assert library["trashed"] in ids


def test_typing_a_factor_brings_a_match_in(repo: Repository, library: dict[str, int]) -> None:
    pm = repo.load(library["current"])
    pm.summary, pm.factors, pm.services, pm.tags = "Checkout was slow.", [], [], []
    seen = SeenBefore(repo)
    assert seen.matches(profile_of(pm)) == []

    pm.factors = [Factor(Question.RISKY, "Logs grew with no retention limit until writes stopped")]
    [match] = seen.matches(profile_of(pm))
    assert match.entry.title == "Disk filled on the logging cluster"
    assert set(match.words) >= {"retention", "writes stopped"}


def test_a_word_held_by_most_of_the_library_does_not_make_postmortems_alike(
    repo: Repository,
) -> None:
    for n in range(6):
        repo.create(_pm(f"Outage {n}", "2026-01-01T00:00:00+00:00", summary="database failover"))
    current = _pm("Now", "2026-02-01T00:00:00+00:00", summary="database failover")
    current.id = repo.create(current)
    assert SeenBefore(repo).matches(profile_of(current)) == []


def test_profile_weighs_words_not_function_words_and_joins_plurals() -> None:
    profile = profile_from(
        7,
        ["The timeouts caused a retry storm.", "Another timeout; the retry storm again."],
        ["Payments-API", "payments-api", " "],
        ["dns"],
    )
    assert profile.words["timeout"] == 2
    assert profile.words["retry"] == 2
    assert "the" not in profile.words and "caused" not in profile.words
    assert profile.phrases == {("retry", "storm"): 2}
    assert profile.services == ("Payments-API",)


class _Counting:
    """The repository, counting the words asked of it."""

    def __init__(self, repo: Repository) -> None:
        self.repo, self.asked = repo, 0

    def holders(self, phrases):  # type: ignore[no-untyped-def]
        self.asked += len(phrases)
        return self.repo.holders(phrases)

    def library(self, *, trash: bool = False):  # type: ignore[no-untyped-def]
        return self.repo.library(trash=trash)

    def services_and_tags(self):  # type: ignore[no-untyped-def]
        return self.repo.services_and_tags()


def test_what_a_word_found_is_remembered_until_it_is_old(
    repo: Repository, library: dict[str, int]
) -> None:
    now = [0.0]
    counting = _Counting(repo)
    seen = SeenBefore(counting, clock=lambda: now[0])
    pm = repo.load(library["current"])
    first = seen.matches(profile_of(pm))
    asked = counting.asked
    pm.factors.append(Factor(Question.OTHER, "rollout"))
    assert [m.entry.id for m in seen.matches(profile_of(pm))] == [m.entry.id for m in first]
    assert counting.asked == asked + 1  # only the new word

    now[0] += CACHE_SECONDS + 1
    seen.matches(profile_of(pm))
    assert counting.asked > asked + 2


def test_without_fts5_the_same_postmortems_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo: Repository, library: dict[str, int]
) -> None:
    from pmdesk.storage import search_index
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve

    with_fts5 = SeenBefore(repo).matches(profile_of(repo.load(library["current"])))
    monkeypatch.setattr(search_index, "fts5_in_this_sqlite", lambda: False)
    plain = Repository(open_engine(resolve(str(tmp_path / "plain.sqlite3"))))
    ids = {}
    for entry in sorted(repo.library(trash=False) + repo.library(trash=True), key=lambda e: e.id):
        ids[entry.id] = plain.create(repo.load(entry.id))
        if entry.deleted:
            plain.trash(ids[entry.id])
    without = SeenBefore(plain).matches(profile_of(plain.load(ids[library["current"]])))
    assert [m.entry.title for m in without] == [m.entry.title for m in with_fts5]
    assert without[0].reason == with_fts5[0].reason == "shares service payments-api, tag dns"
    # Plain text has no stemming: "retried" no longer finds "retry", the rest is the same.
    assert {"gateway timeout", "retry storm"} <= set(without[1].words)
    plain.close()
