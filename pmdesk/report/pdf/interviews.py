"""The PDF's interview notes section, added only when the export asked for it."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from pmdesk.report import interview_notes
from pmdesk.report.pdf.base import ReportBase


def interview_section(report: ReportBase) -> list[Flowable]:
    """Each interview: the person, its record as a small table, then the notes as written."""
    found = interview_notes.records(report.pm)
    if not found:
        return []
    story: list[Flowable] = [
        *report.heading(interview_notes.HEADING),
        report.para(interview_notes.INTRO, report.s.note),
    ]
    label_w = 35 * mm
    for record in found:
        person: Paragraph = report.para(record.person, report.s.h3)
        rows = [
            [label, report.cell(value, report.width - label_w)] for label, value in record.facts
        ]
        facts = report.table(None, rows, [label_w, report.width - label_w])
        notes = report.texts(record.notes) or [report.para("No notes.", report.s.note)]
        story += [Spacer(1, 6), KeepTogether([person, facts]), Spacer(1, 4), *notes]
    return story
