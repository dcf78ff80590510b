"""`pmdesk actions`: the weekly follow-up from a terminal or a CI job.

Prints every matching action item across postmortems (overdue ones marked), then completion rates
per postmortem and overall, because a low rate is the signal to escalate. Exit codes: 0 done,
1 when `--overdue` found any (so a scheduled job can fail loudly), 2 bad usage or an unusable
database, always with a one-line message.

`--json` prints a list of objects, one per action item:
  postmortem_id (int), postmortem_title (str), id (str), description (str),
  type ("prevent" | "detect" | "mitigate"), owner (str), deadline (YYYY-MM-DD or null),
  status ("open" | "in_progress" | "done" | "dropped"), dropped_reason (str),
  done_on (YYYY-MM-DD or null), factor_id (str or null), overdue (bool), days_overdue (int).
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from pmdesk.actions import LIVE_STATUSES, Completion, completion, days_overdue, is_overdue
from pmdesk.cli.common import database_files, database_problem, open_repository
from pmdesk.files import one_line
from pmdesk.model import ActionStatus, ActionType

if TYPE_CHECKING:
    from pmdesk.model import TrackedAction

PROG = "pmdesk actions"
_STATUS_NAMES = {
    "open": {ActionStatus.OPEN},
    "in_progress": {ActionStatus.IN_PROGRESS},
    "in-progress": {ActionStatus.IN_PROGRESS},
    "done": {ActionStatus.DONE},
    "dropped": {ActionStatus.DROPPED},
    "live": set(LIVE_STATUSES),
    "all": set(ActionStatus),
}


class _Usage(Exception):
    """Bad usage: one line on stderr, exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that writes help to our stdout and turns errors into one-line messages."""

    def __init__(self, out: IO[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._out = out

    def error(self, message: str) -> NoReturn:
        raise _Usage(message)

    def print_help(self, file: Any = None) -> None:
        super().print_help(self._out)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            raise _Usage(message.strip())
        raise SystemExit(status)


def _parser(out: IO[str]) -> _Parser:
    parser = _Parser(
        out,
        prog=PROG,
        description=(
            "List action items across postmortems, with completion rates per postmortem and "
            "overall. By default shows items that are still open or in progress."
        ),
        epilog=(
            "Exit status: 0 fine, 1 --overdue found overdue items, 2 bad usage or database. "
            "--json fields are listed in docs/trackers.md."
        ),
    )
    parser.add_argument(
        "--overdue", action="store_true", help="only items past their deadline (exit 1 if any)"
    )
    parser.add_argument("--owner", metavar="NAME", help="owner contains NAME (any case)")
    parser.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help="open, in_progress, done, dropped, live (open + in progress) or all; "
        "repeat or separate with commas (default: live)",
    )
    parser.add_argument(
        "--type", choices=[t.value for t in ActionType], help="only prevent, detect or mitigate"
    )
    parser.add_argument("--postmortem", type=int, metavar="ID", help="only this postmortem's items")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    output.add_argument(
        "--csv",
        choices=["jira", "linear"],
        help="print CSV for Jira's or Linear's importer instead of a table",
    )
    parser.add_argument(
        "--ics", metavar="FILE", help="also write an iCalendar file with one event per deadline"
    )
    return parser


def _statuses(values: Sequence[str] | None) -> set[ActionStatus]:
    if not values:
        return set(LIVE_STATUSES)
    wanted: set[ActionStatus] = set()
    for value in values:
        for name in value.split(","):
            key = name.strip().lower()
            if key not in _STATUS_NAMES:
                known = "open, in_progress, done, dropped, live, all"
                raise _Usage(f"unknown status {name.strip()!r} (use {known})")
            wanted |= _STATUS_NAMES[key]
    return wanted


def run(
    argv: Sequence[str],
    stdout: IO[str],
    stderr: IO[str],
    *,
    db: str | None,
    today: date | None = None,
) -> int:
    """Run `pmdesk actions` with argv (the words after `actions`); returns the exit code."""
    from pmdesk.database import DatabaseProblem

    try:
        args = _parser(stdout).parse_args(list(argv))
        statuses = _statuses(args.status)
        return _run(args, statuses, stdout, stderr, db, today or date.today())
    except SystemExit as exc:  # --help
        return 0 if exc.code in (0, None) else 2
    except (_Usage, DatabaseProblem) as exc:
        stderr.write(f"{PROG}: error: {one_line(str(exc))}\n")
        return 2
    except Exception as exc:
        problem = database_problem(exc, db)
        if problem is None:
            raise
        stderr.write(f"{PROG}: error: {one_line(str(problem))}\n")
        return 2


def _run(
    args: argparse.Namespace,
    statuses: set[ActionStatus],
    stdout: IO[str],
    stderr: IO[str],
    db: str | None,
    today: date,
) -> int:
    from pmdesk import trackers
    from pmdesk.actions import group_completion
    from pmdesk.files import FileProblem, atomic_write
    from pmdesk.storage.tracker import tracked_actions

    repo = open_repository(db, read_only=True)
    try:
        # One query with every status: the rates need them all; the listing filters below.
        rows = tracked_actions(
            repo.engine,
            owner=args.owner,
            type=ActionType(args.type) if args.type else None,
            postmortem_id=args.postmortem,
        )
    finally:
        repo.close()
    if args.overdue:
        listed = [r for r in rows if is_overdue(r.item, today)]
    else:
        listed = [r for r in rows if r.item.status in statuses]

    if args.ics:
        text = trackers.to_ics(listed, now=datetime.now(UTC))
        target = Path(args.ics)
        try:
            atomic_write(target, text, protect=database_files(db))
        except FileProblem as exc:
            raise _Usage(str(exc)) from exc
        events = sum(1 for r in listed if r.item.deadline is not None)
        stderr.write(f"{PROG}: wrote {events} deadline event(s) to {target}\n")

    if args.json:
        json.dump([_as_json(r, today) for r in listed], stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    elif args.csv == "jira":
        stdout.write(trackers.to_jira_csv(listed))
    elif args.csv == "linear":
        stdout.write(trackers.to_linear_csv(listed))
    else:
        _print_table(listed, stdout, today)
        _print_rates(
            group_completion(rows, today), completion((r.item for r in rows), today), stdout
        )
    return 1 if args.overdue and listed else 0


def _as_json(row: TrackedAction, today: date) -> dict[str, Any]:
    item = row.item
    return {
        "postmortem_id": row.postmortem_id,
        "postmortem_title": row.postmortem_title,
        "id": item.id,
        "description": item.description,
        "type": item.type.value,
        "owner": item.owner,
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "status": item.status.value,
        "dropped_reason": item.dropped_reason,
        "done_on": item.done_on.isoformat() if item.done_on else None,
        "factor_id": item.factor_id,
        "overdue": is_overdue(item, today),
        "days_overdue": days_overdue(item, today),
    }


# -- the table ------------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _fit(text: str, width: int) -> str:
    """One line, cut with an ellipsis to `width` columns and padded to it."""
    text = " ".join(text.split())
    if _width(text) > width:
        cut = ""
        for ch in text:
            if _width(cut + ch) > width - 1:
                break
            cut += ch
        text = cut + "…"
    return text + " " * (width - _width(text))


def _print_table(rows: Sequence[TrackedAction], out: IO[str], today: date) -> None:
    if not rows:
        out.write("No matching action items.\n")
        return
    out.write(
        f"  {_fit('POSTMORTEM', 28)}  {_fit('OWNER', 16)}  {_fit('TYPE', 8)}  "
        f"{_fit('DEADLINE', 10)}  {_fit('STATUS', 15)}  DESCRIPTION\n"
    )
    for row in rows:
        item = row.item
        late = days_overdue(item, today)
        status = f"OVERDUE {late}d" if late else item.status.label.lower()
        title = f"#{row.postmortem_id} {row.postmortem_title or 'Untitled'}"
        out.write(
            f"{'!' if late else ' '} {_fit(title, 28)}  {_fit(item.owner or '-', 16)}  "
            f"{_fit(item.type.label, 8)}  "
            f"{_fit(item.deadline.isoformat() if item.deadline else '-', 10)}  "
            f"{_fit(status, 15)}  {' '.join(item.description.split()) or '-'}\n"
        )
    overdue = sum(1 for r in rows if days_overdue(r.item, today))
    if overdue:
        out.write(f"{overdue} overdue (marked !).\n")


def _print_rates(
    per_postmortem: Sequence[tuple[int, str, Completion]], overall: Completion, out: IO[str]
) -> None:
    out.write("\nCompletion (done / not dropped):\n")
    for pm_id, title, rate in per_postmortem:
        label = f"#{pm_id} {title or 'Untitled'}"
        out.write(f"  {_fit(label, 36)}  {rate.summary()}\n")
    out.write(f"  {_fit('Overall', 36)}  {overall.summary()}\n")
