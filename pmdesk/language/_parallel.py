"""`pmdesk lint` of a long input on several processor cores.

The input already comes in segments that end at paragraph breaks (see _lint_input.py), and the
check of one segment never looks at another, so helper processes can check some segments while
this process checks others; the findings come back in the order of the input, exactly as one
process would find them. An input of one segment (about a quarter of a megabyte) never starts a
helper, so short files pay nothing. One segment per process is read ahead, so memory stays flat
and findings still come out while the input is being read. If a helper cannot start or fails,
its segment is checked here instead.

On Linux a helper is a copy (fork) of this process made once the rules are read and compiled, so
it starts checking at once; a helper started afresh (spawn, elsewhere, or while this process runs
other threads, whose locks a copy could inherit held) first imports pmdesk and reads the rules,
about a third of a second on a 2-core laptop.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmdesk.language import Finding, LintContext, lint, shared_sentences
from pmdesk.language._compiled import _compile
from pmdesk.language._learned import shipped_model
from pmdesk.language._lint_input import Segment
from pmdesk.language._patterns import read_cache
from pmdesk.language.rules import LEARNED_ID, default_rules, load_rules

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# More helpers than this gain little: writing the findings out takes its share of the time too.
MOST_HELPERS = 3


@dataclass(frozen=True)
class LintJob:
    """What a helper needs to check text as this process does (it cannot be handed the rules)."""

    names: tuple[str, ...]
    field: str
    rules_file: str | None

    def context(self) -> LintContext:
        rules = default_rules()
        if self.rules_file:
            rules = rules.merged(load_rules(self.rules_file))
        return LintContext(names=self.names, field=self.field, rules=rules)


def idle_cores() -> tuple[int, int]:
    """(cores this process may run on, how many of them are idle now by the load average); (1, 0)
    in a frozen (PyInstaller) build, which cannot start Python helpers the same way."""
    if getattr(sys, "frozen", False):
        return 1, 0
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    try:
        idle = int(cores - os.getloadavg()[0])
    except (AttributeError, OSError):  # pragma: no cover - no load average on this system
        idle = cores - 1
    return cores, idle


def default_processes() -> int:
    """This process and a helper per further core that is idle now, up to MOST_HELPERS helpers
    (on a machine already busy, helpers only compete for the same cores); one in a frozen
    (PyInstaller) build."""
    cores, idle = idle_cores()
    return 1 + max(0, min(cores - 1, MOST_HELPERS, idle))


def checked(
    segments: Iterable[Segment], context: LintContext, job: LintJob, processes: int
) -> Iterator[tuple[Segment, list[Finding]]]:
    """Each segment with its findings, in input order."""
    source = iter(segments)
    first = next(source, None)
    if first is None:
        return
    second = next(source, None)
    if second is None or processes <= 1:
        yield first, lint(first.text, context)
        if second is not None:
            yield second, lint(second.text, context)
            for segment in source:
                yield segment, lint(segment.text, context)
        return
    # Imported here: a short input, the common case, never needs them (about 15 ms at start-up).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    helpers = processes - 1
    method = start_method()
    if method == "fork":
        _ready_to_copy(context)
    pool = ProcessPoolExecutor(
        helpers,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_helper,
        initargs=(job,),
    )
    window: deque[tuple[Segment, Future[list[Finding]] | None]] = deque()
    count = 0

    def add(segment: Segment) -> None:
        nonlocal count
        # Every `processes`-th segment is checked here, the others by the helpers.
        mine = count % processes == 0
        window.append((segment, None if mine else _submit(pool, segment.text)))
        count += 1

    try:
        add(first)
        add(second)
        for segment in source:
            while len(window) >= processes:
                yield _result(window.popleft(), context)
            add(segment)
        while window:
            yield _result(window.popleft(), context)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def start_method() -> str:
    """How helpers start: "fork" on Linux while this process runs a single thread, else
    "spawn"."""
    if not sys.platform.startswith("linux"):
        return "spawn"
    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError:
        return "spawn"
    return "fork" if threads == 1 else "spawn"


def _ready_to_copy(context: LintContext) -> None:
    """Read and compile what every helper needs, so copies of this process have it too."""
    rules = context.rules or default_rules()
    _compile(rules)
    if LEARNED_ID not in rules.disabled:
        shipped_model()
    read_cache()


def _submit(pool: ProcessPoolExecutor, text: str) -> Future[list[Finding]] | None:
    try:
        return pool.submit(_check, text)
    except RuntimeError:  # the pool broke (a helper could not start): check it here
        return None


def _result(
    entry: tuple[Segment, Future[list[Finding]] | None], context: LintContext
) -> tuple[Segment, list[Finding]]:
    segment, future = entry
    if future is not None:
        try:
            return segment, future.result()
        except Exception:  # a helper that failed: the same check, in this process
            pass
    return segment, lint(segment.text, context)


_HELPER_CONTEXT: LintContext | None = None
# A helper remembers the sentences it checked for its whole life, as this process does.
_HELPER_MEMORY = ExitStack()


def _start_helper(job: LintJob) -> None:
    global _HELPER_CONTEXT
    _HELPER_CONTEXT = job.context()
    _HELPER_MEMORY.enter_context(shared_sentences())


def _check(text: str) -> list[Finding]:
    assert _HELPER_CONTEXT is not None, "the helper was started without its job"
    return lint(text, _HELPER_CONTEXT)
