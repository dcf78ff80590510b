"""The stretch of time a review covers: a quarter, or any range of whole days.

Every quarter the team asks the same three questions about the postmortems of the last one, so
the default is the last full quarter before today. Dates are calendar days, both ends included;
a postmortem belongs to the range when its incident date does (the day as it was recorded, in the
offset it was recorded in).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_QUARTER = re.compile(r"^\s*(?:(\d{4})\s*-?\s*Q([1-4])|Q([1-4])\s*[-/ ]?\s*(\d{4}))\s*$", re.I)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class PeriodError(ValueError):
    """A date or quarter the user typed that cannot be read; the message names it."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(
                f"the range ends ({self.end.isoformat()}) before it starts "
                f"({self.start.isoformat()}): swap the two dates"
            )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def quarter(self) -> str | None:
        """'2026Q3' when the range is exactly one calendar quarter, else None."""
        q = quarter_of(self.start)
        if quarter_period(self.start.year, q) == self:
            return f"{self.start.year}Q{q}"
        return None

    @property
    def label(self) -> str:
        """How the range reads in a heading: '2026 Q3 (1 Jul - 30 Sep 2026)'."""
        span = f"{short_date(self.start)} – {short_date(self.end)}"
        quarter = self.quarter
        if quarter is not None:
            return f"{quarter[:4]} Q{quarter[-1]} ({span})"
        return span

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the range touches, in order."""
        out: list[tuple[int, int]] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


def short_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def month_name(year: int, month: int) -> str:
    return f"{_MONTHS[month - 1]} {year}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_period(year: int, quarter: int) -> Period:
    first_month = 3 * (quarter - 1) + 1
    start = date(year, first_month, 1)
    next_start = date(year + 1, 1, 1) if quarter == 4 else date(year, first_month + 3, 1)
    return Period(start, next_start - timedelta(days=1))


def last_full_quarter(today: date) -> Period:
    """The most recent quarter that has ended before `today`."""
    current = quarter_of(today)
    if current == 1:
        return quarter_period(today.year - 1, 4)
    return quarter_period(today.year, current - 1)


def recent_quarters(today: date, count: int = 8) -> list[Period]:
    """The current quarter (still running) and the `count - 1` before it, newest first."""
    year, quarter = today.year, quarter_of(today)
    out: list[Period] = []
    for _ in range(count):
        out.append(quarter_period(year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return out


def parse_quarter(text: str, what: str = "quarter") -> Period:
    """'2026Q3', '2026-Q3', 'Q3 2026' (any case) as that quarter."""
    match = _QUARTER.match(text)
    if match is None:
        raise PeriodError(f"{what} {text!r} is not a quarter: write it as YEARQN, e.g. 2026Q3")
    year = int(match.group(1) or match.group(4))
    quarter = int(match.group(2) or match.group(3))
    if year < 1:
        raise PeriodError(f"{what} {text!r} is not a quarter: the year must be 1 or later")
    return quarter_period(year, quarter)


def parse_day(text: str, what: str = "date") -> date:
    """A calendar date written YYYY-MM-DD; PeriodError naming `what` and the value otherwise."""
    cleaned = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
        raise PeriodError(f"{what} {text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-07-01")
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise PeriodError(
            f"{what} {text!r} is not a date on the calendar: check the month and the day"
        ) from None


def choose_period(
    today: date,
    *,
    start: str | None = None,
    end: str | None = None,
    quarter: str | None = None,
) -> Period:
    """The range the user asked for: a quarter, or from/to (an open end is filled from the
    last full quarter's), or by default the last full quarter."""
    if quarter is not None:
        if start is not None or end is not None:
            raise PeriodError("give either --quarter or --from/--to, not both")
        return parse_quarter(quarter, "--quarter")
    default = last_full_quarter(today)
    first = parse_day(start, "--from") if start is not None else None
    last = parse_day(end, "--to") if end is not None else None
    if first is not None and last is None:
        last = max(today, first)
    if last is not None and first is None:
        first = quarter_period(last.year, quarter_of(last)).start
    if first is None or last is None:
        return default
    if last < first:
        raise PeriodError(
            f"--to {last.isoformat()} is before --from {first.isoformat()}: swap the two dates"
        )
    return Period(first, last)
