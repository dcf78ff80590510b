"""The review as Markdown: the same lines as the window, bars for the rates, a table per month."""

from __future__ import annotations

from pmdesk.report.markdown import cell, escape, table
from pmdesk.review.figures import MEASURES, Review
from pmdesk.review.period import month_name, short_date
from pmdesk.review.words import Line, leadership_warning, minutes_text, sections

# Ids shown in a cell; the rest are counted.
_IDS_SHOWN = 12
_BAR = 10


def bar(share: float | None) -> str:
    """'███████░░░' for 0.7: a chart that survives any Markdown viewer."""
    if share is None:
        return ""
    filled = round(max(0.0, min(1.0, share)) * _BAR)
    return "█" * filled + "░" * (_BAR - filled)


def ids_text(ids: tuple[int, ...], limit: int = _IDS_SHOWN) -> str:
    shown = ", ".join(f"#{i}" for i in ids[:limit])
    more = len(ids) - limit
    return shown + (f" and {more} more" if more > 0 else "") if ids else "–"


def _row(line: Line) -> list[str]:
    label = cell(line.label) + (f" <br>*{cell(line.note)}*" if line.note else "")
    value = line.value.replace("|", "\\|") or "–"
    value += f" `{bar(line.share)}`" if line.share is not None else ""
    return [label, value, ids_text(line.ids)]


def render_markdown(review: Review) -> str:
    out = [
        f"# Postmortem review: {escape(review.period.label)}",
        "",
        f"*{len(review.postmortems)} postmortems with an incident date in the range; "
        f"made by pmdesk on {short_date(review.today)}. "
        "Numbers after # are postmortem ids (`pmdesk list`).*",
        "",
    ]
    warning = leadership_warning(review)
    if warning:
        out += [f"> **For leadership:** {escape(warning)}", ""]
    for section in sections(review):
        out += [f"## {section.title}", "", f"*{escape(section.intro)}*", ""]
        if section.key == "months":
            out += [*_months_table(review), ""]
            continue
        for group in section.groups:
            out += [f"### {group.title}", ""]
            if not group.lines:
                out += ["None.", ""]
                continue
            out += table(["Figure", "Value", "Postmortems"], [_row(line) for line in group.lines])
            out.append("")
    out += ["## Postmortems in this review", ""]
    if review.postmortems:
        rows = [
            [
                f"#{ref.id}",
                ref.day.isoformat() if ref.day else "–",
                cell(ref.title or "Untitled"),
                ref.kind.label,
                ref.severity.value,
                ref.status.label,
            ]
            for ref in review.postmortems.values()
        ]
        out += table(["Id", "Date", "Title", "Kind", "Severity", "Status"], rows)
    else:
        out.append("No postmortems have an incident date in this range.")
    return "\n".join(out).rstrip() + "\n"


def _months_table(review: Review) -> list[str]:
    rows = []
    for month in review.months:
        rows.append(
            [month_name(month.year, month.month)]
            + [minutes_text(month.medians[key][0]) for key, _ in MEASURES]
            + [ids_text(month.ids)]
        )
    return table(["Month", *(label for _, label in MEASURES), "Postmortems"], rows)
