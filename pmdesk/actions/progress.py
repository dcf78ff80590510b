"""After the meeting: the order items are worked in, the why-chain gauge, overdue items and
completion rates (per postmortem and across them)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from pmdesk.actions.checks import LIVE_STATUSES
from pmdesk.model import ActionItem, ActionStatus, TrackedAction

# -- order ----------------------------------------------------------------------------------------


def action_sort_key(item: ActionItem) -> tuple[int, bool, date, str]:
    """Prevent before Detect before Mitigate; then the nearest deadline (none last)."""
    return (
        item.type.priority,
        item.deadline is None,
        item.deadline or date.max,
        item.description.casefold(),
    )


def sort_actions(items: Iterable[ActionItem]) -> list[ActionItem]:
    return sorted(items, key=action_sort_key)


# -- the why-chain gauge --------------------------------------------------------------------------


class WhyDepth(StrEnum):
    NONE = "none"
    SHALLOW = "shallow"
    GOOD = "good"
    DRIFTING = "drifting"


def why_depth(whys: Sequence[str]) -> tuple[str, str]:
    """How deep a factor's why-chain goes, as (level, one-line advice). Blank answers don't count."""
    depth = sum(1 for answer in whys if answer.strip())
    if depth == 0:
        return WhyDepth.NONE, 'Ask "why?" about this factor and write down the answer'
    if depth == 1:
        return (
            WhyDepth.SHALLOW,
            "One level: dig deeper, ask why again until the answer is about the system",
        )
    if depth == 2:
        return WhyDepth.GOOD, "2 levels: good; about three usually reaches a systemic cause"
    if depth == 3:
        return WhyDepth.GOOD, "3 levels: about right, the sweet spot for most factors"
    if depth == 4:
        return (
            WhyDepth.GOOD,
            "4 levels: good; stop once the answer is something the team can change",
        )
    if depth == 5:
        return (
            WhyDepth.GOOD,
            "5 levels: still fine, but stop soon; deeper answers drift from what the team can change",
        )
    return (
        WhyDepth.DRIFTING,
        f"Drifting: more than five whys drifts away from what the team can change ({depth} levels)",
    )


# -- completion -------------------------------------------------------------------------------------


def is_overdue(item: ActionItem, today: date) -> bool:
    """Still open or in progress after its deadline (due today is not overdue yet)."""
    return item.status in LIVE_STATUSES and item.deadline is not None and item.deadline < today


def days_overdue(item: ActionItem, today: date) -> int:
    if not is_overdue(item, today):
        return 0
    assert item.deadline is not None
    return (today - item.deadline).days


@dataclass(frozen=True)
class Completion:
    """How a set of action items is doing. The parts add up: every item is in exactly one of
    done_on_time, done_late, open (not yet late), overdue, dropped."""

    total: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open: int = 0
    overdue: int = 0
    dropped: int = 0

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def counted(self) -> int:
        """Items that were meant to be done: dropped ones are a decision, not a failure."""
        return self.total - self.dropped

    @property
    def rate(self) -> float | None:
        """Done / (total - dropped); None when there is nothing to count."""
        return self.done / self.counted if self.counted else None

    def __add__(self, other: Completion) -> Completion:
        return Completion(
            self.total + other.total,
            self.done_on_time + other.done_on_time,
            self.done_late + other.done_late,
            self.open + other.open,
            self.overdue + other.overdue,
            self.dropped + other.dropped,
        )

    def summary(self) -> str:
        """One line for a table or a status bar."""
        if self.total == 0:
            return "No action items to count"
        if self.rate is None:
            return f"All {self.total} action items were dropped"
        return (
            f"{self.rate:.0%} done ({self.done} of {self.counted}): "
            f"{self.done_on_time} on time, {self.done_late} late; "
            f"{self.open} open, {self.overdue} overdue; {self.dropped} dropped"
        )


def completion(items: Iterable[ActionItem], today: date) -> Completion:
    """Count items by outcome. Done on time means done_on <= deadline; with no deadline (or no
    recorded done date) a done item counts as on time."""
    total = on_time = late = still_open = overdue = dropped = 0
    for item in items:
        total += 1
        if item.status is ActionStatus.DROPPED:
            dropped += 1
        elif item.status is ActionStatus.DONE:
            if item.deadline is None or item.done_on is None or item.done_on <= item.deadline:
                on_time += 1
            else:
                late += 1
        elif is_overdue(item, today):
            overdue += 1
        else:
            still_open += 1
    return Completion(total, on_time, late, still_open, overdue, dropped)


def mark_done_changes(item: ActionItem, today: date) -> dict[str, Any]:
    """The attribute changes that mark an item done today, for one undoable update.

    An item already done keeps its recorded date (empty dict: nothing to change).
    """
    changes: dict[str, Any] = {}
    if item.status is not ActionStatus.DONE:
        changes["status"] = ActionStatus.DONE
        changes["done_on"] = today
    elif item.done_on is None:
        changes["done_on"] = today
    if item.dropped_reason and item.status is ActionStatus.DROPPED:
        changes["dropped_reason"] = ""
    return changes


def reopen_changes(item: ActionItem) -> dict[str, Any]:
    """The changes that put a done or dropped item back to open (forgetting the done date)."""
    changes: dict[str, Any] = {}
    if item.status is not ActionStatus.OPEN:
        changes["status"] = ActionStatus.OPEN
    if item.done_on is not None:
        changes["done_on"] = None
    return changes


def group_completion(
    rows: Iterable[TrackedAction], today: date
) -> list[tuple[int, str, Completion]]:
    """Per-postmortem completion of rows already fetched (e.g. one owner's items)."""
    groups: dict[int, tuple[str, list[ActionItem]]] = {}
    for tracked in rows:
        groups.setdefault(tracked.postmortem_id, (tracked.postmortem_title, []))[1].append(
            tracked.item
        )
    return [
        (pm_id, title, completion(items, today)) for pm_id, (title, items) in sorted(groups.items())
    ]
