"""One postmortem's page of the published site.

The sections and their wording come from pmdesk.report.content, as in the PDF and Markdown
reports: what happened, the timeline with its chart and durations, what the room heard, the
contributing factors with their whys, the action items, the lessons and who took part.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from pmdesk.model import Postmortem, Question
from pmdesk.publish.entries import Entry, anchor
from pmdesk.publish.layout import esc, free_text, lines, page, severity_badge, text
from pmdesk.publish.svg import timeline_svg
from pmdesk.report import content


def _section(name: str, body: str, ident: str) -> str:
    return f'<section id="{ident}"><h2>{name}</h2>\n{body}\n</section>' if body else ""


def _chips(values: tuple[str, ...], index: str, prefix: str) -> str:
    return " ".join(
        f'<a class="chip" href="../{index}#{anchor(prefix, v)}" dir="auto">{esc(v)}</a>'
        for v in values
    )


def _facts(pm: Postmortem, entry: Entry) -> str:
    rows: list[str] = []
    for fact in content.header_facts(pm):
        if fact.label == "Severity":
            value = f"{severity_badge(entry.severity)} {esc(fact.value.partition(' - ')[2])}"
        elif fact.label == "Services":
            value = _chips(entry.services, "services.html", "svc")
        elif fact.label == "Tags":
            value = _chips(entry.tags, "tags.html", "tag")
        else:
            value = f'<span dir="auto">{esc(fact.value)}</span>'
        rows.append(f"<div><dt>{esc(fact.label)}</dt><dd>{value}</dd></div>")
    return '<dl class="facts">' + "".join(rows) + "</dl>"


def _timeline(pm: Postmortem) -> str:
    view = content.timeline(pm)
    if not view.rows:
        return ""
    out: list[str] = []
    measures = content.key_durations(pm)
    if measures:
        out.append(
            '<dl class="durations">'
            + "".join(
                f'<div><dt>{esc(m.label)}</dt><dd class="{"" if m.value is not None else "missing"}">'
                f"{esc(m.text)}</dd></div>"
                for m in measures
            )
            + "</dl>"
        )
    out.append(f'<figure class="chart-box">{timeline_svg(pm.timeline, view)}</figure>')
    rows: list[str] = []
    for row in view.rows:
        said = "".join(
            f'<div class="said"><b>{esc(label)}:</b> <span dir="auto">{lines(value)}</span></div>'
            for label, value in row.discussion
        )
        marker = f'<span class="marker">{esc(row.marker)}</span>' if row.marker else ""
        rows.append(
            ('<tr class="milestone">' if row.marker else "<tr>")
            + f'<td class="time">{esc(row.time)}</td>'
            f'<td><div dir="auto">{lines(row.text)}</div>{said}</td>'
            f'<td class="source" dir="auto">{esc(row.source)}</td><td class="mark">{marker}</td></tr>'
        )
    out.append(
        '<div class="table-wrap"><table class="timeline"><thead><tr>'
        f"<th>{esc(view.time_heading)}</th><th>Event</th><th>Source</th><th>Marker</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>"
    )
    return "\n".join(out)


Groups = list[tuple[Question, list[content.NumberedFactor]]]


def _factors(groups: Groups) -> str:
    out: list[str] = []
    for question, items in groups:
        out.append(f"<h3>{esc(question.label)}</h3>")
        out.append('<ol class="factors">')
        for nf in items:
            whys = ""
            if nf.whys:
                whys = (
                    '<ol class="whys">'
                    + "".join(f'<li dir="auto">{lines(w)}</li>' for w in nf.whys)
                    + "</ol>"
                )
            related = ""
            if nf.event_times:
                related = f'<p class="related">Related events: {esc(", ".join(nf.event_times))}</p>'
            out.append(
                f'<li value="{nf.number}" id="factor-{nf.number}">'
                f'<p dir="auto">{lines(nf.text)}</p>{whys}{related}</li>'
            )
        out.append("</ol>")
    return "\n".join(out)


def _actions(pm: Postmortem, groups: Groups) -> str:
    actions = content.sorted_actions(pm.actions)
    if not actions:
        return ""
    numbers = {nf.factor.id: nf.number for _, items in groups for nf in items}
    rows: list[str] = []
    for a in actions:
        number = numbers.get(a.factor_id or "")
        addresses = (
            f'<div class="related"><a href="#factor-{number}">Addresses factor {number}</a></div>'
            if number is not None
            else ""
        )
        rows.append(
            f'<tr><td data-label="Type"><span class="type type-{a.type.value}">'
            f"{esc(a.type.label)}</span></td>"
            f'<td data-label="Action"><div dir="auto">{lines(content.action_description(a))}'
            f"</div>{addresses}</td>"
            f'<td data-label="Owner" dir="auto">{esc(content.action_owner(a))}</td>'
            f'<td data-label="Deadline">{esc(content.action_deadline(a))}</td>'
            f'<td data-label="Status" class="status-{a.status.value}" dir="auto">'
            f"{esc(content.action_status(a))}</td></tr>"
        )
    return (
        '<p class="note">In priority order: Prevent stops this failure recurring, Detect catches '
        "it sooner, Mitigate makes it hurt less.</p>"
        '<table class="actions"><thead><tr><th>Type</th><th>Action</th><th>Owner</th>'
        "<th>Deadline</th><th>Status</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _people(pm: Postmortem) -> str:
    people = content.attendees(pm)
    if not people:
        return ""
    items = "".join(
        f"<li>{text(content.attendee_name(p), 'b')}"
        + (" (facilitator)" if p.facilitator else "")
        + (f" · {text(p.role.strip())}" if p.role.strip() else "")
        + f' <span class="muted">{esc(p.involvement.label)}</span></li>'
        for p in people
    )
    return f'<ul class="people">{items}</ul>'


def _related(pm: Postmortem, pages: Mapping[int, str]) -> str:
    items = []
    for link, line in content.related(pm):
        page_name = pages.get(link.postmortem_id) if link.postmortem_id is not None else None
        if page_name is not None:
            items.append(f'<li><a href="{esc(quote(page_name))}" dir="auto">{esc(line)}</a></li>')
        else:
            items.append(
                f'<li><span dir="auto">{esc(line)}</span> <span class="muted">not published</span></li>'
            )
    if not items:
        return ""
    return f'<p class="note">{esc(content.RELATED_INTRO)}</p><ul class="related-pms">{"".join(items)}</ul>'


def render_page(pm: Postmortem, entry: Entry, pages: Mapping[int, str] | None = None) -> bytes:
    """The postmortem's page, to be written at pm/<entry.stem>.html. pages: the published
    pages by postmortem id (in the same folder), for the links to related postmortems."""
    heard = "".join(f'<blockquote dir="auto">{lines(t)}</blockquote>' for t in content.findings(pm))
    full = content.full_title(pm)
    groups = content.factor_groups(pm)
    body = [
        '<article class="postmortem">',
        f'<p class="kind">{esc(content.document_kind(pm))}</p>',
        text(entry.title, "h1"),
        text(full, "p", "full-title") if full is not None else "",
        _facts(pm, entry),
        _section("Summary", free_text(pm.summary), "summary"),
        _section("Timeline", _timeline(pm), "timeline"),
        _section("What we heard", heard, "heard"),
        _section("Contributing factors", _factors(groups), "factors"),
        _section("Action items", _actions(pm, groups), "actions"),
        _section("Lessons learned", free_text(pm.lessons), "lessons"),
        _section("Related postmortems", _related(pm, pages or {}), "related"),
        _section("Attendees", _people(pm), "attendees"),
        '<footer class="page-end"><a href="../index.html">All postmortems</a>'
        + (
            f" · Last changed {esc(content.long_date(pm.updated_at.date()))}"
            if pm.updated_at is not None
            else ""
        )
        + "</footer>",
        "</article>",
    ]
    return page(entry.title, "\n".join(b for b in body if b), depth=1)
