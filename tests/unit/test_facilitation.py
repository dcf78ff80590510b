"""Around the meeting: the pre-read's sent time, the parking lot, round robins and the survey, each
an undoable change; the survey form file and its one-line refusals; the checklist's pre-read check."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pmdesk import interchange
from pmdesk.checklist import premeeting_checks
from pmdesk.facilitation import Settled, SurveyAnswer, summarize
from pmdesk.facilitation.survey_file import SurveyFileError, form_json, parse_answer, read_answer
from pmdesk.model import Attendee, Postmortem
from pmdesk.operations import facilitation as ops
from pmdesk.operations.edit import Refused
from tests.unit.test_document import Room

NOW = datetime(2026, 4, 16, 12, 0, tzinfo=UTC)


@pytest.fixture
def room() -> Room:
    return Room(
        Postmortem(
            title="Checkout errors",
            attendees=[
                Attendee("Sam", id="p1", facilitator=True),
                Attendee("Ana", id="p2"),
                Attendee("Lee", id="p3"),
            ],
        )
    )


def test_parking_keeps_one_line_once_and_undo_takes_it_back(room: Room) -> None:
    room.do(ops.park(room.doc, "  Rotate the\n  signing keys ", "timeline", NOW))
    lot = room.doc.pm.facilitation.parking_lot
    assert [(p.text, p.phase, p.parked_at) for p in lot] == [
        ("Rotate the signing keys", "timeline", NOW)
    ]
    assert not ops.park(room.doc, "Rotate the signing keys", "factors", NOW)
    assert "facilitation" in room.doc.dirty.fields  # saved by the autosave like any field
    room.undo()
    assert room.doc.pm.facilitation.parking_lot == []
    with pytest.raises(Refused, match="Nothing to park"):
        ops.park(room.doc, "   ", "timeline", NOW)


def test_turning_a_parked_point_into_an_action_adds_the_action_in_one_undo_step(
    room: Room,
) -> None:
    room.do(ops.park(room.doc, "Document the failover switch", "factors", NOW))
    item = room.doc.pm.facilitation.parking_lot[0]
    room.do(ops.settle(room.doc, item.id, Settled.ACTION))
    assert room.doc.pm.facilitation.parking_lot[0].settled is Settled.ACTION
    assert [a.description for a in room.doc.pm.actions] == ["Document the failover switch"]
    room.undo()
    assert room.doc.pm.actions == []
    assert room.doc.pm.facilitation.parking_lot[0].settled is Settled.OPEN
    room.redo()
    assert len(room.doc.pm.actions) == 1
    room.do(ops.settle(room.doc, item.id, Settled.DROPPED))
    assert room.doc.pm.facilitation.parking_lot[0].settled is Settled.DROPPED
    assert len(room.doc.pm.actions) == 1  # dropping later keeps the action the room agreed


def test_round_robin_marks_the_next_person_and_says_who_follows(room: Room) -> None:
    room.do(ops.start_round_robin(room.doc, "timeline"))
    robin = room.doc.pm.facilitation.round_robin("timeline")
    assert robin is not None and robin.order == ["p2", "p3"]  # not the facilitator
    edit, after = ops.mark_next_spoken(room.doc, "timeline")
    room.do(edit)
    assert after == "p3"
    assert room.doc.pm.facilitation.round_robins[0].spoken == ["p2"]
    edit, after = ops.mark_next_spoken(room.doc, "timeline")
    room.do(edit)
    assert after is None
    with pytest.raises(Refused, match="Everyone"):
        ops.mark_next_spoken(room.doc, "timeline")
    room.undo()
    assert room.doc.pm.facilitation.round_robins[0].spoken == ["p2"]
    with pytest.raises(Refused, match="no round robin"):
        ops.mark_next_spoken(room.doc, "factors")


def test_a_round_robin_needs_attendees() -> None:
    empty = Room(Postmortem(attendees=[Attendee("Sam", facilitator=True)]))
    with pytest.raises(Refused, match="attendees"):
        ops.start_round_robin(empty.doc, "timeline")


def test_survey_answers_are_checked_and_summarised(room: Room) -> None:
    with pytest.raises(Refused, match="1 to 5"):
        ops.add_survey_answers(room.doc, [SurveyAnswer(useful=7)])
    with pytest.raises(Refused, match="empty"):
        ops.add_survey_answers(room.doc, [SurveyAnswer()])
    room.do(ops.add_survey_answers(room.doc, [SurveyAnswer(useful=4, safe=5, change="Shorter")]))
    room.do(ops.add_survey_answers(room.doc, [SurveyAnswer(useful=2, heard=3)]))
    summary = summarize(room.doc.pm.facilitation.survey)
    assert summary.answers == 2
    assert summary.averages == {"useful": 3.0, "safe": 5.0, "heard": 3.0}
    assert summary.changes == ("Shorter",)


def test_the_pre_read_sent_time_drives_the_checklist(room: Room) -> None:
    pm = room.doc.pm
    check = {c.key: c for c in premeeting_checks(pm, NOW)}["pre_read"]
    assert not check.ok and check.title == "No pre-read sent"
    pm.meeting_at = NOW + timedelta(hours=30)
    room.do(ops.record_pre_read_sent(room.doc, NOW + timedelta(hours=20)))
    check = {c.key: c for c in premeeting_checks(pm, NOW)}["pre_read"]
    assert not check.ok and check.title == "Pre-read sent only 10 hours before the meeting"
    room.do(ops.record_pre_read_sent(room.doc, NOW))
    check = {c.key: c for c in premeeting_checks(pm, NOW)}["pre_read"]
    assert check.ok and check.title == "Pre-read sent 30 hours before the meeting"


def test_a_filled_form_file_becomes_one_anonymous_answer(tmp_path: Path) -> None:
    form = json.loads(form_json("Checkout errors"))
    assert set(form["questions"]) == {"useful", "safe", "heard", "change"}
    form["answers"].update(useful=4, safe="5", change=" Fewer slides ")
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(form), encoding="utf-8")
    answer = read_answer(path, NOW)
    assert (answer.useful, answer.safe, answer.heard, answer.change) == (4, 5, None, "Fewer slides")
    assert answer.via == "file" and answer.received_at == NOW
    assert read_answer(path, NOW).id == answer.id  # the same file twice counts once


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "answers.json: is not valid JSON (line 1, column 2"),
        ('{"format": "other"}', "answers.json: is not a pmdesk survey form"),
        (
            '{"format": "pmdesk.survey", "version": 1, "answers": {"useful": "yes"}}',
            'answers.json: answers/useful must be a whole number from 1 to 5 (found "yes")',
        ),
        (
            '{"format": "pmdesk.survey", "version": 1, "answers": {"safe": 9}}',
            "answers.json: answers/safe must be a whole number from 1 to 5 (found 9)",
        ),
        (
            '{"format": "pmdesk.survey", "version": 1, "answers": {"useful": null}}',
            "answers.json: no question is answered",
        ),
        (
            '{"format": "pmdesk.survey", "version": 1, "answers": {"mood": 3}}',
            "answers.json: answers/mood is not a question of this survey",
        ),
    ],
)
def test_a_malformed_form_file_is_refused_in_one_line(text: str, message: str) -> None:
    with pytest.raises(SurveyFileError) as caught:
        parse_answer(text.encode(), "answers.json", NOW)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_the_record_round_trips_through_the_json_format(room: Room) -> None:
    room.do(ops.park(room.doc, "Who owns the runbook?", "timeline", NOW))
    room.do(ops.set_open_questions(room.doc, ["Why did the alert stay quiet?", " "]))
    room.do(ops.start_round_robin(room.doc, "factors"))
    room.do(ops.mark_next_spoken(room.doc, "factors")[0])
    room.do(ops.add_survey_answers(room.doc, [SurveyAnswer(useful=5, change="More coffee")]))
    room.do(ops.record_pre_read_sent(room.doc, NOW))
    again = interchange.loads(interchange.dumps(room.doc.pm))
    assert again.facilitation == room.doc.pm.facilitation
    assert again.facilitation.open_questions == ["Why did the alert stay quiet?"]


def test_a_round_robin_naming_no_attendee_is_refused_by_place(room: Room) -> None:
    room.do(ops.start_round_robin(room.doc, "factors"))
    data = json.loads(interchange.dumps(room.doc.pm))
    data["facilitation"]["round_robins"][0]["order"].append("ghost")
    with pytest.raises(interchange.InterchangeError, match="round_robins/0/order/2"):
        interchange.loads(json.dumps(data))


def test_someone_removed_after_the_round_started_is_skipped_and_not_exported(room: Room) -> None:
    from pmdesk.operations import people

    room.do(ops.start_round_robin(room.doc, "timeline"))
    room.do(people.remove_attendees(room.doc, ["p2"]))
    edit, after = ops.mark_next_spoken(room.doc, "timeline")
    room.do(edit)
    assert after is None
    assert room.doc.pm.facilitation.round_robins[0].spoken == ["p3"]
    again = interchange.loads(interchange.dumps(room.doc.pm))  # the file names only attendees
    assert again.facilitation.round_robins[0].order == ["p3"]
