"""Time and peak memory of `pmdesk lint` on a large file of blame-heavy postmortem notes.

Usage: python benchmarks/lint_stream.py [--size MB] [--keep DIR] [--phases [--notes FILE]]

Writes about --size megabytes (default 20) of notes generated from a fixed seed, out of many
sentence templates (people named as the cause, hindsight, judgement words, "human error", root
cause, "who" questions, minimising words, vague actions, "listen for" cues, and plain facts),
grouped into paragraphs, bullet lists and timeline lines, then runs `pmdesk lint` on it as a
separate process, once with text output and once with --format json, and prints the wall time,
the peak resident memory and the size of the output. Figures are printed, never asserted.

--phases: instead, where the processor time of `pmdesk lint --jobs 1` goes, in a new process as
the command runs: start-up (imports), reading the file and cutting it into segments, the check,
and writing the findings as text and as JSON (--notes FILE: those notes instead, e.g. the 1 MB
that benchmarks/language_speed.py --write saves; best of three processes).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NAMES = ("Ana", "Raj", "Lena", "Tom", "Wei", "Priya", "Dave", "Sofia", "Kenji", "Marta")
SERVICES = ("payment-service", "checkout-api", "ledger", "auth-gateway", "search", "db-primary")
THINGS = ("migration", "config change", "deploy", "feature flag", "rollback", "failover")
BLAME = [
    "{name} ran the wrong {thing} against {service} and took it down.",
    "{name} should have known that the {thing} would lock the table.",
    "Honestly {name} was careless with the {thing} on {service}.",
    "The root cause was human error during the {thing}.",
    "Who approved this {thing} on a Friday afternoon?",
    "{name} just had to check the dashboard before the {thing}.",
    "It was obvious that {service} could not take the load.",
    "{name} failed to notice the alert for {service} for {n} minutes.",
    "A sloppy {thing} by {name} caused the {service} outage.",
    "{name} could have caught the typo in the {thing} during review.",
    "The on-call engineer was negligent and ignored the page from {service}.",
    "Simply restarting {service} would have fixed it, {name} only needed to try.",
    "The single root cause is that {name} skipped the checklist.",
]
ACTIONS = [
    "- Be more careful when running the {thing} on {service}.",
    "- More training for the on-call rotation on {service}.",
    "- Improve monitoring for {service}.",
    "- Better communication between the teams that own {service}.",
    "- Add a confirmation step to the {thing} script, owner {name}, due in {n} days.",
    "- Alert on p99 latency above {n}00 ms on {service}, owner {name}.",
]
CUES = [
    "I assumed the {thing} was safe because staging showed no errors.",
    "I didn't know {service} was connected to the {other} cache.",
    "The dashboard looked normal for {service} until minute {n}.",
]
FACTS = [
    "{t} Deploy of {service} v2.{n}.1 to production.",
    "{t} error rate on {service} rose from 0.1% to {n}%.",
    "{t} alert fired for {service}; the page went to the secondary.",
    "The {thing} touched {n} tables and held a lock for {n} seconds.",
    "Traffic to {service} doubled after the marketing email at {t}.",
    "The runbook for {service} was last updated {n} months ago.",
    "Retries from {other} multiplied the load on {service} by {n}.",
]


def sentence(rng: random.Random) -> str:
    group = rng.choices((BLAME, CUES, FACTS), weights=(5, 1, 4))[0]
    return rng.choice(group).format(
        name=rng.choice(NAMES),
        thing=rng.choice(THINGS),
        service=rng.choice(SERVICES),
        other=rng.choice(SERVICES),
        n=rng.randint(2, 90),
        t=f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
    )


def notes(size: int, seed: int = 14) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        kind = rng.random()
        if kind < 0.15:
            block = f"## {rng.choice(SERVICES)} incident {rng.randint(1, 9999)}"
        elif kind < 0.35:
            block = "\n".join(
                rng.choice(ACTIONS).format(
                    thing=rng.choice(THINGS),
                    service=rng.choice(SERVICES),
                    name=rng.choice(NAMES),
                    n=rng.randint(2, 30),
                )
                for _ in range(rng.randint(2, 5))
            )
        else:
            block = " ".join(sentence(rng) for _ in range(rng.randint(2, 7)))
        parts.append(block)
        total += len(block) + 2
    return "\n\n".join(parts) + "\n"


def measure(args: list[str]) -> tuple[float, float, int, int]:
    """Wall seconds, peak resident MB of the lint process, bytes written, exit status."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen([sys.executable, "-m", "pmdesk", "lint", *args], stdout=out)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        size = out.tell()
    return seconds, usage.ru_maxrss / 1024, size, child.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=float, default=20.0, help="megabytes of notes")
    parser.add_argument("--keep", type=Path, help="folder to keep the generated notes in")
    parser.add_argument("--phases", action="store_true", help="where lint's time goes")
    parser.add_argument("--notes", type=Path, help="with --phases: these notes, not generated")
    options = parser.parse_args()
    if options.phases:
        phases(options.notes, int(options.size * 1_000_000))
        return
    folder = options.keep or Path(tempfile.mkdtemp(prefix="pmdesk-lint-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "notes.md"
    text = notes(int(options.size * 1_000_000))
    path.write_text(text, encoding="utf-8")
    print(f"{path}: {len(text.encode()) / 1e6:.1f} MB, {text.count(chr(10)):,} lines")
    print(_load())
    for label, extra in (("text", []), ("json", ["--format", "json"])):
        seconds, peak, size, status = measure([*extra, str(path)])
        print(
            f"{label:>5}: {seconds:6.1f} s  peak {peak:7.0f} MB  "
            f"output {size / 1e6:6.1f} MB  exit {status}"
        )
    print(_load())


# Run in a new process, as `pmdesk lint --jobs 1 FILE` does its work (see pmdesk/cli/lint.py).
_PHASES = """
import io, sys, time
clock = time.process_time
started = clock()
from pmdesk.cli import lint as command
from pmdesk.language import LintContext, lint, shared_sentences
from pmdesk.language._lint_input import segments
imported = clock()
parts = list(segments(command._file_blocks(command.Path(sys.argv[1]))))
read = clock()
with shared_sentences():
    found = [(part, lint(part.text, LintContext())) for part in parts]
checked = clock()
times = []
for out in (command._TextOut(io.StringIO()), command._JsonOut(io.StringIO())):
    begun = clock()
    out.begin(sys.argv[1])
    for part, findings in found:
        out.findings(part, findings)
    out.end()
    out.close()
    times.append(clock() - begun)
print(imported - started, read - imported, checked - read, *times, sum(len(f) for _, f in found))
"""


def phases(path: Path | None, size: int, runs: int = 3) -> None:
    """Processor time of each part of `pmdesk lint`, best of `runs` new processes."""
    with tempfile.TemporaryDirectory() as folder:
        if path is None:
            path = Path(folder) / "notes.md"
            path.write_text(notes(size), encoding="utf-8")
        found = []
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, "-c", _PHASES, str(path)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=True,
            )
            found.append([float(value) for value in done.stdout.split()])
        megabytes = path.stat().st_size / 1e6
    best = [min(values) for values in zip(*found, strict=True)]
    print(f"{path}: {megabytes:.2f} MB, {int(best[-1]):,} findings; {_load()}")
    labels = ("start-up (imports)", "reading, segments", "the check", "text out", "JSON out")
    for label, seconds in zip(labels, best, strict=False):
        print(f"  {label:>20}: {seconds:6.3f} s CPU")


def _load() -> str:
    """Wall times on 2 shared cores compare only under similar load."""
    one, five, fifteen = os.getloadavg()
    return (
        f"load average: {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min; {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
