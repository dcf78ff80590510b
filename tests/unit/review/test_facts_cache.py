"""A review remembers each postmortem's language facts, and never gives a stale answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from pmdesk.language import LintContext, lint
from pmdesk.review import build_review, facts_cache, language, quarter_period
from tests.support.cache_files import written_days_ago
from tests.unit.review.library import TODAY, known_library

Q3 = quarter_period(2026, 3)


def _language_figures(review):  # type: ignore[no-untyped-def]
    dep = review.depth
    vague = [(t.item.description, t.postmortem_id) for t in review.actions.vague]
    return dep.flagged_published, dep.flagged_phrases, dep.human_error_only, vague


@pytest.fixture
def cache_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "review-language.json"
    monkeypatch.setenv("PMDESK_REVIEW_CACHE", str(path))
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())
    return path


def _no_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the language engine was asked again")

    monkeypatch.setattr(language, "lint", refuse)


def test_a_new_run_reads_the_facts_from_the_file(
    cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _language_figures(build_review(known_library(), Q3, TODAY))
    assert cache_path.exists()
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())  # as a new process
    _no_checks(monkeypatch)
    again = _language_figures(build_review(known_library(), Q3, TODAY))
    assert again == first
    assert first[0] == ((1, 1), (4, 2))  # the hand-worked answers of test_figures


def test_an_edited_text_is_checked_again(cache_path: Path) -> None:
    before = dict(build_review(known_library(), Q3, TODAY).depth.flagged_published)[1]
    library = known_library()
    published = next(pm for pm in library if pm.id == 1)
    published.summary += " The on-call engineer was sloppy."
    edited = dict(build_review(library, Q3, TODAY).depth.flagged_published)[1]
    assert edited > before
    assert edited == language.flagged_phrases(published)  # as the engine says now, not as before
    # "Ignore here" on the new finding: the same texts, another key, the count as before.
    context = LintContext(names=language.names_of(published), field="summary")
    [sloppy] = [f for f in lint(published.summary, context) if f.text == "sloppy"]
    published.language.ignored.append(sloppy.key)
    assert dict(build_review(library, Q3, TODAY).depth.flagged_published)[1] == before


def test_another_engine_never_reads_the_old_answers(
    cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_review(known_library(), Q3, TODAY)
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())
    monkeypatch.setattr(facts_cache, "engine_version", lambda: "a newer engine")
    _no_checks(monkeypatch)
    with pytest.raises(AssertionError, match="asked again"):
        build_review(known_library(), Q3, TODAY)


def test_a_damaged_file_means_checking_as_before(cache_path: Path) -> None:
    expected = _language_figures(build_review(known_library(), Q3, TODAY))
    for damage in ("not json at all", '{"format": 1, "engine": "x"}', "[1, 2]", ""):
        cache_path.write_text(damage, encoding="utf-8")
        facts_cache.FACTS = facts_cache.FactsCache()
        assert _language_figures(build_review(known_library(), Q3, TODAY)) == expected


def test_nothing_is_kept_on_disk_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMDESK_REVIEW_CACHE", "")
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())
    build_review(known_library(), Q3, TODAY)
    assert list(tmp_path.iterdir()) == []


def test_facts_another_process_remembered_are_read_before_the_next_review(
    cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's review reads what a background review wrote after the window read the file."""
    first = _language_figures(build_review(known_library(), Q3, TODAY))
    library = known_library()
    published = next(pm for pm in library if pm.id == 1)
    published.summary += " The on-call engineer was sloppy."
    window = facts_cache.FACTS
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())  # the other process
    elsewhere = _language_figures(build_review(library, Q3, TODAY))
    assert elsewhere != first
    monkeypatch.setattr(facts_cache, "FACTS", window)
    _no_checks(monkeypatch)
    assert _language_figures(build_review(library, Q3, TODAY)) == elsewhere
    # And the window's own facts stay in the file it writes next.
    assert _language_figures(build_review(known_library(), Q3, TODAY)) == first


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache folder with no PMDESK_REVIEW_CACHE: the facts' file lives there."""
    monkeypatch.delenv("PMDESK_REVIEW_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())
    return tmp_path / "pmdesk"


def _review_as(monkeypatch: pytest.MonkeyPatch, engine: Callable[[], str]) -> Path:
    """A review in a new process of the pmdesk version whose engine this is; its facts' file."""
    monkeypatch.setattr(facts_cache, "engine_version", engine)
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())
    build_review(known_library(), Q3, TODAY)
    path = facts_cache.cache_file()
    assert path is not None and path.is_file()
    return path


def test_two_versions_keep_a_file_each_and_leave_the_other_s_as_it_was(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    this_engine = facts_cache.engine_version
    release = _review_as(monkeypatch, this_engine)
    assert release.parent == cache_home and release.name.startswith("review-language-")
    release_bytes = release.read_bytes()
    checkout = _review_as(monkeypatch, lambda: "a checkout's engine")
    assert checkout.parent == cache_home and checkout != release
    assert release.read_bytes() == release_bytes
    checkout_bytes = checkout.read_bytes()
    monkeypatch.setattr(facts_cache, "engine_version", this_engine)
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())
    _no_checks(monkeypatch)  # the release's facts are still in its file
    assert _language_figures(build_review(known_library(), Q3, TODAY))[0] == ((1, 1), (4, 2))
    assert checkout.read_bytes() == checkout_bytes


def test_writing_its_file_removes_the_files_no_longer_written(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ages = {
        "review-language.json": 30,  # the one file of earlier pmdesk versions
        "review-language-0badcafe.json": 8,  # a version not run for over a week
        "review-language-12345678.json": 0,  # another version in use
        "findings-memo.bin": 30,  # another cache's: not this one's to remove
    }
    written_days_ago(cache_home, ages)
    ours = _review_as(monkeypatch, facts_cache.engine_version)
    left = {path.name for path in cache_home.iterdir()}
    assert left == {ours.name, "review-language-12345678.json", "findings-memo.bin"}
    ours.write_text("not json at all", encoding="utf-8")  # damaged: checked as before
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())
    assert _language_figures(build_review(known_library(), Q3, TODAY))[0] == ((1, 1), (4, 2))
    assert json.loads(ours.read_text(encoding="utf-8"))["facts"]


def test_a_named_file_is_used_as_named_and_nothing_beside_it_removed(cache_path: Path) -> None:
    old = cache_path.with_name("review-language-0badcafe.json")
    written_days_ago(old.parent, {old.name: 30})
    build_review(known_library(), Q3, TODAY)
    assert facts_cache.cache_file() == cache_path and cache_path.is_file()
    assert old.read_text(encoding="utf-8") == old.name
