"""What every section of the report is built with: paragraphs, table cells, headings, tables and
the blocks of a text (paragraphs, lists, code)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
)

from pmdesk.model import Postmortem
from pmdesk.report import content, fonts
from pmdesk.report.fonts import markup
from pmdesk.report.paragraphs import Para as _Para
from pmdesk.report.paragraphs import text_para
from pmdesk.report.pdf.flow import RowStream
from pmdesk.report.pdf.styles import CELL_PAD, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, Styles


class ReportBase:
    """The postmortem, the page and the styles every section is built with."""

    def __init__(self, pm: Postmortem, page: tuple[float, float], generated: datetime) -> None:
        self.pm = pm
        self.page = page
        self.width = page[0] - 2 * MARGIN_X
        self.page_height = page[1] - MARGIN_TOP - MARGIN_BOTTOM
        self.generated = generated
        self.s = Styles()
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
                stringWidth(simple, fonts.BODY, 8.5) <= width - 2 * CELL_PAD
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
    ) -> RowStream:
        head = [_Para(markup(h.upper()), self.s.head) for h in header] if header else None
        return RowStream(head, rows, widths, page_height=self.page_height, **kw)

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
