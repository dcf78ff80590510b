"""Where the blame-language rules spend their time on the speed benchmark's 1 MB of notes.

Usage: python benchmarks/language_rule_costs.py [--size BYTES] [--top N] [--rounds N]

Prints, for the rules that cost most, how often each was searched in a whole-text check (its
ending, "needs", first where it has one), in how many sentences it matched, how many findings it
gave, and the time of those searches (wall time around each regex call, so rough on a busy
machine). Then what the rules searched often that never matched cost the check as a whole: the
check is timed with and without them (alternating, best of --rounds; without them it finds less,
so this is only the most that better gates for them could save). Those are the rules a word gate
lets through and the regex turns down: the place for gates on word pairs or positions.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from re import Match, Pattern
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from language_speed import NAMES, _load, realistic_notes  # noqa: E402

from pmdesk.language import LintContext, _compiled, default_rules, engine, lint  # noqa: E402

# A rule searched at least this often and never matching is listed as one a gate should spare.
OFTEN = 300


@dataclass
class _Cost:
    searches: int = 0
    seconds: float = 0.0
    ending_searches: int = 0
    ending_seconds: float = 0.0
    matched: int = 0
    findings: int = 0


class _Timed:
    """A compiled pattern that counts and times its searches (for one rule's regex or ending)."""

    def __init__(self, real: Pattern[str], cost: _Cost, ending: bool) -> None:
        self.real = real
        self.cost = cost
        self.ending = ending

    def _count(self, started: float, found: bool) -> None:
        spent = time.perf_counter() - started
        if self.ending:
            self.cost.ending_searches += 1
            self.cost.ending_seconds += spent
        else:
            self.cost.searches += 1
            self.cost.seconds += spent
            self.cost.matched += found

    def search(self, *args: Any) -> Match[str] | None:
        started = time.perf_counter()
        found = self.real.search(*args)
        self._count(started, found is not None)
        return found

    def match(self, *args: Any) -> Match[str] | None:
        started = time.perf_counter()
        found = self.real.match(*args)
        self._count(started, found is not None)
        return found

    def finditer(self, *args: Any) -> Iterator[Match[str]]:
        started = time.perf_counter()
        found = list(self.real.finditer(*args))
        self._count(started, bool(found))
        return iter(found)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def rule_costs(text: str, context: LintContext) -> dict[str, _Cost]:
    """Each rule's searches, matches and findings in one whole-text check."""
    comp = _compiled._compile(default_rules())
    lint(text, context)  # every rule the text needs compiled, every cache warm
    costs: dict[str, _Cost] = defaultdict(_Cost)
    saved = [(rule, rule._regex, rule._needs) for rule in comp.rules]
    check = engine._check

    def counted(compiled: Any, match: Match[str], sentence: Any) -> Any:
        finding = check(compiled, match, sentence)
        costs[compiled.rule.id].findings += finding is not None
        return finding

    try:
        for rule, regex, needs in saved:
            cost = costs[rule.rule.id]
            if regex is not None:
                rule._regex = _Timed(regex, cost, ending=False)  # type: ignore[assignment]
            if needs is not None:
                rule._needs = _Timed(needs, cost, ending=True)  # type: ignore[assignment]
        engine._check = counted  # type: ignore[assignment]
        lint(text, context)
    finally:
        engine._check = check  # type: ignore[assignment]
        for rule, regex, needs in saved:
            rule._regex, rule._needs = regex, needs
    return costs


def _cpu(work: Any) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def without(text: str, context: LintContext, left_out: frozenset[str], rounds: int) -> None:
    """The whole check with and without some rules, alternating, best of rounds."""
    comp = _compiled._compile(default_rules())
    indexes = frozenset(i for i, rule in enumerate(comp.rules) if rule.rule.id in left_out)
    admitted = _compiled._Compiled.admitted

    def fewer(self: Any, words: set[str], gated: bool, skip: frozenset[int]) -> list[int]:
        return [i for i in admitted(self, words, gated, skip) if i not in indexes]

    with_them: list[float] = []
    without_them: list[float] = []
    try:
        for _ in range(rounds):
            _compiled._Compiled.admitted = admitted  # type: ignore[method-assign]
            with_them.append(_cpu(lambda: lint(text, context)))
            _compiled._Compiled.admitted = fewer  # type: ignore[method-assign]
            without_them.append(_cpu(lambda: lint(text, context)))
    finally:
        _compiled._Compiled.admitted = admitted  # type: ignore[method-assign]
    print(
        f"the whole check: CPU best {min(with_them):.3f} s; without those {len(left_out)} rules "
        f"{min(without_them):.3f} s (best of {rounds}, alternating)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of notes (UTF-8)")
    parser.add_argument("--top", type=int, default=20, help="rules listed, costliest first")
    parser.add_argument("--rounds", type=int, default=5, help="timed checks with and without")
    args = parser.parse_args(argv)
    print(_load("at the start"))
    text = realistic_notes(args.size)
    context = LintContext(names=NAMES)
    costs = rule_costs(text, context)
    ranked = sorted(costs.items(), key=lambda kv: -(kv[1].seconds + kv[1].ending_seconds))
    print(f"{'rule':34} {'endings':>8} {'searches':>8} {'matched':>7} {'found':>6} {'ms':>6}")
    for rule, cost in ranked[: args.top]:
        ms = (cost.seconds + cost.ending_seconds) * 1000
        print(
            f"{rule:34} {cost.ending_searches:8d} {cost.searches:8d} {cost.matched:7d} "
            f"{cost.findings:6d} {ms:6.1f}"
        )
    total = sum(c.seconds + c.ending_seconds for c in costs.values())
    print(f"all rules' searches and endings: {total * 1000:.0f} ms (wall, timed one by one)")
    never = {
        rule: cost
        for rule, cost in costs.items()
        if cost.searches + cost.ending_searches >= OFTEN and not cost.findings
    }
    spent = sum(c.seconds + c.ending_seconds for c in never.values())
    print(
        f"{len(never)} rules searched {OFTEN} times or more gave no finding: "
        f"{sum(c.searches + c.ending_searches for c in never.values())} searches, "
        f"{spent * 1000:.0f} ms of them"
    )
    without(text, context, frozenset(never), args.rounds)
    print(_load("at the end"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
