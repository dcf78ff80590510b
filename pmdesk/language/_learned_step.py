"""The engine's learned-layer step: the sentences no rule flagged as blame are put to the
learned model after the rules have read the whole text, and its verdicts become findings."""

from __future__ import annotations

from collections.abc import Callable

from pmdesk.language._compiled import _Compiled
from pmdesk.language._context import _Sentence
from pmdesk.language._learned import MESSAGES, Model, features
from pmdesk.language._sentences_met import _moved, _Seen, _SeenKey
from pmdesk.language._types import Finding
from pmdesk.language.rules import DEFAULT_SEVERITY, LEARNED_ID

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
