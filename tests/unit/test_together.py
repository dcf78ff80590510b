"""Three windows on one database file, their edits, saves, take-ins and settlements interleaved
at random: every edit made ends up in the database, every entry number is unique, and clashes
are reported as conflicts rather than overwritten."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pmdesk.document import Document
from pmdesk.model import Postmortem, TimelineEvent
from pmdesk.operations import together

T0 = datetime(2026, 4, 15, 14, 32, tzinfo=UTC)
TARGETS: list[tuple[str | None, str]] = [(None, "summary"), (None, "lessons"), ("timeline", "e1")]


def _tokens(text: str) -> set[str]:
    return {word for word in text.split() if word.startswith("t") and "." in word}


def _text(target: tuple[str | None, str], pm: Postmortem) -> str:
    if target[0] is None:
        return str(getattr(pm, target[1]))
    return next(e.text for e in pm.timeline if e.id == target[1])


def _combine_all(doc: Document, shared: together.Shared) -> None:
    """Settle every conflict as a facilitator combining both texts would."""
    for conflict in together.open_conflicts(doc, shared):
        theirs = conflict.theirs if isinstance(conflict.theirs, str) else ""
        mine = conflict.mine if isinstance(conflict.mine, str) else ""
        extra = sorted(_tokens(mine) - _tokens(theirs))
        together.choose(doc, shared, conflict, " ".join([theirs, *extra]).strip())


@pytest.mark.parametrize("seed", range(6))
def test_interleaved_windows_lose_no_edit(db_path: Path, seed: int) -> None:
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    def repository() -> Repository:
        return Repository(open_engine(resolve(str(db_path))))

    first = repository()
    pm_id = first.create(Postmortem(timeline=[TimelineEvent(T0, "alert fires", id="e1")]))
    windows: list[tuple[Repository, Document, together.Shared]] = []
    for _ in range(3):
        repo = repository()
        pm, versions = repo.load_versioned(pm_id)
        windows.append((repo, Document(pm), together.Shared(pm, versions)))
    rng = random.Random(seed)
    made: list[str] = []
    reported = 0
    for step in range(150):
        n = rng.randrange(len(windows))
        repo, doc, shared = windows[n]
        token = f"t{n}.{step}"
        roll = rng.random()
        before = set(shared.conflicts)
        if roll < 0.5:
            target = rng.choice(TARGETS)
            text = f"{_text(target, doc.pm)} {token}".strip()
            if target[0] is None:
                doc.set_fields(**{target[1]: text})
            else:
                doc.update_item("timeline", target[1], text=text)
            made.append(token)
        elif roll < 0.6:
            seq = max((e.seq for e in doc.pm.timeline), default=-1) + 1
            doc.insert_items("timeline", [TimelineEvent(T0, token, seq=seq)])
            made.append(token)
        elif roll < 0.85:
            together.save(repo, doc, shared)
        elif roll < 0.93:
            together.take_in(repo, doc, shared)
        else:
            _combine_all(doc, shared)
        reported += len(set(shared.conflicts) - before)
    for _ in range(5):
        for repo, doc, shared in windows:
            _combine_all(doc, shared)
            together.take_in(repo, doc, shared)
            _combine_all(doc, shared)
            together.save(repo, doc, shared)
    assert all(not doc.dirty and not shared.conflicts for _, doc, shared in windows)

    stored = first.load(pm_id)
    texts = [stored.summary, stored.lessons, *(e.text for e in stored.timeline)]
    found: set[str] = set().union(*(_tokens(t) for t in texts))
    assert [t for t in made if t not in found] == []
    seqs = [e.seq for e in stored.timeline]
    assert len(seqs) == len(set(seqs))
    assert reported > 0  # the windows did clash, and were told
    for _, doc, _ in windows:  # every window ends with what is stored
        assert doc.pm.summary == stored.summary
        assert sorted(e.text for e in doc.pm.timeline) == sorted(e.text for e in stored.timeline)
    for repo, _, _ in windows:
        repo.close()
    first.close()


def test_a_save_without_versions_still_moves_them(repo: Any) -> None:
    """The command line's one-shot writes raise the numbers too, so no window overwrites them."""
    pm_id = repo.create(Postmortem(summary="first"))
    pm, versions = repo.load_versioned(pm_id)
    doc = Document(pm)
    shared = together.Shared(pm, versions)
    other = repo.load(pm_id)
    other_doc = Document(other)
    other_doc.set_fields(summary="from the command line")
    repo.save(other_doc.pm, other_doc.take_dirty())
    doc.set_fields(summary="from the window")
    together.save(repo, doc, shared)
    assert [c.field for c in shared.conflicts.values()] == ["summary"]
    assert repo.load(pm_id).summary == "from the command line"


def test_a_save_that_lands_after_another_s_save_still_takes_the_other_in(db_path: Path) -> None:
    """A window saves its summary just after a colleague saved the lessons: the save goes
    through (different fields), and the window does not take itself to be in step, so its next
    look brings the colleague's lessons in."""
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository

    mine_repo = Repository(open_engine(resolve(str(db_path))))
    theirs_repo = Repository(open_engine(resolve(str(db_path))))
    pm_id = mine_repo.create(Postmortem(summary="Checkout failed."))
    pm, versions = mine_repo.load_versioned(pm_id)
    doc, shared = Document(pm), together.Shared(pm, versions)

    colleague, their_versions = theirs_repo.load_versioned(pm_id)
    other = Document(colleague)
    other.set_fields(lessons="Canaries catch bad deploys.")
    theirs_repo.save(other.pm, other.take_dirty(), their_versions)

    doc.set_fields(summary="Checkout failed for 12 minutes.")
    assert together.save(mine_repo, doc, shared)
    stored = mine_repo.revision(pm_id)
    assert shared.versions is not None and shared.versions.revision != stored  # not in step
    together.take_in(mine_repo, doc, shared)
    assert doc.pm.lessons == "Canaries catch bad deploys."
    assert doc.pm.summary == "Checkout failed for 12 minutes."
    assert mine_repo.load(pm_id).summary == "Checkout failed for 12 minutes."
