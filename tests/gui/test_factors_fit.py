"""Contributing factors on a small screen (1280 x 720 at 150% system scale is 853 x 480 to Qt):
every question's header and every factor's buttons stay inside the scroll area, so nothing is cut
off at the right (the longest question used to widen the column past it)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton, QScrollArea

from tests.gui.conftest import SAMPLE


def test_at_853_px_the_factor_headers_and_buttons_fit_the_column(qtbot, themed, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(853, 480)
    window.import_paths([SAMPLE])
    window.show_panel("factors")
    scroll = window.findChild(QScrollArea, "factorsScroll")
    assert scroll is not None
    qtbot.waitUntil(lambda: scroll.widget().isVisible())
    qtbot.wait(100)
    viewport = scroll.viewport()
    body = scroll.widget()
    assert body.width() <= viewport.width(), (body.width(), viewport.width())
    buttons = [b for b in body.findChildren(QAbstractButton) if b.isVisible()]
    assert {"Add factor", "Move to ▾", "Remove"} <= {b.text() for b in buttons}
    for button in buttons:
        right = button.mapTo(viewport, QPoint(button.width() - 1, 0)).x()
        assert right < viewport.width(), (
            f"{button.text()!r} ends at {right}, column {viewport.width()}"
        )
