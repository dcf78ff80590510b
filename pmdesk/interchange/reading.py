"""Reading the format into a Postmortem: the checks first, then the model objects, then what a
schema cannot say (one facilitator, unique ids and entry numbers, links that point somewhere)."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from typing import Any

from pmdesk.facilitation import Facilitation
from pmdesk.facilitation import from_json as facilitation_from_json
from pmdesk.interchange.checks import (
    BadNumber,
    check_header,
    check_schema,
    check_values,
    json_problem,
    object_from_pairs,
    parse_float,
    parse_int,
)
from pmdesk.interchange.format import InterchangeError, after_name
from pmdesk.interchange.values import Problem, parse_date, parse_datetime
from pmdesk.model import (
    ActionItem,
    ActionStatus,
    ActionType,
    Attendee,
    CapturedFinding,
    Factor,
    Interview,
    Involvement,
    Kind,
    LanguageSettings,
    Marker,
    NotesKept,
    PhaseRecord,
    Postmortem,
    Question,
    RedactionSettings,
    RelatedLink,
    Severity,
    SeverityLevel,
    Status,
    TimelineEvent,
    TimerState,
    new_id,
)


def load_file(path: str | os.PathLike[str]) -> Postmortem:
    """Read and check one postmortem file; every problem becomes an InterchangeError."""
    from pmdesk.files import FileProblem, read_input

    source = os.fspath(path)
    try:
        raw = read_input(path)
    except FileProblem as exc:
        raise InterchangeError(source, None, after_name(str(exc), source)) from None
    return loads(raw, source=source)


def loads(text: str | bytes, *, source: str = "<input>") -> Postmortem:
    """Parse JSON text (bytes must be UTF-8) into a Postmortem."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InterchangeError(
                source,
                f"byte {exc.start}",
                f"the file is not UTF-8 text (found byte 0x{text[exc.start]:02x}); "
                "save it as UTF-8 and try again",
            ) from None
    if not text.strip():
        raise InterchangeError(source, "", "the file is empty")
    try:
        data = json.loads(
            text,
            object_pairs_hook=object_from_pairs,
            parse_constant=BadNumber,
            parse_float=parse_float,
            parse_int=parse_int,
        )
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            source, f"line {exc.lineno}, column {exc.colno}", json_problem(exc.msg)
        ) from None
    except RecursionError:
        raise InterchangeError(
            source, "", "the JSON is nested too deeply to be a postmortem"
        ) from None
    return from_json_dict(data, source=source)


def from_json_dict(data: Any, *, source: str = "<input>") -> Postmortem:
    """Check parsed JSON data and build the Postmortem; checks run before anything is built."""
    check_values(data, source)
    check_header(data, source)
    check_schema(data, source)
    return _Reader(source).postmortem(data)


class _Reader:
    """Builds model objects from schema-valid data and does the checks a schema cannot."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.ids: dict[str, str] = {}

    def fail(self, pointer: str, problem: str) -> InterchangeError:
        return InterchangeError(self.source, pointer, problem)

    def dt(self, value: str | None, pointer: str) -> datetime | None:
        if value is None:
            return None
        try:
            return parse_datetime(value)
        except Problem as exc:
            raise self.fail(pointer, str(exc)) from None

    def day(self, value: str | None, pointer: str) -> date | None:
        if value is None:
            return None
        try:
            return parse_date(value)
        except Problem as exc:
            raise self.fail(pointer, str(exc)) from None

    def claim_id(self, item: dict[str, Any], pointer: str) -> str:
        item_id = item.get("id")
        if item_id is None:
            item_id = new_id()
        elif item_id in self.ids:
            raise self.fail(
                f"{pointer}/id",
                f"the id '{item_id}' is already used by {self.ids[item_id]}; "
                "every item needs its own id",
            )
        self.ids[item_id] = pointer
        return str(item_id)

    def postmortem(self, data: dict[str, Any]) -> Postmortem:
        meta = data.get("metadata", {})
        sev = data.get("severity", {})
        default_sev = Severity()
        pm = Postmortem(
            title=data.get("title", ""),
            kind=Kind(data.get("kind", Kind.INCIDENT)),
            severity=Severity(
                level=SeverityLevel(sev.get("level", default_sev.level)),
                customer_facing=sev.get("customer_facing", default_sev.customer_facing),
                revenue_impact=sev.get("revenue_impact", default_sev.revenue_impact),
                data_loss=sev.get("data_loss", default_sev.data_loss),
            ),
            started_at=self.dt(data.get("started_at"), "/started_at"),
            detected_at=self.dt(data.get("detected_at"), "/detected_at"),
            resolved_at=self.dt(data.get("resolved_at"), "/resolved_at"),
            meeting_at=self.dt(data.get("meeting_at"), "/meeting_at"),
            summary=data.get("summary", ""),
            lessons=data.get("lessons", ""),
            services=list(data.get("services", [])),
            tags=list(data.get("tags", [])),
            status=Status(data.get("status", Status.DRAFT)),
            notes=data.get("notes", ""),
            created_at=self.dt(meta.get("created_at"), "/metadata/created_at"),
            updated_at=self.dt(meta.get("updated_at"), "/metadata/updated_at"),
        )
        pm.attendees = [
            self.attendee(a, f"/attendees/{i}") for i, a in enumerate(data.get("attendees", []))
        ]
        pm.timeline = [
            self.event(e, f"/timeline/{i}") for i, e in enumerate(data.get("timeline", []))
        ]
        pm.findings = [
            self.finding(f, f"/findings/{i}") for i, f in enumerate(data.get("findings", []))
        ]
        pm.factors = [
            self.factor(f, f"/factors/{i}") for i, f in enumerate(data.get("factors", []))
        ]
        pm.actions = [
            self.action(a, f"/actions/{i}") for i, a in enumerate(data.get("actions", []))
        ]
        pm.interviews = [
            self.interview(v, f"/interviews/{i}") for i, v in enumerate(data.get("interviews", []))
        ]
        self.meeting(pm, data)
        self.check_facilitator(data.get("attendees", []))
        self.assign_seq(pm.timeline, data.get("timeline", []))
        self.check_links(pm)
        if pm.timer.phase_index > max(len(pm.phases) - 1, 0):
            raise self.fail(
                "/timer/phase_index",
                f"{pm.timer.phase_index} points past the last meeting phase "
                f"(the file has {len(pm.phases)} phases, counted from 0)",
            )
        return pm

    def meeting(self, pm: Postmortem, data: dict[str, Any]) -> None:
        """The meeting plan as run, the timer and the language choices."""
        pm.phases = [
            PhaseRecord(
                phase=p["phase"],
                planned_minutes=p["planned_minutes"],
                actual_seconds=float(p.get("actual_seconds", 0.0)),
            )
            for p in data.get("phases", [])
        ]
        timer = data.get("timer", {})
        pm.timer = TimerState(
            phase_index=timer.get("phase_index", 0),
            running_since=self.dt(timer.get("running_since"), "/timer/running_since"),
            started=timer.get("started", False),
        )
        language = data.get("language", {})
        pm.language = LanguageSettings(
            allowed_words=list(language.get("allowed_words", [])),
            ignored=list(language.get("ignored", [])),
        )
        pm.redaction = RedactionSettings(
            **{k: list(v) for k, v in data.get("redaction", {}).items()}
        )
        pm.facilitation = self.facilitation(data.get("facilitation") or {})
        # Linked again to the library's postmortems on import (pmdesk.operations.related).
        pm.related = [
            RelatedLink(None, r["title"], self.day(r.get("date"), f"/related/{i}/date"))
            for i, r in enumerate(data.get("related", []))
        ]
        attendees = {a.id for a in pm.attendees}
        for i, robin in enumerate(pm.facilitation.round_robins):
            for name in ("order", "spoken"):
                for j, attendee_id in enumerate(getattr(robin, name)):
                    if attendee_id not in attendees:
                        raise self.fail(
                            f"/facilitation/round_robins/{i}/{name}/{j}",
                            f"{attendee_id!r} is not an attendee in this file",
                        )

    def facilitation(self, data: dict[str, Any]) -> Facilitation:
        """The record with its times checked as every other time in the file is."""
        base = "/facilitation"
        untimed = {
            **data,
            "pre_read_sent_at": None,
            "parking_lot": [p | {"parked_at": None} for p in data.get("parking_lot", [])],
            "survey": [a | {"received_at": None} for a in data.get("survey", [])],
        }
        record = facilitation_from_json(untimed)
        record.pre_read_sent_at = self.dt(data.get("pre_read_sent_at"), f"{base}/pre_read_sent_at")
        for i, (item, raw) in enumerate(
            zip(record.parking_lot, data.get("parking_lot", []), strict=False)
        ):
            item.parked_at = self.dt(raw.get("parked_at"), f"{base}/parking_lot/{i}/parked_at")
            item.id = self.claim_id(raw, f"{base}/parking_lot/{i}")
        for i, (answer, raw) in enumerate(zip(record.survey, data.get("survey", []), strict=False)):
            answer.received_at = self.dt(raw.get("received_at"), f"{base}/survey/{i}/received_at")
            answer.id = self.claim_id(raw, f"{base}/survey/{i}")
        return record

    def attendee(self, a: dict[str, Any], pointer: str) -> Attendee:
        return Attendee(
            name=a["name"],
            role=a.get("role", ""),
            involvement=Involvement(a.get("involvement", Involvement.ADJACENT)),
            facilitator=a.get("facilitator", False),
            id=self.claim_id(a, pointer),
        )

    def event(self, e: dict[str, Any], pointer: str) -> TimelineEvent:
        at = self.dt(e["at"], f"{pointer}/at")
        assert at is not None  # the schema requires a string here
        marker = e.get("marker")
        return TimelineEvent(
            at=at,
            text=e["text"],
            source=e.get("source", "manual"),
            marker=None if marker is None else Marker(marker),
            seen=e.get("seen", ""),
            believed=e.get("believed", ""),
            done_next=e.get("done_next", ""),
            added_by=e.get("added_by", ""),
            seq=e.get("seq", -1),
            id=self.claim_id(e, pointer),
        )

    def finding(self, f: dict[str, Any], pointer: str) -> CapturedFinding:
        return CapturedFinding(
            text=f["text"],
            origin=f.get("origin", "notes"),
            created_at=self.dt(f.get("created_at"), f"{pointer}/created_at"),
            id=self.claim_id(f, pointer),
        )

    def factor(self, f: dict[str, Any], pointer: str) -> Factor:
        return Factor(
            question=Question(f["question"]),
            text=f["text"],
            whys=list(f.get("whys", [])),
            event_ids=list(f.get("event_ids", [])),
            finding_ids=list(f.get("finding_ids", [])),
            id=self.claim_id(f, pointer),
        )

    def action(self, a: dict[str, Any], pointer: str) -> ActionItem:
        return ActionItem(
            description=a["description"],
            type=ActionType(a.get("type", ActionType.PREVENT)),
            owner=a.get("owner", ""),
            deadline=self.day(a.get("deadline"), f"{pointer}/deadline"),
            status=ActionStatus(a.get("status", ActionStatus.OPEN)),
            dropped_reason=a.get("dropped_reason", ""),
            done_on=self.day(a.get("done_on"), f"{pointer}/done_on"),
            factor_id=a.get("factor_id"),
            id=self.claim_id(a, pointer),
        )

    def interview(self, v: dict[str, Any], pointer: str) -> Interview:
        return Interview(
            attendee_id=v["attendee_id"],
            held_on=self.day(v.get("held_on"), f"{pointer}/held_on"),
            interviewer=v.get("interviewer", ""),
            scribe=v.get("scribe", ""),
            consent_to_record=v.get("consent_to_record", False),
            notes_kept=NotesKept(v.get("notes_kept", NotesKept.UNTIL_PUBLISHED)),
            planned_minutes=v.get("planned_minutes", 30),
            elapsed_seconds=float(v.get("elapsed_seconds", 0.0)),
            running_since=self.dt(v.get("running_since"), f"{pointer}/running_since"),
            notes=v.get("notes", ""),
            id=self.claim_id(v, pointer),
        )

    def check_facilitator(self, attendees: list[dict[str, Any]]) -> None:
        first: int | None = None
        for i, a in enumerate(attendees):
            if a.get("facilitator", False):
                if first is not None:
                    raise self.fail(
                        f"/attendees/{i}/facilitator",
                        f"only one attendee can be the facilitator, and /attendees/{first} "
                        "already is",
                    )
                first = i

    def assign_seq(self, events: list[TimelineEvent], raw: list[dict[str, Any]]) -> None:
        """Keep the file's entry numbers; number events without one after them, in file order."""
        used: dict[int, int] = {}
        for i, event in enumerate(events):
            if event.seq < 0:
                continue
            if event.seq in used:
                raise self.fail(
                    f"/timeline/{i}/seq",
                    f"the entry number {event.seq} is already used by /timeline/{used[event.seq]}",
                )
            used[event.seq] = i
        next_seq = max(used, default=-1) + 1
        for event in events:
            if event.seq < 0:
                event.seq = next_seq
                next_seq += 1

    def check_links(self, pm: Postmortem) -> None:
        events = {e.id for e in pm.timeline}
        findings = {f.id for f in pm.findings}
        factors = {f.id for f in pm.factors}
        for i, factor in enumerate(pm.factors):
            for j, event_id in enumerate(factor.event_ids):
                if event_id not in events:
                    raise self.fail(
                        f"/factors/{i}/event_ids/{j}",
                        f"there is no timeline event with the id '{event_id}' in this file",
                    )
            for j, finding_id in enumerate(factor.finding_ids):
                if finding_id not in findings:
                    raise self.fail(
                        f"/factors/{i}/finding_ids/{j}",
                        f"there is no captured finding with the id '{finding_id}' in this file",
                    )
        attendees = {a.id for a in pm.attendees}
        interviewed: dict[str, int] = {}
        for i, interview in enumerate(pm.interviews):
            if interview.attendee_id not in attendees:
                raise self.fail(
                    f"/interviews/{i}/attendee_id",
                    f"there is no attendee with the id '{interview.attendee_id}' in this file",
                )
            if interview.attendee_id in interviewed:
                raise self.fail(
                    f"/interviews/{i}/attendee_id",
                    f"this attendee has an interview already (/interviews/"
                    f"{interviewed[interview.attendee_id]}); one interview per attendee",
                )
            interviewed[interview.attendee_id] = i
        for i, action in enumerate(pm.actions):
            if action.factor_id is not None and action.factor_id not in factors:
                raise self.fail(
                    f"/actions/{i}/factor_id",
                    f"there is no contributing factor with the id '{action.factor_id}' "
                    "in this file",
                )


def renew_ids(pm: Postmortem) -> None:
    """Give every child item a fresh id and rewrite the links, e.g. to import one file twice."""
    mapping: dict[str, str] = {}
    items: list[Attendee | TimelineEvent | CapturedFinding | Factor | ActionItem | Interview] = [
        *pm.attendees,
        *pm.timeline,
        *pm.findings,
        *pm.factors,
        *pm.actions,
        *pm.interviews,
    ]
    for item in items:
        fresh = new_id()
        mapping[item.id] = fresh
        item.id = fresh
    for factor in pm.factors:
        factor.event_ids = [mapping.get(i, i) for i in factor.event_ids]
        factor.finding_ids = [mapping.get(i, i) for i in factor.finding_ids]
    for action in pm.actions:
        if action.factor_id is not None:
            action.factor_id = mapping.get(action.factor_id, action.factor_id)
    for interview in pm.interviews:
        interview.attendee_id = mapping.get(interview.attendee_id, interview.attendee_id)
