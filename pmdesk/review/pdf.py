"""The review as a PDF to send around: the warning first, charts, then every figure in tables.

The same lines as the window and the Markdown (pmdesk.review.words), in the postmortem report's
fonts and colours, so any script in a title or an owner's name prints.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from pmdesk.model import ActionType
from pmdesk.report import fonts
from pmdesk.report.fonts import markup
from pmdesk.report.pdf.styles import (
    ACCENT,
    MUTED,
    Styles,
    hex_colour,
    named_page_size,
    table_style,
)
from pmdesk.review.charts import WARN, months_chart, rate_bars
from pmdesk.review.figures import MEASURES, Review
from pmdesk.review.markdown import ids_text
from pmdesk.review.period import month_name, short_date
from pmdesk.review.words import (
    Line,
    completion_text,
    leadership_warning,
    minutes_text,
    of,
    sections,
)

_MARGIN = 20 * mm
_WARN_TINT = HexColor("#fbeaea")
# Ids printed per figure (the rest are counted): a table row stays two lines at most.
_IDS_SHOWN = 6


class _Styles(Styles):
    """The report's type scale, its tables a step denser (the review is mostly tables), with what
    only the review prints: the period under the title, each section's introduction and the key
    figures."""

    def __init__(self) -> None:
        super().__init__()
        body = self.body
        self.title = ParagraphStyle("title", self.title, spaceAfter=2)
        # A long table starts under its title and runs on (headers repeated), not on a new page.
        self.h3 = ParagraphStyle("h3", self.h3, keepWithNext=0)
        self.cell = ParagraphStyle("cell", self.cell, fontSize=8, leading=10.5)
        self.sub = ParagraphStyle(
            "sub", body, fontSize=11, leading=15, textColor=MUTED, spaceAfter=10
        )
        self.intro = ParagraphStyle("intro", body, textColor=MUTED, spaceAfter=4)
        self.warn = ParagraphStyle("warn", body, spaceAfter=0)
        self.big = ParagraphStyle(
            "big",
            body,
            fontName=fonts.BOLD,
            fontSize=17,
            leading=20,
            textColor=ACCENT,
            spaceAfter=0,
        )


def render_review_pdf(review: Review, *, page_size: str = "A4") -> bytes:
    size = named_page_size(page_size)
    fonts.register_fonts()
    buffer = BytesIO()
    title = f"Postmortem review: {review.period.label}"
    doc = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        title=title,
        subject="Postmortem review",
        creator="pmdesk",
        author="",
        invariant=1,
    )
    width = size[0] - 2 * _MARGIN - 12  # the frame's own padding, 6 pt a side

    def footer(canvas: Canvas, doc_: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.BODY, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(_MARGIN, 10 * mm, f"{title} · page {doc_.page}")
        canvas.drawRightString(
            size[0] - _MARGIN, 10 * mm, f"Made {short_date(review.today)} with pmdesk"
        )
        canvas.restoreState()

    doc.build(_story(review, width, _Styles()), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _story(review: Review, width: float, s: _Styles) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph("Postmortem review", s.title),
        Paragraph(markup(review.period.label), s.sub),
    ]
    warning = leadership_warning(review)
    if warning:
        story += [_warning_box(warning, width, s), Spacer(1, 10)]
    story += [_key_figures(review, width, s), Spacer(1, 12)]
    story += _charts(review, width)
    for section in sections(review):
        story += [
            CondPageBreak(60 * mm),
            Paragraph(section.title, s.h2),
            Paragraph(markup(section.intro), s.intro),
        ]
        if section.key == "months":
            story.append(_months_table(review, width, s))
            continue
        for group in section.groups:
            head = Paragraph(markup(group.title), s.h3)
            if not group.lines:
                story.append(KeepTogether([head, Paragraph("None.", s.note)]))
                continue
            story += [head, _lines_table(group.lines, width, s)]
    story += [CondPageBreak(50 * mm), Paragraph("Postmortems in this review", s.h2)]
    story.append(_list_table(review, width, s))
    return story


def _warning_box(text: str, width: float, s: _Styles) -> Table:
    box = Table(
        [[Paragraph(f"<b>For leadership.</b> {markup(text)}", s.warn)]],
        colWidths=[width],
    )
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), _WARN_TINT),
                ("LINEBEFORE", (0, 0), (0, -1), 3, WARN),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return box


def _key_figures(review: Review, width: float, s: _Styles) -> Table:
    cov = review.coverage
    c = review.actions.overall.completion
    cells = [
        (str(len(cov.all)), "postmortems in the range"),
        (of(len(cov.reviewed), len(cov.all)).split(" (")[0], "reviewed"),
        (
            "–" if cov.share_within_48h is None else f"{cov.share_within_48h:.0%}",
            "of reviews within 48 h",
        ),
        ("–" if c.rate is None else f"{c.rate:.0%}", "of action items done"),
    ]
    row = [[Paragraph(big, s.big), Paragraph(small, s.note)] for big, small in cells]
    table = Table([row], colWidths=[width / 4] * 4)
    table.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _charts(review: Review, width: float) -> list[Flowable]:
    act = review.actions
    cov = review.coverage
    completion_rows = [
        ("All action items", act.overall.completion.rate, completion_text(act.overall.completion))
    ]
    completion_rows += [
        (t.label, act.by_type[t].completion.rate, completion_text(act.by_type[t].completion))
        for t in ActionType
    ]
    coverage_rows = [
        (level.label, len(done) / len(all_) if all_ else None, of(len(done), len(all_)))
        for level, (all_, done) in cov.by_severity.items()
    ]
    out: list[Flowable] = [
        rate_bars("Action items done, by type", completion_rows, width, threshold=review.threshold),
        Spacer(1, 10),
    ]
    if coverage_rows:
        out += [rate_bars("Postmortems reviewed, by severity", coverage_rows, width), Spacer(1, 10)]
    chart = months_chart(review, width)
    if chart is not None:
        out += [chart, Spacer(1, 6)]
    return out


def _table(rows: list[list[Any]], widths: list[float], header: list[str], s: _Styles) -> Table:
    head = [Paragraph(h, s.head) for h in header]
    table = Table([head, *rows], colWidths=widths, repeatRows=1)
    table.setStyle(table_style(padding=3))
    # Cells given as plain text print as the cell style's paragraphs do.
    table.setStyle([("FONT", (0, 1), (-1, -1), s.cell.fontName, s.cell.fontSize, s.cell.leading)])
    return table


def _cell(text: str, width: float, s: _Styles) -> str | Paragraph:
    """Plain text that fits on one line of a column as it is, else a paragraph that wraps (and
    borrows a font for any script the body font lacks), as the report's tables do: a thousand
    short texts lay out faster as strings than as paragraphs."""
    simple = fonts.plain(text)
    if simple is not None and stringWidth(simple, s.cell.fontName, s.cell.fontSize) <= width - 6:
        return simple
    return Paragraph(markup(text), s.cell)


def _lines_table(lines: tuple[Line, ...], width: float, s: _Styles) -> Table:
    widths = [width * 0.48, width * 0.27, width * 0.25]
    rows = []
    for line in lines:
        label = markup(line.label) + (
            f"<br/><font size=7 color='{hex_colour(MUTED)}'>{markup(line.note)}</font>"
            if line.note
            else ""
        )
        rows.append(
            [
                Paragraph(label, s.cell) if line.note else _cell(line.label, widths[0], s),
                _cell(line.value or "–", widths[1], s),
                Paragraph(ids_text(line.ids, _IDS_SHOWN), s.cell),
            ]
        )
    return _table(rows, widths, ["Figure", "Value", "Postmortems"], s)


def _months_table(review: Review, width: float, s: _Styles) -> Table:
    rows = [
        [Paragraph(month_name(m.year, m.month), s.cell)]
        + [Paragraph(minutes_text(m.medians[key][0]), s.cell) for key, _ in MEASURES]
        + [Paragraph(ids_text(m.ids, _IDS_SHOWN), s.cell)]
        for m in review.months
    ]
    header = ["Month", *(label for _, label in MEASURES), "Postmortems"]
    return _table(rows, [width * 0.13] + [width * 0.15] * 4 + [width * 0.27], header, s)


def _list_table(review: Review, width: float, s: _Styles) -> Flowable:
    if not review.postmortems:
        return Paragraph("No postmortems have an incident date in this range.", s.body)
    widths = [width * 0.08, width * 0.14, width * 0.48, width * 0.18, width * 0.12]
    rows = [
        [
            f"#{ref.id}",
            ref.day.isoformat() if ref.day else "–",
            _cell(ref.title or "Untitled", widths[2], s),
            _cell(f"{ref.kind.label}, {ref.severity.value}", widths[3], s),
            ref.status.label,
        ]
        for ref in review.postmortems.values()
    ]
    return _table(rows, widths, ["Id", "Date", "Title", "Kind", "Status"], s)
