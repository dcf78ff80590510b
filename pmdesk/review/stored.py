"""The language facts the database keeps beside each postmortem, for the quarterly review.

Checking the blame language of every published postmortem was most of a review's time. The facts
are derived data, like the search index, so they are kept in the database in step with saves: the
repository calls `facts_to_store` as it saves a change to what they depend on and writes them in
the same transaction (pmdesk.storage.review_facts). A save must not slow typing, so each text's
answer is remembered in this process and only a text typed since is checked again; facts whose
key has not changed are not worked out at all.

A review then reads the stored facts (`FactsBook`) and uses those whose key still holds; missing
or stale ones (a database from before they were kept, a newer language engine) are checked as
before and written back (`review_from`), so the next review is fast. A database the review cannot
write to keeps them in the facts file instead (pmdesk.review.facts_cache).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeVar

import pmdesk.review.facts_cache as facts_cache
from pmdesk.database import StoredFacts
from pmdesk.language import Finding, LintContext, lint
from pmdesk.model import ActionStatus, Postmortem
from pmdesk.report.language_check import POSITIVE
from pmdesk.review.facts_cache import FactsBook
from pmdesk.review.language import (
    HUMAN_ERROR,
    Facts,
    checked_alone,
    fits,
    flags,
    joined,
    names_of,
    texts_by_field,
)

if TYPE_CHECKING:
    from pmdesk.review.figures import Review
    from pmdesk.review.period import Period

# Texts remembered with their answer before starting afresh (a library's worth of typing).
_MOST = 20_000
T = TypeVar("T")
_FLAGGED: dict[tuple[LintContext, str], int] = {}
_CATEGORIES: dict[tuple[LintContext, str], frozenset[str]] = {}
DROPPED = ActionStatus.DROPPED


def facts_to_store(pm: Postmortem) -> StoredFacts:
    """The facts of `pm` as it is being saved, with their key (for the repository)."""
    published, reviewed = flags(pm)
    key = facts_cache.key_of(pm, published=published, reviewed=reviewed)
    known = facts_cache.FACTS.remembered(key)
    if known is None or not fits(pm, known):
        known = work_out(pm, published=published, reviewed=reviewed)
        facts_cache.FACTS.memory[key] = known
    return StoredFacts(key, *known)


def work_out(pm: Postmortem, *, published: bool, reviewed: bool) -> Facts:
    """The facts of one postmortem, each text's answer remembered: the texts not remembered are
    checked joined, as the review checks them (their findings are those of the texts one by one),
    so a postmortem met first costs one check per kind of text, and a later save one text."""
    names = names_of(pm)
    flagged = _flagged(pm, names) if published else 0
    action = LintContext(names=names, field="action")
    live = [(i, a.description) for i, a in enumerate(pm.actions) if a.status is not DROPPED]
    kinds = _answers([d for _, d in live if d.strip()], action, _categories, _CATEGORIES)
    vague = tuple(i for i, d in live if not d.strip() or "vague_action" in kinds[d])
    factors = [f.text for f in pm.factors if f.text.strip()]
    blames = False
    if reviewed and len(factors) == 1:
        context = LintContext(names=names, field="factor")
        found = _answers(factors, context, _categories, _CATEGORIES)[factors[0]]
        blames = not HUMAN_ERROR.isdisjoint(found)
    return flagged, vague, blames


def _flagged(pm: Postmortem, names: tuple[str, ...]) -> int:
    count = 0
    for texts, context in texts_by_field(pm, names):
        counts = _answers(texts, context, _blame_count, _FLAGGED)
        count += sum(counts[t] for t in texts)
    return count


def _blame_count(findings: list[Finding], context: LintContext) -> int:
    return sum(1 for f in findings if f.category != POSITIVE and f.key not in context.ignored)


def _categories(findings: list[Finding], _context: LintContext) -> frozenset[str]:
    return frozenset(f.category for f in findings)


def _answers(
    texts: list[str],
    context: LintContext,
    answer: Callable[[list[Finding], LintContext], T],
    memory: dict[tuple[LintContext, str], T],
) -> dict[str, T]:
    """Each text's answer in `context`: remembered, or worked out from its findings. Those not
    remembered are checked as one text (one with a code fence alone, as the review does)."""
    found = {t: memory[(context, t)] for t in texts if (context, t) in memory}
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    for text in (t for t in missing if checked_alone(t)):
        found[text] = answer(lint(text, context), context)
    joinable = [t for t in missing if not checked_alone(t)]
    if joinable:
        text, starts = joined(joinable)
        per_text: list[list[Finding]] = [[] for _ in joinable]
        for finding in lint(text, context):
            per_text[bisect_right(starts, finding.start) - 1].append(finding)
        for each, findings in zip(joinable, per_text, strict=True):
            found[each] = answer(findings, context)
    if len(memory) + len(missing) > _MOST:
        memory.clear()
    memory.update(((context, t), found[t]) for t in missing)
    return found


class Source(Protocol):
    """Where a review reads its postmortems and their stored facts (an open database)."""

    def review_postmortems_between(self, start: date, end: date) -> list[Postmortem]: ...
    def review_facts(self, ids: Sequence[int]) -> dict[int, StoredFacts]: ...


Keep = Callable[[dict[int, StoredFacts]], None]


def review_from(
    source: Source,
    period: Period,
    today: date,
    *,
    threshold: float | None = None,
    keep: Keep | None = None,
) -> tuple[list[Postmortem], Review]:
    """The postmortems of `period` and their review, from the facts stored beside them where
    their key holds; the others are checked and handed to `keep` (the database), or kept in the
    facts file when there is no `keep` or it fails (a read-only database). threshold: as
    build_review's (default DEFAULT_THRESHOLD)."""
    from pmdesk.review.compute import build_review
    from pmdesk.review.figures import DEFAULT_THRESHOLD

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    postmortems = source.review_postmortems_between(period.start, period.end)
    ids = [pm.id for pm in postmortems if pm.id is not None]
    book = FactsBook(source.review_facts(ids))
    review = build_review(postmortems, period, today, threshold=threshold, stored=book)
    write_back(book, keep)
    return postmortems, review


def write_back(book: FactsBook, keep: Keep | None) -> None:
    """Hand what the review checked to `keep`; into the facts file when it cannot."""
    if not book.to_keep:
        return
    if keep is not None:
        try:
            keep(book.to_keep)
        except Exception:  # a database that cannot be written: the file keeps them instead
            facts_cache.FACTS.save()
        else:
            book.to_keep = {}
        return
    facts_cache.FACTS.save()
