"""The command line: `pmdesk` opens the app; subcommands work on the database without it.

Exit codes: 0 success, 1 a check found something (lint, overdue actions), 2 bad usage or bad input,
always with a one-line message on stderr and never a traceback; 141 when the reader of stdout left.

This module only dispatches: each command group lives in its own module (postmortems, timeline,
actions, lint, review) and the app's start in gui; they share pmdesk.cli.common.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from pmdesk import __version__
from pmdesk.cli.common import UsageError, close_opened, database_problem
from pmdesk.cli.gui import plain_gui_start, run_gui
from pmdesk.files import one_line

if TYPE_CHECKING:
    import argparse


def _parser() -> argparse.ArgumentParser:
    import argparse

    from pmdesk.cli import postmortems, publish, review, search, team, timeline

    class OneLineParser(argparse.ArgumentParser):
        """argparse whose mistakes are one line (naming the command's --help), not several."""

        def error(self, message: str) -> NoReturn:
            raise UsageError(f"{message} (see `{self.prog} --help`)")

    parser = OneLineParser(
        prog="pmdesk",
        description="Facilitate blameless postmortems. With no command, opens the app.",
    )
    parser.add_argument(
        "--version",
        action=_version_action(),
        nargs=0,
        help="show pmdesk's version and whether its language engine runs compiled, and exit",
    )
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="database file or SQLAlchemy URL (default: $PMDESK_DB, else the per-user data folder)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the main window, paint it once, print the time to first paint and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    postmortems.register(commands)
    search.register(commands)
    timeline.register(commands)
    publish.register(commands)
    review.register(commands)
    team.register(commands)
    # `lint` and `actions` parse their own options (see _dispatch); listed here for --help.
    commands.add_parser("lint", help="check text for blame language (see `pmdesk lint --help`)")
    commands.add_parser(
        "actions", help="action items across all postmortems (see `pmdesk actions --help`)"
    )
    return parser


def _version_action() -> type[argparse.Action]:
    import argparse

    class Version(argparse.Action):
        """`pmdesk 0.1.0 (language engine: compiled)`: the engine is imported only when asked."""

        def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
            from pmdesk.language._native import engine_mode

            print(f"pmdesk {__version__} (language engine: {engine_mode()})")
            parser.exit()

    return Version


def main(argv: Sequence[str] | None = None) -> int:
    """Run pmdesk; a reader that goes away early (`pmdesk list | head -1`) ends it quietly.

    The exit status is then 141 (128 + SIGPIPE), what a shell reports for any Unix tool whose
    reader left: the output was cut short, so scripts that check (`set -o pipefail`) can tell.
    Output that fits in the pipe before the reader leaves still ends with the command's status.
    """
    try:
        status = _dispatch(argv)
        if sys.stdout is not None:  # None in a windowed app on Windows (pmdesk-gui)
            sys.stdout.flush()
    except BrokenPipeError:
        # Python's documented recipe: point stdout at /dev/null so the flush at exit cannot fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return status


def _dispatch(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    quick = plain_gui_start(args_list)
    if quick is not None:
        return run_gui(quick)
    own = _own_options_command(args_list, entry=argv is None)
    if own is not None:
        return own
    parser = _parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # --help and --version
        return 0 if exc.code in (0, None) else 2
    except UsageError as exc:
        sys.stderr.write(f"pmdesk: error: {one_line(str(exc))}\n")
        return 2
    return _run_command(args)


def _own_options_command(args_list: list[str], *, entry: bool = False) -> int | None:
    """`lint` and `actions` take their own options: hand them everything after the command word.

    None when the command is another one. entry: this is the process's own command line (not a
    caller's argv), so a finished `lint` may leave at once (see _leave_now).
    """
    position, db = 0, None
    while position < len(args_list) and args_list[position].startswith("-"):
        if args_list[position] == "--db" and position + 1 < len(args_list):
            db = args_list[position + 1]
            position += 2
        else:
            db = args_list[position][5:] if args_list[position].startswith("--db=") else db
            position += 1
    command = args_list[position] if position < len(args_list) else None
    rest = args_list[position + 1 :]
    if command == "lint":
        from pmdesk.cli.lint import run as run_lint

        status = int(run_lint(rest, sys.stdin, sys.stdout, sys.stderr))
        if entry:
            _leave_now(status)
        return status
    if command == "actions":
        from pmdesk.cli.actions import run as run_actions

        try:
            return int(run_actions(rest, sys.stdout, sys.stderr, db=db))
        finally:
            close_opened()
    return None


def _leave_now(status: int) -> None:
    """End the process with `status` once its output is out, skipping the interpreter's teardown.

    The teardown frees every object one at a time, and after a check that is all the engine
    loaded and learned (compiled patterns, the learned layer, word and sentence caches): 25-35 ms
    of processor time, 60-120 ms of wall time on a busy machine, a fifth of a small file's run.
    Nothing is lost by skipping it: the output is flushed first (a reader that left still gets
    exit 141, from main), the exit handlers run as at any exit (the engine saves its caches in
    them), and no other thread may be running nor any profiler or tracer watching, else the
    usual exit is taken.
    """
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return  # a thread to wait for (a helper pool shutting down): the usual exit
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return  # a profiler or tracer (cProfile, coverage, a debugger) reports after main returns
    import atexit

    atexit._run_exitfuncs()
    os._exit(status)


def _run_command(args: argparse.Namespace) -> int:
    """Run a parsed command (or the app), its mistakes and database problems as one line."""
    from pmdesk.database import DatabaseProblem
    from pmdesk.paths import ResourcesMissing

    try:
        if args.command is None:
            return run_gui(args)
        try:
            return int(args.run(args, sys.stdout))
        finally:
            close_opened()
    except (UsageError, DatabaseProblem, ResourcesMissing) as exc:
        sys.stderr.write(f"pmdesk: error: {one_line(str(exc))}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        problem = database_problem(exc, args.db)
        if problem is None:
            raise
        sys.stderr.write(f"pmdesk: error: {one_line(str(problem))}\n")
        return 2


def gui_main() -> int:
    return main(sys.argv[1:])
