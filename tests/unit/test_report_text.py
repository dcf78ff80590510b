"""The report keeps whatever text people wrote: any length, any script, lists and code as typed."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from pmdesk.interchange import load_file
from pmdesk.model import ActionStatus, Postmortem
from pmdesk.report.markdown import render_markdown
from pmdesk.report.pdf import render_pdf

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"
GENERATED = datetime(2026, 4, 17, 9, 0, tzinfo=UTC)


def sample() -> Postmortem:
    return load_file(SAMPLE)


def pdf_words(data: bytes) -> list[str]:
    """The words of the text layer, as a reader copying them would get them."""
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    return unicodedata.normalize("NFKC", text).split()


def prose(count: int, tag: str) -> str:
    """Ordinary sentences of numbered words, so each word can be found once in the output."""
    words = [f"{tag}{i}" for i in range(count)]
    sentences = [" ".join(words[i : i + 12]) + "." for i in range(0, count, 12)]
    return " ".join(sentences)


def _set_why(pm: Postmortem, text: str) -> None:
    pm.factors[0].whys.append(text)


def _set_dropped(pm: Postmortem, text: str) -> None:
    pm.actions[0].status = ActionStatus.DROPPED
    pm.actions[0].dropped_reason = text


FIELDS: dict[str, Callable[[Postmortem, str], None]] = {
    "summary": lambda pm, t: setattr(pm, "summary", t),
    "lessons": lambda pm, t: setattr(pm, "lessons", t),
    "factor": lambda pm, t: setattr(pm.factors[0], "text", t),
    "why": _set_why,
    "event": lambda pm, t: setattr(pm.timeline[0], "text", t),
    "seen": lambda pm, t: setattr(pm.timeline[0], "seen", t),
    "finding": lambda pm, t: setattr(pm.findings[0], "text", t),
    "action": lambda pm, t: setattr(pm.actions[0], "description", t),
    "dropped reason": _set_dropped,
    "role": lambda pm, t: setattr(pm.attendees[0], "role", t),
}


@pytest.mark.parametrize("field", FIELDS)
def test_a_paragraph_longer_than_a_page_flows_on_to_the_next_pages(field: str) -> None:
    pm = sample()
    text = prose(1500, "w")  # about 9,000 characters: several pages in any column
    FIELDS[field](pm, text)
    data = render_pdf(pm, generated=GENERATED)
    words = pdf_words(data)
    stripped = (w.strip("“”.") for w in words)
    found = [w for w in stripped if w.startswith("w") and w[1:].isdigit()]
    assert found == [f"w{i}" for i in range(1500)]
    assert len(PdfReader(BytesIO(data)).pages) > 3
    assert "w1499" in render_markdown(pm, generated=GENERATED)


@pytest.mark.parametrize("field", ["summary", "why", "event", "action", "role"])
def test_a_text_dozens_of_pages_long_keeps_every_word_in_order(field: str) -> None:
    pm = sample()
    FIELDS[field](pm, prose(12000, "w"))  # about 80,000 characters
    data = render_pdf(pm, generated=GENERATED)
    stripped = (w.strip("“”.") for w in pdf_words(data))
    found = [w for w in stripped if w.startswith("w") and w[1:].isdigit()]
    assert found == [f"w{i}" for i in range(12000)]
