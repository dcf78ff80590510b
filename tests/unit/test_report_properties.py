"""Generated postmortems, every text field filled with anything the model accepts, exported.

Two properties. With text in the scripts the report prints (Latin, Greek, Cyrillic, Hebrew,
Arabic, Chinese, Japanese, Korean, digits and punctuation, line breaks), every word typed is
in the PDF's text layer and in the Markdown as a wiki shows it. With any Unicode at all
(controls, emoji, unassigned code points, no surrogates: the model refuses those), both
exports succeed and the plain words mixed into the text are still there.

The number of documents comes from a Hypothesis settings profile: `report-quick` (the
default, part of `make test`) or `report-thorough` for thousands of documents:
    PMDESK_REPORT_PROFILE=report-thorough .venv/bin/python -m pytest \\
        tests/unit/test_report_properties.py
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from io import BytesIO

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pypdf import PdfReader

from pmdesk.model import (
    ActionItem,
    ActionStatus,
    Attendee,
    CapturedFinding,
    Factor,
    Postmortem,
    Question,
    TimelineEvent,
)
from pmdesk.report.markdown import render_markdown
from pmdesk.report.pdf import render_pdf

# The quick profile, run by `make test`, draws the same documents every time, so CI never fails
# by chance; the thorough one draws new documents on every run and is where new faults are found.
settings.register_profile(
    "report-quick",
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "report-thorough",
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile(os.environ.get("PMDESK_REPORT_PROFILE", "report-quick"))

GENERATED = datetime(2026, 4, 17, 9, 0, tzinfo=UTC)
START = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)

_PUNCTUATION = ".,;:!?-()'\"/&<>*_#|`~[]{}@%$+=\\"
_PRINTED = (
    [chr(c) for c in range(0x21, 0x7F)]
    + [chr(c) for c in range(0xC0, 0x17F) if chr(c).isalpha()]
    + [chr(c) for c in range(0x391, 0x3CA) if chr(c).isalpha()]
    + [chr(c) for c in range(0x410, 0x450)]
    + [chr(c) for c in range(0x5D0, 0x5EB)]
    + [chr(c) for c in (*range(0x621, 0x63B), *range(0x641, 0x64B))]
    + [chr(c) for c in range(0x4E00, 0x4E80)]
    + [chr(c) for c in range(0x3041, 0x3097)]
    + [chr(c) for c in range(0xAC00, 0xAC80)]
    + list(_PUNCTUATION)
)
_RTL_CHARS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL = re.compile(f"[{_RTL_CHARS}]")
# Runs of right-to-left letters, of digits, and of other letters: digits are weak in the
# bidi algorithm and may be shown on the other side of a right-to-left neighbour.
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_RUNS = re.compile(f"[{_RTL_CHARS}]+|\\d+|[^\\W\\d_{_RTL_CHARS}]+")

printed_word = st.text(st.sampled_from(_PRINTED), min_size=1, max_size=14)
# Words from one script at a time read like real text; mixed ones test the edges.
latin_word = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789"), min_size=1)
any_char = st.characters(exclude_categories=["Cs"])
separator = st.sampled_from([" ", " ", " ", " ", "\n", "\n\n", "  ", "\t"])


def texts(word: st.SearchStrategy[str], max_words: int) -> st.SearchStrategy[str]:
    """Words joined by spaces and line breaks: empty, a few words, or (rarely) pages of them."""
    pair = st.tuples(word, separator).map("".join)
    short = st.lists(pair, max_size=12).map("".join)
    long = st.lists(pair, min_size=200, max_size=max_words).map("".join)
    # About one field in forty is pages long: most documents have one such field or none.
    return st.integers(0, 39).flatmap(lambda n: long if n == 0 else short)


def anything() -> st.SearchStrategy[str]:
    """Any Unicode the model accepts, with plain words among it that must survive."""
    noise = st.text(any_char, max_size=40)
    return st.lists(st.tuples(noise, latin_word), max_size=6).map(
        lambda parts: "".join(f"{n} {w} " for n, w in parts)
    )


@st.composite
def postmortems(draw: st.DrawFn, text: st.SearchStrategy[str]) -> Postmortem:
    """A postmortem with every text field drawn from `text`."""
    pm = Postmortem(title=draw(text), summary=draw(text), lessons=draw(text))
    pm.services = draw(st.lists(text, max_size=2))
    pm.tags = draw(st.lists(text, max_size=2))
    pm.attendees = [
        Attendee(name=draw(text), role=draw(text), facilitator=(i == 0))
        for i in range(draw(st.integers(0, 2)))
    ]
    pm.timeline = [
        TimelineEvent(
            at=START + timedelta(minutes=3 * i),
            text=draw(text),
            source=draw(text),
            seen=draw(text),
            believed=draw(text),
            done_next=draw(text),
            seq=i,
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    pm.findings = [CapturedFinding(text=draw(text)) for _ in range(draw(st.integers(0, 2)))]
    pm.factors = [
        Factor(
            question=draw(st.sampled_from(list(Question))),
            text=draw(text),
            whys=draw(st.lists(text, max_size=3)),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    pm.actions = []
    for _ in range(draw(st.integers(0, 2))):
        dropped = draw(st.booleans())
        pm.actions.append(
            ActionItem(
                description=draw(text),
                owner=draw(text),
                deadline=date(2026, 5, 1),
                status=ActionStatus.DROPPED if dropped else ActionStatus.OPEN,
                dropped_reason=draw(text) if dropped else "",
            )
        )
    return pm


def typed_texts(pm: Postmortem) -> list[str]:
    """Every text field a person wrote in the postmortem."""
    found = [pm.title, pm.summary, pm.lessons, *pm.services, *pm.tags]
    for person in pm.attendees:
        found += [person.name, person.role]
    for event in pm.timeline:
        found += [event.text, event.source, event.seen, event.believed, event.done_next]
    found += [f.text for f in pm.findings]
    for factor in pm.factors:
        found += [factor.text, *factor.whys]
    for action in pm.actions:
        found += [action.description, action.owner, action.dropped_reason]
    return found


def squeeze(text: str) -> str:
    """Text as the check compares it: normalised (NFKC) and with no whitespace at all.

    Whitespace is dropped because a word longer than a line is wrapped inside itself; NFKC
    turns the joined (presentation) forms of Arabic letters back into the letters typed. The
    curly quotes the report puts around what people said are dropped too: after a line with
    right-to-left text pypdf can read the opening one after the first character it encloses.
    """
    return "".join(unicodedata.normalize("NFKC", text).split()).replace("“", "").replace("”", "")


def expected_pieces(text: str) -> list[str]:
    """What of a field must be found: each word, or in a field with right-to-left text each
    run of letters and digits (the reading order of punctuation and numbers beside
    right-to-left words is the bidi algorithm's, not the order typed). Words of list
    markers, fences and other punctuation alone are markup, not content."""
    normal = unicodedata.normalize("NFKC", text)
    if _RTL.search(normal):
        return [run for run in _RUNS.findall(normal) if any(c.isalnum() for c in run)]
    # A code fence's backticks or tildes are markup even when the words after it touch them.
    words = [_FENCE.sub("", w) for w in normal.split()]
    return [w for w in words if any(c.isalnum() for c in w)]


def pdf_layer(data: bytes) -> str:
    return squeeze("".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages))


def markdown_layer(markdown: str) -> str:
    """The Markdown as a wiki shows it: rendered, tags dropped, entities decoded."""
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    return squeeze(html.unescape(re.sub(r"<[^>]+>", " ", rendered)))


def found(piece: str, layer: str, rtl: bool) -> bool:
    """Whether a piece of a field is in the text layer.

    In a field with right-to-left text, a run of right-to-left letters may come back in
    drawing order (pypdf reorders right-to-left text it recognises as such, not a short run
    inside a left-to-right word), and a word cut at a line end is shown with its parts in the
    lines' right-to-left order; there every character of the piece must still be in the
    layer. Whole sentences are checked in reading order in test_report_text.py, and the
    pages themselves were looked at.

    A word longer than its table column, cut where a row is split across pages, ends at the
    foot of one page and goes on at the top of the next: its second part comes after the
    next page's footer and the other cells of the row, not right after the first.
    """
    piece = squeeze(piece)
    if piece in layer or _across_pages(piece, layer):
        return True
    if not rtl:
        return False
    return piece[::-1] in layer or Counter(piece) <= Counter(layer)


_PAGE_FOOTER = re.compile(r"Page\d+of\d+")


def _across_pages(piece: str, layer: str) -> bool:
    """Whether the piece is in the layer as a beginning on one page and the rest on the next.

    Only for pieces of four characters or more: a shorter word fits in any column uncut.
    """
    for cut in range(1, len(piece)) if len(piece) >= 4 else ():
        head, tail = piece[:cut], piece[cut:]
        start = layer.find(head)
        while start >= 0:
            footer = _PAGE_FOOTER.search(layer, start + len(head))
            if footer is None:
                break
            following = _PAGE_FOOTER.search(layer, footer.end())
            end = following.start() if following else len(layer)
            if layer.find(tail, footer.end(), end) >= 0:
                return True
            start = layer.find(head, start + 1)
    return False


def _assert_all_found(texts_typed: list[str], layer: str, where: str) -> None:
    for text in texts_typed:
        rtl = _RTL.search(text) is not None
        for piece in expected_pieces(text):
            assert found(piece, layer, rtl), f"{piece!r} missing from the {where}"


# Found by the thorough profile: the tags share a line in the PDF, and the first one, starting
# in Arabic, made the line right to left; the bracket ending the second tag was then shown at
# the far end of the line, away from the word it was typed after.
_TAGS_OF_BOTH_DIRECTIONS = Postmortem(
    title="Tags",
    tags=["هĻŏÙ 8ŕB", "zà ü걱МxfİİX["],
)


@settings(PROFILE)
@given(postmortems(texts(printed_word, 2500)))
@example(_TAGS_OF_BOTH_DIRECTIONS)
# Found by the thorough profile: a fence line with nothing after it was dropped, and with it
# what was typed on it.
@example(Postmortem(title="Fences", lessons="``` 00 "))
@example(Postmortem(title="Fences", lessons="x\n```bash *x*\nls\n```\n\n~~~ a b\n\n~~~ c"))
def test_every_word_typed_is_in_the_pdf_and_the_markdown(pm: Postmortem) -> None:
    data = render_pdf(pm, generated=GENERATED)
    markdown = render_markdown(pm, generated=GENERATED)
    _assert_all_found(typed_texts(pm), pdf_layer(data), "PDF")
    _assert_all_found(typed_texts(pm), markdown_layer(markdown), "Markdown")


@settings(PROFILE)
@given(postmortems(anything()))
def test_any_unicode_exports_and_keeps_the_plain_words(pm: Postmortem) -> None:
    data = render_pdf(pm, generated=GENERATED)
    markdown = render_markdown(pm, generated=GENERATED)
    pdf_text, md_text = pdf_layer(data), markdown_layer(markdown)
    for text in typed_texts(pm):
        for word in re.findall(r"(?<= )[a-z0-9]+(?= )", f" {text} "):
            assert word in md_text, f"{word!r} missing from the Markdown"
            # Beside right-to-left text, digits may be shown apart from the letters after
            # them (the bidi algorithm's reading order): see `found`.
            assert found(word, pdf_text, _RTL.search(text) is not None), f"{word!r} not in PDF"
