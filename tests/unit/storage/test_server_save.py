"""A save on PostgreSQL reads under the lock in one go and writes in one go: what a colleague
then finds (by loading or by searching) is exactly what a save read by read would leave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from pmdesk.collab.versions import StaleSave
from pmdesk.document import Document
from pmdesk.interchange import load_file
from pmdesk.model import ActionItem, Postmortem, TimelineEvent
from pmdesk.search import parse
from pmdesk.storage import search_index, search_layout
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository

pytestmark = pytest.mark.postgres

T0 = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)
SAMPLE = (
    Path(__file__).resolve().parents[3] / "resources" / "samples" / "payment-service-outage.json"
)


@pytest.fixture
def server(pg_url: str) -> Any:
    repo = Repository(open_engine(resolve(pg_url)))
    yield repo
    repo.close()


def _postmortem(title: str) -> Postmortem:
    return Postmortem(
        title=title,
        summary="Payments failed after a deploy",
        timeline=[
            TimelineEvent(T0, "Deploy of payment-service", seq=0, id="e1"),
            TimelineEvent(T0 + timedelta(minutes=3), "alert fires", seq=1, id="e2"),
        ],
        actions=[ActionItem("Add a canary stage", owner="Sam", id="a1")],
    )


def _index_rows(repo: Repository, postmortem_id: int) -> tuple[list[Any], Any]:
    with repo.engine.connect() as connection:
        parts = connection.execute(
            text(
                "SELECT part, words, title, body FROM search_parts "
                "WHERE postmortem_id = :pm ORDER BY part"
            ),
            {"pm": postmortem_id},
        ).all()
        head = connection.execute(
            text("SELECT services, tags, words FROM search_postmortems WHERE postmortem_id = :pm"),
            {"pm": postmortem_id},
        ).one()
    return [tuple(p) for p in parts], tuple(head)


def _indexed_afresh(repo: Repository, postmortem_id: int) -> tuple[list[Any], Any]:
    with repo.engine.begin() as connection:
        search_index.store_from_rows(connection, [postmortem_id], fts5=False)
    return _index_rows(repo, postmortem_id)


def _found(repo: Repository, words: str, postmortem_id: int) -> bool:
    """Whether a search for `words` finds this postmortem (the server holds others' too)."""
    return postmortem_id in {hit.entry.id for hit in repo.search(parse(words)).hits}


def test_edits_saved_on_the_server_are_found_by_their_new_words_only(server: Repository) -> None:
    postmortem_id = server.create(_postmortem("Checkout outage"))
    pm, versions = server.load_versioned(postmortem_id)
    doc = Document(pm)
    doc.set_fields(summary="Checkout requests timed out", tags=["Payments"])
    doc.update_item("timeline", "e1", text="Rollout of checkout-gateway")
    doc.remove_items("timeline", ["e2"])
    doc.insert_items("timeline", [TimelineEvent(T0 + timedelta(minutes=9), "pager rings", seq=2)])
    doc.update_item("actions", "a1", description="")
    server.save(doc.pm, doc.take_dirty(), versions)

    assert _found(server, "rollout", postmortem_id)
    assert _found(server, "pager", postmortem_id)
    assert not _found(server, "deploy", postmortem_id)
    assert not _found(server, "canary", postmortem_id)
    assert not _found(server, "alert", postmortem_id)
    saved = _index_rows(server, postmortem_id)
    assert saved == _indexed_afresh(server, postmortem_id)
    assert server.load(postmortem_id).timeline[-1].text == "pager rings"


def test_a_save_that_meets_a_colleagues_save_of_the_same_field_writes_nothing(
    server: Repository,
) -> None:
    postmortem_id = server.create(_postmortem("Login outage"))
    mine, my_versions = server.load_versioned(postmortem_id)
    theirs, their_versions = server.load_versioned(postmortem_id)
    their_doc = Document(theirs)
    their_doc.update_item("timeline", "e1", text="Sam's wording")
    server.save(their_doc.pm, their_doc.take_dirty(), their_versions)
    doc = Document(mine)
    doc.update_item("timeline", "e1", text="Ana's wording")
    doc.set_fields(summary="Ana's summary")
    with pytest.raises(StaleSave) as stale:
        server.save(doc.pm, doc.take_dirty(), my_versions)
    assert stale.value.moved == ["timeline:e1"]
    stored = server.load(postmortem_id)
    assert stored.timeline[0].text == "Sam's wording"
    assert stored.summary == "Payments failed after a deploy"
    assert not _found(server, "ana", postmortem_id)


def test_a_postmortem_out_of_index_slots_is_indexed_afresh(server: Repository) -> None:
    postmortem_id = server.create(_postmortem("Queue outage"))
    last = (postmortem_id << search_layout.SLOT_BITS) + search_layout.SLOT_MASK
    with server.engine.begin() as connection:  # an item part in the very last slot
        connection.execute(
            text("UPDATE search_parts SET id = :last WHERE postmortem_id = :pm AND part = 't:e2'"),
            {"last": last, "pm": postmortem_id},
        )
    pm, versions = server.load_versioned(postmortem_id)
    doc = Document(pm)
    doc.insert_items("timeline", [TimelineEvent(T0 + timedelta(minutes=5), "queue drained")])
    server.save(doc.pm, doc.take_dirty(), versions)
    assert _found(server, "drained", postmortem_id)
    assert _found(server, "alert", postmortem_id)
    with server.engine.connect() as connection:
        top = connection.execute(
            text("SELECT max(id) FROM search_parts WHERE postmortem_id = :pm"),
            {"pm": postmortem_id},
        ).scalar_one()
    assert top < last  # numbered afresh


def test_a_versioned_read_on_the_server_is_the_postmortem_as_saved(server: Repository) -> None:
    postmortem_id = server.create(load_file(SAMPLE))  # every collection, dates, flags, settings
    pm, versions = server.load_versioned(postmortem_id)
    assert pm == server.load(postmortem_id)
    doc = Document(pm)
    first = doc.pm.timeline[0].id
    doc.update_item("timeline", first, text="Deploy started (paged)")
    server.save(doc.pm, doc.take_dirty(), versions)
    again, numbers = server.load_versioned(postmortem_id)
    assert again == server.load(postmortem_id)
    assert again.timeline[0].text == "Deploy started (paged)"
    assert numbers.items["timeline"][first] == 2
    assert numbers.revision == versions.revision
