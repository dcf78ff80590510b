"""Accuracy on the shared development corpus, when it is present (it lives outside the repo)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmdesk.language import is_blame, lint

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "language" / "dev_corpus.jsonl"


@pytest.mark.skipif(not CORPUS.exists(), reason=f"development corpus not found at {CORPUS}")
def test_dev_corpus_meets_the_accuracy_targets() -> None:
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    tp = fp = fn = spans = spans_hit = 0
    for record in records:
        blame = [f for f in lint(record["text"]) if is_blame(f)]
        gold = record["label"] == "blame"
        tp += gold and bool(blame)
        fp += (not gold) and bool(blame)
        fn += gold and not blame
        for start, end in record.get("spans", []) if gold else []:
            spans += 1
            spans_hit += any(f.start < end and f.end > start for f in blame)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    overlap = spans_hit / spans if spans else 1.0
    assert precision >= 0.95, f"precision {precision:.3f}"
    assert recall >= 0.90, f"recall {recall:.3f}"
    assert overlap >= 0.90, f"span overlap {overlap:.3f}"
