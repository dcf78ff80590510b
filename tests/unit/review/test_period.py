"""Quarter presets and typed dates: what the user asks for is what the review covers."""

from __future__ import annotations

from datetime import date

import pytest

from pmdesk.review.period import (
    Period,
    PeriodError,
    choose_period,
    last_full_quarter,
    parse_quarter,
    recent_quarters,
)
from pmdesk.review.themes import cluster_factors

TODAY = date(2026, 11, 14)


def test_the_default_is_the_last_full_quarter() -> None:
    assert choose_period(TODAY) == Period(date(2026, 7, 1), date(2026, 9, 30))
    assert last_full_quarter(date(2026, 2, 1)) == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert choose_period(TODAY).label == "2026 Q3 (1 Jul 2026 – 30 Sep 2026)"


@pytest.mark.parametrize("text", ["2026Q1", "2026-q1", "Q1 2026", " q1-2026 "])
def test_quarters_in_the_ways_people_write_them(text: str) -> None:
    period = parse_quarter(text)
    assert (period.start, period.end, period.quarter) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
        "2026Q1",
    )


def test_from_and_to_with_open_ends() -> None:
    assert choose_period(TODAY, start="2026-08-15") == Period(date(2026, 8, 15), TODAY)
    assert choose_period(TODAY, end="2026-05-20") == Period(date(2026, 4, 1), date(2026, 5, 20))
    both = choose_period(TODAY, start="2026-01-01", end="2026-12-31")
    assert both.quarter is None and both.label == "1 Jan 2026 – 31 Dec 2026"
    assert [p.quarter for p in recent_quarters(TODAY, 3)] == ["2026Q4", "2026Q3", "2026Q2"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": "2026-13-01"}, "--from '2026-13-01' is not a date on the calendar"),
        ({"end": "1/7/2026"}, "--to '1/7/2026' is not a date: write it as YYYY-MM-DD"),
        ({"quarter": "2026Q5"}, "--quarter '2026Q5' is not a quarter"),
        (
            {"start": "2026-09-01", "end": "2026-07-01"},
            "--to 2026-07-01 is before --from 2026-09-01",
        ),
        ({"quarter": "2026Q1", "start": "2026-01-01"}, "either --quarter or --from/--to"),
    ],
)
def test_bad_dates_get_one_line_naming_the_value(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(PeriodError) as caught:
        choose_period(TODAY, **kwargs)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_themes_need_two_postmortems_and_two_shared_words() -> None:
    factors = [
        (1, "The runbook for the failover was out of date"),
        (2, "Failover runbook out of date since the migration"),
        (2, "Failover runbook was outdated"),  # same postmortem twice counts once
        (3, "Disk alerts are too noisy to read"),
        (4, "Runbooks exist"),  # one word in common is not a theme
    ]
    themes = cluster_factors(factors)
    assert [(ids, name) for name, ids, _ in themes] == [((1, 2), "runbook failover date")]
    assert cluster_factors([(1, "a b"), (1, "a b")]) == []
