"""The share window's sizes follow the screen it is on (tests/gui/two_screen_checks.py, in a Qt of
its own on two virtual screens: a laptop at 150% as the primary one, and a 1080p monitor)."""

from __future__ import annotations

from pathlib import Path

from tests.gui.own_qt import run_checks

ROOT = Path(__file__).resolve().parents[2]


def test_on_two_screens_the_share_window_and_dialogs_are_placed_for_their_screen() -> None:
    platform = f"offscreen:configfile={ROOT / 'tests' / 'offscreen-two-screens.json'}"
    run_checks(Path(__file__).with_name("two_screen_checks.py"), QT_QPA_PLATFORM=platform)
