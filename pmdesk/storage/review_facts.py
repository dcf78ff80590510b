"""Each postmortem's blame-language facts for the quarterly review, kept in the database.

They are derived data, like the search index: a save that changes what they depend on writes them
in its own transaction (the layer that saves works them out and hands them over as plain values,
pmdesk.database.StoredFacts: storage never imports the language engine), and a review that had to
check a postmortem writes what it found back. Each row carries the key its facts were worked out
under, so a review uses only facts whose key still holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, delete, select

from pmdesk.database import StoredFacts
from pmdesk.model import Postmortem
from pmdesk.storage.pipelined import guarded, guarded_insert
from pmdesk.storage.tables import ReviewFactsRow, table_of

# Works out a postmortem's facts as it is about to be saved (pmdesk.review.stored.facts_to_store).
FactsOf = Callable[[Postmortem], StoredFacts]

# What a save must write them again for: the fields and collections their key reads.
FIELDS = frozenset({"title", "summary", "lessons", "status", "language"})
COLLECTIONS = frozenset({"attendees", "timeline", "findings", "factors", "actions"})

_BATCH = 500
_COLUMNS = ["postmortem_id", "key", "flagged", "vague", "blames_people"]


def touched(fields: Iterable[str], collections: Iterable[str]) -> bool:
    """Whether a save of these fields and collections can change a postmortem's facts."""
    return not FIELDS.isdisjoint(fields) or not COLLECTIONS.isdisjoint(collections)


def _row(postmortem_id: int, facts: StoredFacts) -> dict[str, Any]:
    return {
        "postmortem_id": postmortem_id,
        "key": facts.key,
        "flagged": facts.flagged,
        "vague": list(facts.vague),
        "blames_people": facts.blames_people,
    }


def writes(facts: Mapping[int, StoredFacts], guard: str | None = None) -> list[tuple[Any, Any]]:
    """The statements that replace these postmortems' facts, with their values (each carrying
    `guard` on PostgreSQL's checked save, pmdesk.storage.pipelined)."""
    table = table_of(ReviewFactsRow)
    ids = list(facts)
    steps: list[tuple[Any, Any]] = []
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        where = [table.c.postmortem_id.in_(chunk), *guarded(guard)]
        steps.append((delete(table).where(*where), None))
        rows = [_row(i, facts[i]) for i in chunk]
        steps.append((guarded_insert(table, _COLUMNS, guard), rows))
    return steps


def write(connection: Connection, facts: Mapping[int, StoredFacts]) -> None:
    for statement, params in writes(facts):
        connection.execute(statement, params)


def read(connection: Connection, ids: Sequence[int]) -> dict[int, StoredFacts]:
    """The stored facts of these postmortems (those that have any), by id."""
    table = table_of(ReviewFactsRow)
    columns = [table.c[name] for name in _COLUMNS]
    found: dict[int, StoredFacts] = {}
    for start in range(0, len(ids), _BATCH):
        query = select(*columns).where(table.c.postmortem_id.in_(list(ids[start : start + _BATCH])))
        for pm_id, key, flagged, vague, blames in connection.execute(query):
            positions = tuple(int(v) for v in (vague or ()))
            found[int(pm_id)] = StoredFacts(str(key), int(flagged), positions, bool(blames))
    return found
