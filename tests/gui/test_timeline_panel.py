"""The Timeline panel driven like a facilitator drives it: typing in cells, keys, paste, import.

Each test acts through the real table (delegate editors, shortcuts, the clipboard) and checks
what the facilitator would notice: the rows, the durations strip, the undo history, and what the
database holds after a save.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from pmdesk.interchange import load_file
from pmdesk.model import SOURCES, Marker, Postmortem, TimelineEvent
from pmdesk.ui.session import DocumentSession
from pmdesk.ui.timeline_model import TimelineModel
from pmdesk.views import csv_mapping, import_preview, paste_preview
from pmdesk.views.timeline import TimelinePanel
from pmdesk.views.timeline import importing as timeline_module
from pmdesk.views.timeline import sheets as sheets_view

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
DAY = datetime(2026, 4, 15, tzinfo=UTC)
CTRL = Qt.KeyboardModifier.ControlModifier
TIME, RELATIVE, TEXT, SOURCE, MARKER, ADDED_BY = range(6)


def at(hhmm: str) -> datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return DAY.replace(hour=hour, minute=minute)


def events(*rows: tuple[str, str]) -> list[TimelineEvent]:
    return [TimelineEvent(at=at(t), text=text) for t, text in rows]


class Panel:
    """The panel in a shown window, plus the few moves a facilitator makes on it."""

    def __init__(self, qtbot: QtBot, session: DocumentSession, pm: Postmortem) -> None:
        self.qtbot = qtbot
        self.session = session
        self.id = session.create(pm)
        self.messages: list[str] = []
        self.widget = TimelinePanel(
            session, clock=lambda: datetime(2026, 4, 16, 9, 30, 42, tzinfo=UTC)
        )
        self.widget.statusMessage.connect(self.messages.append)
        qtbot.addWidget(self.widget)
        session.open(self.id)
        self.widget.resize(1280, 720)
        self.widget.show()
        qtbot.waitExposed(self.widget)
        self.widget.activateWindow()
        self.table.setFocus()

    @property
    def table(self) -> Any:
        return self.widget.table

    @property
    def model(self) -> TimelineModel:
        return self.widget.model

    def texts(self) -> list[str]:
        return [self.model.index(r, TEXT).data(Qt.ItemDataRole.EditRole) for r in self.rows()]

    def times(self) -> list[str]:
        return [self.model.index(r, TIME).data() for r in self.rows()]

    def rows(self) -> range:
        return range(self.model.rowCount())

    def row_of(self, text: str) -> int:
        return self.texts().index(text)

    def select(self, *rows: int) -> None:
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        selection.setCurrentIndex(
            self.model.index(rows[0], TEXT), flags.ClearAndSelect | flags.Rows
        )
        for row in rows[1:]:
            selection.select(self.model.index(row, TEXT), flags.Select | flags.Rows)
        self.table.setFocus()

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):  # type: ignore[no-untyped-def]
        self.qtbot.keyClick(self.table, key, modifier)

    def open_editor(self, row: int, column: int) -> Any:
        index = self.model.index(row, column)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.press(Qt.Key.Key_F2)
        editor = self.table.indexWidget(index)
        assert editor is not None, "no editor opened"
        return editor

    def type_into(self, row: int, column: int, text: str, key: Qt.Key = Qt.Key.Key_Return) -> Any:
        """Open the cell's editor, replace its text, and press Enter (or another key)."""
        editor = self.open_editor(row, column)
        line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
        line.selectAll()
        self.qtbot.keyClicks(line, text)
        self.qtbot.keyClick(line, key)
        return editor

    def wait_closed(self, row: int, column: int) -> None:
        index = self.model.index(row, column)
        self.qtbot.waitUntil(lambda: self.table.indexWidget(index) is None, timeout=2000)

    def saved(self) -> Postmortem:
        assert self.session.save_now()
        return self.session.repo.load(self.id)


@pytest.fixture
def sample(qtbot: QtBot, session: DocumentSession) -> Panel:
    return Panel(qtbot, session, load_file(SAMPLES / "payment-service-outage.json"))


@pytest.fixture
def small(qtbot: QtBot, session: DocumentSession) -> Panel:
    pm = Postmortem(
        title="Checkout errors",
        timeline=events(
            ("14:32", "Deploy of payment-service v2.4.1"),
            ("14:33", "Error rate 0.1% -> 34%"),
            ("14:35", "Alert fires"),
            ("14:37", "On-call acknowledges"),
        ),
    )
    return Panel(qtbot, session, pm)


@pytest.fixture
def empty(qtbot: QtBot, session: DocumentSession) -> Panel:
    return Panel(qtbot, session, Postmortem(title="Fresh incident"))


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Every dialog the panel opens is accepted at once and remembered; none blocks."""
    seen: dict[str, list[Any]] = {"paste": [], "csv": [], "preview": [], "warnings": []}

    def accept_preview(dialog: import_preview.ImportPreviewDialog) -> int:
        seen["preview"].append(dialog)
        return QDialog.DialogCode.Accepted

    def accept_paste(dialog: paste_preview.PastePreviewDialog) -> int:
        seen["paste"].append(dialog)
        return QDialog.DialogCode.Accepted

    def accept_csv(dialog: csv_mapping.CsvMappingDialog) -> int:
        seen["csv"].append(dialog)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(paste_preview.PastePreviewDialog, "exec", accept_paste)
    monkeypatch.setattr(csv_mapping.CsvMappingDialog, "exec", accept_csv)
    monkeypatch.setattr(import_preview.ImportPreviewDialog, "exec", accept_preview)
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        lambda parent, title, text, *a: (
            seen["warnings"].append(text) or QMessageBox.StandardButton.Ok
        ),
    )
    return seen


# -- the model ------------------------------------------------------------------------------------


def test_model_passes_the_qt_model_checks_with_data_and_after_edits(
    qtmodeltester: Any, sample: Panel
) -> None:
    qtmodeltester.check(sample.model)
    sample.type_into(0, TIME, "14:52")  # moves the first row to the end
    sample.qtbot.waitUntil(lambda: sample.times()[-1] == "14:52", timeout=2000)
    assert sample.texts()[-1].startswith("payment-service v2.4.1 passes")
    sample.press(Qt.Key.Key_Delete)  # the moved row is still the selected one
    qtmodeltester.check(sample.model)
    assert sample.model.rowCount() == 11
    assert not any(t.startswith("payment-service v2.4.1 passes") for t in sample.texts())


def test_the_sample_shows_times_markers_and_measured_durations(sample: Panel) -> None:
    assert sample.times()[:3] == ["14:20", "14:32", "14:33"]
    assert sample.model.index(1, MARKER).data() == "Trigger"
    assert sample.model.index(2, MARKER).data() == "—"
    assert sample.widget.durations.texts() == [
        "Time to detect: 3 min",
        "Time to acknowledge: 5 min",
        "Time to mitigate: 9 min",
        "Time to resolve: 18 min",
        "Total duration: 30 min",
    ]
    assert sample.widget.zone_label.text() == "Times in UTC"


# -- typing in the table ---------------------------------------------------------------------------


def test_typing_a_time_moves_the_event_into_order_and_is_saved(small: Panel) -> None:
    small.type_into(1, TIME, "14:36")
    small.qtbot.waitUntil(lambda: small.texts()[2] == "Error rate 0.1% -> 34%", timeout=2000)
    assert small.times() == ["14:32", "14:35", "14:36", "14:37"]
    assert small.session.undo_stack.count() == 1

    saved = small.saved()
    assert [e.text for e in saved.timeline][2] == "Error rate 0.1% -> 34%"
    assert saved.timeline[2].at == at("14:36")

    small.session.undo()
    assert small.times() == ["14:32", "14:33", "14:35", "14:37"]
    assert small.saved().timeline[1].at == at("14:33")
    small.session.redo()
    assert small.times() == ["14:32", "14:35", "14:36", "14:37"]


def test_loose_times_are_read_against_the_row_above(small: Panel) -> None:
    small.type_into(3, TIME, "+10m")  # ten minutes after 14:35
    small.qtbot.waitUntil(lambda: small.times()[3] == "14:45", timeout=2000)
    small.type_into(2, TIME, "2:34 pm")
    small.qtbot.waitUntil(lambda: small.times()[2] == "14:34", timeout=2000)
    small.type_into(0, TIME, "14:31:20")
    small.qtbot.waitUntil(lambda: small.times()[0] == "14:31:20", timeout=2000)
    # One event now has seconds, so every time shows them.
    assert small.times() == ["14:31:20", "14:33:00", "14:34:00", "14:45:00"]
    assert small.saved().timeline[0].at == DAY.replace(hour=14, minute=31, second=20)


def test_a_time_after_midnight_below_a_late_event_is_the_next_day(qtbot: QtBot, session) -> None:  # type: ignore[no-untyped-def]
    panel = Panel(
        qtbot,
        session,
        Postmortem(timeline=events(("23:50", "Batch job starts"), ("23:55", "Queue grows"))),
    )
    panel.type_into(1, TIME, "00:10")
    qtbot.waitUntil(lambda: panel.times()[1] != "23:55", timeout=2000)
    # Events now span two days, so the dates are shown.
    assert panel.times() == ["2026-04-15 23:50", "2026-04-16 00:10"]
    assert panel.saved().timeline[1].at == datetime(2026, 4, 16, 0, 10, tzinfo=UTC)


def reopened(panel: Panel, index: Any) -> bool:
    """The refused cell's editor is open again, marked as holding unreadable text."""
    editor = panel.table.indexWidget(index)
    return bool(editor is not None and editor.property("invalid"))


def test_an_unreadable_time_is_refused_in_place_and_the_typed_text_kept(small: Panel) -> None:
    small.type_into(1, TIME, "14:7x")
    index = small.model.index(1, TIME)
    # The editor comes back holding what was typed, and the reason is shown under the table.
    small.qtbot.waitUntil(lambda: reopened(small, index), timeout=2000)
    editor = small.table.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "14:7x"
    assert editor.property("invalid") is True
    assert small.widget.error_label.isVisible()
    assert "'14:7x' is not a time" in small.widget.error_label.text()
    assert small.times()[1] == "14:33"
    assert small.session.undo_stack.count() == 0

    # Fixing it in the same editor is accepted and clears the message.
    editor.selectAll()
    small.qtbot.keyClicks(editor, "14:34")
    small.qtbot.keyClick(editor, Qt.Key.Key_Return)
    small.qtbot.waitUntil(lambda: small.times()[1] == "14:34", timeout=2000)
    assert not small.widget.error_label.isVisible()
    assert small.saved().timeline[1].at == at("14:34")


def test_escape_after_a_refused_time_keeps_the_old_time(small: Panel) -> None:
    small.type_into(2, TIME, "25:00")
    index = small.model.index(2, TIME)
    small.qtbot.waitUntil(lambda: reopened(small, index), timeout=2000)
    assert "there is no hour 25" in small.widget.error_label.text()
    small.qtbot.keyClick(small.table.indexWidget(index), Qt.Key.Key_Escape)
    small.wait_closed(2, TIME)
    assert not small.widget.error_label.isVisible()
    assert small.times()[2] == "14:35"
    # The next edit of that cell starts from the saved time again.
    assert small.open_editor(2, TIME).text() == "14:35"


def test_pressing_enter_on_an_unchanged_time_changes_nothing(qtbot: QtBot, session) -> None:  # type: ignore[no-untyped-def]
    precise = DAY.replace(hour=14, minute=35, second=1, microsecond=204000)
    panel = Panel(qtbot, session, Postmortem(timeline=[TimelineEvent(at=precise, text="Alert")]))
    panel.type_into(0, TIME, panel.model.index(0, TIME).data(Qt.ItemDataRole.EditRole))
    panel.wait_closed(0, TIME)
    assert session.undo_stack.count() == 0
    assert session.doc.pm.timeline[0].at == precise


def test_text_source_and_marker_are_edited_in_place(small: Panel) -> None:
    editor = small.open_editor(0, TEXT)
    editor.selectAll()
    small.qtbot.keyClicks(editor, "Deploy of payment-service v2.4.1")
    editor.insert(" — 12 pods, Zürich 🚀")  # QTest types ASCII only; an input method does the rest
    small.qtbot.keyClick(editor, Qt.Key.Key_Return)
    small.qtbot.waitUntil(lambda: "Zürich" in small.texts()[0], timeout=2000)

    # Source: the known sources to pick from, or any other word.
    combo = small.open_editor(0, SOURCE)
    assert isinstance(combo, QComboBox) and combo.isEditable()
    assert [combo.itemText(i) for i in range(combo.count())] == list(SOURCES)
    small.qtbot.keyClick(combo, Qt.Key.Key_Escape)
    small.wait_closed(0, SOURCE)
    small.type_into(0, SOURCE, "status page")
    small.qtbot.waitUntil(
        lambda: small.model.index(0, SOURCE).data() == "status page", timeout=2000
    )

    # Marker: the combo offers none plus the seven milestones.
    combo = small.open_editor(0, MARKER)
    assert combo.count() == 1 + len(Marker)
    combo.setCurrentIndex(combo.findData("trigger"))
    small.qtbot.keyClick(combo, Qt.Key.Key_Return)
    small.qtbot.waitUntil(lambda: small.model.index(0, MARKER).data() == "Trigger", timeout=2000)
    assert small.session.undo_stack.count() == 3

    saved = small.saved().timeline[0]
    assert saved.text == "Deploy of payment-service v2.4.1 — 12 pods, Zürich 🚀"
    assert (saved.source, saved.marker) == ("status page", Marker.TRIGGER)


def test_markers_set_in_the_table_drive_the_durations_strip(small: Panel) -> None:
    strip = small.widget.durations
    assert strip.texts()[0] == "Time to detect: No events are marked Trigger or Detection"
    assert strip.texts()[4] == "Total duration: 5 min"

    for row, marker in ((0, "trigger"), (2, "detection")):
        combo = small.open_editor(row, MARKER)
        combo.setCurrentIndex(combo.findData(marker))
        small.qtbot.keyClick(combo, Qt.Key.Key_Return)
        small.wait_closed(row, MARKER)
    assert strip.texts()[0] == "Time to detect: 3 min"
    assert strip.texts()[1] == "Time to acknowledge: No event is marked Acknowledgement"

    small.session.undo()
    assert strip.texts()[0] == "Time to detect: No event is marked Detection"


# -- adding, deleting, duplicating -----------------------------------------------------------------


def test_insert_adds_a_minute_after_the_selected_event_and_edits_its_text(small: Panel) -> None:
    small.select(2)  # 14:35 Alert fires
    small.press(Qt.Key.Key_Insert)
    assert small.times() == ["14:32", "14:33", "14:35", "14:36", "14:37"]
    editor = small.table.indexWidget(small.model.index(3, TEXT))
    assert isinstance(editor, QLineEdit) and editor.hasFocus()
    small.qtbot.keyClicks(editor, "Dashboard checked: looks normal")
    small.qtbot.keyClick(editor, Qt.Key.Key_Return)
    small.qtbot.waitUntil(
        lambda: small.texts()[3] == "Dashboard checked: looks normal", timeout=2000
    )

    saved = small.saved().timeline
    assert [(e.at, e.text) for e in saved][3] == (at("14:36"), "Dashboard checked: looks normal")

    small.session.undo()  # the text
    assert small.texts()[3] == ""
    small.session.undo()  # the row
    assert small.model.rowCount() == 4
    assert len(small.saved().timeline) == 4


def test_ctrl_enter_on_an_empty_timeline_adds_an_event_now(empty: Panel) -> None:
    assert empty.widget.empty_hint.isVisible()
    empty.press(Qt.Key.Key_Return, CTRL)
    assert empty.model.rowCount() == 1
    assert not empty.widget.empty_hint.isVisible()
    assert empty.session.doc.pm.timeline[0].at == datetime(2026, 4, 16, 9, 30, tzinfo=UTC)
    editor = empty.table.indexWidget(empty.model.index(0, TEXT))
    empty.qtbot.keyClicks(editor, "Customer reports failed payments")
    # Ctrl+Enter in the cell commits it and starts the next event a minute later.
    empty.qtbot.keyClick(editor, Qt.Key.Key_Return, CTRL)
    empty.qtbot.waitUntil(lambda: empty.model.rowCount() == 2, timeout=2000)
    assert empty.texts() == ["Customer reports failed payments", ""]
    assert empty.times() == ["09:30", "09:31"]


def test_delete_removes_several_rows_as_one_undo_step(small: Panel) -> None:
    small.select(0, 2, 3)
    small.press(Qt.Key.Key_Delete)
    assert small.texts() == ["Error rate 0.1% -> 34%"]
    assert small.session.undo_stack.count() == 1
    assert [e.text for e in small.saved().timeline] == ["Error rate 0.1% -> 34%"]

    small.session.undo()
    assert small.times() == ["14:32", "14:33", "14:35", "14:37"]
    assert len(small.saved().timeline) == 4
    small.session.redo()
    assert small.model.rowCount() == 1


def test_ctrl_d_duplicates_the_selected_events_next_to_them(small: Panel) -> None:
    small.select(1, 2)
    small.press(Qt.Key.Key_D, CTRL)
    assert small.texts() == [
        "Deploy of payment-service v2.4.1",
        "Error rate 0.1% -> 34%",
        "Error rate 0.1% -> 34%",
        "Alert fires",
        "Alert fires",
        "On-call acknowledges",
    ]
    assert small.session.undo_stack.count() == 1
    saved = small.saved().timeline
    assert len({e.id for e in saved}) == 6
    small.session.undo()
    assert small.model.rowCount() == 4


def test_relative_column_is_shown_on_request(small: Panel) -> None:
    assert small.table.isColumnHidden(RELATIVE)
    small.widget.relative_box.click()
    assert not small.table.isColumnHidden(RELATIVE)
    assert [small.model.index(r, RELATIVE).data() for r in small.rows()] == [
        "+0:00",
        "+0:01",
        "+0:03",
        "+0:05",
    ]


# -- paste -----------------------------------------------------------------------------------------


PASTED = """\
14:38 — Customer support reports failed card payments
[14:40:05] Rollback to v2.4.0 started
this line has no time at all
Ana Souza  2:44 PM
rollback done, errors back to 0.2%
"""


def test_ctrl_v_previews_and_adds_pasted_lines_as_one_step(
    small: Panel, dialogs: dict[str, list[Any]]
) -> None:
    QApplication.clipboard().setText(PASTED)
    small.select(3)
    small.press(Qt.Key.Key_V, CTRL)

    (dialog,) = dialogs["paste"]
    assert dialog.events_model.rowCount() == 3
    assert dialog.problems_model.rowCount() == 1
    problem = [dialog.problems_model.index(0, c).data() for c in range(3)]
    assert problem[:2] == ["3", "this line has no time at all"]
    assert "Add 3 events" in [b.text() for b in dialog.buttons.buttons()]

    assert small.model.rowCount() == 7
    assert small.texts()[4:] == [
        "Customer support reports failed card payments",
        "Rollback to v2.4.0 started",
        "Ana Souza: rollback done, errors back to 0.2%",
    ]
    assert small.times()[5] == "14:40:05"
    assert small.session.undo_stack.count() == 1
    assert small.messages[-1] == "Added 3 events from the clipboard; 1 line was not read"
    saved = small.saved().timeline
    assert [e.source for e in saved][-1] == "chat"
    assert saved[5].at == DAY.replace(hour=14, minute=40, second=5)

    small.session.undo()
    assert small.model.rowCount() == 4
    small.session.redo()
    assert small.model.rowCount() == 7


CHAT_AND_LOG = """\
[14:38] <raj> checkout is throwing 500s
14:39 Ana Souza: rolling back to v2.4.0
2026-04-15T14:40:05Z ERROR payment-service card declined rate 34%
14:41 Rollback finished
"""


def test_pasted_chat_and_log_lines_keep_their_source_into_the_report(
    qtbot: QtBot, session: DocumentSession, dialogs: dict[str, list[Any]]
) -> None:
    from pmdesk.model import Attendee
    from pmdesk.report.markdown import render_markdown

    pm = Postmortem(
        title="Checkout errors",
        attendees=[Attendee(name="Ana Souza"), Attendee(name="Raj Patel")],
        timeline=events(("14:32", "Deploy of payment-service v2.4.1")),
    )
    panel = Panel(qtbot, session, pm)
    qtbot.waitUntil(panel.widget.isActiveWindow)
    QApplication.clipboard().setText(CHAT_AND_LOG)
    panel.select(0)
    panel.press(Qt.Key.Key_V, CTRL)
    (dialog,) = dialogs["paste"]
    shown = [dialog.events_model.index(r, 2).data() for r in range(4)]
    assert shown == ["chat", "chat", "log", "manual"]  # the preview says where each came from
    saved = panel.saved()
    assert [(e.text, e.source) for e in saved.timeline[1:]] == [
        ("raj: checkout is throwing 500s", "chat"),
        ("Ana Souza: rolling back to v2.4.0", "chat"),
        ("ERROR payment-service card declined rate 34%", "log"),
        ("Rollback finished", "manual"),
    ]
    report = render_markdown(saved)
    assert "| raj: checkout is throwing 500s | chat |" in report
    assert "| ERROR payment-service card declined rate 34% | log |" in report


def test_a_pasted_time_without_a_date_lands_on_the_incident_day(
    qtbot: QtBot, session: DocumentSession, dialogs: dict[str, list[Any]]
) -> None:
    # The first fact is the evening before (a config change); the incident is the next day.
    pm = Postmortem(
        title="Checkout errors",
        started_at=datetime(2026, 4, 15, 14, 32, tzinfo=UTC),
        timeline=[
            TimelineEvent(at=datetime(2026, 4, 14, 21, 0, tzinfo=UTC), text="Config merged"),
            TimelineEvent(at=datetime(2026, 4, 15, 14, 32, tzinfo=UTC), text="Deploy"),
        ],
    )
    panel = Panel(qtbot, session, pm)
    assert panel.widget.paste_text("14:40 support ticket about failed payments\n+3m paged") == 2
    told = [
        e.at for e in panel.saved().timeline if e.text != "Config merged" and e.text != "Deploy"
    ]
    assert told == [
        datetime(2026, 4, 15, 14, 40, tzinfo=UTC),
        datetime(2026, 4, 15, 14, 43, tzinfo=UTC),
    ]


def test_a_paste_with_nothing_readable_adds_nothing(
    small: Panel, dialogs: dict[str, list[Any]]
) -> None:
    QApplication.clipboard().setText("no times here\nnor here")
    small.press(Qt.Key.Key_V, CTRL)
    (dialog,) = dialogs["paste"]
    assert dialog.problems_model.rowCount() == 2
    ok = next(b for b in dialog.buttons.buttons() if b.text().startswith("Add"))
    assert not ok.isEnabled()
    assert small.model.rowCount() == 4
    assert small.session.undo_stack.count() == 0
    assert small.messages[-1] == "Nothing pasted: no line could be read as an event"


def test_cancelling_the_paste_preview_adds_nothing(
    small: Panel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        paste_preview.PastePreviewDialog, "exec", lambda self: QDialog.DialogCode.Rejected
    )
    QApplication.clipboard().setText(PASTED)
    small.widget.paste_action.trigger()
    assert small.model.rowCount() == 4
    assert small.messages[-1] == "Paste cancelled: nothing was added"


def test_copied_rows_paste_back_as_the_same_events(
    small: Panel, dialogs: dict[str, list[Any]]
) -> None:
    small.select(1, 2)
    small.press(Qt.Key.Key_C, CTRL)
    assert QApplication.clipboard().text() == "14:33 Error rate 0.1% -> 34%\n14:35 Alert fires"
    small.press(Qt.Key.Key_V, CTRL)
    assert small.times() == ["14:32", "14:33", "14:33", "14:35", "14:35", "14:37"]
    assert small.texts().count("Alert fires") == 2


# -- import ----------------------------------------------------------------------------------------


def test_importing_a_json_sample_adds_every_event_as_one_step(
    empty: Panel, dialogs: dict[str, list[Any]]
) -> None:
    added = empty.widget.import_file(SAMPLES / "timeline" / "events.json")
    assert added > 3
    assert empty.model.rowCount() == added
    assert empty.messages[-1] == f"Imported {added} events from events.json"
    assert empty.session.undo_stack.count() == 1
    assert empty.session.undo_stack.undoText() == f"Import {added} events from events.json"
    assert len(empty.saved().timeline) == added
    empty.session.undo()
    assert empty.model.rowCount() == 0


def test_a_csv_import_goes_through_the_column_mapping(
    small: Panel, dialogs: dict[str, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = SAMPLES / "timeline" / "deploy-log.csv"
    monkeypatch.setattr(
        timeline_module.QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], "")
    )
    added = small.widget.choose_and_import()
    (dialog,) = dialogs["csv"]
    # Proposed from the header names.
    assert dialog.time_combo.currentData() == "timestamp"
    assert dialog.text_combo.currentData() == "message"
    assert dialog.source_combo.currentData() == "source"
    assert added > 0
    assert small.model.rowCount() == 4 + added
    saved = small.saved().timeline
    assert "Deploy of payment-service v2.4.1 to production started" in [e.text for e in saved]
    assert {e.source for e in saved} == {"manual", "deploy"}


def test_a_file_import_shows_what_it_will_add_first(
    empty: Panel, dialogs: dict[str, list[Any]]
) -> None:
    added = empty.widget.import_file(SAMPLES / "timeline" / "events.json")
    (preview,) = dialogs["preview"]
    assert preview.summary.text() == f"{added} events will be added to the timeline."
    assert preview.events_model.rowCount() == added
    assert preview.events_model.rows[0][1] == "Deploy of payment-service v2.4.1 to production"


def test_importing_the_same_file_again_adds_only_what_is_new(
    empty: Panel, dialogs: dict[str, list[Any]], tmp_path: Path
) -> None:
    sample = SAMPLES / "timeline" / "events.json"
    first = empty.widget.import_file(sample)
    assert empty.widget.import_file(sample) == 0
    assert empty.messages[-1] == (
        "Every event in events.json is already in the timeline: nothing was added"
    )
    grown = tmp_path / "events.json"
    items = json.loads(sample.read_text(encoding="utf-8"))
    items.append({"time": "2026-04-15T15:10:00Z", "text": "Status page updated"})
    grown.write_text(json.dumps(items), encoding="utf-8")
    assert empty.widget.import_file(grown) == 1
    preview = dialogs["preview"][-1]
    assert preview.summary.text() == (
        f"1 event will be added to the timeline. {first} are already in the timeline and will "
        "not be added again."
    )
    assert empty.model.rowCount() == first + 1


def test_a_transcript_asks_when_the_recording_started(
    qtbot: QtBot, session: DocumentSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    pm = Postmortem(title="Checkout errors", started_at=datetime(2026, 4, 15, 14, 32, tzinfo=UTC))
    panel = Panel(qtbot, session, pm)
    seen: list[str] = []

    def give_start(dialog: import_preview.ImportPreviewDialog) -> int:
        seen.append(dialog.problem.text())
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.start_edit.setText("14:38")
        dialog.start_edit.editingFinished.emit()
        seen.append(dialog.summary.text())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(import_preview.ImportPreviewDialog, "exec", give_start)
    added = panel.widget.import_file(SAMPLES / "timeline" / "bridge-call-transcript.vtt")
    assert "say when the recording started" in seen[0]
    assert seen[1] == "4 events will be added to the timeline."
    assert added == 4
    assert panel.times()[0] == "14:38:04"
    assert panel.texts()[1] == (
        "Bruno Lima: No objection. I didn't know the pool size was part of that config."
    )


SUPPORT = "Customer support reports a spike"


def settle_with(monkeypatch: pytest.MonkeyPatch, choice: str, seen: list[Any]) -> None:
    """The facilitator picks `choice` for every conflict in the preview, then accepts it."""

    def exec_preview(dialog: import_preview.ImportPreviewDialog) -> int:
        seen.append(dialog)
        for combo in dialog.conflict_choices:
            combo.setCurrentIndex(combo.findData(choice))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(import_preview.ImportPreviewDialog, "exec", exec_preview)


def support_times(panel: Panel) -> list[tuple[str, str]]:
    return [
        (e.at.strftime("%H:%M"), e.added_by) for e in panel.saved().timeline if SUPPORT in e.text
    ]


@pytest.mark.parametrize(
    ("choice", "added", "times"),
    [
        (import_preview.KEEP, 2, [("14:38", "")]),
        (import_preview.USE_TOLD, 2, [("14:45", "")]),
        (import_preview.BOTH, 3, [("14:38", ""), ("14:45", "Mei Chen")]),
    ],
)
def test_a_returned_sheet_conflict_is_settled_in_the_preview(
    qtbot: QtBot,
    session: DocumentSession,
    monkeypatch: pytest.MonkeyPatch,
    choice: str,
    added: int,
    times: list[tuple[str, str]],
) -> None:
    pm = load_file(SAMPLES / "payment-service-outage.json")
    panel = Panel(qtbot, session, pm)
    before = panel.model.rowCount()
    seen: list[Any] = []
    settle_with(monkeypatch, choice, seen)
    assert panel.widget.import_file(SAMPLES / "timeline" / "contribution-mei-chen.csv") == added
    (preview,) = seen
    assert preview.notes.text() == "11 already in the timeline (folded, not added)."
    (combo,) = preview.conflict_choices
    ok = preview.buttons.button(preview.buttons.StandardButton.Ok).text()
    assert ok == {"use": "Add 2 events, change 1 time"}.get(choice, f"Add {added} events")
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Keep 14:38 (the timeline)",
        "Use 14:45 (Mei Chen)",
        "Keep both times as two events",
    ]
    assert panel.model.rowCount() == before + added
    assert support_times(panel) == times
    # The whole import, the settled time included, is one undo step.
    session.undo_stack.undo()
    assert panel.model.rowCount() == before
    assert support_times(panel) == [("14:38", "")]


def test_two_sheets_that_disagree_are_settled_between_their_contributors(
    qtbot: QtBot, session: DocumentSession, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    panel = Panel(
        qtbot,
        session,
        Postmortem(title="Queue", started_at=datetime(2026, 4, 15, 14, 0, tzinfo=UTC)),
    )
    for name, when in (("Ana", "14:40"), ("Raj", "14:55")):
        (tmp_path / f"{name}.csv").write_text(
            f"# pmdesk contribution sheet for {name}: add rows\nTime,What happened\n"
            f"2026-04-15 {when},The payment queue stopped draining\n",
            encoding="utf-8",
        )
    seen: list[Any] = []
    settle_with(monkeypatch, import_preview.USE_TOLD, seen)
    assert panel.widget.import_sheets([tmp_path / "Ana.csv", tmp_path / "Raj.csv"]) == 1
    (combo,) = seen[0].conflict_choices
    assert combo.itemText(0) == "Keep 14:40 (Ana)" and combo.itemText(1) == "Use 14:55 (Raj)"
    [event] = panel.saved().timeline
    assert (event.at.strftime("%H:%M"), event.text) == (
        "14:55",
        "The payment queue stopped draining",
    )
    assert (event.source, event.added_by) == ("contribution", "Ana")
    # Who told it shows in its own column, and the facilitator can correct it there.
    assert not panel.table.isColumnHidden(ADDED_BY)
    assert panel.model.index(0, ADDED_BY).data() == "Ana"
    panel.type_into(0, ADDED_BY, "Ana Souza")
    panel.qtbot.waitUntil(lambda: panel.saved().timeline[0].added_by == "Ana Souza", timeout=2000)
    assert panel.saved().timeline[0].source == "contribution"


def test_the_added_by_column_waits_until_someone_told_a_fact(small: Panel) -> None:
    assert small.table.isColumnHidden(ADDED_BY)


def test_several_returned_sheets_are_merged_at_once(
    qtbot: QtBot,
    session: DocumentSession,
    dialogs: dict[str, list[Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = Panel(qtbot, session, load_file(SAMPLES / "payment-service-outage.json"))
    before = panel.model.rowCount()
    sheets = [
        str(SAMPLES / "timeline" / "contribution-mei-chen.csv"),
        str(SAMPLES / "timeline" / "contribution-bruno-lima.txt"),
    ]
    monkeypatch.setattr(
        timeline_module.QFileDialog, "getOpenFileNames", lambda *a, **k: (sheets, "")
    )
    assert panel.widget.choose_and_import() == 3
    (preview,) = dialogs["preview"]
    assert preview.notes.text().splitlines()[0] == "24 already in the timeline (folded, not added)."
    assert panel.model.rowCount() == before + 3
    assert panel.messages[-1] == "Imported 3 events from 2 sheets"
    timeline = panel.saved().timeline
    assert {"Mei Chen", "Bruno Lima"} <= {e.added_by for e in timeline}
    assert {e.source for e in timeline if e.added_by} == {"contribution"}


def test_several_files_that_are_not_all_sheets_add_nothing(
    small: Panel, dialogs: dict[str, list[Any]]
) -> None:
    files = [
        SAMPLES / "timeline" / "contribution-mei-chen.csv",
        SAMPLES / "timeline" / "events.json",
    ]
    assert small.widget.import_sheets(files) == 0
    (warning,) = dialogs["warnings"]
    assert warning.startswith("events.json: is not a contribution sheet")
    assert small.model.rowCount() == 4


def test_cancelling_the_import_preview_adds_nothing(
    small: Panel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        import_preview.ImportPreviewDialog, "exec", lambda self: QDialog.DialogCode.Rejected
    )
    assert small.widget.import_file(SAMPLES / "timeline" / "events.json") == 0
    assert small.model.rowCount() == 4
    assert small.session.undo_stack.count() == 0
    assert small.messages[-1] == "Import of events.json cancelled: nothing was added"


def test_a_slack_export_lists_channels_and_follows_the_choice(
    qtbot: QtBot, session: DocumentSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    pm = Postmortem(
        title="Checkout errors",
        started_at=datetime(2026, 4, 15, 14, 32, tzinfo=UTC),
        resolved_at=datetime(2026, 4, 15, 14, 50, tzinfo=UTC),
    )
    panel = Panel(qtbot, session, pm)
    seen_counts: list[int] = []

    def untick_deploys(dialog: import_preview.ImportPreviewDialog) -> int:
        labels = [dialog.channel_list.item(i).text() for i in range(dialog.channel_list.count())]
        assert labels == ["#deploys  (4 messages)", "#inc-payments  (11 messages)"]
        # An hour either side of the incident.
        assert (dialog.from_edit.text(), dialog.to_edit.text()) == (
            "2026-04-15 13:32",
            "2026-04-15 15:50",
        )
        seen_counts.append(dialog.events_model.rowCount())
        assert dialog.notes.text().splitlines() == [
            "Skipped 1: outside the time window.",
            "Skipped 4: Slack's own notices (joins, leaves, topic changes ...).",
        ]
        dialog.channel_list.item(0).setCheckState(Qt.CheckState.Unchecked)
        seen_counts.append(dialog.events_model.rowCount())
        dialog.channel_list.item(1).setCheckState(Qt.CheckState.Unchecked)
        assert dialog.problem.text().startswith("choose at least one channel")
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.channel_list.item(1).setCheckState(Qt.CheckState.Checked)
        dialog.from_edit.setText("half past")
        dialog.from_edit.editingFinished.emit()
        assert dialog.problem.text().startswith("A time you typed cannot be read")
        dialog.from_edit.setText("2026-04-15 14:40")
        dialog.from_edit.editingFinished.emit()
        seen_counts.append(dialog.events_model.rowCount())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(import_preview.ImportPreviewDialog, "exec", untick_deploys)
    added = panel.widget.import_file(SAMPLES / "timeline" / "slack-export")
    assert seen_counts == [10, 7, 3]
    assert added == 3
    assert panel.texts() == [
        "Ana Souza: @here rolling back payment-service to v2.4.0. The dashboard: payments overview",
        "Bruno Lima: Rollback done, error rate back to 0.2%",
        "Ana Souza: Resolved. Postmortem on Thursday; please add what you saw to the timeline",
    ]
    assert len(panel.saved().timeline) == 3


def test_the_csv_mapping_refuses_to_go_on_without_time_and_text(qtbot: QtBot) -> None:
    from pmdesk.timeline.spreadsheet import CsvMapping

    dialog = csv_mapping.CsvMappingDialog("log.csv", ["when", "what"], CsvMapping())
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    assert "Choose the columns" in dialog.problem.text()
    dialog.time_combo.setCurrentIndex(dialog.time_combo.findData("when"))
    dialog.text_combo.setCurrentIndex(dialog.text_combo.findData("when"))
    assert not ok.isEnabled()
    assert "one thing only" in dialog.problem.text()
    dialog.text_combo.setCurrentIndex(dialog.text_combo.findData("what"))
    assert ok.isEnabled()
    assert (dialog.mapping().time, dialog.mapping().text) == ("when", "what")


def test_the_column_step_shows_the_date_order_read_from_the_sheet(qtbot: QtBot) -> None:
    from pmdesk.timeline.spreadsheet import csv_columns, guess_mapping

    path = SAMPLES / "timeline" / "incident-sheet.csv"
    header = csv_columns(path)
    dialog = csv_mapping.CsvMappingDialog(path, header, guess_mapping(header))
    qtbot.addWidget(dialog)
    assert dialog.time_combo.currentData() == "Time (UTC)"
    assert dialog.text_combo.currentData() == "What happened"
    assert dialog.date_order_combo.currentData() == "day-first"
    assert dialog.date_order_note.text().startswith("Read from the file")
    assert dialog.buttons.buttons()[0].isEnabled()


def test_the_column_step_asks_when_nothing_settles_the_date_order(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from pmdesk.timeline.spreadsheet import guess_mapping

    path = tmp_path / "notes.csv"
    path.write_text("When,What happened\n03/04/2026 14:32,Deploy\n", encoding="utf-8")
    dialog = csv_mapping.CsvMappingDialog(
        path, ["When", "What happened"], guess_mapping(["When", "What happened"])
    )
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    assert dialog.problem.text() == "Choose whether the dates are written day first or month first."
    dialog.date_order_combo.setCurrentIndex(dialog.date_order_combo.findData("month-first"))
    assert ok.isEnabled()
    assert dialog.mapping().date_order == "month-first"


def test_a_broken_file_says_where_and_adds_nothing(
    small: Panel, dialogs: dict[str, list[Any]], tmp_path: Path
) -> None:
    broken = tmp_path / "alerts.json"
    broken.write_text(
        '[{"time": "2026-04-15T14:32:00Z", "text": "ok"},\n'
        ' {"time": "half past two", "text": "bad"}]\n',
        encoding="utf-8",
    )
    assert small.widget.import_file(broken) == 0
    (warning,) = dialogs["warnings"]
    assert "alerts.json" in warning and "line 2" in warning
    assert "Nothing was added" in warning
    assert small.model.rowCount() == 4
    assert small.session.undo_stack.count() == 0
    assert small.messages[-1].startswith("Nothing imported: alerts.json")


# -- discussion ------------------------------------------------------------------------------------


def test_discussion_notes_follow_the_selected_event_and_are_saved(small: Panel) -> None:
    widget = small.widget
    small.select(1)
    assert widget.seen_edit.isEnabled()
    assert widget.discussion_title.text().startswith("14:33")
    widget.seen_edit.setFocus()
    small.qtbot.keyClicks(widget.seen_edit, "The dashboard looked normal")
    small.qtbot.keyClicks(widget.believed_edit, "I assumed a processor blip because...")
    # Selecting another event first commits what was typed to the one it belongs to.
    small.select(2)
    assert widget.seen_edit.toPlainText() == ""
    small.qtbot.keyClicks(widget.done_next_edit, "Opened the incident channel")

    saved = small.saved().timeline
    assert saved[1].seen == "The dashboard looked normal"
    assert saved[1].believed == "I assumed a processor blip because..."
    assert saved[2].done_next == "Opened the incident channel"
    assert saved[2].seen == ""

    small.select(1)
    assert widget.seen_edit.toPlainText() == "The dashboard looked normal"
    small.session.undo()  # the last note typed (on the alert) goes
    assert small.session.doc.pm.timeline[2].done_next == ""
    assert small.saved().timeline[1].seen == "The dashboard looked normal"


def test_undo_of_a_note_shows_in_the_editor(small: Panel) -> None:
    widget = small.widget
    small.select(0)
    small.qtbot.keyClicks(widget.seen_edit, "Green checks")
    small.session.save_now()
    assert widget.seen_edit.toPlainText() == "Green checks"
    small.session.undo()
    assert widget.seen_edit.toPlainText() == ""
    small.session.redo()
    assert widget.seen_edit.toPlainText() == "Green checks"


def test_without_a_selection_the_notes_cannot_be_typed(empty: Panel) -> None:
    assert not empty.widget.seen_edit.isEnabled()
    assert "Select an event" in empty.widget.discussion_title.text()


# -- scale -----------------------------------------------------------------------------------------


def test_ten_thousand_events_open_and_the_last_one_is_editable(qtbot: QtBot, session) -> None:  # type: ignore[no-untyped-def]
    start = DAY.replace(hour=8)
    many = [
        TimelineEvent(at=start + timedelta(seconds=3 * i), text=f"sample {i}")
        for i in range(10_000)
    ]
    panel = Panel(qtbot, session, Postmortem(timeline=many))
    assert panel.model.rowCount() == 10_000
    panel.table.scrollToBottom()
    last = panel.model.rowCount() - 1
    assert panel.model.index(last, TEXT).data() == "sample 9999"
    panel.type_into(last, TIME, "07:59")
    qtbot.waitUntil(lambda: panel.model.index(0, TEXT).data() == "sample 9999", timeout=3000)


# -- contribution sheets going out ------------------------------------------------------------


def test_sheets_are_written_for_the_chosen_attendees_and_come_back_folded(
    sample: Panel, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, dialogs: dict[str, list[Any]]
) -> None:
    seen: list[Any] = []
    (tmp_path / "out").mkdir()

    def choose(dialog: sheets_view.ContributionSheetsDialog) -> int:
        seen.append(dialog)
        dialog.folder_edit.setText(str(tmp_path / "out"))
        dialog.people.item(1).setCheckState(Qt.CheckState.Unchecked)  # not Marcus
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(sheets_view.ContributionSheetsDialog, "exec", choose)
    # Under the Import button's arrow, next to Import file…
    menu = sample.widget.buttons["import"].menu()
    assert [a.text() for a in menu.actions()] == ["&Import file…", "Write contribution &sheets…"]
    menu.actions()[1].trigger()
    (dialog,) = seen
    names = [dialog.people.item(i).text() for i in range(dialog.people.count())]
    assert names[0].startswith("Elena Vasquez")
    # The facilitator holds the timeline already: unchecked at first, everyone else checked.
    assert dialog.people.item(0).checkState() == Qt.CheckState.Unchecked
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == [
        f"contribution-{n}.{ext}"
        for n in ("aisha-okafor", "dmitri-volkov", "hana-kobayashi", "tomás-ferreira")
        for ext in ("csv", "txt")
    ]
    assert sample.messages[-1] == f"Wrote 8 files for 4 attendees into {tmp_path / 'out'}"
    before = sample.model.rowCount()
    assert sample.widget.import_sheets(sorted((tmp_path / "out").glob("*.txt"))) == 0
    assert sample.model.rowCount() == before


def test_sheets_into_a_missing_folder_cannot_be_confirmed(
    sample: Panel, tmp_path: Path, qtbot: QtBot
) -> None:
    doc = sample.session.doc
    assert doc is not None
    dialog = sheets_view.ContributionSheetsDialog(doc.pm.attendees, str(tmp_path / "gone"))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    assert dialog.problem.text() == f"{tmp_path / 'gone'} is not a folder; choose an existing one."
    dialog.folder_edit.setText(str(tmp_path))
    assert ok.isEnabled() and ok.text() == "Write 5 sheets"


def test_sheets_need_attendees_first(small: Panel) -> None:
    assert small.widget.write_sheets() == []
    assert small.messages[-1].startswith("Add the attendees on the Overview first")


def test_many_conflicts_scroll_and_leave_the_events_in_sight(qtbot: QtBot) -> None:
    from pmdesk.timeline.contributions import Conflict

    base = datetime(2026, 4, 15, 14, 0, tzinfo=UTC)
    conflicts = [
        Conflict(
            TimelineEvent(at=base + timedelta(minutes=n), text=f"Fact {n}"),
            TimelineEvent(at=base + timedelta(minutes=n + 9), text=f"Fact {n}", added_by="Raj"),
        )
        for n in range(15)
    ]
    new = [TimelineEvent(at=base, text="Something only Raj saw", added_by="Raj")]
    dialog = import_preview.ImportPreviewDialog(
        "1 sheet", lambda *_choices: new, str, conflicts=conflicts, tz=UTC
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() <= 720
    # The conflicts scroll in a band of their own; the events keep a third of the dialog.
    assert dialog.events_view.height() >= dialog.height() // 3
    assert len(dialog.conflict_choices) == 15
    dialog.conflict_choices[14].setCurrentIndex(2)  # keep both
    assert [e.text for e in dialog.settled()[0]] == ["Something only Raj saw", "Fact 14"]


def test_moving_to_an_event_with_clean_notes_clears_the_language_line(small: Panel) -> None:
    """The language line under the notes counts the event shown, not the one before it (it
    kept "1 hindsight" after moving on from a blaming answer to an event with none)."""
    panel = small.widget
    strip = panel.discussion.findings_strip
    small.select(1)
    seen = panel.seen_edit
    seen.setFocus()
    small.qtbot.keyClicks(seen, "Raj should have known the flag was on.")
    small.qtbot.waitUntil(lambda: "hindsight" in strip.summary, timeout=3000)
    small.select(2)
    small.qtbot.waitUntil(lambda: seen.toPlainText() == "", timeout=2000)
    small.qtbot.wait(400)
    assert strip.summary == "No blame language spotted"
    seen.setFocus()
    small.qtbot.keyClicks(seen, "ok")
    small.qtbot.wait(400)
    assert strip.summary == "No blame language spotted"
