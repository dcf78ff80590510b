"""Every figure of the quarterly review on a library whose answers were worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pmdesk.model import (
    ActionItem,
    ActionStatus,
    ActionType,
    Kind,
    Postmortem,
    Question,
    SeverityLevel,
    Status,
)
from pmdesk.review import build_review, quarter_period
from pmdesk.review.period import Period
from pmdesk.review.words import leadership_warning
from tests.unit.review.library import TODAY, known_library

Q3 = quarter_period(2026, 3)


@pytest.fixture
def review():  # type: ignore[no-untyped-def]
    return build_review(known_library(), Q3, TODAY)


def test_only_postmortems_of_the_range_outside_the_trash_count(review) -> None:  # type: ignore[no-untyped-def]
    assert list(review.postmortems) == [1, 2, 3, 4, 5]  # oldest incident first
    assert review.postmortems[5].day == date(2026, 9, 30)


def test_coverage(review) -> None:  # type: ignore[no-untyped-def]
    cov = review.coverage
    assert cov.all == (1, 2, 3, 4, 5)
    assert cov.by_kind == {Kind.INCIDENT: (1, 2, 5), Kind.NEAR_MISS: (3,), Kind.SECURITY: (4,)}
    assert cov.reviewed == (1, 2, 4, 5)
    assert cov.drafts == (3,)
    assert cov.reviewed_unpublished == (2, 5)
    assert cov.published == (1, 4)
    # 19 h, 96 h and 24 h from resolution to the meeting; 5 has no meeting time.
    assert dict(cov.hours_to_review) == {1: 19.0, 2: 96.0, 4: 24.0}
    assert cov.median_hours_to_review == 24.0
    assert cov.within_48h == (1, 4)
    assert cov.after_48h == (2,)
    assert cov.share_within_48h == pytest.approx(2 / 3)
    assert cov.delay_unknown == (5,)
    assert cov.by_severity == {
        SeverityLevel.SEV1: ((1,), (1,)),
        SeverityLevel.SEV2: ((2, 4), (2, 4)),
        SeverityLevel.SEV3: ((5,), (5,)),
        SeverityLevel.SEV4: ((3,), ()),
    }


def test_depth(review) -> None:  # type: ignore[no-untyped-def]
    dep = review.depth
    assert dep.considered == (1, 2, 4, 5)  # the draft is not judged on depth
    per = {q: (d.factors, d.without_factor) for q, d in dep.by_question.items()}
    assert per == {
        Question.RISKY: (2, (4, 5)),
        Question.NOT_CAUGHT: (2, (2, 5)),
        Question.SLOW_DETECTION: (2, (2, 4)),
        Question.SLOW_RECOVERY: (1, (1, 4, 5)),
    }
    assert dep.mean_factors(Question.SLOW_RECOVERY) == 0.25
    assert dep.factor_count == 7
    assert dep.median_whys == 2.0  # depths 3, 2, 1, 4, 0, 6, 2
    assert dep.shallow_factors == 2 and dep.shallow == (1, 2)
    assert dep.drifting == (4,)
    assert dep.no_factors == ()
    assert dep.human_error_only == (4,)
    # "careless" in 1's summary; "root cause" and "human error" in 4's factor.
    assert dep.flagged_published == ((1, 1), (4, 2))
    assert dep.flagged_phrases == 3 and dep.published_checked == (1, 4)


def test_actions(review) -> None:  # type: ignore[no-untyped-def]
    act = review.actions
    c = act.overall.completion
    assert (c.total, c.done, c.dropped, c.overdue, c.open) == (8, 3, 1, 2, 2)
    assert c.rate == pytest.approx(3 / 7)
    by_type = {t: (x.completion.total, x.completion.done, x.ids) for t, x in act.by_type.items()}
    assert by_type == {
        ActionType.PREVENT: (4, 1, (1, 2, 4)),
        ActionType.DETECT: (3, 1, (1, 2, 4)),
        ActionType.MITIGATE: (1, 1, (1,)),
    }
    owners = [(t.name, t.completion.total, t.completion.done) for t in act.by_owner]
    assert owners == [
        ("Ana Ruiz", 3, 0),
        ("Lee Chen", 2, 1),
        ("(no owner)", 1, 0),
        ("Platform team", 1, 1),
        ("Sam Ortiz", 1, 1),
    ]
    services = [(t.name, t.completion.total, t.ids) for t in act.by_service]
    assert services == [("payment-service", 6, (1, 2)), ("Checkout", 3, (2,)), ("auth", 2, (4,))]
    assert [(o.postmortem_id, o.days) for o in act.overdue] == [(1, 65), (4, 20)]
    assert sorted(d for _, d in act.days_to_done) == [11, 20, 68]
    assert act.median_days_to_done == 20.0
    assert [t.item.description for t in act.vague] == ["Be more careful"]
    assert sorted(t.item.owner for t in act.not_one_person) == ["", "Platform team"]
    assert act.share(act.not_one_person) == pytest.approx(2 / 7)
    # An item with no deadline is never overdue, and is counted as such.
    assert [(t.postmortem_id, t.item.description) for t in act.no_deadline] == [
        (2, "Be more careful")
    ]


def test_repeats_group_services_and_tags_in_any_case_and_factors_that_read_alike(review) -> None:  # type: ignore[no-untyped-def]
    found = [(r.kind, r.name, r.ids) for r in review.repeats]
    assert found == [
        ("service", "Checkout", (2, 3)),
        ("service", "payment-service", (1, 2)),
        ("tag", "database", (2, 4)),
        ("tag", "deploy", (1, 2)),
        ("theme", "canary stage config deploys", (1, 2)),
    ]
    theme = review.repeats[-1]
    assert theme.examples == (
        "No canary stage for config deploys",
        "Config deploys skip the canary stage",
    )


def test_monthly_medians(review) -> None:  # type: ignore[no-untyped-def]
    months = {(m.year, m.month): m for m in review.months}
    assert list(months) == [(2026, 7), (2026, 8), (2026, 9)]
    july = months[(2026, 7)]
    assert july.ids == (1, 2)
    assert july.medians["detect"] == (11.5, (1, 2))
    assert july.medians["acknowledge"] == (5.0, (1,))
    assert july.medians["resolve"] == (69.0, (1, 2))
    assert months[(2026, 8)].medians["mitigate"] == (30.0, (4,))
    assert months[(2026, 9)].medians["detect"] == (None, ())


def test_the_leadership_warning_below_the_threshold_names_the_figures(review) -> None:  # type: ignore[no-untyped-def]
    assert review.below_threshold
    text = leadership_warning(review)
    assert text is not None
    assert text.startswith("Only 3 of the 7 action items (43%) from our postmortems of 2026 Q3")
    assert "below the 50% we hold ourselves to" in text
    assert "the oldest by 65 days" in text
    relaxed = build_review(known_library(), Q3, TODAY, threshold=0.4)
    assert leadership_warning(relaxed) is None


def test_an_empty_range_has_no_figures_and_no_warning() -> None:
    review = build_review(known_library(), quarter_period(2026, 1), TODAY)
    assert review.postmortems == {}
    assert review.coverage.all == () and review.coverage.median_hours_to_review is None
    assert review.coverage.share_within_48h is None
    assert review.depth.median_whys is None and review.depth.mean_factors(Question.RISKY) is None
    assert review.actions.overall.completion.total == 0
    assert review.completion_rate is None and leadership_warning(review) is None
    assert review.repeats == ()
    assert [m.ids for m in review.months] == [(), (), ()]


def test_a_range_of_only_near_misses() -> None:
    review = build_review(known_library(), Period(date(2026, 8, 1), date(2026, 8, 10)), TODAY)
    assert review.coverage.by_kind[Kind.NEAR_MISS] == (3,)
    assert review.coverage.by_kind[Kind.INCIDENT] == ()
    assert review.coverage.reviewed == () and review.coverage.drafts == (3,)
    assert review.depth.considered == ()
    assert review.completion_rate is None and not review.below_threshold


def test_all_items_dropped_or_none_with_a_deadline() -> None:
    start = datetime(2026, 7, 10, tzinfo=UTC)
    pm = Postmortem(
        title="t",
        started_at=start,
        status=Status.REVIEWED,
        actions=[ActionItem("Add an alert on queue depth at 1,000", owner="Kim Park")] * 3,
        id=9,
    )
    review = build_review([pm], Q3, TODAY)
    c = review.actions.overall.completion
    assert (c.total, c.open, c.overdue) == (3, 3, 0)
    assert len(review.actions.no_deadline) == 3
    assert review.completion_rate == 0.0 and review.below_threshold


def test_blame_language_counted_as_the_published_report_counts_it() -> None:
    from pmdesk.interchange import load_file
    from pmdesk.paths import resource_path
    from pmdesk.report.language_check import flagged_count
    from pmdesk.review.language import flagged_phrases

    sample = load_file(resource_path("samples", "payment-service-outage.json"))
    fenced = known_library()[4]
    fenced.timeline[0].text = "```\nan open fence: Dave was careless"
    fenced.timeline[1].text = "Joe was sloppy, it was obvious"
    for pm in [*known_library(), sample, fenced]:
        assert flagged_phrases(pm) == flagged_count(pm), pm.title
    assert flagged_phrases(fenced) > flagged_phrases(known_library()[4])


def test_vague_items_found_among_many_in_one_check() -> None:
    from pmdesk.review.language import vague_items

    pm = Postmortem(
        actions=[
            ActionItem("Add an alert on queue depth at 1,000", owner="Kim Park"),
            ActionItem("Improve monitoring", owner="Kim Park"),
            ActionItem("```\nfenced", owner="Kim Park"),
            ActionItem("Be more careful", owner="Kim Park"),
            ActionItem("", owner="Kim Park"),
            ActionItem("More training", owner="Kim Park", status=ActionStatus.DROPPED),
        ]
    )
    assert [a.description for a in vague_items(pm)] == ["Improve monitoring", "Be more careful", ""]
