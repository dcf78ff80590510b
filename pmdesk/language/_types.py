"""What the blame-language check takes and gives: a LintContext in, Findings out.

Kept apart from the engine so that code which only holds findings (the editors' underlines, the
findings memo) can use them without loading the engine and its rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmdesk.language._categories import BLAME_CATEGORIES
from pmdesk.language._frozen import frozen_state, restore_frozen

if TYPE_CHECKING:
    from pmdesk.language._ruleset import RuleSet


@dataclass(frozen=True, slots=True, init=False)
class Finding:
    """One flagged span. Offsets count code points in the checked text; end is exclusive."""

    start: int
    end: int
    rule: str
    category: str
    severity: str
    message: str
    suggestion: str | None
    text: str

    def __init__(
        self,
        start: int,
        end: int,
        rule: str,
        category: str,
        severity: str,
        message: str,
        suggestion: str | None,
        text: str = "",
    ) -> None:
        # Written out rather than made by the dataclass: compiled by mypyc, this is a native
        # function whose every line is one store; the generated one ran as Python.
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "category", category)
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "suggestion", suggestion)
        object.__setattr__(self, "text", text)

    @property
    def key(self) -> str:
        """Stable across edits elsewhere in the document: used to remember "Ignore here"."""
        return finding_key(self.rule, self.text)

    @property
    def is_blame(self) -> bool:
        return self.category in BLAME_CATEGORIES

    def __reduce__(self) -> tuple[type[Finding], tuple[object, ...]]:
        # Made again by __init__ when unpickled (see _frozen.py for why not field by field).
        fields = (self.start, self.end, self.rule, self.category, self.severity, self.message)
        return Finding, (*fields, self.suggestion, self.text)


def finding_key(rule: str, text: str) -> str:
    normalised = " ".join(text.replace("’", "'").casefold().split())
    return f"{rule}|{normalised}"


def is_blame(finding: Finding) -> bool:
    """Blame findings are everything but the positive "listen for" ones."""
    return finding.category in BLAME_CATEGORIES


@dataclass(frozen=True, init=False)
class LintContext:
    """What the engine knows about where the text comes from.

    names: attendee names (they count as people); field: which part of the postmortem
    ("notes", "summary", "lessons", "timeline", "factor", "action", ...; "action" also flags
    vague verbs such as "improve monitoring"); allowed_words: this document's words never to
    flag (product names); ignored: finding keys the facilitator chose to ignore; rules: the
    rule set (default: the built-in one).
    """

    names: tuple[str, ...]
    field: str
    allowed_words: tuple[str, ...]
    ignored: frozenset[str]
    rules: RuleSet | None

    def __init__(
        self,
        names: Iterable[str] = (),
        field: str = "notes",
        allowed_words: Iterable[str] = (),
        ignored: Iterable[str] = frozenset(),
        rules: RuleSet | None = None,
    ) -> None:
        # Any iterable from callers (lists from the model), kept as hashable tuples inside.
        # Written out rather than made by the dataclass: compiled, that __init__ would refuse
        # a list where a tuple is declared.
        object.__setattr__(self, "names", _clean_names(names))
        object.__setattr__(self, "field", field)
        object.__setattr__(self, "allowed_words", tuple(w for w in allowed_words if w.strip()))
        object.__setattr__(self, "ignored", frozenset(ignored))
        object.__setattr__(self, "rules", rules)

    def __getstate__(self) -> dict[str, object]:
        return frozen_state(self)

    def __setstate__(self, state: dict[str, object]) -> None:
        restore_frozen(self, state)


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
