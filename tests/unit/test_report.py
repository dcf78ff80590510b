"""The report as a reader gets it: the PDF read back as text, and the Markdown as a wiki sees it."""

from __future__ import annotations

import copy
import re
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination
from reportlab.pdfbase.pdfmetrics import stringWidth

from pmdesk import interchange
from pmdesk.interchange import load_file
from pmdesk.meeting import meeting_record, total_line
from pmdesk.model import (
    ActionItem,
    ActionStatus,
    ActionType,
    Attendee,
    CapturedFinding,
    Factor,
    Kind,
    Marker,
    PhaseRecord,
    Postmortem,
    Question,
    TimelineEvent,
)
from pmdesk.report import FORMATS, fonts, render, suggested_filename
from pmdesk.report.chart import Palette, _Label, _place, timeline_chart
from pmdesk.report.content import timeline
from pmdesk.report.language_check import flagged_count
from pmdesk.report.markdown import render_markdown
from pmdesk.report.pdf import render_pdf

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"
GENERATED = datetime(2026, 4, 17, 9, 0, tzinfo=UTC)
START = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)
MARKUP = "Alert <b>bold</b> & <i>x</i> a < b && c > d <img src='/nonexistent/x.png'/> &amp;"

SECTIONS = (
    "Summary",
    "Timeline",
    "What we heard",
    "Contributing factors",
    "Action items",
    "Lessons learned",
    "Attendees",
    "Meeting record",
)


def sample() -> Postmortem:
    return load_file(SAMPLE)


def flat(text: str) -> str:
    """Whitespace as a reader sees it: line breaks from wrapping do not matter."""
    return " ".join(text.split())


def pages(data: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return " ".join(pages(data))


def pdf(pm: Postmortem, **kwargs: object) -> bytes:
    return render_pdf(pm, generated=GENERATED, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return pdf(sample())


def test_the_pdf_holds_every_field_of_the_sample(sample_pdf: bytes) -> None:
    pm = sample()
    text = pdf_text(sample_pdf)
    expected = [
        pm.title,
        "15 April 2026, 14:32 UTC",
        "18 min (14:32 to 14:50 UTC)",
        "SEV2 - major",
        "Customer-facing: yes · Revenue impact: yes · Data loss: no",
        "Incident",
        "Reviewed",
        "16 April 2026, 16:00 UTC+02:00",
        pm.summary,
        "Time to detect",
        "3 min",
        "Time to resolve",
        "18 min",
        *pm.services,
        *pm.tags,
    ]
    for event in pm.timeline:
        expected += [event.at.strftime("%H:%M"), event.text, event.source]
        expected += [v for v in (event.seen, event.believed, event.done_next) if v]
        if event.marker is not None:
            expected.append(event.marker.label)
    expected += [f"“{f.text}”" for f in pm.findings]
    for factor in pm.factors:
        expected += [factor.question.label, factor.text, *factor.whys]
    for action in pm.actions:
        expected += [action.description, action.owner, action.deadline.isoformat()]  # type: ignore[union-attr]
        expected += [action.type.label, action.status.label]
    expected += [line.removeprefix("- ") for line in pm.lessons.splitlines()]
    for person in pm.attendees:
        expected += [person.name, person.role, person.involvement.label]
    expected.append("Facilitator")
    outcomes = meeting_record(pm.phases)
    expected += [o.name for o in outcomes] + [total_line(outcomes)]
    missing = [item for item in expected if flat(item) not in text]
    assert not missing


def test_sections_come_in_the_documents_order(sample_pdf: bytes) -> None:
    text = pdf_text(sample_pdf)
    positions = [text.index(name) for name in SECTIONS]
    assert positions == sorted(positions)


def test_greek_cyrillic_cjk_and_markup_print_as_typed() -> None:
    pm = sample()
    pm.title = "Διακοπή πληρωμών — Сбой платежей — 支付服务中断"
    pm.summary = (
        "Η υπηρεσία πληρωμών σταμάτησε. Платёжный сервис не отвечал 12 минут. "
        "支付服务中断了十二分钟。決済サービスが停止しました。결제 서비스가 중단되었습니다."
    )
    pm.timeline[2].text = MARKUP
    pm.actions[0].owner = "Дмитрий Волков"
    pm.factors[0].whys.append("为什么？配置没有单位。")
    text = pdf_text(pdf(pm))
    for expected in (
        "Διακοπή πληρωμών",
        "Сбой платежей",
        "支付服务中断",
        "Η υπηρεσία πληρωμών σταμάτησε.",
        "Платёжный сервис не отвечал 12 минут.",
        "支付服务中断了十二分钟。",
        "決済サービスが停止しました。",
        "결제 서비스가 중단되었습니다.",
        "Дмитрий Волков",
        "为什么？配置没有单位。",
        MARKUP,
    ):
        assert expected in text


def test_characters_no_font_has_show_as_a_visible_replacement() -> None:
    pm = Postmortem(title="Fire drill", summary="Pager went off 🔥 twice \x07 then stopped")
    text = pdf_text(pdf(pm))
    assert "Pager went off \ufffd twice \ufffd then stopped" in text


def test_empty_sections_are_left_out() -> None:
    pm = Postmortem(title="Nothing written yet", summary="   ", lessons="\n\n")
    pm.phases = [PhaseRecord("ground_rules", 5, 0.0)]  # a timer that never ran
    pm.factors = [Factor(Question.RISKY, "  ")]
    text = pdf_text(pdf(pm))
    assert "Nothing written yet" in text
    for name in SECTIONS:
        assert name not in text
    markdown = render_markdown(pm, generated=GENERATED)
    assert not re.findall(r"^##", markdown, flags=re.MULTILINE)


def test_half_filled_items_are_printed_not_dropped() -> None:
    pm = Postmortem(
        title="Half done",
        kind=Kind.NEAR_MISS,
        factors=[Factor(Question.SLOW_RECOVERY, "", whys=["Rollback rebuilds the image"])],
        actions=[ActionItem("", owner="Ana", deadline=date(2026, 5, 1))],
        attendees=[Attendee("", role="Release engineer")],
        timeline=[
            TimelineEvent(START, "deploy", marker=Marker.TRIGGER),
            TimelineEvent(START + timedelta(minutes=18), "resolved", marker=Marker.RESOLUTION),
        ],
    )
    text = pdf_text(pdf(pm))
    assert "NEAR-MISS REVIEW · DRAFT Half done" in text
    assert "(no description yet)" in text and "Rollback rebuilds the image" in text
    assert "Ana" in text and "2026-05-01" in text
    assert "(name not given)" in text and "Release engineer" in text
    # No start or resolution time on the form: the duration comes from the markers.
    assert "Duration 18 min (14:32 to 14:50 UTC)" in text


def test_only_the_filled_sections_appear() -> None:
    pm = Postmortem(title="Lessons only", lessons="- Units belong in config keys")
    text = pdf_text(pdf(pm))
    assert "Lessons learned" in text
    assert "Units belong in config keys" in text
    assert "Summary" not in text and "Action items" not in text


def test_every_page_says_page_x_of_y_and_when_it_was_made(sample_pdf: bytes) -> None:
    texts = pages(sample_pdf)
    assert len(texts) > 1
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert "Generated 17 April 2026" in text


def test_pages_after_the_first_carry_the_title(sample_pdf: bytes) -> None:
    texts = pages(sample_pdf)
    assert all("Payment service outage - April 15, 2026" in text for text in texts[1:])


def test_each_section_has_a_bookmark_on_its_page(sample_pdf: bytes) -> None:
    reader = PdfReader(BytesIO(sample_pdf))
    marks: dict[str, int] = {}
    for entry in reader.outline:
        assert isinstance(entry, Destination)
        page = reader.get_destination_page_number(entry)
        assert entry.title is not None and page is not None
        marks[entry.title] = page
    assert list(marks) == list(SECTIONS)
    texts = pages(sample_pdf)
    assert all(name in texts[page] for name, page in marks.items())


def test_a4_and_letter_pages() -> None:
    pm = Postmortem(title="Size check")
    a4 = PdfReader(BytesIO(pdf(pm, page_size="A4"))).pages[0].mediabox
    letter = PdfReader(BytesIO(pdf(pm, page_size="Letter"))).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_an_unknown_page_size_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="A5"):
        render_pdf(Postmortem(), page_size="A5")


def test_the_report_never_asks_who_was_responsible(sample_pdf: bytes) -> None:
    pm = sample()
    assert "responsib" not in pdf_text(sample_pdf).lower()
    assert "responsib" not in render_markdown(pm, generated=GENERATED).lower()


def test_actions_are_listed_prevent_detect_mitigate_then_by_deadline() -> None:
    pm = Postmortem(title="Order")
    pm.actions = [
        ActionItem("Mitigate soon", ActionType.MITIGATE, "Ana", date(2026, 4, 20)),
        ActionItem("Prevent later", ActionType.PREVENT, "Raj", date(2026, 5, 30)),
        ActionItem("Detect undated", ActionType.DETECT, "Li"),
        ActionItem("Detect dated", ActionType.DETECT, "Li", date(2026, 6, 1)),
        ActionItem("Prevent first", ActionType.PREVENT, "Sam", date(2026, 4, 25)),
    ]
    order = ["Prevent first", "Prevent later", "Detect dated", "Detect undated", "Mitigate soon"]
    for text in (pdf_text(pdf(pm)), render_markdown(pm, generated=GENERATED)):
        positions = [text.index(d) for d in order]
        assert positions == sorted(positions)


def test_action_status_shows_done_dates_and_drop_reasons() -> None:
    pm = Postmortem(title="Statuses")
    pm.actions = [
        ActionItem("Add alert", owner="Ana", status=ActionStatus.DONE, done_on=date(2026, 4, 20)),
        ActionItem(
            "Add canary",
            owner="Raj",
            status=ActionStatus.DROPPED,
            dropped_reason="superseded by the new pipeline",
        ),
        ActionItem("Unowned item"),
    ]
    text = pdf_text(pdf(pm))
    assert "Done 2026-04-20" in text
    assert "Dropped: superseded by the new pipeline" in text
    assert "Not assigned" in text and "Not set" in text


def test_long_urls_and_words_wrap_inside_the_page() -> None:
    url = "https://wiki.example.com/" + "/".join(f"segment-{i}" for i in range(40)) + "?q=1"
    word = "Donaudampfschifffahrtsgesellschaft" * 8
    pm = Postmortem(title="Wrapping", summary=f"See {url} and {word}.")
    pm.timeline = [TimelineEvent(START, f"Runbook {url}", source=word[:60])]
    data = pdf(pm)
    squeezed = pdf_text(data).replace(" ", "")
    assert url in squeezed and word in squeezed
    reader = PdfReader(BytesIO(data))
    too_wide: list[str] = []
    for page in reader.pages:
        right_edge = float(page.mediabox.width) - 62  # the 22 mm margin, less a point

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: object,
            size: float,
            right_edge: float = right_edge,
        ) -> None:
            line = text.rstrip("\n")
            if not line.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            scale = size * tm[0] * cm[0]
            if x + stringWidth(line, fonts.BODY, scale) > right_edge + 1:
                too_wide.append(line)

        page.extract_text(visitor_text=visit)
    assert not too_wide


def big_timeline(count: int, *, start: datetime = START) -> list[TimelineEvent]:
    markers = {5: Marker.TRIGGER, count // 2: Marker.DETECTION, count - 3: Marker.RESOLUTION}
    return [
        TimelineEvent(
            start + timedelta(seconds=30 * i),
            f"event-{i:05d} sample line",
            source="monitoring",
            marker=markers.get(i),
            seq=i,
        )
        for i in range(count)
    ]


def test_a_long_timeline_keeps_every_row_once_in_order_with_headers_on_each_page() -> None:
    pm = Postmortem(title="Long timeline")
    pm.timeline = big_timeline(600)
    texts = pages(pdf(pm))
    text = " ".join(texts)
    found = [int(n) for n in re.findall(r"event-(\d{5})", text)]
    assert found == list(range(600))
    table_pages = [t for t in texts if "event-" in t]
    assert len(table_pages) > 5
    assert all("TIME (UTC) EVENT SOURCE MARKER" in t for t in table_pages)


def test_a_cell_longer_than_a_page_is_split_not_refused() -> None:
    pasted = " ".join(f"line{i:04d}" for i in range(2500))
    pm = Postmortem(title="Pasted log")
    pm.timeline = [
        TimelineEvent(START, "before"),
        TimelineEvent(START + timedelta(minutes=1), pasted, seen=pasted),
        TimelineEvent(START + timedelta(minutes=2), "after"),
    ]
    pm.findings = [CapturedFinding(pasted)]
    text = pdf_text(pdf(pm))
    assert [int(n) for n in re.findall(r"line(\d{4})", text)] == list(range(2500)) * 3
    assert text.index("before") < text.index("line0000") < text.index("after")


def test_the_chart_labels_each_milestone_once_and_stays_small_with_many_events() -> None:
    palette = Palette(*(fonts_colour() for _ in range(6)))
    events = big_timeline(2000)
    events.append(TimelineEvent(events[-1].at, "second trigger", marker=Marker.TRIGGER))
    pm = Postmortem(timeline=events)
    drawing = timeline_chart(events, timeline(pm), 480, palette)
    assert drawing is not None
    strings = [s.text for s in drawing.getContents() if hasattr(s, "text")]
    assert strings.count("Trigger") == 1
    assert {"Detection", "Resolution"} <= set(strings)
    # Thousands of events are summarised as bars, not drawn one by one.
    assert len(drawing.getContents()) < 200


def fonts_colour() -> object:
    from reportlab.lib.colors import black

    return black


def test_milestone_labels_never_overlap_or_cross_a_leader_line() -> None:
    labels = [_Label(x, x, x + 60, 0, f"m{x}", "14:00") for x in (10, 20, 30, 45, 200, 210)]
    levels = _place(labels, max_levels=len(labels))
    assert levels >= 3
    for a in labels:
        for b in labels:
            if a is b:
                continue
            if a.level == b.level:
                assert a.right <= b.left or b.right <= a.left
            if b.level > a.level:  # b's leader rises through a's level
                assert not a.left < b.x < a.right


def test_markup_escapes_and_picks_a_font_per_script() -> None:
    assert fonts.markup("a <b> & c") == "a &lt;b&gt; &amp; c"
    assert fonts.markup("line\nnext") == "line<br/>next"
    mixed = fonts.markup("中文。日本語です。한국어 Ελληνικά")
    assert f'<font name="{fonts.CHINESE}">中文。</font>' in mixed
    assert f'<font name="{fonts.JAPANESE}">日本語です。</font>' in mixed
    assert f'<font name="{fonts.KOREAN}">한국어' in mixed
    assert "Ελληνικά" in mixed and mixed.endswith("Ελληνικά")
    assert fonts.markup("x🔥y") == "x\ufffdy"
    assert fonts.plain("Deploy <v2> & more") == "Deploy <v2> & more"
    assert fonts.plain("два\nline") is None
    assert fonts.plain("中文") is None


# -- Markdown ------------------------------------------------------------------------------------


def table_rows(markdown: str) -> list[list[str]]:
    """Each table's lines split on unescaped pipes."""
    rows = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            rows.append(re.split(r"(?<!\\)\|", line)[1:-1])
    return rows


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown.replace("<br>", "\n"))


def test_markdown_has_every_field_of_the_sample() -> None:
    pm = sample()
    markdown = render_markdown(pm, generated=GENERATED)
    plain = flat(unescape(markdown))
    assert markdown.startswith(f"# {pm.title}\n")
    for name in SECTIONS:
        assert f"\n## {name}\n" in markdown
    expected = [pm.summary, "**Severity:** SEV2 - major", *pm.services, *pm.tags]
    expected += [e.text for e in pm.timeline] + [e.seen for e in pm.timeline if e.seen]
    expected += [f.text for f in pm.findings]
    expected += [f.text for f in pm.factors] + [w for f in pm.factors for w in f.whys]
    expected += [a.description for a in pm.actions] + [a.owner for a in pm.actions]
    expected += [p.name for p in pm.attendees] + [p.role for p in pm.attendees]
    expected += [total_line(meeting_record(pm.phases)), "Generated 17 April 2026"]
    missing = [item for item in expected if flat(item) not in plain]
    assert not missing


def test_markdown_tables_are_well_formed_and_cells_escaped() -> None:
    pm = sample()
    pm.timeline[0].text = "rate | errors\nsecond line"
    pm.timeline[1].text = MARKUP
    pm.attendees[0].role = "SRE | *lead*"
    markdown = render_markdown(pm, generated=GENERATED)
    rows = table_rows(markdown)
    tables: list[list[list[str]]] = []
    for line_rows in _group_tables(markdown):
        tables.append(line_rows)
    assert len(tables) == 4  # timeline, actions, attendees, meeting record
    for table in tables:
        assert all(len(row) == len(table[0]) for row in table)
        assert all(re.fullmatch(r"\s*---\s*", cell) for cell in table[1])
    assert "rate \\| errors<br>second line" in markdown
    assert "\\<b\\>bold\\</b\\>" in markdown
    assert "SRE \\| \\*lead\\*" in markdown
    assert rows  # the tables were found at all
    # Read back as a wiki would, the cells say what was typed.
    assert "rate | errors\nsecond line" in unescape(markdown)
    assert MARKUP in unescape(markdown)


def _group_tables(markdown: str) -> list[list[list[str]]]:
    groups: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            current.append(re.split(r"(?<!\\)\|", line)[1:-1])
        elif current:
            groups.append(current)
            current = []
    return groups


def test_markdown_text_cannot_turn_into_headings_lists_or_links() -> None:
    typed = "- not a list\n1. not numbered\n> not a quote\n[link](http://x) *stars* _under_"
    pm = Postmortem(title="# Not a heading", factors=[Factor(Question.RISKY, typed)])
    markdown = render_markdown(pm, generated=GENERATED)
    assert markdown.startswith("# \\# Not a heading\n")
    assert (
        "1. \\- not a list\\\n   1\\. not numbered\\\n   \\> not a quote\\\n"
        "   \\[link\\](http://x) \\*stars\\* \\_under\\_"
    ) in markdown


def test_markdown_keeps_lessons_as_a_list_and_factors_numbered() -> None:
    pm = sample()
    markdown = render_markdown(pm, generated=GENERATED)
    lessons = markdown.split("## Lessons learned\n\n", 1)[1].split("\n\n", 1)[0]
    assert lessons.count("\n- ") == 2 and lessons.startswith("- ")
    assert "\n5. A rollback runs the full pipeline" in markdown
    assert "\n   1. Why did 4 become 4 ms?" in markdown


# -- the language-check line ---------------------------------------------------------------------


def test_flagged_count_skips_listen_for_and_ignored_findings() -> None:
    pm = Postmortem(
        summary="A careless deploy.",
        lessons="I assumed it was safe because the dashboard looked normal.",  # findings to keep
        actions=[ActionItem("improve monitoring"), ActionItem("careless again")],
        factors=[Factor(Question.RISKY, "ok", whys=["careless config"])],
        timeline=[TimelineEvent(START, "fine", seen="careless look")],
    )
    assert flagged_count(pm) == 5
    pm.language.ignored = ["judgement.words|careless"]
    assert flagged_count(pm) == 1  # only the vague action is left


def test_the_pdf_and_markdown_state_how_many_phrases_remain() -> None:
    pm = sample()
    pm.summary += " A careless step."
    line = "Language check: 1 flagged phrase remains in this document."
    assert line in pdf_text(pdf(pm))
    assert line in render_markdown(pm, generated=GENERATED)
    pm.summary = "Nothing to flag."
    assert "no flagged phrases remain" in pdf_text(pdf(pm))


def test_the_pdf_and_markdown_list_each_phrase_left_with_a_reframe() -> None:
    from pmdesk.language import reframe

    pm = sample()
    pm.summary += " A careless step."
    pm.factors[0].whys.append("The root cause was the cache.")
    judgement = f"“careless” (Summary). Try instead: {reframe('judgement')}"
    # The kind's reframe first (system-focused), then the rule's words for the phrase.
    root = (
        f"(Contributing factors). Try instead: {reframe('single_root_cause')}. "
        "Suggested words: “contributing factor”"
    )
    text = " ".join(pdf_text(pdf(pm)).split())
    assert " ".join(judgement.split()) in text and root in text
    markdown = render_markdown(pm, generated=GENERATED)
    assert "Try instead: describe the act and what shaped it" in markdown
    assert root in markdown
    pm.summary, pm.factors[0].whys = "Nothing to flag.", pm.factors[0].whys[:-1]
    assert "Try instead" not in render_markdown(pm, generated=GENERATED)


def test_the_real_engine_counts_blame_and_honours_allowed_words() -> None:
    pm = sample()
    assert flagged_count(pm) == 0
    pm.summary = "The deploy was careless."
    assert flagged_count(pm) == 1
    pm.language.allowed_words = ["careless"]
    assert flagged_count(pm) == 0


# -- formats and file names ----------------------------------------------------------------------


def test_render_gives_each_format() -> None:
    pm = sample()
    assert FORMATS == ("pdf", "md", "json")
    data = render(pm, "pdf", page_size="Letter", generated=GENERATED)
    assert isinstance(data, bytes) and data.startswith(b"%PDF")
    markdown = render(pm, "md", generated=GENERATED)
    assert isinstance(markdown, str) and markdown.startswith("# Payment service outage")
    text = render(pm, "json")
    assert text == interchange.dumps(pm)
    assert interchange.loads(text).title == pm.title


def test_render_refuses_an_unknown_format_by_name() -> None:
    with pytest.raises(ValueError, match="docx"):
        render(sample(), "docx")


def test_the_same_input_gives_the_same_pdf() -> None:
    pm = sample()
    assert pdf(copy.deepcopy(pm)) == pdf(pm)


@pytest.mark.parametrize(
    ("title", "fmt", "expected"),
    [
        (
            "Payment service outage - April 15, 2026",
            "pdf",
            "payment-service-outage-april-15-2026.pdf",
        ),
        ("  ", "md", "postmortem.md"),
        ("Tomás's / checkout: *down*?", "json", "tomas-s-checkout-down.json"),
        ("Διακοπή πληρωμών", "pdf", "διακοπη-πληρωμων.pdf"),
        ("CON", "md", "postmortem-con.md"),
        ("x" * 200, "pdf", "x" * 80 + ".pdf"),
    ],
)
def test_suggested_filename_is_a_safe_slug(title: str, fmt: str, expected: str) -> None:
    assert suggested_filename(Postmortem(title=title), fmt) == expected


def test_a_sample_with_people_and_no_timeline_still_exports() -> None:
    pm = Postmortem(
        title="Near miss",
        attendees=[Attendee("Ana", "SRE", facilitator=True)],
        findings=[CapturedFinding("I didn't know the flag was shared")],
    )
    text = pdf_text(pdf(pm))
    assert "Ana Facilitator SRE" in text
    assert "I didn't know the flag was shared" in text
    assert "Timeline" not in text
