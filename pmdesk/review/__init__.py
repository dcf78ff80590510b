"""The quarterly review: are we learning, are actions done, are incidents repeating?

Plain Python over a list of postmortems and a date range (no Qt, no database): the command line
and the window read the postmortems through storage and hand them in. `build_review` works the
figures out; `words.sections` says them; `export`, `markdown` and `pdf` write them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from pmdesk.review.compute import build_review
    from pmdesk.review.figures import DEFAULT_THRESHOLD, Review

# Loaded on first use: a save keeps each postmortem's language facts (pmdesk.review.stored)
# without loading the figures.
_ON_FIRST_USE = {
    "build_review": "pmdesk.review.compute",
    "DEFAULT_THRESHOLD": "pmdesk.review.figures",
    "Review": "pmdesk.review.figures",
}


def __getattr__(name: str) -> Any:
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


FORMATS: tuple[str, ...] = ("md", "json", "pdf")


def render(review: Review, fmt: str, *, page_size: str = "A4") -> str | bytes:
    """The review as Markdown or JSON text, or PDF bytes (reportlab is loaded only for a PDF)."""
    if fmt == "pdf":
        from pmdesk.review.pdf import render_review_pdf

        return render_review_pdf(review, page_size=page_size)
    if fmt == "json":
        from pmdesk.review.export import dumps

        return dumps(review)
    if fmt == "md":
        from pmdesk.review.markdown import render_markdown

        return render_markdown(review)
    raise ValueError(f"Unknown review format {fmt!r}: choose one of {', '.join(FORMATS)}.")


__all__ = [
    "DEFAULT_THRESHOLD",
    "FORMATS",
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
    "render",
]
