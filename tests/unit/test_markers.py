"""A marker names one moment: refused on several events, moved when another event carries it."""

from __future__ import annotations

import pytest

from pmdesk.model import Marker, Postmortem
from pmdesk.operations import markers
from pmdesk.operations.edit import Refused
from tests.unit.test_document import Room, at, event


@pytest.fixture
def room() -> Room:
    timeline = [event("14:32", "Deploy v2.4.1", 0), event("14:35", "Alert fires", 1)]
    timeline.append(event("14:37", "On-call acknowledges", 2))
    timeline[0].marker = Marker.TRIGGER
    return Room(Postmortem(title="Checkout errors", started_at=at("14:32"), timeline=timeline))


def marks(room: Room) -> list[Marker | None]:
    return [e.marker for e in room.doc.pm.timeline]


def test_a_moment_marker_on_several_events_is_refused_with_the_count(room: Room) -> None:
    ids = [e.id for e in room.doc.pm.timeline[1:]]
    with pytest.raises(Refused, match=r"Detection marks one moment .* 2 events are selected"):
        markers.mark_moment(room.doc, ids, Marker.DETECTION)
    assert marks(room) == [Marker.TRIGGER, None, None]


def test_a_marker_moves_to_the_event_chosen_and_undo_puts_it_back(room: Room) -> None:
    alert = room.doc.pm.timeline[1]
    edit = markers.mark_moment(room.doc, [alert.id], Marker.TRIGGER)
    assert edit.label == "Mark as trigger"
    room.do(edit)
    assert marks(room) == [None, Marker.TRIGGER, None]
    room.undo()
    assert marks(room) == [Marker.TRIGGER, None, None]
    assert not markers.mark_moment(room.doc, [room.doc.pm.timeline[0].id], Marker.TRIGGER)


def test_clearing_markers_takes_any_number_of_events(room: Room) -> None:
    room.do(markers.mark_moment(room.doc, [room.doc.pm.timeline[2].id], Marker.ACKNOWLEDGEMENT))
    room.do(markers.mark_moment(room.doc, [e.id for e in room.doc.pm.timeline], None))
    assert marks(room) == [None, None, None]
    room.undo()
    assert marks(room) == [Marker.TRIGGER, None, Marker.ACKNOWLEDGEMENT]
