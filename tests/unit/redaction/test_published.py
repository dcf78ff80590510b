"""Publishing redacted editions: every file is read before it is written, a page that still holds
a replaced term is refused with the term, the file and the place, and nothing unsafe is left in
the folder."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from pmdesk.interchange import load_file
from pmdesk.model import Postmortem
from pmdesk.publish import MANIFEST, publish
from pmdesk.redaction import LeakFound, TeamTermsError, redacted_edition
from pmdesk.redaction.published import PublishedEditions
from pmdesk.redaction.team import add_team_term, load_team_terms, remove_team_term
from tests.conftest import SAMPLES

ORIGINALS = ["Grace Okoye", "AKIAIOSFODNN7EXAMPLE", "203.0.113.77", "acme-payroll-support.com"]


def security(pm_id: int = 7) -> Postmortem:
    pm = load_file(SAMPLES / "payroll-phishing-compromise.json")
    pm.id = pm_id
    return pm


def outage(pm_id: int = 8) -> Postmortem:
    pm = load_file(SAMPLES / "payment-service-outage.json")
    pm.id = pm_id
    return pm


def published(folder: Path, fmt: str, *postmortems: Postmortem, **options: bool) -> str:
    editions = PublishedEditions(**options)
    publish(editions.editions(postmortems), folder, fmt, check=editions.check)
    # As a reader sees it: HTML entities and Markdown escapes taken out.
    texts = [html.unescape(p.read_text("utf-8")) for p in sorted(folder.rglob("*.*"))]
    return re.sub(r"\\(.)", r"\1", "\n".join(texts))


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_security_postmortem_is_published_without_what_it_replaced(
    tmp_path: Path, fmt: str
) -> None:
    everything = published(tmp_path / "site", fmt, security(), outage())
    assert not any(original in everything for original in ORIGINALS)
    assert "[finance analyst]" in everything
    assert "Marcus Chen" in everything  # the outage is published as written


def test_a_page_that_still_holds_a_name_is_refused_and_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmdesk.publish import page

    real = page.render_page

    def leaky(pm: Postmortem, entry: object) -> bytes:
        # A page section that forgot the edition: it shows a name from the original.
        extra = "<section><h2>Related</h2><p>Grace Okoye</p></section>" if pm.id == 7 else ""
        return real(pm, entry).replace(b"</article>", extra.encode() + b"</article>")  # type: ignore[arg-type]

    monkeypatch.setattr(page, "render_page", leaky)
    folder = tmp_path / "site"
    with pytest.raises(LeakFound) as refused:
        published(folder, "html", outage(), security())
    message = str(refused.value)
    assert "'Grace Okoye' (person)" in message
    assert "section 'Related'" in message and "pm/7-payroll-phishing" in message
    assert not list(folder.glob("pm/7-*")), "the unsafe page was written"
    assert not (folder / "index.html").exists()
    # The outage page before it is written and known, so the next publish can clean up.
    assert list(folder.glob("pm/8-*"))
    assert "pm/8-" in (folder / MANIFEST).read_text("utf-8")


def test_the_search_index_is_read_entry_by_entry() -> None:
    editions = PublishedEditions(redacted=True)
    pm = next(iter(editions.editions([security()])))
    from pmdesk.publish.entries import entry_of

    stem = entry_of(pm).stem
    row = [stem, "Payroll phishing", "", "", "sev2", "Draft", "Security", [], [], "", "Okoye"]
    script = f"window.PMDESK_SEARCH = {json.dumps([row])};\n".encode()
    with pytest.raises(LeakFound, match=r"the search entry of .*'Okoye' \(person\)"):
        editions.check("assets/search-index.js", script)
    row[-1] = "phishing link"
    editions.check("assets/search-index.js", f"window.X = {json.dumps([row])};".encode())


def test_an_index_may_show_what_a_full_edition_shows_but_no_more(tmp_path: Path) -> None:
    # Marcus Chen took part in both; the outage is published in full and names him.
    editions = PublishedEditions()
    list(editions.editions([security(), outage()]))
    editions.check("index.md", b"- Marcus Chen wrote the outage report")
    with pytest.raises(LeakFound, match=r"a page every postmortem shares .*'Grace Okoye'"):
        editions.check("index.md", b"- Grace Okoye")


def test_the_file_name_is_checked_too() -> None:
    editions = PublishedEditions(redacted=True)
    list(editions.editions([security()]))
    with pytest.raises(
        LeakFound, match=r"'Priya Raman' \(person\) \(pm/7-Priya-Raman.html, in its"
    ):
        editions.check("pm/7-Priya-Raman.html", b"<p>The alert fired.</p>")


def test_the_team_list_is_used_by_publish_and_kept_in_the_data_folder(tmp_path: Path) -> None:
    assert load_team_terms() == []
    assert add_team_term("Finance Ledger")
    assert add_team_term("/ACCT-\\d{6}/")
    assert not add_team_term("finance ledger")  # already there
    assert load_team_terms() == ["Finance Ledger", "/ACCT-\\d{6}/"]
    pm = security()
    pm.summary += " The Finance Ledger app and account ACCT-448120 were reached."
    everything = published(tmp_path / "site", "md", pm, team_terms=load_team_terms())
    assert "Finance Ledger" not in everything and "ACCT-448120" not in everything
    assert remove_team_term("Finance Ledger")
    assert load_team_terms() == ["/ACCT-\\d{6}/"]
    with pytest.raises(TeamTermsError, match="the new term, line 1"):
        add_team_term("/ACCT-(/")


def test_a_broken_team_list_is_named_with_its_line() -> None:
    from pmdesk.redaction.team import team_terms_path

    path = team_terms_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("ok\n/(/\n", encoding="utf-8")
    with pytest.raises(TeamTermsError, match=rf"{path.name}, line 2: '/\(/' is not a pattern"):
        load_team_terms()


def test_placeholders_on_the_page_match_the_search_entry(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    published(folder, "html", security())
    edition = redacted_edition(security())
    page = html.unescape(next(folder.glob("pm/7-*.html")).read_text("utf-8"))
    index = (folder / "assets" / "search-index.js").read_text("utf-8")
    for redaction in edition.redactions:
        if redaction.kind in ("host", "ip", "email", "secret"):
            assert redaction.placeholder in page
            assert redaction.placeholder.strip("[]") in index, redaction.placeholder
