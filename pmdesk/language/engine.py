"""The blame-language matcher: rules from data, plus the context checks that keep it trustworthy.

The text is cut into sentences once (code and URLs blanked out first, so offsets never move);
each sentence is tried against the rules its words trigger, and every match must pass the rule's
context checks (subject, negation, explanation, quotes and rule statements) before it becomes a
Finding. See _compiled.py for the speed design and _context.py for the checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from itertools import chain
from re import Match, Pattern

from pmdesk.language._compiled import (
    _WORD,
    _Allowed,
    _compile,
    _Compiled,
    _CompiledRule,
    _document_allowed,
    _first_names_pattern,
    _lower_not_names,
    _names_pattern,
    _swap_names,
    _words,
)
from pmdesk.language._context import _Sentence
from pmdesk.language._learned import MESSAGES, Model, features, shipped_model
from pmdesk.language._text import mask_markdown, sentences
from pmdesk.language._types import Finding, LintContext, finding_key, is_blame  # noqa: F401 - re-exported
from pmdesk.language.rules import (
    BLAME_CATEGORIES,
    DEFAULT_SEVERITY,
    LEARNED_ID,
    default_rules,
)

_TITLE_WORD = re.compile(r"[A-Z][a-z]")
_LAST_WORD = re.compile(r"[\w'’-]+(?=[\s\"'“‘’”]*$)")
_SUGGESTION_GROUP = re.compile(r"\{(\w+)\}")
_QUOTE = re.compile(
    r"\"([^\"\n]{1,300})\""
    r"|“([^”\n]{1,300})”"
    r"|‘([^\n]{1,300}?)’(?!\w)"
    r"|(?<!\w)'([^'\n]{1,300}?)'(?!\w)"
    r"|«([^»\n]{1,300})»"
)
_QUOTE_MARK = re.compile("[\"“‘'«]")
_SCARE_QUOTE_BEFORE = re.compile(
    r"(?:\w['’]s|\b(?:his|her|their|its|your|my|our|the|a|an|this|that|who)|\w['’]"
    # A label being applied is used, not mentioned: "we marked it as 'human error'".
    r"|\b(?:(?:marked|mark|logged|log|filed|file|recorded|record|classified|classify|put|tagged)"
    r"(?:(?:\s+[\w'’-]+){0,3}?\s+(?:as|under|down\s+as))?))\s*\Z",
    re.IGNORECASE,
)
_WHY_QUESTION = re.compile(r"[\W\d]*why\b[^\n]*\?[\"'”’)\]]*\Z", re.IGNORECASE)
# How far around a match the context checks look (characters).
_WINDOW = 240


_DEFAULT_CONTEXT = LintContext()


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
    admitted = comp.admitted
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
        candidates = admitted(words, plain, skip)
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

        def resolve(
            raw: str = raw,
            start: int = start,
            candidates: list[int] = candidates,
            sentence_names: _Names = sentence_names,
            plain_words: set[str] | None = plain_words,
        ) -> bool:
            scratch: list[Finding] = []
            return (
                _rule_findings(
                    text,
                    raw,
                    start,
                    candidates,
                    comp,
                    sentence_names,
                    document_allowed,
                    scratch,
                    True,
                    plain_words,
                )[1]
                is True
            )

        if declined_log is not None:
            if declined is None:
                declined = resolve()
            declined_log.append(declined)
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


# A sentence no rule flagged as blame, for the learned layer: its key in the sentences met, where
# it starts, the sentence prepared, whether a rule declined it, and how to find out if not known.
_Asked = tuple["_SeenKey", int, str, bool | None, Callable[[], bool] | None]


def _ask_learned(
    asked: list[_Asked],
    repeats: list[tuple[_SeenKey, int]],
    text: str,
    comp: _Compiled,
    model: Model,
    seen: dict[_SeenKey, _Seen],
    findings: list[Finding],
) -> None:
    """The learned layer's verdicts, added to the findings (after every rule's: the findings
    are put in order of position afterwards, and two sentences' findings never start at the
    same place) and to the sentences met, for their repeats. Asked after the rules have been
    tried on every sentence, not between them: its word tables then stay in the processor's
    caches (the same calls cost about half as much in a row)."""
    learned: dict[_SeenKey, Finding] = {}
    for key, start, prepared, declined, resolve in asked:
        finding = _learned_finding(text, prepared, start, comp, model, declined, resolve)
        if finding is not None and key not in learned:
            findings.append(finding)
            learned[key] = finding
            earlier, at, told = seen[key]
            seen[key] = ([*earlier, finding], at, told)
    for key, shift in repeats:
        if key in learned:
            findings.append(_moved(learned[key], shift))


def _moved(finding: Finding, shift: int) -> Finding:
    """The same finding for the same words further on in the text."""
    return Finding(
        finding.start + shift,
        finding.end + shift,
        finding.rule,
        finding.category,
        finding.severity,
        finding.message,
        finding.suggestion,
        finding.text,
    )


_Names = tuple[Pattern[str] | None, Pattern[str] | None]
# What a sentence met before got: its findings, where it stood, and whether a rule declined
# (None: not worked out, as nothing needed it).
_Seen = tuple[list[Finding] | tuple[()], int, bool | None]
_SeenKey = tuple[str, str, bool, tuple[str, ...]]
# Sentences remembered across checks while `shared_sentences` is in force (per rule set,
# field and allowed words), else None: each check remembers only its own text's sentences.
_SHARED: ContextVar[dict[tuple[int, str, tuple[str, ...]], _Shared] | None] = ContextVar(
    "pmdesk_shared_sentences", default=None
)
# Past this many sentences the shared memory starts again (a review holds far fewer).
_SHARED_MOST = 50_000


class _Shared:
    """The sentences remembered for one rule set, field and allowed words; the compiled rules
    are held so their id is not reused while this lives."""

    __slots__ = ("comp", "seen")

    def __init__(self, comp: _Compiled) -> None:
        self.comp = comp
        self.seen: dict[_SeenKey, _Seen] = {}


@contextmanager
def shared_sentences() -> Iterator[None]:
    """Within this block, a sentence checked before in the same kind of field (with the same
    rules, allowed words and the same attendee names in it) is not checked again: for work
    over many documents that share their texts, such as a review of a thousand postmortems."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _seen_for(comp: _Compiled, ctx: LintContext) -> dict[_SeenKey, _Seen]:
    shared = _SHARED.get()
    if shared is None:
        return {}
    key = (id(comp), ctx.field, ctx.allowed_words)
    entry = shared.get(key)
    if entry is None or entry.comp is not comp:
        entry = shared[key] = _Shared(comp)
    elif len(entry.seen) > _SHARED_MOST:
        entry.seen.clear()
    return entry.seen


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
    hopeless = sentence.hopeless
    for index in candidates:
        compiled = rules[index]
        if compiled.hopeful_checks and hopeless(compiled):
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
    needs = (compiled._plain_needs or compiled.plain_needs) if plain else compiled.needs
    return needs is None or needs.search(local) is not None


def _regex(compiled: _CompiledRule, plain: bool) -> Pattern[str]:
    """The rule's regex for a sentence, plain (see _Sentence.plain) or not."""
    if plain:
        return compiled._plain or compiled.plain_regex
    return compiled._regex or compiled.regex


def _learned_finding(
    text: str,
    prepared: str,
    start: int,
    comp: _Compiled,
    model: Model,
    declined: bool | None,
    resolve: Callable[[], bool] | None = None,
) -> Finding | None:
    """The learned layer's verdict on a sentence no rule flagged as blame. Where a rule matched
    and its context checks said no (negated, explained, quoted), that rule usually knows the
    look-alike better, so the model must be surer: its own, higher threshold. declined None:
    not known yet; resolve() tells, asked only when the two thresholds disagree."""
    if len(prepared) < 12 or prepared.count(" ") < 2:
        return None
    if declined is None:
        low, high = sorted((model.threshold, model.declined_threshold))
        if not model.reaches(prepared, low):
            return None
        declined = not model.reaches(prepared, high) and resolve is not None and resolve()
    threshold = model.declined_threshold if declined else model.threshold
    if not model.reaches(prepared, threshold):
        return None
    sentence = _Sentence(text, prepared, start, comp)
    if sentence.mention():
        return None
    first = sentence.content_start
    while first < len(prepared) and prepared[first].isspace():
        first += 1
    if first >= len(prepared):
        return None
    category = model.category(features(prepared, model))
    if category is None:
        return None
    matched = text[start + first : start + len(prepared)]
    return Finding(
        start=start + first,
        end=start + len(prepared),
        rule=f"{LEARNED_ID}.{category}",
        category=category,
        severity=DEFAULT_SEVERITY[category],
        message=MESSAGES[category],
        suggestion=None,
        text=matched,
    )


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


def _check(compiled: _CompiledRule, match: Match[str], sentence: _Sentence) -> Finding | None:
    rule = compiled.rule
    local = sentence.local
    start, end = match.span()
    while start < end and local[start].isspace():
        start += 1
    while end > start and local[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    if rule.at_start and start != sentence.content_start:
        return None
    # A rule may name the act it is about ((?P<act>...)): who does it is asked there.
    names_act = compiled.names_act
    if names_act is None:
        names_act = compiled.names_act = "act" in match.re.groupindex
    act = match.start("act") if names_act else start
    if compiled.when_question and not sentence.asks(start):
        return None
    # Every check must pass and none has an effect, so the cheap ones that most often fail
    # come first: an act told as a cause is rarer than a person doing it.
    if compiled.when_cause_clause and not sentence.cause_clause(act):
        return None
    if rule.subject is not None:
        kind, head = sentence.subject(act)
        allowed = ("person",) if rule.subject == "person_strict" else ("person", "name")
        if kind not in allowed or head in rule.exclude_subjects:
            return None
    if rule.unless and _excluded(rule.unless, sentence, start, end):
        return None
    if compiled.blame and (sentence.meta_before(start) or sentence.mention()):
        return None
    if compiled.when_person_nearby and not sentence.person_nearby():
        return None
    offset = sentence.offset
    matched = sentence.text[offset + start : offset + end]
    return Finding(
        start=offset + start,
        end=offset + end,
        rule=rule.id,
        category=rule.category,
        severity=rule.severity,
        message=rule.message,
        suggestion=_suggestion(rule.suggestion, match, matched, start == sentence.content_start),
        text=matched,
    )


def _excluded(unless: tuple[str, ...], sentence: _Sentence, start: int, end: int) -> bool:
    local = sentence.local
    cue = sentence.cue
    for check in unless:
        if check == "negated" and sentence.negated(start, end):
            return True
        if check == "explained" and (
            (
                sentence.cue_may_match("EXPLAINED_AFTER", end + _WINDOW)
                and cue("EXPLAINED_AFTER").search(local, end, end + _WINDOW)
            )
            or (
                sentence.cue_may_match("EXPLAINED_BEFORE")
                and cue("EXPLAINED_BEFORE").match(local, sentence.content_start)
            )
        ):
            return True
        if check == "specific":
            # A timestamp or list number before the item's words is not a specific.
            low = max(sentence.content_start, start - _WINDOW)
            high = min(len(local), end + _WINDOW)
            around = local[low:start] + " " * (end - start) + local[end:high]
            original = sentence.text[sentence.offset + low : sentence.offset + high]
            if cue("SPECIFIC").search(around) or "`" in original:
                return True
        if check == "system_conditional" and sentence.system_conditional():
            return True
        if check == "perfect" and sentence.perfect_before(start):
            return True
        if check == "proper_noun" and _proper_noun(
            sentence.cased, start, end, sentence.content_start
        ):
            return True
        if check == "purpose" and sentence.purpose_after(end):
            return True
    return False


def _proper_noun(local: str, start: int, end: int, content_start: int) -> bool:
    """A capitalised "Careless Cat" is a product's name, not a judgement."""
    if not _TITLE_WORD.match(local, start):
        return False
    if start == content_start:  # only a following capitalised word shows a name here
        return bool(_TITLE_WORD.match(local[end:].lstrip(" ")))
    words = local[start:end].split()
    if len(words) > 1 and all(_TITLE_WORD.match(word) for word in words):
        return True  # "the Root Cause section", "Understanding Human Error"
    if _TITLE_WORD.match(local[end:].lstrip()):
        return True
    previous = _LAST_WORD.search(local, 0, start)
    return bool(
        previous and previous.start() > content_start and _TITLE_WORD.match(previous.group())
    )


def _suggestion(
    template: str | None, match: Match[str], matched: str, at_start: bool
) -> str | None:
    if template is None:
        return None
    groups = match.re.groupindex

    def fill(group: Match[str]) -> str:
        name = group.group(1)
        if name in groups:
            return match.group(name) or ""
        return group.group(0)

    text = " ".join(_SUGGESTION_GROUP.sub(fill, template).split())
    if at_start and matched[:1].isupper() and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


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
