"""Around the meeting, across the range: did the pre-read go out a day ahead, and what did the
people in the room say in the survey afterwards? Each figure keeps its postmortems' ids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pmdesk.checklist import PRE_READ_HOURS
from pmdesk.facilitation import SCALE, SURVEY_QUESTIONS
from pmdesk.model import Postmortem, Status


def ids_of(items: Iterable[int | None]) -> tuple[int, ...]:
    """Sorted distinct ids (as the review's figures keep them)."""
    return tuple(sorted({i for i in items if i is not None}))


# A postmortem whose answers average below this on "felt safe" is listed: the room did not.
LOW_SAFETY = 3.0
SCALES: tuple[str, ...] = tuple(q.key for q in SURVEY_QUESTIONS if q.scale)


@dataclass(frozen=True)
class AroundFigures:
    reviewed: tuple[int, ...] = ()
    pre_read_on_time: tuple[int, ...] = ()
    pre_read_late: tuple[int, ...] = ()
    pre_read_none: tuple[int, ...] = ()
    surveyed: tuple[int, ...] = ()
    answers: int = 0
    # scale key -> (mean over every answer, or None; the postmortems with an answer to it)
    averages: dict[str, tuple[float | None, tuple[int, ...]]] = field(default_factory=dict)
    low_safety: tuple[int, ...] = ()


def around_figures(pms: Sequence[Postmortem]) -> AroundFigures:
    reviewed = [pm for pm in pms if pm.status is not Status.DRAFT and pm.id is not None]
    on_time: list[int | None] = []
    late: list[int | None] = []
    none: list[int | None] = []
    for pm in reviewed:
        sent, meeting = pm.facilitation.pre_read_sent_at, pm.meeting_at
        if sent is None:
            none.append(pm.id)
        elif meeting is not None and (meeting - sent).total_seconds() >= PRE_READ_HOURS * 3600:
            on_time.append(pm.id)
        else:
            late.append(pm.id)
    surveyed = [pm for pm in pms if pm.facilitation.survey and pm.id is not None]
    averages: dict[str, tuple[float | None, tuple[int, ...]]] = {}
    for key in SCALES:
        values = [
            (pm.id, v) for pm in surveyed for a in pm.facilitation.survey if (v := getattr(a, key))
        ]
        mean = round(sum(v for _, v in values) / len(values), 2) if values else None
        averages[key] = (mean, ids_of(i for i, _ in values))
    low: list[int | None] = []
    for pm in surveyed:
        safe = [a.safe for a in pm.facilitation.survey if a.safe is not None]
        if safe and sum(safe) / len(safe) < LOW_SAFETY:
            low.append(pm.id)
    return AroundFigures(
        reviewed=ids_of(pm.id for pm in reviewed),
        pre_read_on_time=ids_of(on_time),
        pre_read_late=ids_of(late),
        pre_read_none=ids_of(none),
        surveyed=ids_of(pm.id for pm in surveyed),
        answers=sum(len(pm.facilitation.survey) for pm in surveyed),
        averages=averages,
        low_safety=ids_of(low),
    )


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def around_json(f: AroundFigures) -> dict[str, Any]:
    """The review JSON's "around" object (docs/review.md)."""
    return {
        "pre_read": {
            "on_time": len(f.pre_read_on_time),
            "late": len(f.pre_read_late),
            "none": len(f.pre_read_none),
            "share_on_time": _rate(len(f.pre_read_on_time), len(f.reviewed)),
            "ids": {
                "on_time": list(f.pre_read_on_time),
                "late": list(f.pre_read_late),
                "none": list(f.pre_read_none),
            },
        },
        "survey": {
            "answers": f.answers,
            "postmortems": len(f.surveyed),
            "averages": {key: f.averages.get(key, (None, ()))[0] for key in SCALES},
            "scale": list(SCALE),
            "ids": {
                "surveyed": list(f.surveyed),
                "low_safety": list(f.low_safety),
                **{key: list(f.averages.get(key, (None, ()))[1]) for key in SCALES},
            },
        },
    }
