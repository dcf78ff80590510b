"""Settling the parking lot in the Close phase, as a facilitator runs down the list: a click on
Drop, Down to the next point, Alt+K, Down ... Every key goes to the focused widget."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from pmdesk.facilitation import Settled
from tests.gui.keyboard import press

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_cursor_stays_in_the_parking_lot_while_points_are_settled(
    qtbot, meeting, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    for point in ("Rotate the keys", "Stale staging data", "Who reviews config?"):
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, p=point, **k: (p, True))
        press(qtbot, Qt.Key.Key_F4)
    press(qtbot, Qt.Key.Key_6, CTRL)  # the Close tab
    panel = meeting.panels["close"]
    view = panel.parking_view
    qtbot.waitUntil(view.isVisible)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.setCurrentIndex(panel.parking_model.index(0, 0))

    def settled() -> list[Settled]:
        return [p.settled for p in meeting.session.doc.pm.facilitation.parking_lot]

    qtbot.mouseClick(panel.settle_buttons[Settled.DROPPED], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: settled()[0] is Settled.DROPPED)
    assert view.hasFocus()  # not moved on to the survey when the clicked Drop went grey
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_K, ALT)  # Keep for later (its mnemonic clicks a moment later)
    qtbot.waitUntil(lambda: settled()[1] is Settled.KEPT)
    assert view.hasFocus()
    press(qtbot, Qt.Key.Key_Down)
    qtbot.mouseClick(panel.settle_buttons[Settled.DROPPED], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: Settled.OPEN not in settled())
    lot = meeting.session.doc.pm.facilitation.parking_lot
    assert [(p.text, p.settled) for p in lot] == [
        ("Rotate the keys", Settled.DROPPED),
        ("Stale staging data", Settled.KEPT),
        ("Who reviews config?", Settled.DROPPED),
    ]
    assert panel.parking_hint.text() == "Every parked point is settled."
    # The survey's hint counts its questions right: four of them.
    assert panel.survey_summary.text().startswith("After the meeting, ask four short questions")
