"""`pmdesk lint` of a long input on several processor cores.

The input already comes in segments that end at paragraph breaks (see _lint_input.py), and the
check of one segment never looks at another, so helper processes can check some segments while
this process checks others; the findings come back in the order of the input, exactly as one
process would find them. An input of one segment (about 64,000 characters) never starts a
helper, so short files pay nothing. Segments are handed out as the processes are ready for them,
so a helper slowed by a busy machine takes fewer; a few per process are read ahead, so memory
stays flat and findings still come out while the input is being read. If a helper cannot start,
fails or falls far behind, its segment is checked here instead; a copy (fork) of this process
that comes to such a segment later leaves it, rather than checking it again while this process
waits for it to finish before ending.

On Linux a helper is a copy (fork) of this process made once the rules are read and compiled, so
it starts checking at once; a helper started afresh (spawn, elsewhere, or while this process runs
other threads, whose locks a copy could inherit held) first imports pmdesk and reads the rules,
about a third of a second on a 2-core laptop.
"""

from __future__ import annotations

import mmap
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import chain
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
# The segments this process last checked itself while a helper held them (see _Shares.overtake).
_OVERTAKEN = 16


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


# Processor time counted since boot, all cores together: (idle, all), in clock ticks.
CpuSample = tuple[int, int]
# Fewer ticks than this between two samples (about 50 ms of 2 cores) tell too little about idle
# cores: the load average decides instead.
_FEWEST_TICKS = 10


def cpu_sample() -> CpuSample | None:
    """Idle and all processor time so far, from /proc/stat (Linux); None elsewhere."""
    try:
        with open("/proc/stat", "rb") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    if fields[:1] != [b"cpu"] or len(fields) < 6:
        return None
    # user nice system idle iowait irq softirq steal (guest time is inside user and nice)
    ticks = [int(value) for value in fields[1:9]]
    return ticks[3] + ticks[4], sum(ticks)


def idle_cores(since: CpuSample | None = None) -> tuple[int, int]:
    """(cores this process may run on, how many of them are idle now); (1, 0) in a frozen
    (PyInstaller) build, which cannot start Python helpers the same way.

    Idle now: measured from `since` (a cpu_sample taken while this process was busy) to now,
    when that is long enough to tell. Else the load average, which lags by a minute and counts
    work that has ended: the runs of this same command a moment ago (and their helpers), so a
    command run twice in a row would refuse itself a core nobody is using.
    """
    if getattr(sys, "frozen", False):
        return 1, 0
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    now = cpu_sample() if since is not None else None
    if since is not None and now is not None and now[1] - since[1] >= _FEWEST_TICKS:
        share = (now[0] - since[0]) / (now[1] - since[1])
        # /proc/stat counts every core of the machine; half a core idle or more counts as one.
        return cores, int(share * (os.cpu_count() or cores) + 0.5)
    try:
        idle = int(cores - os.getloadavg()[0])
    except (AttributeError, OSError):  # pragma: no cover - no load average on this system
        idle = cores - 1
    return cores, idle


def default_processes(since: CpuSample | None = None) -> int:
    """This process and a helper per further core that is idle now (see idle_cores), up to
    MOST_HELPERS helpers; one in a frozen (PyInstaller) build. On a machine already busy a
    helper gains nothing: it competes for a core with other work, and checks its share slower
    than this process, which has read more of the input's words already."""
    cores, idle = idle_cores(since)
    return 1 + max(0, min(cores - 1, MOST_HELPERS, idle))


def checked(
    segments: Iterable[Segment],
    context: LintContext,
    job: LintJob,
    processes: int | None,
    since: CpuSample | None = None,
) -> Iterator[tuple[Segment, list[Finding]]]:
    """Each segment with its findings, in input order. processes None: decided once the input
    proves longer than a segment, by the cores idle since `since` (see default_processes)."""
    source = iter(segments)
    first = next(source, None)
    if first is None:
        return
    second = next(source, None)
    if second is None or processes == 1:
        yield from _here_only(first, second, source, context)
        return
    shares = _Shares(context)
    method = start_method()
    if method == "fork":
        _ready_to_copy(context)
        # The first segment is checked before the copies are made: they start with what it
        # taught this process of the input's words, which a process otherwise learns slowly.
        # The cores stayed idle or not while it was checked, which tells whether to make any.
        yield first, shares.here(first)
        first = None
    helpers = (processes or default_processes(since)) - 1
    if helpers < 1:
        yield from _here_only(first, second, source, context)
        return
    # Imported here: a short input, the common case, never needs them (about 15 ms at start-up).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    shares.helpers = helpers
    if method == "fork":  # memory copies of this process share with it
        shares.overtaken = memoryview(mmap.mmap(-1, 8 * _OVERTAKEN)).cast("q")
    shares.pool = ProcessPoolExecutor(
        helpers,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_helper,
        initargs=(job, shares.overtaken),
    )
    try:
        rest = chain((second,), source) if first is None else chain((first, second), source)
        yield from shares.checked(rest)
        # Every segment is checked: the helpers are idle and leave at once, or one finishes a
        # segment overtaken here (the exit would wait for it all the same). Waiting for them
        # here leaves no thread behind, so `pmdesk lint` may end without the interpreter's
        # teardown (pmdesk.cli.dispatch._leave_now).
        shares.pool.shutdown(wait=True, cancel_futures=True)
    finally:
        shares.pool.shutdown(wait=False, cancel_futures=True)


def _here_only(
    first: Segment | None, second: Segment | None, rest: Iterator[Segment], context: LintContext
) -> Iterator[tuple[Segment, list[Finding]]]:
    """The segments from `first` (None: already checked) on, all checked in this process."""
    for segment in chain((first, second), rest):
        if segment is not None:
            yield segment, lint(segment.text, context)


class _Work:
    """A segment read ahead: the helper checking it, if any, and its findings once known."""

    __slots__ = ("findings", "future", "segment")

    def __init__(self, segment: Segment) -> None:
        self.segment = segment
        self.future: Future[list[Finding] | None] | None = None
        self.findings: list[Finding] | None = None


class _Shares:
    """Segments handed out as they are wanted: each helper has at most two at a time (the one
    it checks and the next), and this process checks the first one nobody has taken whenever
    it would otherwise wait. A helper that falls behind (a busy machine) is overtaken: a segment
    it still holds when nothing else is left is checked here too, once this process has waited
    about as long as checking it here takes. Findings come out in input order."""

    pool: ProcessPoolExecutor

    def __init__(self, context: LintContext) -> None:
        self.helpers = 0  # set, with the pool, once the helpers are wanted
        self.context = context
        self.window: deque[_Work] = deque()
        # The segments handed to helpers and not checked yet (overtaken ones included).
        self.out: set[Future[list[Finding] | None]] = set()
        # Where the segments this process overtook begin, plus one (0: no segment), shared with
        # helpers that are copies of this process; None with helpers started afresh.
        self.overtaken: memoryview | None = None
        self.overtakes = 0
        self.broken = False
        self.exhausted = False  # every segment has been read
        # This process's seconds per character checked, to tell how long to wait for a helper.
        self.pace = 0.0

    def checked(self, segments: Iterator[Segment]) -> Iterator[tuple[Segment, list[Finding]]]:
        window = self.window
        # Enough read ahead that this process has a segment of its own to check while each
        # helper has two.
        ahead = 3 * (self.helpers + 1)
        while True:
            while len(window) < ahead and not self.exhausted:
                segment = next(segments, None)
                if segment is None:
                    self.exhausted = True
                else:
                    window.append(_Work(segment))
            if not window:
                return
            self._hand_out()
            head = window[0]
            if head.findings is None and not self._settle(head):
                continue
            window.popleft()
            assert head.findings is not None
            yield head.segment, head.findings

    def _hand_out(self) -> None:
        """Give each helper work up to two segments, from the earliest after the first (which
        this process is about to want)."""
        out = self.out = {future for future in self.out if not future.done()}
        for work in list(self.window)[1:]:
            if len(out) >= 2 * self.helpers or self.broken:
                return
            if work.future is None and work.findings is None:
                work.future = _submit(self.pool, work.segment)
                if work.future is None:
                    self.broken = True  # the pool cannot start a helper: all is checked here
                    return
                out.add(work.future)

    def _settle(self, head: _Work) -> bool:
        """Work towards the first segment's findings; whether they are known now."""
        future = head.future
        if future is None:
            head.findings = self.here(head.segment)
            return True
        if not future.done():
            spare = next((w for w in self.window if w.future is None and w.findings is None), None)
            if spare is not None:
                spare.findings = self.here(spare.segment)
                return False
            if self.exhausted:
                # Nothing more to read: the helpers' last segment not begun is likely waiting
                # behind another, so it is checked here rather than waited for.
                last = next(w for w in reversed(self.window) if w.findings is None)
                if last is not head:
                    last.findings = self.overtake(last.segment)
                    return False
            wait = max(0.05, self.pace * len(head.segment.text))
            try:
                found = future.result(timeout=wait)
            except TimeoutError:
                head.findings = self.overtake(head.segment)  # the helper fell behind
                return True
            except Exception:
                found = None
        else:
            try:
                found = future.result()
            except Exception:
                found = None
        # None: a helper that failed (or left the segment, which only an overtaken one is):
        # the same check, in this process.
        head.findings = self.here(head.segment) if found is None else found
        return True

    def overtake(self, segment: Segment) -> list[Finding]:
        """Check here a segment a helper holds; a helper that has not begun it leaves it."""
        if self.overtaken is not None:
            self.overtaken[self.overtakes % _OVERTAKEN] = segment.offset + 1
            self.overtakes += 1
        return self.here(segment)

    def here(self, segment: Segment) -> list[Finding]:
        started = time.perf_counter()
        findings = lint(segment.text, self.context)
        if segment.text:
            pace = (time.perf_counter() - started) / len(segment.text)
            self.pace = pace if not self.pace else (self.pace + pace) / 2
        return findings


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


def _submit(pool: ProcessPoolExecutor, segment: Segment) -> Future[list[Finding] | None] | None:
    try:
        return pool.submit(_check, segment.text, segment.offset)
    except RuntimeError:  # the pool broke (a helper could not start): check it here
        return None


_HELPER_CONTEXT: LintContext | None = None
_HELPER_OVERTAKEN: memoryview | None = None
# A helper remembers the sentences it checked for its whole life, as this process does.
_HELPER_MEMORY = ExitStack()


def _start_helper(job: LintJob, overtaken: memoryview | None) -> None:
    global _HELPER_CONTEXT, _HELPER_OVERTAKEN
    _HELPER_CONTEXT = job.context()
    _HELPER_OVERTAKEN = overtaken
    _HELPER_MEMORY.enter_context(shared_sentences())


def _check(text: str, offset: int) -> list[Finding] | None:
    """The findings of the segment at offset; None if this process has checked it meanwhile
    (its start is among the overtaken ones, see _Shares.overtake)."""
    assert _HELPER_CONTEXT is not None, "the helper was started without its job"
    overtaken = _HELPER_OVERTAKEN
    if overtaken is not None and offset + 1 in overtaken:
        return None
    return lint(text, _HELPER_CONTEXT)
