"""The last look at every file a publish writes, as the redacted exports get.

`PublishedEditions` chooses which postmortems a publish redacts (every one when asked, security
ones unless the full edition is asked for), remembers what each redacted edition replaced, and
its `check` reads each file before it is written: a redacted postmortem's page against what
that postmortem replaced, the search index entry by entry, and the pages every postmortem
shares (the indexes, the search page) against every redacted term that no postmortem
published in full shows anyway; pmdesk's own stylesheet and search script are the same for
every library and are not read. A file that still holds a term is refused before
anything of it reaches the folder (`LeakFound` names the term, the file and the place).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from pmdesk.model import Postmortem
from pmdesk.redaction.edition import restricted_lines
from pmdesk.redaction.leaks import LeakFound, Listed, describe, find_leak, listed, places

# The search index is one JavaScript assignment of a JSON list (pmdesk.publish.indexes).
_ASSIGNMENT = re.compile(r"\A\s*window\.\w+\s*=\s*(?P<data>.*?);?\s*\Z", re.S)
_PAGE = re.compile(r"\A(?:pm/)?(?P<stem>[^/]+)\.(?:html|md)\Z")
_TAG = re.compile(r"<[^>]*>")
_H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S)
_ATTRIBUTE = re.compile(r"""\s[\w:-]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class _Redacted:
    title: str
    terms: list[Listed]
    masks: list[str]  # its placeholders and the restricted lines, longest first


class PublishedEditions:
    """Which postmortems a publish redacts, and the check of every file it writes."""

    def __init__(
        self, *, redacted: bool = False, full: bool = False, team_terms: Sequence[str] = ()
    ) -> None:
        self._redact_all = redacted
        self._full = full
        self._team_terms = list(team_terms)
        self._pages: dict[str, _Redacted] = {}
        self._full_pages: set[str] = set()
        self._shared: dict[str, Listed] = {}
        self._masks: set[str] = set(restricted_lines())
        # What the postmortems published in full show in the indexes anyway.
        self._shown_in_full: list[str] = []
        self._shared_unshown: list[Listed] | None = None

    @property
    def redacted_count(self) -> int:
        return len(self._pages)

    def editions(self, postmortems: Iterable[Postmortem]) -> Iterator[Postmortem]:
        """Each postmortem as it is published: its redacted edition when one is due."""
        from pmdesk.publish.entries import entry_of
        from pmdesk.redaction import publishable, redacted_by_default

        for pm in postmortems:
            if not (self._redact_all or (redacted_by_default(pm) and not self._full)):
                entry = entry_of(pm)
                shown = [entry.title, entry.summary, *entry.services, *entry.tags, entry.words]
                self._shown_in_full.append(" ".join(shown))
                self._full_pages.add(entry.stem)
                yield pm
                continue
            edition = publishable(pm, self._team_terms)
            terms = listed(edition.listed_terms(), pm.redaction.kept)
            entry = entry_of(edition.pm)
            masks = sorted({*edition.placeholders, *restricted_lines()}, key=len, reverse=True)
            self._pages[entry.stem] = _Redacted(entry.title, terms, masks)
            self._shared_unshown = None
            for item in terms:
                self._shared.setdefault(item.term.casefold(), item)
            self._masks.update(edition.placeholders)
            yield edition.pm

    def check(self, name: str, data: bytes) -> None:
        """Raise LeakFound when the file `name` (relative to the folder) would still hold a term
        a redacted edition replaced; called before the file is written."""
        if not self._pages:
            return
        text = data.decode("utf-8", errors="replace")
        page = _PAGE.match(name)
        redacted = self._pages.get(page.group("stem")) if page else None
        file_name = ("in its file name", re.sub(r"[-_/.]", " ", name))
        if page is not None and redacted is not None:
            places = [file_name, *_read(name, text)]
            found = find_leak(places, redacted.terms, redacted.masks, squeeze=False)
            if found is not None:
                self._refuse(name, f"the page of {redacted.title!r}", *found)
            return
        if page is not None and page.group("stem") in self._full_pages:
            return  # published as written, by choice
        if name.endswith(".css"):
            return  # pmdesk's own stylesheet, the same for every library
        if name.endswith(".js"):
            if not _ASSIGNMENT.match(text):
                return  # pmdesk's own search script, the same for every library
            self._check_search_index(name, text)
        masks = sorted(self._masks, key=len, reverse=True)
        found = find_leak(
            [file_name, *_read(name, text)], self._shared_terms(), masks, squeeze=False
        )
        if found is not None:
            self._refuse(name, "a page every postmortem shares", *found)

    def _shared_terms(self) -> list[Listed]:
        """Every redacted term, but those a postmortem published in full shows anyway."""
        if self._shared_unshown is None:
            shown = "\n".join(self._shown_in_full)
            folded = shown.casefold()
            self._shared_unshown = [
                item
                for item in self._shared.values()
                if item.term.casefold() not in folded or not item.pattern.search(shown)
            ]
        return self._shared_unshown

    def _check_search_index(self, name: str, text: str) -> None:
        match = _ASSIGNMENT.match(text)
        assert match is not None
        rows = json.loads(match.group("data").replace("<\\/", "</"))
        for row in rows:
            redacted = self._pages.get(str(row[0])) if isinstance(row, list) and row else None
            if redacted is None:
                continue
            strings = [("", s) for s in _strings(row)]
            found = find_leak(strings, redacted.terms, redacted.masks, squeeze=False)
            if found is not None:
                item, _ = found
                self._refuse(name, f"the search entry of {redacted.title!r}", item, "")

    @staticmethod
    def _refuse(name: str, what: str, item: Listed, place: str) -> None:
        where = f"{name}, {place}" if place else name
        raise LeakFound(
            f"Not published: {what} would still contain {describe(item)} ({where}); publishing "
            "stopped before writing that file (the files written before it were read and are "
            "safe). Mark that section restricted or add the term in Review redactions, then "
            "publish again."
        )


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _read(name: str, text: str) -> list[tuple[str, str]]:
    """The file's text as a reader gets it, in named places."""
    if name.endswith(".html"):
        return _html_places(text)
    if name.endswith(".md"):
        return list(places(text, "md"))
    return [(f"line {n}", line) for n, line in enumerate(text.split("\n"), start=1)]


def _html_places(text: str) -> list[tuple[str, str]]:
    """A page's visible text section by section (each <h2> starts one), and its attribute values.
    Regular expressions rather than a parser: pmdesk writes these pages itself, and an index
    of thousands of postmortems is read in a fraction of the time."""
    starts = [0, *(m.start() for m in _H2.finditer(text)), len(text)]
    found: list[tuple[str, str]] = []
    for start, end in pairwise(starts):
        chunk = text[start:end]
        heading = _H2.match(chunk)
        if heading is not None:
            name = " ".join(html.unescape(_TAG.sub("", heading.group(1))).split())
            place = f"in the section {name!r}"
        else:
            place = "at the top of the page"
        found.append((place, html.unescape(_TAG.sub(" ", chunk))))
    values = [
        html.unescape(double or single)
        for tag in _TAG.findall(text)
        for double, single in _ATTRIBUTE.findall(tag)
    ]
    found.append(("in a link or attribute", " ".join(values)))
    return found
