"""What the index pages and the search need to know of each postmortem, kept while its page is
written, so a publish of thousands never holds more than one whole postmortem at a time."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from pmdesk.model import Postmortem
from pmdesk.report import content, suggested_filename

# Words shorter than this add nothing to the search but bytes.
_MIN_WORD = 2
_WORD = re.compile(r"\w[\w'’.-]*\w|\w", re.UNICODE)


@dataclass(frozen=True)
class Entry:
    id: int
    title: str
    stem: str  # the page's file name without its extension: "12-payment-service-outage"
    when: datetime | None
    severity: str
    status: str
    kind: str
    services: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    words: str  # the rest of the text, each word once, for the search

    @property
    def date_text(self) -> str:
        return content.long_date(self.when.date()) if self.when is not None else "No date yet"

    @property
    def iso_date(self) -> str:
        return self.when.date().isoformat() if self.when is not None else ""


def stem(pm: Postmortem) -> str:
    """A file name stable for the postmortem: its id (unique) and its title (readable)."""
    slug = suggested_filename(pm, "md").removesuffix(".md")
    return slug if slug == f"postmortem-{pm.id}" else f"{pm.id}-{slug}"


def anchor(prefix: str, name: str) -> str:
    """An id for a service's or tag's section that is the same wherever it is linked from."""
    key = unicodedata.normalize("NFC", name).casefold()
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


def _spoken(pm: Postmortem) -> list[str]:
    """Every other text the page shows, for the search."""
    texts = [pm.lessons]
    for event in pm.timeline:
        texts += [event.text, event.seen, event.believed, event.done_next, event.source]
    texts += [f.text for f in pm.findings]
    for factor in pm.factors:
        texts += [factor.text, *factor.whys]
    for action in pm.actions:
        texts += [action.description, action.owner, action.dropped_reason]
    return texts


def _unique_words(texts: list[str], known: str) -> str:
    """Each word once (case ignored), leaving out those the title or summary already hold."""
    seen = set(_WORD.findall(known.casefold()))
    words: dict[str, str] = {}
    for word in _WORD.findall("\n".join(texts)):
        folded = word.casefold()
        if folded not in words and len(folded) >= _MIN_WORD and folded not in seen:
            words[folded] = word
    return " ".join(words.values())


def entry_of(pm: Postmortem) -> Entry:
    assert pm.id is not None, "only stored postmortems are published"
    title = content.heading_title(pm)
    services = tuple(s.strip() for s in pm.services if s.strip())
    tags = tuple(t.strip() for t in pm.tags if t.strip())
    summary = " ".join(pm.summary.split())
    known = " ".join([pm.title, summary, *services, *tags])
    return Entry(
        id=pm.id,
        title=title,
        stem=stem(pm),
        when=pm.incident_date,
        severity=pm.severity.level.value,
        status=pm.status.value,
        kind=pm.kind.value,
        services=services,
        tags=tags,
        summary=summary,
        words=_unique_words(_spoken(pm), known),
    )


def newest_first(entries: list[Entry]) -> list[Entry]:
    """Newest incident first, undated last, then by id for a stable order."""
    return sorted(
        entries,
        key=lambda e: (e.when is None, -(e.when.timestamp() if e.when else 0.0), -e.id),
    )
