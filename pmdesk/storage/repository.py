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
from pmdesk.database import LibraryEntry, NotFound, StoredFacts
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
from pmdesk.storage import review_facts, search_index, search_index_pg
from pmdesk.storage.guard import check_file, id_in_range, remember_file
from pmdesk.storage.library import COLUMNS, entry_from_row, sort_library
from pmdesk.storage.pipelined import guarded, guarded_insert
from pmdesk.storage.rows import assemble, related_to_json
from pmdesk.storage.tables import (
    COLLECTION_TABLES,
    PhaseRecordRow,
    PostmortemRow,
    table_of,
)
from pmdesk.storage.versioning import (
    CHANNEL,
    numbers_written,
    read_versions,
    seq_clashes,
    stored_item_versions,
    stored_numbers,
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
    """All reads and writes of postmortems. Each write is one transaction.

    language_facts: works out a postmortem's blame-language facts for the quarterly review as it
    is saved (pmdesk.review.stored.facts_to_store); they are written in the save's transaction,
    as the search index is. Without it (a repository opened only to read) none are written.
    """

    def __init__(
        self,
        engine: Engine,
        clock: Clock = _utcnow,
        *,
        language_facts: review_facts.FactsOf | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.language_facts = language_facts
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

    def _index(
        self,
        connection: Any,
        pm: Postmortem,
        dirty: Dirty | None = None,
        prepared: list[search_index_pg.Statement] | None = None,
    ) -> Callable[[], bool] | None:
        """Keep the search index in step, inside the save's own transaction: the parts that
        `dirty` names, or the whole postmortem. On PostgreSQL a save's parts are written by the
        statements `prepared` (pmdesk.storage.search_index_pg, no reading first); the returned
        function then says whether a new part found no free slot."""
        assert pm.id is not None
        if prepared is not None:
            return search_index_pg.send(connection, prepared)
        fts5 = self._uses_fts5(connection)
        if dirty is None:
            search_index.store(connection, pm, fts5=fts5)
        else:
            search_index.update(connection, pm, dirty, fts5=fts5)
        return None

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count(PostmortemRow.id))).scalar_one())

    def postmortems_between(self, start: date, end: date) -> list[Postmortem]:
        """Whole postmortems whose incident date is in the range, outside the trash."""
        from pmdesk.storage.bulk import postmortems_between

        return postmortems_between(self.engine, start, end)

    def review_postmortems_between(self, start: date, end: date) -> list[Postmortem]:
        """The postmortems of the range with only what the quarterly review reads (no notes,
        interviews or phases: for working out figures, never for saving)."""
        from pmdesk.storage.review_read import review_postmortems_between

        return review_postmortems_between(self.engine, start, end)

    def review_facts(self, ids: Sequence[int]) -> dict[int, StoredFacts]:
        """The blame-language facts stored for these postmortems (those that have any), by id:
        each with the key it was worked out under, for the review to check it still holds."""
        with self.engine.connect() as connection:
            return review_facts.read(connection, list(ids))

    def keep_review_facts(self, facts: dict[int, StoredFacts]) -> None:
        """Store the facts a review had to check (in place of stale ones), in one transaction;
        those of a postmortem deleted meanwhile are dropped."""
        if not facts:
            return
        self._before_write()
        table = table_of(PostmortemRow)
        with self.engine.begin() as connection:
            ids = list(facts)
            there: set[int] = set()
            for start in range(0, len(ids), 500):
                query = select(table.c.id).where(table.c.id.in_(ids[start : start + 500]))
                there.update(int(found) for found in connection.execute(query).scalars())
            review_facts.write(connection, {i: f for i, f in facts.items() if i in there})

    def _facts(self, pm: Postmortem, dirty: Dirty | None) -> StoredFacts | None:
        """The facts to write with a save of `dirty` (None: all of `pm`), worked out before
        the save takes its lock; None when the save cannot change them, or when working them
        out failed: they are derived data, and a save must never be lost for them (the stored
        key then no longer holds, and the next review checks the postmortem itself)."""
        if self.language_facts is None:
            return None
        if dirty is not None and not review_facts.touched(
            dirty.fields, (c for c, ids in dirty.items.items() if ids)
        ):
            return None
        try:
            return self.language_facts(pm)
        except Exception:
            return None

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
        facts = self._facts(pm, None)
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
            if facts is not None:
                review_facts.write(connection, {pm.id: facts})
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
        facts = self._facts(pm, dirty)  # before the lock: the language check takes a while
        self._before_write()
        with self.engine.connect() as connection:
            try:
                if self._postgres:
                    stored_revision, written = self._save_on_server(
                        connection, pm, dirty, versions, now, facts
                    )
                else:
                    stored_revision, written = self._save_here(
                        connection, pm, dirty, versions, now, facts
                    )
            except BaseException:
                connection.rollback()
                raise
        pm.updated_at = now
        if versions is not None:
            # Someone else's write to other fields came in between: this save merged past it, but
            # the caller has not seen it yet, so its revision stays behind (the next look takes
            # the other write in) rather than claiming to be in step.
            if stored_revision == versions.revision:
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
                return self._load_versioned_on_server(connection, postmortem_id)
            connection.exec_driver_sql("BEGIN")
            pm = self._load(connection, postmortem_id)
            versions = read_versions(connection, postmortem_id)
            connection.rollback()
        return pm, versions

    @staticmethod
    def _load_versioned_on_server(
        connection: Any, postmortem_id: int
    ) -> tuple[Postmortem, Versions]:
        """load_versioned on PostgreSQL: every table read at one REPEATABLE READ snapshot, in one
        round trip (pmdesk.storage.pipelined)."""
        from pmdesk.storage import pipelined

        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        connection.begin()
        try:
            with pipelined.translated():
                found = pipelined.load_versioned(connection, postmortem_id)
        finally:
            connection.rollback()
        if found is None:
            raise NotFound(postmortem_id)
        return found

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

    def _save_here(
        self,
        connection: Any,
        pm: Postmortem,
        dirty: Dirty,
        versions: Versions | None,
        now: datetime,
        facts: StoredFacts | None = None,
    ) -> tuple[int, Versions]:
        """The save on SQLite: lock, read the numbers, check, write, commit (all in-process)."""
        assert pm.id is not None
        stored = self._lock(connection, pm.id)
        numbers = {
            collection: stored_item_versions(connection, pm.id, collection, ids)
            for collection, ids in dirty.items.items()
            if ids
        }
        clashes = []
        if versions is not None and dirty.items.get("timeline"):
            clashes = seq_clashes(connection, pm, dirty.items["timeline"])
        stored_fields = stored_numbers(stored.versions)
        written = numbers_written(
            pm, dirty, stored_fields, int(stored.revision), numbers, clashes, versions
        )
        self._write(connection, pm, dirty, written, stored_fields, now, facts)
        connection.commit()
        return int(stored.revision), written

    def _save_on_server(
        self,
        connection: Any,
        pm: Postmortem,
        dirty: Dirty,
        versions: Versions | None,
        now: datetime,
        facts: StoredFacts | None = None,
    ) -> tuple[int, Versions]:
        """The save on PostgreSQL (pmdesk.storage.pipelined): checked against `versions`, in one
        round trip, the check made by the server; without, the reads first, then the writes."""
        from pmdesk.storage import pipelined

        assert pm.id is not None
        connection.begin()
        with pipelined.translated():
            if versions is None:
                with pipelined.pipeline(connection):
                    reads = pipelined.read_for_save(connection, pm, dirty)()
                if reads is None:
                    raise NotFound(pm.id)
                stored_fields = stored_numbers(reads.versions)
                written = numbers_written(
                    pm, dirty, stored_fields, reads.revision, reads.items, [], None
                )
                with pipelined.pipeline(connection):
                    out_of_slots = self._write(
                        connection, pm, dirty, written, stored_fields, now, facts
                    )
                    connection.commit()
            else:
                # The numbers this save gives when nothing moved (the server checks that).
                written = numbers_written(pm, dirty, versions.fields, 0, versions.items, [], None)
                guard = pipelined.GUARD
                send = self._writes(connection, pm, dirty, written, None, now, guard, facts)
                with pipelined.pipeline(connection):
                    read = pipelined.read_for_save(connection, pm, dirty)
                    passed = pipelined.check(connection, pm, dirty, versions)
                    out_of_slots = send()
                    connection.commit()
                reads = read()
                if reads is None:
                    raise NotFound(pm.id)
                if not passed():
                    stored_fields = stored_numbers(reads.versions)
                    numbers_written(
                        pm, dirty, stored_fields, 0, reads.items, reads.clashes, versions
                    )
                    raise StaleSave(pm.id, [])  # the server saw a move the numbers above missed
            written.revision = reads.revision + 1
        if out_of_slots is not None and out_of_slots():
            self._index_afresh(pm.id)
        return reads.revision, written

    def _index_afresh(self, postmortem_id: int) -> None:
        """Index a postmortem whose slots ran out afresh, as one more transaction that holds
        its lock (a save in between cannot mix old parts with new)."""
        table = table_of(PostmortemRow)
        with self.engine.begin() as connection:
            query = select(table.c.id).where(table.c.id == postmortem_id).with_for_update()
            if connection.execute(query).first() is not None:
                search_index.store_from_rows(connection, [postmortem_id], fts5=False)

    def _lock(self, connection: Any, postmortem_id: int) -> Any:
        """Take the postmortem for this transaction (other savers wait) and read its numbers."""
        table = table_of(PostmortemRow)
        query = select(table.c.versions, table.c.revision).where(table.c.id == postmortem_id)
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # SQLite: the write lock, taken now
        row = connection.execute(query).first()
        if row is None:
            raise NotFound(postmortem_id)
        return row

    def _write(
        self,
        connection: Any,
        pm: Postmortem,
        dirty: Dirty,
        written: Versions,
        stored_fields: dict[str, int] | None,
        now: datetime,
        facts: StoredFacts | None = None,
    ) -> Callable[[], bool] | None:
        """Write what `dirty` names with the numbers `written` (see _writes)."""
        return self._writes(connection, pm, dirty, written, stored_fields, now, None, facts)()

    def _writes(
        self,
        connection: Any,
        pm: Postmortem,
        dirty: Dirty,
        written: Versions,
        stored_fields: dict[str, int] | None,
        now: datetime,
        guard: str | None = None,
        facts: StoredFacts | None = None,
    ) -> Callable[[], Callable[[], bool] | None]:
        """The writes of what `dirty` names with the numbers `written`, worked out now and sent
        when the returned function is called (on PostgreSQL in pipeline mode, right behind the
        lock, which is then not held while pmdesk works out values). That function returns, on
        PostgreSQL, one that says whether a new index part found no free slot.

        stored_fields None: the server merges the new field numbers into the stored ones and
        raises the revision itself. guard: an SQL condition every statement carries (the
        check's verdict, pmdesk.storage.pipelined). facts: the postmortem's review facts, when
        the save changes what they depend on.
        """
        assert pm.id is not None
        table = table_of(PostmortemRow)
        values = self._safe(_postmortem_values(pm, dirty.fields))
        if stored_fields is None:
            from sqlalchemy import cast, literal
            from sqlalchemy.dialects.postgresql import JSONB

            stored = func.coalesce(cast(table.c.versions, JSONB), literal({}, JSONB))
            merged = cast(stored.op("||")(literal(written.fields, JSONB)), table.c.versions.type)
            values.update(updated_at=now, versions=merged, revision=table.c.revision + 1)
        else:
            numbers = stored_fields | written.fields
            values.update(updated_at=now, versions=numbers, revision=written.revision)
        where = [table.c.id == pm.id, *guarded(guard)]
        steps: list[tuple[Any, Any]] = [(update(table).where(*where).values(**values), None)]
        for collection, ids in dirty.items.items():
            if ids:
                numbers_of = written.items[collection]
                steps += self._item_writes(pm, collection, ids, numbers_of, guard)
        if "phases" in dirty.fields:
            steps += self._phase_writes(pm, guard)
        if facts is not None:
            steps += review_facts.writes({pm.id: facts}, guard)
        indexed = bool(
            dirty.fields & search_index.INDEXED_FIELDS
            or any(dirty.items.get(c) for c in search_index.INDEXED_COLLECTIONS)
        )
        prepared = None
        if indexed and self._postgres:
            prepared = search_index_pg.statements(pm, dirty, guard)

        def send() -> Callable[[], bool] | None:
            for statement, params in steps:
                connection.execute(statement, params)
            out_of_slots = self._index(connection, pm, dirty, prepared) if indexed else None
            self._notify(connection, pm.id, guard)
            return out_of_slots

        return send

    def _notify(self, connection: Any, postmortem_id: int | None, guard: str | None = None) -> None:
        """Tell the windows listening on a server database (sent when the transaction commits)."""
        if self._postgres:
            connection.execute(
                text("SELECT pg_notify(:channel, :payload)" + (f" WHERE {guard}" if guard else "")),
                {"channel": CHANNEL, "payload": str(postmortem_id or "")},
            )

    def _write_items(
        self, connection: Any, pm: Postmortem, collection: str, ids: set[str] | None
    ) -> None:
        for statement, params in self._item_writes(pm, collection, ids):
            connection.execute(statement, params)

    def _item_writes(
        self,
        pm: Postmortem,
        collection: str,
        ids: set[str] | None,
        numbers: dict[str, int] | None = None,
        guard: str | None = None,
    ) -> list[tuple[Any, Any]]:
        """The statements that write these items of a collection (all of them when ids is None),
        with their values."""
        table = table_of(COLLECTION_TABLES[collection])
        items: list[Any] = getattr(pm, collection)
        rows = [
            self._safe(_item_values(collection, item, position))
            | {"postmortem_id": pm.id, "version": (numbers or {}).get(item.id, 1)}
            for position, item in enumerate(items)
            if ids is None or item.id in ids
        ]
        steps: list[tuple[Any, Any]] = []
        if ids is not None:
            doomed = list(ids)
            for start in range(0, len(doomed), 500):
                chunk = table.c.id.in_(doomed[start : start + 500])
                where = [table.c.postmortem_id == pm.id, chunk, *guarded(guard)]
                steps.append((delete(table).where(*where), None))
        if rows:
            steps.append((guarded_insert(table, list(rows[0]), guard), rows))
        return steps

    def _write_phases(self, connection: Any, pm: Postmortem) -> None:
        for statement, params in self._phase_writes(pm):
            connection.execute(statement, params)

    def _phase_writes(self, pm: Postmortem, guard: str | None = None) -> list[tuple[Any, Any]]:
        table = table_of(PhaseRecordRow)
        where = [table.c.postmortem_id == pm.id, *guarded(guard)]
        steps: list[tuple[Any, Any]] = [(delete(table).where(*where), None)]
        if pm.phases:
            columns = ["postmortem_id", "position", "phase", "planned_minutes", "actual_seconds"]
            rows = [
                {
                    "postmortem_id": pm.id,
                    "position": i,
                    "phase": p.phase,
                    "planned_minutes": p.planned_minutes,
                    "actual_seconds": p.actual_seconds,
                }
                for i, p in enumerate(pm.phases)
            ]
            steps.append((guarded_insert(table, columns, guard), rows))
        return steps

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
