"""Publishing the library: the site's pages and links, escaping, the search index, the Markdown
folder, and a second publish that rewrites only what changed."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from pmdesk.interchange import load_file
from pmdesk.model import Postmortem, SeverityLevel, Status
from pmdesk.publish import MANIFEST, Cancelled, PublishProblem, publish
from tests.conftest import SAMPLES

CHANGED = datetime(2026, 4, 16, 15, 25, tzinfo=UTC)


def sample(pm_id: int, **changes: object) -> Postmortem:
    pm = load_file(SAMPLES / "payment-service-outage.json")
    pm.id = pm_id
    pm.updated_at = CHANGED
    for name, value in changes.items():
        setattr(pm, name, value)
    return pm


def library() -> list[Postmortem]:
    other = sample(
        2, title="Search cluster ran out of disk", services=["search-api"], tags=["disk"]
    )
    other.started_at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    other.severity.level = SeverityLevel.SEV1
    other.status = Status.PUBLISHED
    other.summary = "Indexing stopped for 40 minutes when the data volume filled up."
    return [sample(1), other]


class _Page(HTMLParser):
    """Every link and id of one HTML page, and the page's visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src", "action"):
            if values.get(name):
                self.links.append(str(values[name]))
        if values.get("id"):
            self.ids.add(str(values["id"]))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        else:
            self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_the_site_has_its_indexes_a_page_per_postmortem_and_only_local_assets(
    tmp_path: Path,
) -> None:
    outcome = publish(library(), tmp_path / "site")
    site = tmp_path / "site"
    assert outcome.start == site / "index.html"
    for name in ("index.html", "severity.html", "services.html", "tags.html", "search.html"):
        assert (site / name).is_file(), name
    pages = sorted(p.name for p in (site / "pm").iterdir())
    assert pages == [
        "1-payment-service-outage-april-15-2026.html",
        "2-search-cluster-ran-out-of-disk.html",
    ]
    page = parse(site / "pm" / pages[0])
    text = " ".join(page.text)
    for seen in ("Summary", "Timeline", "Contributing factors", "Action items", "Lessons learned",
                 "Time to detect", "Why was the change risky?", "Rollback to v2.4.0"):  # fmt: skip
        assert seen in text, seen
    html = (site / "pm" / pages[0]).read_text(encoding="utf-8")
    assert "<svg" in html and 'class="leader"' in html and ">Detection</text>" in html
    for path in site.rglob("*.html"):
        for link in parse(path).links:
            assert not re.match(r"^(https?:)?//", link), f"{path.name} loads {link} from outside"
        assert "fetch(" not in path.read_text(encoding="utf-8")
    script = (site / "assets" / "search.js").read_text(encoding="utf-8")
    assert "fetch(" not in script and "XMLHttpRequest" not in script


def test_every_internal_link_and_anchor_resolves(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(library(), site)
    pages = {path: parse(path) for path in site.rglob("*.html")}
    checked = 0
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, link
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), f"{path.relative_to(site)} links to missing {link}"
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in pages[target].ids, f"{link} in {path.name}"
            checked += 1
    assert checked > 50


def test_a_title_with_markup_stays_text_everywhere(tmp_path: Path) -> None:
    evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    pm = sample(3, title=evil, services=["<b>api</b>"], tags=['"quoted"'])
    pm.timeline[0].text = "</td><script>boom()</script>"
    site = tmp_path / "site"
    publish([pm], site)
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>api" not in html
        assert "<script>boom" not in html
        page = parse(path)
        assert all(s.strip() == "" for s in page.scripts), path.name  # only src= scripts
    page = parse(next((site / "pm").iterdir()))
    assert evil in "".join(page.text)
    index = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert "</script>" not in index
    rows = json.loads(index.removeprefix("window.PMDESK_SEARCH = ").rstrip().rstrip(";"))
    assert rows[0][1] == evil


def test_any_script_reads_in_its_own_direction(tmp_path: Path) -> None:
    pm = sample(
        4, title="תקלה בשירות התשלומים", summary="支付服务中断了十二分钟。\n\nعطل في خدمة الدفع"
    )
    site = tmp_path / "site"
    publish([pm], site)
    html = next((site / "pm").iterdir()).read_text(encoding="utf-8")
    assert '<h1 dir="auto">תקלה בשירות התשלומים</h1>' in html
    assert '<p dir="auto">支付服务中断了十二分钟。</p>' in html
    assert '<p dir="auto">عطل في خدمة الدفع</p>' in html
    assert 'charset="utf-8"' in html and 'name="viewport"' in html


def test_the_search_index_holds_what_people_search_for(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(library(), site)
    script = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert script.startswith("window.PMDESK_SEARCH = ")  # a script, loadable from file://
    rows = json.loads(script.removeprefix("window.PMDESK_SEARCH = ").rstrip().rstrip(";"))
    first = rows[0]  # newest incident first
    assert first[0] == "1-payment-service-outage-april-15-2026"
    assert first[4] == "SEV2" and "payment-service" in first[7]
    # Words of the timeline and the factors are searchable, each once.
    words = first[10].split()
    assert "rollback" in [w.casefold() for w in words] or "rollback" in first[9].casefold()
    assert "staging" in first[10].casefold()
    assert len(words) == len({w.casefold() for w in words})
    search = (site / "search.html").read_text(encoding="utf-8")
    assert search.index("assets/search-index.js") < search.index("assets/search.js")


def test_publishing_again_rewrites_only_what_changed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = publish(library(), site)
    assert (first.written, first.unchanged, first.removed) == (first.written, 0, 0)
    old = datetime(2020, 1, 1).timestamp()
    for path in site.rglob("*"):
        if path.is_file() and path.name != MANIFEST:
            os.utime(path, (old, old))

    again = publish(library(), site)
    assert (again.written, again.unchanged, again.removed) == (0, first.written, 0)
    assert all(p.stat().st_mtime == old for p in site.rglob("*.html"))

    changed = library()
    changed[1].lessons = "Watch the disk before it fills."
    third = publish(changed, site)
    # The page and the search index (lessons are searched); no index page shows lessons.
    assert (third.written, third.removed) == (2, 0)
    assert (site / "pm" / "2-search-cluster-ran-out-of-disk.html").stat().st_mtime != old
    assert (site / "assets" / "search-index.js").stat().st_mtime != old
    assert (site / "index.html").stat().st_mtime == old
    assert (site / "pm" / "1-payment-service-outage-april-15-2026.html").stat().st_mtime == old

    fourth = publish(changed[:1], site)  # the second one trashed or unpublished
    assert fourth.removed == 1
    assert not (site / "pm" / "2-search-cluster-ran-out-of-disk.html").exists()
    assert "Search cluster" not in (site / "index.html").read_text(encoding="utf-8")
    assert third.describe() == f"{third.written} written, {third.unchanged} unchanged, 0 removed"


def test_a_file_changed_by_hand_is_written_again(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(library(), site)
    (site / "index.html").write_text("edited", encoding="utf-8")
    assert publish(library(), site).written == 1
    assert "Postmortems by date" in (site / "index.html").read_text(encoding="utf-8")


def test_a_retitled_postmortem_moves_and_leaves_no_stale_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish([sample(1)], site)
    outcome = publish([sample(1, title="Card payments failed at checkout")], site)
    assert outcome.removed == 1
    assert [p.name for p in (site / "pm").iterdir()] == ["1-card-payments-failed-at-checkout.html"]


def test_a_stopped_publish_still_knows_its_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(library(), site)

    def stop(done: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        publish([sample(1, title="Renamed")], site, progress=stop)
    outcome = publish([sample(5)], site)
    assert sorted(p.name for p in (site / "pm").iterdir()) == [
        "5-payment-service-outage-april-15-2026.html"
    ]
    assert outcome.removed >= 3


def test_folders_that_cannot_take_a_site_are_refused_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine", encoding="utf-8")
    with pytest.raises(PublishProblem, match=r"notes.txt is a file, not a folder"):
        publish(library(), a_file)
    with pytest.raises(PublishProblem, match=r"already holds other files \(notes.txt\)"):
        publish(library(), tmp_path)
    assert a_file.read_text(encoding="utf-8") == "mine"

    publish(library(), tmp_path / "site")
    with pytest.raises(PublishProblem, match="holds a web site published by pmdesk"):
        publish(library(), tmp_path / "site", "md")
    (tmp_path / "site" / MANIFEST).write_text("{broken", encoding="utf-8")
    with pytest.raises(PublishProblem, match="is damaged"):
        publish(library(), tmp_path / "site")

    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    with pytest.raises(PublishProblem, match=r"Cannot publish into .*locked: it is not writable"):
        publish(library(), tmp_path / "locked")


def test_the_markdown_folder_links_its_pages_and_carries_front_matter(tmp_path: Path) -> None:
    folder = tmp_path / "wiki"
    outcome = publish(library(), folder, "md")
    assert outcome.start == folder / "index.md"
    index = (folder / "index.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+\.md)\)", index)
    assert links and all((folder / unquote(link)).is_file() for link in links)
    assert {unquote(link) for link in links} == {p.name for p in folder.glob("[0-9]*.md")}
    for heading in ("## By date", "## By severity", "## By service", "## By tag"):
        assert heading in index
    page = (folder / "1-payment-service-outage-april-15-2026.md").read_text(encoding="utf-8")
    front, body = page.removeprefix("---\n").split("\n---\n", 1)
    fields = {k: json.loads(v) for k, v in (line.split(": ", 1) for line in front.splitlines())}
    assert fields["title"] == "Payment service outage - April 15, 2026"
    assert fields["date"] == "2026-04-15" and fields["severity"] == "SEV2"
    assert fields["services"] == ["payment-service", "checkout-api", "deploy-pipeline"]
    assert "deploy" in fields["tags"]
    assert "# Payment service outage" in body and "## Action items" in body
    assert "](index.md)" in body
    assert publish(library(), folder, "md").written == 0


def test_markdown_titles_cannot_break_the_front_matter(tmp_path: Path) -> None:
    pm = sample(6, title='Outage: "quoted"\n---\nkey: value #1')
    publish([pm], tmp_path / "wiki", "md")
    page = next((tmp_path / "wiki").glob("6-*.md")).read_text(encoding="utf-8")
    front = page.split("\n---\n", 1)[0].removeprefix("---\n")
    assert len(front.splitlines()) == 8
    assert (
        json.loads(front.splitlines()[0].split(": ", 1)[1]) == 'Outage: "quoted" --- key: value #1'
    )


def test_only_published_postmortems_when_asked(repo) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.operations.library import to_publish

    ids = [repo.create(pm) for pm in library()]
    trashed = repo.create(sample(0, id=None))
    repo.trash(trashed)
    entries, postmortems = to_publish(repo)
    assert [e.id for e in entries] == ids and [pm.id for pm in postmortems] == ids
    entries, postmortems = to_publish(repo, status="published")
    loaded = list(postmortems)
    assert [pm.title for pm in loaded] == ["Search cluster ran out of disk"]
    assert loaded[0].timeline == library()[1].timeline


def test_reading_in_batches_gives_whole_postmortems(repo) -> None:  # type: ignore[no-untyped-def]
    ids = [repo.create(sample(0, id=None, title=f"Outage {i}")) for i in range(5)]
    many = repo.load_many([ids[3], ids[0], 999])
    assert [pm.id for pm in many] == [ids[3], ids[0]]
    one = repo.load(ids[3])
    assert many[0] == one


def test_the_chart_marks_each_milestone_once_and_thins_many_events(tmp_path: Path) -> None:
    from pmdesk.publish.svg import MAX_DOTS, timeline_svg
    from pmdesk.report.content import timeline

    pm = sample(7)
    svg = timeline_svg(pm.timeline, timeline(pm))
    for marker in ("Trigger", "Detection", "Acknowledgement", "Mitigation", "Resolution"):
        assert svg.count(f">{marker}</text>") == 1
    assert svg.count("<circle") == len(pm.timeline)
    start = pm.timeline[0].at
    pm.timeline = [
        type(pm.timeline[0])(at=start + timedelta(seconds=10 * i), text=f"sample {i}")
        for i in range(MAX_DOTS * 4)
    ]
    many = timeline_svg(pm.timeline, timeline(pm))
    assert "<circle" not in many and 'class="density"' in many


def test_milestones_at_one_moment_are_all_labelled() -> None:
    from pmdesk.model import Marker, TimelineEvent
    from pmdesk.publish.svg import timeline_svg
    from pmdesk.report.content import timeline

    pm = sample(8)
    at = pm.timeline[0].at
    pm.timeline = [
        TimelineEvent(at=at + timedelta(minutes=i // 3), text=m.label, marker=m)
        for i, m in enumerate(Marker)
    ]
    svg = timeline_svg(pm.timeline, timeline(pm))
    assert all(svg.count(f">{m.label}</text>") == 1 for m in Marker)


def test_published_pages_leave_the_language_check_to_the_exported_report(tmp_path: Path) -> None:
    from pmdesk.report.markdown import render_markdown

    pm = sample(9)
    assert "Language check:" in render_markdown(pm, generated=CHANGED)
    publish([pm], tmp_path / "wiki", "md")
    page = (tmp_path / "wiki" / "9-payment-service-outage-april-15-2026.md").read_text("utf-8")
    assert "Language check:" not in page and "Generated 16 April 2026 with pmdesk" in page
