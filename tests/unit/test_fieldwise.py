"""Fieldwise classes compare, show and hash exactly as the methods @dataclass writes."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import pytest

from pmdesk.fieldwise import Fieldwise, FrozenFieldwise
from pmdesk.model import Attendee, Postmortem, RelatedLink, Severity, SeverityLevel


def written() -> tuple[type, type]:
    @dataclass
    class Item:
        name: str
        tags: list[str] = field(default_factory=list)
        note: str = field(default="", compare=False, repr=False)
        parent: object = None

    @dataclass(frozen=True)
    class Key:
        a: int
        b: float = 0.0
        c: str = field(default="", hash=False)

    return Item, Key


def shared() -> tuple[type, type]:
    @dataclass(repr=False, eq=False)
    class Item(Fieldwise):
        name: str
        tags: list[str] = field(default_factory=list)
        note: str = field(default="", compare=False, repr=False)
        parent: object = None

    @dataclass(frozen=True, repr=False, eq=False)
    class Key(FrozenFieldwise):
        a: int
        b: float = 0.0
        c: str = field(default="", hash=False)

    return Item, Key


@pytest.mark.parametrize("make", [written, shared], ids=["@dataclass", "Fieldwise"])
def test_the_same_answers_as_dataclass_methods(make) -> None:  # type: ignore[no-untyped-def]
    Item, Key = make()
    first = Item("deploy", ["ci"], note="left out")
    assert first == Item("deploy", ["ci"], note="not compared")
    assert first != Item("deploy", ["cd"])
    assert first.__eq__(("deploy", ["ci"], None)) is NotImplemented
    shown = f"{make.__name__}.<locals>.Item(name='deploy', tags=['ci'], parent=None)"
    assert repr(first) == shown  # the note is left out, as its field says
    first.parent = first
    assert repr(first).endswith("parent=...)")  # itself, not endless
    with pytest.raises(TypeError):
        hash(first)
    nan = math.nan
    assert Key(1, nan) == Key(1, nan)  # the same object compares equal inside a tuple
    assert Key(1, 2.0, "x") == Key(1, 2.0, "x") and Key(1, 2.0, "x") != Key(1, 2.0, "y")
    assert hash(Key(1, 2.0, "x")) == hash(Key(1, 2.0, "y")) == hash((1, 2.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        Key(1).a = 2  # type: ignore[misc]


def test_model_values_compare_and_show_by_their_fields() -> None:
    severity = Severity(SeverityLevel.SEV1, customer_facing=True)
    assert severity == dataclasses.replace(
        Severity(), level=SeverityLevel.SEV1, customer_facing=True
    )
    assert repr(severity) == (
        "Severity(level=<SeverityLevel.SEV1: 'SEV1'>, customer_facing=True, "
        "revenue_impact=False, data_loss=False)"
    )
    ann = Attendee("Ann", id="a1")
    assert ann == Attendee("Ann", id="a1") and ann != Attendee("Ann", id="a2")
    pm = Postmortem(title="Payment outage")
    assert pm == dataclasses.replace(pm) and pm != dataclasses.replace(pm, title="Other")
    assert {RelatedLink(3, "Earlier outage"), RelatedLink(3, "Earlier outage")} == {
        RelatedLink(3, "Earlier outage")
    }


def test_a_deep_copy_is_equal_and_shares_nothing_that_can_change() -> None:
    import copy
    from datetime import UTC, datetime

    from pmdesk.model import Factor, Question, TimelineEvent

    Item, _ = shared()
    tags = ["db"]
    item = Item("pool", tags=tags, note="kept", parent=Item("outer", tags=tags))
    twin = copy.deepcopy(item)
    assert twin == item and twin.note == "kept" and twin is not item
    assert twin.tags is not tags and twin.parent.tags is twin.tags  # shared once, copied once
    twin.tags.append("cache")
    assert item.tags == ["db"]
    factor = Factor(Question.RISKY, "No canary", whys=["rushed"], event_ids=["e1"])
    event = TimelineEvent(at=datetime(2026, 4, 15, 14, 32, tzinfo=UTC), text="Deploy")
    pm = Postmortem(title="Outage", timeline=[event], factors=[factor])
    copied = copy.deepcopy(pm)
    assert copied == pm
    assert copied.timeline[0] is not event and copied.factors[0].whys is not factor.whys
    copied.factors[0].whys.append("no review")
    copied.timeline[0].text = "Rollback"
    assert factor.whys == ["rushed"] and event.text == "Deploy"


def test_a_class_with_slots_deep_copies_too() -> None:
    import copy

    @dataclass(repr=False, eq=False, slots=True)
    class Step(Fieldwise):
        name: str
        tags: list[str] = field(default_factory=list)

    step = Step("deploy", ["db"])
    twin = copy.deepcopy(step)
    assert twin == step and twin.tags is not step.tags
