"""`pmdesk sync` and a colleague saving the same postmortem on the team database at the same time.

The colleague is a pmdesk session in a process of its own (tests/e2e/collab_client.py); it saves
exactly between sync's read of the team copy and its write, so the race happens every run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pmdesk.document import Document
from pmdesk.model import Postmortem, TimelineEvent
from pmdesk.storage import sync
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from tests.e2e.test_two_sessions import Client

T0 = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def team_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "team.sqlite3")
    url: str = request.getfixturevalue("pg_url")
    return url


class Laptop:
    def __init__(self, team_url: str, path: Path) -> None:
        self.team_url = team_url
        self.team = Repository(open_engine(resolve(team_url)))
        self.team_id = self.team.create(
            Postmortem(
                title="Payment service outage",
                summary="Checkout failed.",
                timeline=[TimelineEvent(T0, "Deploy of payment-service v2.4.1", seq=0, id="e1")],
            )
        )
        self.local = Repository(open_engine(resolve(str(path))))
        [(_, self.local_id)] = sync.checkout(self.local, team_url, [self.team_id])

    def edit_here(self, change: Callable[[Document], Any]) -> None:
        doc = Document(self.local.load(self.local_id))
        change(doc)
        self.local.save(doc.pm, doc.take_dirty())


@pytest.fixture
def laptop(team_url: str, tmp_path: Path) -> Iterator[Laptop]:
    made = Laptop(team_url, tmp_path / "laptop.sqlite3")
    yield made
    made.team.close()
    made.local.close()


@pytest.fixture
def colleague(laptop: Laptop) -> Iterator[Client]:
    client = Client()
    yield client
    client.close()


def test_a_colleagues_save_between_syncs_read_and_write_is_kept(
    laptop: Laptop, colleague: Client
) -> None:
    laptop.edit_here(lambda d: d.set_fields(title="Payment outage (retitled offline)"))
    saves: list[int] = []

    def colleague_saves(team_id: int) -> None:
        if not saves:  # once: the write that follows must read again and merge
            colleague("open", db=laptop.team_url, id=team_id)
            colleague("field", name="summary", value="Checkout failed for 12 minutes.")
            saves.append(len(colleague("save")["conflicts"]))

    report = sync.sync(laptop.local, before_write=colleague_saves)
    assert saves == [0]
    team = laptop.team.load(laptop.team_id)
    assert (team.title, team.summary) == (
        "Payment outage (retitled offline)",
        "Checkout failed for 12 minutes.",
    )
    assert laptop.local.load(laptop.local_id).summary == "Checkout failed for 12 minutes."
    [outcome] = report.outcomes
    assert (outcome.sent, outcome.taken, outcome.conflicts) == (1, 1, ())
    assert sync.state(laptop.local).describe() == "In step with team database"


def test_the_same_field_saved_in_the_gap_is_a_conflict_not_an_overwrite(
    laptop: Laptop, colleague: Client
) -> None:
    laptop.edit_here(lambda d: d.set_fields(summary="Written on the train."))
    opened: list[bool] = []

    def colleague_saves(team_id: int) -> None:
        if not opened:
            opened.append(True)
            colleague("open", db=laptop.team_url, id=team_id)
            colleague("field", name="summary", value="Written in the office.")
            colleague("save")

    report = sync.sync(laptop.local, before_write=colleague_saves)
    assert laptop.team.load(laptop.team_id).summary == "Written in the office."
    assert laptop.local.load(laptop.local_id).summary == "Written on the train."
    [conflict] = report.outcomes[0].conflicts
    assert (conflict.mine, conflict.theirs) == ("Written on the train.", "Written in the office.")
    assert sync.state(laptop.local).describe() == "1 conflict to settle"


def test_a_team_copy_saved_before_every_write_waits_for_the_next_sync(
    laptop: Laptop, colleague: Client
) -> None:
    added = TimelineEvent(T0 + timedelta(minutes=3), "alert fires", seq=1, id="e2")
    laptop.edit_here(lambda d: d.insert_items("timeline", [added]))
    count = iter(range(100))

    def colleague_saves(team_id: int) -> None:
        n = next(count)
        if n == 0:
            colleague("open", db=laptop.team_url, id=team_id)
        colleague("event", id="e1", name="text", value=f"Deploy, take {n}")
        colleague("save")

    report = sync.sync(laptop.local, before_write=colleague_saves)
    [outcome] = report.outcomes
    assert outcome.busy
    assert "nothing taken, sync again" in sync.outcome_line(outcome)
    team = laptop.team.load(laptop.team_id)
    assert [e.text for e in team.timeline] == [f"Deploy, take {sync.WRITE_ATTEMPTS - 1}"]
    assert sync.state(laptop.local).describe() == "1 change to send"
    again = sync.sync(laptop.local)
    assert not again.outcomes[0].busy
    expected = [f"Deploy, take {sync.WRITE_ATTEMPTS - 1}", "alert fires"]
    assert [e.text for e in laptop.team.load(laptop.team_id).timeline] == expected
    assert [e.text for e in laptop.local.load(laptop.local_id).timeline] == expected
