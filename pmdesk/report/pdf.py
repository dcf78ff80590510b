"""The PDF report: the postmortem as a document the rest of the organisation reads.

Built with reportlab's platypus from domain objects only. Design: one sans family, a small
calm type scale, one accent colour, tables with light rules and repeated headers, and nothing
printed for a section nobody filled in. Long tables are fed to reportlab a page at a time
(`_RowStream`) so export time grows linearly with the timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from io import BytesIO
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from pmdesk.meeting import total_line
from pmdesk.model import Postmortem, Status
from pmdesk.report import content, fonts, rtl
from pmdesk.report.chart import Palette, timeline_chart
from pmdesk.report.fonts import markup
from pmdesk.report.language_check import flagged_count
from pmdesk.report.paragraphs import Para as _Para
from pmdesk.report.paragraphs import text_para

PAGE_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}

INK = HexColor("#1f2328")
MUTED = HexColor("#5d6873")
RULE = HexColor("#d9dee3")
RULE_STRONG = HexColor("#9aa4ae")
ACCENT = HexColor("#1c5d8f")
TINT = HexColor("#e4eef6")
DOTS = HexColor("#8f9aa5")

_MARGIN_X = 22 * mm
_MARGIN_TOP = 25 * mm
_MARGIN_BOTTOM = 22 * mm
_CELL_PAD = 4.0
_TOTAL_FORM = "pmdeskPageTotal"
# Header facts too long to share a row with another.
_WIDE_FACTS = frozenset({"Impact", "Services", "Tags"})


def _hex(colour: Color) -> str:
    return "#" + str(colour.hexval())[2:]


def _page_size(name: str) -> tuple[float, float]:
    size = PAGE_SIZES.get(name.strip().lower())
    if size is None:
        raise ValueError(f"Unknown page size {name!r}: choose A4 or Letter.")
    return size


class _Styles:
    """The type scale: 21 pt title, 13 pt sections, 9.5 pt body, 8.5 pt tables, 7.5 pt notes."""

    def __init__(self) -> None:
        base = ParagraphStyle(
            "body",
            fontName=fonts.BODY,
            fontSize=9.5,
            leading=14.2,
            textColor=INK,
            alignment=TA_LEFT,
            spaceAfter=6,
        )
        self.body = base
        self.eyebrow = ParagraphStyle(
            "eyebrow", base, fontName=fonts.BOLD, fontSize=8, leading=11, textColor=ACCENT
        )
        self.title = ParagraphStyle(
            "title", base, fontName=fonts.BOLD, fontSize=21, leading=26, spaceAfter=12
        )
        self.h2 = ParagraphStyle(
            "h2",
            base,
            fontName=fonts.BOLD,
            fontSize=13,
            leading=17,
            textColor=ACCENT,
            spaceBefore=20,
            spaceAfter=8,
            keepWithNext=1,
        )
        self.h3 = ParagraphStyle(
            "h3",
            base,
            fontName=fonts.BOLD,
            fontSize=10,
            leading=14,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=1,
        )
        self.bullet = ParagraphStyle("bullet", base, leftIndent=14, bulletIndent=2, spaceAfter=5)
        self.code_info = ParagraphStyle(
            "code_info", base, fontSize=7.5, leading=10, textColor=MUTED, spaceAfter=0
        )
        self.code = ParagraphStyle(
            "code",
            base,
            fontName=fonts.MONO,
            fontSize=8.5,
            leading=11.5,
            backColor=HexColor("#f3f5f7"),
            borderPadding=(4, 6, 4, 6),
            leftIndent=6,
            rightIndent=6,
            spaceBefore=7,
            spaceAfter=10,
        )
        self.factor = ParagraphStyle(
            "factor", base, leftIndent=18, bulletIndent=0, spaceAfter=3, bulletFontName=fonts.BOLD
        )
        self.why = ParagraphStyle(
            "why",
            base,
            fontSize=9,
            leading=13,
            leftIndent=50,
            bulletIndent=18,
            spaceAfter=2,
            bulletFontName=fonts.BOLD,
            bulletFontSize=7.5,
            bulletColor=MUTED,
        )
        self.related = ParagraphStyle(
            "related", base, fontSize=7.5, leading=10, leftIndent=18, textColor=MUTED, spaceAfter=8
        )
        self.note = ParagraphStyle(
            "note", base, fontSize=7.5, leading=10.5, textColor=MUTED, spaceAfter=0
        )
        self.cell = ParagraphStyle("cell", base, fontSize=8.5, leading=11.5, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", self.cell, fontName=fonts.BOLD)
        self.discussion = ParagraphStyle("discussion", self.cell, fontSize=8, textColor=MUTED)
        self.cell_note = ParagraphStyle("cell_note", self.cell, fontSize=7.5, textColor=MUTED)
        self.cell_flag = ParagraphStyle(
            "cell_flag", self.cell_note, fontName=fonts.BOLD, textColor=ACCENT
        )
        self.head = ParagraphStyle(
            "head", self.cell, fontName=fonts.BOLD, fontSize=7.5, leading=10, textColor=MUTED
        )
        self.label = ParagraphStyle(
            "label", self.cell, fontName=fonts.BOLD, fontSize=7.5, leading=11.5, textColor=MUTED
        )
        self.stat = ParagraphStyle(
            "stat", base, fontName=fonts.BOLD, fontSize=13, leading=16, spaceAfter=0
        )
        self.quote = ParagraphStyle(
            "quote", self.cell, fontName=fonts.OBLIQUE, fontSize=9, leading=13
        )


def _table_style(header: bool = True) -> TableStyle:
    """Light horizontal rules, no boxes: the rows carry the eye, not the grid."""
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.BODY, 8.5, 11.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PAD),
        # The text, not the rules, lines up with the body text at the margins.
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header:
        commands += [
            ("FONT", (0, 0), (-1, 0), fonts.BOLD, 7.5, 10),
            ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE_STRONG),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
        ]
    return TableStyle(commands)


class _RowStream(Flowable):  # type: ignore[misc]
    """A table handed to reportlab one page-sized window of rows at a time.

    reportlab re-measures every remaining row each time a Table splits, so one 4,000-row table
    costs four times a 2,000-row one. Here each split only measures a window a bit larger than a
    page; the rest waits in a new stream that starts on the next page, header repeated. A row
    taller than a whole page (someone pasted a log into one cell) is split inside the row rather
    than failing the export.
    """

    def __init__(
        self,
        header: list[Any] | None,
        rows: list[list[Any]],
        widths: list[float],
        *,
        style: TableStyle | None = None,
        page_height: float,
        window: int = 80,
    ) -> None:
        super().__init__()
        self._header = header
        self._rows = rows
        self._widths = widths
        self._style = style if style is not None else _table_style(header is not None)
        self._page_height = page_height
        self._window = max(10, window)
        self._table: Table | None = None

    def _build(self, count: int, *, split_in_row: bool = False) -> Table:
        head = [self._header] if self._header is not None else []
        return Table(
            [*head, *self._rows[:count]],
            colWidths=self._widths,
            repeatRows=len(head),
            style=self._style,
            splitInRow=1 if split_in_row else 0,
            # In-row splitting is tried first, so a tall row is split under the rows that fit.
            splitByRow=0 if split_in_row else 1,
            hAlign="LEFT",
        )

    def _next(self, rows: list[list[Any]], used: int) -> _RowStream:
        return _RowStream(
            self._header,
            rows,
            self._widths,
            style=self._style,
            page_height=self._page_height,
            window=used + used // 4 + 4,
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        count = self._window
        while True:
            table = self._build(count)
            width, height = table.wrap(avail_width, avail_height)
            if count >= len(self._rows) or height > avail_height:
                break
            count *= 2
        self._table = table
        self._window = count
        self.width, self.height = width, height
        return width, height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self._table is None:
            self.wrap(avail_width, avail_height)
        assert self._table is not None
        head = 1 if self._header is not None else 0
        parts = self._table.split(avail_width, avail_height)
        used = len(parts[0]._cellvalues) - head if parts else 0
        heights = self._table._rowHeights
        # A row taller than a page is split where the page ends, under the rows that fit,
        # rather than left to start a second table (and a second header) on the same page.
        tall_next = head + used < len(heights) and heights[head + used] > self._page_height
        if used > 0 and not tall_next:
            rest = self._rows[used:]
            return [parts[0], self._next(rest, used)] if rest else [parts[0]]
        if used == 0 and sum(heights[: head + 1]) <= self._page_height:
            return []  # the first row fits on a fresh page: move there whole
        table = self._build(self._window, split_in_row=True)
        table.wrap(avail_width, avail_height)
        parts = table.split(avail_width, avail_height)
        if len(parts) < 2:
            return []
        rest = [list(row) for row in parts[1]._cellvalues[head:]] + self._rows[self._window :]
        return [parts[0], self._next(rest, 1)]

    def draw(self) -> None:
        assert self._table is not None
        self._table.drawOn(self.canv, 0, 0)


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    """Adds a PDF bookmark for every section, so a long report can be navigated."""

    def afterFlowable(self, flowable: Flowable) -> None:
        text = getattr(flowable, "outline", None)
        if text:
            key = f"section-{len(self._outline_keys)}"
            self._outline_keys.append(key)
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0)

    def build(self, flowables: list[Flowable], **kwargs: Any) -> None:
        self._outline_keys: list[str] = []
        super().build(flowables, **kwargs)


class _PagedCanvas(Canvas):  # type: ignore[misc]
    """Counts pages, so the footer's 'of Y' (a form drawn on every page) can be filled at the end."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pages_shown = 0

    def showPage(self) -> None:
        self.pages_shown += 1
        super().showPage()

    def save(self) -> None:
        self.beginForm(_TOTAL_FORM)
        self.setFont(fonts.BODY, 7.5)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(self.pages_shown))
        self.endForm()
        super().save()


class _Report:
    """Assembles the story (the flowables) and draws the page furniture."""

    def __init__(self, pm: Postmortem, page: tuple[float, float], generated: datetime) -> None:
        self.pm = pm
        self.page = page
        self.width = page[0] - 2 * _MARGIN_X
        self.page_height = page[1] - _MARGIN_TOP - _MARGIN_BOTTOM
        self.generated = generated
        self.s = _Styles()
        self.title = content.heading_title(pm)
        self._header_para: Paragraph | None = None

    # -- helpers ---------------------------------------------------------------------------
    def para(self, text: str, style: ParagraphStyle, bulletText: str | None = None) -> Paragraph:
        """User text in any script, right-to-left included."""
        return text_para(text, style, bulletText)

    def cell(self, text: str, width: float, style: ParagraphStyle | None = None) -> Any:
        """A plain string when it fits on one line in the table font, else a wrapping Paragraph."""
        style = style or self.s.cell
        if style is self.s.cell:
            simple = fonts.plain(text)
            if simple is not None and (
                stringWidth(simple, fonts.BODY, 8.5) <= width - 2 * _CELL_PAD
            ):
                return simple
        return text_para(text, style)

    def heading(self, text: str) -> list[Flowable]:
        """A section heading, moved to the next page rather than left alone at the bottom."""
        para = _Para(markup(text), self.s.h2)
        para.outline = text  # a bookmark in the PDF viewer's sidebar
        return [CondPageBreak(120), para]

    def table(
        self, header: Sequence[str] | None, rows: list[list[Any]], widths: list[float], **kw: Any
    ) -> _RowStream:
        head = [_Para(markup(h.upper()), self.s.head) for h in header] if header else None
        return _RowStream(head, rows, widths, page_height=self.page_height, **kw)

    def texts(self, text: str) -> list[Flowable]:
        """Paragraphs, list items (numbers as typed) and code blocks (lines and spaces kept)."""
        out: list[Flowable] = []
        found = content.blocks(text)
        # Items of one numbered list share an indent wide enough for the widest number.
        indents = [14.0] * len(found)
        start = 0
        for end in range(len(found) + 1):
            if end < len(found) and found[end].numbered:
                continue
            if end > start:
                size = self.s.body.fontSize
                widest = max(stringWidth(b.marker, fonts.BODY, size) for b in found[start:end])
                indents[start:end] = [max(14.0, widest + 7)] * (end - start)
            start = end + 1
        for block, indent in zip(found, indents, strict=True):
            if block.code:
                if block.info:  # what the code is ("bash"), as a caption
                    out.append(self.para(block.info, self.s.code_info))
                out.append(_Para(markup(block.text, code=True), self.s.code))
            elif block.marker:
                style = self.s.bullet
                if block.numbered:
                    # Numbers end at one column, as in a word processor: " 9." over "10.".
                    style = ParagraphStyle(
                        "numbered",
                        style,
                        leftIndent=indent,
                        bulletIndent=indent - 5,
                        bulletAnchor="end",
                    )
                out.append(self.para(block.text, style, bulletText=block.marker))
            else:
                out.append(self.para(block.text, self.s.body))
        return out

    # -- sections ------------------------------------------------------------------------------
    def front(self) -> list[Flowable]:
        eyebrow = content.document_kind(self.pm).upper()
        if self.pm.status is Status.DRAFT:
            eyebrow += " · DRAFT"
        story: list[Flowable] = [
            _Para(eyebrow, self.s.eyebrow),
            Spacer(1, 4),
            self.para(self.title, self.s.title),
        ]
        full = content.full_title(self.pm)
        if full is not None:
            story.append(self.para(f"Full title: {rtl.isolate(full)}", self.s.body))
        story += self._facts_tables()
        return story

    def _fact_value(self, fact: content.Fact) -> Paragraph:
        value = rtl.join(list(fact.items), ", ") if fact.items else fact.value
        return self.para(value, self.s.cell)

    def _facts_tables(self) -> list[Flowable]:
        """The header facts: short ones two to a row, long ones across the whole width.

        Rows of each layout form their own table (no spanned cells: reportlab measures the
        rest of a spanned cell split at a page end by one column, and it overflows its row).
        """
        label_w = 27 * mm
        paired = [label_w, self.width / 2 - label_w, label_w, self.width / 2 - label_w]
        wide = [label_w, self.width - label_w]
        groups: list[tuple[list[float], list[list[Any]]]] = []
        pending: list[content.Fact] = []

        def add(widths: list[float], row: list[Any]) -> None:
            if groups and groups[-1][0] is widths:
                groups[-1][1].append(row)
            else:
                groups.append((widths, [row]))

        def pair() -> None:
            if pending:
                row: list[Any] = []
                for fact in pending:
                    row += [self.para(fact.label, self.s.label), self._fact_value(fact)]
                add(paired, row + ["", ""] * (2 - len(pending)))
                pending.clear()

        for fact in content.header_facts(self.pm):
            if fact.label in _WIDE_FACTS:
                pair()
                add(wide, [self.para(fact.label, self.s.label), self._fact_value(fact)])
            else:
                pending.append(fact)
                if len(pending) == 2:
                    pair()
        pair()
        tables: list[Flowable] = []
        for index, (widths, rows) in enumerate(groups):
            commands: list[tuple[Any, ...]] = [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
            if index == 0:
                commands += [
                    ("LINEABOVE", (0, 0), (-1, 0), 1.2, ACCENT),
                    ("TOPPADDING", (0, 0), (-1, 0), 9),
                ]
            if index == len(groups) - 1:
                commands += [
                    ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
                ]
            # splitInRow only matters for a value longer than a page (a pasted list of tags).
            tables.append(
                Table(rows, colWidths=widths, style=commands, hAlign="LEFT", splitInRow=1)
            )
        return tables

    def summary(self) -> list[Flowable]:
        body = self.texts(self.pm.summary)
        return [*self.heading("Summary"), *body] if body else []

    def durations(self) -> list[Flowable]:
        """The four key durations as figures, each with its label underneath."""
        measures = content.key_durations(self.pm)
        if not measures:
            return []
        width = self.width / len(measures)
        cells: list[Any] = []
        for m in measures:
            if m.value is not None:
                cells.append([_Para(markup(m.text), self.s.stat), self.para(m.label, self.s.note)])
            else:
                cells.append(
                    [
                        _Para("—", self.s.stat),
                        self.para(m.label, self.s.note),
                        self.para(m.text, self.s.note),
                    ]
                )
        style = TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LINEBEFORE", (0, 0), (-1, -1), 1.5, ACCENT),
            ]
        )
        return [
            Table([cells], colWidths=[width] * len(measures), style=style, hAlign="LEFT"),
            Spacer(1, 14),
        ]

    def timeline(self) -> list[Flowable]:
        view = content.timeline(self.pm)
        if not view.rows:
            return []
        title = _Para("Timeline", self.s.h2)
        title.outline = "Timeline"
        opening: list[Flowable] = [title, *self.durations()]
        palette = Palette(ink=INK, muted=MUTED, rule=RULE, accent=ACCENT, tint=TINT, dots=DOTS)
        chart = timeline_chart(self.pm.timeline, view, self.width, palette)
        if chart is not None:
            opening += [
                chart,
                Spacer(1, 4),
                self.para(self._chart_caption(view), self.s.note),
                Spacer(1, 12),
            ]
        story: list[Flowable] = [CondPageBreak(120), KeepTogether(opening)]

        def fit(texts: Any, font: str, low: float, high: float) -> float:
            widest = max((stringWidth(t, font, 8.5) for t in texts), default=0.0)
            return min(high, max(low, widest + 2 * _CELL_PAD + 1))

        heading = view.time_heading.upper()
        time_w = fit(
            [view.rows[0].time, view.rows[-1].time],
            fonts.BODY,
            stringWidth(heading, fonts.BOLD, 7.5) + _CELL_PAD + 1,
            40 * mm,
        )
        source_w = fit({r.source for r in view.rows}, fonts.BODY, 16 * mm, 26 * mm)
        marker_w = fit({r.marker for r in view.rows}, fonts.BOLD, 16 * mm, 34 * mm)
        event_w = self.width - time_w - source_w - marker_w
        widths = [time_w, event_w, source_w, marker_w]
        accent = _hex(ACCENT)
        rows: list[list[Any]] = []
        for row in view.rows:
            event: Any
            if row.discussion:
                # What the room said, under the event in smaller grey type.
                event = [self.para(row.text, self.s.cell)] + [
                    self.para(f"{label}: {rtl.isolate(value)}", self.s.discussion)
                    for label, value in row.discussion
                ]
            else:
                event = self.cell(row.text, event_w)
            marker: Any = (
                _Para(f'<font color="{accent}">{markup(row.marker)}</font>', self.s.cell_bold)
                if row.marker
                else ""
            )
            rows.append([row.time, event, self.cell(row.source, source_w), marker])
        header = [
            _Para(markup(h.upper()), self.s.head)
            for h in (view.time_heading, "Event", "Source", "Marker")
        ]
        story.append(_RowStream(header, rows, widths, page_height=self.page_height))
        return story

    def _chart_caption(self, view: content.Timeline) -> str:
        count = len(view.rows)
        what = (
            "Each dot is one event" if count <= 150 else "Bars show how many events happened when"
        )
        parts = [f"{count} event{'s' if count != 1 else ''}. {what}; milestones are labelled."]
        durations = content.key_durations(self.pm)
        resolve = durations[3] if durations else None
        if resolve is not None and resolve.value is not None and resolve.start and resolve.end:
            parts.append(
                f"Shaded: from the trigger ({view.show(resolve.start)}) to resolution "
                f"({view.show(resolve.end)}), {resolve.text}."
            )
        return " ".join(parts)

    def findings(self) -> list[Flowable]:
        items = content.findings(self.pm)
        if not items:
            return []
        rows = [[self.para(f"“{text}”", self.s.quote)] for text in items]
        style = TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LINEBEFORE", (0, 0), (0, -1), 2, ACCENT),
            ]
        )
        intro = self.para(
            "Things people said while walking the timeline that show where the system "
            "surprised them.",
            self.s.body,
        )
        return [
            *self.heading("What we heard"),
            intro,
            self.table(None, rows, [self.width], style=style),
        ]

    def factors(self) -> list[Flowable]:
        groups = content.factor_groups(self.pm)
        if not groups:
            return []
        story = self.heading("Contributing factors")
        for question, items in groups:
            for index, nf in enumerate(items):
                block: list[Flowable] = [
                    self.para(nf.text, self.s.factor, bulletText=f"{nf.number}.")
                ]
                block += [
                    self.para(why, self.s.why, bulletText=f"Why {i}")
                    for i, why in enumerate(nf.whys, start=1)
                ]
                if nf.event_times:
                    text = "Related events: " + ", ".join(nf.event_times)
                    block.append(self.para(text, self.s.related))
                else:
                    block.append(Spacer(1, 8))
                if index == 0:
                    # The question never ends a page without its first factor.
                    block.insert(0, self.para(question.label, self.s.h3))
                story.append(KeepTogether(block))
        return story

    def actions(self) -> list[Flowable]:
        actions = content.sorted_actions(self.pm.actions)
        if not actions:
            return []
        numbers = content.factor_numbers(self.pm)
        type_w, owner_w, deadline_w, status_w = 19 * mm, 28 * mm, 21 * mm, 23 * mm
        desc_w = self.width - type_w - owner_w - deadline_w - status_w
        rows: list[list[Any]] = []
        for a in actions:
            desc: Any
            number = numbers.get(a.factor_id or "")
            if number is not None:
                desc = [
                    self.para(content.action_description(a), self.s.cell),
                    _Para(f"Addresses factor {number}", self.s.cell_note),
                ]
            else:
                desc = self.cell(content.action_description(a), desc_w)
            rows.append(
                [
                    _Para(markup(a.type.label), self.s.cell_bold),
                    desc,
                    self.cell(content.action_owner(a), owner_w),
                    content.action_deadline(a),
                    self.cell(content.action_status(a), status_w),
                ]
            )
        intro = self.para(
            "In priority order: Prevent stops this failure recurring, Detect catches it sooner, "
            "Mitigate makes it hurt less.",
            self.s.body,
        )
        return [
            *self.heading("Action items"),
            intro,
            self.table(
                ("Type", "Action", "Owner", "Deadline", "Status"),
                rows,
                [type_w, desc_w, owner_w, deadline_w, status_w],
            ),
        ]

    def lessons(self) -> list[Flowable]:
        body = self.texts(self.pm.lessons)
        return [*self.heading("Lessons learned"), *body] if body else []

    def attendees(self) -> list[Flowable]:
        people = content.attendees(self.pm)
        if not people:
            return []
        name_w, inv_w = 45 * mm, 32 * mm
        role_w = self.width - name_w - inv_w
        rows: list[list[Any]] = []
        for person in people:
            name: Any
            if person.facilitator:
                name = [
                    self.para(content.attendee_name(person), self.s.cell),
                    _Para("Facilitator", self.s.cell_flag),
                ]
            else:
                name = self.cell(content.attendee_name(person), name_w)
            rows.append([name, self.cell(person.role.strip(), role_w), person.involvement.label])
        return [
            *self.heading("Attendees"),
            self.table(("Name", "Role", "Involvement"), rows, [name_w, role_w, inv_w]),
        ]

    def meeting(self) -> list[Flowable]:
        outcomes = content.meeting_outcomes(self.pm)
        if not outcomes:
            return []
        phase_w, planned_w = 60 * mm, 30 * mm
        actual_w = self.width - phase_w - planned_w
        rows: list[list[Any]] = [
            [
                self.cell(o.name, phase_w),
                f"{o.planned_minutes} min",
                self.cell(content.outcome_actual(o), actual_w),
            ]
            for o in outcomes
        ]
        story = self.heading("Meeting record")
        if self.pm.meeting_at is not None:
            story.append(
                self.para(f"Review held {content.moment(self.pm.meeting_at)}.", self.s.body)
            )
        story.append(
            self.table(("Phase", "Planned", "Actual"), rows, [phase_w, planned_w, actual_w])
        )
        story.append(Spacer(1, 5))
        story.append(self.para(total_line(outcomes), self.s.cell_bold))
        return story

    def closing(self) -> list[Flowable]:
        line = content.language_line(flagged_count(self.pm))
        if line is None:
            return []
        rule = Table(
            [[""]], colWidths=[self.width], style=[("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE)]
        )
        return [Spacer(1, 18), rule, self.para(line, self.s.note)]

    def story(self) -> list[Flowable]:
        return [
            *self.front(),
            *self.summary(),
            *self.timeline(),
            *self.findings(),
            *self.factors(),
            *self.actions(),
            *self.lessons(),
            *self.attendees(),
            *self.meeting(),
            *self.closing(),
        ]

    # -- page furniture ------------------------------------------------------------------------
    def _running_title(self) -> Paragraph:
        """The title shortened to one line of the header, in any script."""
        if self._header_para is None:
            style = ParagraphStyle("running", self.s.note, textColor=MUTED)
            text = self.title
            para = text_para(text, style)
            while len(text) > 8 and para.wrap(self.width * 0.7, 100)[1] > style.leading * 1.5:
                text = text[: int(len(text) * 0.85)].rstrip()
                para = text_para(text + "…", style)
            self._header_para = para
        return self._header_para

    def decorate(self, canvas: Canvas, doc: Any) -> None:
        """Running header (from page 2: page 1 has the title itself) and footer."""
        if doc.page > 1:
            self._header(canvas)
        self._footer(canvas, doc)

    def _header(self, canvas: Canvas) -> None:
        canvas.saveState()
        top = self.page[1] - 13 * mm
        para = self._running_title()
        _, h = para.wrap(self.width * 0.7, 100)
        para.drawOn(canvas, _MARGIN_X, top - h + 8)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(_MARGIN_X, top - 6, self.page[0] - _MARGIN_X, top - 6)
        canvas.restoreState()

    def _footer(self, canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        y = 12 * mm
        canvas.setFont(fonts.BODY, 7.5)
        canvas.setFillColor(MUTED)
        prefix = f"Page {doc.page} of "
        canvas.drawString(_MARGIN_X, y, prefix)
        canvas.translate(_MARGIN_X + stringWidth(prefix, fonts.BODY, 7.5), y)
        canvas.doForm(_TOTAL_FORM)
        canvas.restoreState()
        canvas.saveState()
        canvas.setFont(fonts.BODY, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(
            self.page[0] - _MARGIN_X, y, content.generated_line(self.generated) + " with pmdesk"
        )
        canvas.restoreState()


def render_pdf(
    pm: Postmortem, *, page_size: str = "A4", generated: datetime | None = None
) -> bytes:
    """The report as PDF bytes; `generated` (default: now) is printed in the footer."""
    size = _page_size(page_size)
    fonts.register_fonts()
    when = generated if generated is not None else datetime.now().astimezone()
    report = _Report(pm, size, when)
    buffer = BytesIO()
    doc = _Doc(
        buffer,
        pagesize=size,
        leftMargin=_MARGIN_X,
        rightMargin=_MARGIN_X,
        topMargin=_MARGIN_TOP,
        bottomMargin=_MARGIN_BOTTOM,
        title=report.title,
        subject="Postmortem report",
        creator="pmdesk",
        author="",
        # A given generation time makes the output byte-for-byte repeatable.
        invariant=1 if generated is not None else 0,
    )
    frame = Frame(
        _MARGIN_X,
        _MARGIN_BOTTOM,
        report.width,
        size[1] - _MARGIN_TOP - _MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate("page", frames=[frame], onPage=report.decorate)])
    doc.build(report.story(), canvasmaker=_PagedCanvas)
    return buffer.getvalue()
