"""What FTS5's own settings change in a notes save's commit (issue 18 point 4: a save that keeps
the index in step costs at most 1.2x one that does not), in plain sqlite3.

Every save's transaction gives FTS5 a new level-0 segment, written at the commit: that is most
of what the index adds to a save (benchmarks/search_save_shapes.py). FTS5 merges segments as
they pile up: `automerge` (default 4) does some merge work every 64 leaves written, `crisismerge`
(default 16) merges a level at once when it holds that many; `pgsz` (default 4,050) is the most
a leaf holds, in bytes. Each setting here gets its own copy of the 10,000-postmortem benchmark
library (benchmarks/search.py), as built, then optionally built again ('rebuild') and merged
into one segment ('optimize'); postmortem 1 gets 1,000 words of notes in chunks, and each save
rewrites their last sentence as pmdesk does (search_notes._rewrite_last's three statements:
the chunk's row, FTS5's delete and insert), WAL and synchronous=FULL as shipped. The copies
take turns save by save; CPU time of the save and of its commit (median, mean, 90th
percentile), the WAL pages it writes (mean, median), and the segments left at each level.

Figures, SQLite 3.40.1, 2 cores shared with other work (load 2.0-2.5), 2,000 saves each, the
s0015 library (7 segments, 4,050-byte leaves), three runs, 2026-12-06; CPU us, medians but the
commit's mean, and WAL pages a save writes (mean/median):

  setting                                 save        commit  commit mean  pages
  no index                                139-173     116-139     122-153  1.0/1
  as built                                216-291     161-209     177-225  8.6/8
  automerge 0, crisismerge 64             214-282     163-206     177-222  7.8/8
  optimized (4,050-byte leaves)           227-285     175-212     187-223  7.9/8
  pgsz 3000, the segments as they were    222-284     174-212     189-227  8.6/8
  pgsz 3000, optimized                    213-276     163-200     179-216  6.3/5
  pgsz 3000, a row in and out, optimized      277         205         218  6.7/5
  pgsz 3000, rebuilt, optimized           246-307     192-233     209-246  6.9/5

- Merging is not where a save's cost goes: 15 saves in 16 do none (FTS5 merges once a level
  holds 16 segments, or every 64 leaves), so it never shows in the median, and turning automerge
  off with merges only at 64 segments saves 2-9 us of a median save and 0-4 us of the commit's
  mean (its 90th percentile 20-35 us): an idle-time merge could take no more than that off the
  typing path. Not built.
- The segment itself is: its row goes among the rows of the segments before it, by its id
  (FTS5 gives it the lowest free one). A 4,050-byte leaf fills a 4,096-byte database page, so
  the few hundred bytes of a save's segment found no room beside one: its page was split and
  its neighbours rebalanced, 4 pages of search_index_data and 1 of the free list where 2 do.
  With leaves of at most 3,000 bytes a page keeps some 1,000 bytes free: 5 pages a save instead
  of 8 (median), 3-15 us less CPU here. In pmdesk's whole notes save that is 1.7 pages and
  10-23 us CPU less, hardly seen beside the save's own 650-900 us (x1.184-1.195 against
  x1.183-1.203, search_save_shapes.py --app), while searches took 6-8% more CPU at 10,000
  postmortems (10.0-10.2 ms median against 9.4-9.5) and 10,000 against 1,000 went from
  x1.35-1.40 to x1.49-1.55. So pmdesk keeps FTS5's default leaf size: a migration that set
  3,000 was built, measured and dropped. The segments must be written again to take a new size
  ('optimize'; a row put in and out first when the index is one segment already: 'a row in and
  out' below); 'rebuild' from the content gives the same pages but dearer saves afterwards (30
  us).
- What stays is FTS5's own per transaction: the averages row read by its first statement (its
  'delete': 18 us in pmdesk's save, 7 in a loop), the segment's leaf, its row in
  search_index_idx, the structure and averages rows written back: some 4 pages and 60-75 us
  of the commit in pmdesk's save.

Run: .venv/bin/python benchmarks/search_segments.py [--runs 2000] [--db PATH]
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmdesk.search import count_words
from pmdesk.storage.search_chunks import chunks
from pmdesk.storage.search_index import notes_text
from pmdesk.storage.search_layout import (
    FIRST_CHUNK,
    FTS5_STRUCTURE,
    FTS_TABLE,
    SLOT_BITS,
    fts5_levels,
)
from pmdesk.storage.search_notes import _FTS_DELETE_CHUNK, _FTS_INSERT_CHUNK, _REWRITE_KNOWN
from tests.support.library.search import database, sentence

PM = 1
NOTES_WORDS = 1_000
LOCK = "SELECT versions, revision FROM postmortems WHERE id = ?"
NOTES = "UPDATE postmortems SET notes = ?, versions = ?, revision = ?, updated_at = ? WHERE id = ?"
SETTINGS: dict[str, dict[str, int]] = {
    "no index": {},
    "as built": {},
    "automerge 0, crisismerge 64": {"automerge": 0, "crisismerge": 64},
    "optimized": {"optimize": 1},
    "pgsz 3000": {"pgsz": 3000},
    "pgsz 3000, optimized": {"pgsz": 3000, "optimize": 1},
    "pgsz 3000, rebuilt, optimized": {"pgsz": 3000, "rebuild": 1, "optimize": 1},
    "pgsz 3000, a row in and out, optimized": {"pgsz": 3000, "in and out": 1, "optimize": 1},
}


def levels(con: sqlite3.Connection) -> list[int]:
    """Segments at each level of the index."""
    return fts5_levels(con.execute(FTS5_STRUCTURE).fetchone()[0])


class Copy:
    """A copy of the library with one setting, its postmortem 1 with long notes in chunks."""

    def __init__(self, source: Path, folder: Path, name: str, setting: dict[str, int]) -> None:
        self.name, self.indexed = name, name != "no index"
        self.path = folder / f"{len(list(folder.iterdir()))}.sqlite3"
        shutil.copy(source, self.path)
        self.con = sqlite3.connect(self.path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "wal_autocheckpoint=0"):
            self.con.execute(f"PRAGMA {pragma}")
        for key, value in setting.items():
            if key == "in and out":  # 'optimize' alone leaves one segment as it is
                self.con.execute(
                    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (-1, '', 'x')"
                )
                self.con.execute(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
                    "VALUES ('delete', -1, '', 'x')"
                )
            elif key in ("rebuild", "optimize"):
                self.con.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('{key}')")
            else:
                self.con.execute(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES (?, ?)", (key, value)
                )
        rng = random.Random(NOTES_WORDS)  # as benchmarks/search.py
        self.notes = " ".join(sentence(rng, 10) for _ in range(NOTES_WORDS // 10))
        self._index_notes()
        self.wal = Path(f"{self.path}-wal")
        self.take = 0
        self.saves: list[float] = []
        self.commits: list[float] = []
        self.pages: list[int] = []
        self.checkpoint()

    def _index_notes(self) -> None:
        found = chunks(notes_text(self.notes))
        base = (PM << SLOT_BITS) + FIRST_CHUNK
        self.con.execute("BEGIN")
        self.con.execute("UPDATE postmortems SET notes = ? WHERE id = ?", (self.notes, PM))
        for n, chunk in enumerate(found):
            self.con.execute(
                "INSERT INTO search_parts (id, postmortem_id, part, words, title, body) "
                "VALUES (?, ?, ?, ?, '', ?)",
                (base + n, PM, f"n:{FIRST_CHUNK + n}", chunk.words, chunk.indexed),
            )
            self.con.execute(_FTS_INSERT_CHUNK, (base + n, chunk.indexed))
        self.con.execute(
            "UPDATE search_postmortems SET notes_state = 1 WHERE postmortem_id = ?", (PM,)
        )
        self.con.execute("COMMIT")
        self.slot, self.old = base + len(found) - 1, found[-1].indexed

    def checkpoint(self) -> None:
        self.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def frames(self) -> int:
        return max(0, (self.wal.stat().st_size if self.wal.exists() else 0) - 32) // (4096 + 24)

    def save(self) -> None:
        """The notes with their last sentence changed (pmdesk's cut of them outside the timing)."""
        self.take += 1
        notes = f"{self.notes} Edited in take {self.take} (word{self.take})"
        new = chunks(notes_text(notes))[-1].indexed
        before = self.frames()
        cur = self.con.cursor()
        started = time.process_time_ns()
        cur.execute("BEGIN IMMEDIATE")
        cur.execute(LOCK, (PM,)).fetchone()
        cur.execute(NOTES, (notes, '{"notes": 1}', self.take, "2026-12-06T00:00:00", PM))
        if self.indexed:
            checked = (count_words(new), new, self.slot, self.old, PM, 1)
            assert cur.execute(_REWRITE_KNOWN, checked).rowcount == 1
            cur.execute(_FTS_DELETE_CHUNK, (self.slot, self.old))
            cur.execute(_FTS_INSERT_CHUNK, (self.slot, new))
            self.old = new
        committing = time.process_time_ns()
        cur.execute("COMMIT")
        done = time.process_time_ns()
        self.saves.append((done - started) / 1000)
        self.commits.append((done - committing) / 1000)
        self.pages.append(self.frames() - before)


def report(copies: list[Copy]) -> None:
    print(f"\n{len(copies[0].saves)} saves each, load {os.getloadavg()[0]:.2f}; CPU us:")
    print(f"  {'':40}{'save':>7}{'ratio':>7}{'commit':>8}{'mean':>7}{'p90':>6}  pages  segments")
    bare = statistics.median(copies[0].saves)
    for copy in copies:
        save, commits = statistics.median(copy.saves), sorted(copy.commits)
        print(
            f"  {copy.name:40}{save:7.0f}  x{save / bare:.2f}{statistics.median(commits):8.0f}"
            f"{statistics.mean(commits):7.0f}{commits[len(commits) * 9 // 10]:6.0f}"
            f"  {statistics.mean(copy.pages):4.1f}/{statistics.median(copy.pages):.0f}"
            f"  {levels(copy.con)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--db", type=Path, help="the library (default: the 10,000 benchmark's)")
    args = parser.parse_args()
    source = args.db or database(10_000)
    print(f"SQLite {sqlite3.sqlite_version}, load average {os.getloadavg()[0]:.2f}")
    folder = Path(tempfile.mkdtemp(prefix="pmdesk-segments-"))
    try:
        copies = [Copy(source, folder, name, setting) for name, setting in SETTINGS.items()]
        print("segments by level at the start:", {c.name: levels(c.con) for c in copies})
        for n in range(args.runs):
            if n % 100 == 0:
                for copy in copies:  # the WAL kept short, outside the timing
                    copy.checkpoint()
            turn = n % len(copies)
            for copy in copies[turn:] + copies[:turn]:
                copy.save()
        report(copies)
        for copy in copies:
            copy.con.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
