"""The repository: whole postmortems in and out of the database, each write one transaction."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.orm import Session

from pmdesk.database import LibraryEntry, NotFound
from pmdesk.document import Dirty
from pmdesk.model import (
    COLLECTIONS,
    FIELDS,
    Postmortem,
    Status,
    TimerState,
)
from pmdesk.search import Query, SearchResults
from pmdesk.storage import search_index
from pmdesk.storage.guard import check_file, id_in_range, remember_file
from pmdesk.storage.library import COLUMNS, entry_from_row, sort_library
from pmdesk.storage.rows import assemble
from pmdesk.storage.tables import (
    COLLECTION_TABLES,
    PhaseRecordRow,
    PostmortemRow,
    table_of,
)

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


# -- conversions between rows and domain objects -----------------------------------------------


def _timer_to_json(timer: TimerState) -> dict[str, Any]:
    return {
        "phase_index": timer.phase_index,
        "running_since": timer.running_since.isoformat() if timer.running_since else None,
        "started": timer.started,
    }


def _postmortem_values(pm: Postmortem, names: Iterable[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        value = getattr(pm, name)
        if name == "severity":
            values.update(
                severity_level=str(value.level),
                customer_facing=value.customer_facing,
                revenue_impact=value.revenue_impact,
                data_loss=value.data_loss,
            )
        elif name == "timer":
            values["timer"] = _timer_to_json(value)
        elif name in ("language", "redaction"):
            values[name] = dataclasses.asdict(value)
        elif name == "phases":
            continue  # its own table
        elif name in ("kind", "status"):
            values[name] = str(value)  # a StrEnum member's str() is its stored value
        else:
            values[name] = list(value) if isinstance(value, list) else value
    return values


def _item_values(collection: str, item: Any, position: int) -> dict[str, Any]:
    values = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    if collection == "attendees":
        values["involvement"] = item.involvement.value
    elif collection == "timeline":
        values["marker"] = item.marker.value if item.marker else None
    elif collection == "factors":
        values["question"] = item.question.value
        for key in ("whys", "event_ids", "finding_ids"):
            values[key] = list(values[key])
    elif collection == "actions":
        values["type"] = item.type.value
        values["status"] = item.status.value
    elif collection == "interviews":
        values["notes_kept"] = item.notes_kept.value
    if collection != "timeline":
        values["position"] = position
    return values


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    return value


class Repository:
    """All reads and writes of postmortems. Each write is one transaction."""

    def __init__(self, engine: Engine, clock: Clock = _utcnow) -> None:
        self.engine = engine
        self.clock = clock
        remember_file(engine)
        self._postgres = engine.dialect.name == "postgresql"
        self._fts5: bool | None = None  # SQLite: the database has an FTS5 index we can use

    def _known_id(self, postmortem_id: int) -> int:
        """An id beyond what the backend can hold is simply not there (never an overflow)."""
        if not id_in_range(self.engine, postmortem_id):
            raise NotFound(postmortem_id)
        return postmortem_id

    def _before_write(self) -> None:
        """Refuse to write into a database file that was deleted or replaced since it was opened."""
        check_file(self.engine)

    def _safe(self, values: dict[str, Any]) -> dict[str, Any]:
        """PostgreSQL cannot store NUL in text: it becomes U+FFFD (�), so nothing else is lost."""
        if not self._postgres:
            return values
        return {key: _without_nul(value) for key, value in values.items()}

    def close(self) -> None:
        self.engine.dispose()

    # -- the library -----------------------------------------------------------------------
    def library(self, *, trash: bool = False) -> list[LibraryEntry]:
        table = table_of(PostmortemRow)
        deleted = table.c.deleted_at.is_not(None) if trash else table.c.deleted_at.is_(None)
        query = select(*(table.c[name] for name in COLUMNS)).where(deleted)
        with self.engine.connect() as connection:
            entries = [entry_from_row(row) for row in connection.execute(query)]
        return sort_library(entries)

    def search(
        self, query: Query, *, trash: bool = False, limit: int | None = None
    ) -> SearchResults:
        """The postmortems that match, best first (see pmdesk.search for the language)."""
        from pmdesk.storage.search_query import run

        with self.engine.connect() as connection:
            return run(
                connection, query, trash=trash, limit=limit, fts5=self._uses_fts5(connection)
            )

    def _uses_fts5(self, connection: Any) -> bool:
        if self._fts5 is None:
            self._fts5 = search_index.has_fts5(connection)
        return self._fts5

    def _index(self, connection: Any, pm: Postmortem) -> None:
        """Keep the search index in step, inside the save's own transaction."""
        assert pm.id is not None
        fts5 = self._uses_fts5(connection)
        search_index.store(connection, pm.id, search_index.text_of(pm), fts5=fts5)

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count(PostmortemRow.id))).scalar_one())

    def postmortems_between(self, start: date, end: date) -> list[Postmortem]:
        """Whole postmortems whose incident date is in the range, outside the trash."""
        from pmdesk.storage.bulk import postmortems_between

        return postmortems_between(self.engine, start, end)

    # -- whole documents -------------------------------------------------------------------
    def load(self, postmortem_id: int) -> Postmortem:
        self._known_id(postmortem_id)
        with self.engine.connect() as connection:
            postmortems = table_of(PostmortemRow)
            row = connection.execute(
                select(postmortems).where(postmortems.c.id == postmortem_id)
            ).first()
            if row is None:
                raise NotFound(postmortem_id)
            collections = {}
            for collection, table_row in COLLECTION_TABLES.items():
                table = table_of(table_row)
                order = (
                    (table.c.at, table.c.seq)
                    if collection == "timeline"
                    else (table.c.position, table.c.id)
                )
                query = select(table).where(table.c.postmortem_id == postmortem_id)
                collections[collection] = [
                    r._mapping for r in connection.execute(query.order_by(*order))
                ]
            phases = table_of(PhaseRecordRow)
            phase_rows = [
                r._mapping
                for r in connection.execute(
                    select(phases)
                    .where(phases.c.postmortem_id == postmortem_id)
                    .order_by(phases.c.position)
                )
            ]
        return assemble(row._mapping, collections, phase_rows)

    def load_many(self, ids: Sequence[int]) -> list[Postmortem]:
        """Several postmortems, one query per table (publishing reads thousands); in the order
        of `ids`, an id no longer there left out."""
        wanted = [i for i in dict.fromkeys(ids) if id_in_range(self.engine, i)]
        if not wanted:
            return []
        with self.engine.connect() as connection:
            postmortems = table_of(PostmortemRow)
            rows = {
                int(r.id): r._mapping
                for r in connection.execute(select(postmortems).where(postmortems.c.id.in_(wanted)))
            }
            children: dict[str, dict[int, list[Any]]] = {}
            for collection, table_row in COLLECTION_TABLES.items():
                children[collection] = self._grouped(connection, table_of(table_row), wanted)
            phases = self._grouped(connection, table_of(PhaseRecordRow), wanted)
        return [
            assemble(rows[i], {c: children[c].get(i, []) for c in children}, phases.get(i, []))
            for i in wanted
            if i in rows
        ]

    @staticmethod
    def _grouped(connection: Any, table: Any, ids: list[int]) -> dict[int, list[Any]]:
        """The rows of a child table for these postmortems, by postmortem, in stored order."""
        if "at" in table.c:
            order: tuple[Any, ...] = (table.c.at, table.c.seq)
        elif "id" in table.c:
            order = (table.c.position, table.c.id)
        else:
            order = (table.c.position,)
        query = select(table).where(table.c.postmortem_id.in_(ids)).order_by(*order)
        grouped: dict[int, list[Any]] = {}
        for row in connection.execute(query):
            grouped.setdefault(int(row.postmortem_id), []).append(row._mapping)
        return grouped

    def create(self, pm: Postmortem) -> int:
        """Insert a whole postmortem; sets and returns its new id."""
        now = self.clock()
        pm.created_at = pm.created_at or now
        pm.updated_at = now
        values = self._safe(_postmortem_values(pm, FIELDS))
        values.update(created_at=pm.created_at, updated_at=now, deleted_at=pm.deleted_at)
        self._before_write()
        with Session(self.engine) as session, session.begin():
            connection = session.connection()
            new_id = connection.execute(insert(PostmortemRow).values(**values)).inserted_primary_key
            assert new_id is not None
            pm.id = int(new_id[0])
            for collection in COLLECTIONS:
                self._write_items(connection, pm, collection, None)
            self._write_phases(connection, pm)
            self._index(connection, pm)
        return pm.id

    def save(self, pm: Postmortem, dirty: Dirty) -> None:
        """Write what `dirty` names, in one transaction."""
        if pm.id is None:
            self.create(pm)
            return
        if not dirty:
            return
        now = self.clock()
        self._known_id(pm.id)
        self._before_write()
        with Session(self.engine) as session, session.begin():
            connection = session.connection()
            values = self._safe(_postmortem_values(pm, dirty.fields))
            values["updated_at"] = now
            result = connection.execute(
                update(PostmortemRow).where(PostmortemRow.id == pm.id).values(**values)
            )
            if result.rowcount == 0:
                raise NotFound(pm.id)
            for collection, ids in dirty.items.items():
                if ids:
                    self._write_items(connection, pm, collection, ids)
            if "phases" in dirty.fields:
                self._write_phases(connection, pm)
            if dirty.fields & search_index.INDEXED_FIELDS or any(
                dirty.items.get(c) for c in search_index.INDEXED_COLLECTIONS
            ):
                self._index(connection, pm)
        pm.updated_at = now

    def _write_items(
        self, connection: Any, pm: Postmortem, collection: str, ids: set[str] | None
    ) -> None:
        table = table_of(COLLECTION_TABLES[collection])
        items: list[Any] = getattr(pm, collection)
        rows = [
            self._safe(_item_values(collection, item, position)) | {"postmortem_id": pm.id}
            for position, item in enumerate(items)
            if ids is None or item.id in ids
        ]
        if ids is not None:
            doomed = list(ids)
            for start in range(0, len(doomed), 500):
                connection.execute(
                    delete(table).where(
                        table.c.postmortem_id == pm.id, table.c.id.in_(doomed[start : start + 500])
                    )
                )
        if rows:
            connection.execute(insert(table), rows)

    def _write_phases(self, connection: Any, pm: Postmortem) -> None:
        table = table_of(PhaseRecordRow)
        connection.execute(delete(table).where(table.c.postmortem_id == pm.id))
        if pm.phases:
            connection.execute(
                insert(table),
                [
                    {
                        "postmortem_id": pm.id,
                        "position": i,
                        "phase": p.phase,
                        "planned_minutes": p.planned_minutes,
                        "actual_seconds": p.actual_seconds,
                    }
                    for i, p in enumerate(pm.phases)
                ],
            )

    # -- library operations ----------------------------------------------------------------
    def duplicate(self, postmortem_id: int) -> int:
        """A copy with fresh ids for every item (links remapped), titled as a copy, in draft."""
        from pmdesk.interchange import renew_ids

        twin = self.load(postmortem_id)
        renew_ids(twin)
        twin.title = f"{twin.title} (copy)" if twin.title else "Untitled (copy)"
        twin.status = Status.DRAFT
        twin.id = twin.created_at = twin.updated_at = twin.deleted_at = None
        return self.create(twin)

    def trash(self, postmortem_id: int) -> None:
        self._set_deleted(postmortem_id, self.clock())

    def restore(self, postmortem_id: int) -> None:
        self._set_deleted(postmortem_id, None)

    def _set_deleted(self, postmortem_id: int, when: datetime | None) -> None:
        self._known_id(postmortem_id)
        self._before_write()
        with self.engine.begin() as connection:
            result = connection.execute(
                update(PostmortemRow)
                .where(PostmortemRow.id == postmortem_id)
                .values(deleted_at=when)
            )
            if result.rowcount == 0:
                raise NotFound(postmortem_id)

    def empty_trash(self) -> int:
        """Delete for good everything in the trash; returns how many postmortems went."""
        self._before_write()
        with self.engine.begin() as connection:
            doomed = connection.execute(
                select(PostmortemRow.id).where(PostmortemRow.deleted_at.is_not(None))
            ).scalars()
            search_index.forget(connection, list(doomed), fts5=self._uses_fts5(connection))
            result = connection.execute(
                delete(PostmortemRow).where(PostmortemRow.deleted_at.is_not(None))
            )
            return int(result.rowcount)
