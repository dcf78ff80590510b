"""View > Review as the facilitator uses it: pick a quarter, read the warning, follow a figure."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from pmdesk.review import quarter_period
from tests.unit.review.library import TODAY, known_library


@pytest.fixture
def stored(session) -> None:  # type: ignore[no-untyped-def]
    for pm in sorted(known_library(), key=lambda p: p.id or 0):
        expected = pm.id
        assert session.create(pm) == expected


@pytest.fixture
def review(qtbot, session, stored):  # type: ignore[no-untyped-def]
    from pmdesk.views.review import ReviewWindow

    opened: list[int] = []
    window = ReviewWindow(session, opened.append, today=lambda: TODAY)
    window.opened = opened
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.reload()
    qtbot.waitUntil(lambda: not window.working())
    return window


def _row(window, key: str, label: str) -> int:  # type: ignore[no-untyped-def]
    model = window.figure_models[key]
    return next(
        r for r in range(model.rowCount()) if (line := model.line(r)) and line.label == label
    )


def test_opens_on_the_last_full_quarter_with_the_warning_first(review) -> None:  # type: ignore[no-untyped-def]
    assert review.period_combo.currentText() == "2026 Q3"
    assert review.period() == quarter_period(2026, 3)
    assert review.warning_frame.isVisible()
    assert review.warning_label.text().startswith("Only 3 of the 7 action items (43%)")
    layout = review.layout()
    assert layout.indexOf(review.warning_frame) < layout.indexOf(review.summary_label)
    assert review.summary_label.text() == (
        "5 postmortems, 4 reviewed; 67% of reviews within 48 hours; 43% of action items done"
    )


def test_a_figure_lists_its_postmortems_and_one_opens_in_the_main_window(qtbot, review) -> None:  # type: ignore[no-untyped-def]
    review.select_figure("coverage", "Reviewed within 48 hours of resolution")
    assert (
        review.behind_label.text()
        == "Behind “Reviewed within 48 hours of resolution”: 2 postmortems"
    )
    titles = [review.behind_model.index(r, 2).data() for r in range(review.behind_model.rowCount())]
    assert titles == ["Payment service outage", "Admin token exposed in logs"]
    view = review.behind_view
    rect = view.visualRect(review.behind_model.index(1, 2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert review.opened[-1] == 4
    qtbot.mouseClick(review.open_button, Qt.MouseButton.LeftButton)
    assert review.opened[-1] == 4


def test_every_section_has_its_figures_and_the_ids_behind_them(review) -> None:  # type: ignore[no-untyped-def]
    assert [review.tabs.tabText(i) for i in range(review.tabs.count())] == [
        "Coverage", "Depth", "Actions", "Repeats", "Response times", "Survey",
    ]  # fmt: skip
    actions = review.figure_models["actions"]
    row = _row(review, "actions", "Completion")
    assert actions.index(row, 1).data() == "43% done (3 of 7), 2 overdue"
    assert review.figure_ids("actions", _row(review, "actions", "Overdue")) == [1, 4]
    assert review.figure_ids("repeats", _row(review, "repeats", "canary stage config deploys")) == [
        1,
        2,
    ]
    assert review.figure_ids(
        "depth", _row(review, "depth", "The only factor blames a person or human error")
    ) == [4]
    months = review.figure_models["months"]
    tip = months.index(_row(review, "months", "Jul 2026"), 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Select to list the 2 postmortems behind this figure" in tip
    # The sample library has no survey yet: its figure says so, and no pre-read went out.
    around = review.figure_models["around"]
    assert around.index(_row(review, "around", "Answers"), 1).data() == "0 from 0 postmortems"
    assert review.figure_ids("around", _row(review, "around", "No pre-read")) == [1, 2, 4, 5]


def test_a_custom_range_with_only_a_near_miss_and_an_empty_quarter(qtbot, review) -> None:  # type: ignore[no-untyped-def]
    review.from_edit.setDate(QDate(2026, 8, 1))
    review.to_edit.setDate(QDate(2026, 8, 10))
    assert review.period_combo.currentText() == "Custom range"
    qtbot.waitUntil(
        lambda: review.review is not None and review.review.period.end == date(2026, 8, 10)
    )
    assert not review.warning_frame.isVisible()
    assert review.summary_label.text().startswith("1 postmortem, 0 reviewed")
    index = review.period_combo.findText("2026 Q1")
    review.period_combo.setCurrentIndex(index)
    review.period_combo.activated.emit(index)
    qtbot.waitUntil(lambda: not review.working())
    assert review.summary_label.text() == (
        "No postmortems have an incident date in 2026 Q1 (1 Jan 2026 – 31 Mar 2026)."
    )


def test_the_threshold_is_a_preference_that_hides_the_warning(review) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.views.review.window import THRESHOLD

    review.threshold_spin.setValue(40)
    assert not review.warning_frame.isVisible()
    assert THRESHOLD.get() == 40


def test_exports_write_the_review_shown(
    review, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []

    def save_as(_parent, _title, suggested, _filter):  # type: ignore[no-untyped-def]
        asked.append(Path(suggested).name)
        return str(tmp_path / Path(suggested).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    for fmt, button in review.export_buttons.items():
        button.click()
        assert asked[-1] == f"postmortem-review-2026Q3.{fmt}"
    assert (tmp_path / "postmortem-review-2026Q3.pdf").read_bytes().startswith(b"%PDF")
    markdown = (tmp_path / "postmortem-review-2026Q3.md").read_text(encoding="utf-8")
    assert "> **For leadership:**" in markdown
    assert '"completion_rate": 0.4286' in (tmp_path / "postmortem-review-2026Q3.json").read_text()
    assert review.status_label.text().startswith("Saved postmortem-review-2026Q3.json")


def test_the_menu_entry_opens_the_window(window) -> None:  # type: ignore[no-untyped-def]
    window.review_action.trigger()
    assert window.review_window.isVisible()
    assert window.review_window.isWindow()


@pytest.mark.parametrize("zoom", [1.0, 1.5])
def test_fits_the_screen_and_reads_without_scrolling_sideways(  # type: ignore[no-untyped-def]
    qtbot, themed, window, stored, zoom: float
) -> None:
    from pmdesk.ui import theme
    from tests.gui.test_fits_screen import screen, sideways

    window.presentation.set_zoom(zoom)
    try:
        window.open_review()
        review = window.review_window
        qtbot.waitUntil(lambda: not review.working())
        qtbot.wait(30)  # the layout settles at the new size
        assert screen().contains(review.frameGeometry())
        assert review.minimumSizeHint().width() <= screen().width()
        assert review.warning_frame.isVisible()
        for index in range(review.tabs.count()):
            review.tabs.setCurrentIndex(index)
            key = list(review.figure_models)[index]
            model = review.figure_models[key]
            review.figure_views[key].selectRow(  # the first figure with postmortems behind it
                next(r for r in range(model.rowCount()) if (line := model.line(r)) and line.ids)
            )
            qtbot.wait(10)
            assert review.behind_model.rowCount() > 0
            assert sideways(review) == [], review.tabs.tabText(index)
        # The figures keep room to be read under the warning: several rows at the largest zoom.
        view = review.figure_views["coverage"]
        assert view.viewport().height() >= 4 * view.verticalHeader().defaultSectionSize()
    finally:
        theme.apply(themed, "light", 1.0)


def test_the_keyboard_alone_reaches_a_postmortem(qtbot, review) -> None:  # type: ignore[no-untyped-def]
    view = review.figure_views["coverage"]
    view.setFocus()
    view.setCurrentIndex(view.model().index(1, 0))  # "Postmortems in the range"
    qtbot.keyClick(view, Qt.Key.Key_Down)  # "Incidents"
    assert review.behind_label.text() == "Behind “Incidents”: 3 postmortems"
    behind = review.behind_view
    behind.setFocus()
    behind.setCurrentIndex(review.behind_model.index(0, 0))  # as Tab into the list does
    qtbot.keyClick(behind, Qt.Key.Key_Down)
    qtbot.keyClick(behind, Qt.Key.Key_Return)
    assert review.opened == [2]  # 1, 2 and 5 are the incidents: Down went to the second


def test_a_save_in_the_range_updates_the_figures(qtbot, review, session) -> None:  # type: ignore[no-untyped-def]
    from datetime import date as day

    from pmdesk.model import ActionStatus

    assert review.warning_frame.isVisible()
    doc = session.open(1)  # Ana's P99 alert, still open: 3 of 7 items done
    alert = next(a for a in doc.pm.actions if a.description.startswith("Add a P99"))
    doc.update_item("actions", alert.id, status=ActionStatus.DONE, done_on=day(2026, 8, 2))
    assert session.save_now()
    qtbot.waitUntil(lambda: "57% of action items done" in review.summary_label.text())
    assert not review.warning_frame.isVisible()  # 4 of 7 is above the 50% threshold
    assert review.status_label.text() == "Updated after the save of “Payment service outage”."
    # A postmortem whose incident moves out of the range leaves the figures.
    moved = session.open(5)
    moved.set_fields(started_at=datetime(2026, 10, 2, 9, 0, tzinfo=UTC))
    assert session.save_now()
    qtbot.waitUntil(lambda: review.summary_label.text().startswith("4 postmortems"))
    assert 5 not in review.review.postmortems


def test_a_save_outside_the_range_changes_nothing(qtbot, review, session) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.views.review.window import SAVES_SETTLE_MS

    before = review.review
    doc = session.open(6)  # October: after Q3
    doc.set_fields(summary="Written after the quarter.")
    assert session.save_now()
    qtbot.wait(SAVES_SETTLE_MS + 200)
    assert review.review is before


@pytest.fixture
def held(qtbot, session, stored, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A review window whose reviews are worked out only once the test lets them go."""
    import threading

    from pmdesk.views.review import ReviewWindow
    from pmdesk.views.review import window as module

    gate = threading.Event()
    started: list[str] = []
    real = module.build_review

    def held_build(postmortems, period, today, **kwargs):  # type: ignore[no-untyped-def]
        started.append(period.label)
        assert gate.wait(10)
        return real(postmortems, period, today, **kwargs)

    monkeypatch.setattr(module, "build_review", held_build)
    window = ReviewWindow(session, today=lambda: TODAY)
    window.gate, window.started = gate, started
    shown: list[str] = []
    show = window._show
    window._show = lambda review: (shown.append(review.period.label), show(review))[1]
    window.shown = shown
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    gate.set()


def test_the_window_answers_while_the_review_is_worked_out(qtbot, held) -> None:  # type: ignore[no-untyped-def]
    held.reload()
    qtbot.waitUntil(lambda: held.started == [held.period().label])
    qtbot.waitUntil(lambda: held.working_label.text() == "Working out the review of 5 postmortems…")
    assert held.working_frame.isVisible() and held.cancel_button.isVisible()
    assert not any(button.isEnabled() for button in held.export_buttons.values())
    # The window answers meanwhile: tabs change, the threshold takes a new value.
    held.tabs.setCurrentIndex(2)
    qtbot.keyClick(held.threshold_spin, Qt.Key.Key_Up)
    assert held.tabs.currentIndex() == 2
    assert held.threshold_spin.value() == 51
    assert held.review is None
    held.gate.set()
    qtbot.waitUntil(lambda: not held.working())
    assert not held.working_frame.isVisible()
    assert held.summary_label.text().startswith("5 postmortems, 4 reviewed")
    assert held.review is not None and held.review.threshold == 0.51
    assert all(button.isEnabled() for button in held.export_buttons.values())


def test_a_range_changed_while_working_shows_only_the_newer_review(qtbot, held) -> None:  # type: ignore[no-untyped-def]
    held.reload()  # 2026 Q3
    qtbot.waitUntil(lambda: len(held.started) == 1)
    index = held.period_combo.findText("2026 Q1")
    held.period_combo.setCurrentIndex(index)
    held.period_combo.activated.emit(index)
    held.gate.set()
    qtbot.waitUntil(lambda: not held.working())
    assert held.shown == ["2026 Q1 (1 Jan 2026 – 31 Mar 2026)"]
    assert held.summary_label.text().startswith("No postmortems have an incident date in 2026 Q1")


def test_stop_leaves_the_window_open_and_shows_nothing_stale(qtbot, held) -> None:  # type: ignore[no-untyped-def]
    held.reload()
    qtbot.waitUntil(lambda: len(held.started) == 1)
    qtbot.mouseClick(held.cancel_button, Qt.MouseButton.LeftButton)
    assert not held.working_frame.isVisible()
    assert held.status_label.text() == "Stopped. Refresh or choose a range to work the review out."
    held.gate.set()
    qtbot.wait(300)
    assert held.shown == [] and held.review is None
    assert held.isVisible()


def test_a_review_that_fails_says_what_and_where(qtbot, held, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.views.review import window as module

    def broken(*_a, **_k):  # type: ignore[no-untyped-def]
        raise ValueError("a factor with no text")

    monkeypatch.setattr(module, "build_review", broken)
    held.reload()
    qtbot.waitUntil(lambda: not held.working())
    assert held.status_label.text() == (
        "Could not work out the review of 2026 Q3 (1 Jul 2026 – 30 Sep 2026): a factor with no text"
    )
    assert held.review is None


def test_a_save_made_while_the_review_is_worked_out_is_not_lost(qtbot, held, session) -> None:  # type: ignore[no-untyped-def]
    from datetime import date as day

    from pmdesk.model import ActionStatus

    held.reload()
    qtbot.waitUntil(lambda: len(held.started) == 1)  # read before the save
    doc = session.open(1)
    alert = next(a for a in doc.pm.actions if a.description.startswith("Add a P99"))
    doc.update_item("actions", alert.id, status=ActionStatus.DONE, done_on=day(2026, 8, 2))
    assert session.save_now()
    held.gate.set()
    qtbot.waitUntil(lambda: "57% of action items done" in held.summary_label.text())
    assert held.status_label.text() == "Updated after the save of “Payment service outage”."


@pytest.fixture
def many_postmortems():  # type: ignore[no-untyped-def]
    """The review of 2,000 postmortems of 2026 Q3, 1,200 reviewed (worked out without storage)."""
    from pmdesk.model import Postmortem, Status
    from pmdesk.review import build_review

    pms = []
    for number in range(1, 2001):
        pm = Postmortem(
            title=f"Incident {number}",
            started_at=datetime(2026, 7 + number % 3, 1 + number % 28, 10, tzinfo=UTC),
            status=Status.REVIEWED if number <= 1200 else Status.DRAFT,
        )
        pm.id = number
        pms.append(pm)
    return build_review(pms, quarter_period(2026, 3), TODAY)


def test_counts_are_written_in_thousands_as_the_locale_writes_them(
    review, many_postmortems
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QLocale

    review._show(many_postmortems)
    assert review.summary_label.text().startswith("2,000 postmortems, 1,200 reviewed; ")
    model = review.figure_models["coverage"]
    row = _row(review, "coverage", "Postmortems in the range")
    assert model.index(row, 1).data() == "2,000"
    review.select_figure("coverage", "Drafts never reviewed")
    assert review.behind_label.text() == "Behind “Drafts never reviewed”: 800 postmortems"
    review.select_figure("coverage", "Postmortems in the range")
    assert review.behind_label.text() == "Behind “Postmortems in the range”: 2,000 postmortems"
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        review._show(many_postmortems)
        assert review.summary_label.text().startswith("2.000 postmortems, 1.200 reviewed; ")
        assert model.index(row, 1).data() == "2.000"
    finally:
        QLocale.setDefault(before)
