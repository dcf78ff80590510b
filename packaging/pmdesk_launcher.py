"""The bundled app's entry script: the same `pmdesk` command as an installed pmdesk.

PyInstaller needs a script rather than an entry point. In a windowed Windows build there is no
console, so stdout and stderr are None: they are pointed at the null device so that a message
written by the command line never turns into a crash.
"""

from __future__ import annotations

import os
import sys

if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the app
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

from pmdesk.cli import main

raise SystemExit(main())
