"""A little after start-up, a large library's review is worked out in the background."""

from __future__ import annotations

import pytest

from pmdesk.database import DatabaseLocation
from pmdesk.review import helper
from pmdesk.views.review import ahead


def test_the_main_window_starts_the_review_of_its_own_database(  # type: ignore[no-untyped-def]
    window, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[DatabaseLocation] = []

    def start(location: DatabaseLocation) -> int:
        started.append(location)
        return 4242

    monkeypatch.setattr(ahead, "start", start)
    monkeypatch.setattr(helper, "HELPERS", 1)  # a core idle
    window._review_ahead()  # a small library (this one is empty): nothing to do
    assert started == []
    monkeypatch.setattr(ahead, "FROM_POSTMORTEMS", 0)  # as if it were large
    window._review_ahead()
    assert started == [window.session.location]
    monkeypatch.setattr(helper, "HELPERS", 0)  # every core busy: the window checks for itself
    window._review_ahead()
    assert started == [window.session.location]
