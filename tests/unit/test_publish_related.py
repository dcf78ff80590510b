"""The published site and Markdown folder: a related postmortem is a link to its page when it is
published too and its title when not; the search page has one search box."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import unquote

from pmdesk.model import RelatedLink
from pmdesk.publish import publish
from tests.unit.test_publish import library, parse


def _linked() -> list:  # type: ignore[type-arg]
    first, other = library()
    # The first is published before the one it links to: its links still find that page.
    first.related = [
        RelatedLink(2, "Search cluster ran out of disk", date(2026, 3, 2)),
        RelatedLink(9, "Kept in another database"),
    ]
    return [first, other]


def test_a_related_postmortem_links_to_its_page_or_is_named(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(_linked(), site)
    path = site / "pm" / "1-payment-service-outage-april-15-2026.html"
    page = parse(path)
    related = [link for link in page.links if "search-cluster" in link]
    assert related == ["2-search-cluster-ran-out-of-disk.html"]
    target = (path.parent / unquote(related[0])).resolve()
    assert target.is_file()
    assert "Search cluster ran out of disk" in " ".join(parse(target).text)
    text = " ".join(" ".join(page.text).split())
    assert "Related postmortems" in text
    assert "Search cluster ran out of disk (2 March 2026)" in text
    assert "Kept in another database not published" in text


def test_the_markdown_folder_links_a_related_postmortem(tmp_path: Path) -> None:
    folder = tmp_path / "wiki"
    publish(_linked(), folder, "md")
    page = (folder / "1-payment-service-outage-april-15-2026.md").read_text(encoding="utf-8")
    [link] = re.findall(r"- \[Search cluster ran out of disk \(2 March 2026\)\]\(([^)]+)\)", page)
    assert (folder / unquote(link)).is_file()
    assert "- Kept in another database" in page


def test_the_search_page_has_one_search_box_and_other_pages_keep_theirs(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(library(), site)
    search = (site / "search.html").read_text(encoding="utf-8")
    assert search.count('type="search"') == 1
    assert search.count("<form") == 1
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count('type="search"') == 1
