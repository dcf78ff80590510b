"""The start-up read (sqlite3) and the repository (SQLAlchemy) build the very same postmortem."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from pmdesk.interchange import load_file
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
)
from pmdesk.storage import rows
from pmdesk.storage.repository import Repository
from pmdesk.storage.tables import COLLECTION_TABLES, PhaseRecordRow, PostmortemRow

SAMPLE = (
    Path(__file__).resolve().parents[3] / "resources" / "samples" / "payment-service-outage.json"
)
BERLIN = timezone(timedelta(hours=2))
NEW_YORK = timezone(timedelta(hours=-4))


def _rich() -> Postmortem:
    """Every kind of value a column holds: offsets, emoji, NUL-free odd text, empty and full lists."""
    same_instant_utc = datetime(2026, 4, 15, 12, 32, tzinfo=UTC)
    return Postmortem(
        title="Checkout down 🔥 — «payments» <b>&amp;",
        kind=Kind.NEAR_MISS,
        severity=Severity(SeverityLevel.SEV1, customer_facing=True, data_loss=True),
        started_at=datetime(2026, 4, 15, 14, 30, tzinfo=BERLIN),
        detected_at=None,
        resolved_at=datetime(2026, 4, 15, 9, 10, 5, 123456, tzinfo=NEW_YORK),
        meeting_at=datetime(2026, 4, 16, 9, 0, tzinfo=UTC),
        summary="Line one\nline two\ttabbed",
        lessons="",
        services=["payment-service", "checkout 𝔸"],
        tags=[],
        status=Status.REVIEWED,
        notes="I assumed the deploy was safe because the canary was green.",
        attendees=[
            Attendee("Ana", "facilitator", Involvement.OBSERVER, facilitator=True),
            Attendee("Raj", "", Involvement.DIRECTLY_INVOLVED),
        ],
        timeline=[
            # Equal instants in different offsets: time order, then entry order.
            TimelineEvent(same_instant_utc.astimezone(BERLIN), "second", seq=2),
            TimelineEvent(same_instant_utc.astimezone(NEW_YORK), "first", seq=1),
            TimelineEvent(
                datetime(2026, 4, 15, 12, 40, tzinfo=UTC),
                "rollback",
                source="deploy",
                marker=Marker.MITIGATION,
                seen="errors",
                believed="bad deploy",
                done_next="rolled back",
                added_by="Mei Chen",
                seq=3,
            ),
        ],
        findings=[CapturedFinding("I didn't know Y was connected to Z", "timeline")],
        phases=[PhaseRecord("ground_rules", 5, 301.5), PhaseRecord("timeline", 20, 0.0)],
        timer=TimerState(1, datetime(2026, 4, 16, 9, 5, tzinfo=UTC), True),
        language=LanguageSettings(allowed_words=["just"], ignored=["k1", "k2"]),
    )


def _with_links(pm: Postmortem) -> Postmortem:
    factor = Factor(
        Question.NOT_CAUGHT,
        "No canary for config changes",
        whys=["a", "b"],
        event_ids=[pm.timeline[0].id],
        finding_ids=[pm.findings[0].id],
    )
    pm.factors = [factor, Factor(Question.OTHER, "")]
    pm.actions = [
        ActionItem(
            "Add a config canary",
            ActionType.DETECT,
            "S.",
            date(2026, 4, 25),
            ActionStatus.DONE,
            done_on=date(2026, 4, 20),
            factor_id=factor.id,
        ),
        ActionItem("Drop the old flag", status=ActionStatus.DROPPED, dropped_reason="obsolete"),
    ]
    return pm


def test_sqlite_read_equals_the_repository_for_rich_documents(
    repo: Repository, db_path: Path
) -> None:
    ids = [
        repo.create(load_file(SAMPLE)),
        repo.create(_with_links(_rich())),
        repo.create(Postmortem()),
    ]
    repo.trash(ids[2])
    for postmortem_id in ids:
        fast = rows.read_postmortem(db_path, postmortem_id)
        assert fast == repo.load(postmortem_id)
    rich = rows.read_postmortem(db_path, ids[1])
    assert rich is not None
    assert [e.text for e in rich.timeline] == ["first", "second", "rollback"]
    assert [e.added_by for e in rich.timeline] == ["", "", "Mei Chen"]
    assert rich.started_at is not None and rich.started_at.utcoffset() == timedelta(hours=2)
    assert rich.actions[0].deadline == date(2026, 4, 25)
    assert rich.severity.customer_facing is True and rich.severity.revenue_impact is False


def test_sqlite_read_of_a_missing_postmortem_is_none(repo: Repository, db_path: Path) -> None:
    repo.create(Postmortem(title="only one"))
    assert rows.read_postmortem(db_path, 999) is None


def test_both_paths_name_the_same_tables() -> None:
    declared = {key: mapped.__tablename__ for key, mapped in COLLECTION_TABLES.items()}
    assert declared == rows.COLLECTION_TABLES
    assert PostmortemRow.__tablename__ == rows.POSTMORTEM_TABLE
    assert PhaseRecordRow.__tablename__ == rows.PHASE_TABLE


def test_the_sqlite_read_needs_no_sqlalchemy() -> None:
    import subprocess

    code = (
        "import sys\n"
        "import pmdesk.storage.rows, pmdesk.storage.library, pmdesk.storage.location\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
