"""Action items with teeth: the inline checks, the why-chain gauge, sorting and completion rates.

Postmortems fail when they end in wishes nobody follows up (DOMAIN.md). The checks here say, in
one line each, what would turn an item into a real action: one named owner, a date, a concrete
change, a link to the factor it addresses. They never block anything; the UI shows them next to
the item and the facilitator decides. Dates are passed in (`today`), so tests never depend on the
clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from pmdesk.model import ActionItem, ActionStatus, Postmortem, TrackedAction

ACTION_COUNT_RANGE = (3, 5)

# Statuses that still need work: only these can be overdue.
LIVE_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})

_QUOTE_LIMIT = 60


@dataclass(frozen=True)
class ActionCheck:
    """One finding about the action list; `item_id` None means it is about the whole list."""

    key: str
    message: str
    item_id: str | None = None


# -- owners ---------------------------------------------------------------------------------------

# Words that make an owner a group of people, or everyone (and so no one).
_EVERYONE = frozenset({"we", "us", "our", "they", "them", "everyone", "everybody", "all", "y'all"})
_GROUP_WORDS = frozenset(
    {
        "team",
        "teams",
        "squad",
        "group",
        "crew",
        "guild",
        "tribe",
        "chapter",
        "department",
        "dept",
        "org",
        "organisation",
        "organization",
        "committee",
        "staff",
        "folks",
        "people",
        "engineers",
        "developers",
        "devs",
        "admins",
        "sysadmins",
        "managers",
        "leads",
        "owners",
        "sres",
        "dbas",
    }
)
# Functions and areas: an owner made only of these words names a team, not a person.
_FUNCTION_WORDS = frozenset(
    {
        "ops",
        "devops",
        "sre",
        "infra",
        "infrastructure",
        "platform",
        "security",
        "secops",
        "netops",
        "sec",
        "it",
        "qa",
        "dba",
        "support",
        "oncall",
        "on-call",
        "on",
        "call",
        "engineering",
        "eng",
        "dev",
        "backend",
        "frontend",
        "mobile",
        "web",
        "management",
        "leadership",
        "product",
        "design",
        "data",
        "legal",
        "hr",
        "sales",
        "marketing",
        "noc",
        "soc",
        "release",
        "network",
        "networking",
        "database",
        "operations",
        "reliability",
        "site",
        "payments",
        "billing",
        "core",
        "cloud",
        "tooling",
        "observability",
        "monitoring",
        "the",
    }
)
# Placeholders: nobody has agreed to it yet.
_PLACEHOLDERS = frozenset(
    {
        "tbd",
        "tba",
        "tbc",
        "todo",
        "n/a",
        "na",
        "none",
        "nobody",
        "someone",
        "somebody",
        "anybody",
        "unknown",
        "unassigned",
        "owner",
        "?",
        "??",
        "???",
        "-",
        "--",
        "x",
        "xxx",
    }
)
# Words that leave the owner undecided, wherever they appear ("someone from ops").
_PLACEHOLDER_TOKENS = frozenset(
    {
        "tbd",
        "tba",
        "tbc",
        "todo",
        "nobody",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "unassigned",
    }
)
_SEPARATORS = re.compile(r"\s*(?:[,/&+;]|\band\b|\bor\b)\s*", re.IGNORECASE)
_TOKENS = re.compile(r"[\w'’-]+|\?+")


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _quote(text: str) -> str:
    """User text inside a one-line message: no line breaks, not too long."""
    flat = " ".join(text.split())
    if len(flat) > _QUOTE_LIMIT:
        flat = flat[: _QUOTE_LIMIT - 1].rstrip() + "…"
    return f'"{flat}"'


def _person_names(names: Iterable[str]) -> set[str]:
    """Attendee names as a facilitator might type them: full name, a single part, "Last, First"."""
    known: set[str] = set()
    for name in names:
        full = _norm(name)
        if not full:
            continue
        known.add(full)
        parts = full.split(" ")
        if len(parts) > 1:
            known.update(p for p in parts if len(p) > 1)
            known.add(f"{parts[-1]}, {' '.join(parts[:-1])}")
    return known


def _owner_kind(part: str, known: set[str]) -> str:
    """ "person", "team", "everyone" or "placeholder" for one owner name (already normalised)."""
    if part in known:
        return "person"
    tokens = _TOKENS.findall(part)
    if part in _PLACEHOLDERS or any(t in _PLACEHOLDER_TOKENS for t in tokens):
        return "placeholder"
    if any(t in _EVERYONE for t in tokens):
        return "everyone"
    if any(t in _GROUP_WORDS for t in tokens):
        return "team"
    if tokens and all(t in _FUNCTION_WORDS for t in tokens) and tokens != ["the"]:
        return "team"
    return "person"


def owner_problem(owner: str, names: Iterable[str] = ()) -> tuple[str, str] | None:
    """Why `owner` is not one named person, as (key, message); None when it is fine.

    An attendee's name is always fine, and so is an unknown single personal name: the tool cannot
    know everyone, and a false alarm on a real name teaches people to ignore the checks.
    """
    shown = _quote(owner)
    normal = _norm(owner)
    if not normal:
        return "owner_missing", "No owner: name the one person who will drive this to done"
    known = _person_names(names)
    if normal in known:
        return None
    if normal in _PLACEHOLDERS:
        return (
            "owner_not_one_person",
            f"Owner {shown} is a placeholder: agree on one person before the meeting ends",
        )
    parts = [p for p in _SEPARATORS.split(normal) if p.strip()] or [normal]
    kinds = [_owner_kind(p, known) for p in parts]
    people = kinds.count("person")
    key = "owner_not_one_person"
    if people > 1:
        return (
            key,
            f"Owner {shown} names {people} people: pick the one who will drive it "
            "(the others can still help)",
        )
    if people == 1 and len(parts) > 1:
        return (
            key,
            f"Owner {shown} shares the item: make one person the owner (the others can still help)",
        )
    if people == 1:
        return None
    if "placeholder" in kinds:
        return key, f"Owner {shown} is a placeholder: agree on one person before the meeting ends"
    if "everyone" in kinds:
        return (
            key,
            f"Owner {shown} is nobody in particular: name one person who will drive it",
        )
    return key, f"Owner {shown} is a team: name one person who will drive it"


# -- the checks -------------------------------------------------------------------------------------


def _count_check(live: int) -> ActionCheck | None:
    low, high = ACTION_COUNT_RANGE
    if live == 0:
        message = f"No action items yet: aim for {low} to {high}, Prevent first, then Detect, then Mitigate"
    elif live < low:
        noun = "action item" if live == 1 else "action items"
        message = (
            f"Only {live} {noun}: a review that dug deep enough usually finds {low} to {high}; "
            "look again at the factors"
        )
    elif live > high:
        message = (
            f"{live} action items: with more than {high} most never get done; keep the {low} to "
            f"{high} that matter most"
        )
    else:
        return None
    return ActionCheck("count", message)


def _days(n: int) -> str:
    return "yesterday" if n == 1 else f"{n} days ago"


def _deadline_check(item: ActionItem, today: date) -> ActionCheck | None:
    if item.status not in LIVE_STATUSES:
        return None
    if item.deadline is None:
        return ActionCheck(
            "deadline_missing",
            "No deadline: pick a date (two weeks out is a good default) so follow-up has "
            "something to check",
            item.id,
        )
    if item.deadline < today:
        late = (today - item.deadline).days
        state = "open" if item.status is ActionStatus.OPEN else "in progress"
        return ActionCheck(
            "deadline_past",
            f"Deadline {item.deadline.isoformat()} passed {_days(late)} and this is still "
            f"{state}: agree a new date, or mark it done or dropped",
            item.id,
        )
    return None


def _link_check(item: ActionItem, factor_ids: set[str]) -> ActionCheck | None:
    if item.factor_id is None or not item.factor_id.strip():
        return ActionCheck(
            "unlinked",
            "Not linked to a contributing factor: link the factor it addresses, so readers see "
            "why it matters",
            item.id,
        )
    if item.factor_id not in factor_ids:
        return ActionCheck(
            "unlinked",
            "Its contributing factor no longer exists: link it to one of the current factors",
            item.id,
        )
    return None


def _vague_phrases(text: str, names: Sequence[str]) -> list[tuple[str, str | None]] | None:
    """Vague-action findings from the blame-language engine, as (phrase, suggestion).

    None when the engine is not available, so the caller can skip only this check.
    """
    try:
        from pmdesk.language import LintContext, lint
    except ImportError:
        return None
    findings = lint(text, LintContext(field="action", names=tuple(names)))
    return [(str(f.text) or text, f.suggestion) for f in findings if f.category == "vague_action"]


def vague_check_available() -> bool:
    """Whether vague descriptions can be checked (the language engine is importable)."""
    return _vague_phrases("", ()) is not None


def _vague_check(item: ActionItem, names: Sequence[str]) -> ActionCheck | None:
    if not item.description.strip():
        return ActionCheck(
            "vague",
            "No description yet: say what will change, where, and by when",
            item.id,
        )
    found = _vague_phrases(item.description, names)
    if not found:
        return None
    phrase, suggestion = found[0]
    advice = "say what changes, e.g. add an alert on X at Y, by when"
    if suggestion and suggestion.strip():
        advice = f"say what changes ({' '.join(suggestion.split())})"
    return ActionCheck("vague", f"Vague: {_quote(phrase)} — {advice}", item.id)


def check_actions(pm: Postmortem, today: date) -> list[ActionCheck]:
    """Everything that keeps this postmortem's action items from being real actions.

    Dropped items are not counted towards the 3-5 and only need a reason; done items are exempt
    from deadline checks. The list-level check comes first, then each item's in table order.
    """
    names = tuple(a.name for a in pm.attendees if a.name.strip())
    factor_ids = {f.id for f in pm.factors}
    live = [a for a in pm.actions if a.status is not ActionStatus.DROPPED]
    checks: list[ActionCheck] = []
    count = _count_check(len(live))
    if count is not None:
        checks.append(count)
    for item in pm.actions:
        if item.status is ActionStatus.DROPPED:
            if not item.dropped_reason.strip():
                checks.append(
                    ActionCheck(
                        "dropped_reason",
                        "Dropped without a reason: note why, so the next review knows it was a "
                        "choice",
                        item.id,
                    )
                )
            continue
        problem = owner_problem(item.owner, names)
        if problem is not None:
            checks.append(ActionCheck(problem[0], problem[1], item.id))
        for check in (
            _deadline_check(item, today),
            _vague_check(item, names),
            _link_check(item, factor_ids),
        ):
            if check is not None:
                checks.append(check)
    return checks


def checks_for(item_id: str | None, checks: Iterable[ActionCheck]) -> list[ActionCheck]:
    """The checks about one item (or, with None, about the whole list)."""
    return [c for c in checks if c.item_id == item_id]


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
