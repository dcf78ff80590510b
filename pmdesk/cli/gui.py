"""`pmdesk` with no command: open the app, on the shortest path to the first window."""

from __future__ import annotations

import os
import sys
import time
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

# The clock for `--smoke-test`'s time to first paint starts when the command line is loaded.
STARTED = time.perf_counter()


def plain_gui_start(args: list[str]) -> SimpleNamespace | None:
    """`pmdesk`, `pmdesk --db X`, `pmdesk --smoke-test`: start the app without building the parser.

    The parser (and argparse itself) cost milliseconds on the way to the first paint; anything
    else, including mistakes, goes through the full parser and its messages.
    """
    db, smoke, rest = None, False, list(args)
    while rest:
        word = rest.pop(0)
        if word == "--smoke-test":
            smoke = True
        elif word == "--db" and rest and not rest[0].startswith("-"):
            db = rest.pop(0)
        elif word.startswith("--db=") and len(word) > 5:
            db = word[5:]
        else:
            return None
    return SimpleNamespace(command=None, db=db, smoke_test=smoke)


def run_gui(args: argparse.Namespace | SimpleNamespace) -> int:
    problem = _no_display()
    if problem:
        sys.stderr.write(f"pmdesk: error: {problem}\n")
        return 2
    import gc

    gc.disable()  # until the window is ready: see pmdesk.views.app.collect_garbage_from_now_on
    from pmdesk.storage.door import StorageDoor
    from pmdesk.ui.qt_start import import_qt

    import_qt()  # before the app's modules: each one imported after PySide6 is scanned
    from pmdesk.cli.common import facts_to_store
    from pmdesk.views.app import run

    def door(db: str | None) -> StorageDoor:
        return StorageDoor.at(db, language_facts=facts_to_store)

    return run(door, db=args.db, smoke_test=args.smoke_test, started=STARTED)


def _no_display() -> str | None:
    """Why no window can open here, checked before Qt (whose own abort blames a missing library)."""
    if sys.platform in ("win32", "darwin"):
        return None
    if any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return (
        "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); start it "
        "from a desktop session, or headless with QT_QPA_PLATFORM=offscreen, or use a command "
        "(pmdesk --help)"
    )
