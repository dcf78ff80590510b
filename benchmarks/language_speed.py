"""Speed of the blame-language engine on about 1 MB of realistic postmortem notes.

Usage: python benchmarks/language_speed.py [--size BYTES] [--repeat N]

Prints: the one-off cost of compiling the rules, the time to check the whole text in one call
(target < 1 s), and the per-line time when every line is checked on its own, as an editor's
highlighter does (median, 95th percentile and worst). The notes are generated from a fixed seed,
so runs are comparable: timeline lines, discussion, bullet lists, code spans, URLs, emoji, CJK,
and about one blaming sentence in twenty.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pmdesk.language import LintContext, RuleSet, default_rules, lint  # noqa: E402

NAMES = ("Ana", "Raj", "Lena", "Tom", "Wei", "Priya")
TIMELINE = [
    "{t} Deploy of payment-service v2.{n}.1 to production",
    "{t} error rate 0.1% -> {n}%",
    "{t} alert fires for p99 latency on /checkout",
    "{t} on-call acknowledges the page",
    "{t} {name} starts the rollback",
    "{t} rollback done, errors back to 0.2%",
    "{t} {name} joined the bridge and took over as incident commander",
    "{t} 🚨 page fired for disk usage on db-{n}",
]
DISCUSSION = [
    "The dashboard showed the average, not the p99, so the spike was hidden.",
    "{name} said the canary passed because weekend traffic was too low to reach significance.",
    "I assumed the flag was off because staging showed it off.",
    "The runbook said to restart the pods, which had worked the last three times.",
    "Replication lag grew to {n} minutes because the WAL sender limit was too low.",
    "We agreed to add a confirmation step to the bulk delete command.",
    "The migration tool gave no warning that the table had grown to {n}M rows.",
    "Run `kubectl rollout undo deploy/payments` to roll back; see https://wiki.example.com/runbooks/{n}.",
    "Both SSH sessions used an identical prompt, so db1 and db2 looked the same.",
    "The alert routed to a retired channel and nobody was paged for {n} minutes.",
    "数据库主节点在 {t} 切换，日志里没有报错。",
    "It made sense at the time to drain the node first.",
    "Latency rose to just under {n}00 ms at the 99th percentile.",
    "Owner: {name} — add a p99 latency alert at 500 ms on payment-service, due May {n}.",
]
BLAME = [
    "{name} should have known better than to deploy on a Friday.",
    "Honestly, this was human error and a careless mistake.",
    "Who approved this change?",
    "The root cause was {name}'s typo in the config.",
    "Be more careful with production next time.",
    "He just had to check the box.",
]


def realistic_notes(size: int, seed: int = 7, blame_share: float = 0.05) -> str:
    rng = random.Random(seed)
    lines: list[str] = []
    total = 0
    while total < size:
        roll = rng.random()
        if roll < blame_share:
            template = rng.choice(BLAME)
        elif roll < blame_share + (1 - blame_share) * 0.35:
            template = rng.choice(TIMELINE)
        else:
            template = rng.choice(DISCUSSION)
            if rng.random() < 0.3:
                template = "- " + template
        line = template.format(
            t=f"{rng.randrange(24):02d}:{rng.randrange(60):02d}",
            n=rng.randrange(2, 60),
            name=rng.choice(NAMES),
        )
        if rng.random() < 0.05:
            line = ""
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of notes (UTF-8)")
    parser.add_argument("--repeat", type=int, default=3, help="whole-text runs (best is shown)")
    args = parser.parse_args(argv)
    text = realistic_notes(args.size)
    context = LintContext(names=NAMES)

    started = time.perf_counter()
    rules = default_rules()
    fresh = RuleSet(
        rules=rules.rules,
        macros=rules.macros,
        lexicon=rules.lexicon,
        allowed_words=rules.allowed_words,
        allowed_patterns=rules.allowed_patterns,
    )
    lint("warm up", LintContext(names=NAMES, rules=fresh))
    compile_ms = (time.perf_counter() - started) * 1000

    whole: list[float] = []
    count = 0
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        count = len(lint(text, context))
        whole.append(time.perf_counter() - started)

    per_line: list[float] = []
    for line in text.split("\n"):
        started = time.perf_counter()
        lint(line, context)
        per_line.append(time.perf_counter() - started)
    per_line.sort()
    p95 = per_line[int(len(per_line) * 0.95)]

    size_mb = len(text.encode("utf-8")) / 1_000_000
    lines = text.count("\n") + 1
    print(f"text: {size_mb:.2f} MB, {lines} lines, {count} findings")
    print(f"load + compile rules (once per rule set): {compile_ms:.0f} ms")
    print(
        f"engine, whole text in one call: best {min(whole):.3f} s, worst {max(whole):.3f} s "
        "(target < 1 s)"
    )
    print(
        f"engine, one line at a time: median {statistics.median(per_line) * 1e6:.0f} µs, "
        f"p95 {p95 * 1e6:.0f} µs, worst {per_line[-1] * 1e3:.2f} ms, "
        f"total {sum(per_line):.3f} s"
    )
    dense = realistic_notes(args.size, seed=11, blame_share=0.5)
    started = time.perf_counter()
    dense_count = len(lint(dense, context))
    dense_s = time.perf_counter() - started
    print(f"stress, half the sentences blaming: {dense_s:.3f} s ({dense_count} findings)")
    print()
    print("editor figures (measured by the highlighter's own benchmark, not here):")
    print("  first highlight of 1 MB in QPlainTextEdit (target < 1.5 s): see the editor benchmark")
    print("  keystroke re-check of one block, median (target < 2 ms):    see the editor benchmark")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
