"""The three-way merge of two edited copies of one postmortem: nothing either side wrote is lost."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pmdesk.collab.merge import Conflict, merge3, settle
from pmdesk.model import ActionItem, Attendee, Postmortem, TimelineEvent

T0 = datetime(2026, 4, 15, 14, 30, tzinfo=UTC)


def _base() -> Postmortem:
    return Postmortem(
        title="Payment service outage",
        summary="Checkout failed for 12 minutes.",
        lessons="",
        attendees=[Attendee("Ana", id="a1"), Attendee("Sam", id="a2")],
        timeline=[
            TimelineEvent(T0, "Deploy of payment-service v2.4.1", seq=0, id="e1"),
            TimelineEvent(T0 + timedelta(minutes=1), "error rate 0.1% -> 34%", seq=1, id="e2"),
            TimelineEvent(T0 + timedelta(minutes=3), "alert fires", seq=2, id="e3"),
        ],
        actions=[ActionItem("Add a P99 latency alert", owner="Sam", id="x1")],
    )


# -- hand-picked cases --------------------------------------------------------------------------


def test_different_fields_merge_without_conflict() -> None:
    base = _base()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.summary = "Checkout failed for 12 minutes; 3% of orders lost."
    theirs.title = "Payment outage - April 15"
    merged, conflicts = merge3(base, mine, theirs)
    assert conflicts == []
    assert merged.summary == mine.summary
    assert merged.title == theirs.title


def test_same_field_changed_differently_is_a_conflict_that_keeps_theirs() -> None:
    base = _base()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.summary = "mine"
    theirs.summary = "theirs"
    merged, conflicts = merge3(base, mine, theirs)
    assert conflicts == [Conflict(None, None, "summary", base.summary, "mine", "theirs")]
    assert merged.summary == "theirs"
    settle(merged, conflicts[0], "mine and theirs")
    assert merged.summary == "mine and theirs"


def test_same_change_on_both_sides_is_no_conflict() -> None:
    base = _base()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.timeline[0].text = theirs.timeline[0].text = "Deploy v2.4.1 (canary skipped)"
    merged, conflicts = merge3(base, mine, theirs)
    assert conflicts == []
    assert merged.timeline[0].text == "Deploy v2.4.1 (canary skipped)"


def test_one_event_edited_in_different_fields_keeps_both_edits() -> None:
    base = _base()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.timeline[1].seen = "The dashboard looked normal"
    theirs.timeline[1].text = "error rate 0.1% -> 34% on checkout"
    merged, conflicts = merge3(base, mine, theirs)
    assert conflicts == []
    event = next(e for e in merged.timeline if e.id == "e2")
    assert (event.seen, event.text) == ("The dashboard looked normal", theirs.timeline[1].text)


def test_event_deleted_by_one_and_edited_by_the_other_is_a_conflict() -> None:
    base = _base()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.timeline[2].text = "alert fires (paged the on-call)"
    del theirs.timeline[2]
    merged, conflicts = merge3(base, mine, theirs)
    assert len(conflicts) == 1 and conflicts[0].removal
    assert conflicts[0].theirs is None and conflicts[0].mine.text.endswith("on-call)")
    assert "e3" not in {e.id for e in merged.timeline}  # theirs until settled
    settle(merged, conflicts[0], conflicts[0].mine)
    assert "alert fires (paged the on-call)" in {e.text for e in merged.timeline}


def test_event_deleted_by_one_and_untouched_by_the_other_goes() -> None:
    base = _base()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    del mine.timeline[0]
    theirs.title = "changed elsewhere"
    merged, conflicts = merge3(base, mine, theirs)
    assert conflicts == []
    assert [e.id for e in merged.timeline] == ["e2", "e3"]


def test_events_added_on_both_sides_are_kept_with_distinct_entry_numbers() -> None:
    base = _base()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    at = T0 + timedelta(minutes=5)
    mine.timeline.append(TimelineEvent(at, "on-call acknowledges", seq=3, id="m1"))
    theirs.timeline.append(TimelineEvent(at, "rollback started", seq=3, id="t1"))
    merged, conflicts = merge3(base, mine, theirs)
    assert conflicts == []
    seqs = [e.seq for e in merged.timeline]
    assert len(set(seqs)) == len(seqs) == 5
    stored = next(e for e in merged.timeline if e.id == "t1")
    assert stored.seq == 3  # the one already stored keeps its number
    assert [e.text for e in merged.timeline][-2:] == ["rollback started", "on-call acknowledges"]


def test_an_attendee_moved_by_mine_stays_moved() -> None:
    base = _base()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.attendees.reverse()
    theirs.attendees.append(Attendee("Kim", id="a3"))
    merged, conflicts = merge3(base, mine, theirs)
    assert conflicts == []
    assert [a.name for a in merged.attendees] == ["Sam", "Ana", "Kim"]


# -- properties ---------------------------------------------------------------------------------

TEXT = st.text(alphabet="abc xyz", max_size=6)
FIELD_EDITS = st.dictionaries(st.sampled_from(["title", "summary", "lessons", "notes"]), TEXT)
EVENT_FIELDS = st.sampled_from(["text", "seen", "believed", "done_next"])


@st.composite
def edits(draw: Any) -> dict[str, Any]:
    """One side's edits to the base: fields, event edits by id, removals and additions."""
    return {
        "fields": draw(FIELD_EDITS),
        "events": draw(
            st.dictionaries(st.sampled_from(["e1", "e2", "e3"]), st.tuples(EVENT_FIELDS, TEXT))
        ),
        "removed": draw(st.sets(st.sampled_from(["e1", "e2", "e3"]))),
        "added": draw(st.integers(min_value=0, max_value=2)),
    }


def _apply(base: Postmortem, change: dict[str, Any], side: str) -> Postmortem:
    pm = copy.deepcopy(base)
    for name, value in change["fields"].items():
        setattr(pm, name, value)
    for event in pm.timeline:
        if event.id in change["events"]:
            name, value = change["events"][event.id]
            setattr(event, name, value)
    pm.timeline = [e for e in pm.timeline if e.id not in change["removed"]]
    top = max((e.seq for e in base.timeline), default=-1)
    for n in range(change["added"]):
        pm.timeline.append(TimelineEvent(T0, f"{side} {n}", seq=top + 1 + n, id=f"{side}{n}"))
    return pm


def _changed(base: Any, side: Any) -> bool:
    return bool(base != side)


@settings(max_examples=300, deadline=None)
@given(edits(), edits())
def test_merge_loses_nothing_and_reports_every_clash(a: dict[str, Any], b: dict[str, Any]) -> None:
    base = _base()
    mine, theirs = _apply(base, a, "m"), _apply(base, b, "t")
    merged, conflicts = merge3(base, mine, theirs)
    clashes = {(c.collection, c.item_id, c.field) for c in conflicts}

    for name in ("title", "summary", "lessons", "notes"):
        b_v, m_v, t_v = (getattr(p, name) for p in (base, mine, theirs))
        if m_v != b_v and t_v != b_v and m_v != t_v:
            assert (None, None, name) in clashes
            assert getattr(merged, name) == t_v
        elif m_v != b_v:
            assert getattr(merged, name) == m_v
        else:
            assert getattr(merged, name) == t_v

    merged_events = {e.id: e for e in merged.timeline}
    for n in range(a["added"]):
        assert merged_events[f"m{n}"].text == f"m {n}"
    for n in range(b["added"]):
        assert merged_events[f"t{n}"].text == f"t {n}"
    for event in base.timeline:
        m_e = next((e for e in mine.timeline if e.id == event.id), None)
        t_e = next((e for e in theirs.timeline if e.id == event.id), None)
        if m_e is None or t_e is None:
            other = t_e if m_e is None else m_e
            if other is not None and other != event:
                assert ("timeline", event.id, "") in clashes
            else:
                assert event.id not in merged_events
            continue
        for name in ("text", "seen", "believed", "done_next"):
            b_v, m_v, t_v = getattr(event, name), getattr(m_e, name), getattr(t_e, name)
            got = getattr(merged_events[event.id], name)
            if m_v != b_v and t_v != b_v and m_v != t_v:
                assert ("timeline", event.id, name) in clashes and got == t_v
            else:
                assert got == (m_v if m_v != b_v else t_v)

    seqs = [e.seq for e in merged.timeline]
    assert len(seqs) == len(set(seqs))
    # Every conflict holds both sides' values: settling it either way loses nothing written.
    for c in conflicts:
        assert c.mine is not None or c.theirs is not None


@settings(max_examples=200, deadline=None)
@given(edits(), edits())
def test_clashes_are_the_same_whichever_side_saves_first(
    a: dict[str, Any], b: dict[str, Any]
) -> None:
    base = _base()
    mine, theirs = _apply(base, a, "m"), _apply(base, b, "t")
    _, one = merge3(base, mine, theirs)
    _, other = merge3(base, theirs, mine)
    assert {(c.collection, c.item_id, c.field) for c in one} == {
        (c.collection, c.item_id, c.field) for c in other
    }


@settings(max_examples=200, deadline=None)
@given(edits())
def test_merging_with_an_unchanged_side_gives_the_changed_side(a: dict[str, Any]) -> None:
    base = _base()
    edited = _apply(base, a, "m")
    edited.timeline.sort(key=lambda e: (e.at, e.seq))
    for merged, conflicts in (merge3(base, edited, base), merge3(base, base, edited)):
        assert conflicts == []
        assert merged == edited
    merged, conflicts = merge3(base, edited, copy.deepcopy(edited))
    assert conflicts == [] and merged.summary == edited.summary


def _order_one_insert_at_a_time(base: list[str], mine: list[str], theirs: list[str]) -> list[str]:
    """The merged order as first written (each added item looked up and inserted on its own):
    what the one-pass order must give, on lists short enough for it."""
    in_base = set(base)
    theirs_shared = [i for i in theirs if i in in_base]
    base_in_theirs = [i for i in base if i in set(theirs_shared)]
    leading = mine if theirs_shared == base_in_theirs else theirs
    other = theirs if leading is mine else mine
    order = list(leading)
    placed = set(order)
    last_shared = max((n for n, i in enumerate(other) if i in placed), default=-1)
    for index, item_id in enumerate(other):
        if item_id in placed:
            continue
        if index > last_shared:
            order.append(item_id)
        else:
            before = next((other[j] for j in range(index - 1, -1, -1) if other[j] in placed), None)
            order.insert(0 if before is None else order.index(before) + 1, item_id)
        placed.add(item_id)
    order.extend(i for i in base if i not in placed)
    return order


@given(st.data())
@settings(max_examples=300, deadline=None)
def test_the_merged_order_is_the_one_each_added_item_would_get_alone(data: Any) -> None:
    from pmdesk.collab.merge import _order

    base = [f"b{n}" for n in range(data.draw(st.integers(0, 8)))]

    def side(name: str) -> list[str]:
        kept = data.draw(st.permutations(base))
        kept = [i for i in kept if data.draw(st.booleans()) or len(base) < 2]
        if data.draw(st.booleans()):
            kept = [i for i in base if i in kept]  # unchanged order, some removed
        for n in range(data.draw(st.integers(0, 4))):
            kept.insert(data.draw(st.integers(0, len(kept))), f"{name}{n}")
        return kept

    mine, theirs = side("m"), side("t")

    class Item:
        def __init__(self, item_id: str) -> None:
            self.id = item_id

    merged = _order([Item(i) for i in base], [Item(i) for i in mine], [Item(i) for i in theirs])
    assert merged == _order_one_insert_at_a_time(base, mine, theirs)
