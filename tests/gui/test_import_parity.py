"""One timeline file imported from the command line and from the Timeline panel lands the same.

Both go through pmdesk.operations: times written without a date take the incident's day, in the
timeline's zone; events already in the timeline are not added twice; new events keep file order.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from pmdesk.model import Postmortem, TimelineEvent
from pmdesk.storage.door import StorageDoor
from pmdesk.storage.engine import open_engine
from pmdesk.storage.location import resolve
from pmdesk.storage.repository import Repository
from pmdesk.ui.session import DocumentSession
from pmdesk.views import csv_mapping, import_preview
from pmdesk.views.timeline import TimelinePanel

BERLIN = timezone(timedelta(hours=2))
NOTES = (
    "time,text\n"
    "14:33,Error rate rises to 34%\n"
    "14:32,Deploy of payment-service v2.4.1\n"  # already in the timeline
    "14:35,Alert fires\n"
    "14:35,On-call paged\n"  # same minute: stays after the alert
)


def _incident() -> Postmortem:
    # The incident is recorded in UTC; the timeline so far was written in Berlin time.
    return Postmortem(
        title="Checkout errors",
        started_at=datetime(2026, 4, 15, 12, 30, tzinfo=UTC),
        timeline=[
            TimelineEvent(
                at=datetime(2026, 4, 15, 14, 32, tzinfo=BERLIN),
                text="Deploy of payment-service v2.4.1",
            )
        ],
    )


def _create(db: Path) -> int:
    repo = Repository(open_engine(resolve(str(db))))
    try:
        return repo.create(_incident())
    finally:
        repo.close()


def _timeline(db: Path, postmortem_id: int) -> list[tuple[datetime, str, str]]:
    repo = Repository(open_engine(resolve(str(db))))
    try:
        pm = repo.load(postmortem_id)
    finally:
        repo.close()
    ordered = sorted(pm.timeline, key=lambda e: (e.at, e.seq))
    return [(e.at, e.text, e.source) for e in ordered]


def test_cli_and_panel_import_the_same_events(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text(NOTES, encoding="utf-8")

    from_cli = tmp_path / "cli.sqlite3"
    cli_id = _create(from_cli)
    command = ["--db", str(from_cli), "import-timeline", str(cli_id), str(notes)]
    done = subprocess.run(
        [sys.executable, "-m", "pmdesk", *command],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout == f"added 3 events to postmortem {cli_id} (1 already in the timeline, "
        "not added again)\n"
    )

    def accept(_dialog: Any) -> int:
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(csv_mapping.CsvMappingDialog, "exec", accept)
    monkeypatch.setattr(import_preview.ImportPreviewDialog, "exec", accept)
    from_gui = tmp_path / "gui.sqlite3"
    gui_id = _create(from_gui)
    session = DocumentSession(StorageDoor(resolve(str(from_gui))))
    panel = TimelinePanel(session)
    qtbot.addWidget(panel)
    session.open(gui_id)
    assert panel.import_file(notes) == 3
    assert session.save_now()
    session.close()

    landed = _timeline(from_gui, gui_id)
    assert landed == _timeline(from_cli, cli_id)
    berlin = [(at.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M"), text) for at, text, _ in landed]
    assert berlin == [
        ("2026-04-15 14:32", "Deploy of payment-service v2.4.1"),
        ("2026-04-15 14:33", "Error rate rises to 34%"),
        ("2026-04-15 14:35", "Alert fires"),
        ("2026-04-15 14:35", "On-call paged"),
    ]
