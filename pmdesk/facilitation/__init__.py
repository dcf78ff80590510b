"""What a facilitator keeps around the meeting: the pre-read, the parking lot, round robins, the survey.

Plain data saved with the postmortem as one record (`Postmortem.facilitation`), so each change is
one undoable edit of one field. Nothing here knows about Qt or SQL; `to_json` and `from_json` are
the one mapping to plain JSON data, used by the database and by the interchange file alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from pmdesk.fieldwise import Fieldwise, FrozenFieldwise


def _new_id() -> str:
    import uuid  # not at import time (it loads `platform`): start-up makes no new item

    return uuid.uuid4().hex


class Settled(StrEnum):
    """What the Close phase decided about a parked point ("" while it is still open)."""

    OPEN = ""
    ACTION = "action"
    DROPPED = "dropped"
    KEPT = "kept"

    @property
    def label(self) -> str:
        return {
            "": "To settle",
            "action": "Turned into an action",
            "dropped": "Dropped",
            "kept": "Kept for later",
        }[self.value]


@dataclass(repr=False, eq=False)
class ParkedItem(Fieldwise):
    """An off-topic point set aside during the meeting, to be settled at the close."""

    text: str
    phase: str = ""  # the phase key it was raised in
    parked_at: datetime | None = None
    settled: Settled = Settled.OPEN
    id: str = field(default_factory=_new_id)


@dataclass(repr=False, eq=False)
class RoundRobin(Fieldwise):
    """Who is asked in turn in one phase, and who has spoken (attendee ids)."""

    phase: str
    order: list[str] = field(default_factory=list)
    spoken: list[str] = field(default_factory=list)

    def next_to_speak(self) -> str | None:
        return next((a for a in self.order if a not in self.spoken), None)

    def present(self, attendee_ids: set[str]) -> RoundRobin:
        """The round without anyone no longer among the attendees (removed after it started)."""
        return RoundRobin(
            self.phase,
            [a for a in self.order if a in attendee_ids],
            [a for a in self.spoken if a in attendee_ids],
        )


# The survey sent after the close: two scales from 1 to 5 and a free text.
SCALE = (1, 5)


@dataclass(frozen=True, repr=False, eq=False)
class SurveyQuestion(FrozenFieldwise):
    key: str
    text: str
    scale: bool  # a number on SCALE; otherwise free text
    low: str = ""
    high: str = ""


SURVEY_QUESTIONS: tuple[SurveyQuestion, ...] = (
    SurveyQuestion(
        "useful", "Was this review a good use of your time?", True, "not at all", "very much"
    ),
    SurveyQuestion(
        "safe",
        "Did it feel safe to say what you saw, thought and did?",
        True,
        "not safe",
        "completely safe",
    ),
    SurveyQuestion(
        "heard", "Did everyone who had something to say get heard?", True, "few did", "everyone"
    ),
    SurveyQuestion("change", "What would you change about the next review?", False),
)


@dataclass(repr=False, eq=False)
class SurveyAnswer(Fieldwise):
    """One person's answers; anonymous. A scale left blank is None."""

    useful: int | None = None
    safe: int | None = None
    heard: int | None = None
    change: str = ""
    received_at: datetime | None = None
    via: str = "here"  # "here" (typed on the facilitator's machine) or "file"
    id: str = field(default_factory=_new_id)


@dataclass(repr=False, eq=False)
class Facilitation(Fieldwise):
    pre_read_sent_at: datetime | None = None
    open_questions: list[str] = field(default_factory=list)
    parking_lot: list[ParkedItem] = field(default_factory=list)
    round_robins: list[RoundRobin] = field(default_factory=list)
    survey: list[SurveyAnswer] = field(default_factory=list)

    def round_robin(self, phase: str) -> RoundRobin | None:
        return next((r for r in self.round_robins if r.phase == phase), None)

    def is_empty(self) -> bool:
        return self == Facilitation()


# -- plain JSON data ------------------------------------------------------------------------------


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def to_json(f: Facilitation) -> dict[str, Any]:
    return {
        "pre_read_sent_at": _dt(f.pre_read_sent_at),
        "open_questions": list(f.open_questions),
        "parking_lot": [
            {
                "id": p.id,
                "text": p.text,
                "phase": p.phase,
                "parked_at": _dt(p.parked_at),
                "settled": str(p.settled),
            }
            for p in f.parking_lot
        ],
        "round_robins": [
            {"phase": r.phase, "order": list(r.order), "spoken": list(r.spoken)}
            for r in f.round_robins
        ],
        "survey": [
            {
                "id": s.id,
                "useful": s.useful,
                "safe": s.safe,
                "heard": s.heard,
                "change": s.change,
                "received_at": _dt(s.received_at),
                "via": s.via,
            }
            for s in f.survey
        ],
    }


def from_json(data: dict[str, Any] | None) -> Facilitation:
    """The record from `to_json` data; keys left out fall back to empty values."""
    data = data or {}
    return Facilitation(
        pre_read_sent_at=_parse_dt(data.get("pre_read_sent_at")),
        open_questions=[str(q) for q in data.get("open_questions", [])],
        parking_lot=[
            ParkedItem(
                text=p["text"],
                phase=p.get("phase", ""),
                parked_at=_parse_dt(p.get("parked_at")),
                settled=Settled(p.get("settled", "")),
                id=p.get("id") or _new_id(),
            )
            for p in data.get("parking_lot", [])
        ],
        round_robins=[
            RoundRobin(r["phase"], list(r.get("order", [])), list(r.get("spoken", [])))
            for r in data.get("round_robins", [])
        ],
        survey=[
            SurveyAnswer(
                useful=s.get("useful"),
                safe=s.get("safe"),
                heard=s.get("heard"),
                change=s.get("change", ""),
                received_at=_parse_dt(s.get("received_at")),
                via=s.get("via", "here"),
                id=s.get("id") or _new_id(),
            )
            for s in data.get("survey", [])
        ],
    )


@dataclass(frozen=True, repr=False, eq=False)
class SurveySummary(FrozenFieldwise):
    """The survey's figures for one postmortem: answers, and each scale's average (None: none)."""

    answers: int
    averages: dict[str, float | None]
    changes: tuple[str, ...]


def summarize(answers: list[SurveyAnswer]) -> SurveySummary:
    averages: dict[str, float | None] = {}
    for q in SURVEY_QUESTIONS:
        if not q.scale:
            continue
        values = [v for a in answers if (v := getattr(a, q.key)) is not None]
        averages[q.key] = round(sum(values) / len(values), 2) if values else None
    changes = tuple(a.change.strip() for a in answers if a.change.strip())
    return SurveySummary(len(answers), averages, changes)
