"""Interviews as the facilitator plans and runs them: one per attendee, a 20-60 minute plan, a
timer that survives a pause, warnings about who interviews, and remarks that become events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pmdesk.document import Document
from pmdesk.interviews import (
    GUIDANCE,
    QuestionBankError,
    load_questions,
    overrun,
    suggested_order,
    timer_text,
    warnings,
)
from pmdesk.model import Attendee, Interview, Involvement, NotesKept, Postmortem
from pmdesk.operations.edit import Refused
from pmdesk.operations.interviews import (
    add_interview,
    edit_interview,
    move_interview,
    remark_to_event,
    remark_to_finding,
    remove_interview,
    reset_timer,
    start_timer,
    stop_timer,
    write_notes,
)
from pmdesk.operations.people import remove_attendees
from tests.unit.interviews.sample import STARTED, postmortem_with_interviews

NOW = datetime(2026, 4, 16, 9, 0, tzinfo=UTC)


def _doc() -> Document:
    pm = postmortem_with_interviews()
    pm.interviews = []
    return Document(pm)


def _apply(doc: Document, edit: object) -> object:
    edit.apply(doc)  # type: ignore[attr-defined]
    return edit


def test_an_interview_is_planned_once_per_attendee_with_the_facilitator_interviewing() -> None:
    doc = _doc()
    ana = doc.pm.attendees[0]
    edit = _apply(doc, add_interview(doc, ana.id))
    assert [(i.attendee_id, i.interviewer) for i in doc.pm.interviews] == [(ana.id, "Fay Lin")]
    assert doc.pm.interviews[0].planned_minutes == 30
    assert doc.pm.interviews[0].notes_kept is NotesKept.UNTIL_PUBLISHED
    with pytest.raises(Refused, match="Ana Ortiz has an interview already"):
        add_interview(doc, ana.id)
    edit.revert(doc)  # type: ignore[attr-defined]
    assert doc.pm.interviews == []


def test_the_plan_stays_between_20_and_60_minutes() -> None:
    doc = _doc()
    _apply(doc, add_interview(doc, doc.pm.attendees[0].id))
    interview = doc.pm.interviews[0]
    for minutes in (19, 61):
        with pytest.raises(Refused, match="20 to 60 minutes"):
            edit_interview(doc, "Plan", interview.id, {"planned_minutes": minutes})
    _apply(doc, edit_interview(doc, "Plan", interview.id, {"planned_minutes": 60}))
    assert interview.planned_minutes == 60


def test_the_record_is_edited_and_undone() -> None:
    doc = _doc()
    _apply(doc, add_interview(doc, doc.pm.attendees[1].id))
    interview = doc.pm.interviews[0]
    changes = {
        "interviewer": "  Ole   Berg ",
        "scribe": "Kim",
        "consent_to_record": True,
        "notes_kept": "90_days",
    }
    edit = _apply(doc, edit_interview(doc, "Edit interview", interview.id, changes))
    assert (interview.interviewer, interview.notes_kept) == ("Ole Berg", NotesKept.DAYS_90)
    assert interview.consent_to_record and interview.scribe == "Kim"
    edit.revert(doc)  # type: ignore[attr-defined]
    assert (interview.interviewer, interview.scribe, interview.consent_to_record) == (
        "Fay Lin",
        "",
        False,
    )
    with pytest.raises(Refused, match="attendee_id is not edited here"):
        edit_interview(doc, "x", interview.id, {"attendee_id": "someone"})


def test_notes_are_written_and_the_interview_removed_and_brought_back() -> None:
    doc = _doc()
    _apply(doc, add_interview(doc, doc.pm.attendees[0].id))
    interview = doc.pm.interviews[0]
    _apply(doc, write_notes(doc, interview.id, "I expected the canary to stop it."))
    removal = _apply(doc, remove_interview(doc, interview.id))
    assert doc.pm.interviews == []
    removal.revert(doc)  # type: ignore[attr-defined]
    assert doc.pm.interviews[0].notes == "I expected the canary to stop it."


def test_interviews_are_put_in_order() -> None:
    doc = _doc()
    for person in doc.pm.attendees[:2]:
        _apply(doc, add_interview(doc, person.id))
    second = doc.pm.interviews[1]
    _apply(doc, move_interview(doc, second.id, 0))
    assert doc.pm.interviews[0] is second


def test_removing_an_attendee_takes_their_interview_and_the_undo_brings_both() -> None:
    doc = _doc()
    ana = doc.pm.attendees[0]
    _apply(doc, add_interview(doc, ana.id))
    _apply(doc, write_notes(doc, doc.pm.interviews[0].id, "what I saw"))
    edit = _apply(doc, remove_attendees(doc, [ana.id]))
    assert doc.pm.interviews == [] and ana not in doc.pm.attendees
    edit.revert(doc)  # type: ignore[attr-defined]
    assert doc.pm.interviews[0].notes == "what I saw" and doc.pm.attendees[0] is ana


def test_the_timer_counts_across_a_pause_and_shows_elapsed_and_planned() -> None:
    doc = _doc()
    _apply(doc, add_interview(doc, doc.pm.attendees[0].id))
    interview = doc.pm.interviews[0]
    assert timer_text(interview, NOW) == "00:00 of 30 min"
    _apply(doc, start_timer(doc, interview.id, NOW))
    assert timer_text(interview, NOW + timedelta(minutes=12, seconds=5)) == "12:05 of 30 min"
    _apply(doc, stop_timer(doc, interview.id, NOW + timedelta(minutes=20)))
    later = NOW + timedelta(hours=3)
    assert timer_text(interview, later) == "20:00 of 30 min"  # paused: the clock stands still
    _apply(doc, start_timer(doc, interview.id, later))
    assert timer_text(interview, later + timedelta(minutes=11)) == "31:00 of 30 min (01:00 over)"
    assert overrun(interview, later + timedelta(minutes=11))
    _apply(doc, reset_timer(doc, interview.id))
    assert timer_text(interview, later + timedelta(minutes=11)) == "00:00 of 30 min"


def test_a_remark_with_a_time_becomes_an_event_at_that_time_told_by_the_interviewee() -> None:
    doc = _doc()
    ana = doc.pm.attendees[0]
    _apply(doc, add_interview(doc, ana.id))
    interview = doc.pm.interviews[0]
    edit = _apply(doc, remark_to_event(doc, interview.id, "14:33 I saw   the error graph jump"))
    event = next(e for e in doc.pm.timeline if e.source == "interview")
    assert event.at == STARTED + timedelta(minutes=1)
    assert (event.text, event.added_by) == ("I saw the error graph jump", "Ana Ortiz")
    assert [e.text for e in doc.pm.timeline][:2] == [
        "Deploy of payment-service v2.4.1",
        "I saw the error graph jump",
    ]
    edit.revert(doc)  # type: ignore[attr-defined]
    assert all(e.source != "interview" for e in doc.pm.timeline)


def test_a_remark_without_a_time_goes_after_the_last_event() -> None:
    doc = _doc()
    _apply(doc, add_interview(doc, doc.pm.attendees[1].id))
    last = doc.pm.timeline[-1].at
    _apply(doc, remark_to_event(doc, doc.pm.interviews[0].id, "I restarted the pods"))
    assert doc.pm.timeline[-1].text == "I restarted the pods"
    assert doc.pm.timeline[-1].at == last + timedelta(minutes=1)


def test_a_remark_with_no_time_anywhere_is_refused_with_what_to_do() -> None:
    pm = Postmortem(title="t", attendees=[Attendee("Ana")])
    doc = Document(pm)
    _apply(doc, add_interview(doc, pm.attendees[0].id))
    with pytest.raises(Refused, match="start the remark with a time"):
        remark_to_event(doc, pm.interviews[0].id, "I restarted the pods")
    with pytest.raises(Refused, match="Select the words"):
        remark_to_event(doc, pm.interviews[0].id, "   ")


def test_a_remark_becomes_a_finding_once() -> None:
    doc = _doc()
    _apply(doc, add_interview(doc, doc.pm.attendees[0].id))
    interview = doc.pm.interviews[0]
    remark = "I assumed the flag was off because staging had it off"
    edit = _apply(doc, remark_to_finding(doc, interview.id, remark, NOW))
    found = doc.pm.findings[-1]
    assert (found.text, found.origin, found.created_at) == (remark, "interview", NOW)
    assert not remark_to_finding(doc, interview.id, remark, NOW)  # already kept
    edit.revert(doc)  # type: ignore[attr-defined]
    assert all(f.text != remark for f in doc.pm.findings)


@pytest.mark.parametrize(
    ("interviewer", "expected"),
    [
        ("Ana Ortiz", "The interviewer is the interviewee"),
        ("raj  patel", "Raj Patel was a responder"),
        ("Fay Lin", None),
        ("Someone Else", None),
    ],
)
def test_the_interviewer_is_checked_against_the_attendee_list(
    interviewer: str, expected: str | None
) -> None:
    pm = postmortem_with_interviews()
    interview = Interview(attendee_id=pm.attendees[0].id, interviewer=interviewer)
    found = warnings(pm, interview)
    if expected is None:
        assert found == []
    else:
        assert found and found[0].startswith(expected)


def test_a_responder_by_role_and_a_manager_are_warned_about() -> None:
    pm = postmortem_with_interviews()
    pm.attendees += [
        Attendee("Kim", "on-call DBA", Involvement.ADJACENT),
        Attendee("Lee", "engineering manager", Involvement.OBSERVER),
    ]
    interview = Interview(attendee_id=pm.attendees[0].id, interviewer="Kim")
    assert "Kim was a responder" in warnings(pm, interview)[0]
    interview.interviewer = interview.scribe = "Lee"
    found = warnings(pm, interview)
    assert "Lee is listed as a manager" in found[0]
    assert "also the scribe" in found[1]


def test_the_guidance_and_the_suggested_order_put_the_most_involved_first() -> None:
    pm = postmortem_with_interviews()
    pm.attendees.insert(0, Attendee("Obi", "support lead", Involvement.OBSERVER))
    order = [a.name for a in suggested_order(pm)]
    assert order == ["Ana Ortiz", "Raj Patel", "Obi", "Fay Lin"]  # the facilitator last
    assert "talk far more" in GUIDANCE and "neither a responder" in GUIDANCE


def test_the_question_bank_has_questions_for_every_stage_of_the_incident() -> None:
    stages = load_questions()
    assert len(stages) >= 5
    text = " ".join(q for s in stages for q in s.questions).lower()
    for asked in ("what was the first thing you saw", "expect", "what did you try", "made sense"):
        assert asked in text
    assert all(s.questions for s in stages)


def test_a_broken_question_bank_is_named_with_its_place(tmp_path: Path) -> None:
    bank = tmp_path / "questions.json"
    bank.write_text('{"stages": [{"title": "Noticing", "questions": []}]}', encoding="utf-8")
    with pytest.raises(QuestionBankError, match=r"questions.json: stage 1 \(Noticing\) needs"):
        load_questions(bank)
    bank.write_text("{not json", encoding="utf-8")
    with pytest.raises(QuestionBankError, match="is not JSON text"):
        load_questions(bank)
