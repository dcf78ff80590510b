"""Print how long PDF export takes for big postmortems (issue 7's speed target).

Target: 2,000 timeline events and 50 action items export within 3 s; 4,000 events within 2.2x
that time. Then long texts: a title, a summary and a timeline event of 20,000 characters up to
1 MB (10 MB with --huge), whose time should grow linearly with their length.
Run: .venv/bin/python benchmarks/report.py   (figures are printed, never asserted)
Pass --write DIR to keep the PDFs for a look.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmdesk.interchange import load_file
from pmdesk.model import ActionItem, ActionType, Marker, Postmortem, TimelineEvent
from pmdesk.paths import resource_path
from pmdesk.report.pdf import render_pdf

START = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)
GENERATED = datetime(2026, 4, 17, 9, 0, tzinfo=UTC)
TEXTS = (
    "Error rate sample {i}: 34% of card authorisations time out towards the processor",
    "Deploy step {i} of payment-service v2.4.1 finished on pod payment-{i}",
    "On-call note {i}: checked the processor status page, all green",
    "Alert {i} fired on payment-service; the page was routed to the secondary because the "
    "primary was already handling another incident and the escalation policy says so",
    "Чат {i}: откат запущен · Ελέγχθηκε ο πίνακας {i}",
)
MARKERS = (
    Marker.TRIGGER,
    Marker.DETECTION,
    Marker.ACKNOWLEDGEMENT,
    Marker.DIAGNOSIS,
    Marker.MITIGATION,
    Marker.RECOVERY,
    Marker.RESOLUTION,
)


def big_postmortem(events: int, actions: int = 50) -> Postmortem:
    """The sample postmortem with a long timeline (every 7th event with discussion)."""
    pm = load_file(resource_path("samples", "payment-service-outage.json"))
    step = timedelta(seconds=20)
    marked = {
        int(events * f): m
        for f, m in zip((0.05, 0.2, 0.25, 0.4, 0.5, 0.7, 0.9), MARKERS, strict=True)
    }
    pm.timeline = [
        TimelineEvent(
            at=START + i * step,
            text=TEXTS[i % len(TEXTS)].format(i=i),
            source=("monitoring", "alert", "deploy", "chat", "ticket")[i % 5],
            marker=marked.get(i),
            seen="The dashboard looked normal." if i % 7 == 0 else "",
            believed="A processor outage." if i % 7 == 0 else "",
            seq=i,
        )
        for i in range(events)
    ]
    pm.actions = [
        ActionItem(
            description=f"Action {i}: add a check to the deploy pipeline for configuration {i}",
            type=list(ActionType)[i % 3],
            owner=f"Owner {i}",
            deadline=date(2026, 5, 1) + timedelta(days=i),
        )
        for i in range(actions)
    ]
    return pm


def timed(pm: Postmortem, runs: int) -> tuple[float, int]:
    """Median seconds over `runs` exports (the machine is shared), and the PDF's size."""
    times = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        data = render_pdf(pm, generated=GENERATED)
        times.append(time.perf_counter() - started)
        size = len(data)
    return statistics.median(times), size


PROSE = (
    "The retry budget was exhausted because the queue consumer restarted under load, and the "
    "dashboard showed the average rather than the p99, so the spike stayed hidden for minutes. "
)


def long_texts(huge: bool) -> None:
    """Seconds per export with one very long field, by field and length."""
    sizes = [20_000, 80_000, 320_000, 1_000_000] + ([10_000_000] if huge else [])
    setters = {
        "title": lambda pm, text: setattr(pm, "title", text),
        "summary": lambda pm, text: setattr(pm, "summary", text),
        "event": lambda pm, text: setattr(pm.timeline[0], "text", text),
    }
    for name, setter in setters.items():
        figures = []
        for size in sizes:
            pm = load_file(resource_path("samples", "payment-service-outage.json"))
            setter(pm, (PROSE * (size // len(PROSE) + 1))[:size])
            started = time.perf_counter()
            render_pdf(pm, generated=GENERATED)
            figures.append(f"{size // 1000:,}k {time.perf_counter() - started:.2f} s")
        print(f"long {name:<8} " + "   ".join(figures))


def main() -> None:
    write = Path(sys.argv[sys.argv.index("--write") + 1]) if "--write" in sys.argv else None
    render_pdf(big_postmortem(20), generated=GENERATED)  # fonts and imports, once
    small, _ = timed(big_postmortem(12, 4), 5)
    print(f"sample-sized (12 events, 4 actions):  {small:.2f} s")
    results = {}
    for events in (2000, 4000):
        pm = big_postmortem(events)
        seconds, size = timed(pm, 5)
        results[events] = seconds
        print(
            f"{events:>5} events, 50 actions:  {seconds:.2f} s median of 5  ({size / 1e6:.1f} MB)"
        )
        if write is not None:
            write.mkdir(parents=True, exist_ok=True)
            (write / f"report-{events}.pdf").write_bytes(render_pdf(pm, generated=GENERATED))
    ratio = results[4000] / results[2000]
    print(f"ratio 4,000 / 2,000:  {ratio:.2f}x  (target: 2,000 within 3 s, ratio within 2.2x)")
    long_texts(huge="--huge" in sys.argv)


if __name__ == "__main__":
    main()
