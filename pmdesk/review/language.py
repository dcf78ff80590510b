"""The blame-language figures of a review, checked a postmortem at a time rather than a text at a time.

A published postmortem has dozens of short texts (every timeline event, every why); checking
each alone costs the language engine's set-up per text, which over a thousand postmortems is
most of the review's time. Texts of the same kind are joined with blank lines and checked once:
the engine reads every line as its own sentence, so the findings are those of the texts one by
one (a test holds this against the published report's own count). A text with a code fence is
still checked alone, so a fence left open cannot hide the texts after it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pmdesk.language import LintContext, lint
from pmdesk.model import ActionItem, ActionStatus, Postmortem, Status
from pmdesk.report.language_check import POSITIVE, checked_texts

_SEPARATOR = "\n\n"
_FENCES = ("```", "~~~")


def checked_alone(text: str) -> bool:
    return any(fence in text for fence in _FENCES)


def joined(texts: list[str]) -> tuple[str, list[int]]:
    """The texts as one, and where each starts in it."""
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + len(_SEPARATOR)
    return _SEPARATOR.join(texts), starts


def _batches(texts: list[str]) -> list[str]:
    """What to check: the joinable texts as one, and each text with a code fence alone."""
    joinable = [t for t in texts if not checked_alone(t)]
    return [t for t in texts if checked_alone(t)] + ([joined(joinable)[0]] if joinable else [])


def flags(pm: Postmortem) -> tuple[bool, bool]:
    """(published, reviewed): which of its texts the review's figures read."""
    return pm.status is Status.PUBLISHED, pm.status is not Status.DRAFT


def names_of(pm: Postmortem) -> tuple[str, ...]:
    """The people of a postmortem, as the published report's check knows them: attendees and
    owners. Every check of one postmortem uses the same names, so the engine prepares them once."""
    return tuple(
        dict.fromkeys(
            [a.name.strip() for a in pm.attendees if a.name.strip()]
            + [a.owner.strip() for a in pm.actions if a.owner.strip()]
        )
    )


def texts_by_field(pm: Postmortem, names: tuple[str, ...]) -> list[tuple[list[str], LintContext]]:
    """The non-blank checked texts of each field, with the context they are checked in."""
    ignored = frozenset(pm.language.ignored)
    allowed = tuple(w for w in pm.language.allowed_words if w.strip())
    by_field: dict[str, list[str]] = defaultdict(list)
    for field, text in checked_texts(pm):
        if text.strip():
            by_field[field].append(text)
    return [
        (texts, LintContext(names=names, field=field, allowed_words=allowed, ignored=ignored))
        for field, texts in by_field.items()
    ]


def flagged_phrases(pm: Postmortem) -> int:
    """Blame findings left in the text the report prints (what the report itself counts)."""
    count = 0
    for texts, context in texts_by_field(pm, names_of(pm)):
        for text in _batches(texts):
            count += sum(
                1
                for f in lint(text, context)
                if f.category != POSITIVE and f.key not in context.ignored
            )
    return count


def vague_items(pm: Postmortem) -> list[ActionItem]:
    """Live or done items with no description, or one the engine reads as a wish, not an action."""
    context = LintContext(names=names_of(pm), field="action")
    items = [a for a in pm.actions if a.status is not ActionStatus.DROPPED]
    vague = {id(a) for a in items if not a.description.strip()}
    described = [a for a in items if a.description.strip()]
    for item in (a for a in described if checked_alone(a.description)):
        if any(f.category == "vague_action" for f in lint(item.description, context)):
            vague.add(id(item))
    joinable = [a for a in described if not checked_alone(a.description)]
    if joinable:
        text, starts = joined([a.description for a in joinable])
        for finding in lint(text, context):
            if finding.category == "vague_action":
                index = max(i for i, start in enumerate(starts) if start <= finding.start)
                vague.add(id(joinable[index]))
    return [a for a in items if id(a) in vague]


# Categories of blame finding that make a factor read as "someone made a mistake".
HUMAN_ERROR = frozenset({"human_error", "person_as_cause"})


def only_factor_blames_people(pm: Postmortem) -> bool:
    """A single factor, and it blames a person or "human error" rather than the system."""
    texts = [f.text for f in pm.factors if f.text.strip()]
    if len(texts) != 1:
        return False
    findings = lint(texts[0], LintContext(names=names_of(pm), field="factor"))
    return any(f.category in HUMAN_ERROR for f in findings)


@dataclass(frozen=True)
class LanguageFacts:
    """What the language check says about one postmortem, for the review."""

    flagged: int
    vague: tuple[ActionItem, ...]
    blames_people: bool


# LanguageFacts as remembered and as a helper process hands them back: flagged phrases, the
# positions of the vague action items, whether the only factor blames people.
Facts = tuple[int, tuple[int, ...], bool]


def check_facts(pm: Postmortem, *, published: bool, reviewed: bool) -> LanguageFacts:
    """All of a postmortem's checks together, while the engine has its names prepared."""
    return LanguageFacts(
        flagged=flagged_phrases(pm) if published else 0,
        vague=tuple(vague_items(pm)),
        blames_people=reviewed and only_factor_blames_people(pm),
    )


def to_facts(pm: Postmortem, facts: LanguageFacts) -> Facts:
    chosen = {id(a) for a in facts.vague}
    positions = tuple(i for i, a in enumerate(pm.actions) if id(a) in chosen)
    return facts.flagged, positions, facts.blames_people


def from_facts(pm: Postmortem, facts: Facts) -> LanguageFacts:
    flagged, positions, blames = facts
    return LanguageFacts(flagged, tuple(pm.actions[i] for i in positions), blames)


def fits(pm: Postmortem, facts: Facts | None) -> bool:
    return facts is not None and all(i < len(pm.actions) for i in facts[1])
