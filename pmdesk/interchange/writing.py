"""Writing a postmortem as the format: plain JSON data in a fixed, readable key order."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import datetime
from typing import Any

from pmdesk import __version__
from pmdesk.facilitation import Facilitation
from pmdesk.facilitation import to_json as facilitation_to_json
from pmdesk.interchange.format import FORMAT, VERSION, InterchangeError, after_name
from pmdesk.model import Postmortem


def to_json_dict(pm: Postmortem, *, include_interviews: bool = False) -> dict[str, Any]:
    """The whole postmortem as plain JSON data, keys in a fixed, readable order.

    The interviews and their notes are private: written only when `include_interviews` asks for
    them (and there are some), in format version 2; any other file is version 1, which a pmdesk
    that knows only version 1 still reads.
    """
    w = _Writer()
    interviews = _interviews(pm, w) if include_interviews and pm.interviews else None
    return {
        "format": FORMAT,
        "version": VERSION if interviews is not None else 1,
        "metadata": {
            "generator": f"pmdesk {__version__}",
            "created_at": w.dt(pm.created_at, "/metadata/created_at"),
            "updated_at": w.dt(pm.updated_at, "/metadata/updated_at"),
        },
        **_overview(pm, w),
        "attendees": [
            {
                "id": a.id,
                "name": a.name,
                "role": a.role,
                "involvement": str(a.involvement),
                "facilitator": a.facilitator,
            }
            for a in pm.attendees
        ],
        "timeline": _timeline(pm, w),
        "findings": [
            {
                "id": f.id,
                "text": f.text,
                "origin": f.origin,
                "created_at": w.dt(f.created_at, f"/findings/{i}/created_at"),
            }
            for i, f in enumerate(pm.findings)
        ],
        "factors": [
            {
                "id": f.id,
                "question": str(f.question),
                "text": f.text,
                "whys": list(f.whys),
                "event_ids": list(f.event_ids),
                "finding_ids": list(f.finding_ids),
            }
            for f in pm.factors
        ],
        "actions": _actions(pm),
        **({"interviews": interviews} if interviews is not None else {}),
        **_meeting(pm, w),
    }


def _overview(pm: Postmortem, w: _Writer) -> dict[str, Any]:
    sev = pm.severity
    return {
        "title": pm.title,
        "kind": str(pm.kind),
        "severity": {
            "level": str(sev.level),
            "customer_facing": sev.customer_facing,
            "revenue_impact": sev.revenue_impact,
            "data_loss": sev.data_loss,
        },
        "started_at": w.dt(pm.started_at, "/started_at"),
        "detected_at": w.dt(pm.detected_at, "/detected_at"),
        "resolved_at": w.dt(pm.resolved_at, "/resolved_at"),
        "meeting_at": w.dt(pm.meeting_at, "/meeting_at"),
        "summary": pm.summary,
        "lessons": pm.lessons,
        "services": list(pm.services),
        "tags": list(pm.tags),
        "status": str(pm.status),
        "notes": pm.notes,
    }


def _timeline(pm: Postmortem, w: _Writer) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "at": w.dt(e.at, f"/timeline/{i}/at"),
            "text": e.text,
            "source": e.source,
            "marker": None if e.marker is None else str(e.marker),
            "seen": e.seen,
            "believed": e.believed,
            "done_next": e.done_next,
            "seq": e.seq,
        }
        | ({"added_by": e.added_by} if e.added_by else {})
        for i, e in enumerate(pm.timeline)
    ]


def _actions(pm: Postmortem) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "description": a.description,
            "type": str(a.type),
            "owner": a.owner,
            "deadline": None if a.deadline is None else a.deadline.isoformat(),
            "status": str(a.status),
            "dropped_reason": a.dropped_reason,
            "done_on": None if a.done_on is None else a.done_on.isoformat(),
            "factor_id": a.factor_id,
        }
        for a in pm.actions
    ]


def _interviews(pm: Postmortem, w: _Writer) -> list[dict[str, Any]]:
    return [
        {
            "id": i.id,
            "attendee_id": i.attendee_id,
            "held_on": None if i.held_on is None else i.held_on.isoformat(),
            "interviewer": i.interviewer,
            "scribe": i.scribe,
            "consent_to_record": i.consent_to_record,
            "notes_kept": str(i.notes_kept),
            "planned_minutes": i.planned_minutes,
            "elapsed_seconds": float(i.elapsed_seconds),
            "running_since": w.dt(i.running_since, f"/interviews/{n}/running_since"),
            "notes": i.notes,
        }
        for n, i in enumerate(pm.interviews)
    ]


def _meeting(pm: Postmortem, w: _Writer) -> dict[str, Any]:
    """The meeting plan as run, the timer and the language choices."""
    return (
        {
            "phases": [
                {
                    "phase": p.phase,
                    "planned_minutes": p.planned_minutes,
                    "actual_seconds": float(p.actual_seconds),
                }
                for p in pm.phases
            ],
            "timer": {
                "phase_index": pm.timer.phase_index,
                "running_since": w.dt(pm.timer.running_since, "/timer/running_since"),
                "started": pm.timer.started,
            },
            "language": {
                "allowed_words": list(pm.language.allowed_words),
                "ignored": list(pm.language.ignored),
            },
        }
        | _redaction(pm)
        | _facilitation(pm)
        | _related(pm)
    )


def _redaction(pm: Postmortem) -> dict[str, Any]:
    """The redacted edition's choices, only when there are some: a file without them stays
    readable by pmdesk 0.1.0, which knows no such key."""
    choices = dataclasses.asdict(pm.redaction)
    return {"redaction": choices} if any(choices.values()) else {}


def _facilitation(pm: Postmortem) -> dict[str, Any]:
    """The pre-read, parking lot, round robins and survey, only when there is something: a file
    without them stays readable by an older pmdesk, which knows no such key."""
    if pm.facilitation.is_empty():
        return {}
    w = _Writer()
    record = pm.facilitation
    people = {a.id for a in pm.attendees}
    if any(r.present(people) != r for r in record.round_robins):
        # Someone removed from the attendees after their round started: the file names only
        # people it holds.
        record = dataclasses.replace(
            record, round_robins=[r.present(people) for r in record.round_robins]
        )
    data = facilitation_to_json(record)
    for name, value in _times(pm.facilitation):
        w.dt(value, name)  # refuses a time without a timezone, naming where it is
    return {"facilitation": data}


def _times(f: Facilitation) -> list[tuple[str, datetime | None]]:
    base = "/facilitation"
    return [
        (f"{base}/pre_read_sent_at", f.pre_read_sent_at),
        *((f"{base}/parking_lot/{i}/parked_at", p.parked_at) for i, p in enumerate(f.parking_lot)),
        *((f"{base}/survey/{i}/received_at", a.received_at) for i, a in enumerate(f.survey)),
    ]


def _related(pm: Postmortem) -> dict[str, Any]:
    """Related postmortems by title and date (a database id means nothing in another
    database), only when there are some: a file without them stays readable by pmdesk 0.1.0."""
    if not pm.related:
        return {}
    return {
        "related": [
            {
                "title": link.title,
                "date": link.incident_day.isoformat() if link.incident_day else None,
            }
            for link in pm.related
        ]
    }


def dumps(pm: Postmortem, *, include_interviews: bool = False) -> str:
    """Pretty JSON text (two-space indent, real UTF-8 characters, trailing newline)."""
    data = to_json_dict(pm, include_interviews=include_interviews)
    try:
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:  # NaN or infinity in a number field
        raise InterchangeError("export", "", f"a number is not finite ({exc})") from None
    return text + "\n"


def save_file(
    pm: Postmortem, path: str | os.PathLike[str], *, include_interviews: bool = False
) -> None:
    """Write `dumps(pm)` as UTF-8, replacing `path` only once the whole text is on disk."""
    from pmdesk.files import FileProblem, atomic_write

    text = dumps(pm, include_interviews=include_interviews)
    try:
        atomic_write(path, text)
    except FileProblem as exc:
        raise InterchangeError(str(path), None, after_name(str(exc), str(path))) from None


class _Writer:
    def dt(self, value: datetime | None, pointer: str) -> str | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise InterchangeError(
                "export",
                pointer,
                f"the time {value.isoformat()} has no timezone, so the file would be ambiguous",
            )
        return value.isoformat()
