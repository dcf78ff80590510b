"""Long notes on PostgreSQL, indexed in chunks as on SQLite: found and shown as the notes held
whole, a save of typing re-indexes the chunk typed in, and a postmortem out of chunk slots is
indexed afresh."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from pmdesk.collab.versions import StaleSave
from pmdesk.document import Document
from pmdesk.model import Postmortem
from pmdesk.search import parse
from pmdesk.storage import search_index, search_layout
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from tests.support.library.search import sentence
from tests.unit.storage.test_search_notes import (
    _OTHER_WINDOW,
    LONG_PHRASE,
    PASSAGE,
    QUERIES,
    START,
    _notes,
    edit_as_a_meeting,
    planted_notes,
)

pytestmark = pytest.mark.postgres


def _new_database(pg_url: str) -> Iterator[str]:
    """The URL of a new, empty database on the test server (dropped afterwards)."""
    from sqlalchemy import create_engine, make_url

    name = f"pmdesk_notes_{random.randrange(10**9)}"
    admin = create_engine(make_url(pg_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(scope="module")
def server(pg_url: str) -> Iterator[Repository]:
    """A database of these tests' own (their notes would be found by other tests' searches)."""
    for url in _new_database(pg_url):
        repo = Repository(open_engine(resolve(url)))
        yield repo
        repo.close()


@pytest.fixture
def fresh_database(pg_url: str) -> Iterator[str]:
    yield from _new_database(pg_url)


def _results(repo: Repository, mine: set[int]) -> dict[str, Any]:
    """Per query: this test's hits, with their snippets, by id (the server holds others')."""
    found = {}
    for query in QUERIES:
        hits = repo.search(parse(query)).hits
        found[query] = {h.entry.id: h.snippet for h in hits if h.entry.id in mine}
    return found


def _chunk_rows(repo: Repository, postmortem_id: int) -> dict[str, tuple[str, int]]:
    """The notes' chunks as stored: by part name, their text and the transaction that wrote
    them."""
    with repo.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT part, body, xmin::text::bigint FROM search_parts "
                "WHERE postmortem_id = :pm AND part LIKE 'n:%'"
            ),
            {"pm": postmortem_id},
        ).all()
    return {part: (body, written) for part, body, written in rows}


def _words(repo: Repository, postmortem_id: int) -> int:
    with repo.engine.connect() as connection:
        return int(
            connection.execute(
                text("SELECT words FROM search_postmortems WHERE postmortem_id = :pm"),
                {"pm": postmortem_id},
            ).scalar_one()
        )


def test_hits_and_snippets_are_those_of_the_notes_held_whole(server: Repository) -> None:
    rng = random.Random(18)
    mine = [
        server.create(
            Postmortem(title=sentence(rng, 4), started_at=START, notes=planted_notes(rng, n))
        )
        for n in range(16)
    ]
    edit_as_a_meeting(server, mine[::3], rng)
    in_chunks = _results(server, set(mine))
    assert in_chunks["quokka"] and in_chunks['"quokka zeppelin"'] and in_chunks[LONG_PHRASE]
    counted = {pm_id: _words(server, pm_id) for pm_id in mine}
    with server.engine.begin() as connection:
        search_index.store_from_rows(connection, mine, fts5=False, whole_notes=True)
    assert _results(server, set(mine)) == in_chunks
    assert {pm_id: _words(server, pm_id) for pm_id in mine} == counted


def test_typing_at_the_end_of_long_notes_rewrites_the_last_chunk_alone(
    server: Repository,
) -> None:
    rng = random.Random(5)
    doc = Document(Postmortem(title="Queue backlog", started_at=START, notes=_notes(rng, 1500)))
    pm_id = server.create(doc.pm)
    before = _chunk_rows(server, pm_id)
    assert len(before) > 20
    doc.set_fields(notes=f"{doc.pm.notes} Quokka paged")
    server.save(doc.pm, doc.take_dirty())
    after = _chunk_rows(server, pm_id)
    assert after.keys() == before.keys()
    rewritten = [part for part in after if after[part] != before[part]]
    assert len(rewritten) == 1 and "Quokka paged" in after[rewritten[0]][0]
    assert _found(server, '"quokka paged"') == {pm_id}
    # Sentences typed on: new chunks in new slots; cut back: they go, and so do their words.
    doc.set_fields(notes=f"{doc.pm.notes}. {_notes(rng, 200)}")
    server.save(doc.pm, doc.take_dirty())
    assert len(_chunk_rows(server, pm_id)) > len(before)
    doc.set_fields(notes=doc.pm.notes[:200])
    server.save(doc.pm, doc.take_dirty())
    assert _found(server, '"quokka paged"') == set()
    counted = _words(server, pm_id)
    with server.engine.begin() as connection:
        search_index.store_from_rows(connection, [pm_id], fts5=False)
    assert _words(server, pm_id) == counted


def _found(repo: Repository, query: str) -> set[int]:
    return {hit.entry.id for hit in repo.search(parse(query)).hits}


def test_notes_out_of_chunk_slots_are_indexed_afresh(server: Repository) -> None:
    rng = random.Random(9)
    doc = Document(Postmortem(title="Replica lag", started_at=START, notes=_notes(rng, 300)))
    pm_id = server.create(doc.pm)
    last = (pm_id << search_layout.SLOT_BITS) + search_layout.SLOT_MASK
    with server.engine.begin() as connection:  # as after a very long life of edits
        connection.execute(
            text(
                "UPDATE search_parts SET id = :last WHERE id = (SELECT max(id) FROM search_parts "
                "WHERE postmortem_id = :pm)"
            ),
            {"last": last, "pm": pm_id},
        )
    doc.set_fields(notes=f"{doc.pm.notes}\nXylophonist stalled. {_notes(rng, 100)}")
    server.save(doc.pm, doc.take_dirty())
    assert _found(server, "xylophonist") == {pm_id}
    ids = sorted(int(part[2:]) for part in _chunk_rows(server, pm_id))
    assert ids == list(
        range(search_layout.FIRST_CHUNK, search_layout.FIRST_CHUNK + len(ids))
    )  # numbered afresh


def test_an_upgrade_from_0014_indexes_notes_in_chunks(fresh_database: str) -> None:
    from alembic import command

    from pmdesk.storage.engine import alembic_config

    old = open_engine(resolve(fresh_database), migrate=False)
    with old.begin() as connection:
        command.upgrade(alembic_config(connection), "0014")
    rng = random.Random(14)
    notes = _notes(rng, 600)
    at = notes.find(". ", len(notes) // 2) + 1
    planted = f"{notes[:at]} {PASSAGE} {notes[at:]}"
    repo = Repository(old)
    pm_id = repo.create(Postmortem(title="Queue backlog", started_at=START, notes=planted))
    with old.begin() as connection:  # the notes in one part, as 0014 indexed them
        search_index.store_from_rows(connection, [pm_id], fts5=False, whole_notes=True)
    assert _chunk_rows(repo, pm_id) == {}
    before = _results(repo, {pm_id})
    counted = _words(repo, pm_id)
    repo.close()

    upgraded = Repository(open_engine(resolve(fresh_database)))
    try:
        assert len(_chunk_rows(upgraded, pm_id)) > 10
        assert _results(upgraded, {pm_id}) == before
        assert before[LONG_PHRASE] and before["marm*"]
        assert _words(upgraded, pm_id) == counted
    finally:
        upgraded.close()


def test_notes_indexed_whole_are_cut_into_chunks_by_the_next_save(server: Repository) -> None:
    rng = random.Random(21)
    doc = Document(Postmortem(title="Disk full", started_at=START, notes=_notes(rng, 400)))
    pm_id = server.create(doc.pm)
    with server.engine.begin() as connection:  # as a save of a release before chunks left it
        search_index.store_from_rows(connection, [pm_id], fts5=False, whole_notes=True)
    doc.set_fields(notes=f"{doc.pm.notes} Wombat paged.")
    server.save(doc.pm, doc.take_dirty())
    with server.engine.connect() as connection:
        parts = {
            part
            for (part,) in connection.execute(
                text("SELECT part FROM search_parts WHERE postmortem_id = :pm"), {"pm": pm_id}
            )
        }
    assert "notes" not in parts and len(_chunk_rows(server, pm_id)) > 5
    assert _found(server, '"wombat paged"') == {pm_id}
    counted = _words(server, pm_id)
    with server.engine.begin() as connection:
        search_index.store_from_rows(connection, [pm_id], fts5=False)
    assert _words(server, pm_id) == counted


def _indexed_as_saved(repo: Repository, pm_id: int) -> None:
    """The notes' chunks and word count are those of indexing the postmortem afresh."""
    stored = sorted(body for body, _written in _chunk_rows(repo, pm_id).values())
    counted = _words(repo, pm_id)
    with repo.engine.begin() as connection:
        search_index.store_from_rows(connection, [pm_id], fts5=False)
    assert sorted(body for body, _written in _chunk_rows(repo, pm_id).values()) == stored
    assert _words(repo, pm_id) == counted


def test_notes_saved_by_another_process_in_between_are_indexed_as_saved(
    server: Repository,
) -> None:
    rng = random.Random(11)
    notes = f"{_notes(rng, 800)}\nZeppelin stalled the queue.\n{_notes(rng, 800)}"
    doc = Document(Postmortem(title="Queue backlog", started_at=START, notes=notes))
    pm_id = server.create(doc.pm)
    for typed in (" Quokka paged.", " Then the pager again."):  # this process knows the chunks
        doc.set_fields(notes=f"{doc.pm.notes}{typed}")
        server.save(doc.pm, doc.take_dirty())
    url = server.engine.url.render_as_string(hide_password=False)
    subprocess.run([sys.executable, "-c", _OTHER_WINDOW, url, str(pm_id)], check=True)
    # This window reloads what the other saved and types on.
    doc = Document(server.load(pm_id))
    doc.set_fields(notes=f"{doc.pm.notes} Failover came late.")
    server.save(doc.pm, doc.take_dirty())
    for query, found in [("zeppelin", False), ("kalomi", True), ('"failover came late"', True)]:
        assert (pm_id in _found(server, query)) is found, query
    _indexed_as_saved(server, pm_id)


def test_a_save_that_met_a_colleagues_save_leaves_the_next_one_right(
    server: Repository,
) -> None:
    rng = random.Random(12)
    pm_id = server.create(Postmortem(title="Disk full", started_at=START, notes=_notes(rng, 900)))
    mine, my_versions = server.load_versioned(pm_id)
    theirs, their_versions = server.load_versioned(pm_id)
    doc, colleague = Document(mine), Document(theirs)
    doc.set_fields(notes=f"{mine.notes} Quokka paged.")
    server.save(doc.pm, doc.take_dirty(), my_versions)  # this process now knows the chunks
    colleague.set_fields(notes=f"{theirs.notes} Zeppelin paged.")
    with pytest.raises(StaleSave):  # the colleague's window had not seen my save
        server.save(colleague.pm, colleague.take_dirty(), their_versions)
    doc.set_fields(notes=f"{doc.pm.notes} Marmalade spilled.")
    server.save(doc.pm, doc.take_dirty(), my_versions)
    assert _found(server, "zeppelin") & {pm_id} == set()
    assert pm_id in _found(server, '"quokka paged marmalade spilled"')
    _indexed_as_saved(server, pm_id)
