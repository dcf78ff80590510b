"""A save writes what it changed in the FTS5 index as one new segment, however many parts it
changed: FTS5 writes out what a transaction has given it whenever a rowid comes lower than the
one before, so the index's writes go in ascending rowid order (search_layout.fts5_write)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pmdesk.document import Document
from pmdesk.model import Factor, Postmortem, Question, TimelineEvent
from pmdesk.search import parse
from pmdesk.storage.repository import Repository
from pmdesk.storage.search_layout import FTS5_STRUCTURE, fts5_levels

START = datetime(2026, 4, 15, 14, 0, tzinfo=UTC)


def segments(repo: Repository) -> int:
    """How many segments the FTS5 index has."""
    with repo.engine.connect() as connection:
        record = connection.exec_driver_sql(FTS5_STRUCTURE).scalar_one()
    return sum(fts5_levels(record))


def _check_integrity(repo: Repository) -> None:
    with repo.engine.connect() as connection:
        connection.exec_driver_sql(
            "INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)"
        )


def _ids(repo: Repository, text: str, **options: object) -> list[int]:
    return [hit.entry.id for hit in repo.search(parse(text), **options).hits]  # type: ignore[arg-type]


def _postmortem() -> Postmortem:
    events = [
        TimelineEvent(at=START + timedelta(minutes=n), text=f"Event {n} happened") for n in range(6)
    ]
    notes = " ".join(f"Sentence {n} of the running notes goes on a while." for n in range(40))
    return Postmortem(
        title="Queue backlog",
        started_at=START,
        summary="The queue grew.",
        timeline=events,
        factors=[Factor(question=Question.RISKY, text="Retries doubled the load")],
        notes=notes,
    )


def test_creating_a_postmortem_writes_one_segment(repo: Repository) -> None:
    before = segments(repo)
    pm_id = repo.create(_postmortem())
    assert segments(repo) == before + 1
    assert _ids(repo, "backlog") == [pm_id]
    _check_integrity(repo)


def test_a_save_of_many_parts_writes_one_segment(repo: Repository) -> None:
    doc = Document(repo.load(repo.create(_postmortem())))
    before = segments(repo)
    events = [event.id for event in doc.pm.timeline]
    for n, event_id in enumerate(reversed(events[1:5])):
        doc.update_item("timeline", event_id, text=f"Pager {n} went quiet")
    doc.set_fields(
        title="Queue backlog and quokka",
        notes=f"Zeppelin first. {doc.pm.notes} Marmalade at the end.",
    )
    repo.save(doc.pm, doc.take_dirty())
    assert segments(repo) == before + 1
    assert _ids(repo, "pager") == _ids(repo, "quokka zeppelin marmalade") == [doc.pm.id]
    assert _ids(repo, '"event 1 happened"') == []
    _check_integrity(repo)


def test_emptying_the_trash_of_postmortems_writes_one_segment(repo: Repository) -> None:
    ids = [repo.create(_postmortem()) for _ in range(3)]
    for pm_id in ids:
        repo.trash(pm_id)
    before = segments(repo)
    repo.empty_trash()
    assert segments(repo) == before + 1
    assert _ids(repo, "backlog", trash=True) == []
    _check_integrity(repo)
