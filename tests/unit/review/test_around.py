"""The review's pre-read and survey figures, with the postmortems behind each, in every format."""

from __future__ import annotations

import json
from datetime import timedelta

from pmdesk.facilitation import SurveyAnswer
from pmdesk.review import build_review, quarter_period, render
from pmdesk.review.export import to_json
from tests.unit.review.library import TODAY, known_library


def _library():  # type: ignore[no-untyped-def]
    pms = {pm.id: pm for pm in known_library()}
    one, two = pms[1], pms[2]
    assert one.meeting_at is not None and two.meeting_at is not None
    one.facilitation.pre_read_sent_at = one.meeting_at - timedelta(hours=30)
    two.facilitation.pre_read_sent_at = two.meeting_at - timedelta(hours=3)
    one.facilitation.survey = [
        SurveyAnswer(useful=4, safe=5, heard=4, change="Shorter"),
        SurveyAnswer(useful=5, safe=4),
    ]
    two.facilitation.survey = [SurveyAnswer(useful=2, safe=2, heard=1)]
    return list(pms.values())


def test_the_pre_read_and_survey_figures_keep_their_postmortems() -> None:
    data = to_json(build_review(_library(), quarter_period(2026, 3), TODAY))["around"]
    reviewed = data["pre_read"]["on_time"] + data["pre_read"]["late"] + data["pre_read"]["none"]
    assert reviewed == 4
    assert data["pre_read"]["ids"]["on_time"] == [1]
    assert data["pre_read"]["ids"]["late"] == [2]
    assert data["pre_read"]["share_on_time"] == 0.25
    survey = data["survey"]
    assert (survey["answers"], survey["postmortems"]) == (3, 2)
    assert survey["averages"] == {"useful": 3.67, "safe": 3.67, "heard": 2.5}
    assert survey["ids"]["low_safety"] == [2]
    assert survey["ids"]["heard"] == [1, 2]


def test_the_figures_read_the_same_in_markdown_and_pdf() -> None:
    review = build_review(_library(), quarter_period(2026, 3), TODAY)
    md = str(render(review, "md"))
    assert "## Around the meeting" in md
    assert "| Sent 24 hours or more before the meeting | 1 of 4" in md
    assert "Did it feel safe to say what you saw, thought and did?" in md
    assert "3.7 of 5" in md
    assert "| Did not feel safe to speak (average below 3) | 1 | #2 |" in md
    from tests.unit.test_report import pdf_text

    text = pdf_text(bytes(render(review, "pdf")))
    assert "Around the meeting" in text and "3.7 of 5" in text


def test_an_empty_quarter_has_no_averages() -> None:
    data = json.loads(json.dumps(to_json(build_review([], quarter_period(2026, 1), TODAY))))
    assert data["around"]["survey"]["averages"] == {"useful": None, "safe": None, "heard": None}
    assert data["around"]["pre_read"]["share_on_time"] is None
