"""`pmdesk publish DIR`: the library as a static web site or a Markdown folder for a wiki."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pmdesk.cli.common import UsageError, database_files, open_repository

if TYPE_CHECKING:
    import argparse


def register(commands: argparse._SubParsersAction[Any]) -> None:
    from pmdesk.model import Status

    publish = commands.add_parser(
        "publish",
        help="publish the library as a web site or a Markdown folder",
        description="Write every postmortem outside the trash into DIR as a self-contained web "
        "site (open DIR/index.html, or serve DIR) or as Markdown files with an index.md. "
        "Publishing into the same DIR again rewrites only what changed.",
    )
    publish.add_argument("folder", metavar="DIR", help="the folder to publish into")
    publish.add_argument(
        "--format", "-f", choices=("html", "md"), default="html", help="html (default) or md"
    )
    publish.add_argument(
        "--status",
        choices=[s.value for s in Status],
        help="only postmortems with this status (e.g. published)",
    )
    edition = publish.add_mutually_exclusive_group()
    edition.add_argument(
        "--redacted",
        action="store_true",
        help="publish every postmortem's redacted edition (security ones are redacted anyway)",
    )
    edition.add_argument(
        "--full", action="store_true", help="everything as written, security postmortems too"
    )
    publish.set_defaults(run=_cmd_publish)


def _cmd_publish(args: argparse.Namespace, out: TextIO) -> int:
    from pmdesk.operations.library import to_publish
    from pmdesk.publish import PublishProblem, publish

    repo = open_repository(args.db, read_only=True)
    entries, postmortems = to_publish(repo, status=args.status)
    if args.full and any(e.kind == "security" for e in entries):
        sys.stderr.write(
            "pmdesk: note: --full publishes security postmortems as written: names, hosts, keys "
            "and restricted sections included.\n"
        )
    from pmdesk.redaction import LeakFound, TeamTermsError
    from pmdesk.redaction.published import PublishedEditions
    from pmdesk.redaction.team import load_team_terms

    try:
        team_terms = load_team_terms()
    except TeamTermsError as exc:
        raise UsageError(str(exc)) from exc
    editions = PublishedEditions(redacted=args.redacted, full=args.full, team_terms=team_terms)
    postmortems = editions.editions(postmortems)
    total = len(entries)
    show = sys.stderr.isatty() and total >= 200

    def progress(done: int) -> None:
        if show and (done % 100 == 0 or done == total):
            sys.stderr.write(f"\rpmdesk: publishing {done:,} of {total:,}…")
            sys.stderr.flush()

    try:
        outcome = publish(
            postmortems,
            Path(args.folder),
            args.format,
            progress=progress,
            protect=tuple(database_files(args.db)),
            check=editions.check,
        )
    except (PublishProblem, LeakFound) as exc:
        raise UsageError(str(exc)) from exc
    finally:
        if show:
            sys.stderr.write("\n")
    what = f"{total} postmortem{'s' if total != 1 else ''}"
    if args.status:
        what += f" with status {args.status}"
    out.write(f"Published {what} to {outcome.start}: {outcome.describe()}.\n")
    return 0
