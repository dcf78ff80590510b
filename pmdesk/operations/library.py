"""The library and the action tracker: what the screens may ask of a database, and nothing more.

The screens never import pmdesk.storage. They are handed a `Door` (pmdesk.storage.door makes
the real one; the command line passes it to the app) and call the named operations here on what
it opens. A postmortem moved to the trash stays whole and can be restored until the trash is
emptied; emptying is for good.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    # Names for the annotations only: the main window imports this before its first paint.
    from collections.abc import Iterator, Mapping, Sequence
    from datetime import date, datetime

    from pmdesk.collab.presence import Present
    from pmdesk.collab.versions import Versions
    from pmdesk.database import DatabaseLocation, DatabaseProblem, LibraryEntry, StoredFacts
    from pmdesk.document import Dirty
    from pmdesk.model import ActionStatus, ActionType, Postmortem, TrackedAction
    from pmdesk.operations.team import TeamSync
    from pmdesk.search import Query, SearchResults


class Tracker(Protocol):
    """Every action item of every postmortem outside the trash, without loading documents."""

    def tracked_actions(
        self,
        *,
        status: set[ActionStatus] | None = None,
        owner: str | None = None,
        type: ActionType | None = None,
        postmortem_id: int | None = None,
        overdue_on: date | None = None,
    ) -> list[TrackedAction]: ...

    def set_action_status(
        self,
        postmortem_id: int,
        item_id: str,
        changes: Mapping[str, Any],
        *,
        now: datetime | None = None,
    ) -> None: ...


class Watcher(Protocol):
    def changed(self) -> bool:
        """Whether anyone committed a write since the last call (cheap: asked every second)."""
        ...

    def close(self) -> None: ...


class ConflictShelf(Protocol):
    """Where a person's unsettled conflicts on a postmortem are kept across closing and quitting:
    (ancestor, mine), see pmdesk.operations.together.to_keep."""

    def keep(
        self, postmortem_id: int, owner: str, kept: tuple[Postmortem, Postmortem] | None
    ) -> None:
        """Keep them (None: none are left)."""
        ...

    def find(self, postmortem_id: int, owner: str) -> tuple[Postmortem, Postmortem] | None: ...


class Store(Protocol):
    """An open database: whole postmortems, the library and the trash."""

    def load(self, postmortem_id: int) -> Postmortem: ...
    def load_many(self, ids: Sequence[int]) -> list[Postmortem]: ...
    def create(self, pm: Postmortem) -> int: ...
    def save(self, pm: Postmortem, dirty: Dirty, versions: Versions | None = None) -> None:
        """Write what `dirty` names; with `versions`, StaleSave instead of overwriting what
        someone else saved since (pmdesk.operations.together)."""
        ...

    def load_versioned(self, postmortem_id: int) -> tuple[Postmortem, Versions]: ...
    def revision(self, postmortem_id: int) -> int | None: ...
    def stamp(self) -> tuple[int, int]: ...
    def announce(self, client: str, postmortem_id: int, name: str, opened_at: datetime) -> None: ...
    def leave(self, client: str) -> None: ...
    def present(self, postmortem_id: int) -> list[Present]: ...
    def library(self, *, trash: bool = False) -> list[LibraryEntry]: ...
    def postmortems_between(self, start: date, end: date) -> list[Postmortem]: ...
    def review_postmortems_between(self, start: date, end: date) -> list[Postmortem]: ...
    def review_facts(self, ids: Sequence[int]) -> dict[int, StoredFacts]: ...
    def keep_review_facts(self, facts: dict[int, StoredFacts]) -> None: ...
    def search(
        self, query: Query, *, trash: bool = False, limit: int | None = None
    ) -> SearchResults: ...
    def holders(
        self, phrases: Sequence[tuple[str, ...]]
    ) -> dict[tuple[str, ...], frozenset[int]]: ...
    def services_and_tags(self) -> dict[int, tuple[list[str], list[str]]]: ...
    def duplicate(self, postmortem_id: int) -> int: ...
    def trash(self, postmortem_id: int) -> None: ...
    def restore(self, postmortem_id: int) -> None: ...
    def empty_trash(self) -> int: ...
    def close(self) -> None: ...


class Door(Protocol):
    """A database before it is opened: where it is, how to open it, what its faults mean."""

    @property
    def location(self) -> DatabaseLocation: ...

    def open(self, *, lock_wait: float | None = None, must_write: bool = False) -> Store:
        """Open it to read and write; DatabaseProblem when it cannot be used. A database that
        can only be read opens to read (each save then says why not) unless `must_write`."""
        ...

    def quick_library(self) -> list[LibraryEntry] | None:
        """The library read without the full database layer (None: only a full open can say)."""
        ...

    def quick_load(self, postmortem_id: int) -> Postmortem | None:
        """A postmortem read without the full database layer (None: only a full open can say).
        The open() after it writes to the very file it was read from, or refuses."""
        ...

    def preload(self) -> None:
        """Start loading the full database layer in the background (the first save needs it)."""
        ...

    def warm_facts(self, pm: Postmortem) -> None:
        """Work out, in the background, the language facts a save of `pm` keeps (a copy no one
        else changes): a save after an edit then checks only the texts typed since."""
        ...

    def elsewhere(self, value: str) -> Door:
        """The door to another database, given as a path or URL."""
        ...

    def write_locked(self) -> bool:
        """Another program holds the database's write lock right now."""
        ...

    def lock_timeout(self) -> float: ...

    def tracker(self, store: Store) -> Tracker:
        """The action tracker over an open database."""
        ...

    def team(self, store: Store) -> TeamSync:
        """Postmortems checked out of a team database into the open one, and their sync."""
        ...

    def kept_conflicts(self, store: Store) -> ConflictShelf:
        """Unsettled conflicts kept with the postmortems of the open database."""
        ...

    def watcher(self, store: Store) -> Watcher:
        """Something that tells, cheaply, whether anyone wrote to the database lately."""
        ...

    def explain(self, exc: BaseException) -> DatabaseProblem:
        """Why a read or write failed, in the facilitator's words (any exception)."""
        ...

    def problem(self, exc: BaseException) -> DatabaseProblem | None:
        """`exc` in the facilitator's words when it is a database fault, else None."""
        ...


# -- named operations -------------------------------------------------------------------------


def trash_postmortem(store: Store, postmortem_id: int) -> None:
    """Move a postmortem to the trash; it stays whole there until the trash is emptied."""
    store.trash(postmortem_id)


def restore(store: Store, postmortem_id: int) -> None:
    """Take a postmortem out of the trash, back into the library."""
    store.restore(postmortem_id)


def duplicate(store: Store, postmortem_id: int) -> int:
    """A draft copy with fresh ids, titled as a copy; returns the copy's id."""
    return store.duplicate(postmortem_id)


def empty_trash(store: Store) -> int:
    """Delete everything in the trash for good; returns how many postmortems went."""
    return store.empty_trash()


def list_library(store: Store, *, trash: bool = False) -> list[LibraryEntry]:
    """The postmortems in the library (or the trash), newest incident first."""
    return store.library(trash=trash)


def to_publish(
    store: Store, *, status: str | None = None, batch: int = 100
) -> tuple[list[LibraryEntry], Iterator[Postmortem]]:
    """What a publish shows: the library's entries (outside the trash; only those with `status`
    when given) and the postmortems themselves, read a batch at a time as they are used."""
    entries = [e for e in store.library() if status is None or e.status == status]
    ids = [e.id for e in entries]

    def read() -> Iterator[Postmortem]:
        for start in range(0, len(ids), batch):
            yield from store.load_many(ids[start : start + batch])

    return entries, read()


def search_library(
    store: Store, text: str, *, trash: bool = False, limit: int | None = None
) -> SearchResults:
    """The postmortems (or the trash's) that match a query, best first; QueryError when the
    query cannot be read (pmdesk.search describes the language)."""
    from pmdesk.search import parse

    return store.search(parse(text), trash=trash, limit=limit)
