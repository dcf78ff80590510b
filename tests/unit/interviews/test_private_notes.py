"""Interview notes are private: no export carries them unless that export asks for them, and the
redacted edition, the published site and the quarterly review never do."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from pmdesk.model import Kind
from pmdesk.publish import publish
from pmdesk.redaction import render_edition
from pmdesk.report import FORMATS, render
from pmdesk.review import FORMATS as REVIEW_FORMATS
from pmdesk.review import build_review, quarter_period
from pmdesk.review import render as render_review
from pmdesk.storage.repository import Repository
from tests.unit.interviews.sample import SECOND_SECRET, SECRET, postmortem_with_interviews

GENERATED = datetime(2026, 4, 20, 10, 0, tzinfo=UTC)
# What only the interviews hold: the notes' words and the scribe's name.
PRIVATE = (SECRET, SECOND_SECRET, "Ole Berg")


def text_of(data: bytes | str) -> str:
    """What a reader finds in the output: a PDF's text layer, else the text itself."""
    if isinstance(data, bytes):
        pages = PdfReader(BytesIO(data)).pages
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)
    return data


def _holds(data: bytes | str, word: str) -> bool:
    return word in text_of(data).replace("\\", "")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_export_format_carries_the_notes_unless_asked(fmt: str) -> None:
    pm = postmortem_with_interviews()
    plain = render(pm, fmt, generated=GENERATED)
    assert not any(_holds(plain, word) for word in PRIVATE)
    assert _holds(plain, "Payments failed for 18 minutes")  # the rest of the report is there


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_format_carries_the_notes_when_asked(fmt: str) -> None:
    pm = postmortem_with_interviews()
    data = render(pm, fmt, generated=GENERATED, include_interviews=True)
    assert all(_holds(data, word) for word in PRIVATE)
    if fmt != "json":  # the report says whose notes they are and the record beside them
        text = " ".join(text_of(data).replace("*", "").split())
        assert "Interview notes" in text
        assert "Consent to record: yes" in text or "Consent to record yes" in text
        assert "30 days" in text and "25:30 of 45 min planned" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_full_edition_follows_the_choice(fmt: str) -> None:
    pm = postmortem_with_interviews()
    without = render_edition(pm, fmt, redacted=False, generated=GENERATED).data
    with_notes = render_edition(
        pm, fmt, redacted=False, generated=GENERATED, include_interviews=True
    ).data
    assert not _holds(without, SECRET) and _holds(with_notes, SECRET)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_redacted_edition_never_carries_the_notes(fmt: str) -> None:
    pm = postmortem_with_interviews()
    pm.kind = Kind.SECURITY
    data = render_edition(pm, fmt, redacted=True, generated=GENERATED, include_interviews=True).data
    assert not any(_holds(data, word) for word in PRIVATE)
    assert "Payments failed" in text_of(data)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_published_site_never_carries_the_notes(tmp_path: Path, fmt: str) -> None:
    pm = postmortem_with_interviews()
    pm.id = 1
    publish([pm], tmp_path / "site", fmt)
    written = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert written
    everything = "".join(p.read_bytes().decode("utf-8", "replace") for p in written)
    assert "Payment service outage" in everything
    assert not any(word in everything for word in PRIVATE)


@pytest.mark.parametrize("fmt", REVIEW_FORMATS)
def test_the_quarterly_review_never_carries_the_notes(fmt: str) -> None:
    pm = postmortem_with_interviews()
    pm.id = 1
    review = build_review([pm], quarter_period(2026, 2), date(2026, 6, 30))
    data = render_review(review, fmt)
    assert "Payment service outage" in text_of(data) or fmt == "json"
    assert not any(word in text_of(data) for word in PRIVATE)
    if fmt == "json":
        assert json.loads(data)["postmortems"]


def test_the_library_search_does_not_find_interview_notes(repo: Repository) -> None:
    from pmdesk.search import parse

    repo.create(postmortem_with_interviews())
    assert repo.search(parse("Payments")).hits
    assert not repo.search(parse(SECRET)).hits
