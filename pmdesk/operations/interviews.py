"""Interviews before the meeting: plan one per attendee, keep its record and notes, run its timer,
and turn a remark into a timeline event or a captured finding. Each change is one undo step."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pmdesk.document import Document
from pmdesk.interviews import (
    LONGEST_MINUTES,
    SHORTEST_MINUTES,
    elapsed_seconds,
    event_from_remark,
    interviewee_name,
    remark_text,
)
from pmdesk.model import CapturedFinding, Interview, NotesKept
from pmdesk.operations.edit import Edit, InsertItems, MoveItem, Refused, RemoveItems
from pmdesk.operations.findings import capture_finding
from pmdesk.operations.items import update_item
from pmdesk.operations.timeline import add_events

# What the record of an interview holds that the facilitator edits directly.
RECORD_FIELDS = frozenset(
    {
        "held_on",
        "interviewer",
        "scribe",
        "consent_to_record",
        "notes_kept",
        "planned_minutes",
        "notes",
    }
)


def _interview(doc: Document, interview_id: str) -> Interview:
    try:
        found: Interview = doc.find("interviews", interview_id)
    except KeyError:
        raise Refused("that interview is no longer in this postmortem") from None
    return found


def add_interview(doc: Document, attendee_id: str, interviewer: str = "") -> Edit:
    """Plan an interview with an attendee (one each); the facilitator interviews by default."""
    person = next((a for a in doc.pm.attendees if a.id == attendee_id), None)
    if person is None:
        raise Refused("that person is no longer on the attendee list")
    if any(i.attendee_id == attendee_id for i in doc.pm.interviews):
        raise Refused(f"{person.name} has an interview already: open it from the list.")
    if not interviewer:
        facilitator = doc.pm.facilitator
        interviewer = facilitator.name if facilitator is not None else ""
    interview = Interview(attendee_id=attendee_id, interviewer=interviewer)
    return Edit(f"Plan interview with {person.name}", [InsertItems("interviews", [interview])])


def remove_interview(doc: Document, interview_id: str) -> Edit:
    """Drop an interview and its notes; the undo brings both back."""
    interview = _interview(doc, interview_id)
    name = interviewee_name(doc.pm, interview)
    return Edit(f"Remove interview with {name}", [RemoveItems("interviews", [interview_id])])


def move_interview(doc: Document, interview_id: str, position: int) -> Edit:
    """Put an interview earlier or later in the order they are held."""
    _interview(doc, interview_id)
    position = max(0, min(position, len(doc.pm.interviews) - 1))
    if doc.index_of("interviews", interview_id) == position:
        return Edit("Move interview")
    return Edit("Move interview", [MoveItem("interviews", interview_id, position)])


def edit_interview(doc: Document, label: str, interview_id: str, changes: dict[str, Any]) -> Edit:
    """Change the record or the notes; the plan stays between 20 and 60 minutes."""
    _interview(doc, interview_id)
    other = sorted(set(changes) - RECORD_FIELDS)
    if other:
        raise Refused(f"an interview's {', '.join(other)} is not edited here")
    if "planned_minutes" in changes:
        minutes = changes["planned_minutes"]
        if not isinstance(minutes, int) or not SHORTEST_MINUTES <= minutes <= LONGEST_MINUTES:
            raise Refused(
                f"An interview is planned for {SHORTEST_MINUTES} to {LONGEST_MINUTES} minutes "
                f"(not {minutes})."
            )
    if "notes_kept" in changes:
        changes = changes | {"notes_kept": NotesKept(changes["notes_kept"])}
    for name in ("interviewer", "scribe"):
        if name in changes:
            changes = changes | {name: " ".join(str(changes[name]).split())}
    return update_item(doc, label, "interviews", interview_id, **changes)


def write_notes(doc: Document, interview_id: str, notes: str) -> Edit:
    return edit_interview(doc, "Edit interview notes", interview_id, {"notes": notes})


# -- the timer -----------------------------------------------------------------------------------


def start_timer(doc: Document, interview_id: str, now: datetime) -> Edit:
    interview = _interview(doc, interview_id)
    if interview.running_since is not None:
        return Edit("Start interview timer")
    return update_item(doc, "Start interview timer", "interviews", interview_id, running_since=now)


def stop_timer(doc: Document, interview_id: str, now: datetime) -> Edit:
    """Pause: the time so far is counted and kept."""
    interview = _interview(doc, interview_id)
    if interview.running_since is None:
        return Edit("Pause interview timer")
    return update_item(
        doc,
        "Pause interview timer",
        "interviews",
        interview_id,
        elapsed_seconds=elapsed_seconds(interview, now),
        running_since=None,
    )


def reset_timer(doc: Document, interview_id: str) -> Edit:
    _interview(doc, interview_id)
    return update_item(
        doc,
        "Reset interview timer",
        "interviews",
        interview_id,
        elapsed_seconds=0.0,
        running_since=None,
    )


# -- a remark into the review ----------------------------------------------------------------------


def remark_to_event(doc: Document, interview_id: str, remark: str) -> Edit:
    """Add what someone told as a timeline event (at the time the remark starts with)."""
    interview = _interview(doc, interview_id)
    if not remark_text(remark):
        raise Refused("Select the words of the remark to add to the timeline.")
    try:
        event = event_from_remark(doc.pm, interview, remark)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    return add_events(doc, [event], "Add remark to timeline")


def remark_to_finding(doc: Document, interview_id: str, remark: str, now: datetime) -> Edit:
    """Keep a remark as a captured finding ("I assumed … because …")."""
    _interview(doc, interview_id)
    text = remark_text(remark)
    if not text:
        raise Refused("Select the words of the remark to keep as a finding.")
    edit = capture_finding(doc, CapturedFinding(text=text, origin="interview", created_at=now))
    edit.label = "Keep remark as finding"
    return edit
