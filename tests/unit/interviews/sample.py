"""A postmortem with interviews whose notes hold words found nowhere else."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pmdesk.model import (
    Attendee,
    CapturedFinding,
    Interview,
    Involvement,
    NotesKept,
    Postmortem,
    TimelineEvent,
)

# Words only the interview notes hold: found in an export only when the notes went into it.
SECRET = "Quillwort"
SECOND_SECRET = "Marramgrass"
STARTED = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)


def postmortem_with_interviews() -> Postmortem:
    pm = Postmortem(
        title="Payment service outage",
        started_at=STARTED,
        resolved_at=datetime(2026, 4, 15, 14, 50, tzinfo=UTC),
        summary="Payments failed for 18 minutes after a deploy.",
    )
    ana = Attendee("Ana Ortiz", "on-call SRE", Involvement.DIRECTLY_INVOLVED)
    raj = Attendee("Raj Patel", "release engineer", Involvement.DIRECTLY_INVOLVED)
    fay = Attendee("Fay Lin", "staff engineer", Involvement.OBSERVER, facilitator=True)
    pm.attendees = [ana, raj, fay]
    pm.timeline = [
        TimelineEvent(STARTED, "Deploy of payment-service v2.4.1", "deploy", seq=0),
        TimelineEvent(datetime(2026, 4, 15, 14, 35, tzinfo=UTC), "Alert fires", "alert", seq=1),
    ]
    pm.findings = [CapturedFinding("The dashboard looked normal")]
    pm.interviews = [
        Interview(
            attendee_id=ana.id,
            held_on=date(2026, 4, 16),
            interviewer="Fay Lin",
            scribe="Ole Berg",
            consent_to_record=True,
            notes_kept=NotesKept.DAYS_30,
            planned_minutes=45,
            elapsed_seconds=1530.0,
            notes=f"I assumed the {SECRET} flag was off because staging had it off.\n"
            "The alert named the wrong service.",
        ),
        Interview(
            attendee_id=raj.id,
            interviewer="Fay Lin",
            notes=f"Raj said the careless {SECOND_SECRET} rollout looked routine.",
        ),
    ]
    return pm
