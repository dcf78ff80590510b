"""The pre-meeting checklist: what to fix before the review starts, each with why it matters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pmdesk.fieldwise import FrozenFieldwise
from pmdesk.model import Involvement, Postmortem

REVIEW_WINDOW_HOURS = 48
MIN_ATTENDEES = 4
MAX_ATTENDEES = 8
PRE_READ_HOURS = 24


@dataclass(frozen=True, repr=False, eq=False)
class Check(FrozenFieldwise):
    key: str
    ok: bool
    title: str
    detail: str


def _hours(delta_seconds: float) -> str:
    hours = delta_seconds / 3600
    if hours < 1:
        return f"{max(0, round(delta_seconds / 60))} minutes"
    if hours < 48:
        return f"{hours:.0f} hours" if hours >= 2 else "1 hour"
    return f"{hours / 24:.1f} days"


def premeeting_checks(pm: Postmortem, now: datetime) -> list[Check]:
    """Checks for the Overview panel. `now` is injected so tests never depend on the clock."""
    checks: list[Check] = []

    if pm.resolved_at is None:
        checks.append(
            Check(
                "since_resolution",
                False,
                "Resolution time not set",
                "Set when the incident was resolved: reviews held within 48 hours keep memories "
                "accurate.",
            )
        )
    else:
        seconds = (now - pm.resolved_at).total_seconds()
        late = seconds > REVIEW_WINDOW_HOURS * 3600
        future = seconds < 0
        checks.append(
            Check(
                "since_resolution",
                not late and not future,
                f"{_hours(seconds)} since resolution"
                if seconds >= 0
                else "Resolution time is in the future",
                "Memory fades within days: past 48 hours the story gets tidier and less true."
                if late
                else (
                    "Check the resolved time: it is later than now."
                    if future
                    else "Within the 48-hour window, while memories are fresh."
                ),
            )
        )

    count = len(pm.attendees)
    in_range = MIN_ATTENDEES <= count <= MAX_ATTENDEES
    checks.append(
        Check(
            "attendees",
            in_range,
            f"{count} attendee{'s' if count != 1 else ''}",
            "4 to 8 people who were involved or can help fix it: enough perspectives, "
            "few enough to talk."
            if in_range
            else (
                "Fewer than 4 misses perspectives; invite the change author, the responder and "
                "the owners of what failed."
                if count < MIN_ATTENDEES
                else "More than 8 turns a review into an audience; invite only people who "
                "were involved or can fix it."
            ),
        )
    )

    facilitator = pm.facilitator
    involved = facilitator is not None and facilitator.involvement == Involvement.DIRECTLY_INVOLVED
    checks.append(
        Check(
            "facilitator",
            facilitator is not None and not involved,
            "No facilitator marked"
            if facilitator is None
            else (
                f"Facilitator {facilitator.name} was directly involved"
                if involved
                else f"Facilitator: {facilitator.name}"
            ),
            "Mark one attendee as facilitator: someone who keeps the meeting on track."
            if facilitator is None
            else (
                "Someone who was in the incident finds it hard to stay neutral; pick a less "
                "involved person if you can."
                if involved
                else "Not directly involved, so free to keep the discussion on systems."
            ),
        )
    )

    has_events = bool(pm.timeline)
    checks.append(
        Check(
            "timeline",
            has_events,
            f"Timeline has {len(pm.timeline)} events" if has_events else "Timeline is empty",
            "Facts gathered before the meeting leave the hour for understanding."
            if has_events
            else "Gather the facts first (alerts, deploys, chat): building them in the room "
            "eats the meeting.",
        )
    )
    checks.append(pre_read_check(pm))
    return checks


def pre_read_check(pm: Postmortem) -> Check:
    """Whether the pre-read went out at least a day before the meeting."""
    sent = pm.facilitation.pre_read_sent_at
    why = (
        "A pre-read sent a day ahead lets people check the draft timeline and come with "
        "answers to the open questions (File > Export pre-read)."
    )
    if sent is None:
        return Check("pre_read", False, "No pre-read sent", why)
    if pm.meeting_at is None:
        return Check(
            "pre_read",
            False,
            "Pre-read sent; meeting time not set",
            "Set the meeting time: the pre-read should go out at least 24 hours before it.",
        )
    seconds = (pm.meeting_at - sent).total_seconds()
    if seconds < PRE_READ_HOURS * 3600:
        return Check(
            "pre_read",
            False,
            "Pre-read sent after the meeting"
            if seconds < 0
            else f"Pre-read sent only {_hours(seconds)} before the meeting",
            why.replace("sent a day ahead", "sent at least 24 hours ahead"),
        )
    return Check(
        "pre_read",
        True,
        f"Pre-read sent {_hours(seconds)} before the meeting",
        "Time enough for everyone to read the draft timeline and the open questions.",
    )
