"""The Markdown folder: one .md per postmortem and an index.md linking them, for wikis that
import a folder of Markdown (Confluence, Notion, GitHub and GitLab wikis, any git repository).

Each page is the Markdown report (pmdesk.report.markdown) under a YAML front matter block that
importers read as the page's properties. Front-matter values are written as JSON, which YAML
reads as it is, so no title can break the block. Links are relative and percent-encoded, so
they work wherever the folder is put.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import quote

from pmdesk.model import Postmortem, SeverityLevel, Status
from pmdesk.publish.entries import Entry, newest_first
from pmdesk.report.markdown import escape, render_markdown


def front_matter(pm: Postmortem, entry: Entry) -> str:
    fields: list[tuple[str, object]] = [
        ("title", entry.title),
        ("date", entry.iso_date or None),
        ("severity", entry.severity),
        ("services", list(entry.services)),
        ("tags", list(entry.tags)),
        ("status", entry.status),
        ("kind", entry.kind),
        ("pmdesk_id", entry.id),
    ]
    body = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields)
    return f"---\n{body}\n---\n\n"


def render_page(pm: Postmortem, entry: Entry, files: Mapping[int, str] | None = None) -> bytes:
    """The page; dated by the postmortem's last change, so an unchanged one reads the same.
    files: the published pages by postmortem id, for the links to related postmortems."""
    generated = pm.updated_at or pm.created_at or datetime(2000, 1, 1)
    links = {i: quote(name) for i, name in (files or {}).items()}
    text = front_matter(pm, entry) + render_markdown(
        pm, generated=generated, language_check=False, related_links=links
    )
    text += "\n[All postmortems](index.md)\n"
    return text.encode("utf-8")


def _link(entry: Entry) -> str:
    meta = [entry.date_text, entry.severity]
    if entry.services:
        meta.append(escape(", ".join(entry.services)))
    meta.append(Status(entry.status).label)
    return f"- [{escape(entry.title)}]({quote(entry.stem)}.md) · " + " · ".join(meta)


def _grouped(entries: list[Entry], names: str) -> list[str]:
    groups: dict[str, list[Entry]] = {}
    shown: dict[str, str] = {}
    for e in entries:
        for name in dict.fromkeys(getattr(e, names)):
            shown.setdefault(name.casefold(), name)
            groups.setdefault(name.casefold(), []).append(e)
    out: list[str] = []
    for key in sorted(groups):
        out += ["", f"### {escape(shown[key])} ({len(groups[key])})", ""]
        out += [_link(e) for e in groups[key]]
    return out


def render_index(entries: list[Entry]) -> bytes:
    ordered = newest_first(entries)
    out = ["# Postmortems", ""]
    if not ordered:
        out.append("Nothing is published yet.")
        return ("\n".join(out) + "\n").encode("utf-8")
    count = len(ordered)
    out.append(f"{count} postmortem{'s' if count != 1 else ''}, newest first.")
    out += ["", "## By date"]
    months: dict[str, list[Entry]] = defaultdict(list)
    for e in ordered:
        months[e.when.strftime("%Y-%m") if e.when else "No date yet"].append(e)
    for month, items in months.items():
        out += ["", f"### {month}", ""] + [_link(e) for e in items]
    out += ["", "## By severity"]
    for level in SeverityLevel:
        items = [e for e in ordered if e.severity == level.value]
        if items:
            out += ["", f"### {level.label} ({len(items)})", ""] + [_link(e) for e in items]
    services = _grouped(ordered, "services")
    if services:
        out += ["", "## By service", *services]
    tags = _grouped(ordered, "tags")
    if tags:
        out += ["", "## By tag", *tags]
    return ("\n".join(out) + "\n").encode("utf-8")
