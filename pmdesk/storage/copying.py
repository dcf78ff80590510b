"""A whole library from one database into another: SQLite and PostgreSQL, either direction.

The copy goes table by table over whatever tables the schema has (both databases are first
brought to this release's schema, so they have the same tables), with every row's ids kept, so
links between postmortems, their items, their trash state and their redaction choices arrive as
they were. Values travel as each column's stored form (times are ISO 8601 text with their offset
on every backend), so nothing is converted on the way. The search index is not copied but built
again in the target, in the target's own index (FTS5 or PostgreSQL text search).

The target is written in one transaction: a copy that fails half-way (a dropped connection, a
full disk) leaves the target as it was.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, delete, func, inspect, select, text

from pmdesk.database import DatabaseLocation, DatabaseProblem
from pmdesk.storage import search_index, search_layout
from pmdesk.storage.repository import _without_nul

# Rows read and written at a time: large enough for speed, small enough for a modest memory.
BATCH = 1000

# Kept by other means: the schema version (each database has its own) and the search index
# (built again in the target).
_NOT_COPIED = ("alembic_version", *search_index.INDEX_TABLES)

Progress = Callable[[str, int, int], None]
"""Called as (table, rows copied so far, rows in the table)."""


@dataclass(frozen=True)
class CopyReport:
    """What was copied: rows per table, in the order they were written."""

    rows: dict[str, int]

    @property
    def postmortems(self) -> int:
        return self.rows.get("postmortems", 0)


def _no_progress(_table: str, _done: int, _total: int) -> None:
    return None


def copy_library(
    source: DatabaseLocation,
    target: DatabaseLocation,
    *,
    replace: bool = False,
    progress: Progress = _no_progress,
) -> CopyReport:
    """Copy every table of `source` into `target`; DatabaseProblem for what must not be done.

    A target that already holds postmortems is refused unless `replace`, which empties it first
    (in the same transaction as the copy).
    """
    from pmdesk.storage.engine import open_engine

    if _same_database(source, target):
        raise DatabaseProblem(
            target.display,
            "is the database being copied",
            "Nothing was changed. Name another database with --to.",
        )
    if source.path is not None and not source.path.exists():
        raise DatabaseProblem(
            source.display,
            "does not exist",
            "Nothing was changed. Name an existing database with --from (or --db).",
        )
    source_engine = open_engine(source, read_only=True)
    try:
        target_engine = open_engine(target)
        try:
            return _copy(source_engine, target_engine, target, replace, progress)
        finally:
            target_engine.dispose()
    finally:
        source_engine.dispose()


def _same_database(a: DatabaseLocation, b: DatabaseLocation) -> bool:
    if a.path is not None and b.path is not None:
        return a.path.resolve() == b.path.resolve()
    return a.url == b.url


def _copy(
    source: Engine,
    target: Engine,
    shown: DatabaseLocation,
    replace: bool,
    progress: Progress,
) -> CopyReport:
    from pmdesk.storage.guard import explain

    copied: dict[str, int] = {}
    with source.connect() as reading:
        reading_tables = _tables(reading)
        try:
            with target.begin() as writing:
                writing_tables = _tables(writing)
                order = [t for t in writing_tables if t in reading_tables]
                _make_room(writing, [writing_tables[t] for t in order], shown, replace)
                for name in order:
                    copied[name] = _copy_table(
                        reading, reading_tables[name], writing, writing_tables[name], progress
                    )
                if writing.dialect.name == "postgresql":
                    _continue_sequences(writing, [writing_tables[t] for t in order])
                progress(search_index.SEARCH_TABLE, 0, copied.get("postmortems", 0))
                fts5 = search_index.has_fts5(writing)
                search_index.store_from_rows(writing, None, fts5=fts5)
                progress(search_index.SEARCH_TABLE, copied.get("postmortems", 0), -1)
        except DatabaseProblem:
            raise
        except Exception as exc:
            from sqlalchemy.exc import DBAPIError, SQLAlchemyError

            if isinstance(exc, DBAPIError | SQLAlchemyError | OSError):
                raise explain(exc, shown.display) from exc
            raise
    return CopyReport(copied)


def _tables(connection: Connection) -> dict[str, Table]:
    """The database's own tables, parents before children (as foreign keys require)."""
    names = [
        name
        for name in inspect(connection).get_table_names()
        if name not in _NOT_COPIED and not name.startswith(search_layout.FTS_TABLE)
    ]
    metadata = MetaData()
    with warnings.catch_warnings():
        # Rows are copied, not indexes: the search's index on an expression need not be read.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        metadata.reflect(bind=connection, only=names)
    return {table.name: table for table in metadata.sorted_tables}


def _make_room(connection: Connection, tables: Sequence[Table], shown: Any, replace: bool) -> None:
    holding = {t.name: _count(connection, t) for t in tables}
    if not any(holding.values()):
        return
    if not replace:
        postmortems = holding.get("postmortems", 0)
        noun = "postmortem" if postmortems == 1 else "postmortems"
        what = f"{postmortems} {noun}" if postmortems else "data"
        raise DatabaseProblem(
            shown.display,
            f"already holds {what}",
            "Nothing was changed. Copy into an empty database, or add --replace to empty it first.",
        )
    fts5 = search_index.has_fts5(connection)
    if "postmortems" in holding:
        ids = list(connection.execute(text("SELECT id FROM postmortems")).scalars())
        search_index.forget(connection, ids, fts5=fts5)
    for table in reversed(tables):
        connection.execute(delete(table))


def _count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _copy_table(
    reading: Connection, source: Table, writing: Connection, target: Table, progress: Progress
) -> int:
    columns = [c.name for c in source.columns if c.name in target.c]
    missing = [c.name for c in source.columns if c.name not in target.c]
    if missing:
        raise DatabaseProblem(
            str(source.name),
            f"has columns the target's table lacks ({', '.join(missing)})",
            "Nothing was changed. Open the target once with this pmdesk to bring it up to date.",
        )
    total = _count(reading, source)
    progress(source.name, 0, total)
    postgres = writing.dialect.name == "postgresql"
    done = 0
    for batch in _batches(reading, source, columns):
        rows = [dict(zip(columns, row, strict=True)) for row in batch]
        if postgres:  # it cannot store NUL in text: as in every save there, it becomes U+FFFD
            rows = [{k: _without_nul(v) for k, v in row.items()} for row in rows]
        writing.execute(target.insert(), rows)
        done += len(rows)
        progress(source.name, done, total)
    return done


def _batches(connection: Connection, table: Table, columns: list[str]) -> Iterator[list[Any]]:
    order = list(table.primary_key.columns) or [table.c[columns[0]]]
    query = select(*(table.c[name] for name in columns)).order_by(*order)
    result = connection.execution_options(yield_per=BATCH).execute(query)
    for partition in result.partitions(BATCH):
        yield list(partition)


def _continue_sequences(connection: Connection, tables: Sequence[Table]) -> None:
    """New rows in the target get ids after the copied ones (PostgreSQL's sequences do not see
    rows inserted with their ids)."""
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1:
            continue
        key = keys[0].name
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table.name, "column": key},
        ).scalar()
        if sequence is None:
            continue
        connection.execute(
            text(
                f"SELECT setval(:sequence, COALESCE(MAX({key}), 1), MAX({key}) IS NOT NULL) "
                f"FROM {table.name}"
            ),
            {"sequence": sequence},
        )
