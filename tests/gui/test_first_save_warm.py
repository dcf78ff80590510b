"""The first save after a restart is no slower than the next: what it needs is worked out beside
the window after start-up.

Each save that changes a checked text keeps the review's language facts with the postmortem; a
restart starts with none of the texts' answers remembered. After start-up the app works the open
postmortem's facts out in the background (pmdesk.views.app.warm_up), so the first save checks
only what was typed since. Measured in benchmarks/first_save.py; here, what the save checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"


def _restarted(db_path: Path, *, facts: bool = True) -> Any:
    """A session as a restart makes it: a fresh door on the database, nothing opened yet."""
    from pmdesk.cli.common import facts_to_store
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.location import resolve
    from pmdesk.ui.session import DocumentSession

    door = StorageDoor(resolve(str(db_path)), language_facts=facts_to_store if facts else None)
    return DocumentSession(door)


@pytest.fixture
def published(qapp: Any, db_path: Path) -> int:
    """The sample, published, with texts no earlier test checked (their answers are not
    remembered in this process)."""
    from pmdesk.interchange import load_file
    from pmdesk.model import Status

    pm = load_file(SAMPLE)
    pm.status = Status.PUBLISHED
    fresh = uuid4().hex
    pm.summary += f" Ticket {fresh}."
    pm.lessons += f" See ticket {fresh}."
    session = _restarted(db_path, facts=False)
    pm_id: int = session.create(pm)
    session.repo.close()
    return pm_id


def _checked_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from pmdesk.review import stored

    checked: list[str] = []
    real = stored.lint

    def lint(text: str, context: Any) -> Any:
        checked.append(text)
        return real(text, context)

    monkeypatch.setattr(stored, "lint", lint)
    return checked


def test_after_warming_up_the_first_save_checks_only_what_was_typed(
    db_path: Path, published: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmdesk.operations import items
    from pmdesk.views.app import warm_up

    session = _restarted(db_path)
    session.open(published)
    warm_up(session)  # as the app does in the idle moment after start-up
    warming = session.door.warming
    assert warming is not None
    warming.join(timeout=120)
    assert not warming.is_alive()

    checked = _checked_texts(monkeypatch)
    session.apply(items.set_fields(session.doc, "Title", title="Card payments failed for 47 min"))
    assert session.save_now()
    assert checked and all("Card payments failed for 47 min" in text for text in checked)
    stored = session.repo.review_facts([published])[published]
    assert stored.key  # the facts were kept with the save
    session.close()
    session.repo.close()


def test_without_warming_the_first_save_checks_every_text(
    db_path: Path, published: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the warm-up saves the first save (and that the check above can tell)."""
    from pmdesk.operations import items

    session = _restarted(db_path)
    session.open(published)
    checked = _checked_texts(monkeypatch)
    session.apply(items.set_fields(session.doc, "Title", title="Card payments failed for 47 min"))
    assert session.save_now()
    assert any("Ticket" in text and "Card payments" not in text for text in checked)
    session.close()
    session.repo.close()


def test_a_postmortem_opened_after_start_up_is_warmed_too(db_path: Path, published: int) -> None:
    session = _restarted(db_path)
    session.warm_saving()  # start-up with no postmortem open: nothing to work out yet
    assert session.door.warming is None
    session.open(published)
    warming = session.door.warming
    assert warming is not None
    warming.join(timeout=120)
    session.close()
    session.repo.close()
