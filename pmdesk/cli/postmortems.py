"""`pmdesk list`, `export` and `import`: postmortems in and out of the database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pmdesk.cli.common import UsageError, open_repository, postmortem_id, write_output

if TYPE_CHECKING:
    import argparse


def export_formats() -> list[str]:
    return ["pdf", "md", "json"]


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the commands' parsers, in the order `pmdesk --help` lists them."""
    listing = commands.add_parser("list", help="list the postmortems in the database")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.add_argument("--trash", action="store_true", help="list the trash instead")

    export = commands.add_parser("export", help="export one postmortem to a file")
    export.add_argument("id", type=postmortem_id, help="the postmortem's id (see `pmdesk list`)")
    export.add_argument(
        "--format",
        "-f",
        choices=export_formats(),
        help="default: from the output's name (.pdf, .md or .markdown, else json; the pre-read "
        "is pdf unless the name ends in .md)",
    )
    export.add_argument("-o", "--output", required=True, help="the file to write ('-': stdout)")
    export.add_argument(
        "--page-size", choices=("A4", "Letter"), default="A4", help="PDF page size (default A4)"
    )
    edition = export.add_mutually_exclusive_group()
    edition.add_argument(
        "--redacted",
        action="store_true",
        help="the edition safe to publish: names become roles; addresses, hosts, links, keys and "
        "listed terms become placeholders; restricted sections are left out (default for kind "
        "security)",
    )
    edition.add_argument(
        "--full", action="store_true", help="everything as written, even for kind security"
    )
    export.add_argument(
        "--terms",
        metavar="FILE",
        help="more terms for the redacted edition, on top of the team's list "
        "(redaction-terms.txt in pmdesk's data folder): one term or /pattern/ a line "
        "(account and ticket numbers, /SEC-\\d{4}/), '#' for comments",
    )
    export.add_argument(
        "--include-interview-notes",
        action="store_true",
        help="add the private notes of the interviews held before the meeting (left out unless "
        "asked; never in the redacted edition)",
    )

    export.add_argument(
        "--pre-read",
        action="store_true",
        help="the pre-read to send before the meeting (ground rules, the plan, the draft "
        "timeline with its durations, the open questions); records now as the time it went out",
    )

    importing = commands.add_parser("import", help="import postmortems from pmdesk JSON files")
    importing.add_argument("files", nargs="+", metavar="FILE")

    listing.set_defaults(run=_cmd_list)
    export.set_defaults(run=_cmd_export)
    importing.set_defaults(run=_cmd_import)


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


def format_for_output(output: str) -> str:
    """The export format a file name asks for: "report.pdf" is a PDF, "notes.md" Markdown."""
    suffix = output.rsplit(".", 1)[-1].lower() if "." in output.rsplit("/", 1)[-1] else ""
    return {"pdf": "pdf", "md": "md", "markdown": "md"}.get(suffix, "json")


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from pmdesk.database import NotFound

    if args.format is None:
        named = format_for_output(args.output)
        args.format = ("md" if named == "md" else "pdf") if args.pre_read else named

    repo = open_repository(args.db, read_only=True)
    try:
        pm = repo.load(args.id)
    except NotFound as exc:
        raise UsageError(f"{exc} (`pmdesk list` shows the ids)") from exc
    if args.pre_read:
        return _export_pre_read(args, out)
    from pmdesk.redaction import LeakFound, redacted_by_default, render_edition

    redacted = args.redacted or (redacted_by_default(pm) and not args.full)
    team_terms: list[str] = []
    if redacted:
        team_terms = [*_library_terms(), *(_team_terms(args.terms) if args.terms else [])]
    if args.full and redacted_by_default(pm):
        sys.stderr.write(
            "pmdesk: note: this is the full edition of a security postmortem: it names people, "
            "hosts and keys and holds its restricted sections. Keep it local; publish the "
            "default (redacted) edition.\n"
        )
    if args.include_interview_notes and redacted:
        raise UsageError(
            "the redacted edition never carries interview notes: export the full edition "
            "(--full) to include them"
        )
    try:
        data = render_edition(
            pm,
            args.format,
            redacted=redacted,
            page_size=args.page_size,
            team_terms=team_terms,
            include_interviews=args.include_interview_notes,
        ).data
    except LeakFound as exc:
        raise UsageError(str(exc)) from exc
    write_output(args.output, data, args.db, out)
    return 0


def _library_terms() -> list[str]:
    """The team's list in pmdesk's data folder (pmdesk.redaction.team)."""
    from pmdesk.redaction import TeamTermsError
    from pmdesk.redaction.team import load_team_terms

    try:
        return load_team_terms()
    except TeamTermsError as exc:
        raise UsageError(str(exc)) from exc


def _export_pre_read(args: argparse.Namespace, out: TextIO) -> int:
    """Write the pre-read, then record when it went out (the checklist measures the meeting
    against that time)."""
    from datetime import UTC, datetime

    from pmdesk.document import Document
    from pmdesk.operations.facilitation import record_pre_read_sent
    from pmdesk.report import render_pre_read

    if args.redacted or args.full or args.terms:
        raise UsageError(
            "the pre-read goes to the attendees as written: leave out --redacted, --full and "
            "--terms"
        )
    fmt = args.format or "pdf"
    if fmt == "json":
        raise UsageError("the pre-read is written as pdf or md: give --format pdf or --format md")
    repo = open_repository(args.db)
    pm = repo.load(args.id)
    write_output(args.output, render_pre_read(pm, fmt, page_size=args.page_size), args.db, out)
    doc = Document(pm)
    record_pre_read_sent(doc, datetime.now(UTC)).apply(doc)
    repo.save(pm, doc.take_dirty())
    return 0


def _team_terms(name: str) -> list[str]:
    from pmdesk.redaction import TeamTermsError, read_team_terms

    try:
        text = Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise UsageError(f"cannot read the terms file {name}: {reason}") from exc
    try:
        return read_team_terms(text, name)
    except TeamTermsError as exc:
        raise UsageError(str(exc)) from exc


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
    from pmdesk.operations.related import link_imported

    link_imported(repo, loaded)
    return 0
