"""A save writes what it changed in the FTS5 index as one new segment, however many parts it
changed: FTS5 writes out what a transaction has given it whenever a rowid comes lower than the
one before, so the index's writes go in ascending rowid order (search_layout.fts5_write)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command

from pmdesk.document import Document
from pmdesk.model import Factor, Postmortem, Question, TimelineEvent
from pmdesk.search import parse
from pmdesk.storage.engine import alembic_config, open_engine
from pmdesk.storage.location import resolve
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


def _leaf_bytes(repo: Repository) -> tuple[dict[str, object], int]:
    """The index's settings, and its longest leaf in bytes (FTS5 ends a leaf once it holds its
    `pgsz` bytes, its page's footer a few bytes past)."""
    with repo.engine.connect() as connection:
        config = dict(connection.exec_driver_sql("SELECT k, v FROM search_index_config").all())
        longest = connection.exec_driver_sql(
            "SELECT max(length(block)) FROM search_index_data WHERE id > 10"
        ).scalar_one()
    return config, longest


def test_0016_merges_the_index_into_leaves_of_3000_bytes_and_its_downgrade_undoes_it(
    db_path: Path,
) -> None:
    old = open_engine(resolve(str(db_path)), migrate=False)
    with old.begin() as connection:
        command.upgrade(alembic_config(connection), "0015")
    repo = Repository(old)
    ids = [repo.create(_postmortem()) for _ in range(30)]
    doc = Document(repo.load(ids[0]))
    doc.set_fields(notes=f"{doc.pm.notes} Quokka stalled.")
    repo.save(doc.pm, doc.take_dirty())
    queries = ["backlog", '"retries doubled"', "quokka", "sentence 7", "happ*"]
    found = {query: _ids(repo, query) for query in queries}
    with old.begin() as connection:  # one segment, which 'optimize' alone leaves as it is
        connection.exec_driver_sql("INSERT INTO search_index(search_index) VALUES ('optimize')")
    config, longest = _leaf_bytes(repo)
    assert "pgsz" not in config and longest > 3_100
    assert segments(repo) == 1
    repo.close()

    upgraded = Repository(open_engine(resolve(str(db_path))))
    try:
        config, longest = _leaf_bytes(upgraded)
        assert config["pgsz"] == 3_000 and longest < 3_100
        assert segments(upgraded) == 1
        assert {query: _ids(upgraded, query) for query in queries} == found
        _check_integrity(upgraded)
        with upgraded.engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0015")
        config, longest = _leaf_bytes(upgraded)
        assert config["pgsz"] == 4_050 and longest > 3_100
        assert segments(upgraded) == 1
        assert {query: _ids(upgraded, query) for query in queries} == found
        _check_integrity(upgraded)
    finally:
        upgraded.close()
