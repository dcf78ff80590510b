"""A restart reopens the last postmortem without loading what only later work needs.

Each module named here once sat on the way to the ready window and cost milliseconds there; the
window must still come back whole (the postmortem open, its lines underlined) without them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import pmdesk_env, remember_last_open

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "payment-service-outage.json"

# Loaded later, when their work comes: a team's rules file, an export, a hover, a new item.
NOT_AT_START = (
    "pmdesk.language.engine",  # the blame check itself: the memo underlines a reopened text
    "pmdesk.language.rules",  # the rules files, read when the engine first checks a line
    "pmdesk.language._ruleset",  # the rules' classes and their checks' patterns
    "pmdesk.language._text",  # the engine's text preparation and its patterns
    "hashlib",  # OpenSSL's digests; the memo's stamp is a CRC
    "html",  # its entity tables; the guidance escapes three characters itself
    "uuid",  # loads `platform`; start-up makes no new item
    "socket",  # the host name in a window's id comes from `uname`
    "getpass",  # the user's name is asked for when the window first says it is there
    "sqlalchemy",  # the database layer, loaded once start-up has gone quiet
)

# The app as `pmdesk --db DB --smoke-test` runs it, reporting what is loaded once it is ready.
_PROGRAM = """
import json, sys
from pmdesk.views import main_window
seen = {}
finish = main_window.MainWindow.finish_startup
def finish_and_look(window):
    finish(window)
    doc = window.session.doc
    seen["title"] = doc.pm.title if doc is not None else None
    seen["loaded"] = sorted(name for name in NAMES if name in sys.modules)
main_window.MainWindow.finish_startup = finish_and_look
NAMES = set(json.loads(sys.argv[2]))
from pmdesk.cli import main
code = main(["--db", sys.argv[1], "--smoke-test"])
print(json.dumps(seen))
sys.exit(code)
"""


def test_a_restart_reopens_the_postmortem_without_the_later_modules(tmp_path: Path) -> None:
    db = str(tmp_path / "pm.sqlite3")
    env = pmdesk_env(
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PMDESK_FINDINGS_MEMO=str(tmp_path / "memo.bin"),
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, *args], capture_output=True, text=True, env=env, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done

    run("-m", "pmdesk", "--db", db, "import", str(SAMPLE))
    run("-c", remember_last_open(db))
    run("-m", "pmdesk", "--db", db, "--smoke-test")  # the run before: fills the findings memo

    done = run("-c", _PROGRAM, db, json.dumps(NOT_AT_START))
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["title"] == "Payment service outage - April 15, 2026"
    assert seen["loaded"] == []
