"""Offline and back: a postmortem checked out of the team database, edited on both sides, synced.

The team database is a real PostgreSQL database on the suite's server; the laptop's is SQLite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pmdesk.document import Document
from pmdesk.interchange import load_file
from pmdesk.model import Postmortem
from pmdesk.storage import sync
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository

pytestmark = pytest.mark.postgres

SAMPLE = (
    Path(__file__).resolve().parents[3] / "resources" / "samples" / "payment-service-outage.json"
)


class Desk:
    """The team database and a laptop holding one postmortem checked out of it."""

    def __init__(self, team_url: str, laptop: Path) -> None:
        self.team_url = team_url
        self.team = Repository(open_engine(resolve(team_url)))
        self.team_id = self.team.create(load_file(SAMPLE))
        self.laptop = Repository(open_engine(resolve(str(laptop))))
        [(_, self.local_id)] = sync.checkout(self.laptop, team_url, [self.team_id])

    def edit(self, where: str, change: Callable[[Document], Any]) -> None:
        repo, pm_id = (self.team, self.team_id) if where == "team" else (self.laptop, self.local_id)
        doc = Document(repo.load(pm_id))
        change(doc)
        repo.save(doc.pm, doc.take_dirty())

    def mine(self) -> Postmortem:
        return self.laptop.load(self.local_id)

    def theirs(self) -> Postmortem:
        return self.team.load(self.team_id)

    def state(self) -> str:
        return sync.state(self.laptop).describe()

    def close(self) -> None:
        self.team.close()
        self.laptop.close()


@pytest.fixture
def desk(empty_pg: str, tmp_path: Path) -> Iterator[Desk]:
    made = Desk(empty_pg, tmp_path / "laptop.sqlite3")
    yield made
    made.close()


def _same_content(a: Postmortem, b: Postmortem) -> bool:
    a.id = b.id = None
    a.created_at = b.created_at = a.updated_at = b.updated_at = None
    return a == b


def test_checkout_copies_the_postmortem_and_starts_in_step(desk: Desk) -> None:
    assert _same_content(desk.mine(), desk.theirs())
    assert desk.state() == "In step with team database"


def test_a_change_made_offline_is_sent(desk: Desk) -> None:
    desk.edit("laptop", lambda d: d.set_fields(lessons="Units belong in setting names."))
    event = desk.mine().timeline[2].id
    desk.edit("laptop", lambda d: d.update_item("timeline", event, believed="seconds, not ms"))
    desk.edit("laptop", lambda d: d.remove_items("actions", [d.pm.actions[0].id]))
    assert desk.state() == "3 changes to send"
    report = sync.sync(desk.laptop)
    assert [(o.sent, o.taken, o.conflicts) for o in report.outcomes] == [(3, 0, ())]
    team = desk.theirs()
    assert team.lessons == "Units belong in setting names."
    assert next(e for e in team.timeline if e.id == event).believed == "seconds, not ms"
    assert len(team.actions) == len(load_file(SAMPLE).actions) - 1
    assert desk.state() == "In step with team database"


def test_a_change_made_in_the_team_database_is_taken(desk: Desk) -> None:
    desk.edit("team", lambda d: d.set_fields(summary="Rewritten by a colleague."))
    report = sync.sync(desk.laptop)
    assert [(o.sent, o.taken) for o in report.outcomes] == [(0, 1)]
    assert desk.mine().summary == "Rewritten by a colleague."
    assert desk.state() == "In step with team database"


def test_changes_to_different_fields_both_arrive_on_both_sides(desk: Desk) -> None:
    desk.edit("laptop", lambda d: d.set_fields(lessons="Mine"))
    first = desk.mine().timeline[0].id
    desk.edit("laptop", lambda d: d.update_item("timeline", first, seen="dashboard green"))
    desk.edit("team", lambda d: d.set_fields(summary="Theirs"))
    desk.edit("team", lambda d: d.update_item("timeline", first, done_next="paged the owner"))
    report = sync.sync(desk.laptop)
    assert report.conflicts == 0
    for pm in (desk.mine(), desk.theirs()):
        assert (pm.lessons, pm.summary) == ("Mine", "Theirs")
        event = next(e for e in pm.timeline if e.id == first)
        assert (event.seen, event.done_next) == ("dashboard green", "paged the owner")
    assert _same_content(desk.mine(), desk.theirs())


def test_the_same_field_changed_twice_is_a_conflict_and_neither_text_is_lost(desk: Desk) -> None:
    desk.edit("laptop", lambda d: d.set_fields(summary="My summary"))
    desk.edit("team", lambda d: d.set_fields(summary="Their summary"))
    desk.edit("laptop", lambda d: d.set_fields(lessons="Only mine"))
    report = sync.sync(desk.laptop)
    [outcome] = report.outcomes
    [conflict] = outcome.conflicts
    assert (conflict.field, conflict.mine, conflict.theirs) == (
        "summary",
        "My summary",
        "Their summary",
    )
    assert desk.mine().summary == "My summary"
    assert desk.theirs().summary == "Their summary"
    assert desk.theirs().lessons == "Only mine"  # the rest went through
    assert desk.state() == "1 conflict to settle"
    # Until settled, each sync finds it again and changes nothing.
    assert sync.sync(desk.laptop).conflicts == 1
    assert (desk.mine().summary, desk.theirs().summary) == ("My summary", "Their summary")
    # Settled with a combined text, the next sync sends it.
    settled = sync.settle_conflicts(desk.laptop, desk.local_id, lambda c: f"{c.theirs} {c.mine}")
    assert settled == 1
    assert desk.state() == "1 change to send"
    assert sync.sync(desk.laptop).conflicts == 0
    assert desk.theirs().summary == desk.mine().summary == "Their summary My summary"
    assert desk.state() == "In step with team database"


def test_an_item_removed_on_one_side_and_edited_on_the_other_is_kept_until_settled(
    desk: Desk,
) -> None:
    action = desk.mine().actions[1].id
    desk.edit("team", lambda d: d.remove_items("actions", [action]))
    desk.edit("laptop", lambda d: d.update_item("actions", action, owner="Ana Souza"))
    event = desk.mine().timeline[3].id
    desk.edit("laptop", lambda d: d.remove_items("timeline", [event]))
    desk.edit("team", lambda d: d.update_item("timeline", event, text="Alert fired (edited)"))
    report = sync.sync(desk.laptop)
    removals = sorted((c.collection, c.item_id) for c in report.outcomes[0].conflicts)
    assert removals == sorted([("actions", action), ("timeline", event)])
    assert all(c.removal for c in report.outcomes[0].conflicts)
    # Each side keeps what it had: nothing anyone wrote is gone.
    assert any(a.id == action and a.owner == "Ana Souza" for a in desk.mine().actions)
    assert any(e.id == event and e.text == "Alert fired (edited)" for e in desk.theirs().timeline)
    assert desk.state() == "2 conflicts to settle"
    # Keeping the edited item on both sides settles it.
    sync.settle_conflicts(desk.laptop, desk.local_id, lambda c: c.mine or c.theirs)
    sync.sync(desk.laptop)
    assert any(a.id == action and a.owner == "Ana Souza" for a in desk.theirs().actions)
    assert any(e.id == event and e.text == "Alert fired (edited)" for e in desk.mine().timeline)
    assert desk.state() == "In step with team database"


def test_an_unreachable_team_database_leaves_everything_as_it_was(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.edit("laptop", lambda d: d.set_fields(lessons="Written on the train"))
    before = desk.mine()
    monkeypatch.setattr(
        sync, "team_location", lambda url: resolve("postgresql+psycopg://pm@127.0.0.1:1/team")
    )
    report = sync.sync(desk.laptop)
    assert report.outcomes == []
    assert next(iter(report.unreachable.values())).startswith("cannot be opened")
    assert desk.mine() == before
    assert sync.state(desk.laptop).describe(offline=True) == (
        "Team database unreachable: working offline · 1 change to send"
    )
    monkeypatch.undo()
    sync.sync(desk.laptop)
    assert desk.theirs().lessons == "Written on the train"


def test_a_connection_lost_mid_sync_leaves_both_sides_consistent(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    desk.edit("laptop", lambda d: d.set_fields(lessons="Mine"))
    desk.edit("team", lambda d: d.set_fields(summary="Theirs"))
    team_before, mine_before = desk.theirs(), desk.mine()
    real_save = Repository.save
    admin = desk.team_url.replace("postgresql+psycopg://", "postgresql://")

    def save_with_the_server_gone(
        self: Repository, pm: Postmortem, dirty: Any, versions: Any = None
    ) -> None:
        if self.engine.dialect.name == "postgresql" and self is not desk.team:
            # Every connection of this sync to the team database is cut, as a dropped network.
            with psycopg.connect(admin, autocommit=True) as con:
                con.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        real_save(self, pm, dirty, versions)

    monkeypatch.setattr(Repository, "save", save_with_the_server_gone)
    report = sync.sync(desk.laptop)
    monkeypatch.undo()
    assert report.outcomes == [] and report.unreachable
    desk.team.engine.dispose()  # its pooled connections were cut too
    assert _same_content(desk.theirs(), team_before)
    assert _same_content(desk.mine(), mine_before)
    assert desk.state() == "1 change to send"
    # Back online, the same sync goes through.
    assert sync.sync(desk.laptop).conflicts == 0
    for pm in (desk.mine(), desk.theirs()):
        assert (pm.lessons, pm.summary) == ("Mine", "Theirs")


def test_the_commands_checkout_and_sync(empty_pg: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    env = {"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    laptop = str(tmp_path / "laptop.sqlite3")

    def pmdesk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pmdesk", "--db", laptop, *args],
            capture_output=True,
            text=True,
            env=env,
        )

    team = Repository(open_engine(resolve(empty_pg)))
    team_id = team.create(load_file(SAMPLE))
    done = pmdesk("checkout", empty_pg, str(team_id))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Team postmortem {team_id} is postmortem 1 here.\n"
    missing = pmdesk("checkout", empty_pg, "999")
    assert missing.returncode == 2
    assert missing.stderr.count("\n") == 1 and "has no postmortem with id 999" in missing.stderr
    again = pmdesk("checkout", empty_pg, str(team_id))
    assert again.returncode == 2 and "already holds team postmortem" in again.stderr
    local = Repository(open_engine(resolve(laptop)))
    for repo, pm_id, text in ((local, 1, "Mine"), (team, team_id, "Theirs")):
        doc = Document(repo.load(pm_id))
        doc.set_fields(summary=text)
        repo.save(doc.pm, doc.take_dirty())
    local.close()
    team.close()
    status = pmdesk("sync", "--status")
    assert (status.returncode, status.stdout) == (0, "1 change to send\n")
    synced = pmdesk("sync")
    assert synced.returncode == 1
    assert "1 conflict" in synced.stdout
    assert "summary: here “Mine” / team “Theirs”" in synced.stdout
    assert synced.stdout.endswith("1 conflict to settle\n")
    settled = pmdesk("sync", "--keep", "mine")
    assert settled.returncode == 0, settled.stdout
    assert settled.stdout.endswith("In step with team database\n")
    team = Repository(open_engine(resolve(empty_pg)))
    assert team.load(team_id).summary == "Mine"
    team.close()
