"""The site's index pages (by date, severity, service and tag), its search page and the search
index, all from the entries gathered while the postmortem pages were written.

The search index is a script that sets one variable rather than a JSON file read with fetch():
browsers refuse fetch() on file:// pages, and the site must work opened straight from a folder.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable

from pmdesk.model import Kind, SeverityLevel, Status
from pmdesk.publish.entries import Entry, anchor, newest_first
from pmdesk.publish.layout import esc, page, severity_badge, text

SEARCH_INDEX = "assets/search-index.js"
SEARCH_SCRIPT = "assets/search.js"
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _row(entry: Entry) -> str:
    meta = [
        f'<time datetime="{entry.iso_date}">{esc(entry.date_text)}</time>'
        if entry.when is not None
        else '<span class="muted">No date yet</span>',
        severity_badge(entry.severity),
    ]
    if entry.kind != Kind.INCIDENT.value:
        meta.append(esc(Kind(entry.kind).label))
    if entry.services:
        meta.append(text(", ".join(entry.services), cls="services"))
    meta.append(
        f'<span class="status status-{esc(entry.status)}">{esc(Status(entry.status).label)}</span>'
    )
    return (
        f'<li><a href="pm/{esc(entry.stem)}.html" dir="auto">{esc(entry.title)}</a>'
        f'<div class="meta">{" · ".join(meta)}</div></li>'
    )


def _list(entries: list[Entry]) -> str:
    return '<ul class="pm-list">' + "".join(_row(e) for e in entries) + "</ul>"


def _intro(entries: list[Entry], what: str) -> str:
    if not entries:
        return '<p class="empty">Nothing is published yet.</p>'
    return f'<p class="lead">{_plural(len(entries), "postmortem")}, {what}.</p>'


def by_date(entries: list[Entry]) -> bytes:
    ordered = newest_first(entries)
    groups: dict[str, list[Entry]] = defaultdict(list)
    for e in ordered:
        key = f"{_MONTHS[e.when.month - 1]} {e.when.year}" if e.when is not None else "No date yet"
        groups[key].append(e)
    counts: dict[str, int] = defaultdict(int)
    for e in entries:
        counts[e.severity] += 1
    overview = " ".join(
        f'<a href="severity.html#{level.value.lower()}">{severity_badge(level.value)} '
        f"{counts[level.value]}</a>"
        for level in SeverityLevel
        if counts[level.value]
    )
    body = [
        "<h1>Postmortems by date</h1>",
        _intro(entries, "newest first"),
        f'<p class="overview">{overview}</p>' if overview else "",
    ]
    for month, items in groups.items():
        body.append(f'<section><h2>{esc(month)} <span class="count">{len(items)}</span></h2>')
        body.append(_list(items) + "</section>")
    return page("Postmortems by date", "\n".join(body), current="index.html")


def by_severity(entries: list[Entry]) -> bytes:
    ordered = newest_first(entries)
    body = ["<h1>Postmortems by severity</h1>", _intro(entries, "most severe first")]
    for level in SeverityLevel:
        items = [e for e in ordered if e.severity == level.value]
        if items:
            body.append(
                f'<section id="{level.value.lower()}"><h2>{esc(level.label)} '
                f'<span class="count">{len(items)}</span></h2>{_list(items)}</section>'
            )
    return page("Postmortems by severity", "\n".join(body), current="severity.html")


def _grouped(
    entries: list[Entry], names: Callable[[Entry], tuple[str, ...]], prefix: str, noun: str
) -> str:
    """Sections per name (a service or a tag), with a list of the names to jump to first."""
    ordered = newest_first(entries)
    groups: dict[str, list[Entry]] = {}
    shown: dict[str, str] = {}
    for e in ordered:
        for name in dict.fromkeys(names(e)):
            key = name.casefold()
            shown.setdefault(key, name)
            groups.setdefault(key, []).append(e)
    keys = sorted(groups, key=lambda k: (k, shown[k]))
    if not keys:
        return f'<p class="empty">No published postmortem names a {noun} yet.</p>'
    jump = "".join(
        f'<li><a class="chip" href="#{anchor(prefix, shown[k])}" dir="auto">{esc(shown[k])}'
        f' <span class="count">{len(groups[k])}</span></a></li>'
        for k in keys
    )
    body = [f'<ul class="jump">{jump}</ul>']
    for k in keys:
        body.append(
            f'<section id="{anchor(prefix, shown[k])}"><h2><span dir="auto">{esc(shown[k])}</span>'
            f' <span class="count">{len(groups[k])}</span></h2>{_list(groups[k])}</section>'
        )
    return "\n".join(body)


def by_service(entries: list[Entry]) -> bytes:
    body = "<h1>Postmortems by service</h1>\n" + _grouped(
        entries, lambda e: e.services, "svc", "service"
    )
    return page("Postmortems by service", body, current="services.html")


def by_tag(entries: list[Entry]) -> bytes:
    body = "<h1>Postmortems by tag</h1>\n" + _grouped(entries, lambda e: e.tags, "tag", "tag")
    return page("Postmortems by tag", body, current="tags.html")


def search_page() -> bytes:
    severities = "".join(
        f'<option value="{level.value}">{esc(level.label)}</option>' for level in SeverityLevel
    )
    body = f"""<h1>Search</h1>
<form id="search-form" class="search-page" role="search">
<input id="q" type="search" name="q" placeholder="Words from any part of a postmortem"
 aria-label="Search words" autocomplete="off" autofocus>
<select id="severity" name="severity" aria-label="Severity">
<option value="">Any severity</option>{severities}</select>
</form>
<p id="search-count" class="lead" aria-live="polite"></p>
<ul id="results" class="pm-list"></ul>
<noscript><p class="empty">Searching needs JavaScript. The indexes by date, severity, service
and tag above work without it.</p></noscript>"""
    return page(
        "Search postmortems", body, current="search.html", scripts=(SEARCH_INDEX, SEARCH_SCRIPT)
    )


def search_index(entries: list[Entry]) -> bytes:
    """The entries as one JavaScript assignment, newest first."""
    rows = [
        [
            e.stem,
            e.title,
            e.iso_date,
            e.date_text if e.when is not None else "",
            e.severity,
            Status(e.status).label,
            Kind(e.kind).label,
            list(e.services),
            list(e.tags),
            e.summary,
            e.words,
        ]
        for e in newest_first(entries)
    ]
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    # "</" cannot end a script element this way, should the file ever be inlined.
    data = data.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.PMDESK_SEARCH = {data};\n".encode()
