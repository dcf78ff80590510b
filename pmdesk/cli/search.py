"""`pmdesk search QUERY`: every postmortem that matches, best first, with the words in context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from pmdesk.cli.common import UsageError, at_least_one, open_repository, postmortem_id

if TYPE_CHECKING:
    import argparse

    from pmdesk.search import SearchHit


_limit = at_least_one("{value!r} is not a number of results (1 or more)")


def register(commands: argparse._SubParsersAction[Any]) -> None:
    search = commands.add_parser(
        "search",
        help='search every postmortem (words, "phrases", pay*, service:, tag:, severity:, ...)',
        description=(
            'Words must all appear (stemmed: "timeouts" finds "timeout"); "a phrase" in '
            "order; pay* any word that starts so. Filters: service:NAME tag:NAME "
            "severity:SEV1 kind:incident|near_miss|security status:draft|reviewed|published "
            "before:DATE after:DATE (YYYY-MM-DD, YYYY-MM or YYYY); a,b means either. "
            "Exits 1 when nothing matches."
        ),
    )
    search.add_argument("query", nargs="+", metavar="QUERY", help="what to look for")
    search.add_argument("--json", action="store_true", help="print JSON instead of a list")
    search.add_argument(
        "--limit", type=_limit, default=20, metavar="N", help="show at most N (default 20)"
    )
    search.add_argument("--trash", action="store_true", help="search the trash instead")
    search.set_defaults(run=_cmd_search)

    related = commands.add_parser(
        "related",
        help="the postmortems linked as related to one, and those like it (Seen before)",
        description=(
            "Lists the postmortems linked as related to this one, then the others that share "
            "a service or tag with it or read alike, each with why it matched."
        ),
    )
    related.add_argument("id", type=postmortem_id, help="the postmortem's id (see `pmdesk list`)")
    related.add_argument("--json", action="store_true", help="print JSON instead of a list")
    related.add_argument(
        "--limit", type=_limit, default=10, metavar="N", help="show at most N alike (default 10)"
    )
    related.set_defaults(run=_cmd_related)


def _cmd_search(args: argparse.Namespace, out: TextIO) -> int:
    import sys

    from pmdesk.search import QueryError, parse

    text = " ".join(args.query)
    try:
        query = parse(text)
    except QueryError as exc:
        raise UsageError(f"search: {exc}") from exc
    if query.empty:
        raise UsageError("search: give words or filters to look for (see `pmdesk search --help`)")
    repo = open_repository(args.db, read_only=True)
    results = repo.search(query, trash=args.trash, limit=args.limit)
    if results.note:
        sys.stderr.write(f"pmdesk: {results.note}\n")
    if args.json:
        _write_json(results.hits, out)
    elif results.hits:
        _write_list(results.hits, out, bold=out.isatty())
    else:
        where = "the trash" if args.trash else "the library"
        sys.stderr.write(f"pmdesk: nothing in {where} matches {text!r}\n")
    return 0 if results.hits else 1


def _write_json(hits: list[SearchHit], out: TextIO) -> None:
    import json

    from pmdesk.search import render_marks

    rows = [
        {
            "id": hit.entry.id,
            "title": hit.entry.title,
            "score": round(hit.score, 6),
            "snippet": render_marks(hit.snippet, "**", "**"),
            "incident_date": hit.entry.incident_date.isoformat()
            if hit.entry.incident_date
            else None,
            "severity": hit.entry.severity,
            "status": hit.entry.status,
            "kind": hit.entry.kind,
        }
        for hit in hits
    ]
    json.dump(rows, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _write_list(hits: list[SearchHit], out: TextIO, *, bold: bool) -> None:
    from pmdesk.search import render_marks

    start, end = ("\x1b[1m", "\x1b[0m") if bold else ("**", "**")
    out.write(f"{'ID':>5}  {'DATE':<10}  {'SEV':<4}  {'STATUS':<9}  TITLE\n")
    for hit in hits:
        e = hit.entry
        when = e.incident_date.strftime("%Y-%m-%d") if e.incident_date else "-"
        out.write(
            f"{e.id:>5}  {when:<10}  {e.severity:<4}  {e.status:<9}  {e.title or 'Untitled'}\n"
        )
        if hit.snippet:
            out.write(f"{'':>5}  {render_marks(hit.snippet, start, end)}\n")


def _cmd_related(args: argparse.Namespace, out: TextIO) -> int:
    from pmdesk.database import NotFound
    from pmdesk.seen_before import SeenBefore, profile_of

    repo = open_repository(args.db, read_only=True)
    try:
        pm = repo.load(args.id)
    except NotFound as exc:
        raise UsageError(f"{exc} (`pmdesk list` shows the ids)") from exc
    matches = SeenBefore(repo).matches(profile_of(pm), limit=args.limit)
    if args.json:
        import json

        data = {
            "related": [
                {
                    "id": link.postmortem_id,
                    "title": link.title,
                    "date": link.incident_day.isoformat() if link.incident_day else None,
                }
                for link in pm.related
            ],
            "seen_before": [
                {
                    "id": m.entry.id,
                    "title": m.entry.title,
                    "score": m.score,
                    "reason": m.reason,
                    "incident_date": m.entry.incident_date.isoformat()
                    if m.entry.incident_date
                    else None,
                    "severity": m.entry.severity,
                    "status": m.entry.status,
                }
                for m in matches
            ],
        }
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    out.write("Linked as related:\n")
    for link in pm.related:
        shown = f"{link.postmortem_id:>5}" if link.postmortem_id is not None else f"{'-':>5}"
        when = link.incident_day.isoformat() if link.incident_day else "-"
        out.write(f"{shown}  {when:<10}  {link.title}\n")
    if not pm.related:
        out.write("  (none)\n")
    out.write("\nSeen before:\n")
    for m in matches:
        e = m.entry
        when = e.incident_date.strftime("%Y-%m-%d") if e.incident_date else "-"
        out.write(f"{e.id:>5}  {when:<10}  {e.severity:<4}  {e.title or 'Untitled'}\n")
        out.write(f"{'':>5}  {m.reason}\n")
    if not matches:
        out.write("  (nothing alike)\n")
    return 0
