"""Offline and back: postmortems checked out of a team database, worked on, and synced.

`checkout` copies postmortems from the team database into the local one and records, for each,
where it came from (pmdesk.storage.checkouts). `sync` brings each back: a three-way merge
(pmdesk.collab.merge) of the common ancestor, the local copy and the team's copy, field by field
and item by item. What only one side changed is taken; what both changed differently is a
conflict: the team database keeps its text, the local copy keeps the facilitator's, and the
ancestor stays as it was, so the next sync finds the same conflict until it is settled
(`settle`). Nothing either side wrote is lost.

The team's copy is written as a window saves it: with the version numbers read with it, so a
colleague's save landing between the read and the write is never overwritten (the write is
refused, the team's copy is read again, merged again and written again).

Order of writes, so a dropped connection leaves both sides consistent: the team's copy is
written first in one transaction (rolled back whole if the connection goes), then the local copy
and its record. A sync cut between the two finds, next time, the team already holding the merge,
which merges again to the same result.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pmdesk.collab.merge import Conflict, merge3, settle
from pmdesk.collab.versions import StaleSave
from pmdesk.database import DatabaseLocation, DatabaseProblem, NotFound
from pmdesk.document import Dirty
from pmdesk.model import COLLECTIONS, FIELDS, Postmortem
from pmdesk.operations.team import TeamEntry, TeamStatus
from pmdesk.storage import checkouts
from pmdesk.storage.checkouts import Checkout
from pmdesk.storage.repository import Repository

Clock = Callable[[], datetime]

# Seconds to wait for a team server before working offline (a laptop on a train must not hang).
CONNECT_TIMEOUT = 5
# A team copy that keeps being saved by others between sync's read and write is read, merged and
# written again this often; then that postmortem waits for the next sync (nothing is written).
WRITE_ATTEMPTS = 5

# Called with the team's postmortem id between reading the team's copy and writing the merge.
BeforeWrite = Callable[[int], None]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Outcome:
    """One postmortem's sync: what went to the team, what came from it, what clashes."""

    postmortem_id: int
    title: str
    sent: int
    taken: int
    conflicts: tuple[Conflict, ...]
    gone: bool = False  # no longer in the team database: the local copy was kept as it is
    busy: bool = False  # others kept saving it throughout: nothing written, sync again


@dataclass
class SyncReport:
    outcomes: list[Outcome] = field(default_factory=list)
    # Team databases that could not be reached, with why, in the facilitator's words.
    unreachable: dict[str, str] = field(default_factory=dict)

    @property
    def conflicts(self) -> int:
        return sum(len(o.conflicts) for o in self.outcomes)


@dataclass(frozen=True)
class SyncState:
    """Where the checked-out postmortems stand, known without the network."""

    checked_out: int
    to_send: int
    conflicts: int

    def describe(self, *, offline: bool = False) -> str:
        parts = []
        if self.conflicts:
            parts.append(_count(self.conflicts, "conflict") + " to settle")
        if self.to_send:
            parts.append(_count(self.to_send, "change") + " to send")
        if offline:
            return " · ".join(["Team database unreachable: working offline", *parts])
        return " · ".join(parts) or "In step with team database"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# -- comparing versions --------------------------------------------------------------------------


def changes(old: Postmortem, new: Postmortem) -> int:
    """How many fields and items differ (an item added, removed or edited counts once)."""
    count = sum(1 for name in FIELDS if getattr(old, name) != getattr(new, name))
    for collection in COLLECTIONS:
        before = {item.id: item for item in getattr(old, collection)}
        after = {item.id: item for item in getattr(new, collection)}
        count += sum(1 for i in before.keys() | after.keys() if before.get(i) != after.get(i))
    return count


def _dirty(old: Postmortem, new: Postmortem) -> Dirty:
    """What to write to turn `old` into `new` (a collection that changed is written whole,
    so the stored order follows)."""
    dirty = Dirty({name for name in FIELDS if getattr(old, name) != getattr(new, name)})
    for collection in COLLECTIONS:
        before, after = getattr(old, collection), getattr(new, collection)
        if before != after:
            dirty.items[collection] = {i.id for i in before} | {i.id for i in after}
    return dirty


def _as(pm: Postmortem, like: Postmortem) -> Postmortem:
    """`pm`'s content under `like`'s identity (its id, dates and trash state in its database)."""
    out = copy.deepcopy(pm)
    out.id, out.created_at, out.updated_at = like.id, like.created_at, like.updated_at
    out.deleted_at = like.deleted_at
    return out


def _ancestor(merged: Postmortem, conflicts: Sequence[Conflict], base: Postmortem) -> Postmortem:
    """The next common ancestor: the merge, with every conflicting field as it was in `base`."""
    out = copy.deepcopy(merged)
    for conflict in conflicts:
        in_base = conflict.collection is None or any(
            item.id == conflict.item_id for item in getattr(base, conflict.collection)
        )
        if in_base:
            settle(out, conflict, conflict.base)
        else:  # added on both sides with one id: not an ancestor's item
            items = getattr(out, conflict.collection or "")
            items[:] = [item for item in items if item.id != conflict.item_id]
    return out


def _with_mine(merged: Postmortem, conflicts: Sequence[Conflict]) -> Postmortem:
    out = copy.deepcopy(merged)
    for conflict in conflicts:
        settle(out, conflict, conflict.mine)
    return out


# -- the team database ---------------------------------------------------------------------------


def team_location(url: str) -> DatabaseLocation:
    from pmdesk.storage.location import resolve

    location = resolve(url)
    if location.url.startswith("postgresql") and "connect_timeout" not in location.url:
        joiner = "&" if "?" in location.url else "?"
        location = DatabaseLocation(f"{location.url}{joiner}connect_timeout={CONNECT_TIMEOUT}")
    return location


def _open_team(url: str) -> Repository:
    from pmdesk.storage.engine import open_engine

    try:
        return Repository(open_engine(team_location(url)))
    except DatabaseProblem as problem:  # named as the facilitator wrote it
        raise DatabaseProblem(_shown(url), problem.reason, problem.advice) from problem


def _shown(url: str) -> str:
    from pmdesk.storage.location import resolve

    return resolve(url).display


# -- checkout ------------------------------------------------------------------------------------


def checkout(
    local: Repository, team_url: str, team_ids: Sequence[int] | None, clock: Clock = _now
) -> list[tuple[int, int]]:
    """Copy postmortems (all outside the trash when `team_ids` is None) from the team database
    into `local`; returns (team id, local id) pairs. One already checked out is refused."""
    team = _open_team(team_url)
    try:
        wanted = [e.id for e in team.library()] if team_ids is None else list(team_ids)
        taken = team.load_many(wanted)
        missing = sorted(set(wanted) - {pm.id for pm in taken if pm.id is not None})
        if missing:
            raise DatabaseProblem(
                _shown(team_url),
                f"has no postmortem with id {missing[0]}",
                f"Nothing was copied. `pmdesk --db {_shown(team_url)} list` shows its postmortems.",
            )
    finally:
        team.close()
    pairs = []
    for pm in taken:
        assert pm.id is not None
        with local.engine.connect() as connection:
            there = checkouts.find(connection, team_url, pm.id)
        if there is not None:
            raise DatabaseProblem(
                local.engine.url.render_as_string(hide_password=True),
                f"already holds team postmortem {pm.id} as postmortem {there}",
                "Nothing more was copied. Use `pmdesk sync` to bring it up to date.",
            )
        mine = copy.deepcopy(pm)
        mine.id = mine.deleted_at = None
        local_id = local.create(mine)
        with local.engine.begin() as connection:
            checkouts.record(
                connection, Checkout(local_id, team_url, pm.id, pm, copy.deepcopy(pm), clock())
            )
        pairs.append((pm.id, local_id))
    return pairs


# -- state, without the network ------------------------------------------------------------------


def _open_conflicts(co: Checkout, local: Postmortem) -> tuple[Postmortem, list[Conflict]]:
    return merge3(co.base, local, co.team_seen)


def state(local: Repository, ids: Sequence[int] | None = None) -> SyncState:
    """Changes waiting to be sent and conflicts waiting to be settled, from the local copies."""
    with local.engine.connect() as connection:
        records = checkouts.all_checkouts(connection, ids)
    to_send = conflicts = 0
    loaded = {pm.id: pm for pm in local.load_many([c.postmortem_id for c in records])}
    for co in records:
        merged, clashes = _open_conflicts(co, loaded[co.postmortem_id])
        to_send += changes(co.team_seen, merged)
        conflicts += len(clashes)
    return SyncState(len(records), to_send, conflicts)


def open_conflicts(local: Repository, postmortem_id: int) -> list[Conflict]:
    """The clashes of one checked-out postmortem waiting to be settled (none if not checked out)."""
    with local.engine.connect() as connection:
        records = checkouts.all_checkouts(connection, [postmortem_id])
    if not records:
        return []
    return _open_conflicts(records[0], local.load(postmortem_id))[1]


def settle_conflicts(
    local: Repository, postmortem_id: int, choose: Callable[[Conflict], Any]
) -> int:
    """Settle each open conflict with `choose(conflict)` (conflict.mine, conflict.theirs or a
    combined value); the next sync sends the choice. Returns how many were settled."""
    with local.engine.connect() as connection:
        records = checkouts.all_checkouts(connection, [postmortem_id])
    if not records:
        return 0
    co = records[0]
    pm = local.load(postmortem_id)
    _, clashes = _open_conflicts(co, pm)
    if not clashes:
        return 0
    chosen, base = copy.deepcopy(pm), copy.deepcopy(co.base)
    for conflict in clashes:
        settle(chosen, conflict, choose(conflict))
        settle(base, conflict, conflict.theirs)  # as if the team's text had been the ancestor
    local.save(chosen, _dirty(pm, chosen))
    co.base = base
    with local.engine.begin() as connection:
        checkouts.record(connection, co)
    return len(clashes)


# -- sync ----------------------------------------------------------------------------------------


def sync(
    local: Repository,
    ids: Sequence[int] | None = None,
    clock: Clock = _now,
    before_write: BeforeWrite | None = None,
) -> SyncReport:
    """Sync every checked-out postmortem (or those of `ids`) with its team database.

    A team database that cannot be reached is reported in `unreachable` and its postmortems are
    left as they were on both sides; the others sync. `before_write` runs between reading a
    team copy and writing the merge back (where a colleague's save may land).
    """
    report = SyncReport()
    with local.engine.connect() as connection:
        records = checkouts.all_checkouts(connection, ids)
    by_team: dict[str, list[Checkout]] = {}
    for co in records:
        by_team.setdefault(co.team_url, []).append(co)
    for url, group in by_team.items():
        try:
            team = _open_team(url)
        except DatabaseProblem as problem:
            report.unreachable[_shown(url)] = problem.reason
            continue
        try:
            for co in group:
                report.outcomes.append(_sync_one(local, team, co, clock, before_write))
        except _TeamFault as fault:
            report.unreachable[_shown(url)] = fault.reason
        finally:
            team.close()
    return report


class _TeamFault(Exception):
    """The team database failed mid-sync (a dropped connection, a server gone)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _on_team(url: str, work: Callable[[], Any]) -> Any:
    """Run `work` against the team database; its faults become a _TeamFault (the local
    database's faults are the caller's, and are reported as such)."""
    try:
        return work()
    except (NotFound, _TeamFault):
        raise
    except DatabaseProblem as problem:
        raise _TeamFault(problem.reason) from problem
    except Exception as exc:
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(exc, SQLAlchemyError | OSError):
            raise
        from pmdesk.storage.guard import explain

        raise _TeamFault(explain(exc, _shown(url)).reason) from exc


def _sync_one(
    local: Repository,
    team: Repository,
    co: Checkout,
    clock: Clock,
    before_write: BeforeWrite | None = None,
) -> Outcome:
    mine = local.load(co.postmortem_id)
    sent = 0
    for _ in range(WRITE_ATTEMPTS):
        try:
            theirs, versions = _on_team(co.team_url, lambda: team.load_versioned(co.team_id))
        except NotFound:
            return Outcome(co.postmortem_id, mine.title, 0, 0, (), gone=True)
        merged, clashes = merge3(co.base, mine, theirs)
        team_out = _as(merged, theirs)
        dirty = _dirty(theirs, team_out)
        if not dirty:
            break
        if before_write is not None:
            before_write(co.team_id)
        # First, in one transaction on the server: a connection lost here changes neither side.
        # Only over the versions just read: a colleague's save since then is read and merged.
        read_at = versions.revision
        try:
            _on_team(co.team_url, functools.partial(team.save, team_out, dirty, versions))
        except StaleSave:
            continue
        sent += changes(theirs, team_out)
        if versions.revision != read_at:
            break
        # Written, but a colleague saved other fields in between: read again to take them in.
    else:
        return Outcome(co.postmortem_id, mine.title, sent, 0, (), busy=True)
    local_out = _as(_with_mine(merged, clashes), mine)
    taken = changes(mine, local_out)
    local.save(local_out, _dirty(mine, local_out))
    co.base = _ancestor(merged, clashes, co.base)
    co.team_seen = _as(merged, theirs)
    co.synced_at = clock()
    with local.engine.begin() as connection:
        checkouts.record(connection, co)
    return Outcome(co.postmortem_id, mine.title, sent, taken, tuple(clashes))


# -- in words ------------------------------------------------------------------------------------


def outcome_line(outcome: Outcome) -> str:
    name = f"“{outcome.title or 'Untitled postmortem'}” (postmortem {outcome.postmortem_id})"
    if outcome.gone:
        return f"{name}: no longer in the team database; kept here as it is."
    if outcome.busy:
        sent = f"{outcome.sent} sent, " if outcome.sent else ""
        return f"{name}: being saved by others throughout; {sent}nothing taken, sync again."
    parts = [f"{outcome.sent} sent", f"{outcome.taken} taken"]
    if outcome.conflicts:
        parts.append(_count(len(outcome.conflicts), "conflict"))
    return f"{name}: " + ", ".join(parts)


def conflict_line(conflict: Conflict) -> str:
    where = conflict.field
    if conflict.collection is not None:
        where = f"{conflict.collection} item {conflict.item_id}"
        if conflict.removal:
            side = "here" if conflict.mine is None else "in the team database"
            return f"{where}: removed {side}, edited on the other side (both kept until settled)"
        where += f" {conflict.field}"
    return f"{where}: here {_short(conflict.mine)} / team {_short(conflict.theirs)}"


def report_lines(report: SyncReport) -> list[str]:
    lines = [f"{where}: cannot be reached ({why})." for where, why in report.unreachable.items()]
    for outcome in report.outcomes:
        lines.append(outcome_line(outcome))
        lines.extend(f"  {conflict_line(c)}" for c in outcome.conflicts)
    return lines


def _short(value: Any) -> str:
    text = " ".join(str(value).split())
    return f"“{text if len(text) <= 60 else text[:59] + '…'}”"


# -- for the app ---------------------------------------------------------------------------------


class LocalTeamSync:
    """The app's view of the open database's checkouts (pmdesk.operations.team.TeamSync)."""

    def __init__(self, local: Repository) -> None:
        self.local = local

    def status(self, *, offline: bool = False, lines: Sequence[str] = ()) -> TeamStatus | None:
        now = state(self.local)
        if not now.checked_out:
            return None
        return TeamStatus(
            now.describe(offline=offline), now.to_send, now.conflicts, offline, tuple(lines)
        )

    def sync(self) -> TeamStatus | None:
        report = sync(self.local)
        return self.status(offline=bool(report.unreachable), lines=report_lines(report))

    def team_library(self, team_url: str) -> list[TeamEntry]:
        team = _open_team(team_url)
        try:
            entries = team.library()
        except Exception as exc:
            from sqlalchemy.exc import SQLAlchemyError

            if not isinstance(exc, SQLAlchemyError | OSError):
                raise
            from pmdesk.storage.guard import explain

            raise explain(exc, _shown(team_url)) from exc
        finally:
            team.close()
        with self.local.engine.connect() as connection:
            taken = {
                c.team_id for c in checkouts.all_checkouts(connection) if c.team_url == team_url
            }
        return [
            TeamEntry(
                e.id,
                e.title,
                f"{e.incident_date:%Y-%m-%d}" if e.incident_date else "",
                e.id in taken,
            )
            for e in entries
        ]

    def checkout(self, team_url: str, team_ids: list[int]) -> int:
        return len(checkout(self.local, team_url, team_ids))

    def settle(self, keep: str) -> int:
        with self.local.engine.connect() as connection:
            ids = [c.postmortem_id for c in checkouts.all_checkouts(connection)]
        return sum(
            settle_conflicts(self.local, pm_id, lambda c: c.mine if keep == "mine" else c.theirs)
            for pm_id in ids
        )
