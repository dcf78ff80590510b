"""Noticing others' writes: SQLite's data version and PostgreSQL's notifications."""

from __future__ import annotations

import pytest

from pmdesk.model import Postmortem


def test_a_write_elsewhere_is_noticed_once(database: str) -> None:
    import time

    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository
    from pmdesk.storage.watch import Watcher

    mine, theirs = (Repository(open_engine(resolve(database))) for _ in range(2))
    watcher = Watcher(mine.engine, resolve(database).path)
    try:
        assert watcher.changed()  # nothing known yet: look
        assert not watcher.changed()
        pm_id = theirs.create(Postmortem(title="DNS resolver outage"))
        for _ in range(50):  # a notification travels through the server's socket
            if watcher.changed():
                break
            time.sleep(0.05)
        else:
            pytest.fail("the other connection's write was not noticed")
        assert not watcher.changed()
        assert mine.revision(pm_id) == 0
        pm, versions = mine.load_versioned(pm_id)
        pm.summary = "Resolvers returned SERVFAIL."
        from pmdesk.document import Dirty

        theirs.save(pm, Dirty(fields={"summary"}))
        assert mine.revision(pm_id) == versions.revision + 1
    finally:
        watcher.close()
        mine.close()
        theirs.close()


def test_presence_lists_open_windows_until_they_leave_or_go_quiet(repo) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    pm_id = repo.create(Postmortem(title="x"))
    now = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    repo.clock = lambda: now
    repo.announce("window-a", pm_id, "Ana", now - timedelta(minutes=3))
    repo.announce("window-b", pm_id, "Sam", now - timedelta(minutes=1))
    assert [p.name for p in repo.present(pm_id)] == ["Ana", "Sam"]
    repo.leave("window-a")
    assert [p.name for p in repo.present(pm_id)] == ["Sam"]
    repo.clock = lambda: now + timedelta(seconds=60)  # Sam's pmdesk went quiet (a crash)
    assert repo.present(pm_id) == []
