"""A team can point pmdesk at a shared PostgreSQL database (--db URL): same schema, same values."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmdesk.database import DatabaseProblem
from pmdesk.document import Document
from pmdesk.interchange import load_file
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository

SAMPLE = (
    Path(__file__).resolve().parents[3] / "resources" / "samples" / "payment-service-outage.json"
)

pytestmark = pytest.mark.postgres


def test_postgres_round_trip_and_edits(pg_url: str) -> None:
    repo = Repository(open_engine(resolve(pg_url)))
    original = load_file(SAMPLE)
    new_id = repo.create(load_file(SAMPLE))
    loaded = repo.load(new_id)
    doc = Document(loaded)
    doc.set_fields(notes="Ünïcödé notes 🙂 и кириллица")
    doc.remove_items("timeline", [doc.pm.timeline[0].id])
    repo.save(doc.pm, doc.take_dirty())
    again = repo.load(new_id)
    assert again.notes == "Ünïcödé notes 🙂 и кириллица"
    assert len(again.timeline) == len(original.timeline) - 1
    assert again.started_at == original.started_at
    assert (
        again.started_at is not None
        and again.started_at.utcoffset() == original.started_at.utcoffset()
    )  # type: ignore[union-attr]
    assert [e.title for e in repo.library()].count(original.title) >= 1
    # Opening again finds the schema current and changes nothing.
    Repository(open_engine(resolve(pg_url))).close()
    repo.close()


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(DatabaseProblem, match="cannot be opened") as info:
        open_engine(resolve("postgresql+psycopg://postgres@127.0.0.1:1/nothing"))
    assert "127.0.0.1:1" in str(info.value)
