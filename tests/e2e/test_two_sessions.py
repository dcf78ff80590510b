"""Two facilitators on one postmortem, each in a process of their own, on SQLite and PostgreSQL.

Nothing either of them wrote is lost: different fields merge, the same field is a conflict that
keeps both texts, and a process killed in the middle of a save leaves the other one consistent.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import ROOT, pmdesk_env

T0 = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)


class Client:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "e2e" / "collab_client.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=pmdesk_env(),
        )

    def __call__(self, op: str, **values: Any) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"op": op, **values}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"the session process ended at {op!r}"
        reply: dict[str, Any] = json.loads(line)
        return reply

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=30)
        else:
            self.process.stdin.close()
        self.process.stdout.close()


@pytest.fixture
def postmortem(database: str) -> int:
    from pmdesk.model import Postmortem, TimelineEvent
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    repo = Repository(open_engine(resolve(database)))
    pm = Postmortem(
        title="Payment service outage",
        summary="Checkout failed.",
        timeline=[
            TimelineEvent(T0, "Deploy of payment-service v2.4.1", seq=0, id="e1"),
            TimelineEvent(T0 + timedelta(minutes=3), "alert fires", seq=1, id="e2"),
        ],
    )
    new_id = repo.create(pm)
    repo.close()
    return new_id


@pytest.fixture
def two(database: str, postmortem: int) -> Iterator[tuple[Client, Client]]:
    ana, sam = Client(), Client()
    try:
        ana("open", db=database, id=postmortem)
        sam("open", db=database, id=postmortem)
        yield ana, sam
    finally:
        for client in (ana, sam):
            client.close()


def _stored(database: str, postmortem_id: int) -> Any:
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    repo = Repository(open_engine(resolve(database)))
    try:
        return repo.load(postmortem_id)
    finally:
        repo.close()


def test_different_fields_merge(two: tuple[Client, Client], database: str, postmortem: int) -> None:
    ana, sam = two
    ana("field", name="summary", value="Checkout failed for 12 minutes.")
    sam("field", name="lessons", value="Canaries catch bad deploys.")
    sam("event", id="e2", name="seen", value="The dashboard looked normal")
    ana("event", id="e2", name="text", value="alert fires on checkout errors")
    assert ana("save")["conflicts"] == []
    assert sam("save")["conflicts"] == []
    pm = _stored(database, postmortem)
    assert pm.summary == "Checkout failed for 12 minutes."
    assert pm.lessons == "Canaries catch bad deploys."
    event = next(e for e in pm.timeline if e.id == "e2")
    assert (event.text, event.seen) == (
        "alert fires on checkout errors",
        "The dashboard looked normal",
    )


def test_same_field_is_a_conflict_and_both_texts_survive(
    two: tuple[Client, Client], database: str, postmortem: int
) -> None:
    ana, sam = two
    ana("field", name="summary", value="Ana's summary")
    sam("field", name="summary", value="Sam's summary")
    assert ana("save")["conflicts"] == []
    reply = sam("save")
    assert reply["conflicts"] == [["", "", "summary"]]
    assert reply["summary"] == "Sam's summary"  # still on Sam's screen
    assert _stored(database, postmortem).summary == "Ana's summary"  # not overwritten
    reply = sam("choose", field="summary", value="Ana's summary\nSam's summary")
    assert sam("save")["conflicts"] == []
    assert _stored(database, postmortem).summary == "Ana's summary\nSam's summary"
    # Ana's window takes it in: no conflict on her side, her text is part of it.
    assert ana("take_in")["summary"] == "Ana's summary\nSam's summary"


def test_event_deleted_by_one_and_edited_by_the_other(
    two: tuple[Client, Client], database: str, postmortem: int
) -> None:
    ana, sam = two
    ana("remove_event", id="e2")
    sam("event", id="e2", name="text", value="alert fires (paged on-call)")
    ana("save")
    reply = sam("save")
    assert reply["conflicts"] == [["timeline", "e2", ""]]
    assert "alert fires (paged on-call)" in [t for _, _, t in reply["timeline"]]
    assert "e2" not in {e.id for e in _stored(database, postmortem).timeline}
    # The other order: the edit saved first, then a stale delete does not remove it.
    ana("take_in")
    sam("event", id="e1", name="text", value="Deploy v2.4.1 (canary skipped)")
    sam("save")
    ana("remove_event", id="e1")
    assert ana("save")["conflicts"] == [["timeline", "e1", ""]]
    stored = {e.id: e.text for e in _stored(database, postmortem).timeline}
    assert stored["e1"] == "Deploy v2.4.1 (canary skipped)"


def test_events_added_at_once_get_their_own_numbers_and_the_export_imports(
    two: tuple[Client, Client], database: str, postmortem: int, run_pmdesk: Any, tmp_path: Path
) -> None:
    ana, sam = two
    at = (T0 + timedelta(minutes=5)).isoformat()
    ana("add_event", text="on-call acknowledges", at=at)
    sam("add_event", text="rollback started", at=at)
    ana("save")
    reply = sam("save")
    assert reply["conflicts"] == []
    pm = _stored(database, postmortem)
    assert {"on-call acknowledges", "rollback started"} <= {e.text for e in pm.timeline}
    assert len({e.seq for e in pm.timeline}) == len(pm.timeline) == 4
    out = tmp_path / "export.json"
    result = run_pmdesk("--db", database, "export", str(postmortem), "-o", str(out))
    assert result.returncode == 0, result.stderr
    elsewhere = tmp_path / "other.sqlite3"
    result = run_pmdesk("--db", str(elsewhere), "import", str(out))
    assert result.returncode == 0, result.stderr
    texts = {e.text for e in _stored(str(elsewhere), 1).timeline}
    assert {"on-call acknowledges", "rollback started"} <= texts


def test_a_client_killed_mid_save_leaves_the_other_consistent(
    two: tuple[Client, Client], database: str, postmortem: int
) -> None:
    ana, sam = two
    ana("field", name="summary", value="never committed")
    ana("add_event", text="half-written event", at=T0.isoformat())
    assert ana("save_and_hang").get("in_transaction")
    os.kill(ana.process.pid, signal.SIGKILL)
    ana.process.wait(timeout=30)
    sam("field", name="summary", value="Sam's summary")
    sam("event", id="e1", name="text", value="Deploy v2.4.1")
    assert sam("save")["conflicts"] == []
    pm = _stored(database, postmortem)
    assert pm.summary == "Sam's summary"
    assert [e.text for e in pm.timeline] == ["Deploy v2.4.1", "alert fires"]
