"""Print how fast the timeline core is on large inputs (issue 4's scale targets).

Targets: pasting 5,000 lines parses within 0.5 s; 10,000 events load and sort within 1 s.
Run: .venv/bin/python benchmarks/timeline.py   (figures are printed, never asserted)
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmdesk.document import Document
from pmdesk.model import Postmortem
from pmdesk.timeline_io import load_timeline_file, parse_paste

START = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)
SHAPES = (
    "{hm} — Deploy step {i} of payment-service v2.4.1",
    "[{hms}] error rate sample {i}: 34%",
    "{iso} alert {i} fired on payment-service",
    "{hm} - on-call note {i}",
)


def best_of(runs: int, action: Callable[[], object]) -> tuple[float, float]:
    """Best and median wall time in seconds over `runs` runs."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def paste_text(lines: int) -> str:
    out = []
    for i in range(lines):
        at = START + timedelta(seconds=7 * i)
        if i % 10 == 9:
            out.append(f"Ana Souza  {at.strftime('%I:%M %p').lstrip('0')}")
            out.append(f"chat message {i} about the rollback")
            continue
        shape = SHAPES[i % len(SHAPES)]
        out.append(
            shape.format(
                i=i,
                hm=at.strftime("%H:%M"),
                hms=at.strftime("%H:%M:%S"),
                iso=at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            )
        )
    return "\n".join(out[:lines])


def write_files(folder: Path, count: int) -> tuple[Path, Path]:
    # Written out of order, so the sort has work to do.
    order = [(i * 7919) % count for i in range(count)]
    csv_path = folder / "events.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "message", "source"])
        for i in order:
            at = START + timedelta(seconds=3 * i)
            writer.writerow([at.strftime("%Y-%m-%dT%H:%M:%SZ"), f"event {i}", "monitoring"])
    json_path = folder / "events.json"
    items = [
        {
            "time": (START + timedelta(seconds=3 * i)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "text": f"event {i}",
        }
        for i in order
    ]
    json_path.write_text(json.dumps(items), encoding="utf-8")
    return csv_path, json_path


def main() -> None:
    print("Timeline core")
    text = paste_text(5000)
    zones: tuple[tuple[str, tzinfo | None], ...] = (
        ("UTC", UTC),
        ("Europe/Berlin", ZoneInfo("Europe/Berlin")),
        ("local", None),
    )
    for zone_label, zone in zones:
        result = parse_paste(text, previous=None, day=date(2026, 4, 15), tz=zone)
        best, median = best_of(
            5, partial(parse_paste, text, previous=None, day=date(2026, 4, 15), tz=zone)
        )
        print(
            f"  paste 5,000 lines ({zone_label} zone) -> {len(result.events)} events, "
            f"{len(result.problems)} problems: "
            f"best {best * 1000:.0f} ms, median {median * 1000:.0f} ms (target 500 ms)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, json_path = write_files(Path(tmp), 10_000)
        for label, path in (("CSV", csv_path), ("JSON", json_path)):
            best, median = best_of(3, partial(load_timeline_file, path, tz=UTC))
            print(
                f"  import 10,000 events from {label} (parse + sort): "
                f"best {best * 1000:.0f} ms, median {median * 1000:.0f} ms (target 1000 ms)"
            )
        events = load_timeline_file(csv_path, tz=UTC)

        def into_document() -> None:
            Document(Postmortem(timeline=list(events)))

        best, median = best_of(5, into_document)
        print(
            f"  sort 10,000 events into a Document: "
            f"best {best * 1000:.0f} ms, median {median * 1000:.0f} ms"
        )

    # ------------------------------------------------------------------------------------
    # Timeline editor (Qt) figures: the GUI engineer adds them here, for example
    # model load of 10,000 rows, sort by time, scroll to the end, paste-preview of 5,000
    # lines. Keep each as one printed line in the same "best / median" form.
    # ------------------------------------------------------------------------------------
    print("Timeline editor")
    print("  (not measured yet: added with the Qt table editor)")


if __name__ == "__main__":
    main()
