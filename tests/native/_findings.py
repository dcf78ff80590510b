"""Run in a new process by test_compiled_engine: the findings of the engine this process loads
(compiled or pure, as PMDESK_PURE and the build decide) on the benchmark's realistic notes, as
JSON on stdout, with where the engine came from."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pmdesk.language import LintContext, lint  # noqa: E402
from pmdesk.language import engine as _engine  # noqa: E402
from pmdesk.language._native import is_compiled  # noqa: E402


def _notes(size: int) -> str:
    spec = importlib.util.spec_from_file_location(
        "language_speed", ROOT / "benchmarks" / "language_speed.py"
    )
    assert spec is not None and spec.loader is not None
    speed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(speed)
    notes: str = speed.realistic_notes(size)
    return notes


def main() -> None:
    size = int(sys.argv[1])
    text = _notes(size)
    names = ("Ana", "Raj", "Lena", "Tom", "Wei", "Priya")
    found = {
        "whole text": lint(text, LintContext(names=names)),
        # A lines on its own, as the editor checks them, in an action item.
        "line by line, as actions": [
            finding
            for line in text.split("\n")[:3000]
            for finding in lint(line, LintContext(names=names, field="action"))
        ],
    }
    json.dump(
        {
            "engine": _engine.__file__,
            "compiled": is_compiled(_engine),
            "findings": {k: [dataclasses.astuple(f) for f in v] for k, v in found.items()},
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
