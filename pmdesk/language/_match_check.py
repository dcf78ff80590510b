"""A rule's match in a sentence, checked in its context and made a Finding: the rule's "when"
and "unless" checks (question, cause clause, subject, negation, explanation, specifics, proper
nouns, purpose), and its suggestion filled in from the match's named groups."""

from __future__ import annotations

import re
from re import Match
from typing import Final

from pmdesk.language._compiled import _CompiledRule
from pmdesk.language._context import _Sentence
from pmdesk.language._types import Finding

_TITLE_WORD: Final = re.compile(r"[A-Z][a-z]")
_LAST_WORD: Final = re.compile(r"[\w'’-]+(?=[\s\"'“‘’”]*$)")
_SUGGESTION_GROUP: Final = re.compile(r"\{(\w+)\}")
# How far around a match the context checks look (characters).
_WINDOW: Final = 240


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
    for check in unless:
        if check == "negated" and sentence.negated(start, end):
            return True
        if check == "explained" and (
            (
                sentence.cue_may_match("EXPLAINED_AFTER", end + _WINDOW)
                and sentence.cue("EXPLAINED_AFTER").search(local, end, end + _WINDOW)
            )
            or (
                sentence.cue_may_match("EXPLAINED_BEFORE")
                and sentence.cue("EXPLAINED_BEFORE").match(local, sentence.content_start)
            )
        ):
            return True
        if check == "specific":
            # A timestamp or list number before the item's words is not a specific.
            low = max(sentence.content_start, start - _WINDOW)
            high = min(len(local), end + _WINDOW)
            around = local[low:start] + " " * (end - start) + local[end:high]
            original = sentence.text[sentence.offset + low : sentence.offset + high]
            if sentence.cue("SPECIFIC").search(around) or "`" in original:
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
