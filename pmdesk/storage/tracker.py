"""Follow-up across postmortems: every action item in the database, without loading documents.

Someone checks action items weekly and escalates when the completion rate is low (DOMAIN.md).
These are plain SQLAlchemy Core queries over the action and postmortem tables, so the tracker over
thousands of items stays well under a second. Postmortems in the trash are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, select, update

from pmdesk.actions import LIVE_STATUSES, Completion, completion, group_completion
from pmdesk.database import ActionNotFound, NotFound
from pmdesk.model import ActionStatus, ActionType, TrackedAction
from pmdesk.storage.guard import check_file, id_in_range
from pmdesk.storage.rows import action_from_row
from pmdesk.storage.tables import ActionItemRow, PostmortemRow, table_of

_ACTIONS = table_of(ActionItemRow)
_POSTMORTEMS = table_of(PostmortemRow)


def tracked_actions(
    engine: Engine,
    *,
    status: set[ActionStatus] | None = None,
    owner: str | None = None,
    type: ActionType | None = None,
    postmortem_id: int | None = None,
    overdue_on: date | None = None,
) -> list[TrackedAction]:
    """Action items of every postmortem not in the trash, filtered, nearest deadline first.

    owner: case-insensitive substring (matched in Python, so it works for any script, not only
    ASCII as SQL's lower() would). overdue_on: only open or in-progress items whose deadline is
    before that date. Ties on the deadline go Prevent, Detect, Mitigate.
    """
    a, p = _ACTIONS, _POSTMORTEMS
    query = (
        select(
            a.c.postmortem_id,
            p.c.title,
            a.c.position,
            a.c.id,
            a.c.description,
            a.c.type,
            a.c.owner,
            a.c.deadline,
            a.c.status,
            a.c.dropped_reason,
            a.c.done_on,
            a.c.factor_id,
        )
        .join(p, p.c.id == a.c.postmortem_id)
        .where(p.c.deleted_at.is_(None))
    )
    if status is not None:
        query = query.where(a.c.status.in_(sorted(s.value for s in status)))
    if type is not None:
        query = query.where(a.c.type == type.value)
    if postmortem_id is not None:
        if not id_in_range(engine, postmortem_id):
            return []
        query = query.where(a.c.postmortem_id == postmortem_id)
    if overdue_on is not None:
        query = query.where(
            a.c.status.in_(sorted(s.value for s in LIVE_STATUSES)),
            a.c.deadline.is_not(None),
            a.c.deadline < overdue_on,
        )
    wanted = " ".join(owner.split()).casefold() if owner else ""
    found: list[tuple[tuple[Any, ...], TrackedAction]] = []
    with engine.connect() as connection:
        for row in connection.execute(query):
            if wanted and wanted not in " ".join(row.owner.split()).casefold():
                continue
            item = action_from_row(row._mapping)
            key = (
                item.deadline is None,
                item.deadline or date.max,
                item.type.priority,
                row.postmortem_id,
                row.position,
            )
            found.append((key, TrackedAction(row.postmortem_id, row.title or "", item)))
    found.sort(key=lambda pair: pair[0])
    return [tracked for _, tracked in found]


def completion_by_postmortem(engine: Engine, today: date) -> list[tuple[int, str, Completion]]:
    """(postmortem id, title, completion) for every postmortem with action items, by id."""
    return group_completion(tracked_actions(engine), today)


def overall_completion(engine: Engine, today: date) -> Completion:
    """The completion of every action item outside the trash, taken together."""
    return completion((t.item for t in tracked_actions(engine)), today)


_EDITABLE = frozenset(
    {"description", "type", "owner", "deadline", "status", "dropped_reason", "done_on", "factor_id"}
)


def _column_values(changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise KeyError(f"action items have no editable fields {sorted(unknown)}")
    values = dict(changes)
    if "status" in values:
        values["status"] = ActionStatus(values["status"]).value
    if "type" in values:
        values["type"] = ActionType(values["type"]).value
    for name in ("deadline", "done_on"):
        value = values.get(name)
        if isinstance(value, datetime) or (value is not None and not isinstance(value, date)):
            raise TypeError(f"{name} must be a date or None, not {value!r}")
    return values


def set_action_status(
    engine: Engine,
    postmortem_id: int,
    item_id: str,
    changes: Mapping[str, Any],
    *,
    now: datetime | None = None,
) -> None:
    """Write changes to one action of a postmortem that is not open, in one transaction.

    Used by the tracker to mark an item done (see `pmdesk.actions.mark_done_changes`); an open
    document goes through its Document instead, so its undo stack and autosave stay in charge.
    """
    values = _column_values(changes)
    stamp = now or datetime.now(UTC)
    a, p = _ACTIONS, _POSTMORTEMS
    if not id_in_range(engine, postmortem_id):
        raise NotFound(postmortem_id)
    check_file(engine)
    with engine.begin() as connection:
        exists = connection.execute(select(p.c.id).where(p.c.id == postmortem_id)).first()
        if exists is None:
            raise NotFound(postmortem_id)
        bump = {"version": a.c.version + 1} if values else {}
        result = connection.execute(
            update(a)
            .where(a.c.postmortem_id == postmortem_id, a.c.id == item_id)
            .values(**values or {"id": item_id}, **bump)
        )
        if result.rowcount == 0:
            raise ActionNotFound(postmortem_id, item_id)
        if values:
            # The item's version moves, so a window with this postmortem open merges it in.
            connection.execute(
                update(p)
                .where(p.c.id == postmortem_id)
                .values(updated_at=stamp, revision=p.c.revision + 1)
            )
            if engine.dialect.name == "postgresql":
                from sqlalchemy import text

                from pmdesk.storage.versioning import CHANNEL

                connection.execute(
                    text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": str(postmortem_id)}
                )
        if values.keys() & {"description", "dropped_reason"}:
            from pmdesk.storage import search_index

            fts5 = search_index.has_fts5(connection)
            search_index.store_from_rows(connection, [postmortem_id], fts5=fts5)


class Tracker:
    """The tracker's queries on one engine (what pmdesk.operations.library.Tracker promises)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def tracked_actions(
        self,
        *,
        status: set[ActionStatus] | None = None,
        owner: str | None = None,
        type: ActionType | None = None,
        postmortem_id: int | None = None,
        overdue_on: date | None = None,
    ) -> list[TrackedAction]:
        return tracked_actions(
            self.engine,
            status=status,
            owner=owner,
            type=type,
            postmortem_id=postmortem_id,
            overdue_on=overdue_on,
        )

    def set_action_status(
        self,
        postmortem_id: int,
        item_id: str,
        changes: Mapping[str, Any],
        *,
        now: datetime | None = None,
    ) -> None:
        set_action_status(self.engine, postmortem_id, item_id, changes, now=now)
