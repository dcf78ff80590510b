"""The repository: whole postmortems in and out of the database, each write one transaction."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from pmdesk.collab.presence import STALE_AFTER_SECONDS, Present
from pmdesk.collab.versions import StaleSave, Versions
from pmdesk.database import LibraryEntry, NotFound
from pmdesk.document import Dirty
from pmdesk.facilitation import to_json as facilitation_to_json
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
from pmdesk.storage.rows import assemble, from_json, related_to_json
from pmdesk.storage.tables import (
    COLLECTION_TABLES,
    PhaseRecordRow,
    PostmortemRow,
    table_of,
)
from pmdesk.storage.versioning import (
    CHANNEL,
    read_versions,
    seq_clashes,
    stored_item_versions,
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
        elif name == "facilitation":
            values[name] = facilitation_to_json(value)
        elif name == "related":
            values[name] = related_to_json(value)
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

    def holders(self, phrases: Sequence[tuple[str, ...]]) -> dict[tuple[str, ...], frozenset[int]]:
        """For each word or phrase, the postmortems outside the trash that hold it (ids only,
        for Seen before: pmdesk.storage.similar)."""
        from pmdesk.storage.similar import holders

        with self.engine.connect() as connection:
            return holders(connection, phrases, fts5=self._uses_fts5(connection))

    def services_and_tags(self) -> dict[int, tuple[list[str], list[str]]]:
        """Every postmortem outside the trash: its services and its tags, by id."""
        from pmdesk.storage.similar import names

        with self.engine.connect() as connection:
            return names(connection)

    def _uses_fts5(self, connection: Any) -> bool:
        if self._fts5 is None:
            self._fts5 = search_index.has_fts5(connection)
        return self._fts5

    def _index(self, connection: Any, pm: Postmortem, dirty: Dirty | None = None) -> None:
        """Keep the search index in step, inside the save's own transaction: the parts that
        `dirty` names, or the whole postmortem."""
        assert pm.id is not None
        fts5 = self._uses_fts5(connection)
        if dirty is None:
            search_index.store(connection, pm, fts5=fts5)
        else:
            search_index.update(connection, pm, dirty, fts5=fts5)

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
            return self._load(connection, postmortem_id)

    @staticmethod
    def _load(connection: Any, postmortem_id: int) -> Postmortem:
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
            self._notify(connection, pm.id)
        return pm.id

    def save(self, pm: Postmortem, dirty: Dirty, versions: Versions | None = None) -> None:
        """Write what `dirty` names, in one transaction.

        With `versions` (what the caller loaded), nothing is written when a field or item it
        would write was saved by someone else since: StaleSave says so and the caller merges.
        On success `versions` holds the new numbers. Without, the write is unconditional (the
        command line's one-shot edits); every write raises the numbers either way.
        """
        if pm.id is None:
            self.create(pm)
            return
        if not dirty:
            return
        now = self.clock()
        self._known_id(pm.id)
        self._before_write()
        with self.engine.connect() as connection:
            try:
                stored = self._lock(connection, pm.id)
                written = self._check(connection, pm, dirty, stored, versions)
                stored_fields = {k: int(v) for k, v in (from_json(stored.versions) or {}).items()}
                self._write(connection, pm, dirty, written, stored_fields, now)
                connection.commit()
            except BaseException:
                connection.rollback()
                raise
        pm.updated_at = now
        if versions is not None:
            # Someone else's write to other fields came in between: this save merged past it, but
            # the caller has not seen it yet, so its revision stays behind (the next look takes
            # the other write in) rather than claiming to be in step.
            if int(stored.revision) == versions.revision:
                versions.revision = written.revision
            versions.fields.update(written.fields)
            for collection, numbers in written.items.items():
                mine = versions.items.setdefault(collection, {})
                for item_id, number in numbers.items():
                    if number:
                        mine[item_id] = number
                    else:
                        mine.pop(item_id, None)

    def load_versioned(self, postmortem_id: int) -> tuple[Postmortem, Versions]:
        """A postmortem with the version numbers it was read at (one consistent read)."""
        self._known_id(postmortem_id)
        with self.engine.connect() as connection:
            # One snapshot for every table: numbers newer than the text read would let a save
            # overwrite what it never saw.
            if self._postgres:
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            else:
                connection.exec_driver_sql("BEGIN")
            pm = self._load(connection, postmortem_id)
            versions = read_versions(connection, postmortem_id)
            connection.rollback()
        return pm, versions

    def revision(self, postmortem_id: int) -> int | None:
        """The postmortem's write counter (None when it is gone): a cheap "did it change?"."""
        table = table_of(PostmortemRow)
        with self.engine.connect() as connection:
            value = connection.execute(
                select(table.c.revision).where(table.c.id == postmortem_id)
            ).scalar()
        return None if value is None else int(value)

    def stamp(self) -> tuple[int, int]:
        """Changes whenever anything in the library does (a postmortem added, saved, trashed)."""
        table = table_of(PostmortemRow)
        with self.engine.connect() as connection:
            row = connection.execute(
                select(func.count(table.c.id), func.coalesce(func.sum(table.c.revision), 0))
            ).one()
        return int(row[0]), int(row[1])

    def _lock(self, connection: Any, postmortem_id: int) -> Any:
        """Take the postmortem for this transaction (other savers wait) and read its numbers."""
        table = table_of(PostmortemRow)
        query = select(table.c.versions, table.c.revision).where(table.c.id == postmortem_id)
        if self._postgres:
            query = query.with_for_update()
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        row = connection.execute(query).first()
        if row is None:
            raise NotFound(postmortem_id)
        return row

    def _check(
        self, connection: Any, pm: Postmortem, dirty: Dirty, stored: Any, versions: Versions | None
    ) -> Versions:
        """The numbers this write will give; StaleSave when `versions` is out of date."""
        assert pm.id is not None
        fields = dict(from_json(stored.versions) or {})
        written = Versions(revision=int(stored.revision) + 1)
        moved: list[str] = []
        for name in dirty.fields:
            now = int(fields.get(name, 0))
            if versions is not None and now != versions.fields.get(name, 0):
                moved.append(name)
            written.fields[name] = now + 1
        for collection, ids in dirty.items.items():
            if not ids:
                continue
            numbers = stored_item_versions(connection, pm.id, collection, ids)
            present = {item.id for item in getattr(pm, collection)}
            out = written.items.setdefault(collection, {})
            for item_id in ids:
                now_at = numbers.get(item_id)
                if versions is not None and now_at != versions.item(collection, item_id):
                    moved.append(f"{collection}:{item_id}")
                out[item_id] = (now_at or 0) + 1 if item_id in present else 0
        if versions is not None and dirty.items.get("timeline"):
            moved += seq_clashes(connection, pm, dirty.items["timeline"])
        if moved:
            raise StaleSave(pm.id, sorted(moved))
        return written

    def _write(
        self,
        connection: Any,
        pm: Postmortem,
        dirty: Dirty,
        written: Versions,
        stored_fields: dict[str, int],
        now: datetime,
    ) -> None:
        assert pm.id is not None
        table = table_of(PostmortemRow)
        numbers = stored_fields | written.fields
        values = self._safe(_postmortem_values(pm, dirty.fields))
        values.update(updated_at=now, versions=numbers, revision=written.revision)
        connection.execute(update(table).where(table.c.id == pm.id).values(**values))
        for collection, ids in dirty.items.items():
            if ids:
                self._write_items(connection, pm, collection, ids, written.items[collection])
        if "phases" in dirty.fields:
            self._write_phases(connection, pm)
        if dirty.fields & search_index.INDEXED_FIELDS or any(
            dirty.items.get(c) for c in search_index.INDEXED_COLLECTIONS
        ):
            self._index(connection, pm, dirty)
        self._notify(connection, pm.id)

    def _notify(self, connection: Any, postmortem_id: int | None) -> None:
        """Tell the windows listening on a server database (sent when the transaction commits)."""
        if self._postgres:
            connection.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": CHANNEL, "payload": str(postmortem_id or "")},
            )

    def _write_items(
        self,
        connection: Any,
        pm: Postmortem,
        collection: str,
        ids: set[str] | None,
        numbers: dict[str, int] | None = None,
    ) -> None:
        table = table_of(COLLECTION_TABLES[collection])
        items: list[Any] = getattr(pm, collection)
        rows = [
            self._safe(_item_values(collection, item, position))
            | {"postmortem_id": pm.id, "version": (numbers or {}).get(item.id, 1)}
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

    # -- who has what open ---------------------------------------------------------------------
    def announce(self, client: str, postmortem_id: int, name: str, opened_at: datetime) -> None:
        from pmdesk.storage.presence import announce

        announce(self.engine, client, postmortem_id, name, opened_at, self.clock())

    def leave(self, client: str) -> None:
        from pmdesk.storage.presence import leave

        leave(self.engine, client)

    def present(self, postmortem_id: int) -> list[Present]:
        from pmdesk.storage.presence import present

        stale = timedelta(seconds=STALE_AFTER_SECONDS)
        return present(self.engine, postmortem_id, self.clock(), stale)

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
                .values(deleted_at=when, revision=PostmortemRow.revision + 1)
            )
            if result.rowcount == 0:
                raise NotFound(postmortem_id)
            self._notify(connection, postmortem_id)

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
            self._notify(connection, None)
            return int(result.rowcount)
