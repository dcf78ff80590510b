"""After any edits, undos, trashing and restoring, a search for a word planted in any field (the
parking lot and the open questions too) finds exactly the postmortems that hold it: on SQLite
and on a real PostgreSQL server."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pmdesk.document import Document
from pmdesk.facilitation import ParkedItem, RoundRobin
from pmdesk.model import (
    ActionItem,
    CapturedFinding,
    Factor,
    Postmortem,
    Question,
    TimelineEvent,
)
from pmdesk.search import parse, words_of
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository

WORDS = ("quokka", "zeppelin", "marmalade")
BASE = "the deploy went out and errors rose"
# Notes run long: indexed in chunks, the word planted in one between many others.
NOTES_AROUND = " ".join(f"{BASE} at {n}." for n in range(12))
START = datetime(2026, 4, 15, 14, 0, tzinfo=UTC)

# Where a word can be planted: a top-level field, or a field of the first item of a collection.
FIELDS = ("title", "summary", "lessons", "notes", "services", "tags")
ITEM_FIELDS = (
    ("timeline", "text"),
    ("timeline", "seen"),
    ("timeline", "believed"),
    ("timeline", "done_next"),
    ("findings", "text"),
    ("factors", "text"),
    ("factors", "whys"),
    ("actions", "description"),
    ("actions", "dropped_reason"),
)
# In the facilitation record: a parked point, an open question.
FACILITATION = ("parked", "questions")
PLACES = [*FIELDS, *ITEM_FIELDS, *FACILITATION, "new event"]


def _value(place: Any, word: str | None) -> Any:
    text = f"{BASE} {word}." if word else BASE
    if place in ("services", "tags") or place == ("factors", "whys"):
        return [word or "checkout"]
    if place == "notes":
        return f"{NOTES_AROUND}\n{text}\n{NOTES_AROUND}"
    return text


def _fresh(word: str | None, place: Any) -> Postmortem:
    pm = Postmortem(
        title="Checkout outage",
        started_at=START,
        timeline=[TimelineEvent(at=START, text=BASE)],
        findings=[CapturedFinding(text=BASE)],
        factors=[Factor(question=Question.RISKY, text=BASE, whys=[BASE])],
        actions=[ActionItem(description=BASE)],
    )
    if word is not None:
        doc = Document(pm)
        _plant(doc, place, word)
    return pm


def _plant(doc: Document, place: Any, word: str | None) -> Callable[[], None]:
    """Set the place's text (with the word, or without any); returns how to undo it."""
    if place in FACILITATION:
        record = copy.deepcopy(doc.pm.facilitation)
        if place == "parked":
            record.parking_lot = [ParkedItem("kept"), ParkedItem(_value(place, word))]
        else:
            record.open_questions = [_value(place, word)]
        old = doc.set_fields(facilitation=record)
        return lambda: doc.set_fields(**old) and None
    if place == "new event":
        event = TimelineEvent(at=START + timedelta(minutes=5), text=_value(place, word))
        doc.insert_items("timeline", [event])
        return lambda: doc.remove_items("timeline", [event.id]) and None
    if isinstance(place, str):
        old = doc.set_fields(**{place: _value(place, word)})
        return lambda: doc.set_fields(**old) and None
    collection, name = place
    items = doc.items(collection)
    if not items:  # its items were all removed: put one back
        removed = _fresh(None, None)
        doc.insert_items(collection, [getattr(removed, collection)[0]])
        items = doc.items(collection)
    item_id = items[0].id
    old = doc.update_item(collection, item_id, **{name: _value(place, word)})
    return lambda: doc.update_item(collection, item_id, **old) and None


def _holds(pm: Postmortem, word: str) -> bool:
    """The word is in a field of the postmortem, as the facilitator would see it."""
    texts = [pm.title, pm.summary, pm.lessons, pm.notes, *pm.services, *pm.tags]
    for event in pm.timeline:
        texts += [event.text, event.seen, event.believed, event.done_next]
    texts += [f.text for f in pm.findings]
    for factor in pm.factors:
        texts += [factor.text, *factor.whys]
    for action in pm.actions:
        texts += [action.description, action.dropped_reason]
    texts += [p.text for p in pm.facilitation.parking_lot] + pm.facilitation.open_questions
    return any(word in words_of(text) for text in texts)


_place = st.sampled_from(PLACES)
_word = st.sampled_from(WORDS)
_operation = st.one_of(
    st.tuples(st.just("create"), _place, st.none() | _word),
    st.tuples(st.just("plant"), st.integers(0, 5), _place, _word),
    st.tuples(st.just("clear"), st.integers(0, 5), _place),
    st.tuples(st.just("remove events"), st.integers(0, 5)),
    st.tuples(st.just("round robin"), st.integers(0, 5)),
    st.tuples(st.just("undo"), st.integers(0, 5)),
    st.tuples(st.just("trash"), st.integers(0, 5)),
    st.tuples(st.just("restore"), st.integers(0, 5)),
)
_operations = st.lists(_operation, min_size=1, max_size=14)
# Always tried: words in the parking lot and the open questions, changed and undone around a
# save of the round robins alone.
PARKED = [
    ("create", "parked", "quokka"),
    ("plant", 0, "questions", "zeppelin"),
    ("round robin", 0),
    ("clear", 0, "parked"),
    ("undo", 0),
    ("undo", 0),
]


def _run(repo: Repository, operations: list[tuple[Any, ...]]) -> None:
    docs: list[Document] = []
    undo: dict[int, list[Callable[[], None]]] = {}
    trashed: set[int] = set()
    for operation in operations:
        kind = operation[0]
        if kind == "create":
            doc = Document(_fresh(operation[2], operation[1]))
            repo.create(doc.pm)
            doc.take_dirty()
            docs.append(doc)
            continue
        if not docs:
            continue
        index = operation[1] % len(docs)
        doc = docs[index]
        assert doc.pm.id is not None
        if kind in ("plant", "clear"):
            word = operation[3] if kind == "plant" else None
            undo.setdefault(index, []).append(_plant(doc, operation[2], word))
        elif kind == "remove events":
            events, _positions = doc.remove_items("timeline", [e.id for e in doc.pm.timeline])
            undo.setdefault(index, []).append(lambda d=doc, e=events: d.insert_items("timeline", e))
        elif kind == "round robin":  # facilitation changed, none of its text
            record = copy.deepcopy(doc.pm.facilitation)
            record.round_robins = [RoundRobin("timeline", [f"p{len(record.round_robins)}"])]
            old = doc.set_fields(facilitation=record)
            undo.setdefault(index, []).append(lambda d=doc, o=old: d.set_fields(**o) and None)
        elif kind == "undo" and undo.get(index):
            undo[index].pop()()
        elif kind == "trash":
            repo.trash(doc.pm.id)
            trashed.add(doc.pm.id)
        elif kind == "restore":
            repo.restore(doc.pm.id)
            trashed.discard(doc.pm.id)
        repo.save(doc.pm, doc.take_dirty())

    mine = {doc.pm.id for doc in docs}
    for word in WORDS:
        holding = {doc.pm.id for doc in docs if _holds(doc.pm, word)}
        for query in (word, f"{word[:4]}*"):
            found = {h.entry.id for h in repo.search(parse(query)).hits} & mine
            assert found == holding - trashed, (query, operations)
            in_trash = {h.entry.id for h in repo.search(parse(query), trash=True).hits} & mine
            assert in_trash == holding & trashed, (query, operations)


@pytest.fixture(scope="module")
def sqlite_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repository]:
    path = tmp_path_factory.mktemp("search") / "pmdesk.sqlite3"
    repo = Repository(open_engine(resolve(str(path))))
    yield repo
    repo.close()


@pytest.fixture(scope="module")
def postgres_repo(pg_url: str) -> Iterator[Repository]:
    repo = Repository(open_engine(resolve(pg_url)))
    yield repo
    repo.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=_operations)
@example(operations=PARKED)
def test_a_planted_word_finds_exactly_its_postmortems(
    sqlite_repo: Repository, operations: list[tuple[Any, ...]]
) -> None:
    _run(sqlite_repo, operations)


@pytest.mark.postgres
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=_operations)
@example(operations=PARKED)
def test_a_planted_word_finds_exactly_its_postmortems_on_postgresql(
    postgres_repo: Repository, operations: list[tuple[Any, ...]]
) -> None:
    _run(postgres_repo, operations)
