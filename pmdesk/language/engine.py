"""The blame-language matcher: rules from data, plus the context checks that keep it trustworthy.

The text is cut into sentences once (code and URLs blanked out first, so offsets never move);
each sentence is tried against the rules its words trigger, and every match must pass the rule's
context checks (subject, negation, explanation, quotes and rule statements) before it becomes a
Finding (_match_check.py). Sentences met before get their earlier findings back
(_sentences_met.py), and the sentences no rule flagged as blame go to the learned layer after the
rules have read the whole text (_learned_step.py). See _compiled.py for the speed design and
_context.py for the checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import chain
from re import Match, Pattern
from typing import Final

from pmdesk.language._compiled import (
    _Allowed,
    _compile,
    _Compiled,
    _CompiledRule,
    _document_allowed,
)
from pmdesk.language._context import _Sentence
from pmdesk.language._learned import shipped_model
from pmdesk.language._learned_step import _ask_learned, _Asked
from pmdesk.language._match_check import _check
from pmdesk.language._sentence_words import (
    _WORD,
    _first_names_pattern,
    _lower_not_names,
    _names_pattern,
    _swap_names,
    _words,
)
from pmdesk.language._sentences_met import _moved, _seen_for, _SeenKey
from pmdesk.language._text import mask_markdown, sentences
from pmdesk.language._types import Finding, LintContext, finding_key, is_blame  # noqa: F401 - re-exported
from pmdesk.language.rules import (
    BLAME_CATEGORIES,
    LEARNED_ID,
    default_rules,
)

_QUOTE: Final = re.compile(
    r"\"([^\"\n]{1,300})\""
    r"|“([^”\n]{1,300})”"
    r"|‘([^\n]{1,300}?)’(?!\w)"
    r"|(?<!\w)'([^'\n]{1,300}?)'(?!\w)"
    r"|«([^»\n]{1,300})»"
)
_QUOTE_MARK: Final = re.compile("[\"“‘'«]")
_SCARE_QUOTE_BEFORE: Final = re.compile(
    r"(?:\w['’]s|\b(?:his|her|their|its|your|my|our|the|a|an|this|that|who)|\w['’]"
    # A label being applied is used, not mentioned: "we marked it as 'human error'".
    r"|\b(?:(?:marked|mark|logged|log|filed|file|recorded|record|classified|classify|put|tagged)"
    r"(?:(?:\s+[\w'’-]+){0,3}?\s+(?:as|under|down\s+as))?))\s*\Z",
    re.IGNORECASE,
)
_WHY_QUESTION: Final = re.compile(r"[\W\d]*why\b[^\n]*\?[\"'”’)\]]*\Z", re.IGNORECASE)


_DEFAULT_CONTEXT: Final = LintContext()


# --- matching ---------------------------------------------------------------------------------------


def lint(text: str, context: LintContext | None = None) -> list[Finding]:
    """Every blame-language finding (and "listen for" cue) in text, in order of position."""
    return _lint(text, context or _DEFAULT_CONTEXT, None)


def rules_declined(text: str, context: LintContext | None = None) -> bool:
    """Whether, in some sentence, a blame rule matched the words but its context checks said no
    (for training the learned layer the way the engine uses it)."""
    declined: list[bool] = []
    _lint(text, context or _DEFAULT_CONTEXT, declined)
    return any(declined)


def _lint(text: str, ctx: LintContext, declined_log: list[bool] | None) -> list[Finding]:
    if not text or text.isspace():
        return []
    rules = ctx.rules or default_rules()
    comp = _compile(rules)
    # Subject phrases are remembered for one check: nothing carries over from an earlier text.
    comp.subject_kinds.clear()
    model = shipped_model() if LEARNED_ID not in rules.disabled else None
    name_words = _name_words(ctx.names)
    masked = mask_markdown(text)
    document_allowed = _document_allowed(ctx.allowed_words)
    findings: list[Finding] = []
    # The sentences for the learned layer, asked after the rules (see _ask_learned), and the
    # repeats of those met before it answered, with how far each moved.
    asked: list[_Asked] = []
    asked_keys: set[_SeenKey] = set()
    repeats: list[tuple[_SeenKey, int]] = []
    # Rules this field never uses, and those tried only on the answer to a why-question.
    blocked = _blocked(comp, ctx.field)
    blocked_unless_why = blocked | comp.answers_to_why
    first_names_known = comp.first_names
    why_match = _WHY_QUESTION.match
    why_end = -1  # where the last sentence ended, if it was a why-question
    # Notes repeat themselves (a bullet, an action, a stock sentence under several events): a
    # sentence met before in this text, masked the same way, gets the findings it got then,
    # moved to where it stands now. Nothing outside a sentence bears on its findings but
    # whether it answers a why-question, so that is part of the key.
    seen = _seen_for(comp, ctx)
    for start, end in sentences(masked):
        raw = masked[start:end]
        # An answer to a why-question on the same line ("Why did the queue back up? Raj paused
        # the consumers.") tells its act as the cause; the line stays the unit, as in the editor.
        after_why = why_end >= 0 and "\n" not in masked[why_end:start]
        why_end = end if why_match(raw) else -1
        words = _words(raw)
        # An attendee's name is searched for only where its first word is; the pattern holds
        # only the names that may be there, so a sentence's findings depend on no other name.
        names_here = _names_here(ctx.names, name_words, words)
        key = (raw, text[start:end], after_why, names_here)
        before = seen.get(key)
        # Whether a rule was turned down is worked out only when something needs it.
        if before is not None and not (declined_log is not None and before[2] is None):
            earlier, earlier_start, told = before
            shift = start - earlier_start
            if earlier:
                findings.extend(_moved(f, shift) for f in earlier)
            if key in asked_keys:
                repeats.append((key, shift))
            if declined_log is not None:
                declined_log.append(told is True)
            continue
        known = words & first_names_known
        first_names = _first_names_pattern(frozenset(known)) if known else None
        names = _names_pattern(names_here) if names_here else None
        skip = blocked if after_why else blocked_unless_why
        plain = raw.isascii()
        plain_words = words if plain else None
        candidates = comp.admitted(words, plain, skip)
        found = len(findings)
        prepared: str | None = None
        cased: str | None = None
        declined: bool | None = False
        sentence_names = (names, first_names)
        if candidates:
            prepared, declined, cased = _rule_findings(
                text,
                raw,
                start,
                candidates,
                comp,
                sentence_names,
                document_allowed,
                findings,
                declined_log is not None,
                plain_words,
            )

        resolve = None
        if declined is None:
            resolve = _resolver(
                text, raw, start, candidates, comp, sentence_names, document_allowed, plain_words
            )
            if declined_log is not None:
                declined = resolve()
        if declined_log is not None:
            declined_log.append(declined is True)
        if model is not None and not (
            len(findings) > found and any(f.category in BLAME_CATEGORIES for f in findings[found:])
        ):
            if prepared is None:
                prepared = _prepare(raw, comp, sentence_names, document_allowed, cased, plain_words)
            asked.append((key, start, prepared, declined, resolve if declined is None else None))
            asked_keys.add(key)
        seen[key] = (findings[found:] if len(findings) > found else (), start, declined)
    if model is not None and asked:
        _ask_learned(asked, repeats, text, comp, model, seen, findings)
    return _finalise(findings, ctx.ignored)


_Names = tuple[Pattern[str] | None, Pattern[str] | None]


def _resolver(
    text: str,
    raw: str,
    start: int,
    candidates: list[int],
    comp: _Compiled,
    names: _Names,
    document_allowed: _Allowed,
    words: set[str] | None,
) -> Callable[[], bool]:
    """How to tell, when it matters, whether a rule matched a sentence's words and its context
    checks turned it down (where the check left that unknown). Made only for such sentences,
    and outside the sentence loop: a function defined in the loop cost a closure a sentence,
    and compiled, put every variable it reads in a slower environment object."""

    def resolve() -> bool:
        scratch: list[Finding] = []
        found = _rule_findings(
            text, raw, start, candidates, comp, names, document_allowed, scratch, True, words
        )
        return found[1] is True

    return resolve


@lru_cache(maxsize=64)
def _name_words(names: tuple[str, ...]) -> dict[str, tuple[str, ...]] | None:
    """The attendee names by their first word, as _words has it: a sentence without that word
    has none of those names. None (search every sentence) if a name is not plain ASCII, where
    lower-casing a whole sentence and a name alone may differ."""
    found: dict[str, list[str]] = {}
    for name in names:
        if len(name) <= 1:
            continue  # never searched for (see _names_pattern)
        first = _WORD.search(name.lower())
        if first is None or not name.isascii():
            return None
        found.setdefault(first.group(), []).append(name)
    return {word: tuple(names) for word, names in found.items()}


def _names_here(
    names: tuple[str, ...], by_word: dict[str, tuple[str, ...]] | None, words: set[str]
) -> tuple[str, ...]:
    """The attendee names that may stand in a sentence with these words, in their order."""
    if by_word is None:
        return names
    if words.isdisjoint(by_word):
        return ()
    present = {name for word in words.intersection(by_word) for name in by_word[word]}
    return tuple(name for name in names if name in present)


def _blocked(comp: _Compiled, field: str) -> frozenset[int]:
    """The rules limited to other fields than this one."""
    key = "blocked " + field
    found = comp.per_field.get(key)
    if found is None:
        found = comp.per_field[key] = frozenset(
            index
            for index, compiled in enumerate(comp.rules)
            if compiled.fields and field not in compiled.fields
        )
    return found


def _prepare(
    raw: str,
    comp: _Compiled,
    names: _Names,
    document_allowed: _Allowed,
    cased: str | None = None,
    words: set[str] | None = None,
) -> str:
    """The sentence as the checks see it: quotes and allowed words blanked, names as placeholders.

    Allowed words are found in the writer's own text, before names become placeholders. cased,
    if given, is raw with its names already swapped: returned as it is when nothing is blanked
    (most sentences), so the names are not swapped twice. words, if given: the words of raw,
    which is plain ASCII."""
    local = _mask_sentence(raw, comp, document_allowed, words)
    if cased is not None and local is raw:
        return cased
    return _swap_names(_swap_names(local, names[0]), names[1])


def _rule_findings(
    text: str,
    raw: str,
    start: int,
    candidates: list[int],
    comp: _Compiled,
    names: _Names,
    document_allowed: _Allowed,
    findings: list[Finding],
    exact: bool = False,
    words: set[str] | None = None,
) -> tuple[str | None, bool | None, str]:
    """Add the rules' findings for one sentence. Returns the prepared sentence if it was made,
    whether a blame rule matched the words but was turned down by its context checks (None:
    not worked out, unless exact), and the sentence with its names swapped. words, if given:
    the words of raw, which is plain ASCII."""
    cased = _swap_names(_swap_names(raw, names[0]), names[1])
    if not exact and _mask_sentence(raw, comp, document_allowed, words) is raw:
        # Nothing to blank: the sentence searched is the one checked, so a rule whose matches
        # can pass no check here need not be searched.
        local = _lower_not_names(cased, comp.not_names)
        return (
            cased,
            _checked(_Sentence(text, local, start, comp, cased, words), candidates, findings),
            cased,
        )
    sentence = _Sentence(text, _lower_not_names(cased, comp.not_names), start, comp, cased, words)
    rules = comp.rules
    first = -1
    first_match: Match[str] | None = None
    local = sentence.local
    plain = sentence.plain
    for n, index in enumerate(candidates):
        compiled = rules[index]
        if compiled.needs_source is not None and not _ending_here(compiled, local, plain):
            continue
        regex = _regex(compiled, plain)
        if compiled.rule.at_start:
            first_match = regex.match(local, sentence.content_start)
        else:
            first_match = regex.search(local)
        if first_match is not None:
            first = n
            break
    if first_match is None:
        return None, False, cased
    # Most sentences match nothing: only those that do pay for quote and allowed-word masking.
    prepared = _prepare(raw, comp, names, document_allowed, cased, words)
    if prepared is not cased:
        local = _lower_not_names(prepared, comp.not_names)
        sentence = _Sentence(text, local, start, comp, prepared, words)
        first_match = None  # the masked sentence is searched afresh
    declined = False
    for index in candidates[first:]:
        compiled = rules[index]
        matches: Iterable[Match[str]]
        if (
            first_match is None
            and compiled.needs_source is not None
            and not _ending_here(compiled, sentence.local, sentence.plain)
        ):
            continue
        regex = _regex(compiled, sentence.plain)
        if first_match is not None:
            # The first rule's match on this very sentence is reused; a search from its end
            # finds the rest, as finditer would.
            reused, first_match = first_match, None
            if compiled.rule.at_start or reused.end() == reused.start():
                matches = (reused,) if compiled.rule.at_start else regex.finditer(sentence.local)
            else:
                matches = chain((reused,), regex.finditer(sentence.local, reused.end()))
        elif compiled.rule.at_start:
            found = regex.match(sentence.local, sentence.content_start)
            matches = (found,) if found else ()
        else:
            matches = regex.finditer(sentence.local)
        for match in matches:
            finding = _check(compiled, match, sentence)
            if finding is not None:
                findings.append(finding)
            elif compiled.blame:
                declined = True
    return prepared, declined, cased


def _checked(sentence: _Sentence, candidates: list[int], findings: list[Finding]) -> bool | None:
    """The candidate rules' findings in a sentence with nothing blanked. A rule whose matches
    would all be turned down (see _Sentence.hopeless) is not searched; whether it matched at
    all is then unknown, so is whether a rule declined (None) unless another one did."""
    rules = sentence.comp.rules
    local = sentence.local
    plain = sentence.plain
    declined: bool | None = False
    for index in candidates:
        compiled = rules[index]
        if compiled.hopeful_checks and sentence.hopeless(compiled):
            if declined is False:
                declined = None
            continue
        if compiled.needs_source is not None and not _ending_here(compiled, local, plain):
            continue
        regex = _regex(compiled, plain)
        if compiled.rule.at_start:
            found = regex.match(local, sentence.content_start)
            if found is None:
                continue
            matches: Iterable[Match[str]] = (found,)
        else:
            matches = regex.finditer(local)
        for match in matches:
            finding = _check(compiled, match, sentence)
            if finding is not None:
                findings.append(finding)
            elif compiled.blame:
                declined = True
    return declined


def _ending_here(compiled: _CompiledRule, local: str, plain: bool = False) -> bool:
    """Whether one of the rule's endings ("needs") is in the sentence: without one, the rule
    cannot match there. plain: the sentence is plain text (see _Sentence.plain)."""
    if plain:
        needs = compiled._plain_needs
        if needs is None:
            needs = compiled.plain_needs
    else:
        needs = compiled.needs
    return needs is None or needs.search(local) is not None


def _regex(compiled: _CompiledRule, plain: bool) -> Pattern[str]:
    """The rule's regex for a sentence, plain (see _Sentence.plain) or not."""
    # `is None` rather than `or`: compiled, the truth of a Pattern is a generic call.
    if plain:
        found = compiled._plain
        return compiled.plain_regex if found is None else found
    found = compiled._regex
    return compiled.regex if found is None else found


def _mask_sentence(
    local: str, comp: _Compiled, document_allowed: _Allowed, words: set[str] | None = None
) -> str:
    """local with quotes and allowed words blanked (local itself if nothing is). words, if
    given: the words of local, which is plain ASCII."""
    # Most sentences have none of the allowed words' first words: lower-cased only if needed.
    spans = comp.allowed.spans(local, None, words)
    if document_allowed.regex is not None:
        spans += document_allowed.spans(local, None, words)
    if _QUOTE_MARK.search(local):
        # Quoted words are mentioned, not used: a quoted remark or a phrase under discussion.
        # Scare quotes inside a noun phrase ("Sven's 'tiny refactor' took login down") are
        # part of the sentence, so they stay.
        spans.extend(
            (m.start() + 1, m.end() - 1)
            for m in _QUOTE.finditer(local)
            if not _SCARE_QUOTE_BEFORE.search(local, 0, m.start())
        )
    if not spans:
        return local
    chars = list(local)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _finalise(findings: list[Finding], ignored: frozenset[str]) -> list[Finding]:
    """Order by position; drop a finding inside a longer one of the same category."""
    findings.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    last_end: dict[str, int] = {}
    for finding in findings:
        if last_end.get(finding.category, -1) >= finding.end:
            continue
        last_end[finding.category] = finding.end
        if ignored and finding.key in ignored:
            continue
        kept.append(finding)
    return kept


def prepared_sentences(text: str, context: LintContext | None = None) -> list[str]:
    """Each sentence of text as the learned layer sees it (for training it on labelled text)."""
    ctx = context or _DEFAULT_CONTEXT
    comp = _compile(ctx.rules or default_rules())
    names = _names_pattern(ctx.names)
    masked = mask_markdown(text)
    allowed = _document_allowed(ctx.allowed_words)
    result = []
    for start, end in sentences(masked):
        raw = masked[start:end]
        known = _words(raw) & comp.first_names
        first_names = _first_names_pattern(frozenset(known)) if known else None
        result.append(_prepare(raw, comp, (names, first_names), allowed))
    return result
