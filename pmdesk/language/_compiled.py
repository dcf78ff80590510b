"""Rule sets compiled for matching: regexes, the trigger-word index, and allowed words.

A sentence is tried only against the rules whose trigger words it contains (one dictionary
look-up per word), so a clean sentence costs one tokenising pass. Attendee names are not compiled
in: in a sentence being checked each name is swapped for a placeholder name of the same length
("Qzzz"), which the rules treat as a known person, so the rules compile once per rule set and
offsets never shift.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from re import Pattern
from typing import Any, Final

from pmdesk.language._anchors import Anchor, anchor_of, from_stored
from pmdesk.language._gates import _VERSION as _GATES_VERSION
from pmdesk.language._gates import Gate, rule_gates
from pmdesk.language._gates import from_stored as gate_from_stored
from pmdesk.language._pattern_shape import (
    _MACRO_REF,
    _ends_in_word,
    _required_words,
    _Shapes,
    _starts_with_word,
    _tolerant,
    _wrap,
)
from pmdesk.language._patterns import compile_pattern, compile_plain, remembered
from pmdesk.language._sentence_words import _NAMES_MACRO, _words
from pmdesk.language.rules import (
    BLAME_CATEGORIES,
    Rule,
    RuleSet,
    default_rules,
    expand_macros,
    lexicon_macros,
    word_pattern,
)

# Engine-level cues live in the rules file as macros, so they are data like the rules.
_CUE_MACROS: Final[tuple[str, ...]] = (
    "META_CUE",
    "EXPLAINED_AFTER",
    "EXPLAINED_BEFORE",
    "SPECIFIC",
    "SYSTEM_CONDITIONAL",
    "NEARBY_PERSON",
    "SPEECH_BEFORE_QUOTE",
    "LIST_LEAD",
    "MENTION",
    "CAUSE_LEAD",
    "PURPOSE",
)


@dataclass
class _CompiledRule:
    """A rule with its regex, compiled on first use: a short text needs only a few rules."""

    rule: Rule
    body: str
    blame: bool
    fields: frozenset[str]
    shapes: _Shapes | None = None
    _regex: Pattern[str] | None = None
    _acts_after_space: bool | None = None
    # Whether the rule has a check that may turn down every match in a sentence at once
    # (see _Sentence.hopeless).
    hopeful_checks: bool = field(init=False, default=False)
    # The rule's "when" checks, looked up once rather than at every match.
    when_question: bool = field(init=False, default=False)
    when_cause_clause: bool = field(init=False, default=False)
    when_person_nearby: bool = field(init=False, default=False)
    # Whether the rule names its act ((?P<act>...)), known from its first match.
    names_act: bool | None = field(init=False, default=None)
    # The rule's "needs" as one pattern: a sentence it does not match has no match of the rule.
    needs_source: str | None = None
    _needs: Pattern[str] | None = None
    # The regex and the endings compiled for plain sentences (see plain_regex), once asked.
    _plain: Pattern[str] | None = None
    _plain_needs: Pattern[str] | None = None

    def __post_init__(self) -> None:
        when = self.rule.when
        # Set here as well as declared: a dataclass compiled by mypyc leaves init=False fields unset.
        self.names_act = None
        self.hopeful_checks = False
        self.when_question = "question" in when
        self.when_cause_clause = "cause_clause" in when
        self.when_person_nearby = "person_nearby" in when
        self.hopeful_checks = (
            self.when_person_nearby
            or self.when_cause_clause
            or "system_conditional" in self.rule.unless
        )

    @property
    def starts_with_word(self) -> bool:
        if self.shapes is None:
            return _starts_with_word(self.body)
        return self.shapes.starts_with_word(self.rule.pattern)

    @property
    def acts_after_space(self) -> bool:
        """Whether the act of every match (where its subject is asked) follows a non-word
        character: the match starts with a word and names no other act."""
        known = self._acts_after_space
        if known is None:
            known = self._acts_after_space = "(?P<act>" not in self.body and self.starts_with_word
        return known

    @property
    def needs(self) -> Pattern[str] | None:
        if self._needs is None and self.needs_source is not None:
            self._needs = compile_pattern(self.needs_source)
        return self._needs

    @property
    def plain_needs(self) -> Pattern[str] | None:
        """needs, for a plain sentence (see plain_regex)."""
        if self._plain_needs is None and self.needs_source is not None:
            self._plain_needs = compile_plain(self.needs_source) or self.needs
        return self._plain_needs

    @property
    def plain_regex(self) -> Pattern[str]:
        """The regex for a plain sentence (ASCII, none of ODD_SPACE in it): the same matches as
        regex there, found faster (see _patterns.compile_plain)."""
        if self._plain is None:
            self._plain = compile_plain(self.source) or self.regex
        return self._plain

    @property
    def source(self) -> str:
        return _wrap(self.body, self.starts_with_word)

    @property
    def regex(self) -> Pattern[str]:
        if self._regex is None:
            self._regex = compile_pattern(self.source)
        return self._regex


@dataclass
class _Compiled:
    rules: list[_CompiledRule]
    by_trigger: dict[str, tuple[int, ...]]
    always: tuple[int, ...]
    lexicon: dict[str, frozenset[str]]
    cues: dict[str, Pattern[str]]
    allowed: _Allowed
    # The cues compiled for plain sentences, once asked (see plain_cue).
    plain_cues: dict[str, Pattern[str]] = field(default_factory=dict)
    multiword_roles: frozenset[str] = field(default_factory=frozenset)
    requires: dict[int, frozenset[str]] = field(default_factory=dict)
    first_names: frozenset[str] = field(default_factory=frozenset)
    not_names: frozenset[str] = field(default_factory=frozenset)
    # Rules tried only on the answer to a why-question ("when": ["answer_to_why"]).
    answers_to_why: frozenset[int] = field(default_factory=frozenset)
    # Subject phrases and what kind of subject each is, in the text being checked (see
    # _Sentence._classify).
    subject_kinds: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    # Facts about the rules worked out once per field the engine is asked about.
    per_field: dict[str, frozenset[int]] = field(default_factory=dict)
    word_unions: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    cue_gates: dict[str, Gate] = field(default_factory=dict)
    macro_anchors: dict[str, frozenset[str] | None] = field(default_factory=dict)
    trigger_words: frozenset[str] = field(default_factory=frozenset)
    # The macros the rules were expanded with, and each rule's gates (see _gates.py), worked
    # out the first time the rule is a candidate.
    macros: dict[str, str] = field(default_factory=dict)
    gates: dict[int, Gate | None] = field(default_factory=dict)
    # A stamp of the macros (see _stamp), once asked.
    macros_stamp: str = ""
    # Candidate rules remembered by the words that decide them (see admitted).
    vocabulary: frozenset[str] | None = None
    admitted_memo: dict[tuple[frozenset[str], bool, frozenset[int]], list[int]] = field(
        default_factory=dict
    )
    # What candidates() tests, by the trigger words a sentence has and whether it is gated.
    plans: dict[tuple[frozenset[str], bool], tuple[_Planned, ...]] = field(default_factory=dict)
    unremembered: int = 0
    # Whether every cause lead ends in a word character and looks no further ahead than the
    # character after it (see _Sentence.cause_clause).
    cause_lead_ends_in_word: bool = False

    def plain_cue(self, name: str) -> Pattern[str]:
        """One of the engine's cues for a plain sentence (see _CompiledRule.plain_regex)."""
        found = self.plain_cues.get(name)
        if found is None:
            cue = self.cues[name]
            found = self.plain_cues[name] = compile_plain(cue.pattern) or cue
        return found

    def cue_gate(self, name: str) -> Gate:
        """The words one of the engine's cues needs (as a rule's gate, see _gates.py): a plain
        ASCII sentence without them has no match of the cue."""
        gate = self.cue_gates.get(name)
        if gate is None:
            gate = self.cue_gates[name] = self._kept_gate(self.macros[name])
        return gate

    def lexicon_words(self, *names: str) -> frozenset[str]:
        """The words of several lexicon lists together (worked out once)."""
        found = self.word_unions.get(names)
        if found is None:
            found = self.word_unions[names] = frozenset().union(
                *(self.lexicon[name] for name in names)
            )
        return found

    def candidates(self, words: set[str], gated: bool = False) -> list[int]:
        """The rules whose trigger words (and required words) the sentence has. gated: the
        sentence is plain ASCII, so rules whose gates it fails are left out too."""
        key = (frozenset(words & self.trigger_words), gated)
        plan = self.plans.get(key)
        if plan is None:
            if len(self.plans) >= _REMEMBER_MOST:
                self.plans.clear()
            plan = self.plans[key] = self._plan(key[0], gated)
        found = []
        isdisjoint = words.isdisjoint
        # As Gate.admits, with the required words as one more clause, inline: a sentence's
        # rules are tested here some ten times, a call each cost a quarter of the time.
        for index, clauses, branches in plan:
            for clause in clauses:
                if isdisjoint(clause):
                    break
            else:
                if branches:
                    for branch in branches:
                        for clause in branch:
                            if isdisjoint(clause):
                                break
                        else:
                            break  # this branch has all its words
                    else:
                        continue  # no branch has
                found.append(index)
        return found

    def _plan(self, triggers: frozenset[str], gated: bool) -> tuple[_Planned, ...]:
        """What candidates() tests of the rules these trigger words bring in, in rule order:
        each rule's clauses (its required words first, then its gate's) and gate branches."""
        found: set[int] = set(self.always)
        for word in triggers:
            found.update(self.by_trigger[word])
        plan = []
        for index in sorted(found):
            required = self.requires.get(index)
            clauses: tuple[frozenset[str], ...] = () if required is None else (required,)
            branches: tuple[tuple[frozenset[str], ...], ...] = ()
            if gated:
                gate = self.gates.get(index, _UNKNOWN)
                if gate is _UNKNOWN:
                    gate = self.gates[index] = self.rule_gates(index) or None
                if gate is not None:
                    clauses += gate.clauses
                    branches = gate.branches
            plan.append((index, clauses, branches))
        return tuple(plan)

    def admitted(self, words: set[str], gated: bool, skip: frozenset[int]) -> list[int]:
        """candidates(words, gated) less the rules in skip. Past the first few hundred
        sentences, remembered by the words any trigger, required word or gate tests: the
        answer depends on no other word, and a long text has far fewer such word sets than
        sentences."""
        vocabulary = self.vocabulary
        if vocabulary is None:
            self.unremembered += 1
            if self.unremembered < _REMEMBER_AFTER:
                return [index for index in self.candidates(words, gated) if index not in skip]
            vocabulary = self.vocabulary = self._vocabulary()
        key = (frozenset(words & vocabulary), gated, skip)
        memo = self.admitted_memo
        found = memo.get(key)
        if found is None:
            if len(memo) >= _REMEMBER_MOST:
                memo.clear()
            found = memo[key] = [
                index for index in self.candidates(words, gated) if index not in skip
            ]
        return found

    def _vocabulary(self) -> frozenset[str]:
        """Every word a trigger, a required word or a gate tests (all gates worked out)."""
        found = set(self.trigger_words)
        for required in self.requires.values():
            found |= required
        for index in range(len(self.rules)):
            gate = self.gates.get(index, _UNKNOWN)
            if gate is _UNKNOWN:
                gate = self.gates[index] = self.rule_gates(index) or None
            if gate is not None:
                for clause in chain(gate.clauses, *gate.branches):
                    found |= clause
        return frozenset(found)

    def rule_gates(self, index: int) -> Gate:
        return self._kept_gate(self.rules[index].rule.pattern)

    def _kept_gate(self, pattern: str) -> Gate:
        """rule_gates for a pattern (unexpanded), kept whole between runs. From its kept parse
        alone, working out every built-in rule's gate (the macros' checks and words, the
        cheapest clauses) still cost each new process 15 ms. Kept by the pattern, the analysis
        versions and a stamp of every macro, so a changed macro or team rule set works its
        gates out again."""

        def work() -> Any:
            return rule_gates(
                pattern, self.macros, _tolerant, remembered, self.macro_words
            ).stored()

        stamp = self.macros_stamp
        if not stamp:
            stamp = self.macros_stamp = _stamp(self.macros)
        key = f"gate {_GATES_VERSION} {_ANCHOR_VERSION} {stamp} {pattern}"
        gate = gate_from_stored(remembered(key, work))
        if gate is None:  # a damaged cache entry: work it out again
            gate = rule_gates(pattern, self.macros, _tolerant, remembered, self.macro_words)
        return gate

    def macro_words(self, name: str) -> frozenset[str] | None:
        """The words one of which begins every match of a macro, as a whole word where the
        macro starts a word and no word character follows it (see _anchors.py); None where
        that cannot be said, or a match may begin with any capitalised word (a name)."""
        try:
            return self.macro_anchors[name]
        except KeyError:
            pass
        macros = self.macros

        def work() -> tuple[tuple[str, ...], bool] | None:
            source = _tolerant(expand_macros(macros[name], macros))
            found = anchor_of(source, re.IGNORECASE)
            return None if found is None else found.stored()

        # Kept by the texts of the macro and of the macros it uses, not by its expansion:
        # building that for each macro a short note's rules use cost more than the note.
        key = f"macro anchor {_ANCHOR_VERSION} {self._macro_texts(name)}"
        anchor = from_stored(remembered(key, work))
        words = None if anchor is None or anchor.capitals else anchor.words
        self.macro_anchors[name] = words
        return words

    def _macro_texts(self, name: str) -> str:
        """The name and text of a macro and of every macro it uses, however deep."""
        seen = {name}
        todo = [name]
        while todo:
            for used in _MACRO_REF.findall(self.macros.get(todo.pop(), "")):
                if used not in seen:
                    seen.add(used)
                    todo.append(used)
        return "\0".join(f"{used}\0{self.macros.get(used, '')}" for used in sorted(seen))


# Part of the key of remembered anchors: changes whenever the analysis does.
_ANCHOR_VERSION: Final = 1


def _stamp(macros: dict[str, str]) -> str:
    """A stamp of every macro's name and text, for keys of facts that depend on them."""
    data = "\0".join(f"{name}\0{text}" for name, text in sorted(macros.items())).encode(
        "utf-8", "surrogatepass"
    )
    # CRC-32, Adler-32 and the length (as pmdesk.language.caches does: no hashlib import).
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def _pattern_anchor(source: str, flags: int = re.IGNORECASE) -> Anchor | None:
    """The anchor of a pattern (see _anchors.anchor_of), kept between runs: the analysis
    parses the expanded pattern, which costs about as much as compiling it."""

    def work() -> tuple[tuple[str, ...], bool] | None:
        found = anchor_of(source, flags)
        return None if found is None else found.stored()

    return from_stored(remembered(f"anchor {_ANCHOR_VERSION} {int(flags)} {source}", work))


# A rule whose gate is not worked out yet.
_UNKNOWN: Final = Gate()
# A rule as candidates() tests it: its index, the clauses a sentence must all have a word of,
# and the gate's branches (if any, one must have a word of each of its clauses).
_Planned = tuple[int, tuple[frozenset[str], ...], tuple[tuple[frozenset[str], ...], ...]]
# Sentences checked before candidate rules are remembered (a keystroke's line never is), and
# the most word sets remembered before starting again.
_REMEMBER_AFTER: Final = 300
_REMEMBER_MOST: Final = 50_000


def _compile(rules: RuleSet) -> _Compiled:
    cache = rules._cache
    compiled: _Compiled | None = cache.get("compiled")
    if compiled is not None:
        return compiled
    base = default_rules()
    macros = base.macro_map() if rules is not base else {}
    macros.update(rules.macro_map())
    lexicon_lists: dict[str, list[str]] = {n: list(w) for n, w in base.lexicon}
    if rules is not base:
        for lex_name, words in rules.lexicon:
            target = lexicon_lists.setdefault(lex_name, [])
            target.extend(w for w in words if w not in target)
    macros.update(lexicon_macros(lexicon_lists))
    macros["NAMES"] = _NAMES_MACRO

    shapes = _Shapes(macros, lexicon_lists)
    compiled_rules: list[_CompiledRule] = []
    by_trigger: dict[str, list[int]] = {}
    always: list[int] = []
    for rule in rules.active_rules:
        source = _tolerant(expand_macros(rule.pattern, macros))
        index = len(compiled_rules)
        compiled_rules.append(
            _CompiledRule(
                rule,
                source,
                rule.category in BLAME_CATEGORIES,
                frozenset(rule.fields),
                shapes,
                needs_source=_needs_source(rule.needs, source, macros),
            )
        )
        if rule.triggers:
            for trigger in rule.triggers:
                by_trigger.setdefault(trigger, []).append(index)
        else:
            always.append(index)
    cue_sources = {name: _tolerant(expand_macros(macros[name], macros)) for name in _CUE_MACROS}
    cues = {name: compile_pattern(_wrap(source)) for name, source in cue_sources.items()}
    allowed_parts = [word_pattern(w) for w in rules.allowed_words if w.strip()]
    allowed_parts += [expand_macros(p, macros) for p in rules.allowed_patterns]
    built_in = set(base.allowed_patterns)
    hints: frozenset[str] | None = _phrase_hints(rules.allowed_words)
    for allowed_pattern in rules.allowed_patterns:
        required = _required_words(allowed_pattern) if allowed_pattern in built_in else None
        if hints is None or required is None:
            hints = None  # a team's pattern may have no fixed letters at all
            break
        hints |= required
    allowed = _Allowed(
        compile_pattern(_wrap("|".join(allowed_parts))) if allowed_parts else None,
        _hint_list(hints),
    )
    lexicon = {
        lex_name: frozenset(" ".join(w.lower().replace("’", "'").split()) for w in words)
        for lex_name, words in lexicon_lists.items()
    }
    compiled = _Compiled(
        rules=compiled_rules,
        by_trigger={k: tuple(v) for k, v in by_trigger.items()},
        trigger_words=frozenset(by_trigger),
        macros=macros,
        always=tuple(always),
        lexicon=lexicon,
        cues=cues,
        allowed=allowed,
        multiword_roles=frozenset(w for w in lexicon.get("roles", ()) if " " in w),
        requires={
            index: frozenset(compiled.rule.requires)
            for index, compiled in enumerate(compiled_rules)
            if compiled.rule.requires
        },
        first_names=lexicon.get("first_names", frozenset()),
        not_names=lexicon.get("not_names", frozenset()),
        answers_to_why=frozenset(
            index
            for index, compiled in enumerate(compiled_rules)
            if "answer_to_why" in compiled.rule.when
        ),
        cause_lead_ends_in_word=_ends_in_word(cue_sources["CAUSE_LEAD"]),
    )
    cache["compiled"] = compiled
    return compiled


def _needs_source(needs: tuple[str, ...], source: str, macros: dict[str, str]) -> str | None:
    """One pattern for a rule's endings, expanded as its pattern was (None: no gate). Each must
    stay the end of the expanded pattern, or the gate is not used."""
    if not needs:
        return None
    parts = [_tolerant(expand_macros(need, macros)) for need in needs]
    if not any(source.endswith(part) for part in parts):
        return None
    return "|".join(f"(?:{part})" for part in parts)


@dataclass(frozen=True)
class _Allowed:
    """Words never to flag; `hints` are letter runs one of which any occurrence contains, so
    the regex is skipped on sentences without them (None: always run it)."""

    regex: Pattern[str] | None
    hints: tuple[str, ...] | None
    # The hints as one search of the lower-cased sentence (None: no hints, or none needed).
    hinted: Pattern[str] | None = field(default=None, init=False, compare=False)
    # The words one of which begins every occurrence (see _anchors.py): worked out when first
    # asked, None if that cannot be said.
    _first: list[frozenset[str] | None] = field(default_factory=list, init=False, compare=False)

    def __post_init__(self) -> None:
        # Set even when None: a dataclass compiled by mypyc leaves init=False fields unset.
        hinted = None
        if self.regex is not None and self.hints:
            hinted = re.compile("|".join(re.escape(hint) for hint in self.hints))
        object.__setattr__(self, "hinted", hinted)

    def spans(
        self, local: str, lowered: str | None = None, words: set[str] | None = None
    ) -> list[tuple[int, int]]:
        """Where allowed words stand in local. lowered: local.lower(), made here if needed and
        not given. words, if given: the words of local, which is plain ASCII; an occurrence
        starts with a whole word, so without one of the words an occurrence begins with, there
        is none."""
        regex = self.regex
        if regex is None:
            return []
        if words is not None:
            first = self.first_words()
            if first is not None and first.isdisjoint(words):
                return []
        if self.hints is not None:
            if self.hinted is None:
                return []
            if not self.hinted.search(local.lower() if lowered is None else lowered):
                return []
        return [m.span() for m in regex.finditer(local)]

    def first_words(self) -> frozenset[str] | None:
        if not self._first:
            regex = self.regex
            anchor = None if regex is None else _pattern_anchor(regex.pattern, regex.flags)
            self._first.append(None if anchor is None or anchor.capitals else anchor.words)
        return self._first[0]


def _hint_list(hints: frozenset[str] | None) -> tuple[str, ...] | None:
    """The hints, none inside another (a sentence with "blameless" contains "blame")."""
    if hints is None:
        return None
    return tuple(sorted(h for h in hints if not any(o != h and o in h for o in hints)))


@lru_cache(maxsize=64)
def _document_allowed(phrases: tuple[str, ...]) -> _Allowed:
    if not phrases:
        return _Allowed(None, None)
    parts = sorted((word_pattern(w) for w in phrases), key=len, reverse=True)
    regex = re.compile(_wrap("|".join(parts)), re.IGNORECASE)
    return _Allowed(regex, _hint_list(_phrase_hints(phrases)))


def _phrase_hints(phrases: Iterable[str]) -> frozenset[str]:
    """The longest word of each phrase: every occurrence of the phrase contains it."""
    return frozenset(max(sorted(_words(p)), key=len) for p in phrases if _words(p))
