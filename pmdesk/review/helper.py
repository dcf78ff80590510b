"""The language facts of a review's postmortems: those remembered read back, the others checked,
with a helper process on an idle core when there are many.

The first review of a library people wrote checks every text of every published postmortem, which
is most of its time; a review's postmortems are independent of one another, so a helper process can
check some while this one checks the others, and the facts are the same as one process would find
(each postmortem's facts depend on its own texts only). A helper starts only when the texts to check
are many (starting Python and the language engine costs a few tenths of a second) and a core is
idle; if it cannot start or fails, its share is checked here. A frozen (PyInstaller) build checks
everything here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pmdesk.review.facts_cache as facts_cache
from pmdesk.language._parallel import idle_cores
from pmdesk.model import Postmortem, Status
from pmdesk.report.language_check import checked_texts
from pmdesk.review.language import Facts, LanguageFacts, check_facts, fits, from_facts, to_facts

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# Below this many characters to check, a helper costs more than it saves.
HELPER_FROM = 200_000
# The helper's share of the weight: it starts Python and the engine first.
HELPER_SHARE = 0.45
# None: a helper when a core is idle; 0: never; 1: always when there is enough to check.
HELPERS: int | None = None

Work = tuple[Postmortem, bool, bool]  # a postmortem, published, reviewed


def flags(pm: Postmortem) -> tuple[bool, bool]:
    """(published, reviewed): which of its texts the review's figures read."""
    return pm.status is Status.PUBLISHED, pm.status is not Status.DRAFT


def weight(pm: Postmortem, published: bool) -> int:
    """About how much text checking `pm` reads (all of it when published, else its actions and
    factors)."""
    if published:
        return sum(len(text) for _field, text in checked_texts(pm))
    return sum(len(a.description) for a in pm.actions) + sum(len(f.text) for f in pm.factors)


def helpers_wanted() -> int:
    """A helper when a core is idle now (on a busy machine it would only compete for one)."""
    if HELPERS is not None:
        return HELPERS
    _cores, idle = idle_cores()
    return 1 if idle >= 1 else 0


def check_here(work: Sequence[Work]) -> list[Facts]:
    """The facts of each postmortem, checked in this process (each sentence once)."""
    from pmdesk.language import shared_sentences

    with shared_sentences():
        return [to_facts(pm, check_facts(pm, published=p, reviewed=r)) for pm, p, r in work]


def check_all(work: Sequence[Work]) -> list[LanguageFacts]:
    """The facts of each postmortem of `work`, in order; a share checked by a helper process
    when there is enough to check and a core to check it on."""
    weights = [weight(pm, published) for pm, published, _ in work]
    if sum(weights) < HELPER_FROM or len(work) < 2 or helpers_wanted() < 1:
        return [from_facts(pm, f) for (pm, _, _), f in zip(work, check_here(work), strict=True)]
    cut = _cut(weights)
    theirs, mine = list(work[:cut]), list(work[cut:])
    pending = _start(theirs)
    here = check_here(mine)
    found = _finish(pending, theirs) + here
    return [from_facts(pm, f) for (pm, _, _), f in zip(work, found, strict=True)]


def _cut(weights: list[int]) -> int:
    """Where to split the work in two of about the same weight, each kept in the review's order
    (neighbouring postmortems share more sentences): the helper takes the part before. Its part
    is a little lighter, as it starts later."""
    total, running = sum(weights), 0
    for index, w in enumerate(weights):
        running += w
        if running >= total * HELPER_SHARE:
            return index + 1
    return len(weights)


def _start(work: list[Work]) -> tuple[ProcessPoolExecutor, Future[list[Facts]]] | None:
    """A helper process checking `work`, or None when none could start."""
    if not work:
        return None
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        return pool, pool.submit(_in_helper, work)
    except (OSError, RuntimeError, ValueError):
        return None


def _in_helper(work: list[Work]) -> list[Facts]:
    """What the helper process runs (by this name: check_here may be wrapped in this one)."""
    return check_here(work)


def _finish(
    pending: tuple[ProcessPoolExecutor, Future[list[Facts]]] | None, work: list[Work]
) -> list[Facts]:
    """The helper's facts, or the same checked here when it could not start or failed."""
    if pending is None:
        return check_here(work)
    pool, future = pending
    try:
        return future.result()
    except Exception:  # a helper that died or could not be reached: check here instead
        return check_here(work)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def facts_of_all(pms: Sequence[Postmortem]) -> list[LanguageFacts]:
    """The facts of each postmortem of a review, in order: those remembered as they were, the
    others checked (on two cores when there are many) and remembered
    for the next review (see pmdesk.review.facts_cache)."""
    facts_cache.FACTS.refresh()
    found: list[LanguageFacts | None] = []
    todo: list[tuple[int, str, Postmortem, bool, bool]] = []
    for pm in pms:
        published, reviewed = flags(pm)
        key = facts_cache.key_of(pm, published=published, reviewed=reviewed)
        known = facts_cache.FACTS.get(key)
        if known is not None and fits(pm, known):
            found.append(from_facts(pm, known))
        else:
            todo.append((len(found), key, pm, published, reviewed))
            found.append(None)
    checked = check_all([(pm, published, reviewed) for _, _, pm, published, reviewed in todo])
    for (index, key, pm, _, _), facts in zip(todo, checked, strict=True):
        facts_cache.FACTS.put(key, to_facts(pm, facts))
        found[index] = facts
    facts_cache.FACTS.save()
    return [f for f in found if f is not None]
