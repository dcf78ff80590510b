"""Moving between databases: `pmdesk copy` (a whole library) and, for a team database,
`pmdesk checkout` and `pmdesk sync` (postmortems taken offline and brought back)."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

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
        elif table == "search_text":
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
