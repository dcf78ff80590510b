"""Print how fast the timeline core is on large inputs (issue 4's scale targets).

Targets: pasting 5,000 lines parses within 0.5 s; 10,000 events load and sort within 1 s;
a zipped Slack export with 50,000 messages in one channel imports within 2 s.
A long timeline through the main window (1,000 and 10,000 events): import, edit one time, shift
every time by +5 min, delete a tenth, undo, redo, the saves after them, reopen, and the first save
after a restart (which merges with what is stored). Each figure is how long the window was frozen
(the action, the screens following it, the repaint): what the facilitator feels. --only-window
runs just those, --runs N of each (best and median).
Run: .venv/bin/python benchmarks/timeline.py [--only-window] [--runs 3] [--sizes 1000,10000]
(figures are printed, never asserted)
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmdesk.document import Document
from pmdesk.model import Postmortem, TimelineEvent
from pmdesk.timeline.contributions import merge, write_sheets
from pmdesk.timeline.load import detect_format, load_timeline_file
from pmdesk.timeline.paste import parse_paste

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


def write_slack_export(target: Path, messages: int) -> Path:
    """A zipped Slack export: users, channels and one channel with `messages` over 25 days."""
    users = [
        {"id": f"U{n:04d}", "name": f"user{n}", "profile": {"real_name": f"Person {n}"}}
        for n in range(40)
    ]
    per_day = messages // 25
    start = int(START.timestamp())
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("users.json", json.dumps(users))
        archive.writestr("channels.json", json.dumps([{"id": "C0001", "name": "inc-payments"}]))
        for day in range(25):
            batch = []
            for k in range(per_day):
                i = day * per_day + k
                ts = f"{start + day * 86400 + k}.{i:06d}"
                message = {"type": "message", "user": f"U{i % 40:04d}", "ts": ts}
                message["text"] = (
                    f"<@U{(i + 1) % 40:04d}> step {i} &amp; <https://x.example/{i}|dash>"
                )
                if i % 9 == 0:
                    message["subtype"] = "channel_join"
                if i % 7 == 0:
                    message["thread_ts"] = f"{start + day * 86400}.000000"
                batch.append(message)
            name = (START + timedelta(days=day)).strftime("%Y-%m-%d")
            archive.writestr(f"inc-payments/{name}.json", json.dumps(batch, indent=1))
    return target


def slack_export() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = write_slack_export(Path(tmp) / "export.zip", 50_000)
        events = load_timeline_file(archive, tz=UTC)
        best, median = best_of(3, partial(load_timeline_file, archive, tz=UTC))
        print(
            f"  import a zipped Slack export of 50,000 messages -> {len(events)} events: "
            f"best {best * 1000:.0f} ms, median {median * 1000:.0f} ms (target 2000 ms)"
        )


def sample_formats() -> None:
    """Each shipped sample, read and detected the way the Import button does."""
    samples = Path(__file__).resolve().parent.parent / "resources" / "samples" / "timeline"
    starts = datetime(2026, 4, 15, 14, 38, tzinfo=UTC)
    for path in sorted(samples.iterdir()):
        if path.suffix not in (".json", ".csv", ".tsv", ".txt", ".vtt"):
            continue
        load = partial(load_timeline_file, path, tz=UTC, day=START.date(), starts_at=starts)
        found = load()
        best, median = best_of(20, load)
        print(
            f"  {detect_format(path):12} {path.name} -> {len(found)} events: "
            f"best {best * 1000:.1f} ms, median {median * 1000:.1f} ms"
        )


def contribution_sheets(timeline_size: int, attendees: int) -> None:
    """Returned sheets merged into a timeline: each carries the whole timeline plus news."""
    pm = Postmortem(title="Bench")
    pm.timeline = [
        TimelineEvent(at=START + timedelta(minutes=i), text=f"Step {i}: payment-service check {i}")
        for i in range(timeline_size)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_sheets(pm, [f"Person {n}" for n in range(attendees)], folder, UTC)
        sheets = [p for p in paths if p.suffix == ".csv"]
        for path in sheets:  # everyone adds five facts of their own
            with path.open("a", encoding="utf-8") as out:
                for k in range(5):
                    out.write(f"2026-04-15 15:{k:02d},{path.stem} saw thing {k}\n")

        def merge_all() -> int:
            told = []
            for path in sheets:
                told += load_timeline_file(path, fmt="sheet", tz=UTC, day=START.date())
            return len(merge(pm.timeline, told).new)

        added = merge_all()
        best, median = best_of(3, merge_all)
        print(
            f"  merge {attendees} returned sheets into a {timeline_size}-event timeline -> "
            f"{added} new: best {best * 1000:.0f} ms, median {median * 1000:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of the long-timeline actions")
    parser.add_argument(
        "--only-window",
        action="store_true",
        help="only the long timeline through the main window (1,000 and 10,000 events)",
    )
    parser.add_argument("--sizes", default="1000,10000", help="timeline lengths, comma-separated")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.only_window:
        long_timeline_in_the_window(args.runs, sizes)
        return
    print("Timeline core")
    sample_formats()
    contribution_sheets(60, 8)
    contribution_sheets(300, 8)
    slack_export()
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
    timeline_editor()
    long_timeline_in_the_window(args.runs, sizes)


# ----------------------------------------------------------------------------------------
# Timeline editor (Qt): the real TimelinePanel in a 1280x720 window (offscreen unless a
# display is chosen with QT_QPA_PLATFORM), driven through the session like a user's edits.
# ----------------------------------------------------------------------------------------
def timeline_editor() -> None:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QDialog

    from pmdesk.model import TimelineEvent
    from pmdesk.storage.door import StorageDoor
    from pmdesk.ui import theme
    from pmdesk.ui.session import DocumentSession
    from pmdesk.ui.timeline_model import TimelineModel
    from pmdesk.views import paste_preview
    from pmdesk.views.timeline import TimelinePanel

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    theme.apply(app)
    # The preview is accepted at once: the figure is parsing, the preview's tables and the insert.
    paste_preview.PastePreviewDialog.exec = lambda self: QDialog.DialogCode.Accepted  # type: ignore[method-assign]

    def settle() -> None:
        app.processEvents()
        panel.table.viewport().repaint()

    def events(count: int) -> list[TimelineEvent]:
        order = [(i * 7919) % count for i in range(count)]  # out of order: the sort has work
        return [
            TimelineEvent(at=START + timedelta(seconds=3 * i), text=f"event {i} on payment-service")
            for i in order
        ]

    with tempfile.TemporaryDirectory() as tmp:
        session = DocumentSession(StorageDoor.at(str(Path(tmp) / "bench.sqlite3")))
        panel = TimelinePanel(session)
        panel.resize(1280, 720)
        panel.show()
        big = session.create(Postmortem(title="10,000 events", timeline=events(10_000)))
        empty = session.create(Postmortem(title="empty"))

        def open_big() -> None:
            session.open(big)
            settle()

        best, median = best_of(3, open_big)
        print(
            f"  open a 10,000-event postmortem (database load + sort + model + view): "
            f"best {best * 1000:.0f} ms, median {median * 1000:.0f} ms (target 1000 ms)"
        )
        doc = session.doc
        assert doc is not None

        def into_view() -> None:
            session.documentOpened.emit(doc)  # the model and the panel take the document again
            settle()

        best, median = best_of(5, into_view)
        print(
            f"  set 10,000 events into the model + view and paint: "
            f"best {best * 1000:.0f} ms, median {median * 1000:.0f} ms"
        )

        def scroll() -> None:
            panel.table.scrollToBottom()
            settle()
            panel.table.scrollToTop()
            settle()

        best, median = best_of(5, scroll)
        print(
            f"  scroll 10,000 rows to the end and back, painting both: "
            f"best {best * 1000:.0f} ms, median {median * 1000:.0f} ms"
        )

        model = panel.model
        late = iter(range(10, 60))

        def edit_first_time() -> None:
            # The first row's new time moves it to the end: document sort + row move.
            moved = model.event_at(0).id
            model.setData(model.index(0, TimelineModel.TIME), f"2026-04-15 23:59:{next(late)}")
            settle()
            assert model.event_at(model.rowCount() - 1).id == moved

        best, median = best_of(7, edit_first_time)
        print(
            f"  edit one time in 10,000 events (undo step + re-sort + view): "
            f"best {best * 1000:.0f} ms, median {median * 1000:.0f} ms"
        )

        text = paste_text(5000)
        for label, target in (("an empty timeline", empty), ("the 10,000 events", big)):
            session.open(target)
            settle()
            runs: list[float] = []
            undo_redo: list[tuple[float, float]] = []
            for _ in range(3 if target == empty else 1):
                started = time.perf_counter()
                panel.paste_text(text)
                settle()
                runs.append(time.perf_counter() - started)
                steps = []
                for step in (session.undo, session.redo, session.undo):
                    started = time.perf_counter()
                    step()
                    settle()
                    steps.append(time.perf_counter() - started)
                undo_redo.append((steps[0], steps[1]))
            print(
                f"  paste 5,000 lines into {label} (parse + preview + one undo step + view): "
                f"best {min(runs) * 1000:.0f} ms, median {statistics.median(runs) * 1000:.0f} ms"
            )
            print(
                f"    then undo: best {min(u for u, _ in undo_redo) * 1000:.0f} ms, "
                f"redo: best {min(r for _, r in undo_redo) * 1000:.0f} ms"
            )
        session.close()
        session.repo.close()
        panel.deleteLater()


# ----------------------------------------------------------------------------------------
# A long timeline through the main window (every screen that follows the document), as a
# facilitator works on an imported log: each action is timed until the window has followed it
# and painted, the time the event loop was blocked.
# ----------------------------------------------------------------------------------------
ACTIONS = (
    "import",
    "save the import",
    "edit one time",
    "shift all by +5 min",
    "undo the shift",
    "redo the shift",
    "save the shift",
    "delete a tenth",
    "undo the delete",
    "redo the delete",
    "save the delete",
    "reopen",
    "first save after a restart",
)


def long_timeline_in_the_window(runs: int, sizes: list[int]) -> None:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as home:
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            os.environ[name] = str(Path(home) / name)  # the window's settings stay in here
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        assert isinstance(app, QApplication)
        print("A long timeline in the main window (how long the window is frozen per action)")
        for count in sizes:
            timed: dict[str, list[float]] = {action: [] for action in ACTIONS}
            for _ in range(runs):
                for action, seconds in _actions_once(app, Path(home), count):
                    timed[action].append(seconds)
            for action in ACTIONS:
                values = timed[action]
                print(
                    f"  {count:,} events, {action}: best {min(values) * 1000:.0f} ms, "
                    f"median {statistics.median(values) * 1000:.0f} ms"
                )


def _actions_once(app: object, home: Path, count: int) -> list[tuple[str, float]]:
    """One pass over the actions on a fresh database and window; (action, seconds) each."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    from pmdesk.operations import timeline as timeline_ops
    from pmdesk.storage.door import StorageDoor
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.import_preview import ImportPreviewDialog
    from pmdesk.views.main_window import MainWindow

    assert isinstance(app, QApplication)
    # The preview is accepted at once, the confirmations answered yes.
    ImportPreviewDialog.exec = lambda self: QDialog.DialogCode.Accepted  # type: ignore[method-assign]
    QMessageBox.question = lambda *a, **k: QMessageBox.StandardButton.Yes  # type: ignore[assignment,method-assign]
    folder = Path(tempfile.mkdtemp(dir=home))
    session = DocumentSession(StorageDoor.at(str(folder / "bench.sqlite3")))
    window = MainWindow(session, [])
    started = QEventLoop()
    window.startupFinished.connect(started.quit)
    window.show()
    QTimer.singleShot(30_000, started.quit)
    started.exec()
    pm_id = session.create(Postmortem(title=f"{count:,} events"))
    window.open_postmortem(pm_id)
    window.show_panel("timeline")
    panel = window.panels["timeline"]
    session._timer.stop()  # the autosave is timed on its own below, not inside another action
    order = [(i * 7919) % count for i in range(count)]  # out of order: the sort has work
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    items = [
        {"time": (START + timedelta(seconds=3 * i)).strftime(stamp), "text": f"event {i}"}
        for i in order
    ]
    source = folder / "events.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    out: list[tuple[str, float]] = []

    def frozen(action: str, work: Callable[[], object]) -> None:
        started = time.perf_counter()
        work()
        app.processEvents()
        panel.table.viewport().repaint()  # type: ignore[attr-defined]
        session._timer.stop()
        out.append((action, time.perf_counter() - started))

    doc = session.doc
    assert doc is not None
    model = panel.model  # type: ignore[attr-defined]
    frozen("import", lambda: panel.import_file(source))  # type: ignore[attr-defined]
    assert len(doc.pm.timeline) == count
    frozen("save the import", session.save_now)
    panel.table.selectRow(0)  # type: ignore[attr-defined]  # the facilitator picks one event
    frozen("edit one time", lambda: model.setData(model.index(0, 0), "2026-04-16 23:59:10"))
    every = [event.id for event in doc.pm.timeline]
    frozen(
        "shift all by +5 min",
        lambda: session.apply(timeline_ops.shift_events(doc, every, timedelta(minutes=5))),
    )
    frozen("undo the shift", session.undo)
    frozen("redo the shift", session.redo)
    frozen("save the shift", session.save_now)
    tenth = every[count // 3 : count // 3 + count // 10]
    frozen("delete a tenth", lambda: session.apply(timeline_ops.remove_events(doc, tenth)))
    frozen("undo the delete", session.undo)
    frozen("redo the delete", session.redo)
    frozen("save the delete", session.save_now)
    assert len(doc.pm.timeline) == count - len(tenth)
    frozen("reopen", lambda: (session.close(), window.open_postmortem(pm_id)))
    session.close()
    window.close()
    window.deleteLater()
    app.processEvents()
    # A restart reads the postmortem without the database layer; its first save learns the
    # stored versions and merges (pmdesk.operations.together): a whole-timeline merge.
    restarted = DocumentSession(StorageDoor.at(str(folder / "bench.sqlite3")))
    again = restarted.open(pm_id)
    first = again.pm.timeline[0]
    restarted.apply(timeline_ops.edit_event(again, "Change time", first.id, {"at": START}))
    started = time.perf_counter()
    assert restarted.save_now()
    out.append(("first save after a restart", time.perf_counter() - started))
    restarted.close()
    restarted.repo.close()
    return out


if __name__ == "__main__":
    main()
