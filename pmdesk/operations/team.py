"""A team database, as the screens see it: where the checked-out postmortems stand, and a sync.

The screens never import pmdesk.storage; the door hands them a `TeamSync` over the open
database (pmdesk.storage.sync makes the real one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class TeamStatus:
    """The status bar's sentence and what it counts, and what the last sync did."""

    text: str  # "In step with team database", "3 changes to send", ...
    to_send: int = 0
    conflicts: int = 0
    offline: bool = False
    # One line per postmortem synced and per conflict, for the facilitator to read.
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamEntry:
    """One postmortem of a team database, as the Take offline list shows it."""

    team_id: int
    title: str
    when: str  # the incident date, "2026-04-15", or ""
    taken: bool  # already checked out into this database


class TeamSync(Protocol):
    def status(self, *, offline: bool = False) -> TeamStatus | None:
        """Where things stand, without the network (`offline`: the last try found the team
        database out of reach); None when nothing here came from a team database."""
        ...

    def sync(self) -> TeamStatus | None:
        """Merge every checked-out postmortem with its team database, both ways (None: nothing
        to sync). A team database out of reach is `offline`, never an exception."""
        ...

    def team_library(self, team_url: str) -> list[TeamEntry]:
        """The team database's postmortems (outside its trash). DatabaseProblem when it cannot
        be reached or read."""
        ...

    def checkout(self, team_url: str, team_ids: list[int]) -> int:
        """Copy these team postmortems into this database (as `pmdesk checkout`); how many."""
        ...

    def settle(self, keep: str) -> int:
        """Settle every open conflict with "mine" or "theirs"; returns how many."""
        ...
