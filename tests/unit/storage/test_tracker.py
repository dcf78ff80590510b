"""The Actions tracker over the whole database: what it lists, filters, counts and writes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pmdesk.actions import Completion, mark_done_changes
from pmdesk.database import NotFound
from pmdesk.model import ActionItem, ActionStatus, ActionType, Postmortem
from pmdesk.storage.repository import Repository
from pmdesk.storage.tracker import (
    ActionNotFound,
    completion_by_postmortem,
    overall_completion,
    set_action_status,
    tracked_actions,
)

TODAY = date(2026, 5, 1)


@pytest.fixture
def filled(repo: Repository) -> dict[str, int]:
    payments = Postmortem(
        title="Payment outage",
        actions=[
            ActionItem("Canary stage", ActionType.PREVENT, "Hana Kobayashi", date(2026, 4, 30)),
            ActionItem("5xx alert", ActionType.DETECT, "Dmitri Volkov", date(2026, 4, 22)),
            ActionItem(
                "Typed durations",
                ActionType.PREVENT,
                "Marcus Chen",
                date(2026, 4, 24),
                status=ActionStatus.DONE,
                done_on=date(2026, 4, 23),
            ),
            ActionItem("One-step rollback", ActionType.MITIGATE, "Ana Souza", None),
        ],
    )
    dns = Postmortem(
        title="DNS 障害",
        actions=[
            ActionItem("Lower TTLs", ActionType.MITIGATE, "ÁNGEL Pérez", date(2026, 5, 10)),
            ActionItem(
                "DNSSEC monitor",
                ActionType.DETECT,
                "Dmitri Volkov",
                date(2026, 4, 22),
                status=ActionStatus.IN_PROGRESS,
            ),
            ActionItem(
                "Move registrar",
                ActionType.PREVENT,
                "",
                date(2026, 6, 1),
                status=ActionStatus.DROPPED,
                dropped_reason="Contract renewed",
            ),
        ],
    )
    trashed = Postmortem(
        title="Old one", actions=[ActionItem("Ghost", ActionType.PREVENT, "Dmitri", None)]
    )
    ids = {"payments": repo.create(payments), "dns": repo.create(dns)}
    ids["trashed"] = repo.create(trashed)
    repo.trash(ids["trashed"])
    repo.create(Postmortem(title="No actions yet"))
    return ids


def descriptions(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [r.item.description for r in rows]


def test_every_action_outside_the_trash_nearest_deadline_first(
    repo: Repository, filled: dict[str, int]
) -> None:
    rows = tracked_actions(repo.engine)
    assert descriptions(rows) == [
        "5xx alert",  # 22 Apr, Detect
        "DNSSEC monitor",  # 22 Apr, Detect (later postmortem)
        "Typed durations",
        "Canary stage",
        "Lower TTLs",
        "Move registrar",
        "One-step rollback",  # no deadline: last
    ]
    assert "Ghost" not in descriptions(rows)
    first = rows[0]
    assert (first.postmortem_id, first.postmortem_title) == (filled["payments"], "Payment outage")
    assert first.item.owner == "Dmitri Volkov" and first.item.type is ActionType.DETECT


def test_same_deadline_goes_prevent_first(repo: Repository) -> None:
    day = date(2026, 5, 5)
    repo.create(
        Postmortem(
            title="t",
            actions=[
                ActionItem("mitigate", ActionType.MITIGATE, "A", day),
                ActionItem("prevent", ActionType.PREVENT, "A", day),
                ActionItem("detect", ActionType.DETECT, "A", day),
            ],
        )
    )
    assert descriptions(tracked_actions(repo.engine)) == ["prevent", "detect", "mitigate"]


def test_items_come_back_whole(repo: Repository, filled: dict[str, int]) -> None:
    (done,) = tracked_actions(repo.engine, status={ActionStatus.DONE})
    assert done.item.done_on == date(2026, 4, 23)
    (dropped,) = tracked_actions(repo.engine, status={ActionStatus.DROPPED})
    assert dropped.item.dropped_reason == "Contract renewed"


def test_filter_by_owner_is_a_case_insensitive_substring(
    repo: Repository, filled: dict[str, int]
) -> None:
    assert descriptions(tracked_actions(repo.engine, owner="dmitri")) == [
        "5xx alert",
        "DNSSEC monitor",
    ]
    # Not only ASCII: SQL's lower() would miss this one.
    assert descriptions(tracked_actions(repo.engine, owner="ángel")) == ["Lower TTLs"]
    assert tracked_actions(repo.engine, owner="nobody here") == []


def test_filter_by_status_type_and_postmortem(repo: Repository, filled: dict[str, int]) -> None:
    live = tracked_actions(repo.engine, status={ActionStatus.OPEN, ActionStatus.IN_PROGRESS})
    assert len(live) == 5
    assert {r.item.status for r in live} == {ActionStatus.OPEN, ActionStatus.IN_PROGRESS}
    prevent = tracked_actions(repo.engine, type=ActionType.PREVENT)
    assert descriptions(prevent) == ["Typed durations", "Canary stage", "Move registrar"]
    dns = tracked_actions(repo.engine, postmortem_id=filled["dns"])
    assert descriptions(dns) == ["DNSSEC monitor", "Lower TTLs", "Move registrar"]
    both = tracked_actions(
        repo.engine, type=ActionType.DETECT, postmortem_id=filled["dns"], owner="volkov"
    )
    assert descriptions(both) == ["DNSSEC monitor"]


def test_overdue_keeps_live_items_past_their_deadline(
    repo: Repository, filled: dict[str, int]
) -> None:
    overdue = tracked_actions(repo.engine, overdue_on=TODAY)
    # Done, dropped, undated and not-yet-due items are left out; due 30 Apr is late on 1 May.
    assert descriptions(overdue) == ["5xx alert", "DNSSEC monitor", "Canary stage"]
    assert descriptions(tracked_actions(repo.engine, overdue_on=date(2026, 4, 30))) == [
        "5xx alert",
        "DNSSEC monitor",
    ]


def test_completion_per_postmortem_and_overall(repo: Repository, filled: dict[str, int]) -> None:
    per = completion_by_postmortem(repo.engine, TODAY)
    assert [(pm_id, title) for pm_id, title, _ in per] == [
        (filled["payments"], "Payment outage"),
        (filled["dns"], "DNS 障害"),
    ]
    assert per[0][2] == Completion(total=4, done_on_time=1, done_late=0, open=1, overdue=2)
    assert per[1][2] == Completion(total=3, open=1, overdue=1, dropped=1)
    overall = overall_completion(repo.engine, TODAY)
    assert overall == per[0][2] + per[1][2]
    assert overall.rate == pytest.approx(1 / 6)


def test_marking_done_in_the_tracker_is_saved_with_the_date(
    repo: Repository, filled: dict[str, int]
) -> None:
    (row,) = tracked_actions(repo.engine, owner="Hana")
    when = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    set_action_status(
        repo.engine,
        row.postmortem_id,
        row.item.id,
        mark_done_changes(row.item, TODAY),
        now=when,
    )
    (after,) = tracked_actions(repo.engine, owner="Hana")
    assert after.item.status is ActionStatus.DONE and after.item.done_on == TODAY
    loaded = repo.load(row.postmortem_id)
    assert loaded.updated_at == when
    # Only that item changed.
    assert [a.status for a in loaded.actions] == [
        ActionStatus.DONE,
        ActionStatus.OPEN,
        ActionStatus.DONE,
        ActionStatus.OPEN,
    ]
    assert completion_by_postmortem(repo.engine, TODAY)[0][2].done_late == 1


def test_setting_an_unknown_item_changes_nothing(repo: Repository, filled: dict[str, int]) -> None:
    before = repo.load(filled["payments"]).updated_at
    with pytest.raises(ActionNotFound, match="no action item with id 'nope'"):
        set_action_status(repo.engine, filled["payments"], "nope", {"status": "done"})
    assert repo.load(filled["payments"]).updated_at == before
    with pytest.raises(NotFound):
        set_action_status(repo.engine, 999, "nope", {"status": "done"})


def test_setting_rejects_fields_and_values_an_action_does_not_have(
    repo: Repository, filled: dict[str, int]
) -> None:
    (row,) = tracked_actions(repo.engine, owner="Hana")
    with pytest.raises(KeyError):
        set_action_status(repo.engine, row.postmortem_id, row.item.id, {"colour": "red"})
    with pytest.raises(ValueError):
        set_action_status(repo.engine, row.postmortem_id, row.item.id, {"status": "finished"})
    with pytest.raises(TypeError):
        set_action_status(repo.engine, row.postmortem_id, row.item.id, {"done_on": "2026-05-01"})
    (after,) = tracked_actions(repo.engine, owner="Hana")
    assert after.item == row.item


@pytest.mark.postgres
def test_the_tracker_works_on_a_shared_postgres_database(pg_url: str) -> None:
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve

    shared = Repository(open_engine(resolve(pg_url)))
    try:
        pm_id = shared.create(
            Postmortem(
                title="Shared 🙂",
                actions=[
                    ActionItem("Alert", ActionType.DETECT, "Ängel", date(2026, 4, 2)),
                    ActionItem("Guard", ActionType.PREVENT, "Raj", date(2026, 4, 2)),
                ],
            )
        )
        rows = tracked_actions(shared.engine, postmortem_id=pm_id, overdue_on=TODAY)
        assert descriptions(rows) == ["Guard", "Alert"]
        assert descriptions(tracked_actions(shared.engine, postmortem_id=pm_id, owner="äng")) == [
            "Alert"
        ]
        item = rows[0].item
        set_action_status(shared.engine, pm_id, item.id, mark_done_changes(item, TODAY))
        per = dict((i, c) for i, _, c in completion_by_postmortem(shared.engine, TODAY))
        assert per[pm_id] == Completion(total=2, done_late=1, overdue=1)
    finally:
        shared.close()
