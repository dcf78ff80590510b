"""The card under the timeline (what the room said about the event) on a crowded screen: the
library opened beside it at 1280 px, or 150% zoom. Its questions wrap to two lines there; the
title, the questions, the answers and the language line must each keep their own room."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel, QWidget

from tests.gui.keyboard import paced

CTRL = Qt.KeyboardModifier.ControlModifier


press = paced(20)


def box(widget: QWidget, card: QWidget) -> QRect:
    return QRect(widget.mapTo(card, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("crowd", ["library", "zoom150"])
def test_nothing_in_the_event_card_overlaps(qtbot, window, sample, themed, crowd: str) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_2, CTRL)  # the Timeline
    if crowd == "zoom150":
        for _ in range(3):
            press(qtbot, Qt.Key.Key_Equal, CTRL)
    else:
        press(qtbot, Qt.Key.Key_L, CTRL | Qt.KeyboardModifier.ShiftModifier)  # View > Library
        assert window.library.isVisible()
    panel = window.panels["timeline"]
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(1, 2))
    press(qtbot, Qt.Key.Key_Down)
    card = panel.discussion
    qtbot.waitUntil(lambda: card.title.text() != "")
    qtbot.wait(50)
    title = box(card.title, card)
    edits = [box(edit, card) for edit in card.edits.values()]
    captions = [box(label, card) for label in card.findChildren(QLabel) if label.buddy()]
    strip = box(card.findings_strip, card)
    assert len(captions) == 3
    for caption, edit in zip(captions, edits, strict=True):
        assert caption.top() > title.bottom(), "a question over the event's title"
        assert edit.top() > caption.bottom(), "an answer box over its question"
        assert strip.top() > edit.bottom(), "the language line over an answer box"
    # Each answer box keeps the two lines it asks for.
    for edit in card.edits.values():
        assert edit.height() >= edit.minimumHeight()


def test_walking_the_events_keeps_the_card_one_height(qtbot, window, sample, themed) -> None:  # type: ignore[no-untyped-def]
    """At 100% on 1280 x 720 an event's text long enough to wrap the card's title made it two
    lines in a card the splitter kept at one height: the language line was drawn over the
    answers. The title is one line (cut with "…", all of it in the tooltip), so the card and the
    table keep their sizes from one event to the next."""
    press(qtbot, Qt.Key.Key_2, CTRL)
    panel = window.panels["timeline"]
    panel.table.setFocus()
    press(qtbot, Qt.Key.Key_Home, CTRL)
    card = panel.discussion
    qtbot.wait(50)
    height, rows = card.height(), panel.table.height()
    line = card.title.fontMetrics().lineSpacing()
    for row in range(1, panel.model.rowCount()):
        press(qtbot, Qt.Key.Key_Down)
        event = panel.current_event()
        assert card.title.toolTip().endswith(event.text)
        assert card.title.height() < 2 * line, f"event {row + 1}: the title takes two lines"
        strip = box(card.findings_strip, card)
        for edit in card.edits.values():
            assert strip.top() > box(edit, card).bottom(), f"event {row + 1}: language line"
        assert (card.height(), panel.table.height()) == (height, rows)


@pytest.mark.parametrize("crowd", ["library", "zoom150"])
def test_a_flagged_answer_keeps_the_language_line_below_the_answers(  # type: ignore[no-untyped-def]
    qtbot, window, sample, themed, crowd: str
) -> None:
    """Walked at 150%: typing a blame phrase into an answer brought the language line's Next
    and All buttons, taller than its words, and they were drawn over the answer boxes: the card
    kept the least height it had worked out before they came."""
    press(qtbot, Qt.Key.Key_2, CTRL)
    if crowd == "zoom150":
        for _ in range(3):
            press(qtbot, Qt.Key.Key_Equal, CTRL)
    else:
        press(qtbot, Qt.Key.Key_L, CTRL | Qt.KeyboardModifier.ShiftModifier)
    panel = window.panels["timeline"]
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(2, 2))
    card = panel.discussion
    qtbot.waitUntil(lambda: card.title.text() != "")
    seen = card.edits["seen"]
    seen.setFocus()
    seen.selectAll()
    qtbot.keyClicks(seen, "Marcus should have known.")
    strip = card.findings_strip
    qtbot.waitUntil(lambda: bool(card.languages["seen"].findings()), timeout=3000)
    qtbot.wait(100)  # the line shows its buttons, and the card is laid out again
    line = box(strip, card)
    for edit in card.edits.values():
        assert line.top() > box(edit, card).bottom(), "the language line over an answer box"
    assert line.bottom() <= card.height()
