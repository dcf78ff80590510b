"""FACTS.md: PySide6 6.12.0 on Python 3.11 dies after ~5,000 Qt calls that return None.

The pinned PySide6 must survive a long loop of such calls; run it in a child process so a crash
is a failed test, not a dead test run.
"""

from __future__ import annotations

import subprocess
import sys

from tests.e2e.conftest import pmdesk_env

LOOP = """
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication([])
edit = QLineEdit()
for _ in range(100_000):
    edit.setText("a")
print("survived")
"""


def test_setter_loop_survives() -> None:
    result = subprocess.run(
        [sys.executable, "-c", LOOP], capture_output=True, text=True, timeout=120, env=pmdesk_env()
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"
