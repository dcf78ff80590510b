"""Where a save's search-index cost goes, in plain sqlite3, and what other index shapes would cost
(issue 18 point 4: a save that keeps the index in step costs at most 1.2x one that does not).

Each save here sends what pmdesk's save sends (pmdesk.storage.repository, search_index; the text
of each statement from a trace of a real save), without SQLAlchemy or pmdesk's Python around it,
on a copy of the 10,000-postmortem benchmark library (benchmarks/search.py), WAL and
synchronous=FULL as shipped. Postmortem 1 gets a facilitator's 1,000 words of running notes, cut
into chunks by pmdesk's own chunker; each notes save rewrites their last sentence ("Edited in
take N (wordN)", as benchmarks/search.py does: its last chunk changes), each event save one
timeline event's text. The shapes take turns save by save; CPU time by step (medians), and the
pages each save writes to the WAL, by the table they are in:

  bare         the save without the index: what the ratio is taken against
  state read   FTS5 with external content (search_parts), as shipped before save18d: the notes'
               state read, FTS5's delete of the old text (given, not read back), the text
               written into search_parts, FTS5's insert of the new text; at the commit FTS5
               writes its segment
  now          as shipped for notes typed at their end (search_notes._rewrite_last): the text
               written into search_parts only if its old text and the notes' state are stored
               as this process wrote them (no read first), FTS5's delete and insert
  no content   without the write into search_parts (and the state): what a contentless table
               (content='') writes, and what content= pointing at the real tables would (FTS5
               reads its content for snippets, never for a 'delete' given the old values; a
               notes chunk is in no real column, so those rows would be contentless there too);
               an event save then reads the old text from the event's row (with its part's id)
               instead of from search_parts
  contentless  the same statements on a real contentless FTS5 table over the same parts, built
               for the run as a migration would build it (so in merged segments, not in those
               10,000 saves left in the shipped table)
  content=view the same on an FTS5 table whose content= is a view, built the same way
  one word     `no content` with a part of one word instead of the notes' chunk: FTS5's fixed
               cost per transaction, whatever the text (fewer or smaller rows cannot go below it)

With --app, pmdesk's whole save of the notes (CPU): without the index, as shipped, with pmdesk's
write into search_parts and its read of the state left out (`without_content`), and with the
index's statements alone, worked out beforehand (`StatementsAlone`: none of the index's Python),
taking turns, each on a postmortem of its own.

Figures, SQLite 3.40.1, 2 cores shared with other work (load 6.1-7.1), --runs 600, 2026-12-06:

  notes save (us)  state  checked  delete  content  insert  commit  total  ratio  WAL pages
  bare                                                        191     230  x1.00    1.0
  state read       14.2             29.7     16.4     7.8     280     392  x1.70    8.3
  now                       24.9    25.8              7.8     279     383  x1.67    8.3
  no content                        26.1              7.4     270     345  x1.50    7.5
  contentless                       41.1             10.0     306     399  x1.73    6.7
  content=view                      39.6              9.4     305     394  x1.71    6.7
  one word                          20.3              5.1     262     331  x1.44    7.3

  event save (us)  read old  delete  content  insert  commit  total  ratio  WAL pages
  bare                                                 218     280  x1.00    3.0
  now                15.0     26.7    13.6      6.2    288     418  x1.49   10.2
  no content         18.5     23.5              6.1    289     405  x1.45    9.5
  contentless        17.2     28.6              6.5    309     427  x1.52    6.9
  content=view       16.6     26.8              6.9    309     425  x1.52    6.9

  pmdesk's notes save (--app), CPU us:  bare 866  now 1069 (x1.234)  no content 1046 (x1.208)
                                        statements 1009 (x1.165)

- Where a notes save's index cost goes (state read - bare: 149 us in an earlier run at load
  3.8-4.1, 129 at load 3.1): the commit 79 us (FTS5 writing its new segment, and 7.4 more WAL
  pages: 4.9 of search_index_data, 1.1 of search_index_idx, 1 of search_parts, 0.4 of the free
  list and page 1), FTS5's delete 30 us (20 of them for a part of one word: its first statement
  in the transaction), the state read 16 us, the write into search_parts 14 us, FTS5's insert 8
  us. A statement's own cost through sqlite3 is 0.7 us. A part of one word costs FTS5 within 15
  us of the chunk: the cost is FTS5's per transaction, hardly the text's. The checked write
  (`now`) costs some 6 us less than the state read and the write it replaces.
- Without the content (`no content`: the statements of a contentless table, or of content= the
  real tables, on the shipped index): 38-47 us less, x1.67-1.77 -> x1.50-1.52. In pmdesk's
  whole notes save: x1.19-1.21 against x1.21-1.23 as shipped now. An event save: x1.13-1.17
  either way (its content write is 6 us).
- pmdesk's Python around the statements (save18d). Before, a notes save typed at the end cut
  the text's tail and compared every chunk with those held (chunks(), rewrites(): 25-33 us in
  the save), read the state (9-13 us) and built and sent its statements through dicts (some 20
  us more): --app x1.251-1.261 (600 each, two runs at load 4.6-5.4). Now the last chunk alone is
  recut (search_chunks.last_typed_in: the text before its start is compared, the words indexed
  before it are taken from the one cut then) and written in three statements:
  x1.212-1.234 in the same runs and in runs at load 6-8. Taken back to back in one process
  (main's modules loaded beside these, 3,000 saves each, load 2.6-3.2): x1.250-1.280 before,
  x1.226-1.237 now; `statements` (no Python of the index at all) x1.165-1.169, and a hand-
  inlined minimum of the same work (the state read, the same regular expressions, nothing
  else) x1.17-1.22. So x1.2 is within reach only with next to none of pmdesk's Python: what is
  left (some 35-60 us in the save) is the cut of the tail's sentences and the count of its words
  (regular expressions, 15-19 us), checking the text before it (3 us), and some 2 us for each
  Python function the save passes through. The same code costs 2.5-3x in the save what it costs
  in a loop (chunks(): 10 us in a loop, 29 in the save, 12 if called again in the same save):
  the save's other work leaves the caches cold.
- A contentless table, or one on a view, built afresh costs more per save than the shipped one
  (delete and commit), though it writes fewer index pages (2.8 of _data: its segments merged, new
  ones go at the end of its b-tree); the same with a 64 MB page cache (--cache-kib 65536), so it
  is not the shapes sharing the cache.
- Fewer index rows: a notes or event save already writes one part (one delete, one insert).
- FTS5 leaves of at most 3,000 bytes (benchmarks/search_segments.py, on a library upgraded to
  them; load 2.3-2.5, two runs each): a notes save (`now`) writes 6.7 WAL pages instead of 8.3,
  an event save 8.4 instead of 10.2; plain CPU x1.71-1.81 against x1.84-1.88 for the notes. In
  pmdesk's whole notes save (--app) it does not show: x1.184-1.195 against x1.183-1.203. Not
  shipped: searches took 6-8% more CPU at 10,000 postmortems.

Run: .venv/bin/python benchmarks/search_save_shapes.py [--runs 600] [--db PATH] [--app]
     [--cache-kib N]
(figures are printed, never asserted; the load average is printed beside them)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmdesk.search import count_words
from pmdesk.storage import search_chunks, search_index, search_layout, search_notes
from pmdesk.storage.search_chunks import chunks
from pmdesk.storage.search_index import notes_text
from pmdesk.storage.search_layout import FIRST_CHUNK, FTS_TABLE, NOTES_SLOT, SLOT_BITS
from tests.support.library.search import database, sentence

PM = 1
BASE = PM << SLOT_BITS
NOTES_WORDS = 1_000
SHAPE_TABLE = "shape_contentless"
VIEW_TABLE = "shape_view"  # FTS5 whose content is a view
TINY_SLOT = BASE + FIRST_CHUNK + 5_000  # a part of one word, in the index alone

# The statements of a save, as pmdesk sends them (their text from a trace of a real save).
LOCK = "SELECT versions, revision FROM postmortems WHERE id = ?"
NOTES = "UPDATE postmortems SET notes = ?, versions = ?, revision = ?, updated_at = ? WHERE id = ?"
ITEM_VERSIONS = "SELECT id, version FROM timeline_events WHERE postmortem_id = ? AND id IN (?)"
STAMP = "UPDATE postmortems SET versions = ?, revision = ?, updated_at = ? WHERE id = ?"
EVENT_DELETE = "DELETE FROM timeline_events WHERE postmortem_id = ? AND id IN (?)"
EVENT_INSERT = (
    "INSERT INTO timeline_events (postmortem_id, id, version, at, seq, text, source, marker, "
    "seen, believed, done_next, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# The notes typed at their end since save18d: the chunk's write checks its old text and the
# state itself (search_notes._REWRITE_KNOWN), no read first.
CHECKED = search_notes._REWRITE_KNOWN
STATE = (
    "SELECT notes_state, (SELECT body FROM search_parts WHERE id = ?) "
    "FROM search_postmortems WHERE postmortem_id = ?"
)
OLD_PART = (
    "SELECT id, part, words, title, body FROM search_parts WHERE postmortem_id = ? AND part = ?"
)
# Without the text in search_parts: the part's id from there, its old text from the event's row.
OLD_EVENT = (
    "SELECT p.id, e.text, e.seen, e.believed, e.done_next FROM search_parts p, timeline_events e "
    "WHERE p.postmortem_id = ? AND p.part = ? AND e.postmortem_id = p.postmortem_id AND e.id = ?"
)
PART = "UPDATE search_parts SET words = ?, title = '', body = ? WHERE id = ?"
WORDS = "UPDATE search_postmortems SET words = words + ? WHERE postmortem_id = ?"


def fts_delete(table: str) -> str:
    return f"INSERT INTO {table}({table}, rowid, title, body) VALUES ('delete', ?, '', ?)"


def fts_insert(table: str) -> str:
    return f"INSERT INTO {table}(rowid, title, body) VALUES (?, '', ?)"


class Library:
    """A copy of the benchmark library, its postmortem 1 with long notes in the index."""

    def __init__(self, source: Path, folder: Path, cache_kib: int = 0) -> None:
        self.path = folder / "copy.sqlite3"
        shutil.copy(source, self.path)
        self.con = sqlite3.connect(self.path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
            self.con.execute(f"PRAGMA {pragma}")
        self.con.execute("PRAGMA wal_autocheckpoint=0")  # checkpoints outside the timing
        if cache_kib:  # room for every shape's pages: they take turns in one connection
            self.con.execute(f"PRAGMA cache_size=-{cache_kib}")
        self.wal = Path(f"{self.path}-wal")
        rng = random.Random(NOTES_WORDS)  # as benchmarks/search.py
        self.notes = " ".join(sentence(rng, 10) for _ in range(NOTES_WORDS // 10))
        self.take = 0
        self._contentless()
        self.held: dict[tuple[str, int], str] = {}  # what each FTS5 table holds, by part's id
        self.parts: dict[int, str] = {}  # what search_parts holds, by part's id
        self._index_notes()
        self.event, self.event_row, self.event_slot = self._event()

    def _contentless(self) -> None:
        """The contentless shape: a second FTS5 table over the same parts."""
        self.con.execute(
            f"CREATE VIRTUAL TABLE {SHAPE_TABLE} USING fts5(title, body, content='', "
            "tokenize='porter unicode61', columnsize=0)"
        )
        self.con.execute("BEGIN")
        self.con.execute(
            f"INSERT INTO {SHAPE_TABLE}(rowid, title, body) SELECT id, title, body FROM search_parts"
        )
        self.con.execute(f"INSERT INTO {SHAPE_TABLE}({SHAPE_TABLE}) VALUES ('optimize')")
        # content= a view: FTS5 reads it for snippets alone, never for a 'delete' given the old
        # text, so what it is a view of does not change a save (here: of search_parts).
        self.con.execute("CREATE VIEW shape_parts AS SELECT id, title, body FROM search_parts")
        self.con.execute(
            f"CREATE VIRTUAL TABLE {VIEW_TABLE} USING fts5(title, body, content='shape_parts', "
            "content_rowid='id', tokenize='porter unicode61', columnsize=0)"
        )
        self.con.execute(
            f"INSERT INTO {VIEW_TABLE}(rowid, title, body) SELECT id, title, body FROM search_parts"
        )
        self.con.execute(f"INSERT INTO {VIEW_TABLE}({VIEW_TABLE}) VALUES ('optimize')")
        self.con.execute("COMMIT")

    def _index_notes(self) -> None:
        """Postmortem 1's notes, their chunks in both FTS5 tables (as a first save writes them)."""
        text = notes_text(self.notes)
        self.chunks = chunks(text, PM)
        self.con.execute("BEGIN")
        self.con.execute("UPDATE postmortems SET notes = ? WHERE id = ?", (self.notes, PM))
        for n, chunk in enumerate(self.chunks):
            slot = BASE + FIRST_CHUNK + n
            self.con.execute(
                "INSERT INTO search_parts (id, postmortem_id, part, words, title, body) "
                "VALUES (?, ?, ?, ?, '', ?)",
                (slot, PM, f"n:{FIRST_CHUNK + n}", chunk.words, chunk.indexed),
            )
            for table in (FTS_TABLE, SHAPE_TABLE, VIEW_TABLE):
                self.con.execute(fts_insert(table), (slot, chunk.indexed))
                self.held[table, slot] = chunk.indexed
            self.parts[slot] = chunk.indexed
        self.con.execute(
            "UPDATE search_postmortems SET notes_state = 1 WHERE postmortem_id = ?", (PM,)
        )
        self.con.execute("COMMIT")
        self.last_slot = BASE + FIRST_CHUNK + len(self.chunks) - 1
        for table in (FTS_TABLE, SHAPE_TABLE, VIEW_TABLE):
            self.con.execute(fts_insert(table), (TINY_SLOT, "word0"))
            self.held[table, TINY_SLOT] = "word0"
        assert self.con.execute(
            "SELECT count(*) FROM search_parts WHERE id = ?", (BASE + NOTES_SLOT,)
        ).fetchone() == (0,)
        self.checkpoint()

    def _event(self) -> tuple[str, tuple[object, ...], int]:
        """An event of postmortem 1 (as stored), and its part's id; its part holds its text
        alone from now on, so old and new texts are known without reading."""
        row = self.con.execute(
            "SELECT postmortem_id, id, version, at, seq, text, source, marker, '', '', '', "
            "added_by FROM timeline_events WHERE postmortem_id = ? ORDER BY at LIMIT 1",
            (PM,),
        ).fetchone()
        slot, body = self.con.execute(
            "SELECT id, body FROM search_parts WHERE postmortem_id = ? AND part = ?",
            (PM, f"t:{row[1]}"),
        ).fetchone()
        for table in (FTS_TABLE, SHAPE_TABLE, VIEW_TABLE):
            self.held[table, slot] = body
        return str(row[1]), tuple(row), int(slot)

    def checkpoint(self) -> None:
        self.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def frames(self) -> int:
        size = self.wal.stat().st_size if self.wal.exists() else 0
        return max(0, size - 32) // (4096 + 24)

    def pages_since(self, frames: int) -> list[int]:
        """The pages written to the WAL after its first `frames` frames (a frame's header starts
        with its page's number)."""
        found = []
        with self.wal.open("rb") as wal:
            wal.seek(32 + frames * (4096 + 24))
            while len(header := wal.read(24)) == 24:
                found.append(int.from_bytes(header[:4], "big"))
                wal.seek(4096, os.SEEK_CUR)
        return found

    def owners(self, pages: Iterable[int]) -> dict[int, str]:
        """The table or index each page is in now (page 1 and free pages: "other")."""
        wanted = sorted(set(pages))
        found = dict.fromkeys(wanted, "other")
        marks = ",".join("?" * len(wanted))
        query = f"SELECT pageno, name FROM dbstat WHERE pageno IN ({marks}) AND pageno > 1"
        found.update(self.con.execute(query, wanted).fetchall())
        return found

    def statement_cost(self) -> float:
        """A statement's own CPU time through sqlite3 (SELECT ?), microseconds."""
        cur = self.con.cursor()
        best = []
        for _ in range(5):
            started = time.process_time_ns()
            for n in range(2000):
                cur.execute("SELECT ?", (n,)).fetchone()
            best.append((time.process_time_ns() - started) / 2000 / 1000)
        return min(best)

    # -- the saves ------------------------------------------------------------------------------

    def notes_save(self, steps: frozenset[str], table: str = FTS_TABLE) -> dict[str, float]:
        """Save the notes with their last sentence changed, with the index steps `steps` (state,
        delete, content, insert) on `table`. CPU time by step, in microseconds."""
        self.take += 1
        notes = f"{self.notes} Edited in take {self.take} (word{self.take})"
        new = chunks(notes_text(notes), PM)[-1].indexed  # pmdesk's Python: outside the timing
        slot = self.last_slot
        if "tiny" in steps:  # a part of one word instead of the notes' chunk
            slot, new = TINY_SLOT, f"word{self.take}"
        lap = _Laps()
        cur = self.con.cursor()
        cur.execute("BEGIN IMMEDIATE")
        cur.execute(LOCK, (PM,)).fetchone()
        cur.execute(NOTES, (notes, '{"notes": 1}', self.take, "2026-12-06T00:00:00", PM))
        lap("save")
        if "state" in steps:
            cur.execute(STATE, (slot, PM)).fetchone()
            lap("state")
        if "checked" in steps:  # the notes' state is 1 (_index_notes)
            checked = (count_words(new), new, slot, self.parts[slot], PM, 1)
            assert cur.execute(CHECKED, checked).rowcount == 1
            self.parts[slot] = new
            lap("checked")
        self._index(cur, lap, steps, table, slot, new)
        cur.execute("COMMIT")
        lap("commit")
        return lap.times

    def event_save(self, steps: frozenset[str], table: str = FTS_TABLE) -> dict[str, float]:
        """Save one timeline event's changed text, with the index steps `steps` (old from parts
        or old from item, delete, content, insert) on `table`."""
        self.take += 1
        text = f"Edited in take {self.take} (word{self.take})"
        row = (*self.event_row[:2], self.take, *self.event_row[3:5], text, *self.event_row[6:])
        slot = self.event_slot
        lap = _Laps()
        cur = self.con.cursor()
        cur.execute("BEGIN IMMEDIATE")
        cur.execute(LOCK, (PM,)).fetchone()
        cur.execute(ITEM_VERSIONS, (PM, self.event)).fetchall()
        cur.execute(STAMP, ('{"notes": 1}', self.take, "2026-12-06T00:00:00", PM))
        lap("save")
        if "old from item" in steps:  # before the item's row goes: its text makes the part's
            found = cur.execute(OLD_EVENT, (PM, f"t:{self.event}", self.event)).fetchone()
            _old = "\n".join(t for t in found[1:] if t and t.strip())
            lap("read old")
        cur.execute(EVENT_DELETE, (PM, self.event))
        cur.execute(EVENT_INSERT, row)
        lap("save")
        if "old from parts" in steps:
            cur.execute(OLD_PART, (PM, f"t:{self.event}")).fetchone()
            lap("read old")
        old = self.held[table, slot]
        self._index(cur, lap, steps, table, slot, text)
        moved = count_words(text) - count_words(old)
        if steps and moved:  # as pmdesk: only when the count moves
            cur.execute(WORDS, (moved, PM))
            lap("words")
        cur.execute("COMMIT")
        lap("commit")
        return lap.times

    def _index(
        self,
        cur: sqlite3.Cursor,
        lap: _Laps,
        steps: frozenset[str],
        table: str,
        slot: int,
        new: str,
    ) -> None:
        """The part `slot` of FTS5 table `table` rewritten with `new`, by the steps named: FTS5's
        delete of what the table holds there (the shapes take turns), the write of `new` into
        search_parts, FTS5's insert."""
        if "delete" in steps:
            cur.execute(fts_delete(table), (slot, self.held[table, slot]))
            lap("fts delete")
        if "content" in steps:
            cur.execute(PART, (count_words(new), new, slot))
            self.parts[slot] = new
            lap("content")
        if "insert" in steps:
            cur.execute(fts_insert(table), (slot, new))
            lap("fts insert")
            self.held[table, slot] = new


class _Laps:
    """CPU time between calls, by name (microseconds), and in all."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.started = self.mark = time.process_time_ns()

    def __call__(self, name: str) -> None:
        now = time.process_time_ns()
        self.times[name] = self.times.get(name, 0) + (now - self.mark) / 1000
        self.times["total"] = (now - self.started) / 1000
        self.mark = now


NOTES_SHAPES: dict[str, tuple[frozenset[str], str]] = {
    "bare": (frozenset(), FTS_TABLE),
    "state read": (frozenset({"state", "delete", "content", "insert"}), FTS_TABLE),
    "now": (frozenset({"checked", "delete", "insert"}), FTS_TABLE),
    "no content": (frozenset({"delete", "insert"}), FTS_TABLE),
    "contentless": (frozenset({"delete", "insert"}), SHAPE_TABLE),
    "content=view": (frozenset({"delete", "insert"}), VIEW_TABLE),
    "one word": (frozenset({"delete", "insert", "tiny"}), FTS_TABLE),
}
EVENT_SHAPES: dict[str, tuple[frozenset[str], str]] = {
    "bare": (frozenset(), FTS_TABLE),
    "now": (frozenset({"old from parts", "delete", "content", "insert"}), FTS_TABLE),
    "no content": (frozenset({"old from item", "delete", "insert"}), FTS_TABLE),
    "contentless": (frozenset({"old from item", "delete", "insert"}), SHAPE_TABLE),
    "content=view": (frozenset({"old from item", "delete", "insert"}), VIEW_TABLE),
}
STEPS = (
    "save", "state", "checked", "read old", "fts delete", "content", "fts insert", "words",
    "commit",
)  # fmt: skip


class Figures(NamedTuple):
    steps: dict[str, float]  # median CPU time of each step and in all, microseconds
    pages: float  # WAL pages written per save (mean)
    tables: dict[str, float]  # ... by the table or index they are in


def measure(
    library: Library,
    save: Callable[[frozenset[str], str], dict[str, float]],
    shapes: dict[str, tuple[frozenset[str], str]],
    runs: int,
) -> dict[str, Figures]:
    """The shapes' figures, taking turns save by save in a turning order."""
    taken: dict[str, list[dict[str, float]]] = {name: [] for name in shapes}
    pages: dict[str, list[int]] = {name: [] for name in shapes}
    names = list(shapes)
    for n in range(runs):
        if n % 100 == 0:
            library.checkpoint()  # the WAL kept short, outside the timing
        order = names[n % len(names) :] + names[: n % len(names)]
        for name in order:
            before = library.frames()
            taken[name].append(save(*shapes[name]))
            pages[name] += library.pages_since(before)
    owners = library.owners(page for written in pages.values() for page in written)
    figures = {}
    for name in shapes:
        steps = {
            step: statistics.median(t.get(step, 0.0) for t in taken[name])
            for step in (*STEPS, "total")
        }
        tables = Counter(owners[page] for page in pages[name])
        by_table = {table: count / runs for table, count in tables.most_common()}
        figures[name] = Figures(steps, len(pages[name]) / runs, by_table)
    return figures


def report(title: str, figures: dict[str, Figures]) -> None:
    print(f"\n{title} (load {os.getloadavg()[0]:.2f}); CPU us, medians:")
    print(f"  {'':12}" + "".join(f"{s:>11}" for s in (*STEPS, "total")) + "  ratio  pages")
    bare = figures["bare"].steps["total"]
    for name, found in figures.items():
        cells = "".join(f"{found.steps[s]:11.1f}" for s in (*STEPS, "total"))
        print(f"  {name:12}{cells}  x{found.steps['total'] / bare:.2f}  {found.pages:5.1f}")
    print("  WAL pages a save writes, by table:")
    for name, found in figures.items():
        print(f"  {name:12}  " + ", ".join(f"{t} {n:.2f}" for t, n in found.tables.items()))


@contextmanager
def without_content() -> Iterator[None]:
    """pmdesk's save as if the FTS5 table had no content table to keep: the write of a changed
    part's text into search_parts and the read of the notes' state are left out, the rest of
    pmdesk's work stays (for a figure only: the index is wrong afterwards)."""
    send, run, state = search_notes._send, search_layout._Statements.run, search_notes._stored_state
    write_known = search_notes._write_known

    def no_part_send(cursor: Any, statement: str, rows: list[dict[str, Any]]) -> None:
        if statement != search_layout._UPDATE_PART:
            send(cursor, statement, rows)

    def no_part_run(self: Any, statement: str, params: Any) -> None:
        if statement != search_layout._UPDATE_PART:
            run(self, statement, params)

    def held_state(_statements: Any, _pm: int, known: Any) -> int | None:
        return known.state if known is not None else None

    search_notes._send = no_part_send
    search_layout._Statements.run = no_part_run  # type: ignore[method-assign]
    search_notes._stored_state = held_state  # type: ignore[assignment]
    search_notes._write_known = lambda _cursor, _values: True  # its check and its write
    try:
        yield
    finally:
        search_notes._send = send
        search_layout._Statements.run = run  # type: ignore[method-assign]
        search_notes._stored_state = state
        search_notes._write_known = write_known


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=600)
    parser.add_argument("--db", type=Path, help="the library (default: the 10,000 benchmark's)")
    parser.add_argument(
        "--cache-kib", type=int, default=0, help="SQLite's page cache (default: as shipped)"
    )
    parser.add_argument(
        "--app", action="store_true", help="also pmdesk's own save, as shipped and without content"
    )
    args = parser.parse_args()
    source = args.db or database(10_000)
    print(
        f"SQLite {sqlite3.sqlite_version}, load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    folder = Path(tempfile.mkdtemp(prefix="pmdesk-shapes-"))
    try:
        started = time.perf_counter()
        library = Library(source, folder, args.cache_kib)
        print(f"copied and prepared in {time.perf_counter() - started:.0f} s")
        print(
            f"a statement's own CPU time through sqlite3 (SELECT ?): {library.statement_cost():.1f} us"
        )
        report(
            f"Notes save ({NOTES_WORDS:,} words, the last sentence changed), {args.runs} each",
            measure(library, library.notes_save, NOTES_SHAPES, args.runs),
        )
        report(
            f"Event save (one timeline event's text), {args.runs} each",
            measure(library, library.event_save, EVENT_SHAPES, args.runs),
        )
        library.con.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.app:
        app_figures(source, args.runs)


APP_MODES = ("bare", "now", "no content", "statements")


class StatementsAlone:
    """pmdesk's notes save with the statements the index sends for notes typed at their end
    (search_notes._rewrite_last's), worked out before the timing and sent as they are: the save
    with none of the index's Python, what cutting that Python could at best come to (for a
    figure only). Starts from the chunks a save of pmdesk's own left held."""

    def __init__(self, postmortem_id: int) -> None:
        known = search_chunks.held(postmortem_id)
        assert known is not None
        self.pm, self.state = postmortem_id, known.state
        self.slot, self.words, self.old = known.rows[-1]
        self.new = self.old

    def prepare(self, notes: str) -> None:
        """The last chunk of these notes, as the save would cut it."""
        last = chunks(notes_text(notes))[-1]
        self.words, self.new = last.words, last.indexed

    @contextmanager
    def sending(self) -> Iterator[None]:
        update = search_index.update

        def send(connection: Any, _pm: object, _dirty: object, *, fts5: bool) -> None:
            cursor = connection.connection.dbapi_connection.cursor()
            checked = (self.words, self.new, self.slot, self.old, self.pm, self.state)
            assert cursor.execute(search_notes._REWRITE_KNOWN, checked).rowcount == 1
            cursor.execute(search_notes._FTS_DELETE_CHUNK, (self.slot, self.old))
            cursor.execute(search_notes._FTS_INSERT_CHUNK, (self.slot, self.new))
            self.old = self.new

        search_index.update = send  # type: ignore[assignment]
        try:
            yield
        finally:
            search_index.update = update


def app_figures(source: Path, runs: int) -> None:
    """pmdesk's whole save of 1,000-word notes (as benchmarks/search.py's): without the index,
    as shipped, without the content (`without_content`), and with the index's statements alone
    (`StatementsAlone`), taking turns save by save, each on a postmortem of its own (a save
    without the content leaves search_parts behind the chunks its process holds, which the
    shipped save would then read back whole)."""
    from sqlalchemy.event import listen

    from benchmarks.search import _no_index
    from pmdesk.document import Document
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    folder = Path(tempfile.mkdtemp(prefix="pmdesk-shapes-"))
    copy = folder / "copy.sqlite3"
    shutil.copy(source, copy)
    repo = Repository(open_engine(resolve(str(copy))))
    listen(repo.engine, "connect", lambda con, _record: con.execute("PRAGMA wal_autocheckpoint=0"))
    repo.engine.dispose()
    keep = Repository._index
    docs = {mode: Document(repo.load(pm)) for pm, mode in enumerate(APP_MODES, start=1)}
    rng = random.Random(NOTES_WORDS)
    notes = " ".join(sentence(rng, 10) for _ in range(NOTES_WORDS // 10))
    taken: dict[str, list[float]] = {mode: [] for mode in APP_MODES}
    alone: StatementsAlone | None = None
    try:
        for n in range(runs + 5):
            if n % 100 == 0:
                with repo.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            turn = n % len(APP_MODES)
            for mode in APP_MODES[turn:] + APP_MODES[:turn]:
                Repository._index = _no_index if mode == "bare" else keep  # type: ignore[method-assign]
                doc = docs[mode]
                doc.set_fields(notes=f"{notes} Edited in take {n} (word{n})")
                how: AbstractContextManager[None] = nullcontext()
                if mode == "no content":
                    how = without_content()
                elif mode == "statements" and n >= 5:  # the first saves write every chunk
                    alone = alone or StatementsAlone(doc.pm.id or 0)
                    alone.prepare(doc.pm.notes)
                    how = alone.sending()
                with how:
                    started = time.process_time_ns()
                    repo.save(doc.pm, doc.take_dirty())
                    if n >= 5:
                        taken[mode].append((time.process_time_ns() - started) / 1000)
    finally:
        Repository._index = keep  # type: ignore[method-assign]
        repo.close()
        shutil.rmtree(folder, ignore_errors=True)
    bare = statistics.median(taken["bare"])
    print(f"\npmdesk's notes save, CPU us, medians of {runs} (load {os.getloadavg()[0]:.2f}):")
    for mode, times in taken.items():
        print(
            f"  {mode:12} {statistics.median(times):7.1f}  x{statistics.median(times) / bare:.3f}"
        )


if __name__ == "__main__":
    main()
