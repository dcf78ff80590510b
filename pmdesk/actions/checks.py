"""The inline checks on the action list, one line each: the count, one named owner, a date, a
concrete change, a link to the factor it addresses. They never block anything; the UI shows
them next to the item and the facilitator decides."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from pmdesk.actions.owners import owner_problem, quote
from pmdesk.model import ActionItem, ActionStatus, Postmortem

ACTION_COUNT_RANGE = (3, 5)

# Statuses that still need work: only these can be overdue.
LIVE_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


@dataclass(frozen=True)
class ActionCheck:
    """One finding about the action list; `item_id` None means it is about the whole list."""

    key: str
    message: str
    item_id: str | None = None


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
    return ActionCheck("vague", f"Vague: {quote(phrase)} — {advice}", item.id)


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
