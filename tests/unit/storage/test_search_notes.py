"""Long notes, indexed in chunks on SQLite: found, ranked and shown exactly as notes held whole,
through every kind of edit a meeting makes to them."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmdesk.document import Document
from pmdesk.model import Postmortem
from pmdesk.search import parse, words_of
from pmdesk.storage import search_index, search_layout
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from pmdesk.storage.search_chunks import OVERLAP_WORDS, chunks
from tests.support.library.search import sentence

START = datetime(2026, 4, 15, 14, 0, tzinfo=UTC)
# A passage pasted whole, longer than any chunk: a phrase search for it runs across chunks.
PASSAGE = (
    "Quokka rollback stalled. The canary held. Zeppelin pager noticed the backlog. "
    "Marmalade replica lagged behind the primary for an hour while the queue grew. "
    "Nobody paged. The dashboard looked normal. Retries doubled the load. "
    "The runbook named a host that was gone. Failover came late."
)
LONG_PHRASE = '"' + " ".join(words_of(PASSAGE)) + '"'
QUERIES = [
    "quokka",
    "zeppelin marmalade",
    '"quokka zeppelin"',  # a phrase that runs from one sentence into the next
    "marm*",
    "the",  # in every postmortem
    "alert latency",
    '"rollback canary"',
    "kalomi",
    LONG_PHRASE,
    f"{LONG_PHRASE} alert",
    '"the canary held zeppelin pager noticed the backlog marmalade replica lagged"',
]


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    repository = Repository(open_engine(resolve(str(tmp_path / "pmdesk.sqlite3"))))
    yield repository
    repository.close()


def _notes(rng: random.Random, words: int) -> str:
    lines = []
    while sum(len(line.split()) for line in lines) < words:
        lines.append(" ".join(sentence(rng, rng.randint(3, 14)) for _ in range(rng.randint(1, 4))))
    return "\n".join(lines)


def _results(repo: Repository) -> dict[str, list[tuple[int, float, str]]]:
    return {
        query: [(h.entry.id, round(h.score, 9), h.snippet) for h in repo.search(parse(query)).hits]
        for query in QUERIES
    }


def _check_integrity(repo: Repository) -> None:
    """Raises if the index and the text it was made of disagree."""
    with repo.engine.connect() as connection:
        integrity = "INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)"
        connection.exec_driver_sql(integrity)


def _index_whole(repo: Repository) -> None:
    """Index every postmortem again with its notes in one part, as before chunks."""
    with repo.engine.begin() as connection:
        connection.exec_driver_sql(
            f"INSERT INTO {search_layout.FTS_TABLE}({search_layout.FTS_TABLE}) VALUES ('delete-all')"
        )
        connection.exec_driver_sql(f"DELETE FROM {search_layout.PARTS_TABLE}")
        connection.exec_driver_sql(f"DELETE FROM {search_layout.POSTMORTEMS_TABLE}")
        search_index.store_from_rows(connection, None, fts5=True, whole_notes=True)


def planted_notes(rng: random.Random, n: int) -> str:
    """The n-th of a set of notes: some long, some with words planted across a sentence's end
    or with a long passage."""
    notes = _notes(rng, rng.choice([0, 40, 400, 1500]))
    if n % 3 == 0:  # planted across a sentence's end, in the middle or at the end
        at = rng.randrange(len(notes) + 1)
        notes = f"{notes[:at]} marmalade quokka. Zeppelin marmalade. {notes[at:]}"
    if n % 4 == 1:  # a long passage, at a sentence's end
        at = notes.find(". ", rng.randrange(len(notes) + 1)) + 1
        notes = f"{notes[:at]} {PASSAGE} {notes[at:]}"
    return notes


def edit_as_a_meeting(repo: Repository, ids: Sequence[int], rng: random.Random) -> None:
    """Edits as a meeting makes them, saved one by one: typed at the end, in the middle, cut."""
    for pm_id in ids:
        doc = Document(repo.load(pm_id))
        for edit in range(4):
            text = doc.pm.notes
            at = rng.randrange(len(text) + 1)
            changed = [
                f"{text} Quokka seen at {edit}.",
                f"{text[:at]} zeppelin. {text[at:]}",
                text[: len(text) // 2],
                text.replace(".", ".\n", 3),
            ][edit]
            doc.set_fields(notes=changed)
            repo.save(doc.pm, doc.take_dirty())


def test_hits_scores_and_snippets_are_those_of_the_notes_held_whole(repo: Repository) -> None:
    rng = random.Random(18)
    for n in range(40):
        notes = planted_notes(rng, n)
        summary = sentence(rng, 12) if n % 2 else ""
        pm = Postmortem(title=sentence(rng, 4), started_at=START, summary=summary, notes=notes)
        repo.create(pm)
    edit_as_a_meeting(repo, range(1, 41, 3), rng)
    in_chunks = _results(repo)
    assert in_chunks["quokka"] and in_chunks['"quokka zeppelin"'] and in_chunks[LONG_PHRASE]
    _index_whole(repo)
    assert _results(repo) == in_chunks


def test_a_phrase_across_sentences_is_found_and_an_edit_is_found_as_saved(
    repo: Repository,
) -> None:
    rng = random.Random(5)
    doc = Document(Postmortem(title="Checkout outage", started_at=START, notes=_notes(rng, 2000)))
    repo.create(doc.pm)
    doc.set_fields(notes=f"{doc.pm.notes}\nThe replica lagged behind. Failover never came.")
    repo.save(doc.pm, doc.take_dirty())
    assert [h.entry.id for h in repo.search(parse('"behind failover"')).hits] == [doc.pm.id]
    [hit] = repo.search(parse('"behind failover"')).hits
    assert "Failover" in hit.snippet
    # Cut out again: the words are gone from the index, the rest of the notes are not.
    doc.set_fields(notes=doc.pm.notes.rsplit("\n", 1)[0])
    repo.save(doc.pm, doc.take_dirty())
    assert repo.search(parse('"behind failover"')).hits == []
    first = words_of(doc.pm.notes)[0]
    assert [h.entry.id for h in repo.search(parse(first)).hits] == [doc.pm.id]
    doc.set_fields(notes="")
    repo.save(doc.pm, doc.take_dirty())
    assert repo.search(parse(first)).hits == []
    _check_integrity(repo)


_text = st.lists(
    st.sampled_from(
        ["alpha", "beta.", "gamma!", "delta?", "\n", "--", "eps.\n", "zeta", "  ", "ok."]
    ),
    max_size=80,
).map(" ".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=_text, edits=st.lists(st.tuples(st.integers(0, 400), _text), max_size=6))
def test_chunks_hold_every_word_once_and_a_recut_is_a_fresh_cut(
    first: str, edits: list[tuple[int, str]]
) -> None:
    text = first
    chunks(text, key=-1)
    for at, added in edits:
        text = f"{text[:at]}{added}{text[at:]}"
        found = chunks(text, key=-1)
        assert found == chunks(text)
        assert sum(chunk.words for chunk in found) == len(words_of(text))
        assert [w for chunk in found for w in words_of(chunk.own)] == list(words_of(text))
        # Every run of OVERLAP_WORDS + 1 words is in the chunk it ends in, as indexed.
        every, at = words_of(text), 0
        for chunk in found:
            indexed, own = words_of(chunk.indexed), len(words_of(chunk.own))
            for end in range(at + 1, at + own + 1):
                run = every[max(0, end - OVERLAP_WORDS - 1) : end]
                assert indexed[len(indexed) - (at + own - end) - len(run) :][: len(run)] == run
            at += own


def _across_a_chunk_end(notes: str, phrase: str) -> bool:
    """No chunk, with the words indexed after it, holds the phrase whole."""
    wanted = " ".join(words_of(phrase))
    return all(wanted not in " ".join(words_of(chunk.indexed)) for chunk in chunks(notes))


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_a_long_phrase_that_runs_across_chunks_is_found_with_its_snippet(
    repo: Repository, backend: str, request: pytest.FixtureRequest
) -> None:
    if backend == "postgresql":
        repo = Repository(open_engine(resolve(request.getfixturevalue("pg_url"))))
        request.addfinalizer(repo.close)
    rng = random.Random(7)
    notes = _notes(rng, 600)
    at = notes.find(". ", len(notes) // 2) + 1
    planted = f"{notes[:at]} {PASSAGE} {notes[at:]}"
    assert _across_a_chunk_end(planted, PASSAGE)
    # A short sentence after a chunk's end: a phrase of a few words runs past it.
    short = "Deploy went out. Yes. Errors rose at once."
    with_short = f"{notes}\n{short}\n{notes}"
    doc = Document(Postmortem(title="Queue backlog", started_at=START, notes=planted))
    other = Document(Postmortem(title="Replica lag", started_at=START, notes=with_short))
    repo.create(doc.pm)
    repo.create(other.pm)
    assert [h.entry.id for h in repo.search(parse(LONG_PHRASE)).hits] == [doc.pm.id]
    [hit] = repo.search(parse(f"{LONG_PHRASE} hour")).hits
    shown, passage = " ".join(words_of(hit.snippet)), words_of(PASSAGE)
    assert any(" ".join(passage[k : k + 4]) in shown for k in range(len(passage)))
    assert [h.entry.id for h in repo.search(parse('"out yes errors rose"')).hits] == [other.pm.id]
    # Edited so the passage is broken: no longer found; put back: found again.
    doc.set_fields(notes=planted.replace("the backlog", "the back log"))
    repo.save(doc.pm, doc.take_dirty())
    assert repo.search(parse(LONG_PHRASE)).hits == []
    doc.set_fields(notes=planted)
    repo.save(doc.pm, doc.take_dirty())
    assert [h.entry.id for h in repo.search(parse(LONG_PHRASE)).hits] == [doc.pm.id]
    # Seen before asks for phrases too.
    found = repo.holders([words_of(PASSAGE)])
    assert found[words_of(PASSAGE)] == frozenset({doc.pm.id})


_OTHER_WINDOW = """
import sys
from pmdesk.document import Document
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository

repo = Repository(open_engine(resolve(sys.argv[1])))
doc = Document(repo.load(int(sys.argv[2])))
doc.set_fields(notes=doc.pm.notes.replace("Zeppelin", "Marmalade") + " Kalomi joined late.")
repo.save(doc.pm, doc.take_dirty())
repo.close()
"""


def test_notes_saved_by_another_process_in_between_are_indexed_as_saved(
    repo: Repository, tmp_path: Path
) -> None:
    rng = random.Random(11)
    notes = f"{_notes(rng, 800)}\nZeppelin stalled the queue.\n{_notes(rng, 800)}"
    doc = Document(Postmortem(title="Queue backlog", started_at=START, notes=notes))
    repo.create(doc.pm)
    doc.set_fields(notes=f"{doc.pm.notes} Quokka paged.")
    repo.save(doc.pm, doc.take_dirty())  # this process now knows the chunks it wrote
    assert doc.pm.id is not None
    path = str(tmp_path / "pmdesk.sqlite3")
    subprocess.run([sys.executable, "-c", _OTHER_WINDOW, path, str(doc.pm.id)], check=True)
    # This window reloads what the other saved and types on.
    doc = Document(repo.load(doc.pm.id))
    doc.set_fields(notes=f"{doc.pm.notes} Failover came late.")
    repo.save(doc.pm, doc.take_dirty())
    for query, found in [("zeppelin", False), ("kalomi", True), ('"failover came late"', True)]:
        assert bool(repo.search(parse(query)).hits) is found, query
    _check_integrity(repo)


@pytest.mark.parametrize("rewritten", ["the end", "every chunk"])
def test_a_save_rolled_back_after_indexing_leaves_the_next_save_right(
    repo: Repository, monkeypatch: pytest.MonkeyPatch, rewritten: str
) -> None:
    rng = random.Random(13)
    doc = Document(Postmortem(title="Queue backlog", started_at=START, notes=_notes(rng, 900)))
    repo.create(doc.pm)
    doc.set_fields(notes=f"{doc.pm.notes} Quokka paged.")
    repo.save(doc.pm, doc.take_dirty())
    saved = doc.pm.notes
    indexed = search_index.update

    def fails_after_indexing(*args: object, **options: object) -> None:
        indexed(*args, **options)  # type: ignore[arg-type]
        raise OSError("disk gone")

    monkeypatch.setattr(search_index, "update", fails_after_indexing)
    # Typed at the end (one chunk written), or every line changed (more chunks than the save
    # reads back with the notes' state in one statement).
    if rewritten == "the end":
        doc.set_fields(notes=f"{saved} Zeppelin stalled.")
    else:
        doc.set_fields(notes=saved.replace("\n", " Zeppelin stalled.\n"))
    with pytest.raises(OSError):
        repo.save(doc.pm, doc.take_dirty())
    monkeypatch.setattr(search_index, "update", indexed)
    doc = Document(repo.load(doc.pm.id or 0))
    assert doc.pm.notes == saved
    assert repo.search(parse("zeppelin")).hits == []
    doc.set_fields(notes=f"{saved} Marmalade spilled.")
    repo.save(doc.pm, doc.take_dirty())
    assert [h.entry.id for h in repo.search(parse("marmalade")).hits] == [doc.pm.id]
    assert repo.search(parse("zeppelin")).hits == []
    _check_integrity(repo)


def test_notes_saved_with_other_fields_and_emptied_are_indexed_as_saved(
    repo: Repository,
) -> None:
    rng = random.Random(17)
    doc = Document(Postmortem(title="Queue backlog", started_at=START, notes=_notes(rng, 600)))
    repo.create(doc.pm)
    # The notes and the title in one save, then the notes and the summary, then notes emptied.
    doc.set_fields(notes=f"{doc.pm.notes} Quokka paged.", title="Quokka outage")
    repo.save(doc.pm, doc.take_dirty())
    assert [h.entry.id for h in repo.search(parse('"quokka paged"')).hits] == [doc.pm.id]
    doc.set_fields(notes=doc.pm.notes.replace("Quokka paged.", "Zeppelin paged."), summary="ok")
    repo.save(doc.pm, doc.take_dirty())
    assert repo.search(parse('"quokka paged"')).hits == []
    assert [h.entry.id for h in repo.search(parse('"zeppelin paged"')).hits] == [doc.pm.id]
    doc.set_fields(notes="  \n ")
    repo.save(doc.pm, doc.take_dirty())
    assert repo.search(parse("zeppelin")).hits == []
    assert [h.entry.id for h in repo.search(parse("quokka")).hits] == [doc.pm.id]  # the title
    _check_integrity(repo)
