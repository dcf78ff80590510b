"""Where the search index keeps its text, as both its writers on SQLite use it (the whole parts,
pmdesk.storage.search_index, and the notes' chunks, pmdesk.storage.search_notes): the tables'
names, how a part's id is laid out, and the statements and runner a save writes parts with.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import text as sql

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy import Connection

PARTS_TABLE = "search_parts"
POSTMORTEMS_TABLE = "search_postmortems"
FTS_TABLE = "search_index"

# A part's id: the postmortem's id shifted left by SLOT_BITS, plus the part's slot.
SLOT_BITS = 20
SLOT_MASK = (1 << SLOT_BITS) - 1
# The postmortem's own fields have fixed slots; items take the next free slot from FIRST_ITEM.
# "parked": the parking lot's points; "questions": the pre-read's open questions.
FIELD_SLOTS = {
    "title": 0, "summary": 1, "lessons": 2, "notes": 3, "names": 4, "parked": 5, "questions": 6,
}  # fmt: skip
TITLE_SLOT = FIELD_SLOTS["title"]
NOTES_SLOT = FIELD_SLOTS["notes"]
# Where a snippet from these parts was found, said before it: a parked point or an open question
# read alone would pass for something the review settled.
# A snippet comes from them only when no other part matches: a point parked and then turned into
# an action is shown as the action.
FOUND_IN = {FIELD_SLOTS["parked"]: "Parking lot", FIELD_SLOTS["questions"]: "Open questions"}
FIRST_ITEM = 8
# With FTS5 the notes are indexed in chunks (pmdesk.storage.search_chunks), in the upper half of
# the slots; items stay below it.
FIRST_CHUNK = 1 << (SLOT_BITS - 1)
LAST_ITEM = FIRST_CHUNK - 1


def found_in(slot: int, snippet: str) -> str:
    """The snippet of a hit in the part in `slot`, with where it was found when FOUND_IN names
    the part."""
    where = FOUND_IN.get(slot)
    return f"{where}: {snippet}" if where and snippet else snippet


# The statements of a save. On SQLite they go straight to the driver (whose parameters are
# written the same way): SQLAlchemy's own work per statement costs more than SQLite's.
_DELETE_PART = f"DELETE FROM {PARTS_TABLE} WHERE id = :id"
_UPDATE_PART = (
    f"UPDATE {PARTS_TABLE} SET words = :words, title = :title, body = :body WHERE id = :id"
)
_INSERT_PART = (
    f"INSERT INTO {PARTS_TABLE} (id, postmortem_id, part, words, title, body) "
    "VALUES (:id, :pm, :part, :words, :title, :body)"
)
_FTS_DELETE = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) VALUES ('delete', :id, :title, :body)"
_FTS_INSERT = f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (:id, :title, :body)"


class _Statements:
    """Runs the statements above in the caller's transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.cursor: Any = None
        if connection.dialect.name == "sqlite":
            self.cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]

    def rows(self, statement: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        if self.cursor is not None:
            found: list[tuple[Any, ...]] = self.cursor.execute(statement, params).fetchall()
            return found
        return [tuple(r) for r in self.connection.execute(sql(statement), params)]

    def run(self, statement: str, params: dict[str, Any] | list[dict[str, Any]]) -> None:
        if isinstance(params, list):
            if not params:
                return
            if len(params) == 1:  # the usual save: one row, without executemany's setup
                params = params[0]
        if self.cursor is None:
            self.connection.execute(sql(statement), params)
        elif isinstance(params, list):
            self.cursor.executemany(statement, params)
        else:
            self.cursor.execute(statement, params)


def fts5_write(
    statements: _Statements, gone: Iterable[dict[str, Any]], new: Iterable[dict[str, Any]]
) -> None:
    """Take the parts `gone` out of the FTS5 index and put the parts `new` in (each a mapping
    with the part's id, title and body), in ascending order of id, a part's delete before its
    insert. FTS5 holds a transaction's writes in memory and writes them out as one new segment
    at the commit, but it writes out what it holds first whenever an id comes lower than the one
    before: in any other order a save of several parts wrote a segment for every step down, and
    each segment costs the commit as many pages again (test_search_segments)."""
    steps = sorted(
        [(row["id"], 0, row) for row in gone] + [(row["id"], 1, row) for row in new],
        key=itemgetter(0, 1),
    )
    for insert, run in groupby(steps, key=itemgetter(1)):
        statements.run(_FTS_INSERT if insert else _FTS_DELETE, [row for *_, row in run])


# FTS5's structure record: the segments of its index, level by level (row 10 of its data).
FTS5_STRUCTURE = f"SELECT block FROM {FTS_TABLE}_data WHERE id = 10"


def fts5_levels(record: bytes) -> list[int]:
    """How many segments FTS5's index has at each level, from its structure record: a 4-byte
    cookie, varints for the number of levels, of segments and the write counter, then for each
    level its merge state and number of segments, and for each segment its id, first and last
    leaf (for tests and benchmarks: the segments a save writes)."""
    at, values = 4, []
    while at < len(record):
        value = 0
        for n in range(9):
            byte, at = record[at], at + 1
            if n == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    levels, found, at = values[0], [], 3
    for _ in range(levels):
        found.append(values[at + 1])
        at += 2 + 3 * values[at + 1]
    return found
