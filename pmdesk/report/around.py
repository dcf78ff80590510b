"""What the report and the pre-read say about the work around the meeting: the pre-read's own
texts, the parking lot and the survey. Shared by the PDF and the Markdown, as `content` is."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from pmdesk.facilitation import SCALE, SURVEY_QUESTIONS, Settled, summarize
from pmdesk.meeting import PHASES, default_plan, phase_name, plan_total
from pmdesk.model import Postmortem
from pmdesk.report import content

PRE_READ_LEAD = (
    "Please read this before the review. The timeline is a draft built from alerts, deploys and "
    "chat: if something is missing or wrong, bring it along. The open questions are what the "
    "room will try to understand together; nobody needs answers ready."
)


def pre_read_when(pm: Postmortem) -> str:
    if pm.meeting_at is None:
        return "The review's time is still to be set."
    return f"The review is on {content.moment(pm.meeting_at)}."


def ground_rules() -> tuple[str, ...]:
    """A lead for the reader, then the three ground rules as the first phase says them."""
    return (
        "We meet to understand how this happened, not to find someone to blame.",
        *PHASES[0].guidance.blocks[0].items,
    )


def draft(pm: Postmortem) -> Postmortem:
    """The postmortem as a pre-read shows it: the timeline's facts without what a meeting
    already said about them, and nothing of the notes."""
    copy_pm = copy.deepcopy(pm)
    for event in copy_pm.timeline:
        event.seen = event.believed = event.done_next = ""
    copy_pm.notes = ""
    return copy_pm


def agenda(pm: Postmortem) -> list[tuple[str, str]]:
    """The meeting plan as (phase, "20 min"); the default plan when none was set."""
    plan = pm.phases or default_plan(pm.kind)
    return [(phase_name(p.phase), f"{p.planned_minutes} min") for p in plan]


def agenda_total(pm: Postmortem) -> str:
    return f"{plan_total(pm.phases or default_plan(pm.kind))} min in all"


def open_questions(pm: Postmortem) -> list[str]:
    return [q.strip() for q in pm.facilitation.open_questions if q.strip()]


# -- the report's sections -------------------------------------------------------------------


@dataclass(frozen=True)
class ParkedRow:
    text: str
    raised_in: str
    outcome: str


PARKING_LOT_INTRO = "Points raised during the review that were set aside to keep it on track."


def parking_lot(pm: Postmortem) -> list[ParkedRow]:
    return [
        ParkedRow(
            item.text.strip(),
            phase_name(item.phase) if item.phase else "",
            item.settled.label if item.settled is not Settled.OPEN else "Not settled",
        )
        for item in pm.facilitation.parking_lot
        if item.text.strip()
    ]


def survey_lines(pm: Postmortem) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The survey as a lead line, (question, average) rows and the suggestions; empty lead
    when nobody answered."""
    answers = pm.facilitation.survey
    if not answers:
        return "", [], []
    summary = summarize(answers)
    count = summary.answers
    lead = f"{count} anonymous answer{'s' if count != 1 else ''} after the review."
    low, high = SCALE
    rows = []
    for q in SURVEY_QUESTIONS:
        if q.scale:
            average = summary.averages[q.key]
            shown = "no answers" if average is None else f"{average:.1f} of {high}"
            rows.append((f"{q.text} ({low} {q.low}, {high} {q.high})", shown))
    return lead, rows, list(summary.changes)


SURVEY_CHANGES_HEADING = "What people would change"
