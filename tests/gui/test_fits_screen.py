"""On a 1280 x 720 screen (the tests' headless screen): windows fit, and at 100% and 125% zoom
every panel's controls and columns are in sight without scrolling sideways; the same on the
same laptop at 150% system scale, which Qt sees as an 853 x 480 screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QPoint, QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QTableView, QWidget

from pmdesk.ui import settings
from tests.gui.conftest import SAMPLE
from tests.gui.own_qt import run_checks


def screen() -> QRect:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app.primaryScreen().availableGeometry()


def sideways(root: QWidget) -> list[str]:
    """Scroll areas under `root` that need a horizontal scroll, and columns out of sight."""
    found = []
    for area in [root, *root.findChildren(QAbstractScrollArea)]:
        if not isinstance(area, QAbstractScrollArea) or not area.isVisible():
            continue
        if area.horizontalScrollBar().maximum() > 0:
            found.append(f"{type(area).__name__} {area.accessibleName()}")
        if isinstance(area, QTableView):
            header = area.horizontalHeader()
            for column in range(header.count()):
                right = header.sectionViewportPosition(column) + header.sectionSize(column)
                if not header.isSectionHidden(column) and right > area.viewport().width() + 1:
                    found.append(f"{area.accessibleName()} column {column}")
    return found


def test_the_main_window_fits_the_screen_at_first_start(window) -> None:  # type: ignore[no-untyped-def]
    assert screen().contains(window.frameGeometry())


def test_a_geometry_saved_on_a_larger_monitor_is_fitted_on_restore(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1900, 1150)  # as if saved on a 1920 x 1200 monitor
    window.move(300, 200)
    settings.WINDOW_GEOMETRY.set(QByteArray(window.saveGeometry()))
    window.restore_layout()
    assert window.width() <= screen().width() and window.height() <= screen().height()
    assert screen().contains(window.geometry())


@pytest.mark.parametrize("zoom", [1.0, 1.25])
def test_every_panel_fits_without_a_sideways_scroll(qtbot, themed, window, zoom: float) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.ui import theme

    window.presentation.set_zoom(zoom)
    window.import_paths([SAMPLE])
    try:
        for key in ("overview", "timeline", "notes", "factors", "actions", "close", "interviews"):
            window.show_panel(key)
            qtbot.wait(30)  # the layout settles at the new size
            assert sideways(window.holders[key]) == [], key
        assert window.minimumSizeHint().width() <= screen().width()
        window.open_tracker()
        qtbot.wait(30)
        assert screen().contains(window.tracker.frameGeometry())
        assert sideways(window.tracker) == []
    finally:
        theme.apply(themed, "light", 1.0)


def test_at_150_percent_system_scale_the_window_library_and_timer_bar_fit() -> None:
    """tests/gui/small_screen_checks.py in a Qt of its own at QT_SCALE_FACTOR=1.5 (853 x 480)."""
    checks = Path(__file__).with_name("small_screen_checks.py")
    run_checks(checks, QT_SCALE_FACTOR="1.5", QT_QPA_PLATFORM="offscreen")


SYSTEM_150 = (853, 467)  # 1280 x 720 at 150% system scale, less the window manager's title bar


def test_no_panel_scrolls_sideways_at_150_percent_system_scale(qtbot, themed, window) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    window.resize(*SYSTEM_150)
    found = []
    for key in ("overview", "timeline", "notes", "factors", "actions", "close", "interviews"):
        window.show_panel(key)
        qtbot.wait(30)
        # The panel itself never scrolls sideways (a wide table may, inside it).
        if window.holders[key].horizontalScrollBar().maximum() > 0:
            found.append(key)
    assert found == []


def test_lists_keep_three_rows_and_their_buttons_below_on_a_small_screen(
    qtbot, themed, window
) -> None:  # type: ignore[no-untyped-def]
    window.import_paths([SAMPLE])
    window.resize(*SYSTEM_150)
    window.show_panel("close")
    qtbot.wait(30)
    panel = window.panels["close"]
    for view, buttons in (
        (panel.parking_view, list(panel.settle_buttons.values())),
        (panel.survey_view, [panel.fill_button, panel.import_button]),
    ):
        bottom = view.mapTo(panel, view.rect().bottomLeft()).y()
        for button in buttons:
            assert button.mapTo(panel, QPoint(0, 0)).y() > bottom, button.text()
        rows = 3 * view.verticalHeader().defaultSectionSize()
        assert view.height() >= view.horizontalHeader().height() + rows  # the header and 3 rows
    window.show_panel("actions")
    qtbot.wait(30)
    table = window.panels["actions"].table
    rows = 3 * table.verticalHeader().defaultSectionSize()
    assert table.height() >= table.horizontalHeader().height() + rows


@pytest.mark.parametrize("zoom", [1.0, 1.25, 1.5])
def test_a_short_window_gets_the_compact_timer_and_the_timeline_keeps_its_rows(
    qtbot, themed, window, zoom: float
) -> None:  # type: ignore[no-untyped-def]
    """At 100% on 720 px the full timer bar; from 125% the compact one, so the timeline still
    shows several events without scrolling the page."""
    from pmdesk.ui import theme

    window.presentation.set_zoom(zoom)
    window.import_paths([SAMPLE])
    try:
        window.showMaximized()
        window.show_panel("timeline")
        qtbot.wait(50)
        bar = window.timer_bar
        assert bar.compact is (zoom > 1.0)
        panel = window.holders["timeline"].widget()
        table = panel.table
        rows_seen = table.viewport().height() // max(1, table.rowHeight(0))
        assert rows_seen >= 3, f"{rows_seen} rows at {zoom}"
        if bar.compact:
            # The buttons sit beside the clock, under the phase: no row of their own.
            start = bar.start_button
            button = QRect(start.mapTo(bar, QPoint(0, 0)), start.size())
            assert bar.clock_label.geometry().top() <= button.top()
            assert button.right() < bar.clock_label.geometry().left()
            assert button.bottom() < bar.phase_progress.geometry().top()
            assert not bar.plan_button_shown() and bar.minimumSizeHint().width() <= window.width()
        window.showNormal()
        window.resize(window.width(), 1100)
        qtbot.wait(50)
        if window.height() >= 1000:  # the headless screen may refuse a taller window
            assert not bar.compact
    finally:
        window.presentation.set_zoom(theme.DEFAULT_ZOOM)
