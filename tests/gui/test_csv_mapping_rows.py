"""File > Import timeline with a CSV: the column dialog shows "Dates order" only with its choice.
Where the file's dates settle nothing to choose (ISO dates), the choice was hidden and its label
"Dates order" was left alone on its row, with nothing beside it (walked at 1280x720)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from pmdesk.views import csv_mapping
from pmdesk.views.timeline import importing
from tests.gui.conftest import ROOT
from tests.gui.keyboard import press

TIMELINES = ROOT / "resources" / "samples" / "timeline"


def _rows_shown(qtbot, window, monkeypatch, path: Path) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    """Import `path` as a person does (Ctrl+Shift+I); the labels of the column dialog's rows,
    each with whether it shows. The dialog is cancelled: nothing is imported."""
    seen: dict[str, bool] = {}

    def look(dialog: csv_mapping.CsvMappingDialog) -> int:
        for label in dialog.findChildren(QLabel):
            if label.buddy() is not None:
                seen[label.text().replace("&", "")] = label.isVisibleTo(dialog)
        seen["choice shown"] = dialog.date_order_combo.isVisibleTo(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(csv_mapping.CsvMappingDialog, "exec", look)
    monkeypatch.setattr(
        importing.QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], "")
    )
    window.show_panel("timeline")
    events = len(window.session.doc.pm.timeline)
    press(
        qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: bool(seen))
    assert len(window.session.doc.pm.timeline) == events
    return seen


@pytest.mark.parametrize(
    ("name", "shown"), [("deploy-log.csv", False), ("incident-sheet.csv", True)]
)
def test_dates_order_shows_with_its_choice_or_not_at_all(
    qtbot, sample, monkeypatch: pytest.MonkeyPatch, name: str, shown: bool
) -> None:  # type: ignore[no-untyped-def]
    rows = _rows_shown(qtbot, sample, monkeypatch, TIMELINES / name)
    assert rows["choice shown"] is shown  # ISO dates: nothing to choose; 15/04/2026: read
    assert rows["Dates order"] is shown
    assert rows["Time (required)"] and rows["What happened (required)"]
