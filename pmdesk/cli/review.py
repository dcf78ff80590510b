"""`pmdesk review`: the quarterly review of the postmortems in a date range, as Markdown, JSON or PDF.

    pmdesk review                          the last full quarter, Markdown on stdout
    pmdesk review --quarter 2026Q3 -o q3.pdf
    pmdesk review --from 2026-01-01 --to 2026-06-30 --format json

The format follows -o's extension unless --format says otherwise. A bad date or quarter is one
line naming the value (exit code 2).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from pmdesk.cli.common import UsageError, keeper, open_repository, write_output

if TYPE_CHECKING:
    import argparse

FORMATS = ("md", "json", "pdf")  # as pmdesk.review.FORMATS, without importing it for --help
_BY_EXTENSION = {".md": "md", ".markdown": "md", ".json": "json", ".pdf": "pdf"}


def register(commands: argparse._SubParsersAction[Any]) -> None:
    review = commands.add_parser(
        "review",
        help="the quarterly review: coverage, depth, actions and repeats over a date range",
        description=(
            "Review the postmortems whose incident date falls in a range (default: the last full "
            "quarter): are incidents reviewed, do the reviews find real contributing factors, "
            "are action items done, do incidents repeat? Dates are YYYY-MM-DD, both ends included."
        ),
    )
    review.add_argument("--quarter", "-q", metavar="YEARQN", help="a calendar quarter, e.g. 2026Q3")
    review.add_argument("--from", dest="start", metavar="DATE", help="first day (YYYY-MM-DD)")
    review.add_argument(
        "--to", dest="end", metavar="DATE", help="last day (YYYY-MM-DD; default today)"
    )
    review.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        help="md, json or pdf (default: from -o's extension, else md)",
    )
    review.add_argument(
        "-o", "--output", default="-", help="the file to write (default '-': stdout)"
    )
    review.add_argument(
        "--threshold",
        metavar="PERCENT",
        help=(
            "open with a warning for leadership when fewer action items than this are done "
            "(default: the review window's Warn below, else 50)"
        ),
    )
    review.add_argument(
        "--as-of",
        metavar="DATE",
        help="count overdue items as they stood on this day (default today)",
    )
    review.add_argument(
        "--page-size", choices=("A4", "Letter"), default="A4", help="PDF page size (default A4)"
    )
    review.set_defaults(run=_cmd_review)


def _threshold(text: str) -> float:
    cleaned = text.strip().rstrip("%").strip()
    try:
        value = float(cleaned)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise UsageError(f"--threshold {text!r} is not a percentage from 0 to 100 (e.g. 50)")
    return value / 100


def _saved_threshold() -> float:
    """The review window's "Warn below" preference, as the app keeps it (50% if never set)."""
    try:
        from PySide6.QtCore import QSettings
    except ImportError:  # Qt cannot load here: the window never saved a preference either
        return _DEFAULT_PERCENT / 100
    from pmdesk.ui import settings

    percent = settings.REVIEW_WARN_BELOW.get(QSettings("pmdesk", "pmdesk"))
    return max(0, min(100, percent)) / 100


_DEFAULT_PERCENT = 50


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    from pathlib import PurePath

    if args.output != "-":
        return _BY_EXTENSION.get(PurePath(args.output).suffix.lower(), "md")
    return "md"


def _cmd_review(args: argparse.Namespace, out: TextIO) -> int:
    from pmdesk.review import PeriodError, choose_period, parse_day, render
    from pmdesk.review.stored import review_from

    threshold = _saved_threshold() if args.threshold is None else _threshold(args.threshold)
    fmt = _format(args)
    try:
        today = parse_day(args.as_of, "--as-of") if args.as_of else date.today()
        period = choose_period(today, start=args.start, end=args.end, quarter=args.quarter)
    except PeriodError as exc:
        raise UsageError(str(exc)) from exc
    if fmt == "pdf" and args.output == "-":
        raise UsageError("a PDF cannot be written to the terminal; give -o FILE")
    repo = open_repository(args.db, read_only=True)
    keep = keeper(args.db)
    _, review = review_from(repo, period, today, threshold=threshold, keep=keep)
    write_output(args.output, render(review, fmt, page_size=args.page_size), args.db, out)
    return 0
