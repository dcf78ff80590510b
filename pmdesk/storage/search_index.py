"""The full-text index of every postmortem, kept in step inside each save's transaction.

A postmortem is indexed in parts: its title, its summary, lessons and notes, its services and
tags, and each timeline event, finding, contributing factor and action item on its own. A save
re-indexes only the parts its changes name, so editing one event costs the words of that event,
not of the whole postmortem. Searches still rank postmortems (pmdesk.storage.search_query).

- `search_parts`: one row a part. Its id is the postmortem's id times 2**20 plus the part's slot,
  so an index hit names its postmortem without a join.
- `search_postmortems`: one row a postmortem: its services and tags for the filters, and its
  length in words for the ranking.
- SQLite: an FTS5 table `search_index` (porter stemming over unicode61 words) whose content is
  search_parts; this module writes both in the caller's transaction. The notes are indexed in
  chunks of a few sentences (pmdesk.storage.search_chunks), so a save of long notes re-indexes
  the chunk it changed, compared with the chunks this process last wrote while the state stored
  with them says no one else has written them since. Notes typed at their end (their last chunk
  alone changed, and the last save of them wrote it alone) cost three statements: the chunk's
  row rewritten only if it and the state are stored as this process wrote them, FTS5's delete
  and insert; no read first, and no cut of the whole text. A Python whose SQLite has
  no FTS5 still keeps search_parts, and searches it with LIKE (see pmdesk.storage.search_query).
- PostgreSQL: a generated tsvector column on search_parts with a GIN index, in the text search
  configuration `pmdesk_english`: English stemming with no stop words, as FTS5 has none, so the
  two backends find the same postmortems. The notes are in chunks there too; a save's parts are
  written by pmdesk.storage.search_index_pg (`update` below is SQLite's).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, Text, bindparam
from sqlalchemy import text as sql

from pmdesk.search import words_of
from pmdesk.storage import search_chunks
from pmdesk.storage.search_chunks import Chunk, chunks

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from pmdesk.document import Dirty
    from pmdesk.model import Postmortem

PARTS_TABLE = "search_parts"
POSTMORTEMS_TABLE = "search_postmortems"
SEARCH_TABLE = PARTS_TABLE  # the index's text, as a copy's progress names it
INDEX_TABLES = (PARTS_TABLE, POSTMORTEMS_TABLE)  # built again, never copied
FTS_TABLE = "search_index"
PG_CONFIG = "pmdesk_english"
LISTING_INDEX = "postmortems_search_listing"
LISTING_COLUMNS = (
    "id", "deleted_at", "started_at", "detected_at", "resolved_at", "created_at",
    "severity_level", "kind", "status",
)  # fmt: skip
RECENCY_INDEX = "postmortems_search_recency"
# Between names in the services and tags columns, so a filter matches a whole name.
SEPARATOR = "\n"

# A part's id: the postmortem's id shifted left by SLOT_BITS, plus the part's slot.
SLOT_BITS = 20
SLOT_MASK = (1 << SLOT_BITS) - 1
# The postmortem's own fields have fixed slots; items take the next free slot from FIRST_ITEM.
FIELD_SLOTS = {"title": 0, "summary": 1, "lessons": 2, "notes": 3, "names": 4}
TITLE_SLOT = FIELD_SLOTS["title"]
NOTES_SLOT = FIELD_SLOTS["notes"]
FIRST_ITEM = 8
# With FTS5 the notes are indexed in chunks (pmdesk.storage.search_chunks), in the upper half of
# the slots; items stay below it.
FIRST_CHUNK = 1 << (SLOT_BITS - 1)
LAST_ITEM = FIRST_CHUNK - 1
# Each indexed collection's items as parts, by a short prefix of the part's key.
ITEM_PREFIXES = {"timeline": "t", "findings": "f", "factors": "c", "actions": "a"}

metadata = MetaData()
search_parts = Table(
    PARTS_TABLE,
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("postmortem_id", Integer, nullable=False),
    Column("part", Text, nullable=False),
    Column("words", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
)
search_postmortems = Table(
    POSTMORTEMS_TABLE,
    metadata,
    Column("postmortem_id", Integer, primary_key=True, autoincrement=False),
    Column("services", Text, nullable=False),
    Column("tags", Text, nullable=False),
    Column("words", Integer, nullable=False),
    # The state the notes' chunks were last written with (pmdesk.storage.search_chunks.held).
    Column("notes_state", BigInteger, nullable=True),
)


class PartText(NamedTuple):
    title: str
    body: str


def _clean(text: str) -> str:
    return text.replace("\x00", " ")  # PostgreSQL cannot store NUL; the index never needs it


def _paragraphs(texts: Iterable[str]) -> str:
    return _clean("\n".join(t for t in texts if t and t.strip()))


def notes_text(notes: str) -> str:
    """The notes as their part of the index holds them (as _paragraphs([notes]))."""
    return _clean(notes) if notes.strip() else ""


def names(values: Sequence[str]) -> str:
    """Services or tags as the filters read them: folded, each between separators."""
    folded = [_clean(v.strip().casefold()) for v in values if v.strip()]
    return f"{SEPARATOR}{SEPARATOR.join(folded)}{SEPARATOR}" if folded else ""


def _item_text(collection: str, item: Any) -> str:
    if collection == "timeline":
        return _paragraphs([item.text, item.seen, item.believed, item.done_next])
    if collection == "findings":
        return _paragraphs([item.text])
    if collection == "factors":
        return _paragraphs([item.text, *item.whys])
    return _paragraphs([item.description, item.dropped_reason])


def _field_part(pm: Postmortem, key: str) -> PartText:
    if key == "title":
        return PartText(_clean(pm.title), "")
    if key == "names":
        return PartText("", _paragraphs([*pm.services, *pm.tags]))
    return PartText("", _paragraphs([getattr(pm, key)]))


def parts_of(pm: Postmortem) -> dict[str, PartText]:
    """Every part of a postmortem with its text (parts with no text are left out)."""
    parts = {key: _field_part(pm, key) for key in FIELD_SLOTS}
    for collection, prefix in ITEM_PREFIXES.items():
        for item in getattr(pm, collection):
            parts[f"{prefix}:{item.id}"] = PartText("", _item_text(collection, item))
    return {key: text for key, text in parts.items() if text.title.strip() or text.body.strip()}


# The Postmortem fields whose text is indexed: a save that touches none of them, and no item of
# an indexed collection (the timer, the phases, severity, dates...), leaves the index alone.
INDEXED_FIELDS = frozenset({"title", "summary", "lessons", "notes", "services", "tags"})
INDEXED_COLLECTIONS = frozenset(ITEM_PREFIXES)
_NOTES_ALONE = frozenset({"notes"})


def changed_parts(pm: Postmortem, dirty: Dirty) -> dict[str, PartText | None]:
    """The parts a save's changes name, with their new text (None: the part is gone)."""
    wanted: dict[str, PartText | None] = {}
    for name in dirty.fields & INDEXED_FIELDS:
        key = "names" if name in ("services", "tags") else name
        part = _field_part(pm, key)
        wanted[key] = part if part.title.strip() or part.body.strip() else None
    for collection, prefix in ITEM_PREFIXES.items():
        ids = dirty.items.get(collection)
        if not ids:
            continue
        items = {item.id: item for item in getattr(pm, collection)}
        for item_id in ids:
            item = items.get(item_id)
            text = _item_text(collection, item) if item is not None else ""
            wanted[f"{prefix}:{item_id}"] = PartText("", text) if text.strip() else None
    return wanted


def has_fts5(connection: Connection) -> bool:
    """The SQLite database has its FTS5 index and this Python's SQLite can read it."""
    if connection.dialect.name != "sqlite":
        return False
    exists = connection.execute(
        sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": FTS_TABLE},
    ).first()
    if exists is None:
        return False
    from sqlalchemy.exc import OperationalError

    try:  # a failed statement leaves an SQLite transaction as it was
        connection.execute(sql(f"SELECT rowid FROM {FTS_TABLE} LIMIT 0"))
    except OperationalError:  # "no such module: fts5"
        return False
    return True


def fts5_in_this_sqlite() -> bool:
    """This Python's SQLite was built with FTS5."""
    import sqlite3

    con = sqlite3.connect(":memory:")
    try:
        con.execute("CREATE VIRTUAL TABLE probe USING fts5(a)")
    except sqlite3.OperationalError:
        return False
    finally:
        con.close()
    return True


# The statements of a save. On SQLite they go straight to the driver (whose parameters are
# written the same way): SQLAlchemy's own work per statement costs more than SQLite's.
_OLD = (
    f"SELECT id, part, words, title, body FROM {PARTS_TABLE} "
    "WHERE postmortem_id = :pm AND part = :part"
)
_ALL_OLD = f"SELECT id, part, words, title, body FROM {PARTS_TABLE} WHERE postmortem_id = :pm"
_LAST_SLOT = f"SELECT max(id) FROM {PARTS_TABLE} WHERE id BETWEEN :first AND :last"
# The notes' chunks, and a part of the whole notes (as written without FTS5), which they replace.
_CHUNKS = (
    f"SELECT id, words, body FROM {PARTS_TABLE} WHERE id BETWEEN :whole AND :last "
    "AND (id = :whole OR id >= :first) ORDER BY id"
)
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
# The notes typed at their end (pmdesk.storage.search_index._rewrite_last): their last chunk
# rewritten only if it is stored as this process last wrote it, with the state it holds; then
# FTS5's delete of its old text and insert of its new (positional: the fewest steps to bind).
_REWRITE_KNOWN = (
    f"UPDATE {PARTS_TABLE} SET words = ?, body = ? WHERE id = ? AND body = ? "
    f"AND (SELECT notes_state FROM {POSTMORTEMS_TABLE} WHERE postmortem_id = ?) = ?"
)
_FTS_DELETE_CHUNK = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) VALUES ('delete', ?, '', ?)"
)
_FTS_INSERT_CHUNK = f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (?, '', ?)"
_POSTMORTEM_WORDS = (
    f"UPDATE {POSTMORTEMS_TABLE} SET words = words + :delta WHERE postmortem_id = :pm"
)
_TOUCHED = f"SELECT id, body FROM {PARTS_TABLE} WHERE id IN (SELECT value FROM json_each(:ids))"
# The notes' state, and the text of each chunk the last save touched (few: read in this one
# statement; more are read by _TOUCHED).
_FEW_TOUCHED = 8
_STATES = [
    "SELECT notes_state"
    + "".join(f", (SELECT body FROM {PARTS_TABLE} WHERE id = ?)" for _ in range(count))
    + f" FROM {POSTMORTEMS_TABLE} WHERE postmortem_id = ?"
    for count in range(_FEW_TOUCHED + 1)
]
_POSTMORTEM_NOTES = (
    f"UPDATE {POSTMORTEMS_TABLE} SET words = words + :delta, notes_state = :state "
    "WHERE postmortem_id = :pm"
)
_POSTMORTEM_NAMES = (
    f"UPDATE {POSTMORTEMS_TABLE} SET services = :services, tags = :tags WHERE postmortem_id = :pm"
)
_POSTMORTEM_INSERT = (
    f"INSERT INTO {POSTMORTEMS_TABLE} (postmortem_id, services, tags, words) "
    "VALUES (:pm, :services, :tags, :words)"
)
_POSTMORTEM_DELETE = f"DELETE FROM {POSTMORTEMS_TABLE} WHERE postmortem_id = :pm"


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


def _words(part: PartText) -> int:
    return len(words_of(part.title)) + len(words_of(part.body))


def store(connection: Connection, pm: Postmortem, *, fts5: bool) -> None:
    """Index a whole postmortem afresh (inside the caller's transaction)."""
    assert pm.id is not None
    store_parts(connection, pm.id, parts_of(pm), names(pm.services), names(pm.tags), fts5=fts5)


def store_parts(
    connection: Connection,
    postmortem_id: int,
    parts: Mapping[str, PartText],
    services: str,
    tags: str,
    *,
    fts5: bool,
    whole_notes: bool = False,
) -> None:
    """Replace every part of one postmortem, with slots numbered afresh (with FTS5 and on
    PostgreSQL the notes in chunks, unless `whole_notes`: as releases before chunks read them)."""
    forget(connection, [postmortem_id], fts5=fts5)
    base = postmortem_id << SLOT_BITS
    rows: list[dict[str, Any]] = []
    slot = FIRST_ITEM
    chunked = not whole_notes and (fts5 or connection.dialect.name == "postgresql")
    for key, part in parts.items():
        if key == "notes" and chunked:
            rows += _chunk_rows(postmortem_id, chunks(part.body, postmortem_id), FIRST_CHUNK)
            continue
        if key in FIELD_SLOTS:
            number = FIELD_SLOTS[key]
        else:
            number, slot = slot, slot + 1
        rows.append(
            {"id": base + number, "pm": postmortem_id, "part": key, "words": _words(part)}
            | part._asdict()
        )
    total = sum(r["words"] for r in rows)
    run = _Statements(connection).run
    run(
        _POSTMORTEM_INSERT,
        {"pm": postmortem_id, "services": services, "tags": tags, "words": total},
    )
    run(_INSERT_PART, rows)
    if fts5:
        run(_FTS_INSERT, [{k: r[k] for k in ("id", "title", "body")} for r in rows])


def update(connection: Connection, pm: Postmortem, dirty: Dirty, *, fts5: bool) -> None:
    """Re-index only the parts of `pm` that `dirty` names (inside the caller's transaction)."""
    assert pm.id is not None
    if (
        fts5
        and dirty.fields & INDEXED_FIELDS == _NOTES_ALONE
        and not any(map(dirty.items.get, ITEM_PREFIXES))
    ):
        # Typing in the notes, the save a meeting makes most: their chunks alone.
        statements = _Statements(connection)
        moved, state = _update_chunks(statements, pm.id, notes_text(pm.notes))
        _count_notes(statements, pm.id, moved, state)
        return
    wanted = changed_parts(pm, dirty)
    if not wanted:
        return
    chunked = fts5 and "notes" in wanted
    notes = wanted.pop("notes") if chunked else None
    statements = _Statements(connection)
    run = statements.run
    gone: list[tuple[Any, ...]] = []  # (id, part, words, title, body) as stored
    changed: list[dict[str, Any]] = []
    added: list[dict[str, Any]] = []
    delta = 0
    for key, part in wanted.items():
        found = statements.rows(_OLD, {"pm": pm.id, "part": key})
        before = found[0] if found else None
        if before is not None and part is not None and (before[3], before[4]) == part:
            continue
        if before is not None:
            gone.append(before)
            delta -= int(before[2])
        if part is None:
            continue
        values: dict[str, Any] = {"pm": pm.id, "part": key, "words": _words(part)}
        values |= part._asdict()
        delta += values["words"]
        if before is not None:
            changed.append(values | {"id": before[0]})
        else:
            added.append(values)
    if added and not _number(statements, pm.id, added):
        store(connection, pm, fts5=fts5)  # a postmortem out of slots: number them afresh
        return
    state = None
    if chunked:
        moved, state = _update_chunks(statements, pm.id, notes.body if notes else "")
        delta += moved
    if fts5:
        run(_FTS_DELETE, [{"id": r[0], "title": r[3], "body": r[4]} for r in gone])
    kept = {c["part"] for c in changed}
    run(_DELETE_PART, [{"id": r[0]} for r in gone if r[1] not in kept])
    run(_UPDATE_PART, [{k: c[k] for k in ("id", "words", "title", "body")} for c in changed])
    run(_INSERT_PART, added)
    if fts5:
        run(_FTS_INSERT, [{k: v[k] for k in ("id", "title", "body")} for v in changed + added])
    _count_notes(statements, pm.id, delta, state)
    if "names" in wanted:
        names_now = {"pm": pm.id, "services": names(pm.services), "tags": names(pm.tags)}
        run(_POSTMORTEM_NAMES, names_now)


def _count_notes(
    statements: _Statements, postmortem_id: int, delta: int, state: int | None
) -> None:
    """Add `delta` to the postmortem's words, and store the notes' new state (None: as it is)."""
    if state is not None:
        statements.run(_POSTMORTEM_NOTES, {"delta": delta, "state": state, "pm": postmortem_id})
    elif delta:
        statements.run(_POSTMORTEM_WORDS, {"delta": delta, "pm": postmortem_id})


def _chunk_rows(postmortem_id: int, found: Sequence[Chunk], slot: int) -> list[dict[str, Any]]:
    """Parts for the notes' chunks, in slots from `slot` on."""
    base = postmortem_id << SLOT_BITS
    return [
        {
            "id": base + n,
            "pm": postmortem_id,
            "part": f"n:{n}",
            "words": chunk.words,
            "title": "",
            "body": chunk.indexed,
        }
        for n, chunk in enumerate(found, start=slot)
    ]


def _update_chunks(
    statements: _Statements, postmortem_id: int, notes: str
) -> tuple[int, int | None]:
    """Re-index the chunks of the notes (as notes_text reads them) that changed (FTS5 only): how
    many words the notes gained, and a new state to store with them (None: the stored one
    stays)."""
    base = postmortem_id << SLOT_BITS
    known = search_chunks.held(postmortem_id)
    last = _typed_at_end(known, postmortem_id, notes)
    if known is not None and last is not None:
        moved = _rewrite_last(statements, postmortem_id, known, last)
        if moved is not None:
            return moved, None
        known = None  # written by someone else since, or the last save of them rolled back
    elif known is not None and _stored_state(statements, postmortem_id, known) != known.state:
        known = None  # (as above)
    new = chunks(notes, postmortem_id)
    change = search_chunks.rewrites(new, known) if known is not None else None
    if change is None:
        if known is None:
            ends = {"first": base + FIRST_CHUNK, "last": base + SLOT_MASK}
            old = statements.rows(_CHUNKS, ends | {"whole": base + NOTES_SLOT})
        else:
            old = known.rows
        change = search_chunks.plan(
            new, old, known, base=base, slots=range(base + FIRST_CHUNK, base + SLOT_MASK + 1),
            whole=base + NOTES_SLOT,
        )  # fmt: skip
    if not search_chunks.changes(change):
        if known is not None:  # a state read but not written here is another process's to keep
            search_chunks.hold(
                postmortem_id, known.state, change.now, new, change.next_slot,
                search_chunks.NOTHING_TOUCHED,
            )  # fmt: skip
        return 0, None
    cursor = statements.cursor
    _send(cursor, _FTS_DELETE, [{"id": r[0], "title": "", "body": r[2]} for r in change.removed])
    if change.dropped:
        _send(cursor, _DELETE_PART, [{"id": r[0]} for r in change.dropped])
    _send(cursor, _UPDATE_PART, change.rewritten)
    if change.inserted:
        _send(cursor, _INSERT_PART, [values | {"pm": postmortem_id} for values in change.inserted])
    _send(cursor, _FTS_INSERT, change.rewritten + change.inserted)  # the names it needs are read
    fresh = search_chunks.new_state() if known is None else None
    kept = known.state if known is not None else fresh
    assert kept is not None
    search_chunks.hold(postmortem_id, kept, change.now, new, change.next_slot, change.touched)
    return change.words, fresh


def _typed_at_end(known: search_chunks.Held | None, postmortem_id: int, notes: str) -> Chunk | None:
    """The notes' new last chunk when it alone changed, and the last save of them wrote their
    last chunk alone: whether that save was kept, and no one else has written them since, is
    then asked by the write itself (_rewrite_last). None: read the state first."""
    if known is None or not known.chunks:
        return None
    slot, _words, body = known.rows[-1]
    if known.touched != ((slot,), (body,)):
        return None
    return search_chunks.last_typed_in(notes, postmortem_id, known.chunks[-1])


def _rewrite_last(
    statements: _Statements, postmortem_id: int, known: search_chunks.Held, chunk: Chunk
) -> int | None:
    """Write the notes' last chunk anew in its slot, the others being as `known` holds them (the
    notes typed at their end, the save a meeting makes every few seconds): how many words the
    notes gained. None, and nothing written, when the stored state is not the one held or the
    chunk is not stored as the last save wrote it."""
    slot, words, old = known.rows[-1]
    new = chunk.indexed
    cursor = statements.cursor
    if not _write_known(cursor, (chunk.words, new, slot, old, postmortem_id, known.state)):
        return None
    cursor.execute(_FTS_DELETE_CHUNK, (slot, old))
    cursor.execute(_FTS_INSERT_CHUNK, (slot, new))
    known.rows[-1] = (slot, chunk.words, new)  # known is this save's (held forgot it)
    known.chunks[-1] = chunk
    touched = search_chunks.Touched((slot,), (new,))
    search_chunks.hold(
        postmortem_id, known.state, known.rows, known.chunks, known.next_slot, touched
    )
    return chunk.words - words


def _write_known(cursor: Any, values: tuple[Any, ...]) -> bool:
    """Write a chunk's words and text if it is stored as this process last wrote it, with the
    state it holds (_REWRITE_KNOWN's values); False: nothing written."""
    written: bool = cursor.execute(_REWRITE_KNOWN, values).rowcount == 1
    return written


def _send(cursor: Any, statement: str, rows: list[dict[str, Any]]) -> None:
    """Run an SQLite statement once for each row (the usual one without executemany's setup)."""
    if len(rows) == 1:
        cursor.execute(statement, rows[0])
    elif rows:
        cursor.executemany(statement, rows)


def _stored_state(
    statements: _Statements, postmortem_id: int, known: search_chunks.Held | None
) -> int | None:
    """The notes' state as stored; None when there is none, or when a chunk the last save of
    `known` touched is not stored as it wrote it (the text, or none: that save rolled back)."""
    touched = known.touched if known is not None else search_chunks.NOTHING_TOUCHED
    few = len(touched.ids) <= _FEW_TOUCHED
    row = statements.cursor.execute(
        _STATES[len(touched.ids) if few else 0],
        [*touched.ids, postmortem_id] if few else [postmortem_id],
    ).fetchone()
    if row is None:
        return None
    if few:
        bodies = row[1:]
    else:
        found = dict(statements.rows(_TOUCHED, {"ids": json.dumps(touched.ids)}))
        bodies = tuple(map(found.get, touched.ids))
    if bodies != touched.bodies:
        return None
    state: int | None = row[0]
    return state


def _number(statements: _Statements, postmortem_id: int, added: list[dict[str, Any]]) -> bool:
    """Give new parts their ids; False when the postmortem has used up its slots."""
    base = postmortem_id << SLOT_BITS
    last = statements.rows(_LAST_SLOT, {"first": base, "last": base + LAST_ITEM})[0][0]
    slot = max(FIRST_ITEM, (int(last) - base + 1) if last is not None else FIRST_ITEM)
    for values in added:
        key = values["part"]
        if key in FIELD_SLOTS:
            values["id"] = base + FIELD_SLOTS[key]
        else:
            values["id"], slot = base + slot, slot + 1
    return slot <= LAST_ITEM + 1


def forget(connection: Connection, ids: Sequence[int], *, fts5: bool) -> None:
    """Take postmortems out of the index (before they are deleted)."""
    statements = _Statements(connection)
    for pm_id in ids:
        old = statements.rows(_ALL_OLD, {"pm": pm_id})
        if fts5:
            statements.run(_FTS_DELETE, [{"id": r[0], "title": r[3], "body": r[4]} for r in old])
        statements.run(_DELETE_PART, [{"id": r[0]} for r in old])
        statements.run(_POSTMORTEM_DELETE, {"pm": pm_id})


def store_from_rows(
    connection: Connection, ids: Sequence[int] | None, *, fts5: bool, whole_notes: bool = False
) -> None:
    """Index postmortems from their stored rows (all when `ids` is None).

    For what changes without a whole document in hand: the migration that builds the index for
    an existing database, and the tracker's edits of one action.
    """
    chosen = "" if ids is None else "WHERE id IN :ids"
    params: dict[str, Any] = {} if ids is None else {"ids": list(ids)}

    def rows(query: str) -> list[Any]:
        statement = sql(query)
        if ids is not None:
            statement = statement.bindparams(bindparam("ids", expanding=True))
        return list(connection.execute(statement, params))

    owner = "" if ids is None else "WHERE postmortem_id IN :ids"
    items: dict[int, dict[str, PartText]] = {}

    def add(pm_id: int, prefix: str, item_id: str, texts: Iterable[str]) -> None:
        body = _paragraphs(texts)
        if body.strip():
            items.setdefault(int(pm_id), {})[f"{prefix}:{item_id}"] = PartText("", body)

    events = rows(
        f"SELECT postmortem_id, at, seq, id, text, seen, believed, done_next FROM timeline_events "
        f"{owner}"
    )
    # In time order, as a document holds them (stored text orders equal instants in different
    # offsets otherwise), so the index is the same whether built here or by a save.
    events.sort(key=lambda r: (r[0], _instant(r[1]), r[2]))
    for pm_id, _at, _seq, item_id, *texts in events:
        add(pm_id, "t", item_id, texts)
    for pm_id, item_id, text in rows(
        f"SELECT postmortem_id, id, text FROM findings {owner} ORDER BY postmortem_id, position"
    ):
        add(pm_id, "f", item_id, [text])
    for pm_id, item_id, text, whys in rows(
        f"SELECT postmortem_id, id, text, whys FROM factors {owner} "
        "ORDER BY postmortem_id, position"
    ):
        add(pm_id, "c", item_id, [text, *_json_list(whys)])
    for pm_id, item_id, description, reason in rows(
        f"SELECT postmortem_id, id, description, dropped_reason FROM action_items {owner} "
        "ORDER BY postmortem_id, position"
    ):
        add(pm_id, "a", item_id, [description, reason])
    for pm_id, title, summary, lessons, notes, services, tags in rows(
        f"SELECT id, title, summary, lessons, notes, services, tags FROM postmortems {chosen}"
    ):
        service_list, tag_list = _json_list(services), _json_list(tags)
        fields = {
            "title": PartText(_clean(title or ""), ""),
            "summary": PartText("", _paragraphs([summary or ""])),
            "lessons": PartText("", _paragraphs([lessons or ""])),
            "notes": PartText("", _paragraphs([notes or ""])),
            "names": PartText("", _paragraphs([*service_list, *tag_list])),
        }
        parts = {k: p for k, p in fields.items() if p.title.strip() or p.body.strip()}
        parts.update(items.get(int(pm_id), {}))
        store_parts(
            connection, int(pm_id), parts, names(service_list), names(tag_list),
            fts5=fts5, whole_notes=whole_notes,
        )  # fmt: skip


def _instant(value: Any) -> float:
    from datetime import datetime

    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when.timestamp()


def _json_list(value: Any) -> list[str]:
    if isinstance(value, str | bytes):
        value = json.loads(value)
    return [str(v) for v in value or []]
