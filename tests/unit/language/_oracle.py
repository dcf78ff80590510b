"""The engine's sentence-by-sentence path as it was before the whole-text restructuring, kept
as the reference the faster path must agree with finding for finding."""

from __future__ import annotations

from collections.abc import Iterable
from re import Match

from pmdesk.language._compiled import _Allowed, _compile, _Compiled, _document_allowed
from pmdesk.language._context import _Sentence
from pmdesk.language._learned import shipped_model
from pmdesk.language._learned_step import _learned_finding
from pmdesk.language._match_check import _check
from pmdesk.language._sentence_words import (
    _first_names_pattern,
    _lower_not_names,
    _names_pattern,
    _swap_names,
    _words,
)
from pmdesk.language._text import mask_markdown, sentences
from pmdesk.language.engine import (
    _WHY_QUESTION,
    Finding,
    LintContext,
    _finalise,
    _mask_sentence,
    _Names,
    is_blame,
)
from pmdesk.language.rules import LEARNED_ID, default_rules


def reference_lint(text: str, ctx: LintContext) -> list[Finding]:
    if not text or text.isspace():
        return []
    rules = ctx.rules or default_rules()
    comp = _compile(rules)
    model = shipped_model() if LEARNED_ID not in rules.disabled else None
    names = _names_pattern(ctx.names)
    masked = mask_markdown(text)
    document_allowed = _document_allowed(ctx.allowed_words)
    findings: list[Finding] = []
    why_end = -1
    for start, end in sentences(masked):
        raw = masked[start:end]
        after_why = why_end >= 0 and "\n" not in masked[why_end:start]
        why_end = end if _WHY_QUESTION.match(raw) else -1
        words = _words(raw)
        known = words & comp.first_names
        first_names = _first_names_pattern(frozenset(known)) if known else None
        candidates = [
            index
            for index in comp.candidates(words)
            if (not comp.rules[index].fields or ctx.field in comp.rules[index].fields)
            and (after_why or index not in comp.answers_to_why)
        ]
        found = len(findings)
        prepared: str | None = None
        cased: str | None = None
        declined = False
        if candidates:
            prepared, declined, cased = _rule_findings(
                text, raw, start, candidates, comp, (names, first_names), document_allowed, findings
            )
        if model is None or any(is_blame(f) for f in findings[found:]):
            continue
        if prepared is None:
            prepared = _prepare(raw, comp, (names, first_names), document_allowed, cased)
        finding = _learned_finding(text, prepared, start, comp, model, declined)
        if finding is not None:
            findings.append(finding)
    return _finalise(findings, ctx.ignored)


def reference_declined(text: str, ctx: LintContext) -> bool:
    """Whether, in some sentence, a blame rule matched but its context checks said no."""
    rules = ctx.rules or default_rules()
    comp = _compile(rules)
    names = _names_pattern(ctx.names)
    masked = mask_markdown(text)
    document_allowed = _document_allowed(ctx.allowed_words)
    why_end = -1
    for start, end in sentences(masked):
        raw = masked[start:end]
        after_why = why_end >= 0 and "\n" not in masked[why_end:start]
        why_end = end if _WHY_QUESTION.match(raw) else -1
        words = _words(raw)
        known = words & comp.first_names
        first_names = _first_names_pattern(frozenset(known)) if known else None
        candidates = [
            index
            for index in comp.candidates(words)
            if (not comp.rules[index].fields or ctx.field in comp.rules[index].fields)
            and (after_why or index not in comp.answers_to_why)
        ]
        if (
            candidates
            and _rule_findings(
                text, raw, start, candidates, comp, (names, first_names), document_allowed, []
            )[1]
        ):
            return True
    return False


def _prepare(
    raw: str, comp: _Compiled, names: _Names, document_allowed: _Allowed, cased: str | None = None
) -> str:
    local = _mask_sentence(raw, comp, document_allowed)
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
) -> tuple[str | None, bool, str]:
    cased = _swap_names(_swap_names(raw, names[0]), names[1])
    sentence = _Sentence(text, _lower_not_names(cased, comp.not_names), start, comp, cased)
    first = next(
        (n for n, index in enumerate(candidates) if sentence.first_match(comp.rules[index])),
        None,
    )
    if first is None:
        return None, False, cased
    prepared = _prepare(raw, comp, names, document_allowed, cased)
    if prepared is not cased:
        local = _lower_not_names(prepared, comp.not_names)
        sentence = _Sentence(text, local, start, comp, prepared)
    declined = False
    for index in candidates[first:]:
        compiled = comp.rules[index]
        if compiled.rule.at_start:
            found = compiled.regex.match(sentence.local, sentence.content_start)
            matches: Iterable[Match[str]] = (found,) if found else ()
        else:
            matches = compiled.regex.finditer(sentence.local)
        for match in matches:
            finding = _check(compiled, match, sentence)
            if finding is not None:
                findings.append(finding)
            elif compiled.blame:
                declined = True
    return prepared, declined, cased
