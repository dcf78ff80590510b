"""Accuracy of the blame-language check on a labelled corpus (JSON lines).

Usage: python benchmarks/language_accuracy.py [CORPUS] [--split all|dev|holdout] [--quiet]

Sentence level: a sentence counts as flagged when it has any blame finding (listen_for does not
count). Span level: the share of gold blame spans overlapped by a blame finding. Also reports how
many "listen for" cue spans the positive rules catch. Targets: precision >= 0.95, recall >= 0.90,
span overlap >= 0.90. The holdout split (every fifth id) is for checking rules on lines that were
not looked at while writing them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pmdesk.language import Finding, is_blame, lint  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "language" / "dev_corpus.jsonl"


def _in_split(record: dict[str, object], split: str) -> bool:
    if split == "all":
        return True
    digits = "".join(ch for ch in str(record.get("id", "")) if ch.isdigit())
    holdout = bool(digits) and int(digits) % 5 == 0
    return holdout if split == "holdout" else not holdout


def _overlaps(span: list[int], findings: list[Finding]) -> bool:
    return any(f.start < span[1] and f.end > span[0] for f in findings)


def _show(finding: Finding) -> str:
    return f"{finding.category}/{finding.rule} [{finding.start},{finding.end}) {finding.text!r}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--split", choices=("all", "dev", "holdout"), default="all")
    parser.add_argument("--quiet", action="store_true", help="figures only, no list of misses")
    args = parser.parse_args(argv)
    path = Path(args.corpus)
    if not path.exists():
        print(f"corpus not found: {path}", file=sys.stderr)
        return 2
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    records = [r for r in records if _in_split(r, args.split)]

    tp = fp = fn = tn = 0
    spans_total = spans_hit = cues_total = cues_hit = 0
    false_positives: list[str] = []
    false_negatives: list[str] = []
    missed_spans: list[str] = []
    per_category: Counter[str] = Counter()
    per_category_hit: Counter[str] = Counter()
    for record in records:
        text = record["text"]
        findings = lint(text)
        blame = [f for f in findings if is_blame(f)]
        listen = [f for f in findings if f.category == "listen_for"]
        gold = record["label"] == "blame"
        flagged = bool(blame)
        per_category[record["category"]] += 1
        if gold == flagged:
            per_category_hit[record["category"]] += 1
        if gold and flagged:
            tp += 1
        elif gold:
            fn += 1
            false_negatives.append(f"  {record['id']} [{record['category']}] {text}")
        elif flagged:
            fp += 1
            shown = "; ".join(_show(f) for f in blame)
            false_positives.append(
                f"  {record['id']} [{record['category']}] {text}\n      -> {shown}"
            )
        else:
            tn += 1
        for span in record.get("spans", []) if gold else []:
            spans_total += 1
            if _overlaps(span, blame):
                spans_hit += 1
            elif flagged:
                missed_spans.append(
                    f"  {record['id']} {text[span[0] : span[1]]!r} in: {text}\n"
                    f"      found: {'; '.join(_show(f) for f in blame)}"
                )
        for span in record.get("cue_spans", []):
            cues_total += 1
            cues_hit += _overlaps(span, listen)

    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    span_rate = spans_hit / spans_total if spans_total else 1.0
    print(f"corpus: {path} ({len(records)} sentences, split={args.split})")
    print(f"sentence precision: {precision:.3f}  (target >= 0.95; tp={tp} fp={fp})")
    print(f"sentence recall:    {recall:.3f}  (target >= 0.90; fn={fn})")
    print(f"span overlap:       {span_rate:.3f}  (target >= 0.90; {spans_hit}/{spans_total})")
    if cues_total:
        print(f"listen-for cues:    {cues_hit}/{cues_total} cue spans highlighted (informational)")
    print("per corpus category (correct/total):")
    for category in sorted(per_category):
        print(f"  {category:24} {per_category_hit[category]}/{per_category[category]}")
    if not args.quiet:
        for title, lines in (
            ("false positives (clean sentences flagged)", false_positives),
            ("false negatives (blame sentences not flagged)", false_negatives),
            ("missed spans in flagged sentences", missed_spans),
        ):
            print(f"\n{title}: {len(lines)}")
            for line in lines:
                print(line)
    ok = precision >= 0.95 and recall >= 0.90 and span_rate >= 0.90
    print("\nall targets met" if ok else "\ntargets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
