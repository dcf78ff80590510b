"""Interviews are kept: in the database (both ways of reading it), through a JSON round trip when
the export asks for them, and through a copy of the postmortem."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from pmdesk.document import Document
from pmdesk.interchange import InterchangeError, dumps, loads, renew_ids, schema
from pmdesk.model import Postmortem
from pmdesk.storage.repository import Repository
from pmdesk.storage.rows import read_postmortem
from tests.unit.interviews.sample import SECRET, postmortem_with_interviews


def _comparable(pm: Postmortem) -> Postmortem:
    pm.id = None
    pm.created_at = pm.updated_at = pm.deleted_at = None
    return pm


def test_interviews_round_trip_through_the_database(repo: Repository, db_path: Path) -> None:
    original = postmortem_with_interviews()
    original.interviews[1].running_since = datetime(2026, 4, 16, 9, 0, tzinfo=UTC)
    new_id = repo.create(copy.deepcopy(original))
    assert _comparable(repo.load(new_id)) == _comparable(copy.deepcopy(original))
    quick = read_postmortem(db_path, new_id)  # the start-up path, without SQLAlchemy
    assert quick is not None and quick.interviews == original.interviews


def test_typed_notes_are_saved_with_only_what_changed(repo: Repository) -> None:
    doc = Document(repo.load(repo.create(postmortem_with_interviews())))
    doc.take_dirty()
    first = doc.pm.interviews[0]
    doc.update_item("interviews", first.id, notes="New words", planned_minutes=50)
    doc.move_item("interviews", first.id, 1)
    repo.save(doc.pm, doc.take_dirty())
    loaded = repo.load(doc.pm.id or 0)
    assert [(i.notes, i.planned_minutes) for i in loaded.interviews][1] == ("New words", 50)
    assert loaded.interviews[0].attendee_id == doc.pm.attendees[1].id


def test_a_copy_keeps_each_interview_with_its_attendee(repo: Repository) -> None:
    twin = repo.load(repo.duplicate(repo.create(postmortem_with_interviews())))
    names = {a.id: a.name for a in twin.attendees}
    assert [names[i.attendee_id] for i in twin.interviews] == ["Ana Ortiz", "Raj Patel"]


def test_json_leaves_interviews_out_unless_asked_and_stays_version_1() -> None:
    pm = postmortem_with_interviews()
    data = json.loads(dumps(pm))
    assert data["version"] == 1 and "interviews" not in data
    assert SECRET not in dumps(pm)
    assert list(Draft202012Validator(schema(1)).iter_errors(data)) == []
    assert loads(dumps(pm)).interviews == []


def test_json_with_interviews_is_version_2_and_round_trips() -> None:
    pm = postmortem_with_interviews()
    pm.interviews[0].running_since = datetime(2026, 4, 16, 9, 0, tzinfo=UTC)
    text = dumps(pm, include_interviews=True)
    data = json.loads(text)
    assert data["version"] == 2 and SECRET in data["interviews"][0]["notes"]
    assert list(Draft202012Validator(schema(2)).iter_errors(data)) == []
    assert loads(text).interviews == pm.interviews
    assert dumps(loads(text), include_interviews=True) == text


def test_a_version_1_file_with_interviews_is_refused_by_name() -> None:
    data = json.loads(dumps(postmortem_with_interviews(), include_interviews=True))
    data["version"] = 1
    with pytest.raises(InterchangeError, match="interviews need format version 2"):
        loads(json.dumps(data), source="old.json")


def test_an_interview_of_someone_not_in_the_file_is_named() -> None:
    data = json.loads(dumps(postmortem_with_interviews(), include_interviews=True))
    data["interviews"][1]["attendee_id"] = "nobody"
    with pytest.raises(InterchangeError, match=r"/interviews/1/attendee_id: there is no attendee"):
        loads(json.dumps(data), source="x.json")
    data["interviews"][1]["attendee_id"] = data["interviews"][0]["attendee_id"]
    with pytest.raises(InterchangeError, match="has an interview already"):
        loads(json.dumps(data), source="x.json")
    data["interviews"][1]["planned_minutes"] = 90
    with pytest.raises(InterchangeError, match=r"/interviews/1/planned_minutes: 90 is too large"):
        loads(json.dumps(data), source="x.json")


def test_fresh_ids_keep_each_interview_with_its_attendee() -> None:
    pm = postmortem_with_interviews()
    before = [a.id for a in pm.attendees]
    renew_ids(pm)
    assert [a.id for a in pm.attendees] != before
    assert [i.attendee_id for i in pm.interviews] == [a.id for a in pm.attendees[:2]]
