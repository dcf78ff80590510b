"""The one mutation path: Document and the named operations on it, as a facilitator sees them.

Every change can be undone and redone, leaves the document marked for saving, tells the screens
what changed, and a change the domain does not allow is refused with a reason before anything
moves.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from pmdesk.document import Change, Document
from pmdesk.language.engine import Finding
from pmdesk.model import (
    ActionItem,
    ActionStatus,
    Attendee,
    Factor,
    Postmortem,
    Question,
    TimelineEvent,
)
from pmdesk.operations import actions, factors, items, people, suggestions, timeline
from pmdesk.operations.edit import Edit, Refused
from pmdesk.operations.suggestions import TextPlace

DAY = datetime(2026, 4, 15, tzinfo=UTC)
TODAY = date(2026, 4, 20)


def at(hhmm: str) -> datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return DAY.replace(hour=hour, minute=minute)


def event(hhmm: str, text: str, seq: int = 0) -> TimelineEvent:
    return TimelineEvent(at=at(hhmm), text=text, seq=seq)


class Room:
    """A document as a screen holds it: the changes it was told about, and an undo history."""

    def __init__(self, pm: Postmortem) -> None:
        self.doc = Document(pm)
        self.changes: list[Change] = []
        self.doc.subscribe(self.changes.append)
        self.done: list[Edit] = []
        self.undone: list[Edit] = []

    def do(self, edit: Edit) -> None:
        edit.apply(self.doc)
        self.done.append(edit)
        self.undone.clear()

    def undo(self) -> None:
        edit = self.done.pop()
        edit.revert(self.doc)
        self.undone.append(edit)

    def redo(self) -> None:
        edit = self.undone.pop()
        edit.apply(self.doc)
        self.done.append(edit)

    def texts(self) -> list[str]:
        return [e.text for e in self.doc.pm.timeline]


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


# -- Document ---------------------------------------------------------------------------------


def test_a_newly_opened_document_is_clean_and_in_time_order(room: Room) -> None:
    assert room.texts() == ["Deploy v2.4.1", "Alert fires"]
    assert not room.doc.dirty


def test_setting_a_field_marks_it_for_saving_and_tells_the_screens(room: Room) -> None:
    old = room.doc.set_fields(title="Checkout outage")
    assert old == {"title": "Checkout errors"}
    assert room.doc.pm.title == "Checkout outage"
    assert room.doc.dirty.fields == {"title"}
    assert room.changes == [Change("fields", fields=("title",))]


def test_setting_a_field_to_what_it_is_changes_nothing(room: Room) -> None:
    room.doc.set_fields(title="Checkout errors")
    assert not room.doc.dirty
    assert room.changes == []


def test_a_field_that_does_not_exist_is_refused_by_name(room: Room) -> None:
    with pytest.raises(KeyError, match="owner"):
        room.doc.set_fields(owner="Sam")
    with pytest.raises(KeyError, match="colour"):
        room.doc.update_item("actions", "a1", colour="red")
    with pytest.raises(KeyError, match="nope"):
        room.doc.find("actions", "nope")
    assert not room.doc.dirty


def test_changing_an_events_time_keeps_the_timeline_in_time_order(room: Room) -> None:
    deploy = room.doc.pm.timeline[0]
    room.doc.update_item("timeline", deploy.id, at=at("14:40"))
    assert room.texts() == ["Alert fires", "Deploy v2.4.1"]
    assert room.doc.dirty.items == {"timeline": {deploy.id}}


def test_new_events_at_the_same_minute_stay_in_the_order_entered(room: Room) -> None:
    first, second = event("14:35", "On-call paged", -1), event("14:35", "Bridge opened", -1)
    room.doc.insert_items("timeline", [first, second])
    assert room.texts() == ["Deploy v2.4.1", "Alert fires", "On-call paged", "Bridge opened"]
    assert first.seq > 1 and second.seq > first.seq


def test_removed_items_go_back_where_they_were(room: Room) -> None:
    removed, positions = room.doc.remove_items("actions", ["a1", "a3"])
    assert [a.id for a in room.doc.pm.actions] == ["a2"]
    room.doc.insert_items("actions", removed, positions)
    assert [a.id for a in room.doc.pm.actions] == ["a1", "a2", "a3"]


def test_the_timeline_cannot_be_reordered_by_hand(room: Room) -> None:
    with pytest.raises(ValueError, match="ordered by time"):
        room.doc.move_item("timeline", room.doc.pm.timeline[0].id, 1)


def test_a_failed_save_gives_the_changes_back(room: Room) -> None:
    room.doc.set_fields(summary="Errors for 18 minutes")
    pending = room.doc.take_dirty()
    assert not room.doc.dirty
    room.doc.return_dirty(pending)
    assert room.doc.dirty.fields == {"summary"}
    room.doc.take_dirty()
    room.doc.mark_all_dirty()
    assert room.doc.dirty.items["actions"] == {"a1", "a2", "a3"}


# -- operations: each one undoes and redoes ----------------------------------------------------


def test_set_fields_undoes_and_redoes(room: Room) -> None:
    room.do(items.set_fields(room.doc, "Edit title", title="Checkout outage"))
    room.undo()
    assert room.doc.pm.title == "Checkout errors"
    assert room.doc.dirty.fields == {"title"}  # undone after a save: the database must follow
    room.redo()
    assert room.doc.pm.title == "Checkout outage"


def test_an_edit_that_changes_nothing_is_empty(room: Room) -> None:
    assert not items.set_fields(room.doc, "Edit title", title="Checkout errors")
    assert not items.update_item(room.doc, "Edit owner", "actions", "a1", owner="Sam")
    assert not items.remove_items(room.doc, "Delete", "actions", ["gone"])


def test_update_item_undoes_and_redoes(room: Room) -> None:
    room.do(items.update_item(room.doc, "Edit owner", "actions", "a1", owner="Kim"))
    assert room.doc.find("actions", "a1").owner == "Kim"
    room.undo()
    assert room.doc.find("actions", "a1").owner == "Sam"
    room.redo()
    assert room.doc.find("actions", "a1").owner == "Kim"


def test_one_deadline_for_several_items_is_one_step(room: Room) -> None:
    deadline = date(2026, 5, 1)
    edit = items.update_items(
        room.doc, "Due in two weeks", "actions", ["a1", "a2"], deadline=deadline
    )
    room.do(edit)
    assert [a.deadline for a in room.doc.pm.actions] == [deadline, deadline, None]
    room.undo()
    assert [a.deadline for a in room.doc.pm.actions] == [None, None, None]


def test_add_and_remove_undo_and_redo(room: Room) -> None:
    item = ActionItem("Page the owner on deploy errors", owner="Ana", id="a4")
    room.do(items.add_items(room.doc, "Add action item", "actions", [item]))
    room.do(items.remove_items(room.doc, "Delete action items", "actions", ["a1", "a4"]))
    assert [a.id for a in room.doc.pm.actions] == ["a2", "a3"]
    room.undo()
    assert [a.id for a in room.doc.pm.actions] == ["a1", "a2", "a3", "a4"]
    room.undo()
    assert [a.id for a in room.doc.pm.actions] == ["a1", "a2", "a3"]
    room.redo()
    room.redo()
    assert [a.id for a in room.doc.pm.actions] == ["a2", "a3"]


def test_move_undoes_to_where_it_was(room: Room) -> None:
    room.do(items.move_item(room.doc, "Move up", "actions", "a3", 0))
    assert [a.id for a in room.doc.pm.actions] == ["a3", "a1", "a2"]
    room.undo()
    assert [a.id for a in room.doc.pm.actions] == ["a1", "a2", "a3"]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda doc: items.set_fields(doc, "x", owner="Sam"), "no field owner"),
        (lambda doc: items.update_item(doc, "x", "actions", "gone", owner="S"), "no longer"),
        (lambda doc: items.update_item(doc, "x", "actions", "a1", colour="red"), "colour"),
        (lambda doc: items.add_items(doc, "x", "actions", [ActionItem("Copy", id="a1")]), "already"),
        (lambda doc: items.move_item(doc, "x", "timeline", doc.pm.timeline[0].id, 1), "ordered by time"),
        (lambda doc: items.remove_items(doc, "x", "people", ["a1"]), "no list called people"),
    ],
)  # fmt: skip
def test_an_edit_the_document_cannot_take_is_refused_with_a_reason(
    room: Room, make: Callable[[Document], Edit], reason: str
) -> None:
    with pytest.raises(Refused, match=reason):
        make(room.doc)
    assert not room.doc.dirty
    assert room.changes == []


# -- importing the timeline --------------------------------------------------------------------


def test_an_import_adds_only_new_events_after_the_existing_ones(room: Room) -> None:
    read = [
        event("14:35", "Alert  FIRES"),  # already there: same minute, same words
        event("14:33", "Error rate rises to 34%", 7),
        event("14:35", "On-call paged", 3),
    ]
    edit = timeline.import_timeline(room.doc, read, "alerts.json")
    assert edit.label == "Import 2 events from alerts.json"
    room.do(edit)
    assert room.texts() == [
        "Deploy v2.4.1",
        "Error rate rises to 34%",
        "Alert fires",
        "On-call paged",
    ]
    room.undo()
    assert room.texts() == ["Deploy v2.4.1", "Alert fires"]
    room.redo()
    assert len(room.doc.pm.timeline) == 4
    assert not timeline.import_timeline(room.doc, read, "alerts.json")  # nothing new now


def test_times_without_a_date_belong_to_the_incident_day_in_the_timelines_zone() -> None:
    plus_two = timezone(timedelta(hours=2))
    doc = Document(
        Postmortem(
            started_at=datetime(2026, 4, 15, 23, 30, tzinfo=UTC),
            timeline=[
                TimelineEvent(at=datetime(2026, 4, 16, 1, 32, tzinfo=plus_two), text="Deploy")
            ],
        )
    )
    defaults = timeline.where_times_belong(doc)
    assert defaults.tz == plus_two
    assert defaults.day == date(2026, 4, 16)  # 23:30 UTC is already the 16th in that zone


def test_a_settled_conflict_moves_the_event_in_the_same_step_as_the_import(room: Room) -> None:
    alert = next(e for e in room.doc.pm.timeline if e.text == "Alert fires")
    told = [event("14:50", "Rollback done")]
    edit = timeline.import_timeline(room.doc, told, "2 sheets", moves=[(alert.id, at("14:39"))])
    room.do(edit)
    assert room.texts() == ["Deploy v2.4.1", "Alert fires", "Rollback done"]
    assert room.doc.find("timeline", alert.id).at == at("14:39")
    room.undo()
    assert room.doc.find("timeline", alert.id).at == at("14:35")
    assert room.texts() == ["Deploy v2.4.1", "Alert fires"]
    only = timeline.import_timeline(room.doc, [], "mei.csv", moves=[(alert.id, at("14:39"))])
    assert only.label == "Settle 1 time from mei.csv"


def test_returned_sheets_fold_what_the_timeline_holds(room: Room) -> None:
    told = [event("14:36", "alert fires"), event("14:50", "Rollback done")]
    plan = timeline.plan_import(room.doc, [], told)
    assert [e.text for e in plan.new] == ["Rollback done"]
    assert plan.already == 1


# -- action status and suggestions -------------------------------------------------------------


def test_marking_done_records_the_day_and_undo_reopens(room: Room) -> None:
    room.do(actions.set_action_status(room.doc, "a1", "done", TODAY))
    item = room.doc.find("actions", "a1")
    assert (item.status, item.done_on) == (ActionStatus.DONE, TODAY)
    room.undo()
    assert (item.status, item.done_on) == (ActionStatus.OPEN, None)
    room.redo()
    assert item.status is ActionStatus.DONE


def test_dropping_needs_a_reason_and_keeps_it(room: Room) -> None:
    with pytest.raises(Refused, match="Say why the item is dropped"):
        actions.set_action_status(room.doc, "a2", ActionStatus.DROPPED, TODAY)
    room.do(
        actions.set_action_status(
            room.doc, "a2", ActionStatus.DROPPED, TODAY, "  covered by   the new SLO "
        )
    )
    assert room.doc.find("actions", "a2").dropped_reason == "covered by the new SLO"
    with pytest.raises(Refused, match="Open, In progress, Done or Dropped"):
        actions.set_action_status(room.doc, "a2", "finished", TODAY)


def test_a_suggestion_replaces_the_flagged_phrase(room: Room) -> None:
    room.doc.set_fields(summary="Dave ran the wrong script.")
    finding = Finding(
        0, 4, "person-cause", "blame", "warning", "names a person", "The deploy", "Dave"
    )
    place = TextPlace("", "", "summary")
    room.do(suggestions.apply_suggestion(room.doc, place, finding))
    assert room.doc.pm.summary == "The deploy ran the wrong script."
    room.undo()
    assert room.doc.pm.summary == "Dave ran the wrong script."
    room.doc.set_fields(summary="Someone ran the wrong script.")
    with pytest.raises(Refused, match="no longer there"):
        suggestions.apply_suggestion(room.doc, place, finding)


def test_rewording_one_why_leaves_the_others(room: Room) -> None:
    place = TextPlace("factors", "f1", "whys", 0)
    room.do(suggestions.reword(room.doc, place, "The release window allowed no canary", "Reword"))
    assert room.doc.find("factors", "f1").whys == ["The release window allowed no canary"]
    with pytest.raises(Refused, match="no longer in the factor's chain"):
        suggestions.reword(room.doc, TextPlace("factors", "f1", "whys", 3), "x", "Reword")


def test_marking_several_items_done_is_one_step_and_says_what_went(room: Room) -> None:
    edit, missing = actions.change_items(
        room.doc, "Mark done", ["a1", "gone", "a3"], lambda item: {"status": ActionStatus.DONE}
    )
    assert missing == ["gone"]
    room.do(edit)
    assert [a.status for a in room.doc.pm.actions] == [
        ActionStatus.DONE,
        ActionStatus.OPEN,
        ActionStatus.DONE,
    ]
    room.undo()
    assert {a.status for a in room.doc.pm.actions} == {ActionStatus.OPEN}


# -- people and factors ------------------------------------------------------------------------


def test_one_facilitator_at_most(room: Room) -> None:
    room.do(people.set_facilitator(room.doc, "p2"))
    assert [a.facilitator for a in room.doc.pm.attendees] == [False, True]
    room.undo()
    assert [a.facilitator for a in room.doc.pm.attendees] == [True, False]
    with pytest.raises(Refused, match="no longer on the attendee list"):
        people.set_facilitator(room.doc, "p9")


def test_removing_a_factor_unlinks_its_action_items_and_undo_links_them_again(room: Room) -> None:
    room.do(factors.remove_factor(room.doc, "f1"))
    assert room.doc.pm.factors == []
    assert room.doc.find("actions", "a1").factor_id is None
    room.undo()
    assert [f.id for f in room.doc.pm.factors] == ["f1"]
    assert room.doc.find("actions", "a1").factor_id == "f1"
