"""The review list: every redaction the redacted edition would make, for the facilitator to check
before release, with the choices already made (kept as written, own terms not found yet)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pmdesk.model import Postmortem
from pmdesk.redaction.detectors import KIND_LABELS
from pmdesk.redaction.edition import redacted_edition

REDACTED, KEPT, LEFT_OUT, NOT_FOUND = "redacted", "kept", "left out", "not found"
TEAM = "team"  # a term of the team's list (pmdesk.redaction.team), for every postmortem


@dataclass(frozen=True)
class ReviewRow:
    original: str
    placeholder: str
    what: str
    where: str
    state: str  # REDACTED, KEPT, LEFT_OUT, NOT_FOUND or TEAM
    # What undoing the row acts on: the original (kept list), the term, or the restricted key.
    key: str


def review_rows(pm: Postmortem, team_terms: Sequence[str] = ()) -> list[ReviewRow]:
    """In document order: sections left out first, then each thing replaced, then the choices,
    then the team's terms this postmortem does not hold as written (patterns among them)."""
    edition = redacted_edition(pm, team_terms)
    rows: list[ReviewRow] = []
    for r in edition.redactions:
        where = "; ".join(r.places)
        if r.kind == "restricted":
            rows.append(
                ReviewRow(r.original, "(left out)", r.kind_label, where, LEFT_OUT, r.restricted_key)
            )
        else:
            rows.append(
                ReviewRow(r.original, r.placeholder, r.kind_label, where, REDACTED, r.original)
            )
    rows.sort(key=lambda row: row.state != LEFT_OUT)
    found = {row.original.casefold() for row in rows}
    for term in pm.redaction.terms:
        if term.casefold() not in found:  # a pattern, or a word not (yet) in the text
            rows.append(ReviewRow(term, "", KIND_LABELS["term"], "", NOT_FOUND, term))
    for kept in pm.redaction.kept:
        rows.append(ReviewRow(kept, "(kept as written)", "your choice", "", KEPT, kept))
    own = {term.casefold() for term in pm.redaction.terms}
    for term in team_terms:
        if term.casefold() not in found and term.casefold() not in own:
            rows.append(ReviewRow(term, "", "team's term", "", TEAM, term))
    return rows
