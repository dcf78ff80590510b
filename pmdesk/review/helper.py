"""The language facts of a review's postmortems: those remembered read back, the others checked,
with helper processes on idle cores when there are many.

The first review of a library people wrote checks every text of every published postmortem, which
is most of its time; a review's postmortems are independent of one another, so helper processes
can check some while this one checks the others, and the facts are the same as one process would
find (each postmortem's facts depend on its own texts only). Helpers start as `pmdesk lint`'s do
(pmdesk.language._parallel): one per idle core, each a copy (fork) of this process with the
engine already loaded, so it starts checking at once and is handed only where its share begins
and ends; a helper started afresh (spawn: elsewhere than Linux, or from a process running other
threads, such as the review window's) first imports pmdesk and the engine, so it takes a smaller
share and is worth starting only for more text. If a helper cannot start or fails, its share is
checked here. A frozen (PyInstaller) build checks everything here.

Helpers never outlive the review they work for: a review given up (an error, Ctrl+C, its window's
Stop or closing, quitting the app: end_helpers) ends them at once rather than waiting for their
shares, and a helper whose process ends however it ends (even killed) ends with it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

import pmdesk.review.facts_cache as facts_cache
from pmdesk.database import StoredFacts
from pmdesk.model import Postmortem
from pmdesk.report.language_check import checked_texts
from pmdesk.review.facts_cache import FactsBook
from pmdesk.review.language import (
    Facts,
    LanguageFacts,
    check_facts,
    fits,
    flags,
    from_facts,
    to_facts,
)

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor


# Below this many characters to check, a helper costs more than it saves: a copy of this
# process starts in milliseconds, one started afresh in a few tenths of a second.
HELPER_FROM = {"fork": 50_000, "spawn": 200_000}
# A helper's share of the work against this process's (which also works out the other figures
# meanwhile); one started afresh imports pmdesk and the engine first.
HELPER_WEIGHT = {"fork": 1.4, "spawn": 1.0}
# None: a helper per idle core (as pmdesk lint has them); 0: never; N: N helpers when there is
# enough to check.
HELPERS: int | None = None

Work = tuple[Postmortem, bool, bool]  # a postmortem, published, reviewed
# The work a forked helper reads from its copy of this process, by position.
_FORKED_WORK: Sequence[Work] = ()
# The reviews of this process whose helpers are at work (end_helpers ends them).
_AT_WORK: set[Checking] = set()
_AT_WORK_LOCK = threading.Lock()


class HelpersEnded(Exception):
    """The review was given up while its helpers were at work: they were ended, their shares
    dropped."""


def weight(pm: Postmortem, published: bool) -> int:
    """About how much text checking `pm` reads (all of it when published, else its actions and
    factors)."""
    if published:
        return sum(len(text) for _field, text in checked_texts(pm))
    return sum(len(a.description) for a in pm.actions) + sum(len(f.text) for f in pm.factors)


def helpers_wanted() -> int:
    """A helper per core idle now, up to pmdesk lint's limit (on a busy machine a helper would
    only compete for a core)."""
    if HELPERS is not None:
        return HELPERS
    from pmdesk.language._parallel import default_processes

    return default_processes() - 1


def check_here(work: Sequence[Work]) -> list[Facts]:
    """The facts of each postmortem, checked in this process (each sentence once)."""
    from pmdesk.language import shared_sentences

    with shared_sentences():
        return [to_facts(pm, check_facts(pm, published=p, reviewed=r)) for pm, p, r in work]


class Checking:
    """The facts of a review's postmortems being checked: helpers at work from the start, this
    process's share when `result` is asked for, so this process can work out the other figures
    first."""

    def __init__(self, work: Sequence[Work]) -> None:
        from pmdesk.language._parallel import start_method

        self.work = list(work)
        self.theirs: list[tuple[int, int]] = []
        self.mine = (0, len(self.work))
        self.pending: tuple[ProcessPoolExecutor, list[Future[list[Facts]]]] | None = None
        self.ended = False  # given up (abandon): no share is checked any more
        self._lock = threading.Lock()  # the helpers are ended by one thread only
        weights = [weight(pm, published) for pm, published, _ in self.work]
        method = start_method()
        helpers = min(helpers_wanted(), len(self.work) - 1)
        if helpers < 1 or sum(weights) < HELPER_FROM[method]:
            return
        cuts = _cuts(weights, helpers, HELPER_WEIGHT[method])
        self.theirs = list(pairwise(cuts))
        self.mine = (cuts[-1], len(self.work))
        with _AT_WORK_LOCK:
            _AT_WORK.add(self)
        pending = _start(self.work, self.theirs, method)
        with self._lock:
            self.pending = pending
        if pending is None or self.ended:  # none started, or given up meanwhile
            self._close(end=True)

    def abandon(self) -> None:
        """The review was given up (from any thread): end the helpers now and wait for them to
        exit; `result`, in progress or to come, raises HelpersEnded."""
        self.ended = True
        self._close(end=True)

    def result(self) -> list[LanguageFacts]:
        """The facts of each postmortem of the work, in order."""
        try:
            if self.ended:  # given up while this process worked out the other figures
                raise HelpersEnded("the review was given up")
            start, end = self.mine
            here = check_here(self.work[start:end])
            found = self._theirs() + here
        except BaseException:  # Ctrl+C, an error: the helpers' shares are no longer wanted
            self.abandon()
            raise
        self._close(end=False)
        return [from_facts(pm, f) for (pm, _, _), f in zip(self.work, found, strict=True)]

    def _theirs(self) -> list[Facts]:
        """The helpers' facts, in order; a part whose helper could not start or failed is
        checked here."""
        futures = iter(self.pending[1] if self.pending is not None else [])
        found: list[Facts] = []
        for start, end in self.theirs:
            if end <= start:
                continue
            future = next(futures, None)
            facts: list[Facts] | None = None
            if future is not None and not self.ended:
                try:
                    facts = future.result()
                except Exception:  # a helper that died or could not be reached: check here
                    facts = None
            if self.ended:
                raise HelpersEnded("the review was given up")
            found += facts if facts is not None else check_here(self.work[start:end])
        return found

    def _close(self, *, end: bool) -> None:
        """Let the helpers go: every share is back (end=False), or end them first."""
        with self._lock:
            pending, self.pending = self.pending, None
            with _AT_WORK_LOCK:
                _AT_WORK.discard(self)
            if pending is not None:
                if end:
                    _end_processes(pending[0])
                pending[0].shutdown(wait=True, cancel_futures=True)


def end_helpers() -> None:
    """End the helpers of every review this process is working out (its window closed, the app
    quits); those reviews raise HelpersEnded."""
    with _AT_WORK_LOCK:
        at_work = list(_AT_WORK)
    for checking in at_work:
        checking.abandon()


def check_all(work: Sequence[Work]) -> list[LanguageFacts]:
    """The facts of each postmortem of `work`, in order; shares checked by helper processes when
    there is enough to check and cores to check it on."""
    return Checking(work).result()


def _cuts(weights: list[int], helpers: int, helper_weight: float) -> list[int]:
    """Where each helper's part begins, and where this process's begins last: parts of about
    the same weight (a helper's `helper_weight` times this process's), each kept in the review's
    order (neighbouring postmortems share more sentences)."""
    total = sum(weights)
    share = total * helper_weight / (1 + helpers * helper_weight)
    cuts, running, next_cut = [0], 0, share
    for index, w in enumerate(weights):
        running += w
        if running >= next_cut and len(cuts) <= helpers:
            cuts.append(index + 1)
            next_cut += share
    while len(cuts) <= helpers:
        cuts.append(len(weights))
    return cuts


def _start(
    work: Sequence[Work], parts: list[tuple[int, int]], method: str
) -> tuple[ProcessPoolExecutor, list[Future[list[Facts]]]] | None:
    """Helper processes checking each part of `work`, or None when none could start."""
    parts = [(start, end) for start, end in parts if end > start]
    if not parts:
        return None
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if method == "fork":
            global _FORKED_WORK
            from pmdesk.language import LintContext
            from pmdesk.language._parallel import _ready_to_copy

            _ready_to_copy(LintContext())  # so the copies have the engine loaded
            _FORKED_WORK = work
        pool = ProcessPoolExecutor(
            len(parts),
            mp_context=multiprocessing.get_context(method),
            initializer=_bound_to_parent,
            initargs=(os.getpid(),),
        )
        try:
            if method == "fork":
                futures = [pool.submit(_in_copy, start, end) for start, end in parts]
            else:
                futures = [pool.submit(_in_helper, list(work[start:end])) for start, end in parts]
        finally:
            _FORKED_WORK = ()
        return pool, futures
    except (OSError, RuntimeError, ValueError):
        return None


def _in_helper(work: list[Work]) -> list[Facts]:
    """What a helper started afresh runs (by this name: check_here may be wrapped in this one)."""
    return check_here(work)


def _in_copy(start: int, end: int) -> list[Facts]:
    """What a forked helper runs: its part of the work its copy of this process holds."""
    return check_here(_FORKED_WORK[start:end])


def _bound_to_parent(parent: int) -> None:
    """In a helper, first: end when the process that started it ends, however it ends (killed
    too), rather than wait forever for work that will never come (Linux only: elsewhere only the
    process that started it ends it)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):  # no prctl to call: as elsewhere
            return
    if os.getppid() != parent:  # it ended before that took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _end_processes(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's helpers now, whatever they are doing (shutdown then only reaps them)."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((pool._processes or {}).values()):
        process.terminate()


class FactsOfAll:
    """The facts of each postmortem of a review, in order: those stored in the database under
    the key they still hold (`book`, pmdesk.review.stored) or remembered, the others checked (on
    idle cores too when there are many). What was not stored under its key goes into
    `book.to_keep` for the database; without a book, into the facts file for the next review
    (see pmdesk.review.facts_cache). Helpers start at once; `result` waits for them, so this
    process can work out the other figures meanwhile."""

    def __init__(self, pms: Sequence[Postmortem], book: FactsBook | None = None) -> None:
        self.book = book
        self.found: list[LanguageFacts | None] = []
        self.todo: list[tuple[int, str, Postmortem]] = []
        work: list[Work] = []
        refreshed = False
        for pm in pms:
            published, reviewed = flags(pm)
            key = facts_cache.key_of(pm, published=published, reviewed=reviewed)
            known = book.holding(pm.id, key) if book is not None and pm.id is not None else None
            if known is not None and fits(pm, known):
                # The review window works the figures out again after a save from the
                # postmortems it holds, without the database: in memory for that.
                facts_cache.FACTS.memory[key] = known
            else:
                known = facts_cache.FACTS.remembered(key)
                if known is None:
                    if not refreshed:  # the file is read only for what the database lacks
                        facts_cache.FACTS.refresh()
                        refreshed = True
                    known = facts_cache.FACTS.get(key)
                if known is not None and fits(pm, known):
                    self._keep(pm, key, known)
                else:
                    known = None
            if known is not None:
                self.found.append(from_facts(pm, known))
            else:
                self.todo.append((len(self.found), key, pm))
                self.found.append(None)
                work.append((pm, published, reviewed))
        self.checking = Checking(work)

    def _keep(self, pm: Postmortem, key: str, facts: Facts) -> None:
        if self.book is not None and pm.id is not None:
            self.book.to_keep[pm.id] = StoredFacts(key, *facts)

    def abandon(self) -> None:
        self.checking.abandon()

    def result(self) -> list[LanguageFacts]:
        checked = self.checking.result()
        for (index, key, pm), facts in zip(self.todo, checked, strict=True):
            plain = to_facts(pm, facts)
            facts_cache.FACTS.put(key, plain)
            self._keep(pm, key, plain)
            self.found[index] = facts
        if self.book is None:
            facts_cache.FACTS.save()
        return [f for f in self.found if f is not None]


def facts_of_all(pms: Sequence[Postmortem]) -> list[LanguageFacts]:
    """The facts of each postmortem of a review, in order (see FactsOfAll)."""
    return FactsOfAll(pms).result()
