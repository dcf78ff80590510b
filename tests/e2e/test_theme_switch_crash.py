"""Switching themes while some widgets are built but not yet shown never crashes the app.

Panels are built when first shown, so a window holds widgets Qt has styled but never polished.
Qt's style-sheet caches lose track of those when the last style-sheet style is deleted (see
pmdesk.ui.theme._CacheKeeper); after such a widget is deleted, the next restyle of the whole app
used to walk a dangling pointer. Run in a child process, with glibc overwriting freed memory
(MALLOC_PERTURB_) so that a use after free crashes every time rather than now and then.
"""

from __future__ import annotations

import subprocess
import sys

from tests.e2e.conftest import pmdesk_env

SWITCHES = """
from PySide6.QtWidgets import QApplication, QSpinBox, QWidget
import shiboken6
from pmdesk.ui import theme

app = QApplication([])
theme.apply(app, "light", 1.0)
built = [QSpinBox() for _ in range(20)]  # built, styled, never shown
theme.apply(app, "dark", 1.0)             # a theme switch
for box in built:
    box.sizeHint()                         # laid out while hidden
for box in built:
    shiboken6.delete(box)                  # the panel goes away with its window
built.clear()
others = [QWidget() for _ in range(50)]    # the freed memory is used again
theme.apply(app, "dark", 1.0)              # the same theme chosen again: Qt restyles from its caches
print("survived")
"""


def test_theme_and_zoom_switches_survive_widgets_built_but_never_shown() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SWITCHES],
        capture_output=True,
        text=True,
        timeout=120,
        env=pmdesk_env(MALLOC_PERTURB_="165"),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"
