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


def in_order(expected: list[str], found: list[str]) -> bool:
    """Whether every expected word occurs in found, in this order (others may come between)."""
    rest = iter(found)
    return all(any(word == seen for seen in rest) for word in expected)


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


LISTS_AND_CODE = """The runbook had these steps:

2. restart the consumer
10. page the database on-call
11. check the dashboard

The command we ran:

```bash
kubectl rollout undo deploy/payment-service
  for pod in $(kubectl get pods -o name); do
      echo "$pod"   # spaces   kept
  done
```

1) open the incident channel
2) assign a scribe
"""


def pdf_lines(data: bytes) -> list[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    return [line.replace("\xa0", " ").rstrip() for line in text.splitlines()]


def test_numbered_lists_and_code_blocks_keep_their_numbers_and_lines_in_the_pdf() -> None:
    pm = sample()
    pm.summary = LISTS_AND_CODE
    lines = pdf_lines(render_pdf(pm, generated=GENERATED))
    for item in ("2. restart the consumer", "10. page the database on-call", "1) open the"):
        assert any(" ".join(line.split()).startswith(item) for line in lines), item
    code = LISTS_AND_CODE.split("```bash\n")[1].split("\n```")[0].split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == code[0])
    # Indentation and inner spacing as typed, one code line per line (the first line's own
    # position is the block's, which text extraction may read as a leading space).
    assert lines[start + 1 : start + 4] == code[1:]


def test_numbered_lists_and_code_blocks_keep_their_numbers_and_lines_in_markdown() -> None:
    from markdown_it import MarkdownIt

    pm = sample()
    pm.summary = LISTS_AND_CODE
    markdown = render_markdown(pm, generated=GENERATED)
    html = MarkdownIt("commonmark").render(markdown)
    # The numbers as typed: 2 and 10 are not renumbered to 2 and 3, nor turned into bullets.
    assert "2. restart the consumer<br />\n10. page the database on-call" in html
    assert '<ol start="1">' not in html and "<li>open the incident channel</li>" in html
    code = LISTS_AND_CODE.split("```bash\n")[1].split("\n```")[0]
    assert (
        f'<pre><code class="language-bash">{code}\n</code></pre>'.replace(
            '"$pod"', "&quot;$pod&quot;"
        )
        in html
    )


def test_a_fence_inside_a_code_block_does_not_close_it_in_markdown() -> None:
    from markdown_it import MarkdownIt

    pm = sample()
    pm.summary = "Before\n\n~~~\nprint('```')\n````\n~~~\n\nAfter"
    html = MarkdownIt("commonmark").render(render_markdown(pm, generated=GENERATED))
    assert "<pre><code>print('```')\n````\n</code></pre>" in html
    assert "<p>After</p>" in html


def test_a_very_long_title_is_shortened_as_a_heading_and_kept_whole_in_the_body() -> None:
    pm = sample()
    pm.title = prose(6000, "t")  # about 40,000 characters
    data = render_pdf(pm, generated=GENERATED)
    reader = PdfReader(BytesIO(data))
    first = reader.pages[0].extract_text()
    assert "…" in first and "Full title: t0 t1" in " ".join(first.split())
    stripped = (w.strip("“”.…") for w in pdf_words(data))
    found = [w for w in stripped if w.startswith("t") and w[1:].isdigit()]
    # The whole title in order (the running header repeats its start on every page).
    assert in_order([f"t{i}" for i in range(6000)], found)
    assert len(reader.metadata.title or "") < 300
    markdown = render_markdown(pm, generated=GENERATED)
    assert markdown.startswith("# t0 t1") and len(markdown.split("\n")[0]) < 300
    assert "t5999." in markdown


HEBREW = "שירות התשלומים לא היה זמין במשך שמונה עשרה דקות לאחר הפריסה"
ARABIC = "توقفت خدمة الدفع بعد نشر الإصدار الجديد ولم يتمكن العملاء من إتمام الدفع"


def test_hebrew_and_arabic_read_back_in_reading_order_with_arabic_letters_joined() -> None:
    pm = sample()
    pm.summary = " ".join([HEBREW] * 4) + "\n\n" + " ".join([ARABIC] * 4)
    pm.timeline[1].text = ARABIC
    pm.findings[0].text = ARABIC  # printed in the oblique face, which has no Arabic letters
    data = render_pdf(pm, generated=GENERATED)
    raw = "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    # Joined letters: Arabic comes out of the page as its contextual (presentation) forms ...
    assert any(0xFE70 <= ord(c) <= 0xFEFC for c in raw)
    assert "\ufffd" not in raw
    # ... which normalise back to the letters typed, in the order they were typed.
    text = " ".join(unicodedata.normalize("NFKC", raw).split())
    assert text.count(HEBREW) >= 3  # lines wrap, but the first sentence is whole at least
    assert text.count(ARABIC) >= 3 + 2  # summary (wrapped), the event and the finding


def _drawn(text: str, width: float = 400.0) -> list[str]:
    """The lines of a paragraph as the PDF draws them, left to right."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from pmdesk.report import fonts, rtl

    fonts.register_fonts()
    return rtl.display_lines(text, (width, width), lambda s: stringWidth(s, fonts.BODY, 10))


def test_brackets_around_right_to_left_words_face_the_way_they_were_typed() -> None:
    # "(שלום)" drawn right to left: its opening bracket, on the right, is drawn as ")".
    assert _drawn("(שלום)") == ["(םולש)"]
    assert _drawn("הגרף נראה תקין [dashboard]") == ["[dashboard] ןיקת הארנ ףרגה"]
    assert _drawn("لم تكن «طبيعية»") == ["«ةيعيبط» نكت مل"]
    # Left-to-right text keeps its brackets as they are.
    assert _drawn("the pool (db-1) was full") == ["the pool (db-1) was full"]


def test_tags_in_both_directions_each_keep_their_own_order_in_the_pdf() -> None:
    from pmdesk.report import rtl

    # The first tag makes the line right to left; the second keeps its bracket after its word,
    # on every line it is broken across.
    joined = rtl.join(["שלום", "db[eu] primary[1]"], ", ")
    assert _drawn(joined) == ["db[eu] primary[1] ,םולש"]
    assert _drawn(joined, width=60) == [",םולש", "db[eu]", "primary[1]"]
    pm = sample()
    pm.tags = ["תשלומים", "db[eu]"]
    text = " ".join(pdf_words(render_pdf(pm, generated=GENERATED)))
    assert "db[eu]" in text
