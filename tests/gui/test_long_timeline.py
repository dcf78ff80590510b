"""A long timeline in the table: shifting times moves every row's time, keeps the selected event
selected wherever it goes, and undo puts every row back as it was.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from pmdesk.model import Postmortem, TimelineEvent
from pmdesk.operations import timeline as timeline_ops
from pmdesk.ui.timeline_model import TimelineModel
from pmdesk.views.timeline import TimelinePanel

START = datetime(2026, 4, 15, 14, 0, tzinfo=UTC)
TIME, TEXT = TimelineModel.TIME, TimelineModel.TEXT


def opened(qtbot: QtBot, session: Any, count: int) -> TimelinePanel:
    events = [
        TimelineEvent(at=START + timedelta(minutes=n // 3), text=f"event {n}", seq=n)
        for n in range(count)
    ]
    pm_id = session.create(Postmortem(title="Long log", timeline=events))
    panel = TimelinePanel(session, clock=lambda: START)
    qtbot.addWidget(panel)
    session.open(pm_id)
    panel.resize(1280, 720)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def shown(panel: TimelinePanel) -> list[tuple[str, str]]:
    model = panel.model
    return [
        (model.index(row, TIME).data(), model.index(row, TEXT).data())
        for row in range(model.rowCount())
    ]


def select(panel: TimelinePanel, row: int) -> None:
    flags = QItemSelectionModel.SelectionFlag
    panel.table.selectionModel().setCurrentIndex(
        panel.model.index(row, TEXT), flags.ClearAndSelect | flags.Rows
    )


def selected_texts(panel: TimelinePanel) -> list[str]:
    rows = sorted({index.row() for index in panel.table.selectionModel().selectedIndexes()})
    return [panel.model.index(row, TEXT).data() for row in rows]


def test_shifting_every_time_shows_every_new_time_and_undo_shows_the_old(
    qtbot: QtBot, session: Any, qtmodeltester: Any
) -> None:
    panel = opened(qtbot, session, 600)
    select(panel, 250)
    assert selected_texts(panel) == ["event 250"]
    before = shown(panel)
    doc = session.doc
    every = [event.id for event in doc.pm.timeline]
    session.apply(timeline_ops.shift_events(doc, every, timedelta(minutes=5)))

    after = shown(panel)
    assert [text for _, text in after] == [text for _, text in before]
    expected = [(e.at.strftime("%H:%M"), e.text) for e in doc.pm.timeline]
    assert after == expected
    assert after[0][0] == "14:05" and before[0][0] == "14:00"
    assert selected_texts(panel) == ["event 250"]
    assert session.undo_stack.undoText() == "Shift 600 events by +5 min"
    qtmodeltester.check(panel.model)

    session.undo()
    assert shown(panel) == before
    assert selected_texts(panel) == ["event 250"]
    session.redo()
    assert shown(panel) == after


def test_events_shifted_past_others_move_rows_and_the_selection_follows(
    qtbot: QtBot, session: Any
) -> None:
    panel = opened(qtbot, session, 300)
    select(panel, 30)  # one of those shifted
    assert selected_texts(panel) == ["event 30"]
    before = shown(panel)
    doc = session.doc
    moving = [event.id for event in doc.pm.timeline[::3]]
    session.apply(timeline_ops.shift_events(doc, moving, timedelta(minutes=7)))

    rows = [panel.model.event_at(row).id for row in range(panel.model.rowCount())]
    assert rows == [event.id for event in doc.pm.timeline]
    ordered = [(e.at, e.seq) for e in doc.pm.timeline]
    assert ordered == sorted(ordered)
    assert shown(panel) != before
    assert selected_texts(panel) == ["event 30"]
    current = panel.table.currentIndex()
    assert current.data(Qt.ItemDataRole.DisplayRole) == "event 30"

    session.undo()
    assert shown(panel) == before
    assert selected_texts(panel) == ["event 30"]
