"""The review's language facts kept in the database beside each postmortem, in step with saves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from pmdesk.collab.versions import StaleSave
from pmdesk.database import StoredFacts
from pmdesk.document import Dirty, Document
from pmdesk.model import Attendee, Postmortem, Status
from pmdesk.operations.edit import Edit, SetFields
from pmdesk.review import build_review, facts_cache, helper, quarter_period
from pmdesk.review.export import dumps
from pmdesk.review.helper import flags
from pmdesk.review.language import check_facts, to_facts
from pmdesk.review.stored import facts_to_store, review_from, work_out
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from tests.support.library import written
from tests.unit.review.library import TODAY, known_library

Q3 = quarter_period(2026, 3)


@pytest.fixture(autouse=True)
def nothing_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "review-language.json"
    monkeypatch.setenv("PMDESK_REVIEW_CACHE", str(path))
    monkeypatch.setattr(facts_cache, "FACTS", facts_cache.FactsCache())
    return path


@pytest.fixture
def writer(db_path: Path) -> Iterator[Repository]:
    """A repository as pmdesk opens one to write: each save keeps the facts beside it."""
    repository = Repository(open_engine(resolve(str(db_path))), language_facts=facts_to_store)
    yield repository
    repository.close()


def _forget() -> None:
    """As a new process: nothing worked out in this one is remembered."""
    facts_cache.FACTS = facts_cache.FactsCache()


def _no_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(work: list[object]) -> list[object]:
        if work:
            raise AssertionError("the review checked a postmortem whose facts were stored")
        return []

    monkeypatch.setattr(helper, "check_here", refuse)


def _stored(repo: Repository, pm_id: int) -> StoredFacts:
    return repo.review_facts([pm_id])[pm_id]


def _expected(pm: Postmortem) -> StoredFacts:
    published, reviewed = flags(pm)
    key = facts_cache.key_of(pm, published=published, reviewed=reviewed)
    return StoredFacts(key, *to_facts(pm, check_facts(pm, published=published, reviewed=reviewed)))


def _write_known(repo: Repository) -> list[int]:
    """The known library, each postmortem under the id the known answers give it."""
    library = sorted(known_library(), key=lambda pm: pm.id or 0)
    wanted = [pm.id for pm in library]
    ids = [repo.create(pm) for pm in library]
    assert ids == wanted
    return ids


def _known(pm_id: int) -> Postmortem:
    return next(pm for pm in known_library() if pm.id == pm_id)


def _save(repo: Repository, pm: Postmortem, **values: object) -> None:
    doc = Document(pm)
    doc.set_fields(**values)
    repo.save(doc.pm, doc.take_dirty())


def test_a_save_stores_the_facts_a_review_would_check(writer: Repository) -> None:
    ids = _write_known(writer)
    stored = writer.review_facts(ids)
    assert sorted(stored) == ids
    for pm_id in ids:
        assert stored[pm_id] == _expected(_known(pm_id))
    # Postmortem 1 is published with "careless" in its summary; 4's only factor blames people.
    assert stored[1].flagged >= 1 and stored[4].blames_people


def test_a_timeline_handed_over_out_of_time_order_keeps_its_key(
    writer: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import or a generator may hand events in any order; they are read back in time order,
    and the facts stored for them still hold."""
    pm = _known(1)
    pm.timeline.reverse()
    pm.timeline[0].text = "Dave was careless with the rollout."
    pm_id = writer.create(pm)
    _forget()
    _no_checks(monkeypatch)
    read = [p for p in review_from(writer, Q3, TODAY)[0] if p.id == pm_id]
    assert [e.at for e in read[0].timeline] == sorted(e.at for e in pm.timeline)
    assert _stored(writer, pm_id) == _expected(read[0])


def test_a_repository_without_the_check_stores_none(repo: Repository) -> None:
    pm_id = repo.create(_known(1))
    assert repo.review_facts([pm_id]) == {}


def test_an_edit_to_a_checked_text_changes_them(writer: Repository) -> None:
    pm = _known(1)
    pm_id = writer.create(pm)
    before = _stored(writer, pm_id)
    _save(writer, pm, lessons="The on-call engineer should have known better.")
    after = _stored(writer, pm_id)
    assert after.key != before.key and after.flagged == before.flagged + 1
    assert after == _expected(writer.load(pm_id))


def test_allowed_words_and_names_change_them(writer: Repository) -> None:
    pm = _known(1)
    pm.summary = "Card payments failed for 18 minutes. Ops Bot restarted the wrong node."
    pm_id = writer.create(pm)
    plain = _stored(writer, pm_id)
    doc = Document(pm)
    doc.insert_items("attendees", [Attendee("Ops Bot")], [len(pm.attendees)])
    writer.save(doc.pm, doc.take_dirty())
    named = _stored(writer, pm_id)
    assert named.key != plain.key and named.flagged == plain.flagged + 1
    _save(writer, pm, language=replace(pm.language, allowed_words=["Ops Bot"]))
    allowed = _stored(writer, pm_id)
    assert allowed.key != named.key and allowed.flagged == plain.flagged
    assert allowed == _expected(writer.load(pm_id))


def test_the_status_changes_them(writer: Repository) -> None:
    pm = _known(1)
    pm.status = Status.DRAFT
    pm_id = writer.create(pm)
    draft = _stored(writer, pm_id)
    assert draft.flagged == 0  # a draft's language is not counted yet
    _save(writer, pm, status=Status.PUBLISHED)
    published = _stored(writer, pm_id)
    assert published.key != draft.key and published.flagged >= 1
    assert published == _expected(writer.load(pm_id))


def test_a_save_that_cannot_change_them_leaves_them(
    writer: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    pm = _known(1)
    pm_id = writer.create(pm)
    before = _stored(writer, pm_id)
    asked: list[int] = []
    monkeypatch.setattr(writer, "language_facts", lambda p: asked.append(1) or facts_to_store(p))
    writer.save(pm, Dirty(fields={"tags"}))
    assert asked == [] and _stored(writer, pm_id) == before


def test_a_check_that_fails_never_costs_the_save(
    writer: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    pm = _known(1)
    pm_id = writer.create(pm)

    def broken(_pm: Postmortem) -> StoredFacts:
        raise RuntimeError("the language engine failed")

    monkeypatch.setattr(writer, "language_facts", broken)
    _save(writer, pm, lessons="The on-call engineer should have known better.")
    assert writer.load(pm_id).lessons == "The on-call engineer should have known better."
    stale = _stored(writer, pm_id)  # as before the edit: its key no longer holds
    assert stale.key != _expected(writer.load(pm_id)).key
    _forget()
    review_from(writer, Q3, TODAY, keep=writer.keep_review_facts)
    assert _stored(writer, pm_id) == _expected(writer.load(pm_id))


def test_undo_brings_back_the_facts_of_before(writer: Repository) -> None:
    pm = _known(1)
    pm_id = writer.create(pm)
    before = _stored(writer, pm_id)
    doc = Document(pm)
    edit = Edit("Edit summary", [SetFields({"summary": "All fine."})])
    edit.apply(doc)
    writer.save(doc.pm, doc.take_dirty())
    assert _stored(writer, pm_id).key != before.key
    edit.revert(doc)
    writer.save(doc.pm, doc.take_dirty())
    assert _stored(writer, pm_id) == before


def test_a_review_from_stored_facts_equals_one_checked_from_scratch(
    writer: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_known(writer)
    scratch = dumps(build_review(known_library(), Q3, TODAY))
    _forget()
    _no_checks(monkeypatch)
    kept: list[dict[int, StoredFacts]] = []
    _, review = review_from(writer, Q3, TODAY, keep=kept.append)
    assert dumps(review) == scratch
    assert kept == []  # every key held: nothing to write back


def test_a_review_again_after_a_save_checks_only_the_saved_postmortem(
    writer: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review window works the figures out again after a save from the postmortems it
    holds and the one saved, without reading the database again."""
    _write_known(writer)
    _forget()
    postmortems, _ = review_from(writer, Q3, TODAY)
    saved = writer.load(2)
    _save(writer, saved, summary="Checkout failed after a config push.")
    _no_checks(monkeypatch)
    again = [saved if pm.id == 2 else pm for pm in postmortems]
    assert dumps(build_review(again, Q3, TODAY)) == dumps(review_from(writer, Q3, TODAY)[1])


def test_stale_facts_are_checked_again_and_written_back(
    writer: Repository, monkeypatch: pytest.MonkeyPatch, nothing_remembered: Path
) -> None:
    _write_known(writer)
    expected = dumps(build_review(known_library(), Q3, TODAY))
    _forget()
    monkeypatch.setattr(facts_cache, "engine_version", lambda: "a newer engine")
    _, review = review_from(writer, Q3, TODAY, keep=writer.keep_review_facts)
    assert dumps(review) == expected
    stored = writer.review_facts(range(1, 6))  # those in the quarter
    assert [stored[i].key for i in range(1, 6)] == [_expected(_known(i)).key for i in range(1, 6)]
    assert not nothing_remembered.exists()  # the database kept them: no file
    _forget()
    _no_checks(monkeypatch)
    assert dumps(review_from(writer, Q3, TODAY, keep=writer.keep_review_facts)[1]) == expected


def test_a_database_that_cannot_keep_them_leaves_them_in_the_file(
    repo: Repository, nothing_remembered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_known(repo)  # written without the check: a database from before they were kept

    def read_only(_facts: dict[int, StoredFacts]) -> None:
        raise PermissionError("attempt to write a readonly database")

    expected = dumps(build_review(known_library(), Q3, TODAY))
    _forget()
    assert dumps(review_from(repo, Q3, TODAY, keep=read_only)[1]) == expected
    assert nothing_remembered.exists()
    _forget()
    _no_checks(monkeypatch)
    assert dumps(review_from(repo, Q3, TODAY, keep=read_only)[1]) == expected


def test_trash_and_restore_keep_them(writer: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _write_known(writer)
    expected = dumps(build_review(known_library(), Q3, TODAY))
    writer.trash(ids[0])
    assert ids[0] not in [p.id for p in review_from(writer, Q3, TODAY)[0]]
    writer.restore(ids[0])
    _forget()
    _no_checks(monkeypatch)
    assert dumps(review_from(writer, Q3, TODAY)[1]) == expected
    writer.trash(ids[0])
    writer.empty_trash()
    assert ids[0] not in writer.review_facts(ids)


def test_text_by_text_equals_the_review_s_own_check_on_the_written_library() -> None:
    """The save's check remembers each text's answer; the review's joins a postmortem's texts:
    on a library of distinct texts they find the same facts."""
    for pm in written.library(40):
        published, reviewed = flags(pm)
        joined = to_facts(pm, check_facts(pm, published=published, reviewed=reviewed))
        assert work_out(pm, published=published, reviewed=reviewed) == joined


@pytest.mark.postgres
def test_a_checked_save_on_the_server_stores_them_and_a_refused_one_does_not(
    pg_url: str,
) -> None:
    """On PostgreSQL a save checked against the numbers its window loaded goes in one round
    trip, each write guarded by the check's verdict: the facts too."""
    server = Repository(open_engine(resolve(pg_url)), language_facts=facts_to_store)
    try:
        pm_id = server.create(_known(1))
        pm, versions = server.load_versioned(pm_id)
        other, their_versions = server.load_versioned(pm_id)
        doc = Document(pm)
        doc.set_fields(lessons="The on-call engineer should have known better.")
        server.save(doc.pm, doc.take_dirty(), versions)
        saved = _stored(server, pm_id)
        assert (
            saved == _expected(server.load(pm_id))
            and saved.flagged == _expected(_known(1)).flagged + 1
        )
        theirs = Document(other)
        theirs.set_fields(lessons="All fine.")
        with pytest.raises(StaleSave):
            server.save(theirs.pm, theirs.take_dirty(), their_versions)
        assert _stored(server, pm_id) == saved
    finally:
        server.close()
