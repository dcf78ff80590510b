"""Every blame finding offers a system-focused reframe ("Try instead"), in the hover and on the
facilitator strip, also where its rule has no suggested wording (most rules have none); a
rule's own words for the phrase come after it, never in its place."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QLabel, QToolTip

from pmdesk.language import reframe
from tests.gui.test_facilitator_strip import BLAME, strip, type_seen  # noqa: F401 - a fixture
from tests.gui.test_highlighter import _open, _point_over, _position_of, _type


def test_hovering_a_judgement_shows_its_kinds_reframe(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    notes = _open(window)
    editor = notes.editor
    _type(qtbot, editor, "The rollout plan was careless.")
    start = _position_of(editor, "careless")
    located = notes.language.finding_at_point(_point_over(editor, start + 2))
    assert located is not None and located.finding.category == "judgement"
    assert located.finding.suggestion is None  # the rule has no wording to put in its place
    point = _point_over(editor, start + 2)
    QApplication.sendEvent(editor, QEvent(QEvent.Type.Enter))  # the pointer comes over it
    event = QHelpEvent(QEvent.Type.ToolTip, point, editor.viewport().mapToGlobal(point))
    QApplication.sendEvent(editor.viewport(), event)
    shown = QToolTip.text()
    QToolTip.hideText()
    assert "Try instead:" in shown
    assert "no second reviewer" in shown  # the judgement kind's reframe
    assert "Right-click to ignore it here." in shown  # no "use the suggestion": there is none


def test_the_strip_shows_the_reframe_for_blame_on_the_shared_screen(qtbot, window, strip) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    type_seen(qtbot, window, BLAME)
    qtbot.waitUntil(lambda: bool(strip.flags), timeout=2000)
    flag = next(f for f in strip.flags if f.shown.field == "seen")
    assert flag.finding.suggestion is None
    expected = reframe(flag.finding.category)
    assert expected
    labels = [w for w in strip.findChildren(QLabel) if flag.finding.text in w.text()]
    assert labels and f"Try instead: {expected}" in labels[0].toolTip()


def test_the_strip_shows_the_kinds_reframe_before_a_rules_words(qtbot, window, strip) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    type_seen(qtbot, window, "The outage was caused by human error.")
    qtbot.waitUntil(lambda: bool(strip.flags), timeout=2000)
    flag = next(f for f in strip.flags if f.shown.field == "seen")
    assert flag.finding.suggestion == "missing safeguard"
    labels = [w for w in strip.findChildren(QLabel) if flag.finding.text in w.text()]
    tip = labels[0].toolTip()
    # As the hover and the report show it: the reframe, then the words Reword fills in.
    assert f"Try instead: {reframe('human_error')}\nSuggested words: “missing safeguard”" in tip
