"""The engine's findings on a fixed body of text, recorded once and compared after a change.

Usage: python benchmarks/language_findings.py --write FILE    (record, e.g. on main)
       python benchmarks/language_findings.py --compare FILE  (after a change: 0 differences)

A speed change must not move a single finding. The body: the speed benchmark's 1 MB of notes
(with the attendee names, and again with the learned layer off), its blame-heavy notes (half the
sentences blaming), and every labelled set in benchmarks/language_sets, each sentence checked
alone (with whether a rule declined it, as the trainer asks) and the whole set as one text with
names, in the notes and in the action field. Every finding is kept whole: start, end, rule,
suggestion, text, category, severity and message.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pmdesk.language import Finding, LintContext, lint  # noqa: E402
from pmdesk.language.engine import rules_declined  # noqa: E402

SETS_DIR = ROOT / "benchmarks" / "language_sets"


def _bench(name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _row(finding: Finding) -> list[object]:
    return [
        finding.start,
        finding.end,
        finding.rule,
        finding.suggestion,
        finding.text,
        finding.category,
        finding.severity,
        finding.message,
    ]


def bodies() -> Iterator[tuple[str, list[object]]]:
    """Each named part of the body and what the engine says of it."""
    speed = _bench("language_speed")
    accuracy = _bench("language_accuracy")
    names = LintContext(names=speed.NAMES)  # type: ignore[attr-defined]
    notes = speed.realistic_notes(1_000_000)  # type: ignore[attr-defined]
    dense = speed.realistic_notes(1_000_000, seed=11, blame_share=0.5)  # type: ignore[attr-defined]
    rules_only = accuracy.rules_only()  # type: ignore[attr-defined]
    yield "notes 1 MB", [_row(f) for f in lint(notes, names)]
    yield "notes 1 MB, rules only", [_row(f) for f in lint(notes, rules_only)]
    yield "blame-heavy notes 1 MB", [_row(f) for f in lint(dense, names)]
    action = LintContext(names=speed.NAMES, field="action")  # type: ignore[attr-defined]
    for path in sorted(SETS_DIR.glob("*.jsonl")):
        texts = [str(r["text"]) for r in accuracy.load(path)]  # type: ignore[attr-defined]
        alone = [[_row(f) for f in lint(t)] + [rules_declined(t)] for t in texts]
        yield f"{path.stem}, each sentence alone", alone
        whole = "\n".join(texts)
        yield f"{path.stem}, as one text with names", [_row(f) for f in lint(whole, names)]
        yield f"{path.stem}, as one text, action field", [_row(f) for f in lint(whole, action)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", metavar="FILE", help="record the findings in FILE")
    group.add_argument("--compare", metavar="FILE", help="compare with the findings in FILE")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    found = dict(bodies())
    if args.write:
        Path(args.write).write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
        total = sum(len(v) for v in found.values())
        print(f"{len(found)} parts, {total} rows written to {args.write}")
        return 0
    recorded = json.loads(Path(args.compare).read_text(encoding="utf-8"))
    differences = 0
    for name in sorted(set(found) | set(recorded)):
        now, then = found.get(name), recorded.get(name)
        if now == then:
            print(f"  same: {name} ({len(now or [])} rows)")
            continue
        if now is None or then is None:
            print(f"  DIFFERENT: {name} is only in {'the record' if now is None else 'this run'}")
            differences += 1
            continue
        moved = [
            i
            for i in range(max(len(now), len(then)))
            if i >= len(now) or i >= len(then) or now[i] != then[i]
        ]
        differences += len(moved)
        print(
            f"  DIFFERENT: {name}: {len(moved)} rows differ ({len(then)} recorded, {len(now)} now)"
        )
        for i in moved[:3]:
            print(f"    row {i}: recorded {then[i] if i < len(then) else None}")
            print(f"    row {i}: now      {now[i] if i < len(now) else None}")
    print(f"{differences} differences ({time.perf_counter() - started:.1f} s)")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
