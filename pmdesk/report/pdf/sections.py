"""The report's sections, in reading order: front page, summary, timeline, findings, factors,
actions, lessons, attendees, the meeting and the closing line; nothing for one left empty."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from pmdesk.meeting import total_line
from pmdesk.model import Status
from pmdesk.report import content, fonts, rtl
from pmdesk.report.chart import Palette, timeline_chart
from pmdesk.report.fonts import markup
from pmdesk.report.language_check import flagged
from pmdesk.report.paragraphs import Para as _Para
from pmdesk.report.pdf.base import ReportBase
from pmdesk.report.pdf.flow import RowStream
from pmdesk.report.pdf.styles import (
    ACCENT,
    CELL_PAD,
    DOTS,
    INK,
    MUTED,
    RULE,
    TINT,
    WIDE_FACTS,
    hex_colour,
)


class Sections(ReportBase):
    """One method per section, each a list of flowables (empty when nothing was filled in)."""

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
            if fact.label in WIDE_FACTS:
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
            return min(high, max(low, widest + 2 * CELL_PAD + 1))

        heading = view.time_heading.upper()
        time_w = fit(
            [view.rows[0].time, view.rows[-1].time],
            fonts.BODY,
            stringWidth(heading, fonts.BOLD, 7.5) + CELL_PAD + 1,
            40 * mm,
        )
        source_w = fit({r.source for r in view.rows}, fonts.BODY, 16 * mm, 26 * mm)
        marker_w = fit({r.marker for r in view.rows}, fonts.BOLD, 16 * mm, 34 * mm)
        event_w = self.width - time_w - source_w - marker_w
        widths = [time_w, event_w, source_w, marker_w]
        accent = hex_colour(ACCENT)
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
        story.append(RowStream(header, rows, widths, page_height=self.page_height))
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

    def related(self) -> list[Flowable]:
        linked = content.related(self.pm)
        if not linked:
            return []
        return [
            *self.heading("Related postmortems"),
            self.para(content.RELATED_INTRO, self.s.body),
            *(self.para(line, self.s.bullet, bulletText="•") for _, line in linked),
        ]

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
        phrases = flagged(self.pm)
        line = content.language_line(len(phrases))
        if line is None:
            return []
        rule = Table(
            [[""]], colWidths=[self.width], style=[("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE)]
        )
        notes = [self.para(f"• {note}", self.s.note) for note in content.language_notes(phrases)]
        return [Spacer(1, 18), rule, self.para(line, self.s.note), *notes]
