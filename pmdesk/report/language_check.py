"""Which blame phrases are still in the text a report prints.

The published document says how many flagged phrases remain, and lists them with their kind's
system-focused reframe to try instead (and the rule's suggested words, where it has them), so readers see that the review was checked and the
facilitator sees what is left, and how to reword it, before publishing. Findings the
facilitator chose to ignore, and words allowed for this document, do not count; nor do
"listen for" findings, which are the good kind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pmdesk.language import LintContext, lint, reframe, suggested_words
from pmdesk.model import Postmortem

# The engine's positive category: a captured finding, not blame.
POSITIVE = "listen_for"


def checked_texts(pm: Postmortem) -> Iterator[tuple[str, str]]:
    """(field, text) for every piece of free text the report prints that people wrote.

    Fields use the engine's names ("summary", "timeline", "factor", "action", "notes"); only
    "action" changes what is checked (vague verbs).
    """
    yield "summary", pm.title
    yield "summary", pm.summary
    yield "lessons", pm.lessons
    for event in pm.timeline:
        yield "timeline", event.text
        yield "timeline", event.seen
        yield "timeline", event.believed
        yield "timeline", event.done_next
    for finding in pm.findings:
        yield "notes", finding.text
    for factor in pm.factors:
        yield "factor", factor.text
        for why in factor.whys:
            yield "factor", why
    for action in pm.actions:
        yield "action", action.description


@dataclass(frozen=True)
class FlaggedPhrase:
    """A blame phrase left in the report: where, the words, its kind's reframe to try instead,
    and the rule's own words for it where it has them."""

    where: str
    phrase: str
    reframe: str | None
    suggestion: str | None = None


# The report's section for each checked field.
SECTIONS = {
    "summary": "Summary",
    "lessons": "Lessons learned",
    "timeline": "Timeline",
    "notes": "Findings",
    "factor": "Contributing factors",
    "action": "Action items",
}


def flagged(pm: Postmortem) -> list[FlaggedPhrase]:
    """Blame findings left in the document, in the order the report prints their texts."""
    names = tuple(
        dict.fromkeys(
            [a.name.strip() for a in pm.attendees if a.name.strip()]
            + [a.owner.strip() for a in pm.actions if a.owner.strip()]
        )
    )
    ignored = frozenset(pm.language.ignored)
    allowed = tuple(w for w in pm.language.allowed_words if w.strip())
    contexts: dict[str, LintContext] = {}
    found: list[FlaggedPhrase] = []
    for field, text in checked_texts(pm):
        if not text.strip():
            continue
        if field not in contexts:
            contexts[field] = LintContext(
                names=names, field=field, allowed_words=allowed, ignored=ignored
            )
        for finding in lint(text, contexts[field]):
            # The engine drops ignored findings itself; checking the key again keeps the count
            # right whichever way a finding was silenced.
            if finding.category != POSITIVE and finding.key not in ignored:
                found.append(
                    FlaggedPhrase(
                        SECTIONS.get(field, field),
                        finding.text,
                        reframe(finding.category),
                        suggested_words(finding.suggestion),
                    )
                )
    return found


def flagged_count(pm: Postmortem) -> int:
    """Blame findings left in the document."""
    return len(flagged(pm))
