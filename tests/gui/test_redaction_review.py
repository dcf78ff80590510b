"""The redacted edition in the app: the review list, its choices (undoable, saved), restricted
timeline events from the context menu, and the export menu's edition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from pmdesk.interchange import load_file
from pmdesk.ui.redaction_model import ORIGINAL, PLACEHOLDER, WHERE
from pmdesk.views.redaction_review import RedactionReview
from pmdesk.views.timeline import TimelinePanel

SECURITY = (
    Path(__file__).resolve().parents[2] / "resources/samples/payroll-phishing-compromise.json"
)


def cells(review: RedactionReview, column: int) -> list[str]:
    model = review.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def opened(qtbot: Any, session: Any) -> RedactionReview:
    session.open(session.create(load_file(SECURITY)))
    review = RedactionReview(session)
    qtbot.addWidget(review)
    review.show()
    qtbot.waitExposed(review)
    return review


def test_the_list_shows_every_redaction_and_a_model_qt_accepts(
    qtbot: Any, session: Any, qtmodeltester: Any
) -> None:
    review = opened(qtbot, session)
    qtmodeltester.check(review.model)
    originals = cells(review, ORIGINAL)
    assert "Grace Okoye" in originals and "AKIAIOSFODNN7EXAMPLE" in originals
    row = originals.index("203.0.113.77")
    assert cells(review, PLACEHOLDER)[row] == "[ip-1]"
    assert cells(review, WHERE)[row] == "Timeline 2026-10-06 09:06"
    assert "2 left out" in review.counts.text()


def test_keep_one_then_undo_with_ctrl_z_and_add_a_term(qtbot: Any, session: Any) -> None:
    review = opened(qtbot, session)
    review.table.selectRow(cells(review, ORIGINAL).index("acme-payroll-support.com"))
    assert review.undo_button.text() == "&Keep as written"
    qtbot.mouseClick(review.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "(kept as written)" in cells(review, PLACEHOLDER))
    assert session.doc.pm.redaction.kept == ["acme-payroll-support.com"]
    qtbot.keyClick(review.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "(kept as written)" not in cells(review, PLACEHOLDER))
    assert session.doc.pm.redaction.kept == []

    qtbot.keyClicks(review.term_edit, "finance reporting")
    qtbot.keyClick(review.term_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "finance reporting" in [o.casefold() for o in cells(review, ORIGINAL)])
    assert review.term_edit.text() == ""
    qtbot.keyClicks(review.term_edit, "/SEC-(/")
    qtbot.keyClick(review.term_edit, Qt.Key.Key_Return)
    assert review.problem.text().startswith("Not changed: '/SEC-(/' is not a pattern")
    assert session.doc.pm.redaction.kept == []  # Return pressed no button
    # Saved with the postmortem.
    assert session.save_now()
    assert session.repo.load(session.doc.pm.id).redaction.terms[-1] == "finance reporting"


def test_a_term_for_every_postmortem_goes_on_the_team_list(qtbot: Any, session: Any) -> None:
    from pmdesk.redaction.team import load_team_terms

    review = opened(qtbot, session)
    review.team_box.setChecked(True)
    qtbot.keyClicks(review.term_edit, "payroll")
    qtbot.keyClick(review.term_edit, Qt.Key.Key_Return)
    assert load_team_terms() == ["payroll"]
    assert session.doc.pm.redaction.terms == ["Project Heron", "SEC-4821"]  # not this one's own
    assert "payroll" in [o.casefold() for o in cells(review, ORIGINAL)]
    row = [o.casefold() for o in cells(review, ORIGINAL)].index("payroll")
    assert cells(review, PLACEHOLDER)[row].startswith("[term-")
    # A term that is not in this postmortem is listed as the team's, and can be taken off.
    qtbot.keyClicks(review.term_edit, "/CASE-\\d+/")
    qtbot.keyClick(review.term_edit, Qt.Key.Key_Return)
    assert load_team_terms() == ["payroll", "/CASE-\\d+/"]
    review.table.selectRow(cells(review, ORIGINAL).index("/CASE-\\d+/"))
    assert review.undo_button.text() == "&Remove from the team's list"
    qtbot.mouseClick(review.undo_button, Qt.MouseButton.LeftButton)
    assert load_team_terms() == ["payroll"]
    assert "/CASE-\\d+/" not in cells(review, ORIGINAL)
    qtbot.keyClicks(review.term_edit, "/CASE-(/")
    qtbot.keyClick(review.term_edit, Qt.Key.Key_Return)
    assert "line 1: '/CASE-(/' is not a pattern" in review.problem.text()
    assert review.term_edit.text() == "/CASE-(/"  # kept for correcting


def test_summary_checkbox_leaves_the_summary_out(qtbot: Any, session: Any) -> None:
    review = opened(qtbot, session)
    review.section_boxes["summary"].click()
    qtbot.waitUntil(lambda: "Summary" in cells(review, WHERE))
    assert "summary" in session.doc.pm.redaction.restricted


def test_timeline_context_menu_restricts_the_selected_event(qtbot: Any, session: Any) -> None:
    session.open(session.create(load_file(SECURITY)))
    panel = TimelinePanel(session)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.select_events(["ev-key"])
    menu = panel.context_menu()
    assert not panel.restrict_action.isChecked()
    assert panel.restrict_action in menu.actions()
    row = panel.model.row_of("ev-key")
    text = panel.model.index(row, panel.model.TEXT)
    written = session.doc.find("timeline", "ev-key").text
    assert text.data() == written
    panel.restrict_action.trigger()
    assert "timeline:ev-key" in session.doc.pm.redaction.restricted
    # The row says so in words, and its tooltip says what that means and how to undo it.
    assert text.data() == f"Restricted · {written}"
    assert "leaves this event out" in text.data(Qt.ItemDataRole.ToolTipRole)
    assert text.data(Qt.ItemDataRole.EditRole) == written  # editing shows the text alone
    other = panel.model.index(0 if row else 1, panel.model.TEXT)
    assert not other.data().startswith("Restricted")
    panel.context_menu()
    assert panel.restrict_action.isChecked()
    session.undo()
    assert "timeline:ev-key" not in session.doc.pm.redaction.restricted
    assert text.data() == written
    session.redo()
    assert text.data().startswith("Restricted · ")


def test_a_restricted_summary_says_so_beside_its_editor(qtbot: Any, session: Any) -> None:
    from pmdesk.views.overview import OverviewPanel

    session.open(session.create(load_file(SECURITY)))
    overview = OverviewPanel(session)
    qtbot.addWidget(overview)
    review = RedactionReview(session)
    qtbot.addWidget(review)
    assert overview.summary_label.text() == "Summar&y"
    review.section_boxes["summary"].click()
    assert overview.summary_label.text() == "Summar&y\nRestricted"
    assert "leaves this out" in overview.summary_edit.toolTip()
    assert overview.lessons_label.text() == "&Lessons learned"
    session.undo()
    assert overview.summary_label.text() == "Summar&y" and overview.summary_edit.toolTip() == ""


def test_export_of_a_security_postmortem_is_redacted_unless_unticked(
    window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    window.open_postmortem(window.session.create(load_file(SECURITY)))
    window.export_menu.aboutToShow.emit()  # what the user sees on opening File > Export
    assert window.redacted_action.isChecked()
    target = tmp_path / "out.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    told: list[str] = []
    no = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda _w, _t, text, *a: told.append(text) or no)
    window.export("md")
    assert "Grace Okoye" not in target.read_text() and "finance analyst" in target.read_text()
    window.redacted_action.setChecked(False)
    window.export("md")
    assert "Grace Okoye" in target.read_text()
    assert told[0].startswith("Saved the redacted edition as out.md")
    assert "keep it local" in told[1]


def test_a_factor_is_left_out_from_the_more_sections_menu(qtbot: Any, session: Any) -> None:
    review = opened(qtbot, session)
    review._fill_items_menu()
    entries = {a.text().split(":")[0]: a for a in review.items_menu.actions()}
    assert entries["Factor 2"].isChecked()  # the sample leaves it out already
    assert not entries["Factor 3"].isChecked()
    entries["Factor 3"].trigger()
    qtbot.waitUntil(lambda: "Factor 3" in cells(review, WHERE))
    assert "factors:cf-queue" in session.doc.pm.redaction.restricted


def test_an_export_by_key_uses_the_security_default_without_the_menu(
    window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    window.open_postmortem(window.session.create(load_file(SECURITY)))
    target = tmp_path / "out.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    window.export("md")  # the Export menu never shown
    assert "Grace Okoye" not in target.read_text()
    assert window.redacted_action.isChecked()
