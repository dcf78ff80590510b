"""Related postmortems: linked and unlinked as undoable edits, saved with the postmortem, and
kept by a database of an older release once it is opened."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from pmdesk.document import Document
from pmdesk.model import Postmortem, RelatedLink
from pmdesk.operations.edit import Refused
from pmdesk.operations.related import link_related, refresh_titles, unlink_related
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository

ROOT = Path(__file__).resolve().parents[2]


def _two(repo: Repository) -> tuple[int, int]:
    earlier = repo.create(
        Postmortem(
            title="DNS resolver overload - March",
            started_at=datetime.fromisoformat("2026-03-02T08:00:00+01:00"),
        )
    )
    current = repo.create(Postmortem(title="Checkout timeouts"))
    return earlier, current


def test_a_link_is_saved_undone_and_redone(repo: Repository) -> None:
    earlier, current = _two(repo)
    doc = Document(repo.load(current))
    [entry] = [e for e in repo.library() if e.id == earlier]
    edit = link_related(doc, entry)
    assert edit.label == "Link “DNS resolver overload - March” as related"
    edit.apply(doc)
    repo.save(doc.pm, doc.take_dirty())
    assert repo.load(current).related == [
        RelatedLink(earlier, "DNS resolver overload - March", date(2026, 3, 2))
    ]
    assert not link_related(doc, entry)  # linked once only

    edit.revert(doc)
    repo.save(doc.pm, doc.take_dirty())
    assert repo.load(current).related == []
    edit.apply(doc)
    unlink = unlink_related(doc, doc.pm.related[0])
    unlink.apply(doc)
    assert doc.pm.related == []
    unlink.revert(doc)
    assert [link.postmortem_id for link in doc.pm.related] == [earlier]


def test_a_postmortem_is_not_related_to_itself(repo: Repository) -> None:
    _, current = _two(repo)
    doc = Document(repo.load(current))
    [entry] = [e for e in repo.library() if e.id == current]
    with pytest.raises(Refused, match="itself"):
        link_related(doc, entry)


def test_a_renamed_postmortem_is_named_as_it_is_now(repo: Repository) -> None:
    earlier, _ = _two(repo)
    links = [RelatedLink(earlier, "Old name"), RelatedLink(None, "Elsewhere")]
    entries = {e.id: e for e in repo.library()}
    assert [link.title for link in refresh_titles(links, entries)] == [
        "DNS resolver overload - March",
        "Elsewhere",
    ]


def test_a_database_of_an_older_release_opens_with_no_related_postmortems(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copy(ROOT / "tests" / "fixtures" / "release-0.1.0.sqlite3", path)
    repo = Repository(open_engine(resolve(str(path))))
    [entry, *_] = repo.library()
    pm = repo.load(entry.id)
    assert pm.related == []
    pm.related = [RelatedLink(None, "A postmortem kept elsewhere")]
    doc = Document(pm)
    doc.mark_all_dirty()
    repo.save(pm, doc.take_dirty())
    assert repo.load(entry.id).related == [RelatedLink(None, "A postmortem kept elsewhere")]
    repo.close()


def test_related_postmortems_survive_an_export_and_an_import_into_another_database(
    repo: Repository, tmp_path: Path
) -> None:
    from pmdesk.interchange import dumps, loads
    from pmdesk.operations.related import link_imported

    earlier, current = _two(repo)
    pm = repo.load(current)
    [entry] = [e for e in repo.library() if e.id == earlier]
    pm.related = [
        RelatedLink(earlier, entry.title, date(2026, 3, 2)),
        RelatedLink(None, "Only on the old wiki"),
    ]
    text = dumps(pm)
    assert '"title": "DNS resolver overload - March"' in text and '"date": "2026-03-02"' in text

    read = loads(text)
    assert read.related == [
        RelatedLink(None, "DNS resolver overload - March", date(2026, 3, 2)),
        RelatedLink(None, "Only on the old wiki"),
    ]
    # Into another database that holds the earlier postmortem under another id.
    other = Repository(open_engine(resolve(str(tmp_path / "other.sqlite3"))))
    other.create(Postmortem(title="Something else"))
    there = other.create(repo.load(earlier))
    read.id = other.create(read)
    link_imported(other, [read])
    assert other.load(read.id).related == [
        RelatedLink(there, "DNS resolver overload - March", date(2026, 3, 2)),
        RelatedLink(None, "Only on the old wiki"),
    ]
    assert loads(dumps(other.load(read.id))).related == loads(text).related
    other.close()


def test_a_related_entry_without_a_title_is_named_in_the_error() -> None:
    from pmdesk.interchange import InterchangeError, loads

    with pytest.raises(InterchangeError, match="/related/0"):
        loads('{"format": "pmdesk.postmortem", "version": 1, "related": [{"date": null}]}')
    with pytest.raises(InterchangeError, match="/related/0/date"):
        loads(
            '{"format": "pmdesk.postmortem", "version": 1, '
            '"related": [{"title": "x", "date": "2026-02-30"}]}'
        )


def test_the_pdf_and_the_markdown_name_the_related_postmortems() -> None:
    from pmdesk.report.markdown import render_markdown
    from pmdesk.report.pdf import render_pdf
    from tests.unit.test_report import GENERATED, pdf_text

    pm = Postmortem(
        title="Checkout timeouts",
        related=[
            RelatedLink(3, "DNS resolver overload - March", date(2026, 3, 2)),
            RelatedLink(None, "Only on the old <wiki> *page*"),
        ],
    )
    text = pdf_text(render_pdf(pm, generated=GENERATED))
    assert "Related postmortems" in text
    assert "DNS resolver overload - March (2 March 2026)" in text
    assert "Only on the old <wiki> *page*" in text
    markdown = render_markdown(pm, generated=GENERATED)
    assert "## Related postmortems" in markdown
    assert "- DNS resolver overload - March (2 March 2026)" in markdown
    assert "Only on the old \\<wiki\\> \\*page\\*" in markdown

    plain = render_markdown(Postmortem(title="t"), generated=GENERATED)
    assert "Related postmortems" not in plain
