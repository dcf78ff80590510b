"""The report as a whole: its sections in order, the page furniture (running header, footer with
the page count) and `render_pdf`."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
)

from pmdesk.model import Postmortem
from pmdesk.report import content, fonts
from pmdesk.report.paragraphs import text_para
from pmdesk.report.pdf.around import AroundSections, PreReadSections
from pmdesk.report.pdf.flow import PagedCanvas, ReportDoc
from pmdesk.report.pdf.interviews import interview_section
from pmdesk.report.pdf.sections import Sections
from pmdesk.report.pdf.styles import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    RULE,
    TOTAL_FORM,
    named_page_size,
)


class _Report(Sections, AroundSections):
    """Assembles the story (the flowables) and draws the page furniture."""

    include_interviews = False

    def story(self) -> list[Flowable]:
        return [
            *self.front(),
            *self.summary(),
            *self.timeline(),
            *self.findings(),
            *self.factors(),
            *self.actions(),
            *self.lessons(),
            *self.related(),
            *self.attendees(),
            *self.meeting(),
            *self.parking_lot(),
            *self.survey(),
            *(interview_section(self) if self.include_interviews else []),
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
        para.drawOn(canvas, MARGIN_X, top - h + 8)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 6, self.page[0] - MARGIN_X, top - 6)
        canvas.restoreState()

    def _footer(self, canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        y = 12 * mm
        canvas.setFont(fonts.BODY, 7.5)
        canvas.setFillColor(MUTED)
        prefix = f"Page {doc.page} of "
        canvas.drawString(MARGIN_X, y, prefix)
        canvas.translate(MARGIN_X + stringWidth(prefix, fonts.BODY, 7.5), y)
        canvas.doForm(TOTAL_FORM)
        canvas.restoreState()
        canvas.saveState()
        canvas.setFont(fonts.BODY, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(
            self.page[0] - MARGIN_X, y, content.generated_line(self.generated) + " with pmdesk"
        )
        canvas.restoreState()


def render_pdf(
    pm: Postmortem,
    *,
    page_size: str = "A4",
    generated: datetime | None = None,
    include_interviews: bool = False,
) -> bytes:
    """The report as PDF bytes; `generated` (default: now) is printed in the footer.

    include_interviews: add the private interview notes (only when the facilitator asked).
    """
    size = named_page_size(page_size)
    fonts.register_fonts()
    when = generated if generated is not None else datetime.now().astimezone()
    report = _Report(pm, size, when)
    report.include_interviews = include_interviews
    return _build(report, size, "Postmortem report", generated is not None)


def render_pre_read_pdf(
    pm: Postmortem, *, page_size: str = "A4", generated: datetime | None = None
) -> bytes:
    """The pre-read as PDF bytes: ground rules, the plan, the draft timeline, open questions."""
    size = named_page_size(page_size)
    fonts.register_fonts()
    when = generated if generated is not None else datetime.now().astimezone()
    return _build(_PreRead(pm, size, when), size, "Postmortem pre-read", generated is not None)


class _PreRead(PreReadSections, _Report):
    """The report's page furniture around the pre-read's story."""


def _build(report: _Report, size: tuple[float, float], subject: str, invariant: bool) -> bytes:
    buffer = BytesIO()
    doc = ReportDoc(
        buffer,
        pagesize=size,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=report.title,
        subject=subject,
        creator="pmdesk",
        author="",
        # A given generation time makes the output byte-for-byte repeatable.
        invariant=1 if invariant else 0,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        report.width,
        size[1] - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate("page", frames=[frame], onPage=report.decorate)])
    doc.build(report.story(), canvasmaker=PagedCanvas)
    return buffer.getvalue()
