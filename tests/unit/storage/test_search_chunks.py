"""The notes' last chunk recut alone (search_chunks.last_typed_in): only when it alone changed, and
then exactly as a cut of the whole text; and the save that writes it alone (search_index) leaves
the index as a save that works everything out would, through rollbacks and other processes."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmdesk.document import Document
from pmdesk.model import Postmortem
from pmdesk.search import parse, words_of
from pmdesk.storage import search_chunks, search_index
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from pmdesk.storage.search_chunks import chunks, last_typed_in
from tests.support.library.search import sentence

START = datetime(2026, 4, 15, 14, 0, tzinfo=UTC)
KEY = -7  # a postmortem id no test database holds


def _notes(seed: int, sentences: int = 120) -> str:
    rng = random.Random(seed)
    return " ".join(sentence(rng, rng.randint(4, 14)) for _ in range(sentences))


@pytest.fixture(autouse=True)
def _forget_cuts() -> Iterator[None]:
    yield
    search_chunks._RECENT.pop(KEY, None)
    search_chunks._RECENT.pop(KEY - 1, None)


def _recut(
    text: str, key: int, held: list[search_chunks.Chunk]
) -> tuple[search_chunks.Chunk | None, list[search_chunks.Chunk]]:
    """last_typed_in, checked against a whole cut: when it answers, the chunks are those held
    with the last one replaced by its answer. With the chunks a save would hold next (as cut
    for `key`: the answer itself when there is one)."""
    found = last_typed_in(text, key, held[-1])
    whole = chunks(text)
    if found is not None:
        assert whole == [*held[:-1], found]
    now = chunks(text, key)  # the cut it keeps goes on as a fresh cut would
    assert now == whole
    if found is not None:
        assert now[-1] is found
    return found, now


def test_typing_at_the_end_recuts_the_last_chunk_alone() -> None:
    notes = _notes(2)  # its last sentence ends no chunk: the words typed join the last one
    held = chunks(notes, KEY)
    typed = f"{notes} Failover came late"
    found, now = _recut(typed, KEY, held)
    assert found is not None and found.own.endswith("Failover came late")
    assert found.words == held[-1].words + 3
    # Typed on, the chunk held now is the one it answered.
    assert _recut(f"{typed} again", KEY, now)[0] is not None


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda t: f"Zeppelin {t}", id="at the start"),
        pytest.param(
            lambda t: t.replace(" ", " zeppelin ", 1)[: len(t) // 2] + t[len(t) // 2 :],
            id="in the middle",
        ),
        pytest.param(lambda t: "", id="everything deleted"),
        pytest.param(lambda t: "   \n ", id="no word left"),
        pytest.param(lambda t: f"{t} {_notes(2, 40)}", id="a large block pasted at the end"),
        pytest.param(lambda t: t, id="nothing changed"),
    ],
)
def test_any_other_edit_is_left_to_a_whole_cut(edit: object) -> None:
    notes = _notes(3)
    held = chunks(notes, KEY)
    assert callable(edit)
    assert _recut(edit(notes), KEY, held)[0] is None


def test_a_cut_made_for_something_else_since_is_not_taken_for_the_one_held() -> None:
    notes = _notes(4)
    held = chunks(notes, KEY)
    chunks(f"Zeppelin {notes}", KEY)  # cut again (a save that did not keep it, say)
    chunks(notes, KEY)  # and back: the same chunks, but not the ones held
    assert last_typed_in(f"{notes} Failover", KEY, held[-1]) is None


def test_undo_and_two_postmortems_edited_in_turn() -> None:
    first, second = _notes(5), _notes(6)
    held = {KEY: chunks(first, KEY), KEY - 1: chunks(second, KEY - 1)}
    texts = {KEY: first, KEY - 1: second}
    for n in range(6):
        for key in (KEY, KEY - 1):
            before = texts[key]
            texts[key] = f"{before} Typed {n} in {key}"
            found, held[key] = _recut(texts[key], key, held[key])
            assert found is not None
    # Undo: the text as it was one edit before, typed at the end again.
    undone = texts[KEY].rsplit(" Typed", 1)[0]
    found, _held = _recut(undone, KEY, held[KEY])
    assert found is not None and found == chunks(undone)[-1]


_pieces = st.lists(
    st.sampled_from(["alpha", "beta.", "gamma!", "delta?", "\n", "eps.\n", "zeta", " ", "ok. "]),
    max_size=60,
).map(" ".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=_pieces,
    edits=st.lists(st.tuples(st.booleans(), st.integers(0, 400), st.integers(0, 40), _pieces)),
)
def test_any_edits_recut_as_a_whole_cut(
    first: str, edits: list[tuple[bool, int, int, str]]
) -> None:
    """Typed at the end or anywhere, cut out, pasted: whenever the last chunk alone is recut,
    the chunks are those of a whole cut."""
    text = first
    held = chunks(text, KEY)
    for at_end, at, cut, added in edits:
        at = len(text) if at_end else min(at, len(text))
        text = f"{text[:at]}{added}{text[at + cut :]}"
        held = _recut(text, KEY, held)[1] if held else chunks(text, KEY)


# -- the save ------------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    repository = Repository(open_engine(resolve(str(tmp_path / "pmdesk.sqlite3"))))
    yield repository
    repository.close()


class _Sent:
    """The statements a repository's connections send to SQLite, as SQLite runs them."""

    def __init__(self, repo: Repository) -> None:
        self.statements: list[str] = []
        with repo.engine.connect() as connection:  # the pool's one connection, reused
            dbapi = connection.connection.dbapi_connection
            assert isinstance(dbapi, sqlite3.Connection)
            dbapi.set_trace_callback(self.statements.append)

    def during(self, action: object) -> list[str]:
        self.statements.clear()
        assert callable(action)
        action()
        return list(self.statements)


def _check_integrity(repo: Repository) -> None:
    with repo.engine.connect() as connection:
        connection.exec_driver_sql(
            "INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)"
        )


def _hits(repo: Repository, query: str) -> list[int | None]:
    return [hit.entry.id for hit in repo.search(parse(query)).hits]


def _typing(repo: Repository, seed: int) -> Document:
    """Long notes saved, then typed at their end once (the save that starts holding them)."""
    doc = Document(Postmortem(title="Queue backlog", started_at=START, notes=_notes(seed)))
    repo.create(doc.pm)
    doc.set_fields(notes=f"{doc.pm.notes} Quokka paged.")
    repo.save(doc.pm, doc.take_dirty())
    return doc


def _checked_in_the_write(statements: list[str]) -> bool:
    """The save tried to write the last chunk alone, its check in the write."""
    return any(s.startswith("UPDATE search_parts") and "notes_state" in s for s in statements)


def _read_back(statements: list[str]) -> bool:
    """The save read the notes' state, or their chunks as stored."""
    reads = ("SELECT notes_state", "SELECT id, words, body FROM search_parts")
    return any(s.startswith(reads) for s in statements)


def _typed_alone(statements: list[str]) -> bool:
    return _checked_in_the_write(statements) and not _read_back(statements)


def test_typing_at_the_end_writes_the_last_chunk_alone_and_is_found(repo: Repository) -> None:
    doc = _typing(repo, 8)
    sent = _Sent(repo)
    for n, word in enumerate(["zeppelin", "marmalade", "wombat"]):
        doc.set_fields(notes=f"{doc.pm.notes} {word.title()} seen at {n}.")
        assert _typed_alone(sent.during(lambda: repo.save(doc.pm, doc.take_dirty())))
    for word in ("quokka", "zeppelin", "marmalade", "wombat"):
        assert _hits(repo, word) == [doc.pm.id], word
    # Cut back at the end: the words are gone, and the notes' word count is right.
    doc.set_fields(notes=doc.pm.notes.split(" Zeppelin seen")[0])
    repo.save(doc.pm, doc.take_dirty())
    assert _hits(repo, "zeppelin") == [] and _hits(repo, "quokka") == [doc.pm.id]
    with repo.engine.connect() as connection:
        words = connection.exec_driver_sql(
            "SELECT words FROM search_postmortems WHERE postmortem_id = ?", (doc.pm.id,)
        ).scalar()
    assert words == len(words_of(doc.pm.title)) + len(words_of(doc.pm.notes))
    _check_integrity(repo)


def test_a_save_rolled_back_after_writing_the_last_chunk_leaves_no_stale_chunk(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = _typing(repo, 9)
    saved = doc.pm.notes
    indexed = search_index.update
    sent = _Sent(repo)

    def fails_after_indexing(*args: object, **options: object) -> None:
        indexed(*args, **options)  # type: ignore[arg-type]
        raise OSError("disk gone")

    monkeypatch.setattr(search_index, "update", fails_after_indexing)
    doc.set_fields(notes=f"{saved} Zeppelin stalled.")
    with pytest.raises(OSError):
        sent.during(lambda: repo.save(doc.pm, doc.take_dirty()))
    assert _typed_alone(sent.statements)  # it was this save that failed
    monkeypatch.setattr(search_index, "update", indexed)
    # The window goes on from what is stored, typing at the end again: the chunk held (with
    # "zeppelin") is not the one stored, so the save works everything out.
    doc = Document(repo.load(doc.pm.id or 0))
    assert doc.pm.notes == saved
    doc.set_fields(notes=f"{saved} Marmalade spilt.")
    statements = sent.during(lambda: repo.save(doc.pm, doc.take_dirty()))
    assert _checked_in_the_write(statements) and _read_back(statements)
    assert _hits(repo, "zeppelin") == [] and _hits(repo, "marmalade") == [doc.pm.id]
    _check_integrity(repo)
    # And holds the chunks again: the next save types alone.
    doc.set_fields(notes=f"{doc.pm.notes} Wombat.")
    assert _typed_alone(sent.during(lambda: repo.save(doc.pm, doc.take_dirty())))
    assert _hits(repo, "wombat") == [doc.pm.id]
    _check_integrity(repo)


_OTHER_WINDOW = """
import sys
from pmdesk.document import Document
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository

repo = Repository(open_engine(resolve(sys.argv[1])))
doc = Document(repo.load(int(sys.argv[2])))
doc.set_fields(notes="Zeppelin joined late. " + doc.pm.notes)
repo.save(doc.pm, doc.take_dirty())
repo.close()
"""


def test_chunks_written_by_another_process_are_not_taken_for_those_held(
    repo: Repository, tmp_path: Path
) -> None:
    """Another window writes the start of the notes (the last chunk stays as stored); this one,
    not reloading, types at the end of its own text: its save must see the state is not its
    own, and index the notes it writes whole."""
    doc = _typing(repo, 10)
    path = str(tmp_path / "pmdesk.sqlite3")
    subprocess.run([sys.executable, "-c", _OTHER_WINDOW, path, str(doc.pm.id)], check=True)
    assert _hits(repo, "zeppelin") == [doc.pm.id]
    sent = _Sent(repo)
    doc.set_fields(notes=f"{doc.pm.notes} Failover came late.")
    statements = sent.during(lambda: repo.save(doc.pm, doc.take_dirty()))
    assert _checked_in_the_write(statements) and _read_back(statements)
    assert repo.load(doc.pm.id or 0).notes == doc.pm.notes
    assert _hits(repo, "zeppelin") == []
    assert _hits(repo, '"failover came late"') == [doc.pm.id]
    _check_integrity(repo)
