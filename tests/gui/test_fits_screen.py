"""On a 1280 x 720 screen (the tests' headless screen): windows fit, and at 100% and 125% zoom
every panel's controls and columns are in sight without scrolling sideways."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QTableView, QWidget

from pmdesk.ui import settings
from tests.gui.conftest import SAMPLE


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
        for key in ("overview", "timeline", "notes", "factors", "actions"):
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
