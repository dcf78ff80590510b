"""A long timeline (thousands of imported events) through the edits a facilitator makes on it.

Batches are one change: shifting every time re-sorts once and tells the screens once, and the
undo puts every time and every event back exactly. The order is always time, then entry order
(seq), whichever way the document got there (one event moved by bisection, many by a sort).
"""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime, timedelta

import pytest

from pmdesk.document import Change, Document
from pmdesk.model import Factor, Postmortem, Question, TimelineEvent
from pmdesk.operations import timeline
from pmdesk.operations.edit import Edit, UpdateItem

START = datetime(2026, 4, 15, 14, 0, tzinfo=UTC)


def long_timeline(count: int, *, same_minute_every: int = 7) -> list[TimelineEvent]:
    """Events written out of order, many sharing a minute (only their entry order tells them
    apart)."""
    rng = random.Random(count)
    return [
        TimelineEvent(
            at=START + timedelta(minutes=rng.randrange(count // same_minute_every + 1)),
            text=f"event {n}",
            seq=n,
        )
        for n in rng.sample(range(count), count)
    ]


def in_time_order(events: list[TimelineEvent]) -> list[str]:
    return [e.id for e in sorted(events, key=lambda e: (e.at, e.seq))]


def ids(doc: Document) -> list[str]:
    return [e.id for e in doc.pm.timeline]


def test_a_long_timeline_opens_in_time_order_with_ties_in_entry_order() -> None:
    events = long_timeline(500)
    doc = Document(Postmortem(timeline=list(events)))
    assert ids(doc) == in_time_order(events)
    seqs_at = [(e.at, e.seq) for e in doc.pm.timeline]
    assert seqs_at == sorted(seqs_at)


def test_shifting_every_time_is_one_change_and_undo_puts_back_every_time() -> None:
    doc = Document(Postmortem(timeline=long_timeline(2000)))
    before = [(e.id, e.at, e.seq) for e in doc.pm.timeline]
    changes: list[Change] = []
    doc.subscribe(changes.append)

    edit = timeline.shift_events(doc, ids(doc), timedelta(minutes=5))
    assert edit.label == "Shift 2000 events by +5 min"
    edit.apply(doc)

    assert [(e.id, e.at, e.seq) for e in doc.pm.timeline] == [
        (i, at + timedelta(minutes=5), seq) for i, at, seq in before
    ]
    assert len(changes) == 1  # the screens refresh once, not once per event
    (change,) = changes
    assert (change.action, change.fields) == ("update", ("at",))
    assert sorted(change.ids) == sorted(i for i, _, _ in before)
    assert doc.dirty.items["timeline"] == {i for i, _, _ in before}

    edit.revert(doc)
    assert [(e.id, e.at, e.seq) for e in doc.pm.timeline] == before
    assert len(changes) == 2
    edit.apply(doc)  # redo
    assert [e.at for e in doc.pm.timeline] == [at + timedelta(minutes=5) for _, at, _ in before]


def test_shifting_some_events_lets_them_pass_others_in_time_order() -> None:
    doc = Document(Postmortem(timeline=long_timeline(300)))
    original = copy.deepcopy(doc.pm.timeline)
    moving = ids(doc)[::3]
    edit = timeline.shift_events(doc, moving, timedelta(minutes=-7))
    edit.apply(doc)
    assert ids(doc) == in_time_order(doc.pm.timeline)
    shifted = {e.id: e.at for e in doc.pm.timeline}
    for event in original:
        expected = event.at - timedelta(minutes=7) if event.id in moving else event.at
        assert shifted[event.id] == expected
    edit.revert(doc)
    assert doc.pm.timeline == original


def test_a_shift_by_nothing_or_of_no_event_changes_nothing() -> None:
    doc = Document(Postmortem(timeline=long_timeline(10)))
    assert not timeline.shift_events(doc, ids(doc), timedelta(0))
    assert not timeline.shift_events(doc, ["gone"], timedelta(minutes=5))
    assert timeline.shift_events(doc, ids(doc)[:1], -timedelta(hours=1)).label == (
        "Shift 1 event by -1 h 00 min"
    )


@pytest.mark.parametrize("count", [20, 400])  # below and above where one event is bisected in
def test_any_mix_of_edits_keeps_time_order_and_undo_is_exact(count: int) -> None:
    rng = random.Random(count)
    doc = Document(Postmortem(timeline=long_timeline(count)))
    history: list[tuple[Edit, list[TimelineEvent]]] = []
    for _ in range(80):
        before = copy.deepcopy(doc.pm.timeline)
        events = doc.pm.timeline
        kind = rng.randrange(5)
        if kind == 0:  # one event to a new time, often the minute of another (a tie)
            event, other = rng.choice(events), rng.choice(events)
            at = (
                other.at
                if rng.random() < 0.5
                else event.at + timedelta(minutes=rng.randint(-90, 90))
            )
            edit = Edit("Change time", [UpdateItem("timeline", event.id, {"at": at})])
        elif kind == 1:
            chosen = rng.sample([e.id for e in events], rng.randint(2, len(events)))
            edit = timeline.shift_events(doc, chosen, timedelta(minutes=rng.randint(-30, 30)))
        elif kind == 2:
            added = [
                TimelineEvent(at=rng.choice(events).at, text=f"added {n}", seq=-1)
                for n in range(rng.choice([1, 2, 40]))
            ]
            edit = timeline.add_events(doc, added)
        elif kind == 3 and len(events) > 5:
            edit = timeline.remove_events(doc, rng.sample([e.id for e in events], 3))
        else:
            event = rng.choice(events)
            edit = Edit("Change", [UpdateItem("timeline", event.id, {"text": "reworded"})])
        edit.apply(doc)
        assert ids(doc) == in_time_order(doc.pm.timeline)
        for position, event in enumerate(doc.pm.timeline):
            assert doc.index_of("timeline", event.id) == position
            assert doc.find("timeline", event.id) is event
        history.append((edit, before))
    for edit, before in reversed(history):
        edit.revert(doc)
        assert doc.pm.timeline == before  # every time, text and seq, in the same order


def test_updates_to_the_same_event_in_one_edit_undo_to_the_first_value() -> None:
    doc = Document(Postmortem(timeline=long_timeline(100)))
    first = doc.pm.timeline[0]
    was, text = first.at, first.text
    edit = Edit(
        "Twice",
        [
            UpdateItem("timeline", first.id, {"at": was + timedelta(hours=1)}),
            UpdateItem("timeline", first.id, {"at": was + timedelta(hours=2), "text": "moved"}),
        ],
    )
    edit.apply(doc)
    assert doc.find("timeline", first.id).at == was + timedelta(hours=2)
    assert ids(doc) == in_time_order(doc.pm.timeline)
    edit.revert(doc)
    assert (doc.pm.timeline[0].id, first.at, first.text) == (first.id, was, text)


def test_an_update_the_document_refuses_leaves_the_whole_batch_undone() -> None:
    doc = Document(Postmortem(timeline=long_timeline(10)))
    before = copy.deepcopy(doc.pm.timeline)
    steps = [UpdateItem("timeline", e.id, {"at": e.at + timedelta(minutes=1)}) for e in before]
    steps.append(UpdateItem("timeline", "gone", {"at": START}))
    with pytest.raises(KeyError, match="gone"):
        Edit("Shift", steps).apply(doc)
    assert doc.pm.timeline == before
    assert not doc.dirty


def test_deleting_many_events_unlinks_factors_once_and_undo_restores_them() -> None:
    events = long_timeline(1000)
    cited = [e.id for e in events[:10]]
    factor = Factor(Question.RISKY, "No canary", event_ids=list(cited), id="f1")
    doc = Document(Postmortem(timeline=events, factors=[factor]))
    before = copy.deepcopy(doc.pm)
    doomed = ids(doc)[100:600]
    edit = timeline.remove_events(doc, doomed)
    edit.apply(doc)
    assert len(doc.pm.timeline) == 500
    assert set(doc.pm.factors[0].event_ids) == set(cited) - set(doomed)
    edit.revert(doc)
    assert doc.pm == before
    edit.apply(doc)
    assert [e.id for e in doc.pm.timeline] == [i for i in ids(Document(before)) if i not in doomed]


def test_a_list_changed_behind_the_documents_back_is_still_found() -> None:
    doc = Document(Postmortem(timeline=long_timeline(50)))
    doc.index_of("timeline", doc.pm.timeline[10].id)  # positions known
    doc.pm.timeline.reverse()
    for position, event in enumerate(doc.pm.timeline):
        assert doc.index_of("timeline", event.id) == position
    stray = TimelineEvent(at=START, text="appended by hand")
    doc.pm.timeline.append(stray)
    assert doc.find("timeline", stray.id) is stray
    with pytest.raises(KeyError, match="no item 'nope' in timeline"):
        doc.find("timeline", "nope")
