"""What the blame-language check takes and gives: a LintContext in, Findings out.

Kept apart from the engine so that code which only holds findings (the editors' underlines, the
findings memo) can use them without loading the engine and its rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmdesk.language._categories import BLAME_CATEGORIES

if TYPE_CHECKING:
    from pmdesk.language._ruleset import RuleSet


@dataclass(frozen=True, slots=True)
class Finding:
    """One flagged span. Offsets count code points in the checked text; end is exclusive."""

    start: int
    end: int
    rule: str
    category: str
    severity: str
    message: str
    suggestion: str | None
    text: str = ""

    @property
    def key(self) -> str:
        """Stable across edits elsewhere in the document: used to remember "Ignore here"."""
        return finding_key(self.rule, self.text)

    @property
    def is_blame(self) -> bool:
        return self.category in BLAME_CATEGORIES


def finding_key(rule: str, text: str) -> str:
    normalised = " ".join(text.replace("’", "'").casefold().split())
    return f"{rule}|{normalised}"


def is_blame(finding: Finding) -> bool:
    """Blame findings are everything but the positive "listen for" ones."""
    return finding.category in BLAME_CATEGORIES


@dataclass(frozen=True)
class LintContext:
    """What the engine knows about where the text comes from.

    names: attendee names (they count as people); field: which part of the postmortem
    ("notes", "summary", "lessons", "timeline", "factor", "action", ...; "action" also flags
    vague verbs such as "improve monitoring"); allowed_words: this document's words never to
    flag (product names); ignored: finding keys the facilitator chose to ignore; rules: the
    rule set (default: the built-in one).
    """

    names: tuple[str, ...] = ()
    field: str = "notes"
    allowed_words: tuple[str, ...] = ()
    ignored: frozenset[str] = frozenset()
    rules: RuleSet | None = None

    def __post_init__(self) -> None:
        # Accept any iterable from callers (lists from the model), keep hashable tuples inside.
        object.__setattr__(self, "names", _clean_names(self.names))
        object.__setattr__(self, "allowed_words", tuple(w for w in self.allowed_words if w.strip()))
        object.__setattr__(self, "ignored", frozenset(self.ignored))


def _clean_names(names: Iterable[str]) -> tuple[str, ...]:
    cleaned: dict[str, None] = {}
    for name in names:
        name = " ".join(name.split())
        if not name:
            continue
        cleaned[name] = None
        parts = name.split(" ")
        if len(parts) > 1:
            for part in parts:
                if len(part) > 1 and part[0].isupper():
                    cleaned[part] = None
    return tuple(cleaned)
