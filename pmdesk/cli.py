"""The command line: `pmdesk` opens the app; subcommands work on the database without it.

Exit codes: 0 success, 1 a check found something (lint, overdue actions), 2 bad usage or bad input,
always with a one-line message on stderr and never a traceback; 141 when the reader of stdout left.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from pmdesk import __version__
from pmdesk.files import one_line

STARTED = time.perf_counter()

if TYPE_CHECKING:
    import argparse

    from pmdesk.storage.repository import Repository


class UsageError(Exception):
    """Bad usage or bad input: printed as one line, exit code 2."""


def _parser() -> argparse.ArgumentParser:
    import argparse

    class OneLineParser(argparse.ArgumentParser):
        """argparse whose mistakes are one line (naming the command's --help), not several."""

        def error(self, message: str) -> NoReturn:
            raise UsageError(f"{message} (see `{self.prog} --help`)")

    parser = OneLineParser(
        prog="pmdesk",
        description="Facilitate blameless postmortems. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"pmdesk {__version__}")
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

    listing = commands.add_parser("list", help="list the postmortems in the database")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.add_argument("--trash", action="store_true", help="list the trash instead")

    export = commands.add_parser("export", help="export one postmortem to a file")
    export.add_argument("id", type=_postmortem_id, help="the postmortem's id (see `pmdesk list`)")
    export.add_argument("--format", "-f", choices=export_formats(), default="json")
    export.add_argument("-o", "--output", required=True, help="the file to write ('-': stdout)")
    export.add_argument(
        "--page-size", choices=("A4", "Letter"), default="A4", help="PDF page size (default A4)"
    )

    importing = commands.add_parser("import", help="import postmortems from pmdesk JSON files")
    importing.add_argument("files", nargs="+", metavar="FILE")

    timeline = commands.add_parser(
        "import-timeline",
        help="add timeline events to a postmortem from CSV, JSON, Slack, PagerDuty, Opsgenie, "
        "Alertmanager or Statuspage",
    )
    timeline.add_argument("id", type=_postmortem_id, help="the postmortem's id (see `pmdesk list`)")
    timeline.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="the file(s) to import, e.g. returned contribution sheets "
        "(formats: resources/samples/timeline/)",
    )
    timeline.add_argument(
        "--format",
        dest="fmt",
        choices=(
            "csv",
            "json",
            "slack",
            "pagerduty",
            "opsgenie",
            "alertmanager",
            "statuspage",
            "vtt",
            "zoom-chat",
            "sheet",
        ),
    )
    timeline.add_argument("--time-column", help="CSV: the column holding the time")
    timeline.add_argument("--text-column", help="CSV: the column holding what happened")
    timeline.add_argument("--source-column", help="CSV: the column holding the source")
    timeline.add_argument(
        "--date-order",
        choices=("day-first", "month-first"),
        help="CSV: how dates like 10/03/2026 are written, when no date in the file settles it",
    )
    timeline.add_argument(
        "--channel",
        action="append",
        help="Slack export: a channel to import (repeat for more; default: every channel)",
    )
    timeline.add_argument(
        "--from",
        dest="window_from",
        metavar="TIME",
        help="Slack export: the first message time (default: an hour before the incident started)",
    )
    timeline.add_argument(
        "--to",
        dest="window_to",
        metavar="TIME",
        help="Slack export: the last message time (default: an hour after it was resolved)",
    )
    timeline.add_argument(
        "--starts-at",
        metavar="TIME",
        help="WebVTT transcript: when the recording started (its cue times count from there)",
    )
    timeline.add_argument(
        "--dry-run",
        action="store_true",
        help="list what would be added, and add nothing",
    )

    sheet = commands.add_parser(
        "contribution-sheet",
        help="write the timeline as a sheet for one attendee to add to (import it back with "
        "import-timeline)",
    )
    sheet.add_argument("id", type=_postmortem_id, help="the postmortem's id (see `pmdesk list`)")
    sheet.add_argument("--for", dest="name", required=True, help="the attendee's name")
    sheet.add_argument("--text", action="store_true", help="a plain-text form instead of CSV")
    sheet.add_argument("-o", "--output", required=True, help="the file to write ('-': stdout)")

    commands.add_parser("lint", help="check text for blame language (see `pmdesk lint --help`)")
    commands.add_parser(
        "actions", help="action items across all postmortems (see `pmdesk actions --help`)"
    )
    return parser


def _postmortem_id(text: str) -> int:
    """A whole number; any size (an id the database cannot hold is simply not found)."""
    try:
        return int(text.strip(), 10)
    except ValueError:
        import argparse

        raise argparse.ArgumentTypeError(
            f"{text!r} is not a postmortem id (ids are whole numbers)"
        ) from None


def export_formats() -> list[str]:
    return ["pdf", "md", "json"]


def open_repository(
    db: str | None, *, read_only: bool = False, note: TextIO | None = None
) -> Repository:
    """The database for a command. read_only: the command only reads (works in a read-only
    folder too). note: where to say that pmdesk waits for another program's write lock."""
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import check_sqlite_file, resolve
    from pmdesk.storage.repository import Repository

    location = resolve(db)
    if not read_only and location.path is not None:
        check_sqlite_file(location.path)  # a pipe or a non-database is refused before waiting
        from pmdesk.storage.guard import wait_for_write_lock

        stream = note or sys.stderr

        def say(text: str) -> None:
            stream.write(f"pmdesk: {one_line(text)}\n")
            stream.flush()

        wait_for_write_lock(location.path, say)
    repo = Repository(open_engine(location, read_only=read_only))
    _OPENED.append(repo)
    return repo


# Repositories a command opened, closed by main() when it ends (a server connection must not be
# left to the garbage collector).
_OPENED: list[Repository] = []


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    import json

    repo = open_repository(args.db, read_only=True)
    entries = repo.library(trash=args.trash)
    if args.json:
        rows = [
            {
                "id": e.id,
                "title": e.title,
                "incident_date": e.incident_date.isoformat() if e.incident_date else None,
                "severity": e.severity,
                "status": e.status,
                "kind": e.kind,
            }
            for e in entries
        ]
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if not entries:
        out.write("The trash is empty.\n" if args.trash else "No postmortems yet.\n")
        return 0
    out.write(f"{'ID':>5}  {'DATE':<10}  {'SEV':<4}  {'STATUS':<9}  TITLE\n")
    for e in entries:
        when = e.incident_date.strftime("%Y-%m-%d") if e.incident_date else "-"
        title = e.title or "Untitled"
        out.write(f"{e.id:>5}  {when:<10}  {e.severity:<4}  {e.status:<9}  {title}\n")
    return 0


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from pmdesk.database import NotFound

    repo = open_repository(args.db, read_only=True)
    try:
        pm = repo.load(args.id)
    except NotFound as exc:
        raise UsageError(f"{exc} (`pmdesk list` shows the ids)") from exc
    from pmdesk.report import render

    data = render(pm, args.format, page_size=args.page_size)
    if args.output == "-":
        if isinstance(data, bytes):
            raise UsageError("a PDF cannot be written to the terminal; give -o FILE")
        out.write(data)
        return 0
    from pmdesk.files import FileProblem, atomic_write

    try:
        atomic_write(args.output, data, protect=database_files(args.db))
    except FileProblem as exc:
        raise UsageError(str(exc)) from exc
    return 0


def database_files(db: str | None) -> list[Path]:
    """The database's file, which no export may overwrite (none for a server database)."""
    from pmdesk.storage.location import resolve

    path = resolve(db).path
    return [path] if path is not None else []


def _cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from pmdesk import interchange

    # Read and check every file first: a bad file among many writes nothing.
    loaded = []
    for name in args.files:
        try:
            loaded.append(interchange.load_file(Path(name)))
        except interchange.InterchangeError as exc:
            raise UsageError(str(exc)) from exc
    repo = open_repository(args.db)
    for pm in loaded:
        out.write(f"{repo.create(pm)}\n")
    return 0


def _timeline_mapping(args: argparse.Namespace, path: Path) -> tuple[str, Any]:
    """The file's format and, for a CSV, its column mapping from the header and the options."""
    from pmdesk.timeline.load import detect_format
    from pmdesk.timeline.spreadsheet import csv_columns, guess_mapping

    fmt = args.fmt or detect_format(path)
    if fmt != "csv":
        return fmt, None
    mapping = guess_mapping(csv_columns(path))
    mapping.time = args.time_column or mapping.time
    mapping.text = args.text_column or mapping.text
    mapping.source = args.source_column or mapping.source
    mapping.date_order = args.date_order
    if not mapping.complete:
        raise UsageError(
            f"{path}: cannot tell which columns hold the time and the text; "
            "name them with --time-column and --text-column"
        )
    return fmt, mapping


def _cmd_import_timeline(args: argparse.Namespace, out: TextIO) -> int:
    from pmdesk.database import NotFound
    from pmdesk.document import Document
    from pmdesk.operations import timeline as timeline_ops
    from pmdesk.timeline.load import load_timeline_file
    from pmdesk.timeline.reading import ImportFailed
    from pmdesk.timeline.times import TimeParseError, format_time, parse_time

    paths = [Path(name) for name in args.files]
    try:
        # The files are checked before the database is opened: a bad file names itself first.
        formats = [_timeline_mapping(args, path) for path in paths]
    except ImportFailed as exc:
        raise UsageError(str(exc)) from exc
    repo = open_repository(args.db)
    try:
        doc = Document(repo.load(args.id))
    except NotFound as exc:
        raise UsageError(f"{exc} (`pmdesk list` shows the ids)") from exc
    # Times written without a date or zone belong to the incident, not to the day of the import.
    defaults = timeline_ops.where_times_belong(doc)
    day, tz = defaults.day, defaults.tz
    start, end = defaults.window
    try:
        if args.window_from:
            start = parse_time(args.window_from, day=day, tz=tz)
        if args.window_to:
            end = parse_time(args.window_to, day=day, tz=tz)
        starts_at = None
        if args.starts_at:
            starts_at = parse_time(args.starts_at, day=day, tz=tz)
    except TimeParseError as exc:
        raise UsageError(f"--from/--to/--starts-at: {exc}") from exc
    events: list[Any] = []
    told: list[Any] = []
    skipped: dict[str, int] = {}
    for path, (fmt, mapping) in zip(paths, formats, strict=True):
        try:
            found = load_timeline_file(
                path,
                fmt=fmt,
                mapping=mapping,
                tz=tz,
                day=day,
                channels=args.channel,
                window=(start, end),
                starts_at=starts_at,
                skipped=skipped,
            )
        except ImportFailed as exc:
            hint = " with --date-order" if exc.reason.endswith("choose the date order") else ""
            hint = " (--starts-at)" if exc.reason.endswith("when the recording started") else hint
            raise UsageError(f"{exc}{hint}") from exc
        (told if fmt == "sheet" else events).extend(found)
    sheets = timeline_ops.plan_import(doc, events, told)
    events = sheets.new
    already = sheets.already
    note = f" ({already} already in the timeline, not added again)" if already else ""
    if args.dry_run:
        noun = "event" if len(events) == 1 else "events"
        out.write(
            f"would add {len(events)} {noun} to postmortem {args.id}{note} (nothing was added):\n"
        )
        for event in sorted(events, key=lambda e: e.at):
            shown = format_time(event.at, with_date=True, with_seconds=True, tz=tz)
            by = f" from {event.added_by}" if event.added_by else ""
            out.write(f"  {shown}  [{event.source}{by}]  {event.text}\n")
        for reason, count in skipped.items():
            out.write(f"skipped {count}: {reason}\n")
    elif events:
        names = ", ".join(path.name for path in paths)
        timeline_ops.import_timeline(doc, events, names).apply(doc)
        repo.save(doc.pm, doc.take_dirty())
    if not args.dry_run:
        out.write(f"added {len(events)} events to postmortem {args.id}{note}\n")
    for conflict in sheets.conflicts:
        shown = format_time(conflict.told.at, with_date=False, with_seconds=False, tz=tz)
        was = format_time(conflict.timeline.at, with_date=False, with_seconds=False, tz=tz)
        out.write(
            f"to settle: {conflict.told.added_by} has {conflict.told.text!r} at {shown}; "
            f"{conflict.known_by} has it at {was} (not added)\n"
        )
    return 0


def _cmd_contribution_sheet(args: argparse.Namespace, out: TextIO) -> int:
    from pmdesk.database import NotFound
    from pmdesk.timeline.contributions import sheet_csv, sheet_text
    from pmdesk.timeline.defaults import import_defaults

    repo = open_repository(args.db)
    try:
        pm = repo.load(args.id)
    except NotFound as exc:
        raise UsageError(f"{exc} (`pmdesk list` shows the ids)") from exc
    tz = import_defaults(pm).tz
    written = (sheet_text if args.text else sheet_csv)(pm, args.name, tz)
    if args.output == "-":
        out.write(written)
        return 0
    try:
        Path(args.output).write_text(written, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot be written ({exc.strerror})") from exc
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "list": _cmd_list,
    "export": _cmd_export,
    "import": _cmd_import,
    "import-timeline": _cmd_import_timeline,
    "contribution-sheet": _cmd_contribution_sheet,
}


def _plain_gui_start(args: list[str]) -> SimpleNamespace | None:
    """`pmdesk`, `pmdesk --db X`, `pmdesk --smoke-test`: start the app without building the parser.

    The parser (and argparse itself) cost milliseconds on the way to the first paint; anything
    else, including mistakes, goes through the full parser and its messages.
    """
    db, smoke, rest = None, False, list(args)
    while rest:
        word = rest.pop(0)
        if word == "--smoke-test":
            smoke = True
        elif word == "--db" and rest and not rest[0].startswith("-"):
            db = rest.pop(0)
        elif word.startswith("--db=") and len(word) > 5:
            db = word[5:]
        else:
            return None
    return SimpleNamespace(command=None, db=db, smoke_test=smoke)


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
    stdout, stderr = sys.stdout, sys.stderr
    quick = _plain_gui_start(args_list)
    if quick is not None:
        return _run_gui(quick)
    # `lint` and `actions` take their own options: hand them everything after the command word.
    position, db = 0, None
    while position < len(args_list) and args_list[position].startswith("-"):
        if args_list[position] == "--db" and position + 1 < len(args_list):
            db = args_list[position + 1]
            position += 2
        else:
            db = args_list[position][5:] if args_list[position].startswith("--db=") else db
            position += 1
    rest = args_list[position + 1 :]
    if position < len(args_list) and args_list[position] == "lint":
        from pmdesk.language.cli import run as run_lint

        return int(run_lint(rest, sys.stdin, stdout, stderr))
    if position < len(args_list) and args_list[position] == "actions":
        from pmdesk.actions_cli import run as run_actions

        try:
            return int(run_actions(rest, stdout, stderr, db=db))
        finally:
            while _OPENED:
                _OPENED.pop().close()
    parser = _parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # --help and --version
        return 0 if exc.code in (0, None) else 2
    except UsageError as exc:
        stderr.write(f"pmdesk: error: {one_line(str(exc))}\n")
        return 2
    from pmdesk.database import DatabaseProblem
    from pmdesk.paths import ResourcesMissing

    try:
        if args.command is None:
            return _run_gui(args)
        try:
            return _COMMANDS[args.command](args, stdout)
        finally:
            while _OPENED:
                _OPENED.pop().close()
    except (UsageError, DatabaseProblem, ResourcesMissing) as exc:
        stderr.write(f"pmdesk: error: {one_line(str(exc))}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        problem = database_problem(exc, args.db)
        if problem is None:
            raise
        stderr.write(f"pmdesk: error: {one_line(str(problem))}\n")
        return 2


def database_problem(exc: BaseException, db: str | None) -> Exception | None:
    """A database driver's error (locked, read-only, disk full...) in words, or None."""
    from pmdesk.storage.door import StorageDoor

    return StorageDoor.at(db).problem(exc)


def _run_gui(args: argparse.Namespace | SimpleNamespace) -> int:
    problem = _no_display()
    if problem:
        sys.stderr.write(f"pmdesk: error: {problem}\n")
        return 2
    import gc

    gc.disable()  # until the window is ready: see pmdesk.views.app.collect_garbage_from_now_on
    from pmdesk.storage.door import StorageDoor
    from pmdesk.views.app import run

    return run(StorageDoor.at, db=args.db, smoke_test=args.smoke_test, started=STARTED)


def _no_display() -> str | None:
    """Why no window can open here, checked before Qt (whose own abort blames a missing library)."""
    if sys.platform in ("win32", "darwin"):
        return None
    if any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return (
        "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); start it "
        "from a desktop session, or headless with QT_QPA_PLATFORM=offscreen, or use a command "
        "(pmdesk --help)"
    )


def gui_main() -> int:
    return main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
