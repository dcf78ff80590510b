"""The full-text index of every postmortem, kept in step inside each save's transaction.

A postmortem is indexed in parts: its title, its summary, lessons and notes, its services and
tags, its parking lot and the pre-read's open questions (pmdesk.facilitation), and each timeline
event, finding, contributing factor and action item on its own. A save
re-indexes only the parts its changes name, so editing one event costs the words of that event,
not of the whole postmortem. Searches still rank postmortems (pmdesk.storage.search_query).

- `search_parts`: one row a part. Its id is the postmortem's id times 2**20 plus the part's slot,
  so an index hit names its postmortem without a join.
- `search_postmortems`: one row a postmortem: its services and tags for the filters, and its
  length in words for the ranking.
- SQLite: an FTS5 table `search_index` (porter stemming over unicode61 words) whose content is
  search_parts; this module writes both in the caller's transaction. The notes are indexed in
  chunks of a few sentences (pmdesk.storage.search_chunks), written by
  pmdesk.storage.search_notes: a save of long notes re-indexes the chunk it changed. The tables'
  names, the slots and the statements both writers share are in pmdesk.storage.search_layout.
  FTS5 writes a transaction's changes as one new segment at the commit, the most of what the
  index adds to a save: its changes go in ascending rowid order (search_layout.fts5_write), or
  it writes a segment for each step down. A Python whose SQLite has
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
from pmdesk.storage.search_chunks import Chunk, chunks
from pmdesk.storage.search_layout import (
    _DELETE_PART,
    _INSERT_PART,
    _UPDATE_PART,
    FIELD_SLOTS,
    FIRST_CHUNK,
    FIRST_ITEM,
    FTS_TABLE,
    LAST_ITEM,
    PARTS_TABLE,
    POSTMORTEMS_TABLE,
    SLOT_BITS,
    _Statements,
    fts5_write,
)
from pmdesk.storage.search_notes import _count_notes, _update_chunks

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from pmdesk.document import Dirty
    from pmdesk.facilitation import Facilitation
    from pmdesk.model import Postmortem

SEARCH_TABLE = PARTS_TABLE  # the index's text, as a copy's progress names it
INDEX_TABLES = (PARTS_TABLE, POSTMORTEMS_TABLE)  # built again, never copied
PG_CONFIG = "pmdesk_english"
LISTING_INDEX = "postmortems_search_listing"
LISTING_COLUMNS = (
    "id", "deleted_at", "started_at", "detected_at", "resolved_at", "created_at",
    "severity_level", "kind", "status",
)  # fmt: skip
RECENCY_INDEX = "postmortems_search_recency"
# Between names in the services and tags columns, so a filter matches a whole name.
SEPARATOR = "\n"

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


def facilitation_parts(f: Facilitation) -> dict[str, PartText]:
    """The parts kept in the postmortem's facilitation record: every parked point, settled or
    not, and every open question (the round robins and the survey hold no text to search)."""
    return {
        "parked": PartText("", _paragraphs([p.text for p in f.parking_lot])),
        "questions": PartText("", _paragraphs(f.open_questions)),
    }


def _field_part(pm: Postmortem, key: str) -> PartText:
    if key == "title":
        return PartText(_clean(pm.title), "")
    if key == "names":
        return PartText("", _paragraphs([*pm.services, *pm.tags]))
    if key in _FACILITATION_PARTS:
        return facilitation_parts(pm.facilitation)[key]
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
INDEXED_FIELDS = frozenset(
    {"title", "summary", "lessons", "notes", "services", "tags", "facilitation"}
)
INDEXED_COLLECTIONS = frozenset(ITEM_PREFIXES)
_NOTES_ALONE = frozenset({"notes"})
_FACILITATION_PARTS = ("parked", "questions")
# The parts each indexed field is in (a field not named here: the part of its own name).
_PARTS_OF_FIELD = {
    "services": ("names",),
    "tags": ("names",),
    "facilitation": _FACILITATION_PARTS,
}


def changed_parts(pm: Postmortem, dirty: Dirty) -> dict[str, PartText | None]:
    """The parts a save's changes name, with their new text (None: the part is gone)."""
    wanted: dict[str, PartText | None] = {}
    for name in dirty.fields & INDEXED_FIELDS:
        for key in _PARTS_OF_FIELD.get(name, (name,)):
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


# The statements of a save that only whole parts need (see search_layout for the others).
_OLD = (
    f"SELECT id, part, words, title, body FROM {PARTS_TABLE} "
    "WHERE postmortem_id = :pm AND part = :part"
)
_ALL_OLD = f"SELECT id, part, words, title, body FROM {PARTS_TABLE} WHERE postmortem_id = :pm"
_LAST_SLOT = f"SELECT max(id) FROM {PARTS_TABLE} WHERE id BETWEEN :first AND :last"
_POSTMORTEM_NAMES = (
    f"UPDATE {POSTMORTEMS_TABLE} SET services = :services, tags = :tags WHERE postmortem_id = :pm"
)
_POSTMORTEM_INSERT = (
    f"INSERT INTO {POSTMORTEMS_TABLE} (postmortem_id, services, tags, words) "
    "VALUES (:pm, :services, :tags, :words)"
)
_POSTMORTEM_DELETE = f"DELETE FROM {POSTMORTEMS_TABLE} WHERE postmortem_id = :pm"


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
    statements = _Statements(connection)
    old = statements.rows(_ALL_OLD, {"pm": postmortem_id})
    _forget_rows(statements, postmortem_id, old)
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
    run = statements.run
    run(
        _POSTMORTEM_INSERT,
        {"pm": postmortem_id, "services": services, "tags": tags, "words": total},
    )
    run(_INSERT_PART, rows)
    if fts5:
        fts5_write(statements, map(_fts_row, old), rows)


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
    if fts5:
        fts5_write(statements, map(_fts_row, gone), changed + added)
    kept = {c["part"] for c in changed}
    run(_DELETE_PART, [{"id": r[0]} for r in gone if r[1] not in kept])
    run(_UPDATE_PART, [{k: c[k] for k in ("id", "words", "title", "body")} for c in changed])
    run(_INSERT_PART, added)
    state = None
    if chunked:  # after the other parts: the chunks' ids are above theirs (fts5_write)
        moved, state = _update_chunks(statements, pm.id, notes.body if notes else "")
        delta += moved
    _count_notes(statements, pm.id, delta, state)
    if "names" in wanted:
        names_now = {"pm": pm.id, "services": names(pm.services), "tags": names(pm.tags)}
        run(_POSTMORTEM_NAMES, names_now)


def index_facilitation(
    connection: Connection, postmortem_id: int, record: Facilitation, *, fts5: bool
) -> None:
    """Re-index the parking lot and open questions of one postmortem from its stored record,
    as a save of it would (migration 0016; an empty record takes them out)."""
    from pmdesk.document import Dirty
    from pmdesk.model import Postmortem

    pm = Postmortem(facilitation=record)
    pm.id = postmortem_id
    update(connection, pm, Dirty(fields={"facilitation"}), fts5=fts5)


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
    gone: list[tuple[Any, ...]] = []
    for pm_id in sorted(ids):
        old = statements.rows(_ALL_OLD, {"pm": pm_id})
        _forget_rows(statements, pm_id, old)
        gone += old
    if fts5:
        fts5_write(statements, map(_fts_row, gone), [])


def _forget_rows(statements: _Statements, postmortem_id: int, old: list[tuple[Any, ...]]) -> None:
    """Delete a postmortem's rows `old` (as _ALL_OLD reads them) and its row of names and words
    (the FTS5 index is left to the caller)."""
    statements.run(_DELETE_PART, [{"id": r[0]} for r in old])
    statements.run(_POSTMORTEM_DELETE, {"pm": postmortem_id})


def _fts_row(row: tuple[Any, ...]) -> dict[str, Any]:
    """A part as _OLD and _ALL_OLD read it, as fts5_write takes it."""
    return {"id": row[0], "title": row[3], "body": row[4]}


def store_from_rows(
    connection: Connection,
    ids: Sequence[int] | None,
    *,
    fts5: bool,
    whole_notes: bool = False,
    facilitation: bool = True,
) -> None:
    """Index postmortems from their stored rows (all when `ids` is None).

    For what changes without a whole document in hand: the migration that builds the index for
    an existing database, and the tracker's edits of one action. Without `facilitation`, the
    parking lot and open questions are left out, as the releases before migration 0016 read
    the index.
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
    record = "facilitation" if facilitation else "NULL"
    for pm_id, title, summary, lessons, notes, services, tags, kept in rows(
        f"SELECT id, title, summary, lessons, notes, services, tags, {record} FROM postmortems "
        f"{chosen}"
    ):
        service_list, tag_list = _json_list(services), _json_list(tags)
        fields = {
            "title": PartText(_clean(title or ""), ""),
            "summary": PartText("", _paragraphs([summary or ""])),
            "lessons": PartText("", _paragraphs([lessons or ""])),
            "notes": PartText("", _paragraphs([notes or ""])),
            "names": PartText("", _paragraphs([*service_list, *tag_list])),
        }
        if facilitation:
            fields |= facilitation_parts(facilitation_of(kept))
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


def facilitation_of(value: Any) -> Facilitation:
    """The facilitation record as the postmortems table stores it."""
    from pmdesk.facilitation import from_json

    if isinstance(value, str | bytes):
        value = json.loads(value)
    return from_json(value)


def _json_list(value: Any) -> list[str]:
    if isinstance(value, str | bytes):
        value = json.loads(value)
    return [str(v) for v in value or []]
