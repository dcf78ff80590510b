"""The parking lot and the survey in the report, and the pre-read, as a reader sees them."""

from __future__ import annotations

from datetime import UTC, datetime

from pmdesk import interchange
from pmdesk.facilitation import ParkedItem, Settled, SurveyAnswer
from pmdesk.model import Postmortem
from pmdesk.report import render, render_pre_read
from tests.unit.test_report import pdf_text
from tests.unit.test_report_text import SAMPLE

GENERATED = datetime(2026, 4, 20, 9, 0, tzinfo=UTC)


def _with_lot_and_survey() -> Postmortem:
    pm = interchange.load_file(SAMPLE)
    pm.facilitation.parking_lot = [
        ParkedItem("Rotate the processor <keys> | now", phase="timeline", settled=Settled.KEPT),
        ParkedItem("Staging data is stale", phase="factors"),
    ]
    pm.facilitation.survey = [
        SurveyAnswer(useful=4, safe=5, change="Start *on* time"),
        SurveyAnswer(useful=5, safe=4, heard=2),
    ]
    return pm


def test_the_report_lists_the_parking_lot_and_the_survey_in_pdf_and_markdown() -> None:
    pm = _with_lot_and_survey()
    md = str(render(pm, "md", generated=GENERATED))
    assert "## Parking lot" in md
    assert "| Rotate the processor \\<keys\\> \\| now | Walk the timeline | Kept for later |" in md
    assert "| Staging data is stale | Contributing factors | Not settled |" in md
    assert "2 anonymous answers after the review." in md
    assert "| 4.5 of 5 |" in md and "| 2.0 of 5 |" in md
    assert "- Start \\*on\\* time" in md
    text = pdf_text(bytes(render(pm, "pdf", generated=GENERATED)))
    assert "Parking lot" in text and "Rotate the processor <keys> | now" in text
    assert "Kept for later" in text and "Survey" in text and "4.5 of 5" in text
    assert "Start *on* time" in text


def test_a_report_without_them_has_neither_section() -> None:
    pm = interchange.load_file(SAMPLE)
    md = str(render(pm, "md", generated=GENERATED))
    assert "Parking lot" not in md and "## Survey" not in md


def test_the_pre_read_has_rules_plan_timeline_and_questions_but_no_notes() -> None:
    pm = interchange.load_file(SAMPLE)
    pm.notes = "Private: Dana seemed upset"
    pm.facilitation.open_questions = ["Why did the dashboard stay green?"]
    for fmt in ("md", "pdf"):
        data = render_pre_read(pm, fmt, generated=GENERATED)
        text = pdf_text(data) if isinstance(data, bytes) else data
        assert "Ground rules" in text and "Systems, not people" in text
        assert "Walk the timeline" in text and "75 min in all" in text
        assert "Time to detect" in text
        assert "Why did the dashboard stay green?" in text
        assert "Dana seemed upset" not in text
        assert "Contributing factors" in text  # the plan's phase, never the factors themselves
        assert pm.factors[0].text not in text
        assert pm.actions[0].description not in text


def test_the_redacted_edition_redacts_parked_points_questions_and_survey_remarks() -> None:
    from pmdesk.redaction import render_edition

    pm = _with_lot_and_survey()
    pm.facilitation.parking_lot[0].text = "Ask Marcus Chen about db-01.payments.internal"
    pm.facilitation.open_questions = ["Why was 10.4.2.17 reachable from staging?"]
    pm.facilitation.survey[0].change = "Invite Marcus Chen earlier"
    for fmt in ("md", "json"):
        text = str(render_edition(pm, fmt, redacted=True).data)
        assert "db-01.payments.internal" not in text and "10.4.2.17" not in text
        assert "Marcus Chen" not in text
        assert "Parking lot" in text or "parking_lot" in text
