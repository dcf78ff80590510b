"""The rules as the engine holds them: the categories, checks and keys a rules file may use, one
Rule, and a RuleSet (the built-in rules, or those with a team's file merged on top)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Re-exported: the rules' modules read the categories here.
from pmdesk.language._categories import BLAME_CATEGORIES as BLAME_CATEGORIES
from pmdesk.language._categories import CATEGORIES as CATEGORIES
from pmdesk.language._frozen import frozen_state, restore_frozen

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
DEFAULT_SEVERITY: Mapping[str, str] = {
    "person_as_cause": "error",
    "human_error": "error",
    "judgement": "error",
    "hindsight": "warning",
    "single_root_cause": "warning",
    "who_question": "warning",
    "minimizing": "warning",
    "vague_action": "warning",
    "listen_for": "info",
}
# Context checks a rule can ask the engine for (see engine.py for what each one means).
SUBJECTS: tuple[str, ...] = ("person", "person_strict")
WHEN: tuple[str, ...] = ("question", "person_nearby", "cause_clause", "answer_to_why")
UNLESS: tuple[str, ...] = (
    "negated",
    "explained",
    "specific",
    "proper_noun",
    "perfect",
    "system_conditional",
    "purpose",
)
LEXICONS: tuple[str, ...] = (
    "pronouns",
    "object_pronouns",
    "roles",
    "not_names",
    "negators",
    "adverbs",
    "auxiliaries",
    "clause_words",
    "prepositions",
    "human_actions",
    "determiners",
    "first_names",
)
RULE_KEYS = frozenset(
    {
        "id",
        "category",
        "pattern",
        "message",
        "suggestion",
        "severity",
        "triggers",
        "requires",
        "needs",
        "subject",
        "exclude_subjects",
        "fields",
        "at_start",
        "when",
        "unless",
        "examples",
        "note",
    }
)
WORD_KEYS = frozenset({"word", "category", "message", "suggestion", "severity"})
TOP_KEYS = frozenset(
    {
        "pmdesk_rules",
        "description",
        "macros",
        "lexicon",
        "rules",
        "words",
        "allowed_words",
        "allowed_patterns",
        "disable",
    }
)
_ID = re.compile(r"[a-z0-9][a-z0-9_.:-]*\Z")
_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_TRIGGER = re.compile(r"\w+\Z")
# The learned layer (see _learned.py) is switched off by this id, like any rule.
LEARNED_ID = "learned"
# Filled in by the engine for each document: the attendee names.
RUNTIME_MACROS = frozenset({"NAMES"})
_WORD_MESSAGE = "Your team asked to flag this wording in postmortems."


class RulesError(ValueError):
    """A rules file that cannot be used; the message says which file, which line and why."""


@dataclass(frozen=True)
class Rule:
    """One pattern with its explanation and the context checks that keep it honest."""

    id: str
    category: str
    pattern: str
    message: str
    suggestion: str | None = None
    severity: str = "warning"
    triggers: tuple[str, ...] = ()
    # Words of which at least one must also be in the sentence (a second, cheap gate).
    requires: tuple[str, ...] = ()
    # The pattern's endings: each alternative of the pattern ends with one of them, so a
    # sentence where none matches is not searched with the whole pattern (a third gate).
    needs: tuple[str, ...] = ()
    subject: str | None = None
    exclude_subjects: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    at_start: bool = False
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    origin: str = ""

    def __getstate__(self) -> dict[str, object]:
        return frozen_state(self)

    def __setstate__(self, state: dict[str, object]) -> None:
        restore_frozen(self, state)


@dataclass(frozen=True, eq=False)
class RuleSet:
    """An immutable set of rules; compiled forms are cached on the instance by the engine."""

    rules: tuple[Rule, ...] = ()
    macros: tuple[tuple[str, str], ...] = ()
    lexicon: tuple[tuple[str, tuple[str, ...]], ...] = ()
    allowed_words: tuple[str, ...] = ()
    allowed_patterns: tuple[str, ...] = ()
    disabled: frozenset[str] = frozenset()
    origin: str = ""
    _cache: dict[Any, Any] = field(default_factory=dict, init=False, repr=False)

    @property
    def active_rules(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.id not in self.disabled)

    def __getstate__(self) -> dict[str, object]:
        return frozen_state(self, without="_cache")  # compiled forms are made again

    def __setstate__(self, state: dict[str, object]) -> None:
        restore_frozen(self, state | {"_cache": {}})

    def macro_map(self) -> dict[str, str]:
        return dict(self.macros)

    def words(self, lexicon: str) -> tuple[str, ...]:
        for name, words in self.lexicon:
            if name == lexicon:
                return words
        return ()

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def merged(self, team: RuleSet) -> RuleSet:
        """This set with a team's file on top: its rules replace same-id rules or are added."""
        by_id = {rule.id: rule for rule in team.rules}
        rules = [by_id.pop(rule.id, rule) for rule in self.rules]
        rules.extend(rule for rule in team.rules if rule.id in by_id)
        macros = dict(self.macros)
        macros.update(team.macros)
        lexicon = {name: list(words) for name, words in self.lexicon}
        for name, words in team.lexicon:
            lexicon.setdefault(name, []).extend(w for w in words if w not in lexicon[name])
        return RuleSet(
            rules=tuple(rules),
            macros=tuple(macros.items()),
            lexicon=tuple((name, tuple(words)) for name, words in lexicon.items()),
            allowed_words=_unique(self.allowed_words + team.allowed_words),
            allowed_patterns=_unique(self.allowed_patterns + team.allowed_patterns),
            disabled=self.disabled | team.disabled,
            origin=f"{self.origin} + {team.origin}" if self.origin else team.origin,
        )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
