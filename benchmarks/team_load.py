"""Print what a team puts on a shared PostgreSQL database: saves, conflicts, lost edits, save times.

20 clients (processes, each with its own connections) edit for 60 s at 5 saves a second each;
half of them share two postmortems (five on each), the other half have one of their own. Every
edit appends a token of its own to a text (a top-level field or a timeline event's text) and
saves through the same path as the app's window (pmdesk.operations.together). A conflict is
settled as a facilitator combining both texts would: their text plus the tokens only mine has.

Figures: saves made; same-field clashes made (before each save the client reads, on a connection
of its own, whether someone else changed the field it wrote since its copy) against conflicts
reported; edits lost (tokens saved, or settled, that the final database lacks: must be 0); p50
and p95 of a save as the client waits for it (the wall time of the save call alone, merges and
retries included; not the client's own work between saves).

Beside them, so a reader can judge the machine: its load average (sampled each second of the
run) and the CPU time spent from the start of the run to the last client's end by the server
(the postmaster and its backends, when it runs on this machine), by the clients (inside their
saves, and in all), and by everything else on the machine.

Target (issue 20): no edit lost, every clash reported, p95 save under 50 ms.
Run: .venv/bin/python benchmarks/team_load.py [--url postgresql+psycopg://...] [--clients 20]
     [--seconds 60] [--rate 5] [--json]
Without --url a throw-away PostgreSQL server is started (Debian's binaries; as root it runs as the
postgres user). Figures are printed, never asserted; the test suite runs a short version.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from queue import Empty
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.library import write_library
from tests.support.postgres import postgres_bin, throwaway_postgres

TEXT_FIELDS = ("summary", "lessons", "notes")
EVENT_IDS = ("e1", "e2", "e3")
T0 = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)


# -- the postmortems --------------------------------------------------------------------------------


def prepare(url: str, count: int) -> list[int]:
    from pmdesk.model import Postmortem, TimelineEvent

    def postmortem(n: int) -> Postmortem:
        timeline = [
            TimelineEvent(T0 + timedelta(minutes=i), f"event {i}", seq=i, id=event_id)
            for i, event_id in enumerate(EVENT_IDS)
        ]
        return Postmortem(title=f"Load test {n}", timeline=timeline)

    return write_library(url, (postmortem(n) for n in range(count)))


def tokens_of(text: str) -> set[str]:
    return {word for word in text.split() if word.startswith("t") and "." in word}


# -- one client ----------------------------------------------------------------------------------------


def client_process(job: tuple[str, int, int, float, int, int], barrier: Any, queue: Any) -> None:
    queue.put(client(job, barrier))


# -- what the machine spends ---------------------------------------------------------------------


def _ticks() -> float:
    return float(os.sysconf("SC_CLK_TCK"))


def process_cpu(pid: int, *, reaped_children: bool = False) -> float:
    """CPU seconds of a process (with its children that have ended, when asked)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    used = int(fields[11]) + int(fields[12])
    if reaped_children:
        used += int(fields[13]) + int(fields[14])
    return used / _ticks()


def server_cpu(postmaster: int | None) -> float | None:
    """CPU seconds of a local PostgreSQL server so far: the postmaster, its live backends and
    the backends that have ended (None when the server is not on this machine)."""
    if postmaster is None:
        return None
    try:
        total = process_cpu(postmaster, reaped_children=True)
    except OSError:
        return None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
                total += process_cpu(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue  # ended meanwhile (its time is now the postmaster's)
    return total


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / _ticks()


def find_postmaster(url: str) -> int | None:
    """The server's main process, when the server runs on this machine."""
    from sqlalchemy import text

    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve

    engine = open_engine(resolve(url), migrate=False)
    try:
        with engine.connect() as connection:
            backend = int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())
            stat = Path(f"/proc/{backend}/stat").read_text()
            if "postgres" not in stat.split(")", 1)[0]:
                return None
            return int(stat.rsplit(")", 1)[1].split()[1])
    except OSError:
        return None
    finally:
        engine.dispose()


def client(job: tuple[str, int, int, float, int, int], barrier: Any) -> dict[str, Any]:
    url, number, postmortem_id, seconds, rate, fields = job
    import random

    from sqlalchemy import select

    from pmdesk.document import Document
    from pmdesk.operations import together
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository
    from pmdesk.storage.tables import PostmortemRow, TimelineEventRow, table_of

    engine = open_engine(resolve(url))
    repo = Repository(engine)
    pm, versions = repo.load_versioned(postmortem_id)
    doc, shared = Document(pm), together.Shared(pm, versions)
    rng = random.Random(number)
    targets: list[tuple[str | None, str]] = [(None, f) for f in TEXT_FIELDS[:fields]]
    targets += [("timeline", e) for e in EVENT_IDS[:fields]]
    made: list[str] = []
    timings: list[float] = []
    clashes_seen = 0
    reported = 0
    saves = 0
    postmortems, events = table_of(PostmortemRow), table_of(TimelineEventRow)

    # The harness's own look at the stored text: one statement, no transaction (one round trip),
    # so the measuring costs the machine as little as it can.
    probe = engine.execution_options(isolation_level="AUTOCOMMIT")

    def stored_text(target: tuple[str | None, str]) -> str:
        collection, name = target
        with probe.connect() as connection:
            if collection is None:
                query = select(postmortems.c[name]).where(postmortems.c.id == postmortem_id)
            else:
                query = select(events.c.text).where(
                    events.c.postmortem_id == postmortem_id, events.c.id == name
                )
            return str(connection.execute(query).scalar() or "")

    def text_at(target: tuple[str | None, str], source: Any) -> str:
        collection, name = target
        if collection is None:
            return str(getattr(source, name))
        return next(e.text for e in source.timeline if e.id == name)

    def settle_all() -> None:
        for conflict in together.open_conflicts(doc, shared):
            mine_tokens = tokens_of(conflict.mine if isinstance(conflict.mine, str) else "")
            theirs = conflict.theirs if isinstance(conflict.theirs, str) else ""
            extra = sorted(mine_tokens - tokens_of(theirs))
            together.choose(doc, shared, conflict, " ".join([theirs, *extra]).strip())

    cpu_in_saves = 0.0

    def save() -> None:
        nonlocal reported, saves, cpu_in_saves
        before = set(shared.conflicts)
        cpu = time.process_time()
        began = time.perf_counter()
        together.save(repo, doc, shared)
        timings.append((time.perf_counter() - began) * 1000)
        cpu_in_saves += time.process_time() - cpu
        saves += 1
        reported += len(set(shared.conflicts) - before)

    barrier.wait()  # every client connected and loaded before the clock starts
    cpu_at_start = time.process_time()
    deadline = time.time() + seconds
    tick = 1.0 / rate
    n = 0
    next_at = time.time()
    while time.time() < deadline:
        target = rng.choice(targets)
        token = f"t{number}.{n}"
        n += 1
        base_text = text_at(target, shared.base)
        if stored_text(target) != base_text:
            clashes_seen += 1  # someone else changed it since this client's copy
        current = text_at(target, doc.pm)
        if target[0] is None:
            doc.set_fields(**{target[1]: f"{current} {token}".strip()})
        else:
            doc.update_item("timeline", target[1], text=f"{current} {token}".strip())
        made.append(token)
        save()
        settle_all()
        if doc.dirty:
            save()
        next_at += tick
        time.sleep(max(0.0, next_at - time.time()))
    unsaved = True
    for _ in range(200):  # drain: settle what is open and save until all is written
        settle_all()
        together.take_in(repo, doc, shared)
        settle_all()
        save()
        if not shared.conflicts and not doc.dirty:
            unsaved = False
            break
        time.sleep(rng.random() * 0.05)
    repo.close()
    return {
        "cpu_in_saves": cpu_in_saves,
        "cpu": time.process_time() - cpu_at_start,
        "client": number,
        "postmortem": postmortem_id,
        "saves": saves,
        "clashes_seen": clashes_seen,
        "reported": reported,
        "timings": timings,
        "tokens": made,
        "edits": n,
        "unsaved": unsaved,
    }


# -- the run ----------------------------------------------------------------------------------------


def run(url: str, clients: int, seconds: float, rate: int, fields: int) -> dict[str, Any]:
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    shared_clients = clients // 2
    groups = 2 if shared_clients >= 4 else 1
    ids = prepare(url, groups + (clients - shared_clients))
    assignment = [ids[n % groups] for n in range(shared_clients)]
    assignment += ids[groups : groups + clients - shared_clients]
    jobs = [(url, n, assignment[n], seconds, rate, fields) for n in range(clients)]
    context = multiprocessing.get_context("spawn")
    barrier, queue = context.Barrier(clients + 1), context.Queue()
    processes = [context.Process(target=client_process, args=(j, barrier, queue)) for j in jobs]
    for process in processes:
        process.start()
    postmaster = find_postmaster(url)
    barrier.wait()  # the run starts: readings of the machine, the server and the load
    started, busy, served = time.perf_counter(), machine_busy(), server_cpu(postmaster)
    loads: list[float] = []
    results: list[dict[str, Any]] = []
    while len(results) < clients:
        with suppress(Empty):
            results.append(queue.get(timeout=1.0))
        loads.append(os.getloadavg()[0])
    elapsed, busy = time.perf_counter() - started, machine_busy() - busy
    served_after = server_cpu(postmaster)
    server = None if served is None or served_after is None else served_after - served
    for process in processes:
        process.join()
    repo = Repository(open_engine(resolve(url)))
    lost: list[str] = []
    try:
        final = {pm.id: pm for pm in repo.load_many(ids)}
    finally:
        repo.close()
    for result in results:
        pm = final[result["postmortem"]]
        texts = [pm.summary, pm.lessons, pm.notes, *(e.text for e in pm.timeline)]
        found = set().union(*(tokens_of(t) for t in texts))
        lost += [t for t in result["tokens"] if t not in found]
    timings = sorted(t for r in results for t in r["timings"])
    together_timings = sorted(
        t for r in results if r["client"] < shared_clients for t in r["timings"]
    )
    own_timings = sorted(t for r in results if r["client"] >= shared_clients for t in r["timings"])
    clients_cpu = sum(r["cpu"] for r in results)
    return {
        "cores": os.cpu_count(),
        "run_s": round(elapsed, 1),
        "load_mean": round(statistics.mean(loads), 1) if loads else None,
        "load_max": round(max(loads), 1) if loads else None,
        "cpu_machine_s": round(busy, 1),
        "cpu_server_s": None if server is None else round(server, 1),
        "cpu_clients_s": round(clients_cpu, 1),
        "cpu_clients_in_saves_s": round(sum(r["cpu_in_saves"] for r in results), 1),
        "cpu_others_s": None if server is None else round(busy - server - clients_cpu, 1),
        "clients": clients,
        "seconds": seconds,
        "rate": rate,
        "edits": sum(r["edits"] for r in results),
        "saves": sum(r["saves"] for r in results),
        "tokens_saved": sum(len(r["tokens"]) for r in results),
        "clashes_made": sum(r["clashes_seen"] for r in results),
        "conflicts_reported": sum(r["reported"] for r in results),
        "edits_lost": len(lost),
        "clients_left_unsaved": sum(1 for r in results if r["unsaved"]),
        "lost_examples": lost[:5],
        "p50_ms": percentile(timings, 50),
        "p95_ms": percentile(timings, 95),
        "shared_p50_ms": percentile(together_timings, 50),
        "shared_p95_ms": percentile(together_timings, 95),
        "own_p50_ms": percentile(own_timings, 50),
        "own_p95_ms": percentile(own_timings, 95),
        "max_ms": round(timings[-1], 2) if timings else None,
    }


def percentile(ordered: list[float], share: int) -> float | None:
    """The value below which `share` percent of the ordered figures lie (None: no figures)."""
    if not ordered:
        return None
    if share == 50:
        return round(statistics.median(ordered), 2)
    return round(ordered[max(int(len(ordered) * share / 100) - 1, 0)], 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a PostgreSQL URL (default: a throw-away server)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=int, default=5, help="saves a second per client")
    parser.add_argument("--fields", type=int, default=3, help="top-level texts edited (1-3)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.url:
        figures = run(args.url, args.clients, args.seconds, args.rate, args.fields)
    else:
        if postgres_bin() is None:
            sys.exit("PostgreSQL is not installed: pass --url, or install postgresql")
        with throwaway_postgres("max_connections=200", prefix="pmdesk-load-") as url:
            figures = run(url, args.clients, args.seconds, args.rate, args.fields)
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"{figures['clients']} clients, {figures['seconds']:.0f} s, {figures['rate']} saves/s each"
    )
    print(f"  edits made           {figures['edits']}")
    print(f"  saves                {figures['saves']}")
    print(f"  same-field clashes   {figures['clashes_made']} made (seen before the save)")
    print(f"  conflicts reported   {figures['conflicts_reported']}")
    print(f"  edits lost           {figures['edits_lost']} of {figures['tokens_saved']} made")
    print(
        f"  save p50 / p95 / max {figures['p50_ms']} / {figures['p95_ms']} / {figures['max_ms']} ms"
    )
    print(
        f"    shared postmortem  {figures['shared_p50_ms']} / {figures['shared_p95_ms']} ms;"
        f" a postmortem of its own {figures['own_p50_ms']} / {figures['own_p95_ms']} ms"
    )
    print(
        f"  machine              {figures['cores']} cores, load {figures['load_mean']} on average"
        f" (1-minute load, sampled each second; highest {figures['load_max']})"
    )
    server = figures["cpu_server_s"]
    print(
        f"  CPU in {figures['run_s']} s        "
        f"server {'not on this machine' if server is None else f'{server} s'}, "
        f"clients {figures['cpu_clients_s']} s ({figures['cpu_clients_in_saves_s']} s in saves), "
        f"others {figures['cpu_others_s']} s; machine busy {figures['cpu_machine_s']} s "
        f"of {round(figures['run_s'] * (figures['cores'] or 1), 1)} s"
    )


if __name__ == "__main__":
    main()
