"""The postmortem as plain, typed data.

Nothing here knows about Qt or SQL. Child items carry string ids made here (uuid4 hex), so an
undone deletion comes back with the same id and links between items (a factor's events, an
action's factor) never depend on the database.

There is deliberately no "who was responsible" field anywhere: a postmortem names people only as
attendees and as action-item owners.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from pmdesk.facilitation import Facilitation
from pmdesk.fieldwise import Fieldwise, FrozenFieldwise


def new_id() -> str:
    import uuid  # not at import time: the library lists before any item is made

    return uuid.uuid4().hex


class Kind(StrEnum):
    INCIDENT = "incident"
    NEAR_MISS = "near_miss"
    SECURITY = "security"

    @property
    def label(self) -> str:
        return {"incident": "Incident", "near_miss": "Near miss", "security": "Security"}[
            self.value
        ]


class Status(StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class SeverityLevel(StrEnum):
    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"

    @property
    def label(self) -> str:
        return {
            "SEV1": "SEV1 - critical",
            "SEV2": "SEV2 - major",
            "SEV3": "SEV3 - minor",
            "SEV4": "SEV4 - low",
        }[self.value]


class Involvement(StrEnum):
    DIRECTLY_INVOLVED = "directly_involved"
    ADJACENT = "adjacent"
    OBSERVER = "observer"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Marker(StrEnum):
    """Milestones on the timeline; the durations (time to detect, ...) are measured between them."""

    TRIGGER = "trigger"
    DETECTION = "detection"
    ACKNOWLEDGEMENT = "acknowledgement"
    DIAGNOSIS = "diagnosis"
    MITIGATION = "mitigation"
    RECOVERY = "recovery"
    RESOLUTION = "resolution"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# Known timeline sources; any other free text is accepted as well.
# Where a fact came from: every import sets one of these (the facilitator may type any other word).
SOURCES: tuple[str, ...] = (
    "monitoring", "alert", "deploy", "log", "chat", "ticket", "statuspage", "contribution",
    "interview", "manual",
)  # fmt: skip


class Question(StrEnum):
    """The four contributing-factor questions, plus a bucket for the rest."""

    RISKY = "risky"
    NOT_CAUGHT = "not_caught"
    SLOW_DETECTION = "slow_detection"
    SLOW_RECOVERY = "slow_recovery"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "risky": "Why was the change risky?",
            "not_caught": "Why wasn't it caught earlier?",
            "slow_detection": "Why did detection take as long as it did?",
            "slow_recovery": "Why did recovery take as long as it did?",
            "other": "Other factors",
        }[self.value]


class ActionType(StrEnum):
    """In priority order: preventing beats detecting beats mitigating."""

    PREVENT = "prevent"
    DETECT = "detect"
    MITIGATE = "mitigate"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def priority(self) -> int:
        return list(ActionType).index(self)


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(repr=False, eq=False)
class Severity(Fieldwise):
    level: SeverityLevel = SeverityLevel.SEV3
    customer_facing: bool = False
    revenue_impact: bool = False
    data_loss: bool = False


@dataclass(repr=False, eq=False)
class Attendee(Fieldwise):
    name: str
    role: str = ""
    involvement: Involvement = Involvement.ADJACENT
    facilitator: bool = False
    id: str = field(default_factory=new_id)


@dataclass(repr=False, eq=False)
class TimelineEvent(Fieldwise):
    """One fact: when, what happened, where the fact came from, and what the room said about it."""

    at: datetime
    text: str
    source: str = "manual"
    marker: Marker | None = None
    seen: str = ""
    believed: str = ""
    done_next: str = ""
    # Who told the fact, when an attendee did (a returned contribution sheet); empty when the
    # facilitator or a tool's export did. Where it came from stays in `source`.
    added_by: str = ""
    # Entry order: keeps events with the same time in the order they were entered.
    seq: int = 0
    id: str = field(default_factory=new_id)


@dataclass(repr=False, eq=False)
class CapturedFinding(Fieldwise):
    """A "listen for" sentence captured during the meeting ("I assumed X because ...")."""

    text: str
    origin: str = "notes"
    created_at: datetime | None = None
    id: str = field(default_factory=new_id)


@dataclass(repr=False, eq=False)
class Factor(Fieldwise):
    question: Question
    text: str
    whys: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    finding_ids: list[str] = field(default_factory=list)
    id: str = field(default_factory=new_id)


@dataclass(repr=False, eq=False)
class ActionItem(Fieldwise):
    description: str
    type: ActionType = ActionType.PREVENT
    owner: str = ""
    deadline: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    dropped_reason: str = ""
    done_on: date | None = None
    factor_id: str | None = None
    id: str = field(default_factory=new_id)


@dataclass(repr=False, eq=False)
class PhaseRecord(Fieldwise):
    """One phase of the meeting plan: its planned length and the time actually spent in it."""

    phase: str
    planned_minutes: int
    actual_seconds: float = 0.0


@dataclass(repr=False, eq=False)
class TimerState(Fieldwise):
    """What survives a restart: the phase, and whether and since when (wall clock, UTC) it ran.

    While running, the current phase's elapsed time is its PhaseRecord.actual_seconds plus the time
    since `running_since`.
    """

    phase_index: int = 0
    running_since: datetime | None = None
    started: bool = False


@dataclass(repr=False, eq=False)
class LanguageSettings(Fieldwise):
    """Per-document choices for the blame-language check."""

    allowed_words: list[str] = field(default_factory=list)
    # Findings the facilitator chose to ignore, as stable keys made by the language engine.
    ignored: list[str] = field(default_factory=list)


@dataclass(repr=False, eq=False)
class RedactionSettings(Fieldwise):
    """The facilitator's choices for the redacted edition, saved with the postmortem.

    restricted: what a redacted edition leaves out whole: "summary", "lessons" or an item as
    "collection:id" ("timeline:4f1c..."). terms: words of their own to redact wherever they occur
    (a project code name, a customer). kept: originals the facilitator chose to leave as written
    (one redaction undone).
    """

    restricted: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


@dataclass(frozen=True, repr=False, eq=False)
class RelatedLink(FrozenFieldwise):
    """An earlier postmortem the team linked as related ("we have seen this before").

    Its title and incident day are kept as they were when linked, so the report and an
    exported file can name it where the library is not at hand; `postmortem_id` is None when
    a file read into another database named one that is not there.
    """

    postmortem_id: int | None
    title: str
    incident_day: date | None = None


class NotesKept(StrEnum):
    """How long an interview's notes are kept, as said to the interviewee before it starts."""

    UNTIL_PUBLISHED = "until_published"
    DAYS_30 = "30_days"
    DAYS_90 = "90_days"
    WITH_POSTMORTEM = "with_postmortem"

    @property
    def label(self) -> str:
        return {
            "until_published": "Until the report is published",
            "30_days": "30 days",
            "90_days": "90 days",
            "with_postmortem": "As long as the postmortem",
        }[self.value]


@dataclass(repr=False, eq=False)
class Interview(Fieldwise):
    """A one-to-one conversation with an attendee before the meeting, and its private notes.

    The notes are the interviewee's words, told in confidence: no export carries them unless the
    facilitator asks for it on that export, and the redacted edition never does. While the timer
    runs, its elapsed time is `elapsed_seconds` plus the time since `running_since` (UTC).
    """

    attendee_id: str
    held_on: date | None = None
    interviewer: str = ""
    scribe: str = ""
    consent_to_record: bool = False
    notes_kept: NotesKept = NotesKept.UNTIL_PUBLISHED
    planned_minutes: int = 30
    elapsed_seconds: float = 0.0
    running_since: datetime | None = None
    notes: str = ""
    id: str = field(default_factory=new_id)


@dataclass(repr=False, eq=False)
class Postmortem(Fieldwise):
    title: str = ""
    kind: Kind = Kind.INCIDENT
    severity: Severity = field(default_factory=Severity)
    started_at: datetime | None = None
    detected_at: datetime | None = None
    resolved_at: datetime | None = None
    meeting_at: datetime | None = None
    summary: str = ""
    lessons: str = ""
    services: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    status: Status = Status.DRAFT
    notes: str = ""
    attendees: list[Attendee] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    findings: list[CapturedFinding] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    phases: list[PhaseRecord] = field(default_factory=list)
    timer: TimerState = field(default_factory=TimerState)
    language: LanguageSettings = field(default_factory=LanguageSettings)
    redaction: RedactionSettings = field(default_factory=RedactionSettings)
    # The pre-read, the parking lot, round robins and the survey (pmdesk.facilitation).
    facilitation: Facilitation = field(default_factory=Facilitation)
    related: list[RelatedLink] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
    # Assigned by the database; None until first saved.
    id: int | None = None

    @property
    def facilitator(self) -> Attendee | None:
        return next((a for a in self.attendees if a.facilitator), None)

    @property
    def incident_date(self) -> datetime | None:
        return self.started_at or self.detected_at or self.resolved_at


# Names of the child collections of a Postmortem, as used by document operations and storage.
COLLECTIONS: tuple[str, ...] = (
    "attendees", "timeline", "findings", "factors", "actions", "interviews",
)  # fmt: skip

# Top-level scalar fields a user edits directly.
FIELDS: tuple[str, ...] = (
    "title",
    "kind",
    "severity",
    "started_at",
    "detected_at",
    "resolved_at",
    "meeting_at",
    "summary",
    "lessons",
    "services",
    "tags",
    "status",
    "notes",
    "phases",
    "timer",
    "language",
    "redaction",
    "facilitation",
    "related",
)


@dataclass(frozen=True, repr=False, eq=False)
class TrackedAction(FrozenFieldwise):
    """One action item with the postmortem it belongs to."""

    postmortem_id: int
    postmortem_title: str
    item: ActionItem
