"""The review as JSON (schema: pmdesk/schemas/review-v1.schema.json, described in docs/review.md).

Dates are ISO 8601, rates are fractions from 0 to 1 (null when there is nothing to divide), and
every figure keeps the ids of the postmortems behind it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pmdesk.actions import Completion
from pmdesk.model import ActionType, Kind
from pmdesk.review.around import around_json
from pmdesk.review.figures import FOUR_QUESTIONS, MEASURES, Review, Tally, TrackedItem
from pmdesk.review.words import leadership_warning

FORMAT = "pmdesk.review"
VERSION = 1


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _completion(c: Completion) -> dict[str, Any]:
    return {
        "total": c.total,
        "done": c.done,
        "done_late": c.done_late,
        "open": c.open,
        "overdue": c.overdue,
        "dropped": c.dropped,
        "completion_rate": _rate(c.rate),
    }


def _tally(t: Tally, named: bool = True) -> dict[str, Any]:
    head = {"name": t.name} if named else {}
    return head | _completion(t.completion) | {"postmortems": list(t.ids)}


def _items(items: tuple[TrackedItem, ...]) -> list[dict[str, Any]]:
    return [
        {
            "postmortem": t.postmortem_id,
            "description": t.item.description,
            "owner": t.item.owner,
            "deadline": t.item.deadline.isoformat() if t.item.deadline else None,
        }
        for t in items
    ]


def to_json(review: Review) -> dict[str, Any]:
    cov, dep, act = review.coverage, review.depth, review.actions
    overall = act.overall.completion
    by_kind = {kind: list(cov.by_kind.get(kind, ())) for kind in Kind}
    return {
        "format": FORMAT,
        "version": VERSION,
        "from": review.period.start.isoformat(),
        "to": review.period.end.isoformat(),
        "quarter": review.period.quarter,
        "generated": review.today.isoformat(),
        "threshold": review.threshold,
        "warning": leadership_warning(review),
        "list": [
            {
                "id": ref.id,
                "title": ref.title,
                "kind": ref.kind.value,
                "status": ref.status.value,
                "severity": ref.severity.value,
                "date": ref.day.isoformat() if ref.day else None,
            }
            for ref in review.postmortems.values()
        ],
        "postmortems": {
            "total": len(cov.all),
            "incidents": len(by_kind[Kind.INCIDENT]),
            "near_misses": len(by_kind[Kind.NEAR_MISS]),
            "security": len(by_kind[Kind.SECURITY]),
            "reviewed": len(cov.reviewed),
            "reviewed_within_48h": len(cov.within_48h),
            "share_within_48h": _rate(cov.share_within_48h),
            "median_hours_to_review": _rate(cov.median_hours_to_review),
            "drafts": len(cov.drafts),
            "reviewed_unpublished": len(cov.reviewed_unpublished),
            "published": len(cov.published),
            "by_severity": {
                level.value: {"total": len(all_), "reviewed": len(reviewed)}
                for level, (all_, reviewed) in cov.by_severity.items()
            },
            "ids": {
                "total": list(cov.all),
                "incidents": by_kind[Kind.INCIDENT],
                "near_misses": by_kind[Kind.NEAR_MISS],
                "security": by_kind[Kind.SECURITY],
                "reviewed": list(cov.reviewed),
                "reviewed_within_48h": list(cov.within_48h),
                "reviewed_after_48h": list(cov.after_48h),
                "review_time_unknown": list(cov.delay_unknown),
                "drafts": list(cov.drafts),
                "reviewed_unpublished": list(cov.reviewed_unpublished),
                "published": list(cov.published),
            },
        },
        "depth": {
            "reviewed": len(dep.considered),
            "factors": dep.factor_count,
            "factors_per_postmortem": {q.value: _rate(dep.mean_factors(q)) for q in FOUR_QUESTIONS},
            "other_factors": dep.other_factors,
            "median_whys": dep.median_whys,
            "shallow_factors": dep.shallow_factors,
            "flagged_phrases_published": dep.flagged_phrases,
            "ids": {
                "without_factor": {
                    q.value: list(dep.by_question[q].without_factor) for q in FOUR_QUESTIONS
                },
                "no_factors": list(dep.no_factors),
                "shallow": list(dep.shallow),
                "drifting": list(dep.drifting),
                "human_error_only": list(dep.human_error_only),
                "flagged_published": sorted(i for i, _ in dep.flagged_published),
            },
        },
        "actions": _completion(overall)
        | {
            "by_type": {t.value: _tally(act.by_type[t], named=False) for t in ActionType},
            "by_owner": [_tally(t) for t in act.by_owner],
            "by_service": [_tally(t) for t in act.by_service],
            "overdue_items": [
                {
                    "postmortem": o.postmortem_id,
                    "description": o.item.description,
                    "owner": o.item.owner,
                    "deadline": o.item.deadline.isoformat() if o.item.deadline else None,
                    "days_overdue": o.days,
                }
                for o in act.overdue
            ],
            "median_days_to_done": act.median_days_to_done,
            "vague": len(act.vague),
            "vague_share": _rate(act.share(act.vague)),
            "not_one_person": len(act.not_one_person),
            "not_one_person_share": _rate(act.share(act.not_one_person)),
            "no_deadline": len(act.no_deadline),
            "items": {
                "vague": _items(act.vague),
                "not_one_person": _items(act.not_one_person),
                "no_deadline": _items(act.no_deadline),
            },
            "ids": {
                "all": list(act.overall.ids),
                "done": list(act.done_ids),
                "overdue": list(act.overdue_ids),
            },
        },
        "repeats": [
            {"kind": r.kind, "name": r.name, "postmortems": list(r.ids)}
            | ({"examples": list(r.examples)} if r.kind == "theme" else {})
            for r in review.repeats
        ],
        "months": [
            {
                "month": f"{m.year:04d}-{m.month:02d}",
                "postmortems": list(m.ids),
                "median_minutes": {key: _rate(m.medians[key][0]) for key, _ in MEASURES},
                "measured": {key: list(m.medians[key][1]) for key, _ in MEASURES},
            }
            for m in review.months
        ],
        "around": around_json(review.around),
    }


def dumps(review: Review) -> str:
    """The review as JSON text, indented by two spaces, each list of plain values (ids, most of
    the text) on one line: a person can read it, and it is written by the json module's C
    encoder (indenting every id alone made it the largest part of a review's time)."""
    return "".join(_indented(to_json(review), "")) + "\n"


_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
_key = json.JSONEncoder(ensure_ascii=False).encode


def _indented(value: Any, indent: str) -> Iterator[str]:
    """`value` as json.dumps(indent=2) writes it, but a list or dict holding no list or dict
    on one line."""
    inner = indent + "  "
    if (
        isinstance(value, dict)
        and value
        and any(isinstance(v, dict | list) for v in value.values())
    ):
        yield "{"
        for n, (key, item) in enumerate(value.items()):
            yield f"{',' if n else ''}\n{inner}{_key(str(key))}: "
            yield from _indented(item, inner)
        yield f"\n{indent}}}"
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        yield "["
        for n, item in enumerate(value):
            yield f"{',' if n else ''}\n{inner}"
            yield from _indented(item, inner)
        yield f"\n{indent}]"
    else:
        yield _compact(value)
