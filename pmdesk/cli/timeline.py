"""`pmdesk import-timeline` and `contribution-sheet`: timeline events in from files, and the
sheet an attendee fills in and sends back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pmdesk.cli.common import UsageError, open_repository, postmortem_id

if TYPE_CHECKING:
    import argparse

FORMATS = (
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
)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the commands' parsers, in the order `pmdesk --help` lists them."""
    timeline = commands.add_parser(
        "import-timeline",
        help="add timeline events to a postmortem from CSV, JSON, Slack, PagerDuty, Opsgenie, "
        "Alertmanager or Statuspage",
    )
    timeline.add_argument("id", type=postmortem_id, help="the postmortem's id (see `pmdesk list`)")
    timeline.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="the file(s) to import, e.g. returned contribution sheets "
        "(formats: resources/samples/timeline/)",
    )
    timeline.add_argument("--format", dest="fmt", choices=FORMATS)
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
    timeline.set_defaults(run=_cmd_import_timeline)

    sheet = commands.add_parser(
        "contribution-sheet",
        help="write the timeline as a sheet for one attendee to add to (import it back with "
        "import-timeline)",
    )
    sheet.add_argument("id", type=postmortem_id, help="the postmortem's id (see `pmdesk list`)")
    sheet.add_argument("--for", dest="name", required=True, help="the attendee's name")
    sheet.add_argument("--text", action="store_true", help="a plain-text form instead of CSV")
    sheet.add_argument("-o", "--output", required=True, help="the file to write ('-': stdout)")
    sheet.set_defaults(run=_cmd_contribution_sheet)


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
