"""Undoable changes to what the facilitator keeps around the meeting (pmdesk.facilitation).

Each is one edit of the postmortem's `facilitation` record; turning a parked point into an action
also adds the action item, in the same undo step.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime

from pmdesk.document import Document
from pmdesk.facilitation import (
    SCALE,
    SURVEY_QUESTIONS,
    Facilitation,
    ParkedItem,
    RoundRobin,
    Settled,
    SurveyAnswer,
)
from pmdesk.model import ActionItem
from pmdesk.operations.edit import Edit, InsertItems, Refused, SetFields, Step


def _change(doc: Document, label: str, change: Callable[[Facilitation], None]) -> Edit:
    record = copy.deepcopy(doc.pm.facilitation)
    change(record)
    if record == doc.pm.facilitation:
        return Edit(label)
    return Edit(label, [SetFields({"facilitation": record})])


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- the pre-read -------------------------------------------------------------------------------


def record_pre_read_sent(doc: Document, at: datetime) -> Edit:
    """Remember when the pre-read went out (the checklist measures the meeting against it)."""
    if at.utcoffset() is None:
        raise Refused("The pre-read's sent time needs a timezone.")

    def change(f: Facilitation) -> None:
        f.pre_read_sent_at = at

    return _change(doc, "Record pre-read sent", change)


def set_open_questions(doc: Document, questions: list[str]) -> Edit:
    """The open questions, one per line; blank lines are left out."""
    kept = [q.strip() for q in questions if q.strip()]

    def change(f: Facilitation) -> None:
        f.open_questions = kept

    return _change(doc, "Edit open questions", change)


# -- the parking lot -------------------------------------------------------------------------------


def park(doc: Document, text: str, phase: str, at: datetime | None) -> Edit:
    """Set a point aside for the close; the same words parked again change nothing."""
    line = _one_line(text)
    if not line:
        raise Refused("Nothing to park: select some words or type a line.")
    if any(_one_line(p.text) == line for p in doc.pm.facilitation.parking_lot):
        return Edit("Park")

    def change(f: Facilitation) -> None:
        f.parking_lot.append(ParkedItem(line, phase=phase, parked_at=at))

    return _change(doc, "Park", change)


def _parked(f: Facilitation, item_id: str) -> ParkedItem:
    for item in f.parking_lot:
        if item.id == item_id:
            return item
    raise Refused("That point is no longer in the parking lot.")


def settle(doc: Document, item_id: str, settled: Settled) -> Edit:
    """Decide about a parked point: drop it, keep it for later, open it again, or (ACTION) turn it
    into an action item, added in the same undo step."""
    current = _parked(doc.pm.facilitation, item_id)
    label = {
        Settled.ACTION: "Turn parked point into an action",
        Settled.DROPPED: "Drop parked point",
        Settled.KEPT: "Keep parked point",
        Settled.OPEN: "Reopen parked point",
    }[settled]

    def change(f: Facilitation) -> None:
        _parked(f, item_id).settled = settled

    edit = _change(doc, label, change)
    if settled is Settled.ACTION and current.settled is not Settled.ACTION:
        steps: list[Step] = [*edit.steps, InsertItems("actions", [ActionItem(current.text)])]
        return Edit(label, steps)
    return edit


def reword_parked(doc: Document, item_id: str, text: str) -> Edit:
    line = _one_line(text)
    if not line:
        raise Refused("A parked point needs some words; remove it instead.")

    def change(f: Facilitation) -> None:
        _parked(f, item_id).text = line

    return _change(doc, "Reword parked point", change)


def remove_parked(doc: Document, item_id: str) -> Edit:
    _parked(doc.pm.facilitation, item_id)

    def change(f: Facilitation) -> None:
        f.parking_lot = [p for p in f.parking_lot if p.id != item_id]

    return _change(doc, "Remove parked point", change)


# -- round robins -----------------------------------------------------------------------------------


def start_round_robin(doc: Document, phase: str) -> Edit:
    """Everyone but the facilitator, in the attendee list's order, none marked yet."""
    order = [a.id for a in doc.pm.attendees if not a.facilitator]
    if not order:
        raise Refused("Add the attendees first (Overview): a round robin goes through them.")

    def change(f: Facilitation) -> None:
        f.round_robins = [r for r in f.round_robins if r.phase != phase]
        f.round_robins.append(RoundRobin(phase, order))

    return _change(doc, "Start round robin", change)


def stop_round_robin(doc: Document, phase: str) -> Edit:
    def change(f: Facilitation) -> None:
        f.round_robins = [r for r in f.round_robins if r.phase != phase]

    return _change(doc, "Stop round robin", change)


def _robin(f: Facilitation, phase: str) -> RoundRobin:
    robin = f.round_robin(phase)
    if robin is None:
        raise Refused("This phase has no round robin: start one first.")
    return robin


def current_round(doc: Document, phase: str) -> RoundRobin | None:
    """The phase's round robin as it stands: only people still among the attendees."""
    robin = doc.pm.facilitation.round_robin(phase)
    return robin.present({a.id for a in doc.pm.attendees}) if robin is not None else None


def mark_spoken(doc: Document, phase: str, attendee_id: str, spoken: bool = True) -> Edit:
    _robin(doc.pm.facilitation, phase)
    robin = current_round(doc, phase)
    if robin is None or attendee_id not in robin.order:
        raise Refused("That person is not in this phase's round robin.")

    def change(f: Facilitation) -> None:
        mine = _robin(f, phase)
        if spoken and attendee_id not in mine.spoken:
            mine.spoken.append(attendee_id)
        elif not spoken and attendee_id in mine.spoken:
            mine.spoken.remove(attendee_id)

    return _change(doc, "Mark spoken" if spoken else "Unmark spoken", change)


def mark_next_spoken(doc: Document, phase: str) -> tuple[Edit, str | None]:
    """Mark the next person who has not spoken; returns the edit and who comes after them (None
    when everyone has now spoken)."""
    _robin(doc.pm.facilitation, phase)
    robin = current_round(doc, phase)
    assert robin is not None
    person = robin.next_to_speak()
    if person is None:
        raise Refused("Everyone in this round robin has spoken.")
    edit = mark_spoken(doc, phase, person)
    after = next((a for a in robin.order if a not in robin.spoken and a != person), None)
    return edit, after


# -- the survey ---------------------------------------------------------------------------------------


def check_answer(answer: SurveyAnswer) -> None:
    """Refuse an answer outside the scales or with nothing in it."""
    low, high = SCALE
    for q in SURVEY_QUESTIONS:
        value = getattr(answer, q.key)
        if (
            q.scale
            and value is not None
            and not (
                isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
            )
        ):
            raise Refused(f"'{q.text}' takes a number from {low} to {high}, not {value!r}.")
    if all(getattr(answer, q.key) in (None, "") for q in SURVEY_QUESTIONS):
        raise Refused("The answer is empty: answer at least one question.")


def add_survey_answers(doc: Document, answers: list[SurveyAnswer]) -> Edit:
    for answer in answers:
        check_answer(answer)
    known = {a.id for a in doc.pm.facilitation.survey}
    fresh = [copy.deepcopy(a) for a in answers if a.id not in known]
    label = "Add survey answer" if len(answers) == 1 else f"Add {len(answers)} survey answers"

    def change(f: Facilitation) -> None:
        f.survey.extend(fresh)

    return _change(doc, label, change)


def remove_survey_answer(doc: Document, answer_id: str) -> Edit:
    def change(f: Facilitation) -> None:
        f.survey = [a for a in f.survey if a.id != answer_id]

    return _change(doc, "Remove survey answer", change)
