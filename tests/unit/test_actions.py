"""The action-item checks a facilitator sees, the why-chain gauge, ordering and completion rates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pmdesk.actions import (
    ACTION_COUNT_RANGE,
    ActionCheck,
    Completion,
    WhyDepth,
    check_actions,
    checks_for,
    completion,
    mark_done_changes,
    owner_problem,
    reopen_changes,
    sort_actions,
    why_depth,
)
from pmdesk.actions import checks as action_checks
from pmdesk.model import (
    ActionItem,
    ActionStatus,
    ActionType,
    Attendee,
    Factor,
    Postmortem,
    Question,
)

TODAY = date(2026, 4, 20)
FACTOR = Factor(Question.RISKY, "Timeouts were accepted without a unit")
ATTENDEES = [Attendee("Ana Souza"), Attendee("Raj Patel"), Attendee("Hana Kobayashi")]
REAL_VAGUE_CHECK = action_checks._vague_phrases


@pytest.fixture(autouse=True)
def _no_language_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Most tests are about the other checks; the vague check gets its own tests below."""
    monkeypatch.setattr(action_checks, "_vague_phrases", lambda text, names: [])


def good(description: str = "Add a unit check to the config loader", **kw: object) -> ActionItem:
    values: dict[str, object] = {
        "owner": "Ana Souza",
        "deadline": TODAY + timedelta(days=14),
        "factor_id": FACTOR.id,
    }
    values.update(kw)
    return ActionItem(description, **values)  # type: ignore[arg-type]


def pm_with(*items: ActionItem) -> Postmortem:
    return Postmortem(
        title="Payment outage", attendees=list(ATTENDEES), factors=[FACTOR], actions=list(items)
    )


def keys(checks: list[ActionCheck], item: ActionItem | None = None) -> list[str]:
    return [c.key for c in checks_for(item.id if item else None, checks)]


def three_good_and(item: ActionItem) -> Postmortem:
    return pm_with(good("Add a canary stage"), good("Page on a 5xx ratio above 2%"), item)


# -- the count -------------------------------------------------------------------------------------


def test_three_to_five_good_items_have_no_checks() -> None:
    for n in range(ACTION_COUNT_RANGE[0], ACTION_COUNT_RANGE[1] + 1):
        assert check_actions(pm_with(*(good(f"Change {i}") for i in range(n))), TODAY) == []


@pytest.mark.parametrize(
    ("count", "words"),
    [(0, "No action items yet"), (1, "Only 1 action item:"), (2, "Only 2"), (6, "6 action items")],
)
def test_too_few_or_too_many_items_is_one_list_level_check(count: int, words: str) -> None:
    checks = check_actions(pm_with(*(good(f"Change {i}") for i in range(count))), TODAY)
    assert [(c.key, c.item_id) for c in checks] == [("count", None)]
    assert words in checks[0].message
    assert "3" in checks[0].message and "5" in checks[0].message
    assert "\n" not in checks[0].message


def test_dropped_items_do_not_count_towards_the_three() -> None:
    items = [good("a"), good("b"), good("c", status=ActionStatus.DROPPED, dropped_reason="moot")]
    assert keys(check_actions(pm_with(*items), TODAY)) == ["count"]


# -- owners ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("owner", "words"),
    [
        ("platform team", 'Owner "platform team" is a team'),
        ("the team", "is a team"),
        ("SRE", "is a team"),
        ("ops", "is a team"),
        ("Site Reliability", "is a team"),
        ("we", "nobody in particular"),
        ("everyone", "nobody in particular"),
        ("TBD", "placeholder"),
        ("n/a", "placeholder"),
        ("someone from payments", "placeholder"),
        ("Ana and Raj", "names 2 people"),
        ("Ana, Raj", "names 2 people"),
        ("Ana/Raj", "names 2 people"),
        ("Ana & Raj & Hana", "names 3 people"),
        ("Ana and the platform team", "make one person the owner"),
    ],
)
def test_an_owner_that_is_not_one_person_is_flagged(owner: str, words: str) -> None:
    item = good(owner=owner)
    checks = checks_for(item.id, check_actions(three_good_and(item), TODAY))
    assert [c.key for c in checks] == ["owner_not_one_person"]
    assert words in checks[0].message
    assert "one person" in checks[0].message or "pick the one" in checks[0].message


@pytest.mark.parametrize(
    "owner",
    ["Ana Souza", "Ana", "ana souza", "Souza, Ana", "Kobayashi", "Zbigniew", "李雷", "Ana (SRE)"],
)
def test_one_person_is_fine_known_or_not(owner: str) -> None:
    item = good(owner=owner)
    assert keys(check_actions(three_good_and(item), TODAY), item) == []


def test_an_attendee_is_always_fine_even_with_a_team_like_name() -> None:
    assert owner_problem("Ops", ["Ops"]) is None
    assert owner_problem("Ops", []) is not None


def test_no_owner_is_its_own_check() -> None:
    item = good(owner="   ")
    checks = checks_for(item.id, check_actions(three_good_and(item), TODAY))
    assert [c.key for c in checks] == ["owner_missing"]
    assert "No owner" in checks[0].message


def test_a_long_owner_is_quoted_on_one_short_line() -> None:
    key, message = owner_problem("the\nplatform team " + "x" * 200) or ("", "")
    assert key == "owner_not_one_person"
    assert "\n" not in message and len(message) < 160


# -- deadlines -------------------------------------------------------------------------------------


def test_no_deadline_is_flagged_for_open_items() -> None:
    item = good(deadline=None)
    checks = checks_for(item.id, check_actions(three_good_and(item), TODAY))
    assert [c.key for c in checks] == ["deadline_missing"]


@pytest.mark.parametrize("status", [ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
def test_a_past_deadline_is_flagged_while_the_item_is_live(status: ActionStatus) -> None:
    item = good(deadline=date(2026, 4, 8), status=status)
    checks = checks_for(item.id, check_actions(three_good_and(item), TODAY))
    assert [c.key for c in checks] == ["deadline_past"]
    assert "2026-04-08" in checks[0].message and "12 days ago" in checks[0].message
    assert ("in progress" if status is ActionStatus.IN_PROGRESS else "still open") in (
        checks[0].message
    )


def test_the_deadline_check_follows_the_injected_date() -> None:
    item = good(deadline=date(2026, 4, 20))
    pm = three_good_and(item)
    assert keys(check_actions(pm, date(2026, 4, 20)), item) == []  # due today: not late yet
    late = checks_for(item.id, check_actions(pm, date(2026, 4, 21)))
    assert [c.key for c in late] == ["deadline_past"]
    assert "yesterday" in late[0].message


def test_done_and_dropped_items_are_exempt_from_deadline_checks() -> None:
    done = good(deadline=date(2026, 1, 1), status=ActionStatus.DONE, done_on=date(2026, 1, 5))
    undated = good(deadline=None, status=ActionStatus.DONE)
    dropped = good(deadline=None, status=ActionStatus.DROPPED, dropped_reason="Replaced by #2")
    checks = check_actions(pm_with(good("a"), done, undated, dropped), TODAY)
    assert checks == []


def test_a_dropped_item_needs_a_reason() -> None:
    dropped = good(status=ActionStatus.DROPPED, owner="", deadline=None)
    checks = check_actions(pm_with(good("a"), good("b"), good("c"), dropped), TODAY)
    assert [c.key for c in checks_for(dropped.id, checks)] == ["dropped_reason"]


# -- links -----------------------------------------------------------------------------------------


def test_an_item_linked_to_no_factor_is_flagged() -> None:
    item = good(factor_id=None)
    checks = checks_for(item.id, check_actions(three_good_and(item), TODAY))
    assert [c.key for c in checks] == ["unlinked"]
    assert "factor" in checks[0].message


def test_a_link_to_a_deleted_factor_is_flagged() -> None:
    item = good(factor_id="gone")
    checks = checks_for(item.id, check_actions(three_good_and(item), TODAY))
    assert [c.key for c in checks] == ["unlinked"]
    assert "no longer exists" in checks[0].message


def test_every_problem_of_an_item_is_listed_in_order() -> None:
    item = good(owner="we", deadline=None, factor_id=None)
    assert keys(check_actions(pm_with(item), TODAY)) == ["count"]
    assert keys(check_actions(pm_with(item), TODAY), item) == [
        "owner_not_one_person",
        "deadline_missing",
        "unlinked",
    ]


# -- vague descriptions ----------------------------------------------------------------------------


def test_a_vague_description_gets_the_reframe(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, tuple[str, ...]]] = []

    def fake(text: str, names: tuple[str, ...]) -> list[tuple[str, str | None]]:
        seen.append((text, tuple(names)))
        return [("improve monitoring", None)] if "improve monitoring" in text else []

    monkeypatch.setattr(action_checks, "_vague_phrases", fake)
    item = good("We should improve monitoring")
    checks = checks_for(item.id, check_actions(three_good_and(item), TODAY))
    assert [c.key for c in checks] == ["vague"]
    assert checks[0].message.startswith('Vague: "improve monitoring" — say what changes')
    assert ("We should improve monitoring", ("Ana Souza", "Raj Patel", "Hana Kobayashi")) in seen


def test_an_empty_description_is_flagged_without_the_engine() -> None:
    item = good("  ")
    assert keys(check_actions(three_good_and(item), TODAY), item) == ["vague"]


def test_without_the_language_engine_only_the_vague_check_is_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(action_checks, "_vague_phrases", lambda text, names: None)
    item = good("Improve monitoring", owner="ops")
    assert keys(check_actions(three_good_and(item), TODAY), item) == ["owner_not_one_person"]


def _engine_or_skip() -> None:
    try:
        from pmdesk.language import LintContext, lint  # noqa: F401
    except ImportError:
        pytest.skip("the blame-language engine is not available yet")


@pytest.mark.parametrize("wish", ["Improve monitoring", "Be more careful", "More training"])
def test_the_language_engine_flags_wishes(monkeypatch: pytest.MonkeyPatch, wish: str) -> None:
    _engine_or_skip()
    monkeypatch.setattr(action_checks, "_vague_phrases", REAL_VAGUE_CHECK)
    item = good(wish)
    checks = checks_for(item.id, check_actions(three_good_and(item), TODAY))
    assert [c.key for c in checks] == ["vague"]
    assert checks[0].message.startswith("Vague: ")


def test_the_language_engine_accepts_a_concrete_action(monkeypatch: pytest.MonkeyPatch) -> None:
    _engine_or_skip()
    monkeypatch.setattr(action_checks, "_vague_phrases", REAL_VAGUE_CHECK)
    item = good("Add a P99 latency alert at 500 ms on payment-service")
    assert keys(check_actions(three_good_and(item), TODAY), item) == []


# -- sorting ---------------------------------------------------------------------------------------


def test_sorted_by_type_priority_then_deadline_with_none_last_then_text() -> None:
    d = date(2026, 5, 1)
    items = [
        ActionItem("m", ActionType.MITIGATE, deadline=d),
        ActionItem("p-none", ActionType.PREVENT),
        ActionItem("d-late", ActionType.DETECT, deadline=d + timedelta(days=3)),
        ActionItem("p-b", ActionType.PREVENT, deadline=d),
        ActionItem("d-early", ActionType.DETECT, deadline=d),
        ActionItem("P-a", ActionType.PREVENT, deadline=d),
    ]
    assert [i.description for i in sort_actions(items)] == [
        "P-a",
        "p-b",
        "p-none",
        "d-early",
        "d-late",
        "m",
    ]


# -- why-chain gauge -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "level", "words"),
    [
        (0, WhyDepth.NONE, "why"),
        (1, WhyDepth.SHALLOW, "dig deeper"),
        (2, WhyDepth.GOOD, "three"),
        (3, WhyDepth.GOOD, "sweet spot"),
        (4, WhyDepth.GOOD, "stop once"),
        (5, WhyDepth.GOOD, "stop soon"),
        (6, WhyDepth.DRIFTING, "more than five whys drifts away from what the team can change"),
        (9, WhyDepth.DRIFTING, "drifting"),
    ],
)
def test_why_depth_levels(answers: int, level: str, words: str) -> None:
    got_level, message = why_depth([f"because {i}" for i in range(answers)])
    assert got_level == level
    assert words.casefold() in message.casefold()


def test_blank_whys_do_not_count() -> None:
    assert why_depth(["", "  ", "because the loader accepted a bare number"])[0] == "shallow"
    assert why_depth(["", "\n"])[0] == "none"


# -- completion ------------------------------------------------------------------------------------


def test_completion_counts_each_item_once() -> None:
    deadline = date(2026, 4, 10)
    items = [
        ActionItem("on time", deadline=deadline, status=ActionStatus.DONE, done_on=deadline),
        ActionItem("late", deadline=deadline, status=ActionStatus.DONE, done_on=date(2026, 4, 11)),
        ActionItem("no deadline", status=ActionStatus.DONE, done_on=date(2026, 4, 30)),
        ActionItem("overdue", deadline=deadline, status=ActionStatus.IN_PROGRESS),
        ActionItem("open", deadline=TODAY),
        ActionItem("open undated"),
        ActionItem("dropped", status=ActionStatus.DROPPED, dropped_reason="moot"),
    ]
    result = completion(items, TODAY)
    assert result == Completion(total=7, done_on_time=2, done_late=1, open=2, overdue=1, dropped=1)
    assert result.rate == pytest.approx(3 / 6)
    assert result.summary() == (
        "50% done (3 of 6): 2 on time, 1 late; 2 open, 1 overdue; 1 dropped"
    )


def test_completion_with_nothing_to_count_has_no_rate() -> None:
    assert completion([], TODAY).rate is None
    assert completion([], TODAY).summary() == "No action items to count"
    only_dropped = completion([ActionItem("x", status=ActionStatus.DROPPED)], TODAY)
    assert only_dropped.rate is None
    assert "dropped" in only_dropped.summary()


def test_completions_add_up() -> None:
    a = Completion(total=2, done_on_time=1, open=1)
    b = Completion(total=3, done_late=1, overdue=1, dropped=1)
    assert a + b == Completion(5, 1, 1, 1, 1, 1)


# -- marking done ------------------------------------------------------------------------------------


def test_marking_done_records_the_date() -> None:
    item = ActionItem("x", status=ActionStatus.IN_PROGRESS)
    assert mark_done_changes(item, TODAY) == {"status": ActionStatus.DONE, "done_on": TODAY}


def test_marking_an_already_done_item_keeps_its_date() -> None:
    item = ActionItem("x", status=ActionStatus.DONE, done_on=date(2026, 4, 1))
    assert mark_done_changes(item, TODAY) == {}


def test_marking_a_dropped_item_done_clears_its_reason() -> None:
    item = ActionItem("x", status=ActionStatus.DROPPED, dropped_reason="moot")
    changes = mark_done_changes(item, TODAY)
    assert changes == {"status": ActionStatus.DONE, "done_on": TODAY, "dropped_reason": ""}


def test_reopening_forgets_the_done_date() -> None:
    item = ActionItem("x", status=ActionStatus.DONE, done_on=TODAY)
    assert reopen_changes(item) == {"status": ActionStatus.OPEN, "done_on": None}
