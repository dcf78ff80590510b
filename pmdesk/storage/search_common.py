"""What both backends' searches share (pmdesk.storage.search_query, search_query_pg): the
filters, the order of hits of equal score (newest incident first), and the library's columns
read for the hits shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, func, literal_column, or_, select, type_coerce

from pmdesk.search import Query, SearchHit
from pmdesk.storage.library import COLUMNS, entry_from_row
from pmdesk.storage.search_index import SEPARATOR, search_postmortems
from pmdesk.storage.tables import PostmortemRow, table_of

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Connection

_pm = table_of(PostmortemRow)
_sp = search_postmortems


def incident_day() -> ColumnElement[Any]:
    """The incident's day as YYYY-MM-DD, from the stored ISO text (in its own offset)."""
    when = func.coalesce(
        type_coerce(_pm.c.started_at, String),
        type_coerce(_pm.c.detected_at, String),
        type_coerce(_pm.c.resolved_at, String),
    )
    return func.substr(when, 1, 10)


def recency() -> ColumnElement[Any]:
    """The incident's time as stored; postmortems with no date yet come last. Written as the
    index postmortems_search_recency is, so SQLite reads the newest first from it."""
    return func.coalesce(
        type_coerce(_pm.c.started_at, String),
        type_coerce(_pm.c.detected_at, String),
        type_coerce(_pm.c.resolved_at, String),
        literal_column("''"),
    )


def where_filters(query: Query, *, trash: bool) -> list[ColumnElement[bool]]:
    deleted = _pm.c.deleted_at
    conditions: list[ColumnElement[bool]] = [deleted.is_not(None) if trash else deleted.is_(None)]
    for column, groups in (
        (_pm.c.severity_level, query.severities),
        (_pm.c.kind, query.kinds),
        (_pm.c.status, query.statuses),
    ):
        conditions += [column.in_(group) for group in groups]
    for column, groups in ((_sp.c.services, query.services), (_sp.c.tags, query.tags)):
        conditions += [
            or_(*(column.contains(f"{SEPARATOR}{v}{SEPARATOR}", autoescape=True) for v in group))
            for group in groups
        ]
    if query.before is not None:
        conditions.append(incident_day() < query.before.isoformat())
    if query.after is not None:
        conditions.append(incident_day() > query.after.isoformat())
    return conditions


def ranked_ids(query: Query, score: ColumnElement[Any]) -> Any:
    """Ids and scores only: the rows that go through the sort are kept narrow. The services
    and tags join in when a filter needs them."""
    statement = select(_pm.c.id, score.label("score")).select_from(_pm)
    if query.services or query.tags:
        statement = statement.join(_sp, _sp.c.postmortem_id == _pm.c.id)
    return statement


def hits_for(
    connection: Connection, ranked: Sequence[Any], snippets: dict[int, str]
) -> list[SearchHit]:
    """The hits in rank order, with the library's columns read for them alone."""
    if not ranked:
        return []
    ids = [int(row[0]) for row in ranked]
    rows = connection.execute(select(*(_pm.c[name] for name in COLUMNS)).where(_pm.c.id.in_(ids)))
    entries = {int(row[0]): entry_from_row(row) for row in rows}
    return [
        SearchHit(entries[pm_id], float(row[1]), snippets.get(pm_id, ""))
        for pm_id, row in zip(ids, ranked, strict=True)
        if pm_id in entries
    ]


def hit_order(score_first: bool) -> list[Any]:
    newest = [recency().desc(), _pm.c.id.desc()]
    return [literal_column("score").desc(), *newest] if score_first else newest
