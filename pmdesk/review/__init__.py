"""The quarterly review: are we learning, are actions done, are incidents repeating?

Plain Python over a list of postmortems and a date range (no Qt, no database): the command line
and the window read the postmortems through storage and hand them in. `build_review` works the
figures out; `words.sections` says them; `export`, `markdown` and `pdf` write them.
"""

from pmdesk.review.compute import build_review
from pmdesk.review.figures import DEFAULT_THRESHOLD, Review
from pmdesk.review.period import (
    Period,
    PeriodError,
    choose_period,
    last_full_quarter,
    parse_day,
    parse_quarter,
    quarter_period,
    recent_quarters,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "Period",
    "PeriodError",
    "Review",
    "build_review",
    "choose_period",
    "last_full_quarter",
    "parse_day",
    "parse_quarter",
    "quarter_period",
    "recent_quarters",
]
