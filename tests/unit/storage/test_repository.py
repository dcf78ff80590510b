"""The repository keeps every value of a postmortem, writes only what changed, and never loses data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pmdesk.database import NotFound
from pmdesk.document import Document
from pmdesk.interchange import load_file
from pmdesk.model import (
    ActionItem,
    Attendee,
    Factor,
    Kind,
    Marker,
    PhaseRecord,
    Postmortem,
    Question,
    Status,
    TimelineEvent,
)
from pmdesk.storage.repository import Repository

SAMPLE = (
    Path(__file__).resolve().parents[3] / "resources" / "samples" / "payment-service-outage.json"
)


def _comparable(pm: Postmortem) -> Postmortem:
    pm.id = None
    pm.created_at = pm.updated_at = pm.deleted_at = None
    return pm


def test_sample_round_trips_through_the_database(repo: Repository) -> None:
    original = load_file(SAMPLE.resolve())
    new_id = repo.create(load_file(SAMPLE.resolve()))
    assert _comparable(repo.load(new_id)) == _comparable(original)


def test_times_keep_their_offsets(repo: Repository) -> None:
    berlin = timezone(timedelta(hours=2))
    pm = Postmortem(title="t", started_at=datetime(2026, 4, 15, 14, 32, tzinfo=berlin))
    loaded = repo.load(repo.create(pm))
    assert loaded.started_at == datetime(2026, 4, 15, 12, 32, tzinfo=UTC)
    assert loaded.started_at is not None and loaded.started_at.utcoffset() == timedelta(hours=2)


def test_saving_only_what_changed(repo: Repository) -> None:
    pm = Postmortem(title="Before")
    pm.attendees = [Attendee("Ana"), Attendee("Raj")]
    doc = Document(repo.load(repo.create(pm)))
    doc.set_fields(title="After", notes="line one")
    doc.update_item("attendees", doc.pm.attendees[1].id, role="on-call")
    doc.remove_items("attendees", [doc.pm.attendees[0].id])
    repo.save(doc.pm, doc.take_dirty())
    loaded = repo.load(doc.pm.id or 0)
    assert (loaded.title, loaded.notes) == ("After", "line one")
    assert [(a.name, a.role) for a in loaded.attendees] == [("Raj", "on-call")]


def test_same_file_imported_twice_keeps_both(repo: Repository) -> None:
    first = repo.create(load_file(SAMPLE.resolve()))
    second = repo.create(load_file(SAMPLE.resolve()))
    assert first != second
    assert len(repo.load(second).timeline) == len(repo.load(first).timeline) > 0


def test_timeline_ties_keep_entry_order(repo: Repository) -> None:
    at = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)
    pm = Postmortem(title="ties")
    doc = Document(pm)
    doc.insert_items(
        "timeline", [TimelineEvent(at=at, text=t) for t in ("first", "second", "third")]
    )
    loaded = repo.load(repo.create(doc.pm))
    assert [e.text for e in loaded.timeline] == ["first", "second", "third"]


def test_who_added_an_event_is_kept_apart_from_its_source(repo: Repository) -> None:
    at = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)
    told = TimelineEvent(at=at, text="I saw the queue grow", source="contribution", added_by="Raj")
    doc = Document(repo.load(repo.create(Postmortem(title="t", timeline=[told]))))
    doc.update_item("timeline", told.id, added_by="Raj Patel")
    repo.save(doc.pm, doc.take_dirty())
    [event] = repo.load(doc.pm.id or 0).timeline
    assert (event.source, event.added_by) == ("contribution", "Raj Patel")


def test_duplicate_gets_fresh_ids_and_keeps_links(repo: Repository) -> None:
    pm = Postmortem(title="Outage", status=Status.PUBLISHED)
    event = TimelineEvent(
        at=datetime(2026, 4, 15, tzinfo=UTC), text="deploy", marker=Marker.TRIGGER
    )
    factor = Factor(Question.RISKY, "no canary", whys=["a", "b"], event_ids=[event.id])
    action = ActionItem(
        "Add a canary stage", owner="Ana", deadline=date(2026, 5, 1), factor_id=factor.id
    )
    pm.timeline, pm.factors, pm.actions = [event], [factor], [action]
    copy = repo.load(repo.duplicate(repo.create(pm)))
    assert copy.title == "Outage (copy)" and copy.status == Status.DRAFT
    assert copy.timeline[0].id != event.id
    assert copy.factors[0].event_ids == [copy.timeline[0].id]
    assert copy.actions[0].factor_id == copy.factors[0].id


def test_trash_restore_and_empty(repo: Repository) -> None:
    keep = repo.create(Postmortem(title="keep"))
    doomed = repo.create(Postmortem(title="doomed"))
    repo.trash(doomed)
    assert [e.title for e in repo.library()] == ["keep"]
    assert [e.title for e in repo.library(trash=True)] == ["doomed"]
    repo.restore(doomed)
    assert {e.title for e in repo.library()} == {"keep", "doomed"}
    repo.trash(doomed)
    assert repo.empty_trash() == 1
    with pytest.raises(NotFound):
        repo.load(doomed)
    assert repo.load(keep).title == "keep"


def test_library_lists_newest_incident_first_and_drafts_on_top(repo: Repository) -> None:
    old = datetime(2025, 1, 1, tzinfo=UTC)
    new = datetime(2026, 1, 1, tzinfo=UTC)
    repo.create(Postmortem(title="old", started_at=old))
    repo.create(Postmortem(title="new", started_at=new, kind=Kind.NEAR_MISS))
    repo.create(Postmortem(title="undated"))
    assert [e.title for e in repo.library()] == ["undated", "new", "old"]


def test_phase_records_are_kept_in_order(repo: Repository) -> None:
    pm = Postmortem(
        title="p", phases=[PhaseRecord("ground_rules", 5, 310.5), PhaseRecord("timeline", 20)]
    )
    assert repo.load(repo.create(pm)).phases == pm.phases


def test_unknown_id_is_reported(repo: Repository) -> None:
    with pytest.raises(NotFound, match="no postmortem with id 99"):
        repo.load(99)
