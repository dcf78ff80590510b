"""The named operations behind every screen's edits, without Qt: what each keeps true, and that
each is one step that undoes and redoes whole."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pmdesk.meeting import default_plan
from pmdesk.model import (
    ActionItem,
    Attendee,
    CapturedFinding,
    Factor,
    Kind,
    Marker,
    PhaseRecord,
    Postmortem,
    Question,
    TimerState,
)
from pmdesk.operations import actions, factors, findings, overview, people, timeline, wording
from pmdesk.operations.edit import Refused
from tests.unit.test_document import Room, at, event


@pytest.fixture
def room() -> Room:
    return Room(
        Postmortem(
            title="Checkout errors",
            started_at=at("14:32"),
            timeline=[event("14:35", "Alert fires", 1), event("14:32", "Deploy v2.4.1", 0)],
            attendees=[Attendee("Sam", id="p1", facilitator=True), Attendee("Ana", id="p2")],
            factors=[Factor(Question.RISKY, "No canary", whys=["Rushed release"], id="f1")],
            actions=[
                ActionItem("Add a canary stage", owner="Sam", factor_id="f1", id="a1"),
                ActionItem("Alert on P99 latency", owner="Ana", id="a2"),
                ActionItem("Runbook for rollback", owner="Lee", id="a3"),
            ],
        )
    )


def undo_and_redo(room: Room, check_after: object) -> None:
    """Undo, then redo, must land on the same document as the edit did."""
    after = repr(room.doc.pm)
    room.undo()
    assert repr(room.doc.pm) != after
    room.redo()
    assert repr(room.doc.pm) == after == repr(check_after)


# -- the overview, the plan and the timer --------------------------------------------------------


def test_services_and_tags_are_kept_trimmed_and_each_once(room: Room) -> None:
    edit = overview.edit_overview(
        room.doc, "Edit services", services=[" payments ", "", "Payments", "checkout  api"]
    )
    room.do(edit)
    assert room.doc.pm.services == ["payments", "checkout api"]
    room.undo()
    assert room.doc.pm.services == []


def test_the_overview_edits_only_its_own_fields(room: Room) -> None:
    with pytest.raises(Refused, match="phases"):
        overview.edit_overview(room.doc, "Plan", phases=[])
    with pytest.raises(Refused, match="language"):
        overview.edit_overview(room.doc, "Words", language=None)
    assert not overview.edit_overview(room.doc, "Edit title", title="Checkout errors")
    room.do(overview.edit_overview(room.doc, "Edit title", title="Checkout outage"))
    assert room.doc.pm.title == "Checkout outage"


def test_a_plan_with_a_phase_no_meeting_can_use_is_refused_by_name(room: Room) -> None:
    plan = default_plan(Kind.INCIDENT)
    plan[1] = PhaseRecord(plan[1].phase, 0)
    with pytest.raises(Refused, match="Walk the timeline"):
        overview.set_plan(room.doc, plan)
    assert room.doc.pm.phases == []
    room.do(overview.set_plan(room.doc, default_plan(Kind.INCIDENT)))
    assert [p.planned_minutes for p in room.doc.pm.phases] == [
        p.planned_minutes for p in default_plan(Kind.INCIDENT)
    ]
    assert not overview.set_plan(room.doc, default_plan(Kind.INCIDENT))  # the same plan again


def test_the_timer_records_its_phase_and_the_time_spent(room: Room) -> None:
    plan = default_plan(Kind.INCIDENT)
    plan[0] = PhaseRecord(plan[0].phase, plan[0].planned_minutes, actual_seconds=310.0)
    state = TimerState(phase_index=1, running_since=datetime(2026, 4, 16, 10, 5, tzinfo=UTC))
    overview.record_timer(room.doc, plan, state).apply(room.doc)
    assert room.doc.pm.timer == state
    assert room.doc.pm.phases[0].actual_seconds == 310.0


# -- findings -------------------------------------------------------------------------------------


def test_the_same_words_are_captured_once_and_blank_ones_never(room: Room) -> None:
    room.do(findings.capture_finding(room.doc, CapturedFinding("I assumed the flag was off")))
    again = CapturedFinding("I assumed  the flag was off ")
    assert not findings.capture_finding(room.doc, again)
    with pytest.raises(Refused, match="needs some text"):
        findings.capture_finding(room.doc, CapturedFinding("  "))
    assert [f.text for f in room.doc.pm.findings] == ["I assumed the flag was off"]


def test_removing_a_finding_unlinks_it_from_its_factor_and_undo_links_it_again(
    room: Room,
) -> None:
    finding = CapturedFinding("The dashboard looked normal", id="n1")
    room.do(findings.capture_finding(room.doc, finding))
    room.do(factors.add_factor(room.doc, Factor(Question.SLOW_DETECTION, "", finding_ids=["n1"])))
    made = room.doc.pm.factors[-1]
    assert made.finding_ids == ["n1"]
    edit = findings.remove_findings(room.doc, ["n1"])
    assert edit.label == "Remove finding"
    room.do(edit)
    assert room.doc.pm.findings == [] and room.doc.find("factors", made.id).finding_ids == []
    room.undo()
    assert room.doc.find("factors", made.id).finding_ids == ["n1"]


def test_a_finding_keeps_some_text(room: Room) -> None:
    room.do(findings.capture_finding(room.doc, CapturedFinding("It looked normal", id="n1")))
    with pytest.raises(Refused, match="remove it instead"):
        findings.edit_finding(room.doc, "Edit finding", "n1", {"text": " "})
    with pytest.raises(Refused, match="origin"):
        findings.edit_finding(room.doc, "Edit finding", "n1", {"origin": "summary"})


# -- the timeline ---------------------------------------------------------------------------------


def test_a_new_event_comes_a_minute_after_the_one_in_front(room: Room) -> None:
    deploy = room.doc.pm.timeline[0]
    room.do(timeline.add_blank_event(room.doc, deploy, now=datetime(2026, 5, 1, tzinfo=UTC)))
    assert [e.at for e in room.doc.pm.timeline] == [at("14:32"), at("14:33"), at("14:35")]
    room.do(timeline.add_blank_event(room.doc, None, now=datetime(2026, 5, 1, tzinfo=UTC)))
    assert room.doc.pm.timeline[-1].at == at("14:36")  # after the last event


def test_the_first_event_starts_where_the_incident_did_else_now() -> None:
    started = Room(Postmortem(started_at=at("09:10")))
    started.do(timeline.add_blank_event(started.doc, None, now=datetime(2026, 5, 1, tzinfo=UTC)))
    assert started.doc.pm.timeline[0].at == at("09:10")
    blank = Room(Postmortem())
    now = datetime(2026, 5, 1, 8, 30, 42, 5, tzinfo=UTC)
    blank.do(timeline.add_blank_event(blank.doc, None, now=now))
    assert blank.doc.pm.timeline[0].at == datetime(2026, 5, 1, 8, 30, tzinfo=UTC)


def test_duplicates_are_new_events_with_the_same_facts(room: Room) -> None:
    ids = [e.id for e in room.doc.pm.timeline]
    edit = timeline.duplicate_events(room.doc, ids)
    assert edit.label == "Duplicate 2 events"
    room.do(edit)
    assert room.texts() == ["Deploy v2.4.1", "Deploy v2.4.1", "Alert fires", "Alert fires"]
    assert len({e.id for e in room.doc.pm.timeline}) == 4
    undo_and_redo(room, room.doc.pm)


def test_deleting_events_unlinks_them_from_factors_and_undo_brings_both_back(room: Room) -> None:
    deploy = room.doc.pm.timeline[0]
    room.do(factors.link(room.doc, "f1", "event", deploy.id, True))
    assert room.doc.find("factors", "f1").event_ids == [deploy.id]
    room.do(timeline.remove_events(room.doc, [deploy.id]))
    assert room.texts() == ["Alert fires"]
    assert room.doc.find("factors", "f1").event_ids == []
    room.undo()
    assert room.texts() == ["Deploy v2.4.1", "Alert fires"]
    assert room.doc.find("factors", "f1").event_ids == [deploy.id]


def test_marking_several_events_is_one_step(room: Room) -> None:
    ids = [e.id for e in room.doc.pm.timeline]
    edit = timeline.mark_events(room.doc, ids, Marker.DETECTION)
    assert edit.label == "Mark as detection" and len(edit.steps) == 2
    room.do(edit)
    assert {e.marker for e in room.doc.pm.timeline} == {Marker.DETECTION}
    room.undo()
    assert {e.marker for e in room.doc.pm.timeline} == {None}
    room.redo()
    assert not timeline.mark_events(room.doc, ids, Marker.DETECTION)  # marked already


def test_an_events_discussion_and_its_facts_are_edited_by_name_only(room: Room) -> None:
    alert = room.doc.pm.timeline[1]
    room.do(timeline.write_discussion(room.doc, alert.id, "believed", "a blip", "Edit believed"))
    assert room.doc.find("timeline", alert.id).believed == "a blip"
    with pytest.raises(Refused, match="no text"):
        timeline.write_discussion(room.doc, alert.id, "text", "x", "Edit")
    assert not timeline.write_discussion(room.doc, "gone", "seen", "x", "Edit seen")
    with pytest.raises(Refused, match="seq"):
        timeline.edit_event(room.doc, "Edit", alert.id, {"seq": 9})
    room.do(timeline.edit_event(room.doc, "Edit time", alert.id, {"at": at("14:30")}))
    assert room.texts() == ["Alert fires", "Deploy v2.4.1"]


# -- action items ---------------------------------------------------------------------------------


def test_an_action_item_is_added_tidy_and_never_blank(room: Room) -> None:
    room.do(actions.add_action(room.doc, ActionItem("  Add a   P99 alert ", owner=" Sam  R. ")))
    added = room.doc.pm.actions[-1]
    assert (added.description, added.owner) == ("Add a P99 alert", "Sam R.")
    with pytest.raises(Refused, match="description"):
        actions.add_action(room.doc, ActionItem("   "))


def test_removing_and_a_shared_deadline_are_one_step_each(room: Room) -> None:
    edit = actions.set_deadline(room.doc, ["a1", "a2"], date(2026, 5, 1), "Due in two weeks")
    room.do(edit)
    assert [a.deadline for a in room.doc.pm.actions] == [date(2026, 5, 1), date(2026, 5, 1), None]
    room.undo()
    assert [a.deadline for a in room.doc.pm.actions] == [None, None, None]
    edit = actions.remove_actions(room.doc, ["a1", "a3"])
    assert edit.label == "Remove 2 action items"
    room.do(edit)
    assert [a.id for a in room.doc.pm.actions] == ["a2"]
    room.undo()
    assert [a.id for a in room.doc.pm.actions] == ["a1", "a2", "a3"]


def test_an_action_item_addresses_a_factor_the_postmortem_holds(room: Room) -> None:
    with pytest.raises(Refused, match="no longer in this postmortem"):
        actions.edit_action(room.doc, "Link", "a2", {"factor_id": "gone"})
    with pytest.raises(Refused, match="description"):
        actions.edit_action(room.doc, "Edit", "a2", {"description": ""})
    with pytest.raises(Refused, match="id"):
        actions.edit_action(room.doc, "Edit", "a2", {"id": "a9"})
    room.do(actions.edit_action(room.doc, "Link", "a2", {"factor_id": "f1"}))
    assert room.doc.find("actions", "a2").factor_id == "f1"


# -- people ---------------------------------------------------------------------------------------


def test_attendees_need_a_name_and_the_facilitator_has_its_own_operation(room: Room) -> None:
    room.do(people.add_attendee(room.doc, "  Lee   Park ", " on-call "))
    lee = room.doc.pm.attendees[-1]
    assert (lee.name, lee.role) == ("Lee Park", "on-call")
    with pytest.raises(Refused, match="needs a name"):
        people.add_attendee(room.doc, "  ")
    with pytest.raises(Refused, match="needs a name"):
        people.edit_attendee(room.doc, "Rename", lee.id, {"name": ""})
    with pytest.raises(Refused, match="facilitator"):
        people.edit_attendee(room.doc, "Facilitate", lee.id, {"facilitator": True})
    edit = people.remove_attendees(room.doc, ["p2", lee.id])
    assert edit.label == "Remove 2 attendees"
    room.do(edit)
    assert [a.name for a in room.doc.pm.attendees] == ["Sam"]


# -- contributing factors --------------------------------------------------------------------------


def test_a_factor_links_only_to_what_the_postmortem_holds(room: Room) -> None:
    room.do(factors.add_factor(room.doc, Factor(Question.NOT_CAUGHT, "", finding_ids=["nowhere"])))
    made = room.doc.pm.factors[-1]
    assert made.finding_ids == [] and room.done[-1].label == "Add factor"
    with pytest.raises(Refused, match="event is no longer"):
        factors.link(room.doc, made.id, "event", "gone", True)
    with pytest.raises(Refused, match="not to people"):
        factors.link(room.doc, made.id, "people", "p1", True)
    assert not factors.link(room.doc, made.id, "event", "gone", False)  # not linked: nothing


def test_the_why_chain_grows_is_answered_and_shrinks_one_step_at_a_time(room: Room) -> None:
    room.do(factors.add_why(room.doc, "f1"))
    room.do(factors.write_why(room.doc, "f1", 1, "No time set aside for the canary"))
    assert room.doc.find("factors", "f1").whys == [
        "Rushed release",
        "No time set aside for the canary",
    ]
    assert room.done[-1].label == "Edit why 2"
    room.do(factors.remove_why(room.doc, "f1", 0))
    assert room.doc.find("factors", "f1").whys == ["No time set aside for the canary"]
    room.undo()
    room.undo()
    assert room.doc.find("factors", "f1").whys == ["Rushed release", ""]
    room.do(factors.move_factor(room.doc, "f1", Question.SLOW_RECOVERY))
    assert room.doc.find("factors", "f1").question == Question.SLOW_RECOVERY
    with pytest.raises(Refused, match="no longer in this postmortem"):
        factors.add_why(room.doc, "gone")


# -- wording --------------------------------------------------------------------------------------


def test_a_phrase_is_ignored_once_and_allowed_words_are_kept_each_once(room: Room) -> None:
    room.do(wording.ignore_phrase(room.doc, "hindsight:should have", "should have"))
    assert room.done[-1].label == "Ignore “should have”"
    assert not wording.ignore_phrase(room.doc, "hindsight:should have", "should have")
    room.do(wording.set_allowed_words(room.doc, ["Blame Bot", " blame bot", "Sloppy Joe's", ""]))
    assert room.doc.pm.language.allowed_words == ["Blame Bot", "Sloppy Joe's"]
    assert room.doc.pm.language.ignored == ["hindsight:should have"]
    room.undo()
    assert room.doc.pm.language.allowed_words == []
