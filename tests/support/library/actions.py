"""Postmortems that are mostly action items, for the tracker: 5 each, in every status, most
with a deadline around TODAY."""

from __future__ import annotations

import random
from datetime import date, timedelta

from pmdesk.model import ActionItem, ActionStatus, ActionType, Postmortem
from tests.support.library.publish import OWNERS

TODAY = date(2026, 6, 1)
STATUSES = (
    [ActionStatus.OPEN] * 4
    + [ActionStatus.IN_PROGRESS] * 2
    + [ActionStatus.DONE] * 3
    + [ActionStatus.DROPPED]
)


def postmortem(rng: random.Random, n: int, actions: int = 5) -> Postmortem:
    items = []
    for i in range(actions):
        status = rng.choice(STATUSES)
        deadline = TODAY + timedelta(days=rng.randint(-120, 60)) if rng.random() > 0.1 else None
        items.append(
            ActionItem(
                f"Action {i} of postmortem {n}: add a guard to deploy step {rng.randint(1, 99)}",
                rng.choice(list(ActionType)),
                rng.choice(OWNERS),
                deadline,
                status=status,
                done_on=(deadline or TODAY) - timedelta(days=rng.randint(-5, 5))
                if status is ActionStatus.DONE
                else None,
                dropped_reason="Superseded" if status is ActionStatus.DROPPED else "",
            )
        )
    return Postmortem(title=f"Incident {n}", actions=items)
