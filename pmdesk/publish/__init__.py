"""Publishing the library for the whole organisation: a static site or a Markdown folder.

    publish(postmortems, folder, "html")   # or "md"

`postmortems` is any iterable (pmdesk.operations.library.to_publish reads them from a database a
batch at a time): each page is written as its postmortem arrives, and only a short entry per
postmortem is kept for the indexes. A postmortem linked to related ones is written last, when
every page's name is known, so its links point at the pages of those that are published. The site needs nothing from outside: no web fonts, no
scripts from elsewhere, no fetch(); it works opened from the folder and from any web server.
Publishing into the same folder again rewrites only the files whose content changed (see
pmdesk.publish.folder). Plain Python: the app and the command line both call this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from importlib.resources import files
from pathlib import Path

from pmdesk.model import Postmortem
from pmdesk.publish.entries import Entry, entry_of
from pmdesk.publish.folder import MANIFEST, Check, Outcome, PublishFolder, PublishProblem

FORMATS: tuple[str, ...] = ("html", "md")

__all__ = ["FORMATS", "MANIFEST", "Cancelled", "Outcome", "PublishProblem", "publish"]

Progress = Callable[[int], None]


class Cancelled(Exception):
    """Raised by a progress callback to stop a publish part-way (what was written stays)."""


def _asset(name: str) -> bytes:
    return files("pmdesk.publish").joinpath("assets", name).read_bytes()


def publish(
    postmortems: Iterable[Postmortem],
    folder: Path,
    fmt: str = "html",
    *,
    progress: Progress | None = None,
    protect: tuple[Path, ...] = (),
    check: Check | None = None,
) -> Outcome:
    """Write the site (or the Markdown folder) for these postmortems into `folder`.

    progress(done) is called after each postmortem's page; it may raise Cancelled. Raises
    PublishProblem when the folder cannot be used (its message names the folder and what to do).
    check(name, data) reads each file before it is written and may refuse it by raising (the
    redacted edition's leak check, pmdesk.redaction.published); the publish then stops there.
    """
    if fmt not in FORMATS:
        raise PublishProblem(f"Unknown publish format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    out = PublishFolder(folder, fmt, protect=protect, check=check)
    entries: list[Entry] = []
    try:
        if fmt == "html":
            from pmdesk.publish.page import render_page as html_page

            later: list[tuple[Postmortem, Entry]] = []
            for pm in postmortems:
                entry = entry_of(pm)
                if pm.related:
                    later.append((pm, entry))  # its links need every page's name
                else:
                    out.write(f"pm/{entry.stem}.html", html_page(pm, entry))
                entries.append(entry)
                if progress is not None:
                    progress(len(entries))
            pages = {e.id: f"{e.stem}.html" for e in entries}
            for pm, entry in later:
                out.write(f"pm/{entry.stem}.html", html_page(pm, entry, pages))
            _write_site(out, entries)
            return out.finish("index.html")
        from pmdesk.publish.markdown_folder import render_index
        from pmdesk.publish.markdown_folder import render_page as md_page

        held: list[tuple[Postmortem, Entry]] = []
        for pm in postmortems:
            entry = entry_of(pm)
            if pm.related:
                held.append((pm, entry))
            else:
                out.write(f"{entry.stem}.md", md_page(pm, entry))
            entries.append(entry)
            if progress is not None:
                progress(len(entries))
        files = {e.id: f"{e.stem}.md" for e in entries}
        for pm, entry in held:
            out.write(f"{entry.stem}.md", md_page(pm, entry, files))
        out.write("index.md", render_index(entries))
        return out.finish("index.md")
    except BaseException:
        # When the folder itself failed, the first problem is the one to report.
        with suppress(PublishProblem):
            out.abandon()
        raise


def _write_site(out: PublishFolder, entries: list[Entry]) -> None:
    from pmdesk.publish import indexes
    from pmdesk.publish.layout import STYLESHEET

    out.write(STYLESHEET, _asset("site.css"))
    out.write(indexes.SEARCH_SCRIPT, _asset("search.js"))
    out.write(indexes.SEARCH_INDEX, indexes.search_index(entries))
    out.write("index.html", indexes.by_date(entries))
    out.write("severity.html", indexes.by_severity(entries))
    out.write("services.html", indexes.by_service(entries))
    out.write("tags.html", indexes.by_tag(entries))
    out.write("search.html", indexes.search_page())
