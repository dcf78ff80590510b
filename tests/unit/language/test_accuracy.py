"""Accuracy on the labelled sets kept in benchmarks/language_sets/ (see language_accuracy.py).

dev and tune are the sets the rules were written and tuned against, so they must stay at the
targets; holdout is frozen and only ever scored by the benchmark, never asserted here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmdesk.language import is_blame, lint

SETS = Path(__file__).resolve().parents[3] / "benchmarks" / "language_sets"


@pytest.mark.parametrize("name", ["dev", "tune"])
def test_labelled_set_meets_the_accuracy_targets(name: str) -> None:
    path = SETS / f"{name}.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    tp = fp = fn = 0
    for record in records:
        flagged = any(is_blame(f) for f in lint(record["text"]))
        gold = record["label"] == "blame"
        tp += gold and flagged
        fp += (not gold) and flagged
        fn += gold and not flagged
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    assert precision >= 0.95, f"{name}: precision {precision:.3f}"
    assert recall >= 0.90, f"{name}: recall {recall:.3f}"
