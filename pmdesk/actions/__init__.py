"""Action items with teeth: the inline checks, the why-chain gauge, sorting and completion rates.

Postmortems fail when they end in wishes nobody follows up (DOMAIN.md). The checks here say, in
one line each, what would turn an item into a real action: one named owner, a date, a concrete
change, a link to the factor it addresses. They never block anything; the UI shows them next to
the item and the facilitator decides. Dates are passed in (`today`), so tests never depend on the
clock.

One module per job: `owners` (one named person), `checks` (the inline checks), `progress` (order,
the why-chain gauge, overdue items and completion rates).
"""

from __future__ import annotations

from pmdesk.actions.checks import (
    ACTION_COUNT_RANGE,
    LIVE_STATUSES,
    ActionCheck,
    check_actions,
    checks_for,
    vague_check_available,
)
from pmdesk.actions.owners import owner_problem
from pmdesk.actions.progress import (
    Completion,
    WhyDepth,
    action_sort_key,
    completion,
    days_overdue,
    group_completion,
    is_overdue,
    mark_done_changes,
    reopen_changes,
    sort_actions,
    why_depth,
)

__all__ = [
    "ACTION_COUNT_RANGE",
    "LIVE_STATUSES",
    "ActionCheck",
    "Completion",
    "WhyDepth",
    "action_sort_key",
    "check_actions",
    "checks_for",
    "completion",
    "days_overdue",
    "group_completion",
    "is_overdue",
    "mark_done_changes",
    "owner_problem",
    "reopen_changes",
    "sort_actions",
    "vague_check_available",
    "why_depth",
]
