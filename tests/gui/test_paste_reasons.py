"""A chat log pasted into the timeline with Ctrl+V, as a facilitator does: a line with a wrong
date is listed with its reason, whole, saying what is wrong and where."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog

from pmdesk.views import paste_preview
from tests.gui.keyboard import press

CTRL = Qt.KeyboardModifier.ControlModifier
CHAT = """[14:02] deploy-bot: checkout-api v2.14.0 rolled out to prod
[14:05] pagerduty: ALERT checkout error rate > 5% (checkout-api)
2026-13-03 14:20 Mia Chen: the timeout config changed in the last deploy?
[14:31] Dave Kim: rolling back v2.14.0
"""


def test_the_reason_for_an_unread_line_shows_whole(
    qtbot, window, sample, themed, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[str, int, int]] = []
    titles: list[str] = []

    def look(dialog: paste_preview.PastePreviewDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        view = dialog.problems_view
        column = view.model().columnCount() - 1  # Why
        reason = str(view.model().index(0, column).data())
        metrics = view.fontMetrics()
        width = view.columnWidth(column) - 12  # the cell's padding
        needed = metrics.boundingRect(
            QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, reason
        ).height()
        seen.append((reason, needed, view.rowHeight(0)))
        titles.append(dialog.problems_title.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(paste_preview.PastePreviewDialog, "exec", look)
    QApplication.clipboard().setText(CHAT)
    press(qtbot, Qt.Key.Key_2, CTRL)
    table = window.panels["timeline"].table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    press(qtbot, Qt.Key.Key_V, CTRL)
    qtbot.waitUntil(lambda: bool(seen))
    ((reason, needed, row_height),) = seen
    assert reason.startswith("'2026-13-03 14:20' has a date that does not exist")
    assert row_height >= needed  # every line of the reason in sight, none cut short
    # One line: "fix it", not "fix them" (walked).
    assert titles == [
        "1 line could not be read and will not be added. Fix it and paste it again, "
        "or add that event by hand."
    ]


@pytest.fixture(autouse=True)
def _clipboard_back(qapp):  # type: ignore[no-untyped-def]
    yield
    QApplication.clipboard().clear()
