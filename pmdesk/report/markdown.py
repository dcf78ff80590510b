"""The report as GitHub-flavoured Markdown, for wikis (Confluence, Notion), git and chat.

Same sections as the PDF, from the same content module. Everything people wrote is escaped, so a
'*', '<b>' or '|' in a timeline entry shows up as typed instead of turning into formatting or
breaking a table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from pmdesk.meeting import total_line
from pmdesk.model import Postmortem
from pmdesk.report import around, content
from pmdesk.report.language_check import flagged

_SPECIAL = re.compile(r"([\\`*_\[\]<>~])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


def _escape_line(line: str) -> str:
    # Leading spaces could turn a line into a code block; they carry no meaning here.
    line = line.strip()
    line = _ENTITY.sub(r"\\&", _SPECIAL.sub(r"\\\1", line))
    match = _LINE_START.match(line)
    if match:
        lead, mark = match.group(1), match.group(2)
        if mark[0].isdigit():
            rest = line[match.end() :]
            line = f"{lead}{mark}\\{rest}"
        else:
            line = f"{lead}\\{line[len(lead) :]}"
    return line


def escape(text: str) -> str:
    """Inline Markdown for user text; line breaks kept as hard breaks."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\\\n".join(_escape_line(line) for line in lines)


def cell(text: str) -> str:
    """A table cell: escaped, pipes escaped, line breaks as <br>; never empty."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    escaped = "<br>".join(_escape_line(line.strip()) for line in lines)
    return escaped.replace("|", "\\|") or " "


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A GFM table; every cell is expected to be escaped with `cell` already."""
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _texts(text: str) -> list[str]:
    """Paragraphs, lists and code blocks, separated by blank lines; list items on consecutive
    lines."""
    lines: list[str] = []
    for group in _groups(content.blocks(text)):
        if lines:
            lines.append("")
        first = group[0]
        if first.code:
            lines += _fenced(first)
        elif first.bullet:
            lines += ["- " + escape(b.text) for b in group]
        elif first.numbered:
            lines += _numbered(group)
        else:
            lines.append(escape(first.text))
    return lines


def _groups(found: list[content.Block]) -> list[list[content.Block]]:
    """Consecutive items of one kind of list together; every other block alone."""
    groups: list[list[content.Block]] = []
    for block in found:
        previous = groups[-1][-1] if groups else None
        same_list = (
            previous is not None
            and not block.code
            and not previous.code
            and ((block.bullet and previous.bullet) or (block.numbered and previous.numbered))
        )
        if same_list:
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def _numbered(items: list[content.Block]) -> list[str]:
    """Numbered items with the numbers as typed.

    Counting on from the first number (2, 3, 4) is what a Markdown list shows, so that is one;
    any other numbering ("2.", "10.") would be renumbered by a list, so it is written as lines
    of text with the numbers kept.
    """
    numbers = [int(b.marker[:-1]) for b in items]
    delimiters = {b.marker[-1] for b in items}
    counting = len(delimiters) == 1 and numbers == list(range(numbers[0], numbers[0] + len(items)))
    if counting:
        return [f"{b.marker} {escape(b.text)}" for b in items]
    lines = [escape(f"{b.marker} {b.text}") for b in items]
    # A backslash at a line end is a hard line break: the items stay one per line.
    return [line + "\\" for line in lines[:-1]] + lines[-1:]


def _fenced(block: content.Block) -> list[str]:
    """A fenced code block, its fence longer than any run of fence characters inside.

    What followed the opening fence ("bash") is also a caption above it, as in the PDF: a wiki
    uses it only to colour the code and shows none of it.
    """
    mark = "~" if "`" in block.info else "`"
    longest = max((len(run) for run in re.findall(f"{re.escape(mark)}+", block.text)), default=0)
    fence = mark * max(3, longest + 1)
    info = block.info.replace("\n", " ")
    caption = [f"*{escape(info)}*"] if info else []
    return [*caption, fence + info, *block.text.split("\n"), fence]


def _section(name: str, body: list[str]) -> list[str]:
    return ["", f"## {name}", "", *body] if body else []


def _interviews(pm: Postmortem) -> list[str]:
    from pmdesk.report import interview_notes

    body: list[str] = []
    for record in interview_notes.records(pm):
        body += [f"### {escape(record.person)}", ""]
        body += [f"- **{label}:** {escape(value)}" for label, value in record.facts]
        body += ["", *(_texts(record.notes) or ["*No notes.*"]), ""]
    if not body:
        return []
    return _section(interview_notes.HEADING, [f"*{interview_notes.INTRO}*", "", *body[:-1]])


def render_markdown(
    pm: Postmortem,
    *,
    generated: datetime | None = None,
    language_check: bool = True,
    related_links: Mapping[int, str] | None = None,
    include_interviews: bool = False,
) -> str:
    """The whole report as Markdown text ending in a newline.

    language_check: end with how many flagged phrases remain. A published folder of thousands
    leaves it out (the check costs more than the rest of the page), as the published site does.
    related_links: where a related postmortem's page is, by its id (a published folder).
    include_interviews: add the private interview notes (only when the facilitator asked).
    """
    related_links = related_links or {}
    when = generated if generated is not None else datetime.now().astimezone()
    out: list[str] = [f"# {escape(content.heading_title(pm))}", ""]
    full = content.full_title(pm)
    if full is not None:
        out += [f"Full title: {escape(full)}", ""]
    out += [f"- **{f.label}:** {escape(f.value)}" for f in content.header_facts(pm)]

    out += _section("Summary", _texts(pm.summary))

    view = content.timeline(pm)
    if view.rows:
        body: list[str] = []
        measures = content.key_durations(pm)
        if measures:
            body += [f"- **{m.label}:** {escape(m.text)}" for m in measures]
            body.append("")
        rows: list[list[str]] = []
        for row in view.rows:
            event = cell(row.text)
            for label, value in row.discussion:
                event += f"<br>*{label}:* {cell(value)}"
            rows.append([row.time, event, cell(row.source), cell(row.marker)])
        body += table([view.time_heading, "Event", "Source", "Marker"], rows)
        out += _section("Timeline", body)

    quotes: list[str] = []
    for text in content.findings(pm):
        quotes += ["> “" + escape(text).replace("\n", "\n> ") + "”", ""]
    out += _section("What we heard", quotes[:-1])

    factor_lines: list[str] = []
    for question, items in content.factor_groups(pm):
        factor_lines += [f"### {question.label}", ""]
        for nf in items:
            lead = f"{nf.number}. "
            pad = " " * len(lead)
            factor_lines.append(lead + escape(nf.text).replace("\\\n", "\\\n" + pad))
            for i, why in enumerate(nf.whys, start=1):
                inner = pad + " " * len(f"{i}. ")
                factor_lines.append(f"{pad}{i}. " + escape(why).replace("\\\n", "\\\n" + inner))
            if nf.event_times:
                # The blank line ends the why list, so this is not read as part of the last why.
                times = ", ".join(nf.event_times)
                factor_lines += ["", f"{pad}*Related events: {times}*"]
        factor_lines.append("")
    out += _section("Contributing factors", factor_lines[:-1])

    actions = content.sorted_actions(pm.actions)
    if actions:
        numbers = content.factor_numbers(pm)
        rows = []
        for a in actions:
            description = cell(content.action_description(a))
            number = numbers.get(a.factor_id or "")
            if number is not None:
                description += f"<br>*Addresses factor {number}*"
            rows.append(
                [
                    a.type.label,
                    description,
                    cell(content.action_owner(a)),
                    content.action_deadline(a),
                    cell(content.action_status(a)),
                ]
            )
        out += _section(
            "Action items",
            [
                "In priority order: Prevent stops this failure recurring, Detect catches it "
                "sooner, Mitigate makes it hurt less.",
                "",
                *table(["Type", "Action", "Owner", "Deadline", "Status"], rows),
            ],
        )

    out += _section("Lessons learned", _texts(pm.lessons))
    linked = content.related(pm)
    if linked:
        bullets = []
        for link, named in linked:
            href = related_links.get(link.postmortem_id) if link.postmortem_id else None
            bullets.append(f"- [{escape(named)}]({href})" if href else f"- {escape(named)}")
        out += _section("Related postmortems", [content.RELATED_INTRO, "", *bullets])

    people = content.attendees(pm)
    if people:
        rows = [
            [
                cell(content.attendee_name(p)) + (" (facilitator)" if p.facilitator else ""),
                cell(p.role.strip()),
                p.involvement.label,
            ]
            for p in people
        ]
        out += _section("Attendees", table(["Name", "Role", "Involvement"], rows))

    outcomes = content.meeting_outcomes(pm)
    if outcomes:
        body = []
        if pm.meeting_at is not None:
            body += [f"Review held {content.moment(pm.meeting_at)}.", ""]
        body += table(
            ["Phase", "Planned", "Actual"],
            [
                [cell(o.name), f"{o.planned_minutes} min", cell(content.outcome_actual(o))]
                for o in outcomes
            ],
        )
        body += ["", f"**{total_line(outcomes)}**"]
        out += _section("Meeting record", body)

    out += around_sections(pm)
    if include_interviews:
        out += _interviews(pm)

    out += ["", "---", ""]
    phrases = flagged(pm) if language_check else []
    line = content.language_line(len(phrases)) if language_check else None
    if line is not None:
        out += [f"*{line}*", ""]
        notes = content.language_notes(phrases)
        out += [*(f"- {escape(note)}" for note in notes), ""] if notes else []
    out.append(f"*{content.generated_line(when)} with pmdesk*")
    return "\n".join(out) + "\n"


def around_sections(pm: Postmortem) -> list[str]:
    """The parking lot and the survey, each only when it has something."""
    out: list[str] = []
    parked = around.parking_lot(pm)
    if parked:
        rows = [[cell(p.text), cell(p.raised_in), cell(p.outcome)] for p in parked]
        out += _section(
            "Parking lot",
            [around.PARKING_LOT_INTRO, "", *table(["Point", "Raised in", "Outcome"], rows)],
        )
    lead, averages, changes = around.survey_lines(pm)
    if lead:
        body = [lead, "", *table(["Question", "Average"], [[cell(q), a] for q, a in averages])]
        if changes:
            body += ["", f"**{around.SURVEY_CHANGES_HEADING}:**", ""]
            body += ["- " + escape(c) for c in changes]
        out += _section("Survey", body)
    return out


def render_pre_read_markdown(pm: Postmortem, *, generated: datetime | None = None) -> str:
    """The pre-read: the open questions, the ground rules, the plan, and the draft timeline with
    its durations. Never the notes, the factors or the actions: the room works those out."""
    when = generated if generated is not None else datetime.now().astimezone()
    out: list[str] = [f"# Pre-read: {escape(content.heading_title(pm))}", ""]
    out += [escape(around.pre_read_when(pm)), "", escape(around.PRE_READ_LEAD)]
    questions = around.open_questions(pm)
    out += _section(
        "Open questions",
        [f"{n}. {escape(q)}" for n, q in enumerate(questions, start=1)]
        or ["None yet: bring your own."],
    )
    lead, *rules = around.ground_rules()
    out += _section("Ground rules", [escape(lead), "", *("- " + escape(r) for r in rules)])
    rows = [[cell(name), minutes] for name, minutes in around.agenda(pm)]
    out += _section(
        "The meeting", [*table(["Phase", "Planned"], rows), "", f"*{around.agenda_total(pm)}*"]
    )
    view = content.timeline(pm)
    body: list[str] = []
    measures = content.key_durations(pm)
    if measures:
        body += [f"- **{m.label}:** {escape(m.text)}" for m in measures] + [""]
    if view.rows:
        rows = [[r.time, cell(r.text), cell(r.source), cell(r.marker)] for r in view.rows]
        body += table([view.time_heading, "Event", "Source", "Marker"], rows)
    else:
        body.append("The timeline is still empty.")
    out += _section("Draft timeline", body)
    out += ["", "---", "", f"*{content.generated_line(when)} with pmdesk*"]
    return "\n".join(out) + "\n"
