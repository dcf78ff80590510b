"""Moving between databases: `pmdesk copy` (a whole library) and, for a team database,
`pmdesk checkout` and `pmdesk sync` (postmortems taken offline and brought back)."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from pmdesk.cli.common import UsageError, open_repository, postmortem_id

if TYPE_CHECKING:
    import argparse


def register(commands: argparse._SubParsersAction[Any]) -> None:
    copying = commands.add_parser(
        "copy",
        help="copy a whole library into another database (SQLite or PostgreSQL)",
        description=(
            "Copies every postmortem with all its items, the trash, redaction choices and "
            "action items into another database, and builds its search index there. The "
            "target must be empty unless --replace is given. Either side can be an SQLite file "
            "or a PostgreSQL URL such as postgresql+psycopg://user@host/dbname."
        ),
    )
    copying.add_argument("--to", required=True, metavar="PATH_OR_URL", help="the target")
    copying.add_argument(
        "--from",
        dest="source",
        metavar="PATH_OR_URL",
        help="the library to copy (default: --db, $PMDESK_DB, else the per-user database)",
    )
    copying.add_argument(
        "--replace",
        action="store_true",
        help="empty a target that already holds postmortems before copying into it",
    )
    copying.set_defaults(run=_cmd_copy)

    checkout = commands.add_parser(
        "checkout",
        help="take postmortems from a team database into this one, to work offline",
        description=(
            "Copies postmortems from the team database (a PostgreSQL URL) into the local "
            "database (--db) and remembers where each came from, so `pmdesk sync` can bring "
            "the work back with a field-by-field merge."
        ),
    )
    checkout.add_argument("team", metavar="TEAM_URL", help="the team database")
    checkout.add_argument(
        "ids",
        nargs="*",
        type=postmortem_id,
        metavar="ID",
        help="postmortem ids in the team database",
    )
    checkout.add_argument(
        "--all", action="store_true", help="every postmortem of the team database outside the trash"
    )
    checkout.set_defaults(run=_cmd_checkout)

    syncing = commands.add_parser(
        "sync",
        help="merge checked-out postmortems with their team database, both ways",
        description=(
            "Sends what changed here and takes what changed in the team database, field by "
            "field and item by item. Two different changes to the same field are a conflict: "
            "each side keeps its text until it is settled with --keep. Exits 1 while conflicts "
            "wait or the team database cannot be reached."
        ),
    )
    syncing.add_argument(
        "ids",
        nargs="*",
        type=postmortem_id,
        metavar="ID",
        help="local postmortem ids (default: all)",
    )
    syncing.add_argument(
        "--keep",
        choices=("mine", "theirs"),
        help="settle every conflict with this side's text before syncing",
    )
    syncing.add_argument(
        "--status", action="store_true", help="only say where things stand (no network)"
    )
    syncing.set_defaults(run=_cmd_sync)


def _cmd_copy(args: argparse.Namespace, out: TextIO) -> int:
    from pmdesk.storage.copying import copy_library
    from pmdesk.storage.location import resolve

    source = resolve(args.source or args.db)
    target = resolve(args.to)
    say = _progress_line(sys.stderr)
    started = time.perf_counter()
    report = copy_library(source, target, replace=args.replace, progress=say)
    seconds = time.perf_counter() - started
    out.write(
        f"Copied {report.postmortems} postmortems ({sum(report.rows.values())} rows) "
        f"from {source.display} to {target.display} in {seconds:.1f} s.\n"
    )
    return 0


def _progress_line(stream: TextIO) -> Any:
    """Progress on stderr: a line per table, rewritten in place on a terminal."""
    tty = stream.isatty()

    def say(table: str, done: int, total: int) -> None:
        if total < 0:
            line = f"search index: {done} postmortems indexed"
        elif table == "search_parts":
            line = f"search index: building for {total} postmortems"
        else:
            line = f"{table}: {done} of {total} rows"
        finished = total < 0 or done == total
        if tty:
            stream.write(f"\r\x1b[K{line}" + ("\n" if finished else ""))
        elif finished:
            stream.write(line + "\n")
        stream.flush()

    return say


def _cmd_checkout(args: argparse.Namespace, out: TextIO) -> int:
    from pmdesk.storage.sync import checkout

    if bool(args.ids) == bool(args.all):
        raise UsageError(
            "checkout: name the postmortems' ids, or --all (see `pmdesk checkout --help`)"
        )
    local = open_repository(args.db)
    for team_id, local_id in checkout(local, args.team, args.ids or None):
        out.write(f"Team postmortem {team_id} is postmortem {local_id} here.\n")
    return 0


def _cmd_sync(args: argparse.Namespace, out: TextIO) -> int:
    from pmdesk.storage import sync

    local = open_repository(args.db)
    ids = args.ids or None
    if args.keep:
        for pm_id in ids or [c for c in _checked_out(local)]:
            settled = sync.settle_conflicts(
                local, pm_id, lambda c: c.mine if args.keep == "mine" else c.theirs
            )
            if settled:
                out.write(f"Postmortem {pm_id}: {settled} conflicts settled ({args.keep}).\n")
    if not args.status:
        report = sync.sync(local, ids)
        for line in sync.report_lines(report):
            out.write(line + "\n")
    state = sync.state(local, ids)
    if not state.checked_out:
        out.write(
            "No postmortem here was checked out of a team database (see `pmdesk checkout`).\n"
        )
        return 0
    offline = not args.status and bool(report.unreachable)
    out.write(state.describe(offline=offline) + "\n")
    return 1 if offline or state.conflicts else 0


def _checked_out(local: Any) -> list[int]:
    from pmdesk.storage.checkouts import all_checkouts

    with local.engine.connect() as connection:
        return [c.postmortem_id for c in all_checkouts(connection)]
