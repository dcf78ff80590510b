"""The full-text index of every postmortem, kept in step inside each save's transaction.

One table, `search_text`, holds each postmortem's searchable text (its title, and everything
else in one body) and its services and tags for the filters. The backend indexes it:

- SQLite: an FTS5 table `search_index` (porter stemming over unicode61 words) whose content is
  search_text; this module writes both in the caller's transaction. A Python whose SQLite has no
  FTS5 still keeps search_text, and searches it with LIKE (see pmdesk.storage.search_query).
- PostgreSQL: a generated tsvector column on search_text with a GIN index, in the text search
  configuration `pmdesk_english`: English stemming with no stop words, as FTS5 has none, so the
  two backends find the same postmortems.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Column, Integer, MetaData, Table, Text, bindparam
from sqlalchemy import text as sql

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from pmdesk.model import Postmortem

SEARCH_TABLE = "search_text"
FTS_TABLE = "search_index"
PG_CONFIG = "pmdesk_english"
LISTING_INDEX = "postmortems_search_listing"
LISTING_COLUMNS = (
    "id", "deleted_at", "started_at", "detected_at", "resolved_at", "created_at",
    "severity_level", "kind", "status",
)  # fmt: skip
# Between names in the services and tags columns, so a filter matches a whole name.
SEPARATOR = "\n"

metadata = MetaData()
search_text = Table(
    SEARCH_TABLE,
    metadata,
    Column("postmortem_id", Integer, primary_key=True),
    Column("services", Text, nullable=False),
    Column("tags", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
)


class IndexText(NamedTuple):
    title: str
    body: str
    services: str
    tags: str


def compose(
    title: str, parts: Iterable[str], services: Sequence[str], tags: Sequence[str]
) -> IndexText:
    """The indexed text from a postmortem's pieces, one paragraph a piece."""
    body = "\n".join(p for p in (*parts, *services, *tags) if p and p.strip())

    def names(values: Sequence[str]) -> str:
        folded = [v.strip().casefold() for v in values if v.strip()]
        return f"{SEPARATOR}{SEPARATOR.join(folded)}{SEPARATOR}" if folded else ""

    # NUL cannot be stored in PostgreSQL text; the index does not need it anywhere.
    return IndexText(
        title.replace("\x00", " "), body.replace("\x00", " "), names(services), names(tags)
    )


def text_of(pm: Postmortem) -> IndexText:
    """What is searchable in a postmortem: every field a reader of the report would search."""
    parts: list[str] = [pm.summary, pm.lessons, pm.notes]
    for event in pm.timeline:
        parts += [event.text, event.seen, event.believed, event.done_next]
    parts += [finding.text for finding in pm.findings]
    for factor in pm.factors:
        parts += [factor.text, *factor.whys]
    for action in pm.actions:
        parts += [action.description, action.dropped_reason]
    return compose(pm.title, parts, pm.services, pm.tags)


# The Postmortem fields and collections whose text is indexed: a save that touches none of them
# (the timer, the phases, severity, dates...) leaves the index alone.
INDEXED_FIELDS = frozenset({"title", "summary", "lessons", "notes", "services", "tags"})
INDEXED_COLLECTIONS = frozenset({"timeline", "findings", "factors", "actions"})


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


# Statements built once: a save runs them every time, and building them costs more than
# running them.
_OLD = sql(
    f"SELECT postmortem_id, title, body, services, tags FROM {SEARCH_TABLE} "
    "WHERE postmortem_id IN :ids"
).bindparams(bindparam("ids", expanding=True))
_DELETE = sql(f"DELETE FROM {SEARCH_TABLE} WHERE postmortem_id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
_UPDATE = sql(
    f"UPDATE {SEARCH_TABLE} SET title = :title, body = :body, services = :services, "
    "tags = :tags WHERE postmortem_id = :postmortem_id"
)
_INSERT = sql(
    f"INSERT INTO {SEARCH_TABLE} (postmortem_id, title, body, services, tags) "
    "VALUES (:postmortem_id, :title, :body, :services, :tags)"
)
_FTS_DELETE = sql(
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
    "VALUES ('delete', :postmortem_id, :title, :body)"
)
_FTS_INSERT = sql(
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (:postmortem_id, :title, :body)"
)


def store(connection: Connection, postmortem_id: int, text: IndexText, *, fts5: bool) -> None:
    """Replace one postmortem's indexed text (inside the caller's transaction)."""
    old = connection.execute(_OLD, {"ids": [postmortem_id]}).first()
    values = {"postmortem_id": postmortem_id, **text._asdict()}
    if old is not None and tuple(old[1:]) == tuple(text):
        return  # the same text: nothing to do
    if old is None:
        connection.execute(_INSERT, values)
    else:
        if fts5:
            # FTS5 takes out an external-content row given the text it indexed.
            connection.execute(
                _FTS_DELETE, {"postmortem_id": postmortem_id, "title": old[1], "body": old[2]}
            )
        connection.execute(_UPDATE, values)
    if fts5:
        connection.execute(_FTS_INSERT, values)


def forget(connection: Connection, ids: Sequence[int], *, fts5: bool) -> None:
    """Take postmortems out of the index (before they are deleted)."""
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        if fts5:
            old = connection.execute(_OLD, {"ids": chunk}).all()
            if old:
                connection.execute(
                    _FTS_DELETE,
                    [{"postmortem_id": r[0], "title": r[1], "body": r[2]} for r in old],
                )
        connection.execute(_DELETE, {"ids": chunk})


def store_from_rows(connection: Connection, ids: Sequence[int] | None, *, fts5: bool) -> None:
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
    parts: dict[int, list[str]] = {}
    events = rows(
        f"SELECT postmortem_id, at, seq, text, seen, believed, done_next FROM timeline_events "
        f"{owner}"
    )
    # In time order, as a document holds them (stored text orders equal instants in different
    # offsets otherwise), so the index is the same whether built here or by a save.
    events.sort(key=lambda r: (r[0], _instant(r[1]), r[2]))
    for pm_id, _at, _seq, *texts in events:
        parts.setdefault(pm_id, []).extend(texts)
    for pm_id, text in rows(
        f"SELECT postmortem_id, text FROM findings {owner} ORDER BY postmortem_id, position"
    ):
        parts.setdefault(pm_id, []).append(text)
    for pm_id, text, whys in rows(
        f"SELECT postmortem_id, text, whys FROM factors {owner} ORDER BY postmortem_id, position"
    ):
        parts.setdefault(pm_id, []).extend([text, *_json_list(whys)])
    for pm_id, description, reason in rows(
        f"SELECT postmortem_id, description, dropped_reason FROM action_items {owner} "
        "ORDER BY postmortem_id, position"
    ):
        parts.setdefault(pm_id, []).extend([description, reason])
    for pm_id, title, summary, lessons, notes, services, tags in rows(
        f"SELECT id, title, summary, lessons, notes, services, tags FROM postmortems {chosen}"
    ):
        text = compose(
            title,
            [summary, lessons, notes, *parts.get(pm_id, [])],
            _json_list(services),
            _json_list(tags),
        )
        store(connection, int(pm_id), text, fts5=fts5)


def _instant(value: Any) -> float:
    from datetime import datetime

    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when.timestamp()


def _json_list(value: Any) -> list[str]:
    import json

    if isinstance(value, str | bytes):
        value = json.loads(value)
    return [str(v) for v in value or []]
