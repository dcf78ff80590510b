"""The JSON interchange format: what a user exchanging postmortem files would notice."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from pmdesk import interchange
from pmdesk.facilitation import (
    Facilitation,
    ParkedItem,
    RoundRobin,
    Settled,
    SurveyAnswer,
)
from pmdesk.interchange import InterchangeError, from_json_dict, load_file, to_json_dict
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
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"
SCHEMA = ROOT / "pmdesk" / "schemas" / "postmortem-v2.schema.json"
# The sample holds no interviews, so it is a version 1 file.
SCHEMA_V1 = ROOT / "pmdesk" / "schemas" / "postmortem-v1.schema.json"

IST = timezone(timedelta(hours=5, minutes=30))
PST = timezone(timedelta(hours=-8))
MIXED = 'Ωμέγα, Привет, 支付服务 故障, 🔥💳 <b>&amp; & "quotes" \\ שלום'


def sample_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return data


def without_volatile(pm: Postmortem) -> Postmortem:
    """The database id and the trash time are not part of the exchanged document."""
    pm = copy.deepcopy(pm)
    pm.id = None
    pm.deleted_at = None
    return pm


def synthetic() -> Postmortem:
    events = [
        TimelineEvent(
            at=datetime(2026, 4, 15, 20, 2, 30, 125000, tzinfo=IST),
            text=f"Деплой {MIXED}",
            source="chat",
            marker=Marker.TRIGGER,
            seen="看到了 🔴",
            believed="Δεν ήξερα <i>",
            done_next="line one\nline two\ttabbed",
            added_by="Ана Ńowak",
            seq=7,
            id="evt-a",
        ),
        TimelineEvent(
            at=datetime(2026, 4, 15, 6, 33, tzinfo=PST),
            text="second, same instant as nothing else",
            source="pager-export",
            marker=None,
            seq=3,
            id="evt-b",
        ),
    ]
    findings = [
        CapturedFinding(text=f"I assumed {MIXED}", origin="timeline", id="f-1"),
        CapturedFinding(
            text="It looked normal", created_at=datetime(2026, 4, 16, 9, 0, tzinfo=UTC)
        ),
    ]
    factors = [
        Factor(
            question=Question.SLOW_DETECTION,
            text=f"Панель {MIXED}",
            whys=["为什么?", "Γιατί; 🤔"],
            event_ids=["evt-b", "evt-a"],
            finding_ids=["f-1"],
            id="factor-1",
        ),
        Factor(question=Question.OTHER, text=""),
    ]
    return Postmortem(
        title="Σφάλμα πληρωμών / Сбой / 支付 💥 <b>&",
        kind=Kind.SECURITY,
        severity=Severity(SeverityLevel.SEV1, customer_facing=True, data_loss=True),
        started_at=datetime(2026, 4, 15, 20, 2, tzinfo=IST),
        detected_at=datetime(2026, 4, 15, 6, 40, tzinfo=PST),
        resolved_at=datetime(2026, 4, 15, 15, 0, tzinfo=UTC),
        meeting_at=datetime(2026, 4, 16, 10, 0, tzinfo=PST),
        summary=MIXED,
        lessons="- 一\n- два\n- τρία",
        services=["支付", "платежи"],
        tags=["🔥", "<b>&"],
        status=Status.PUBLISHED,
        notes=MIXED * 3,
        attendees=[
            Attendee("Zoë Ἀθηνᾶ", "Фасилитатор", Involvement.OBSERVER, facilitator=True),
            Attendee("李雷", "on-call", Involvement.DIRECTLY_INVOLVED, id="a-2"),
        ],
        timeline=events,
        findings=findings,
        factors=factors,
        actions=[
            ActionItem(
                description=f"Alert {MIXED}",
                type=ActionType.DETECT,
                owner="李雷",
                deadline=date(2026, 4, 30),
                status=ActionStatus.DONE,
                done_on=date(2026, 4, 28),
                factor_id="factor-1",
            ),
            ActionItem(
                description="Dropped one",
                type=ActionType.MITIGATE,
                status=ActionStatus.DROPPED,
                dropped_reason="Не нужно 🙅",
            ),
        ],
        phases=[PhaseRecord("ground_rules", 5, 301.5), PhaseRecord("timeline", 20, 0.0)],
        redaction=RedactionSettings(restricted=["timeline:evt-a"], terms=["支付"], kept=["Zoë"]),
        facilitation=Facilitation(
            pre_read_sent_at=datetime(2026, 4, 15, 18, 0, tzinfo=PST),
            open_questions=["Почему алерт молчал?", "<b>why</b> & how"],
            parking_lot=[
                ParkedItem(
                    "Rotate the 支付 keys 🔑",
                    phase="timeline",
                    parked_at=datetime(2026, 4, 16, 10, 12, tzinfo=PST),
                    settled=Settled.KEPT,
                    id="park-1",
                )
            ],
            round_robins=[RoundRobin("timeline", order=["a-2"], spoken=["a-2"])],
            survey=[
                SurveyAnswer(
                    useful=4,
                    safe=5,
                    heard=None,
                    change="Короче <i>",
                    received_at=datetime(2026, 4, 17, 9, 0, tzinfo=UTC),
                    via="file",
                    id="survey-1",
                )
            ],
        ),
        related=[RelatedLink(None, "Ранее: DNS 🙃", date(2026, 3, 2)), RelatedLink(None, "x")],
        timer=TimerState(
            phase_index=1,
            running_since=datetime(2026, 4, 16, 18, 5, tzinfo=UTC),
            started=True,
        ),
        language=LanguageSettings(allowed_words=["просто"], ignored=["k:1:just"]),
        created_at=datetime(2026, 4, 15, 15, 1, tzinfo=UTC),
        updated_at=datetime(2026, 4, 16, 18, 6, tzinfo=UTC),
        deleted_at=datetime(2026, 4, 17, 8, 0, tzinfo=UTC),
        id=42,
    )


# -- the sample --------------------------------------------------------------------------------


def test_sample_fills_every_overview_field() -> None:
    pm = load_file(SAMPLE)
    assert pm.title == "Payment service outage - April 15, 2026"
    assert pm.kind is Kind.INCIDENT
    assert pm.severity == Severity(SeverityLevel.SEV2, True, True, False)
    assert pm.started_at == datetime(2026, 4, 15, 14, 32, tzinfo=UTC)
    assert pm.detected_at == datetime(2026, 4, 15, 14, 35, tzinfo=UTC)
    assert pm.resolved_at == datetime(2026, 4, 15, 14, 50, tzinfo=UTC)
    assert pm.meeting_at is not None and pm.resolved_at is not None
    assert timedelta(0) < pm.meeting_at - pm.resolved_at < timedelta(hours=48)
    assert pm.summary.count(". ") + 1 in (2, 3)
    assert pm.lessons.count("\n- ") + 1 in (2, 3)
    assert pm.services and pm.tags and pm.notes
    assert pm.status is Status.REVIEWED


def test_sample_is_a_complete_review() -> None:
    pm = load_file(SAMPLE)
    assert len(pm.attendees) == 6
    assert all(a.name and a.role for a in pm.attendees)
    facilitator = pm.facilitator
    assert facilitator is not None
    assert facilitator.involvement is not Involvement.DIRECTLY_INVOLVED
    assert 10 <= len(pm.timeline) <= 14
    assert {e.marker for e in pm.timeline} - {None} == set(Marker)
    assert all(e.source for e in pm.timeline)
    assert sum(1 for e in pm.timeline if e.seen and e.believed and e.done_next) >= 3
    assert [e.at for e in pm.timeline] == sorted(e.at for e in pm.timeline)
    assert 2 <= len(pm.findings) <= 3
    assert 4 <= len(pm.factors) <= 5
    assert {f.question for f in pm.factors} >= {
        Question.RISKY,
        Question.NOT_CAUGHT,
        Question.SLOW_DETECTION,
        Question.SLOW_RECOVERY,
    }
    assert all(2 <= len(f.whys) <= 4 and f.event_ids for f in pm.factors)
    names = {a.name for a in pm.attendees}
    assert len(pm.actions) == 4
    assert {a.type for a in pm.actions} == set(ActionType)
    for action in pm.actions:
        assert action.owner in names and action.owner != facilitator.name
        assert action.deadline is not None and action.deadline > pm.resolved_at.date()  # type: ignore[union-attr]
        assert action.factor_id in {f.id for f in pm.factors}
    assert [p.phase for p in pm.phases] == [
        "ground_rules",
        "timeline",
        "factors",
        "actions",
        "close",
    ]
    assert 60 <= sum(p.planned_minutes for p in pm.phases) <= 90
    assert all(p.actual_seconds > 0 for p in pm.phases)


def test_sample_passes_the_shipped_schema_for_other_tools() -> None:
    schema = json.loads(SCHEMA_V1.read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(sample_data())


def test_sample_round_trips() -> None:
    pm = load_file(SAMPLE)
    assert from_json_dict(to_json_dict(pm)) == pm


def test_importing_then_exporting_the_sample_gives_back_the_same_file() -> None:
    assert interchange.dumps(load_file(SAMPLE)) == SAMPLE.read_text(encoding="utf-8")


# -- round trips -------------------------------------------------------------------------------


def test_synthetic_document_round_trips_in_memory() -> None:
    pm = synthetic()
    back = from_json_dict(to_json_dict(pm), source="mem")
    expected = without_volatile(pm)
    expected.deleted_at = None
    assert back == expected
    assert back.id is None and back.deleted_at is None


def test_synthetic_document_round_trips_through_a_utf8_file(tmp_path: Path) -> None:
    pm = synthetic()
    path = tmp_path / "σφάλμα 支付.json"
    interchange.save_file(pm, path)
    raw = path.read_bytes().decode("utf-8")
    assert "🔥💳 <b>&amp; &" in raw  # written as real characters, not \u escapes
    assert "\\u" not in raw
    back = load_file(path)
    assert back == without_volatile(pm)
    assert interchange.dumps(back) == raw


def test_timezone_offsets_are_kept_not_converted() -> None:
    back = from_json_dict(to_json_dict(synthetic()))
    assert back.started_at is not None and back.detected_at is not None
    assert back.started_at.utcoffset() == timedelta(hours=5, minutes=30)
    assert back.detected_at.utcoffset() == timedelta(hours=-8)
    assert to_json_dict(back)["timeline"][0]["at"] == "2026-04-15T20:02:30.125000+05:30"


def test_export_never_writes_the_database_id_or_trash_time() -> None:
    text = interchange.dumps(synthetic())
    data = json.loads(text)
    assert "id" not in data and "deleted_at" not in data
    assert "deleted_at" not in data["metadata"]
    assert list(data)[:2] == ["format", "version"]
    assert data["format"] == "pmdesk.postmortem" and data["version"] == 1


def test_export_is_stable() -> None:
    pm = synthetic()
    assert interchange.dumps(pm) == interchange.dumps(copy.deepcopy(pm))


def test_links_survive_a_round_trip() -> None:
    back = from_json_dict(to_json_dict(synthetic()))
    factor = back.factors[0]
    assert factor.event_ids == ["evt-b", "evt-a"]
    assert {e.id for e in back.timeline} == {"evt-a", "evt-b"}
    assert back.actions[0].factor_id == factor.id == "factor-1"


def test_a_minimal_file_gives_an_empty_postmortem() -> None:
    pm = from_json_dict({"format": "pmdesk.postmortem", "version": 1})
    assert pm == Postmortem()


def test_items_without_ids_or_entry_numbers_get_fresh_ones() -> None:
    data = {
        "format": "pmdesk.postmortem",
        "version": 1,
        "timeline": [
            {"at": "2026-04-15T14:32Z", "text": "a"},
            {"at": "2026-04-15T14:32:00+00:00", "text": "b", "seq": 4},
            {"at": "2026-04-15t14:33:00z", "text": "c"},
        ],
    }
    pm = from_json_dict(data)
    assert [e.seq for e in pm.timeline] == [5, 4, 6]
    assert len({e.id for e in pm.timeline}) == 3
    assert pm.timeline[2].at == datetime(2026, 4, 15, 14, 33, tzinfo=UTC)


def test_renew_ids_keeps_every_link() -> None:
    pm = from_json_dict(to_json_dict(synthetic()))
    interchange.renew_ids(pm)
    assert pm.factors[0].event_ids == [pm.timeline[1].id, pm.timeline[0].id]
    assert pm.factors[0].finding_ids == [pm.findings[0].id]
    assert pm.actions[0].factor_id == pm.factors[0].id
    assert "evt-a" not in {e.id for e in pm.timeline}


def test_exporting_a_time_without_timezone_is_refused() -> None:
    pm = synthetic()
    pm.timeline[1].at = datetime(2026, 4, 15, 14, 32)
    with pytest.raises(InterchangeError, match=r"^export: /timeline/1/at: .*no timezone"):
        to_json_dict(pm)


# -- errors name the file, the place and the problem -------------------------------------------

Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        *parents, last = path.strip("/").split("/")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return edit


def _delete(path: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        *parents, last = path.strip("/").split("/")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[last]

    return edit


SCHEMA_AND_SEMANTIC_ERRORS: list[tuple[str, Edit, str, str]] = [
    (
        "impossible clock time",
        _set("/timeline/3/at", "25:99"),
        "/timeline/3/at",
        "'25:99' is not an ISO 8601 date-time",
    ),
    (
        "no timezone",
        _set("/started_at", "2026-04-15T14:32:00"),
        "/started_at",
        "has no timezone offset",
    ),
    (
        "day that does not exist",
        _set("/resolved_at", "2026-02-30T14:50:00+00:00"),
        "/resolved_at",
        "is not a real date and time",
    ),
    (
        "hour that does not exist",
        _set("/timeline/0/at", "2026-04-15T24:10:00Z"),
        "/timeline/0/at",
        "is not a real date and time",
    ),
    (
        "offset that does not exist",
        _set("/meeting_at", "2026-04-16T16:00:00+25:00"),
        "/meeting_at",
        "timezone offset",
    ),
    (
        "bad deadline",
        _set("/actions/2/deadline", "next Friday"),
        "/actions/2/deadline",
        "is not an ISO 8601 date",
    ),
    (
        "impossible deadline",
        _set("/actions/1/deadline", "2026-04-31"),
        "/actions/1/deadline",
        "is not a real date",
    ),
    (
        "missing required key",
        _delete("/timeline/5/text"),
        "/timeline/5",
        "the required key 'text' is missing",
    ),
    (
        "misspelt key",
        _set("/detected", "2026-04-15T14:35:00Z"),
        "/detected",
        "did you mean 'detected_at'",
    ),
    (
        "unknown nested key",
        _set("/attendees/0/email", "x@y"),
        "/attendees/0/email",
        "unknown key 'email'",
    ),
    (
        "wrong type",
        _set("/severity/customer_facing", "yes"),
        "/severity/customer_facing",
        "expected true or false, found 'yes'",
    ),
    ("not a list", _set("/tags", "deploy"), "/tags", "expected a list"),
    (
        "unknown choice",
        _set("/severity/level", "SEV9"),
        "/severity/level",
        "'SEV9' is not one of: SEV1, SEV2, SEV3, SEV4",
    ),
    ("unknown marker", _set("/timeline/1/marker", "boom"), "/timeline/1/marker", "is not one of"),
    (
        "negative minutes",
        _set("/phases/2/planned_minutes", -5),
        "/phases/2/planned_minutes",
        "too small",
    ),
    ("empty name", _set("/attendees/3/name", ""), "/attendees/3/name", "must not be empty"),
    ("id with spaces", _set("/findings/0/id", "my finding"), "/findings/0/id", "not a usable id"),
    (
        "same link twice",
        _set("/factors/0/event_ids", ["ev-02-deploy", "ev-02-deploy"]),
        "/factors/0/event_ids",
        "more than once",
    ),
    (
        "duplicate id in one list",
        _set("/timeline/4/id", "ev-01-staging"),
        "/timeline/4/id",
        "already used by /timeline/0",
    ),
    (
        "duplicate id across lists",
        _set("/actions/0/id", "cf-no-canary"),
        "/actions/0/id",
        "already used by /factors/2",
    ),
    (
        "dangling event link",
        _set("/factors/1/event_ids/0", "ev-99"),
        "/factors/1/event_ids/0",
        "no timeline event with the id 'ev-99'",
    ),
    (
        "dangling finding link",
        _set("/factors/0/finding_ids/0", "ev-01-staging"),
        "/factors/0/finding_ids/0",
        "no captured finding",
    ),
    (
        "dangling factor link",
        _set("/actions/3/factor_id", "cf-gone"),
        "/actions/3/factor_id",
        "no contributing factor",
    ),
    (
        "two facilitators",
        _set("/attendees/4/facilitator", True),
        "/attendees/4/facilitator",
        "only one attendee can be the facilitator",
    ),
    (
        "repeated entry number",
        _set("/timeline/6/seq", 2),
        "/timeline/6/seq",
        "already used by /timeline/2",
    ),
    (
        "timer past the last phase",
        _set("/timer/phase_index", 5),
        "/timer/phase_index",
        "past the last meeting phase",
    ),
    ("no format key", lambda d: d.clear(), "(top level)", "'format' is missing"),
    ("wrong format", _set("/format", "someone.else"), "/format", "is not a pmdesk postmortem"),
    ("newer version", _set("/version", 3), "/version", "made by a newer pmdesk"),
    ("version as text", _set("/version", "1"), "/version", "expected a whole number"),
    ("version zero", _set("/version", 0), "/version", "is not a pmdesk format version"),
]


@pytest.mark.parametrize(
    ("edit", "where", "problem"),
    [case[1:] for case in SCHEMA_AND_SEMANTIC_ERRORS],
    ids=[case[0] for case in SCHEMA_AND_SEMANTIC_ERRORS],
)
def test_a_bad_file_names_the_file_the_place_and_the_problem(
    tmp_path: Path, edit: Edit, where: str, problem: str
) -> None:
    data = sample_data()
    edit(data)
    path = tmp_path / "payment.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    with pytest.raises(InterchangeError) as caught:
        load_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {where}: "), message
    assert problem in message
    assert caught.value.location == where
    assert "Traceback" not in message and "jsonschema" not in message


def test_the_example_message_from_the_format_guide() -> None:
    data = sample_data()
    data["timeline"][3]["at"] = "25:99"
    with pytest.raises(InterchangeError) as caught:
        from_json_dict(data, source="payment.json")
    assert str(caught.value) == (
        "payment.json: /timeline/3/at: '25:99' is not an ISO 8601 date-time "
        "(write it like 2026-04-15T14:32:00+00:00)"
    )


def test_several_problems_are_counted(tmp_path: Path) -> None:
    data = sample_data()
    data["timeline"][0]["at"] = "yesterday"
    data["timeline"][1]["text"] = 3
    with pytest.raises(InterchangeError, match=r"and 1 more problem in this file"):
        from_json_dict(data, source="payment.json")


TEXT_ERRORS: list[tuple[str, bytes, str, str]] = [
    (
        "trailing comma",
        b'{"format": "pmdesk.postmortem",\n "version": 1,\n}',
        "line 3, column 1",
        "not valid JSON",
    ),
    (
        "missing comma",
        b'{"format": "pmdesk.postmortem"\n "version": 1}',
        "line 2, column 2",
        "expected a comma",
    ),
    ("unclosed text", b'{"title": "Payment', "line 1, column 11", "not closed"),
    ("empty file", b"  \n", "(top level)", "the file is empty"),
    ("not utf-8", b'{"title": "caf\xe9"}', "byte 14", "not UTF-8"),
    (
        "NaN",
        b'{"format": "pmdesk.postmortem", "version": 1, "phases": [{"phase": "x", "planned_minutes": 5, "actual_seconds": NaN}]}',
        "/phases/0/actual_seconds",
        "NaN is not allowed",
    ),
    (
        "huge number",
        b'{"format": "pmdesk.postmortem", "version": 1e999}',
        "/version",
        "not allowed",
    ),
    (
        "repeated key",
        b'{"format": "pmdesk.postmortem", "version": 1, "timeline": [{"at": "2026-04-15T14:32Z", "text": "a", "text": "b"}]}',
        "/timeline/0",
        "the key 'text' appears more than once",
    ),
    (
        "broken surrogate",
        b'{"format": "pmdesk.postmortem", "version": 1, "title": "x\\ud800"}',
        "/title",
        "broken character",
    ),
    ("a list", b"[]", "(top level)", "expected a JSON object"),
]


@pytest.mark.parametrize(
    ("raw", "where", "problem"),
    [case[1:] for case in TEXT_ERRORS],
    ids=[case[0] for case in TEXT_ERRORS],
)
def test_unreadable_text_names_the_file_and_where(
    tmp_path: Path, raw: bytes, where: str, problem: str
) -> None:
    path = tmp_path / "payment.json"
    path.write_bytes(raw)
    with pytest.raises(InterchangeError) as caught:
        load_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {where}: "), message
    assert problem in message


def test_a_missing_file_is_reported_not_raised_as_oserror(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    with pytest.raises(InterchangeError, match=r"nowhere\.json: no such file"):
        load_file(path)


def test_an_error_is_a_value_error_for_callers_that_catch_broadly() -> None:
    with pytest.raises(ValueError):
        from_json_dict({"format": "pmdesk.postmortem", "version": 7})


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    assert load_file(path) == load_file(SAMPLE)


# -- the schema --------------------------------------------------------------------------------


def test_the_shipped_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = interchange.schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_the_schema_describes_every_key_the_exporter_writes() -> None:
    schema = interchange.schema()
    pm = synthetic()
    pm.interviews = [Interview(attendee_id=pm.attendees[0].id, notes="What I saw")]
    exported = to_json_dict(pm, include_interviews=True)
    assert set(exported) == set(schema["properties"])
    defs = schema["$defs"]
    for key, name in [
        ("attendees", "attendee"),
        ("timeline", "event"),
        ("findings", "finding"),
        ("factors", "factor"),
        ("actions", "action"),
        ("interviews", "interview"),
        ("phases", "phase"),
    ]:
        assert set(exported[key][0]) == set(defs[name]["properties"]), key
    kept = schema["properties"]["facilitation"]["properties"]
    assert set(exported["facilitation"]) == set(kept)
    for key in ("parking_lot", "round_robins", "survey"):
        assert set(exported["facilitation"][key][0]) == set(kept[key]["items"]["properties"]), key
    Draft202012Validator(schema).validate(exported)


def test_the_example_in_the_format_guide_imports() -> None:
    guide = (ROOT / "docs" / "json-format.md").read_text(encoding="utf-8")
    example = guide.split("```json\n", 1)[1].split("```", 1)[0]
    pm = interchange.loads(example, source="json-format.md")
    assert pm.title == "Payment service outage - April 15, 2026"
    assert pm.actions[0].factor_id == pm.factors[0].id
    assert pm.meeting_at is not None and pm.meeting_at.utcoffset() == timedelta(hours=2)
