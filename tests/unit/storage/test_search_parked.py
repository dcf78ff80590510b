"""The parking lot and the pre-read's open questions in the search index: found, said where,
gone with the point, back with undo, kept out of the library while in the trash, untouched by a
save of the round robins; built for a database of 0015 and taken out again by the downgrade, on
SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from pmdesk.document import Document
from pmdesk.facilitation import Settled
from pmdesk.model import Attendee, Postmortem
from pmdesk.operations import facilitation as ops
from pmdesk.search import MARK_END, MARK_START, parse
from pmdesk.storage import search_index
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from pmdesk.storage.tracker import Tracker

NOW = datetime(2026, 4, 16, 12, 0, tzinfo=UTC)
PARKED = "Should the quokkabudget for retries be shared across services?"
QUESTION = "Who chose the zeppelinpercent canary share?"


@pytest.fixture
def store(database: str) -> Iterator[Repository]:
    """A repository on SQLite, then on PostgreSQL (whose database other tests share)."""
    repo = Repository(open_engine(resolve(database)))
    yield repo
    repo.close()


def _found(repo: Repository, query: str, **options: Any) -> dict[int, str]:
    return {h.entry.id: h.snippet for h in repo.search(parse(query), **options).hits}


def _meeting(repo: Repository) -> Document:
    """A postmortem with a parked point and an open question, saved as the meeting saves."""
    doc = Document(
        Postmortem(
            title="Checkout errors",
            summary="Card payments failed for an hour.",
            attendees=[Attendee("Sam", facilitator=True), Attendee("Ana")],
        )
    )
    repo.create(doc.pm)
    doc.take_dirty()
    ops.park(doc, PARKED, "factors", NOW).apply(doc)
    repo.save(doc.pm, doc.take_dirty())
    ops.set_open_questions(doc, ["What did the dashboard show?", QUESTION]).apply(doc)
    repo.save(doc.pm, doc.take_dirty())
    return doc


def _index_rows(repo: Repository, pm_id: int) -> tuple[list[tuple[Any, ...]], int]:
    """The postmortem's parts as stored (slot, part, words, title, body) and its word count."""
    with repo.engine.connect() as connection:
        parts = connection.execute(
            text(
                "SELECT id - postmortem_id * 1048576, part, words, title, body FROM search_parts "
                "WHERE postmortem_id = :pm ORDER BY id"
            ),
            {"pm": pm_id},
        ).all()
        words = connection.execute(
            text("SELECT words FROM search_postmortems WHERE postmortem_id = :pm"), {"pm": pm_id}
        ).scalar_one()
    return [tuple(p) for p in parts], int(words)


def _as_built_afresh(repo: Repository, pm_id: int, **options: Any) -> None:
    """The postmortem's index is what building it from the stored rows makes."""
    saved = _index_rows(repo, pm_id)
    fts5 = repo.engine.dialect.name == "sqlite"
    with repo.engine.begin() as connection:
        search_index.store_from_rows(connection, [pm_id], fts5=fts5, **options)
    assert _index_rows(repo, pm_id) == saved


def test_a_parked_point_and_an_open_question_are_found_and_say_where(
    store: Repository,
) -> None:
    doc = _meeting(store)
    pm_id = doc.pm.id
    assert pm_id is not None
    parked = _found(store, "quokkabudget retries")[pm_id]
    assert parked.startswith("Parking lot: ")
    assert f"{MARK_START}quokkabudget{MARK_END}" in parked.casefold()
    question = _found(store, '"zeppelinpercent canary"')[pm_id]
    assert question.startswith("Open questions: ")
    assert f"{MARK_START}zeppelinpercent" in question.casefold()  # (the server marks each word)
    assert _found(store, "quokkab*")[pm_id].startswith("Parking lot: ")
    # Words found elsewhere are shown where they are, as before.
    assert not _found(store, "card payments")[pm_id].startswith(("Parking", "Open"))
    _as_built_afresh(store, pm_id)


def test_a_point_turned_into_an_action_is_shown_as_the_action(store: Repository) -> None:
    doc = _meeting(store)
    ops.settle(doc, doc.pm.facilitation.parking_lot[0].id, Settled.ACTION).apply(doc)
    store.save(doc.pm, doc.take_dirty())
    snippet = _found(store, "quokkabudget")[doc.pm.id]  # type: ignore[index]
    assert snippet.startswith("Should the ")  # the action's words, said alone as before
    assert _found(store, "zeppelinpercent")[doc.pm.id].startswith("Open questions: ")  # type: ignore[index]


def test_a_removed_point_is_no_longer_found_and_undo_brings_it_back(store: Repository) -> None:
    doc = _meeting(store)
    [point] = doc.pm.facilitation.parking_lot
    remove = ops.remove_parked(doc, point.id)
    remove.apply(doc)
    store.save(doc.pm, doc.take_dirty())
    assert doc.pm.id not in _found(store, "quokkabudget")
    assert doc.pm.id in _found(store, "zeppelinpercent")  # the questions stay
    remove.revert(doc)
    store.save(doc.pm, doc.take_dirty())
    assert doc.pm.id in _found(store, "quokkabudget")
    reword = ops.reword_parked(doc, point.id, "Split the retry pool per wombatservice")
    reword.apply(doc)
    store.save(doc.pm, doc.take_dirty())
    assert doc.pm.id not in _found(store, "quokkabudget")
    assert doc.pm.id in _found(store, "wombatservice")
    ops.set_open_questions(doc, []).apply(doc)
    store.save(doc.pm, doc.take_dirty())
    assert doc.pm.id not in _found(store, "zeppelinpercent")
    _as_built_afresh(store, doc.pm.id)  # type: ignore[arg-type]


def test_the_trash_keeps_them_out_of_the_library_until_asked(store: Repository) -> None:
    doc = _meeting(store)
    assert doc.pm.id is not None
    store.trash(doc.pm.id)
    assert doc.pm.id not in _found(store, "quokkabudget")
    assert _found(store, "quokkabudget", trash=True).get(doc.pm.id, "").startswith("Parking lot")
    store.restore(doc.pm.id)
    assert doc.pm.id in _found(store, "zeppelinpercent")


def test_a_round_robin_save_leaves_the_parts_as_they_were(store: Repository) -> None:
    doc = _meeting(store)
    assert doc.pm.id is not None
    before = _index_rows(store, doc.pm.id)
    ops.start_round_robin(doc, "timeline").apply(doc)
    dirty = doc.take_dirty()
    assert "facilitation" in dirty.fields
    store.save(doc.pm, dirty)
    assert _index_rows(store, doc.pm.id) == before


def test_a_tracker_edit_of_an_action_keeps_them(repo: Repository) -> None:
    doc = _meeting(repo)
    assert doc.pm.id is not None
    ops.settle(doc, doc.pm.facilitation.parking_lot[0].id, Settled.ACTION).apply(doc)
    repo.save(doc.pm, doc.take_dirty())
    Tracker(repo.engine).set_action_status(
        doc.pm.id, doc.pm.actions[0].id, {"description": "Share one retry budget"}
    )
    assert doc.pm.id in _found(repo, "quokkabudget")
    assert doc.pm.id in _found(repo, "zeppelinpercent")


def test_without_fts5_the_plain_text_search_says_where_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_index, "fts5_in_this_sqlite", lambda: False)
    repo = Repository(open_engine(resolve(str(tmp_path / "plain.sqlite3"))))
    try:
        doc = _meeting(repo)
        snippet = _found(repo, "zeppelinpercent")[doc.pm.id]  # type: ignore[index]
        assert snippet.startswith("Open questions: ")
        assert f"{MARK_START}zeppelinpercent{MARK_END}" in snippet.casefold()
        ops.settle(doc, doc.pm.facilitation.parking_lot[0].id, Settled.ACTION).apply(doc)
        repo.save(doc.pm, doc.take_dirty())
        assert _found(repo, "quokkabudget")[doc.pm.id].startswith("Should the ")  # type: ignore[index]
    finally:
        repo.close()


# -- migration 0016 ---------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database: an SQLite file, then one on the PostgreSQL test server."""
    if request.param == "sqlite":
        yield str(tmp_path / "old.sqlite3")
        return
    from tests.unit.storage.test_search_notes_pg import _new_database

    yield from _new_database(request.getfixturevalue("pg_url"))


def _migrate(url: str, revision: str, *, down: bool = False) -> None:
    from alembic import command

    from pmdesk.storage.engine import alembic_config

    engine = open_engine(resolve(url), migrate=False)
    with engine.begin() as connection:
        (command.downgrade if down else command.upgrade)(alembic_config(connection), revision)
    engine.dispose()


def _integrity(repo: Repository) -> None:
    if repo.engine.dialect.name == "sqlite":
        with repo.engine.connect() as connection:  # raises if the index and its text disagree
            connection.exec_driver_sql(
                "INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)"
            )


def test_the_upgrade_from_0015_indexes_them_and_the_downgrade_takes_them_out(
    empty_database: str,
) -> None:
    _migrate(empty_database, "0015")
    old = Repository(open_engine(resolve(empty_database), migrate=False))
    doc = _meeting(old)
    plain = old.create(Postmortem(title="Disk full", summary="Logs filled the disk."))
    pm_id = doc.pm.id
    assert pm_id is not None
    fts5 = old.engine.dialect.name == "sqlite"
    with old.engine.begin() as connection:  # indexed as a release of 0015 indexed them
        search_index.store_from_rows(connection, None, fts5=fts5, facilitation=False)
    assert pm_id not in _found(old, "quokkabudget")
    without = _index_rows(old, pm_id)
    old.close()

    new = Repository(open_engine(resolve(empty_database)))  # upgraded to the head
    try:
        assert _found(new, "quokkabudget")[pm_id].startswith("Parking lot: ")
        assert _found(new, "zeppelinpercent")[pm_id].startswith("Open questions: ")
        _integrity(new)
        _as_built_afresh(new, pm_id)
        _as_built_afresh(new, plain)
    finally:
        new.close()

    _migrate(empty_database, "0015", down=True)
    back = Repository(open_engine(resolve(empty_database), migrate=False))
    try:
        assert _index_rows(back, pm_id) == without
        assert pm_id not in _found(back, "quokkabudget")
        assert pm_id not in _found(back, "zeppelinpercent")
        assert pm_id in _found(back, "card payments")
        _integrity(back)
    finally:
        back.close()
