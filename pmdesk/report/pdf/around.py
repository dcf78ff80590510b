"""The report's parking lot and survey sections, and the pre-read: the same page machinery as the
report, with its own story (ground rules, the plan, the draft timeline, the open questions)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from pmdesk.report import around
from pmdesk.report.paragraphs import Para as _Para
from pmdesk.report.pdf.base import ReportBase
from pmdesk.report.pdf.sections import Sections


class AroundSections(ReportBase):
    """Sections for what the facilitator kept around the meeting (empty when nothing was)."""

    def parking_lot(self) -> list[Flowable]:
        parked = around.parking_lot(self.pm)
        if not parked:
            return []
        phase_w, outcome_w = 36 * mm, 38 * mm
        point_w = self.width - phase_w - outcome_w
        rows: list[list[Any]] = [
            [
                self.cell(p.text, point_w),
                self.cell(p.raised_in, phase_w),
                self.cell(p.outcome, outcome_w),
            ]
            for p in parked
        ]
        return [
            *self.heading("Parking lot"),
            self.para(around.PARKING_LOT_INTRO, self.s.body),
            self.table(("Point", "Raised in", "Outcome"), rows, [point_w, phase_w, outcome_w]),
        ]

    def survey(self) -> list[Flowable]:
        lead, averages, changes = around.survey_lines(self.pm)
        if not lead:
            return []
        average_w = 30 * mm
        question_w = self.width - average_w
        rows: list[list[Any]] = [
            [self.cell(q, question_w), self.cell(a, average_w)] for q, a in averages
        ]
        story = [
            *self.heading("Survey"),
            self.para(lead, self.s.body),
            self.table(("Question", "Average"), rows, [question_w, average_w]),
        ]
        if changes:
            story += [Spacer(1, 8), self.para(around.SURVEY_CHANGES_HEADING, self.s.h3)]
            story += [self.para(c, self.s.bullet, bulletText="•") for c in changes]
        return story


class PreReadSections(Sections):
    """The pre-read's story: what to read before the review, never the notes or conclusions."""

    def story(self) -> list[Flowable]:
        return [
            *self.pre_read_front(),
            *self.questions(),
            *self.rules(),
            *self.agenda(),
            *(self.timeline() or self.empty_timeline()),
        ]

    def pre_read_front(self) -> list[Flowable]:
        story: list[Flowable] = [
            _Para("PRE-READ", self.s.eyebrow),
            Spacer(1, 4),
            self.para(self.title, self.s.title),
            self.para(around.pre_read_when(self.pm), self.s.body),
            self.para(around.PRE_READ_LEAD, self.s.body),
        ]
        return story

    def rules(self) -> list[Flowable]:
        lead, *rules = around.ground_rules()
        return [
            *self.heading("Ground rules"),
            self.para(lead, self.s.body),
            *(self.para(r, self.s.bullet, bulletText="•") for r in rules),
        ]

    def agenda(self) -> list[Flowable]:
        phase_w = 70 * mm
        rows: list[list[Any]] = [
            [self.cell(name, phase_w), minutes] for name, minutes in around.agenda(self.pm)
        ]
        return [
            *self.heading("The meeting"),
            self.table(("Phase", "Planned"), rows, [phase_w, 30 * mm]),
            Spacer(1, 5),
            self.para(around.agenda_total(self.pm), self.s.cell_bold),
        ]

    def empty_timeline(self) -> list[Flowable]:
        return [
            *self.heading("Draft timeline"),
            self.para("The timeline is still empty.", self.s.body),
        ]

    def questions(self) -> list[Flowable]:
        found = around.open_questions(self.pm)
        story = self.heading("Open questions")
        if not found:
            return [*story, self.para("None yet: bring your own.", self.s.body)]
        return story + [
            self.para(q, self.s.bullet, bulletText=f"{n}.") for n, q in enumerate(found, start=1)
        ]
