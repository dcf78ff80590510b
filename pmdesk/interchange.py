"""One whole postmortem as a JSON file: the format other tools and other pmdesk installs exchange.

The format is versioned (`"format": "pmdesk.postmortem"`, `"version": 1`) and described by a JSON
Schema shipped in `pmdesk/schemas/`, so other tools can validate what they write. Reading is strict:
an unknown key, a time without a timezone or a link to an item that is not in the file is an error
that names the file and the place (a JSON pointer such as `/timeline/3/at`), because silently
dropping or guessing would change what the review says. docs/json-format.md is the reference.

Item ids are kept in both directions so that the links between items (a factor's events and
findings, an action's factor) survive a round trip. The database id is never written.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from typing import Any

from pmdesk import __version__
from pmdesk.model import (
    ActionItem,
    ActionStatus,
    ActionType,
    Attendee,
    CapturedFinding,
    Factor,
    Involvement,
    Kind,
    LanguageSettings,
    Marker,
    PhaseRecord,
    Postmortem,
    Question,
    Severity,
    SeverityLevel,
    Status,
    TimelineEvent,
    TimerState,
    new_id,
)

FORMAT = "pmdesk.postmortem"
VERSION = 1
SCHEMA_FILE = "postmortem-v1.schema.json"

_EXAMPLE_DATETIME = "2026-04-15T14:32:00+00:00"
_DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
    r"(?P<tz>[Zz]|(?P<sign>[+-])(?P<oh>\d{2}):(?P<om>\d{2})(?::\d{2}(?:\.\d{1,6})?)?)?$"
)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# Longer integers than this are not a count of anything in a postmortem; Python would also refuse
# to convert the very long ones.
_MAX_INT_DIGITS = 30


class InterchangeError(ValueError):
    """A file pmdesk cannot import, with where and what, ready to show to the user as is."""

    def __init__(self, source: str, location: str | None, problem: str) -> None:
        """location None: a problem with the file itself (missing, a pipe, the disk full)."""
        self.source = source
        self.location = "" if location is None else location or "(top level)"
        self.problem = problem
        place = f"{self.location}: " if self.location else ""
        super().__init__(f"{source}: {place}{problem}")


class _BadNumber:
    """Stands in for NaN, Infinity and absurdly long numbers so they are reported, not kept."""

    def __init__(self, text: str) -> None:
        self.text = text


class _DuplicateKeys(dict[str, Any]):
    """A JSON object that named a key twice; plain `json` would silently keep only the last one."""

    duplicates: list[str]


class _Problem(Exception):
    """A value-level problem; the caller adds the file and the pointer."""


# -- writing -----------------------------------------------------------------------------------


def to_json_dict(pm: Postmortem) -> dict[str, Any]:
    """The whole postmortem as plain JSON data, keys in a fixed, readable order."""
    w = _Writer()
    sev = pm.severity
    return {
        "format": FORMAT,
        "version": VERSION,
        "metadata": {
            "generator": f"pmdesk {__version__}",
            "created_at": w.dt(pm.created_at, "/metadata/created_at"),
            "updated_at": w.dt(pm.updated_at, "/metadata/updated_at"),
        },
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
        "timeline": [
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
        ],
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
        "actions": [
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
        ],
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


def dumps(pm: Postmortem) -> str:
    """Pretty JSON text (two-space indent, real UTF-8 characters, trailing newline)."""
    data = to_json_dict(pm)
    try:
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:  # NaN or infinity in a number field
        raise InterchangeError("export", "", f"a number is not finite ({exc})") from None
    return text + "\n"


def save_file(pm: Postmortem, path: str | os.PathLike[str]) -> None:
    """Write `dumps(pm)` as UTF-8, replacing `path` only once the whole text is on disk."""
    from pmdesk.files import FileProblem, atomic_write

    text = dumps(pm)
    try:
        atomic_write(path, text)
    except FileProblem as exc:
        raise InterchangeError(str(path), None, _after_name(str(exc), str(path))) from None


def _after_name(message: str, name: str) -> str:
    """A FileProblem's words without the file name in front (InterchangeError adds it)."""
    return message[len(name) + 2 :] if message.startswith(name + ": ") else message


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


# -- reading -----------------------------------------------------------------------------------


def load_file(path: str | os.PathLike[str]) -> Postmortem:
    """Read and check one postmortem file; every problem becomes an InterchangeError."""
    from pmdesk.files import FileProblem, read_input

    source = os.fspath(path)
    try:
        raw = read_input(path)
    except FileProblem as exc:
        raise InterchangeError(source, None, _after_name(str(exc), source)) from None
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
            object_pairs_hook=_object_from_pairs,
            parse_constant=_BadNumber,
            parse_float=_parse_float,
            parse_int=_parse_int,
        )
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            source, f"line {exc.lineno}, column {exc.colno}", _json_problem(exc.msg)
        ) from None
    except RecursionError:
        raise InterchangeError(
            source, "", "the JSON is nested too deeply to be a postmortem"
        ) from None
    return from_json_dict(data, source=source)


def from_json_dict(data: Any, *, source: str = "<input>") -> Postmortem:
    """Check parsed JSON data and build the Postmortem; checks run before anything is built."""
    _check_values(data, source)
    _check_header(data, source)
    _check_schema(data, source)
    return _Reader(source).postmortem(data)


def schema() -> dict[str, Any]:
    """The JSON Schema of format version 1, as shipped in the package."""
    loaded: dict[str, Any] = json.loads(_schema_text())
    return loaded


@cache
def _schema_text() -> str:
    return resources.files("pmdesk.schemas").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def _validator() -> Any:
    # Imported here: jsonschema is only needed when a file is imported, not at start-up.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: set[str] = set()
    duplicates: list[str] = []
    for key, _ in pairs:
        if key in seen and key not in duplicates:
            duplicates.append(key)
        seen.add(key)
    flagged = _DuplicateKeys(pairs)
    flagged.duplicates = duplicates
    return flagged


def _parse_float(text: str) -> float | _BadNumber:
    value = float(text)
    return value if math.isfinite(value) else _BadNumber(text)


def _parse_int(text: str) -> int | _BadNumber:
    return int(text) if len(text.lstrip("-")) <= _MAX_INT_DIGITS else _BadNumber(text)


_JSON_MESSAGES = {
    "Expecting value": "expected a value (text in double quotes, a number, true, false, null, "
    "a list or an object)",
    "Expecting ',' delimiter": "expected a comma between two items",
    "Expecting ':' delimiter": "expected a colon after the key",
    "Expecting property name enclosed in double quotes": "expected a key in double quotes "
    "(JSON allows no comma after the last item)",
    "Unterminated string starting at": "a text value is not closed with a double quote",
    "Invalid control character at": "a text value contains a raw line break or tab; "
    "write it as \\n or \\t",
    "Extra data": "there is more after the end of the JSON value",
    "Invalid \\escape": "a backslash escape is not valid JSON",
}


def _json_problem(msg: str) -> str:
    return f"not valid JSON: {_JSON_MESSAGES.get(msg, msg)}"


def _pointer(parts: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _walk(data: Any) -> Iterator[tuple[list[Any], Any]]:
    """Every value with its path, without recursion (deep nesting must not crash the check)."""
    stack: list[tuple[list[Any], Any]] = [([], data)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if isinstance(value, dict):
            stack.extend(([*path, k], v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend(([*path, i], v) for i, v in reversed(list(enumerate(value))))


def _check_values(data: Any, source: str) -> None:
    """What JSON parsers let through but would corrupt the document: repeats, NaN, broken text."""
    for path, value in _walk(data):
        where = _pointer(path)
        if isinstance(value, _DuplicateKeys):
            key = value.duplicates[0]
            raise InterchangeError(
                source, where, f"the key '{key}' appears more than once in the same object"
            )
        if isinstance(value, dict):
            for key in value:
                if not isinstance(key, str):
                    raise InterchangeError(source, where, f"the key {key!r} is not text")
                if _SURROGATE_RE.search(key):
                    raise InterchangeError(source, where, "a key contains a broken character")
        if isinstance(value, _BadNumber):
            raise InterchangeError(
                source, where, f"{value.text} is not allowed: numbers must be finite and short"
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise InterchangeError(source, where, f"{value} is not allowed: numbers must be finite")
        if isinstance(value, str) and _SURROGATE_RE.search(value):
            raise InterchangeError(
                source,
                where,
                "the text contains a broken character (half of a UTF-16 surrogate pair)",
            )


def _check_header(data: Any, source: str) -> None:
    if not isinstance(data, dict):
        raise InterchangeError(
            source, "", f"expected a JSON object holding one postmortem, found {_show(data)}"
        )
    if "format" not in data:
        raise InterchangeError(
            source,
            "",
            f"this is not a pmdesk postmortem: the key 'format' is missing "
            f'(a pmdesk file starts with "format": "{FORMAT}")',
        )
    if data["format"] != FORMAT:
        raise InterchangeError(
            source,
            "/format",
            f"{_show(data['format'])} is not a pmdesk postmortem (expected '{FORMAT}')",
        )
    if "version" not in data:
        raise InterchangeError(source, "", "the key 'version' is missing")
    version = data["version"]
    if type(version) is not int:
        raise InterchangeError(
            source, "/version", f"expected a whole number such as {VERSION}, found {_show(version)}"
        )
    if version > VERSION:
        raise InterchangeError(
            source,
            "/version",
            f"this file was made by a newer pmdesk (format version {version}); this pmdesk reads "
            f"format version {VERSION}. Update pmdesk to import it.",
        )
    if version < 1:
        raise InterchangeError(
            source,
            "/version",
            f"{version} is not a pmdesk format version (this pmdesk reads version {VERSION})",
        )


def _check_schema(data: Any, source: str) -> None:
    from jsonschema.exceptions import best_match

    errors = list(_validator().iter_errors(data))
    if not errors:
        return
    error = best_match(errors)
    location, problem = _describe(error)
    if len(errors) > 1:
        more = len(errors) - 1
        problem += f" (and {more} more problem{'s' if more > 1 else ''} in this file)"
    raise InterchangeError(source, location, problem)


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


def _describe(error: Any) -> tuple[str, str]:
    """A jsonschema error in the facilitator's words: (JSON pointer, problem)."""
    where = _pointer(error.absolute_path)
    value = error.instance
    rule = error.validator
    sub: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    if rule == "required":
        missing = [k for k in error.validator_value if k not in value]
        return where, f"the required key '{missing[0]}' is missing"
    if rule == "additionalProperties":
        known = list(sub.get("properties", {}))
        extra = [k for k in value if k not in known]
        key = extra[0]
        hint = difflib.get_close_matches(key, known, n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else " in format version 1"
        return f"{where}/{_pointer([key])[1:]}", f"unknown key '{key}'{suggestion}"
    if rule == "type":
        wanted = error.validator_value
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        return where, f"expected {' or '.join(_TYPE_WORDS[n] for n in names)}, found {_show(value)}"
    if rule == "enum":
        allowed = ", ".join("null" if v is None else str(v) for v in error.validator_value)
        return where, f"{_show(value)} is not one of: {allowed}"
    if rule == "const":
        return where, f"expected {_show(error.validator_value)}, found {_show(value)}"
    if rule == "pattern":
        if sub.get("format") == "date-time":
            return where, _datetime_problem(value) or f"{_show(value)} is not a date-time"
        if sub.get("format") == "date":
            return where, _date_problem(value) or f"{_show(value)} is not a date"
        return where, (
            f"{_show(value)} is not a usable id: use letters, digits, '.', '_', ':' or '-' only"
        )
    if rule == "minLength":
        return where, "must not be empty"
    if rule == "maxLength":
        return where, f"is too long ({len(value)} characters; at most {error.validator_value})"
    if rule == "minimum":
        return where, f"{value} is too small (the smallest allowed is {error.validator_value})"
    if rule == "maximum":
        return where, f"{value} is too large (the largest allowed is {error.validator_value})"
    if rule == "uniqueItems":
        return where, "the list names the same item more than once"
    return where, str(error.message)


def _show(value: Any) -> str:
    """A value as the user wrote it, short enough for a one-line message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return "'" + text.replace("\n", "\\n") + "'"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _datetime_problem(value: str) -> str | None:
    try:
        _parse_datetime(value)
    except _Problem as exc:
        return str(exc)
    return None


def _date_problem(value: str) -> str | None:
    try:
        _parse_date(value)
    except _Problem as exc:
        return str(exc)
    return None


def _parse_datetime(value: str) -> datetime:
    match = _DATETIME_RE.match(value)
    if match is None:
        raise _Problem(
            f"{_show(value)} is not an ISO 8601 date-time (write it like {_EXAMPLE_DATETIME})"
        )
    if match["tz"] is None:
        raise _Problem(
            f"{_show(value)} has no timezone offset; add one, such as Z for UTC or +02:00"
        )
    if match["sign"] and (int(match["oh"]) > 23 or int(match["om"]) > 59):
        raise _Problem(f"{_show(value)} has a timezone offset that does not exist")
    try:
        parsed = datetime.fromisoformat(value.upper())
        parsed.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise _Problem(f"{_show(value)} is not a real date and time ({exc})") from None
    return parsed


def _parse_date(value: str) -> date:
    if _DATE_RE.match(value) is None:
        raise _Problem(f"{_show(value)} is not an ISO 8601 date (write it like 2026-04-25)")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _Problem(f"{_show(value)} is not a real date ({exc})") from None


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
            return _parse_datetime(value)
        except _Problem as exc:
            raise self.fail(pointer, str(exc)) from None

    def day(self, value: str | None, pointer: str) -> date | None:
        if value is None:
            return None
        try:
            return _parse_date(value)
        except _Problem as exc:
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
    items: list[Attendee | TimelineEvent | CapturedFinding | Factor | ActionItem] = [
        *pm.attendees,
        *pm.timeline,
        *pm.findings,
        *pm.factors,
        *pm.actions,
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
