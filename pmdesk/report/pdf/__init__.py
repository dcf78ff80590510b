"""The PDF report: the postmortem as a document the rest of the organisation reads.

Built with reportlab's platypus from domain objects only. Design: one sans family, a small
calm type scale, one accent colour, tables with light rules and repeated headers, and nothing
printed for a section nobody filled in. One module per job: `styles` (the look), `flow` (the
page machinery), `base` (what sections are built with), `sections`, and `render` (the whole).
"""

from __future__ import annotations

from pmdesk.report.pdf.render import render_pdf, render_pre_read_pdf
from pmdesk.report.pdf.styles import PAGE_SIZES

__all__ = ["PAGE_SIZES", "render_pdf", "render_pre_read_pdf"]
