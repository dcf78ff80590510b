"""What an edited timeline event's save costs PostgreSQL's server for the search index (issue 18
point 4), statement by statement, with psycopg alone.

pmdesk's event save sends the index one statement (pmdesk.storage.search_index_pg._PUT, queued
with the save's writes in pipeline mode): it finds the part, rewrites it only when its text
changed (so the tsvectors of the other parts are kept as they are), and moves the postmortem's
word count. Here a save of one event's text is sent as pmdesk sends it, in one pipeline, with
each of these after it, taking turns save by save:

  bare           no index statement
  put            _PUT as shipped (the part's text changed: a new row version, its tsvector,
                 and an entry in each of the table's three indexes: pkey, owner, GIN)
  put unchanged  _PUT with the part's text as stored: what finding the part costs (no write)
  no insert      _PUT without its branch that adds a missing part (its INSERT is set up by
                 the executor, with the table's three indexes, even when it adds nothing)
  update only    a leaner statement for a part known to be there (no branch for a new one)
  words only     an UPDATE of the part's word count alone: a row version that keeps its
                 tsvector and index entries (HOT), to set the tsvector's share apart

The server's CPU time (its backend and every other process of it, from /proc: the server runs
on this machine) and the wall time of each save, medians; the database is
benchmarks/search.py's 10,000 postmortems (created on the server there, or here with --postgres).

Figures, PostgreSQL 15, 2 cores shared with other work (load 3.4-3.8), --runs 300, 2026-12-06,
server CPU over `bare` (about 600 us), two runs:

  put            +282 / +312 us   x1.47-1.52
  put unchanged  +130 / +137 us   (finding the part, and the statement's own cost)
  no insert      +208 / +234 us   (the branch for a new part costs 70-80 us, adding nothing)
  update only    +180 / +204 us
  words only     + 52 /  +83 us   (so the new tsvector, with its GIN and index entries, and the
                                  text's new row version cost some 120-130 us)

- An event's save sends the index one statement, and rewrites the one part whose text changed:
  the other parts' tsvectors are kept. What it costs is the new row version of that part (its
  tsvector, an entry in each of three indexes) and the statement's own work, of which the INSERT
  branch that only a new part needs is 70-80 us. Sending that branch only when the part may be
  missing would take knowing it without reading first (the point of the one statement).
- The wall time is the wait for the server's disk (1.3 to 8 ms a save here, as other work
  writes); `put unchanged` puts the text back just before each save, so its wall time is not
  comparable. In benchmarks/search.py (the whole save, in pipeline mode, 300 alternated, same
  server): wall x1.04-1.19, server CPU x1.30-1.41.

Run: .venv/bin/python benchmarks/search_save_pg.py [--url postgresql+psycopg://...] [--runs 300]
(figures are printed, never asserted; the load average is printed beside them)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg
from sqlalchemy import make_url

from benchmarks.search import _parent, _spent, postgres_database
from pmdesk.storage import search_index_pg
from pmdesk.storage.search_layout import FIRST_ITEM, LAST_ITEM, SLOT_BITS

PM = 5
UPDATE_ONLY = """
WITH old AS (
    SELECT id, words FROM search_parts WHERE postmortem_id = %(pm)s AND part = %(part)s
), changed AS (
    UPDATE search_parts AS s SET words = %(words)s, title = %(title)s, body = %(body)s
    FROM old WHERE s.id = old.id AND (s.title, s.body) IS DISTINCT FROM (%(title)s, %(body)s)
    RETURNING %(words)s - old.words AS delta
)
UPDATE search_postmortems AS counts SET words = counts.words + changed.delta
FROM changed WHERE counts.postmortem_id = %(pm)s AND changed.delta <> 0
"""
# _PUT without its branch for a new part (and so without the answer whether it found a slot).
PUT_NO_INSERT = """
WITH old AS (
    SELECT id, words, title, body FROM search_parts
    WHERE postmortem_id = %(pm)s AND part = %(part)s
), changed AS (
    UPDATE search_parts AS s SET words = %(words)s, title = %(title)s, body = %(body)s
    FROM old
    WHERE s.id = old.id AND (old.title, old.body) IS DISTINCT FROM (%(title)s, %(body)s)
    RETURNING %(words)s - old.words AS delta
), counted AS (
    UPDATE search_postmortems AS counts SET words = counts.words + moved.delta
    FROM (SELECT sum(delta) AS delta FROM changed) AS moved
    WHERE counts.postmortem_id = %(pm)s AND moved.delta <> 0
    RETURNING 1
)
SELECT NOT EXISTS (SELECT 1 FROM old)
"""
WORDS_ONLY = (
    "UPDATE search_parts SET words = %(words)s WHERE postmortem_id = %(pm)s AND part = %(part)s"
)
SHAPES = ("bare", "put", "put unchanged", "no insert", "update only", "words only")
KEPT = "A text kept as it is"


class Server:
    """The CPU time of the server's processes, from /proc (ServerClock of benchmarks/search.py)."""

    def __init__(self, backend: int) -> None:
        self.postmaster = _parent(backend)

    def times(self) -> dict[int, int]:
        found = {}
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit() and self.postmaster in (int(proc.name), _parent(int(proc.name))):
                try:
                    found[int(proc.name)] = int((proc / "schedstat").read_text().split()[0])
                except OSError:
                    continue
        return found


class EventSaves:
    def __init__(self, url: str) -> None:
        self.con = psycopg.connect(url)
        cur = self.con.cursor()
        self.server = Server(cur.execute("SELECT pg_backend_pid()").fetchone()[0])  # type: ignore[index]
        self.row = list(
            cur.execute(
                "SELECT postmortem_id, id, version, at, seq, text, source, marker, seen, "
                "believed, done_next, added_by FROM timeline_events WHERE postmortem_id = %s "
                "ORDER BY seq LIMIT 1",
                (PM,),
            ).fetchone()  # type: ignore[arg-type]
        )
        self.part = f"t:{self.row[1]}"
        self.original = self._body()
        self.con.commit()
        self.put = search_index_pg._PUT.format(guard="TRUE", slot=search_index_pg._NEXT_SLOT)
        base = PM << SLOT_BITS
        self.fixed = {"pm": PM, "part": self.part, "title": "", "last": base + LAST_ITEM}
        self.fixed["first"] = base + FIRST_ITEM
        self.take = 0

    def _body(self) -> str:
        found = self.con.execute(
            "SELECT body FROM search_parts WHERE postmortem_id = %s AND part = %s",
            (PM, self.part),
        ).fetchone()
        assert found is not None
        return str(found[0])

    def set_text(self, body: str) -> None:
        """The part's text as `body`, outside the timing."""
        self.con.execute(self.put, self.fixed | {"words": len(body.split()), "body": body})
        self.con.commit()

    def save(self, shape: str) -> tuple[float, float]:
        """One event's text saved, with the shape's index statement: the server's CPU time and
        the wall time, in microseconds."""
        if shape == "put unchanged":
            self.set_text(KEPT)
        self.take += 1
        text = f"Edited in take {self.take} (word{self.take})"
        row = [*self.row[:5], text, *self.row[6:]]
        params = self.fixed | {"words": 5, "body": KEPT if shape == "put unchanged" else text}
        before, started = self.server.times(), time.perf_counter()
        cur = self.con.cursor()
        with self.con.pipeline():
            cur.execute(
                "UPDATE postmortems SET revision = revision + 1, updated_at = %s WHERE id = %s",
                (str(self.take), PM),
            )
            cur.execute(
                "DELETE FROM timeline_events WHERE postmortem_id = %s AND id = %s",
                (PM, self.row[1]),
            )
            cur.execute(
                "INSERT INTO timeline_events (postmortem_id, id, version, at, seq, text, source, "
                "marker, seen, believed, done_next, added_by) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                row,
            )
            if shape in ("put", "put unchanged"):
                cur.execute(self.put, params)
            elif shape == "no insert":
                cur.execute(PUT_NO_INSERT, params)
            elif shape == "update only":
                cur.execute(UPDATE_ONLY, params)
            elif shape == "words only":
                cur.execute(WORDS_ONLY, params | {"words": self.take % 7})
            self.con.commit()
        wall = time.perf_counter() - started
        return _spent(before, self.server.times()) * 1e6, wall * 1e6


def measure(url: str, runs: int) -> None:
    saves = EventSaves(url)
    taken: dict[str, list[tuple[float, float]]] = {shape: [] for shape in SHAPES}
    try:
        for n in range(runs):
            for shape in SHAPES[n % len(SHAPES) :] + SHAPES[: n % len(SHAPES)]:
                taken[shape].append(saves.save(shape))
    finally:
        saves.set_text(saves.original)
        saves.con.close()
    bare = statistics.median(cpu for cpu, _wall in taken["bare"])
    bare_wall = statistics.median(wall for _cpu, wall in taken["bare"])
    print(
        f"\nan event's save, {runs} each, server CPU and wall (us, medians; load "
        f"{os.getloadavg()[0]:.2f}):"
    )
    for shape, figures in taken.items():
        cpu = statistics.median(c for c, _w in figures)
        wall = statistics.median(w for _c, w in figures)
        print(
            f"  {shape:14} {cpu:7.1f} x{cpu / bare:.2f}   wall {wall:8.1f} x{wall / bare_wall:.2f}"
        )


@contextmanager
def server(args: argparse.Namespace) -> Iterator[str]:
    if args.url:
        yield args.url
        return
    from tests.support.postgres import throwaway_postgres

    with throwaway_postgres() as url:
        yield url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a PostgreSQL server (else a throw-away one is started)")
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    with server(args) as url:
        location: Any = make_url(postgres_database(url, 10_000))
        plain = location.set(drivername="postgresql").render_as_string(hide_password=False)
        measure(plain, args.runs)


if __name__ == "__main__":
    main()
