"""The redacted edition of a postmortem: safe to publish beyond the people in the room.

Security incidents get the same blameless review as any other, but their report travels further
than it should carry names, addresses, hosts, keys or the details of a weakness not yet patched.
`redacted_edition` makes a copy with those replaced by consistent placeholders and restricted
sections left out; `render_edition` draws it in an export format and refuses output that still
holds anything replaced (`LeakFound`, naming the term and the page, line or JSON place).

Plain Python: the GUI, the command line and the tests share it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from pmdesk.model import Kind, Postmortem
from pmdesk.redaction.edition import Edition, Redaction, redacted_edition, restricted_lines
from pmdesk.redaction.leaks import LeakFound, check, listed

__all__ = [
    "REDACTED_TAG",
    "Edition",
    "LeakFound",
    "Redaction",
    "Rendered",
    "TeamTermsError",
    "publishable",
    "publishable_editions",
    "read_team_terms",
    "redacted_by_default",
    "redacted_edition",
    "render_edition",
]

# Shown with the tags of every redacted edition, so a reader knows what they hold.
REDACTED_TAG = "redacted edition"


def redacted_by_default(pm: Postmortem) -> bool:
    """Security postmortems are exported redacted unless the full edition is asked for."""
    return pm.kind is Kind.SECURITY


@dataclass(frozen=True)
class Rendered:
    data: bytes | str
    edition: Edition | None


def render_edition(
    pm: Postmortem,
    fmt: str,
    *,
    redacted: bool,
    page_size: str = "A4",
    generated: datetime | None = None,
    team_terms: Sequence[str] = (),
    include_interviews: bool = False,
) -> Rendered:
    """The postmortem in one export format, redacted or in full; raises LeakFound.

    team_terms: the team's list of terms and /patterns/ (see `read_team_terms`).
    include_interviews: the full edition carries the private interview notes when asked; the
    redacted edition never does.
    """
    from pmdesk.report import render

    if not redacted:
        data = render(
            pm,
            fmt,
            page_size=page_size,
            generated=generated,
            include_interviews=include_interviews,
        )
        return Rendered(data, None)
    edition = publishable(pm, team_terms)
    data = render(edition.pm, fmt, page_size=page_size, generated=generated)
    masks = [*edition.placeholders, *restricted_lines()]
    check(data, fmt.strip().lower(), listed(edition.listed_terms(), pm.redaction.kept), masks)
    return Rendered(data, edition)


def publishable(pm: Postmortem, team_terms: Sequence[str] = ()) -> Edition:
    """The redacted edition as it is exported and published: tagged as such, with fresh item ids
    (an imported id can be any text, a host name too)."""
    from pmdesk.interchange import renew_ids

    edition = redacted_edition(pm, team_terms)
    renew_ids(edition.pm)
    edition.pm.tags = [*edition.pm.tags, REDACTED_TAG]
    return edition


def publishable_editions(
    postmortems: Iterable[Postmortem], *, redacted: bool = False, full: bool = False
) -> Iterator[Postmortem]:
    """Each postmortem as it may be published: redacted when asked, or when it is a security
    postmortem and the full edition was not asked for."""
    for pm in postmortems:
        if redacted or (redacted_by_default(pm) and not full):
            yield publishable(pm).pm
        else:
            yield pm


class TeamTermsError(ValueError):
    """A team's term list that cannot be used; the message names the file and the line."""


def read_team_terms(text: str, source: str) -> list[str]:
    """A team's list: one term or /pattern/ a line; blank lines and '#' comments are skipped."""
    import re

    from pmdesk.redaction.detectors import term_shape

    terms: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        term = line.strip()
        if not term or term.startswith("#"):
            continue
        try:
            shape = term_shape(term)
        except re.error as exc:
            problem = f"{source}, line {number}: {term!r} is not a pattern ({exc})"
            raise TeamTermsError(problem) from None
        if shape is not None and shape.fullmatch(""):
            raise TeamTermsError(f"{source}, line {number}: {term!r} would match empty text")
        terms.append(term)
    return terms
