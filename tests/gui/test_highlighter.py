"""The blame-language check in the editors: underlines, hover, fixes, capture, team rules."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QToolTip

from pmdesk.model import Attendee, Factor, Question, TimelineEvent
from pmdesk.operations import items


def _open(window, **fields):  # type: ignore[no-untyped-def]
    """A new postmortem with Dave in the room, opened on the Notes panel."""
    window.new_postmortem()
    session = window.session
    session.apply(
        items.add_items(session.doc, "Add attendee", "attendees", [Attendee(name="Dave")])
    )
    for name, value in fields.items():
        session.apply(items.set_fields(session.doc, f"Set {name}", **{name: value}))
    window.show_panel("notes")
    return window.panels["notes"]


def _type(qtbot, editor: QPlainTextEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type text as a user does, one line at a time with Enter between."""
    editor.setFocus()
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor, line)


def _format_at(editor: QPlainTextEdit, position: int) -> QTextCharFormat | None:
    """The highlighter's format on the character at `position` (None: plain text)."""
    block = editor.document().findBlock(position)
    offset = position - block.position()
    for extra in block.layout().formats():
        if extra.start <= offset < extra.start + extra.length:
            return QTextCharFormat(extra.format)  # a copy: the range list is temporary
    return None


def _position_of(editor: QPlainTextEdit, phrase: str) -> int:
    cursor = editor.document().find(phrase)
    assert not cursor.isNull(), phrase
    return cursor.selectionStart()


def _point_over(editor: QPlainTextEdit, position: int) -> QPoint:
    """A viewport point over the middle of the character after `position`."""
    cursor = QTextCursor(editor.document())
    cursor.setPosition(position)
    left = editor.cursorRect(cursor)
    cursor.setPosition(position + 1)
    right = editor.cursorRect(cursor)
    return QPoint((left.x() + right.x()) // 2 + 1, left.center().y())


def _action(menu, prefix: str):  # type: ignore[no-untyped-def]
    matches = [a for a in menu.actions() if a.text().startswith(prefix)]
    assert matches, [a.text() for a in menu.actions()]
    return matches[0]


def test_hindsight_about_a_person_is_underlined_but_a_failing_alert_is_not(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    notes = _open(window)
    editor = notes.editor
    _type(qtbot, editor, "Dave should have caught it.\nThe alert failed to fire.")
    highlighter = notes.language.highlighter
    hindsight = highlighter.format_for("hindsight")

    flagged = _format_at(editor, _position_of(editor, "should have caught"))
    assert flagged is not None
    assert flagged.underlineStyle() == hindsight.underlineStyle()
    assert flagged.underlineColor() == hindsight.underlineColor()
    assert _format_at(editor, _position_of(editor, "Dave")) is None
    second = editor.document().findBlockByNumber(1)
    assert list(second.layout().formats()) == []
    assert [f.category for f in notes.language.findings()] == ["hindsight"]


def test_categories_differ_by_underline_shape_not_only_colour(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    highlighter = _open(window).language.highlighter
    shapes = {c: highlighter.format_for(c).underlineStyle() for c in ("judgement", "hindsight")}
    shapes["who_question"] = highlighter.format_for("who_question").underlineStyle()
    shapes["listen_for"] = highlighter.format_for("listen_for").underlineStyle()
    assert len(set(shapes.values())) == 4
    # The good findings are tinted, the blame ones only underlined.
    assert highlighter.format_for("listen_for").background().style() != Qt.BrushStyle.NoBrush
    assert highlighter.format_for("judgement").background().style() == Qt.BrushStyle.NoBrush


def test_hover_explains_and_suggests_a_reframe(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.ui.lint_editor import tooltip_text

    notes = _open(window)
    editor = notes.editor
    _type(qtbot, editor, "In the end it was human error.")
    start = _position_of(editor, "human error")
    located = notes.language.finding_at_point(_point_over(editor, start + 2))
    assert located is not None and located.finding.text == "human error"
    text = tooltip_text(located.finding)
    assert "what made the slip possible" in text
    assert "Try instead: <i>name what made the slip easy" in text  # the kind's reframe
    assert "Suggested words: <i>“missing safeguard”</i>" in text  # the rule's, after it
    # Over plain words there is nothing to explain.
    assert notes.language.finding_at_point(_point_over(editor, 1)) is None

    point = _point_over(editor, start + 2)
    QApplication.sendEvent(editor, QEvent(QEvent.Type.Enter))  # the pointer comes over it
    event = QHelpEvent(QEvent.Type.ToolTip, point, editor.viewport().mapToGlobal(point))
    QApplication.sendEvent(editor.viewport(), event)
    assert "missing safeguard" in QToolTip.text()
    QToolTip.hideText()


def test_use_suggestion_replaces_the_phrase_and_undo_brings_it_back(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    notes = _open(window)
    editor = notes.editor
    _type(qtbot, editor, "In the end it was human error.")
    menu = notes.language.context_menu(_point_over(editor, _position_of(editor, "human") + 1))
    _action(menu, "Use suggestion: “missing safeguard”").trigger()
    assert editor.toPlainText() == "In the end it was missing safeguard."
    assert window.session.doc.pm.notes == "In the end it was missing safeguard."
    assert notes.language.findings() == []

    window.undo_action.trigger()  # only the suggestion, not the typing before it
    assert editor.toPlainText() == "In the end it was human error."
    assert window.session.doc.pm.notes == "In the end it was human error."
    assert [f.finding.text for f in notes.language.findings()] == ["human error"]
    window.redo_action.trigger()
    assert editor.toPlainText() == "In the end it was missing safeguard."


def test_ignore_here_removes_the_underline_and_is_saved_with_the_document(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    notes = _open(window)
    editor = notes.editor
    _type(qtbot, editor, "Dave was careless with the flag.\nAnother line.")
    position = _position_of(editor, "careless")
    assert _format_at(editor, position) is not None
    menu = notes.language.context_menu(_point_over(editor, position + 1))
    _action(menu, "Ignore here").trigger()

    assert _format_at(editor, position) is None
    assert notes.language.findings() == []
    pm_id = window.session.doc.pm.id
    assert window.session.save_now()
    saved = window.session.repo.load(pm_id)
    assert saved.language.ignored == ["judgement.words|careless"]

    # Reopened later: still not underlined.
    window.session.close()
    window.open_postmortem(pm_id)
    assert editor.toPlainText().startswith("Dave was careless")
    assert _format_at(editor, _position_of(editor, "careless")) is None
    assert notes.language.findings() == []


def test_undoing_an_ignore_brings_the_underline_back(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    notes = _open(window)
    editor = notes.editor
    _type(qtbot, editor, "That was sloppy.")
    located = notes.language.findings()[0]
    notes.language.ignore(located)
    assert notes.language.findings() == []
    window.undo_action.trigger()
    assert [f.finding.text for f in notes.language.findings()] == ["sloppy"]
    assert _format_at(editor, _position_of(editor, "sloppy")) is not None


def test_a_listen_for_sentence_is_captured_as_a_finding(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    notes = _open(window)
    editor = notes.editor
    sentence = "I assumed the deploy was done because the dashboard looked normal."
    _type(qtbot, editor, f"14:40 paged. {sentence} Then we rolled back.")
    located = notes.language.findings()[0]
    assert located.category == "listen_for"
    assert _format_at(editor, located.start) is not None

    menu = notes.language.context_menu(_point_over(editor, located.start + 1))
    _action(menu, "Capture as finding").trigger()
    findings = window.session.doc.pm.findings
    assert [(f.text, f.origin) for f in findings] == [(sentence, "notes")]
    assert findings[0].created_at is not None
    assert notes.findings_list.model.rowCount() == 1
    assert notes.findings_list.model.item(0).text == sentence
    # Offered once: the menu now says it is done.
    again = _action(notes.language.context_menu(_point_over(editor, located.start + 1)), "Capt")
    assert not again.isEnabled()

    window.session.save_now()
    assert [f.text for f in window.session.repo.load(window.session.doc.pm.id).findings] == [
        sentence
    ]
    # The captured list removes with undo back.
    notes.findings_list.view.selectAll()
    notes.findings_list.remove_button.click()
    assert window.session.doc.pm.findings == []
    window.undo_action.trigger()
    assert [f.text for f in window.session.doc.pm.findings] == [sentence]


def test_capture_selection_takes_what_the_check_did_not_spot(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    notes = _open(window)
    editor = notes.editor
    _type(qtbot, editor, "Nobody knew the cron job shared the queue.")
    cursor = editor.textCursor()
    cursor.setPosition(0)
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    notes.findings_list.capture_button.click()
    assert [f.text for f in window.session.doc.pm.findings] == [
        "Nobody knew the cron job shared the queue."
    ]


def test_an_emoji_before_a_finding_keeps_the_underline_on_the_phrase(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    notes = _open(window)
    editor = notes.editor
    editor.setPlainText("🚨🔥 paged at 3am, Dave should have caught it 🙃")
    located = notes.language.findings()[0]
    cursor = QTextCursor(editor.document())
    cursor.setPosition(located.start)
    cursor.setPosition(located.end, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "should have caught"
    assert _format_at(editor, located.start) is not None
    assert _format_at(editor, located.start - 2) is None  # the space and "e" of "Dave"
    assert _format_at(editor, located.end) is None


def test_code_blocks_and_indented_code_are_not_checked(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    notes = _open(window)
    editor = notes.editor
    editor.setPlainText(
        "```\nDave was careless\n```\n\n    Dave was careless\n\n- Dave was careless\n"
    )
    assert [f.block for f in notes.language.findings()] == [6]
    # Closing the fence late: the fence now runs to the end and hides everything after it.
    cursor = QTextCursor(editor.document().findBlockByNumber(2))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText("no longer a fence")
    assert notes.language.findings() == []


def test_a_keystroke_rechecks_only_its_own_line(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    notes = _open(window)
    editor = notes.editor
    editor.setPlainText(
        "\n".join(f"14:{n % 60:02d} the alert fired on host {n}" for n in range(400))
    )
    highlighter = notes.language.highlighter
    cursor = QTextCursor(editor.document().findBlockByNumber(200))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    editor.setFocus()
    before = highlighter.blocks_checked
    qtbot.keyClicks(editor, ", Dave was careless")
    assert highlighter.blocks_checked - before == len(", Dave was careless")
    assert [f.block for f in notes.language.findings()] == [200]


def test_an_attendee_added_later_makes_their_sentences_checked(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    notes = _open(window)
    editor = notes.editor
    _type(qtbot, editor, "Jenkins missed the alert.")
    assert notes.language.findings() == []  # a CI server, as far as the check knows
    window.session.apply(
        items.add_items(window.session.doc, "Add attendee", "attendees", [Attendee(name="Jenkins")])
    )
    assert [f.category for f in notes.language.findings()] == ["hindsight"]
    window.undo_action.trigger()
    assert notes.language.findings() == []


def test_allowed_words_in_the_overview_stop_a_product_name_being_flagged(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    notes = _open(window)
    editor = notes.editor
    _type(qtbot, editor, "Dave restarted Sloppy Joe, our queue, after it was careless with memory.")
    assert {f.finding.text for f in notes.language.findings()} >= {"careless"}
    overview = window.panels["overview"]
    window.show_panel("overview")
    overview.allowed_words_edit.setFocus()
    qtbot.keyClicks(overview.allowed_words_edit, "careless with memory")
    qtbot.keyClick(overview.allowed_words_edit, Qt.Key.Key_Return)
    assert window.session.doc.pm.language.allowed_words == ["careless with memory"]
    assert "careless" not in {f.finding.text for f in notes.language.findings()}


def test_the_strip_counts_by_category_and_jumps_to_each(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.views.findings import EMPTY_TEXT

    notes = _open(window)
    strip = notes.findings_strip
    assert strip.summary == EMPTY_TEXT
    assert not strip.next_button.isVisible()
    editor = notes.editor
    with qtbot.waitSignal(notes.language.highlighter.findingsChanged):
        editor.setPlainText(
            "Dave should have caught it.\nDave should have known.\n"
            "I didn't know the cache was shared.\nThe root cause was the config."
        )
    qtbot.waitUntil(lambda: strip.summary != EMPTY_TEXT)
    text = strip.summary
    assert text == "2 hindsight · 1 single root cause · 1 finding to capture"
    assert strip.next_button.isVisible()

    strip.go_next()
    assert editor.textCursor().selectedText() == "should have caught"
    strip.go_next()
    assert editor.textCursor().selectionStart() > _position_of(editor, "should have caught")
    strip.fill_menu()
    texts = [a.text() for a in strip.menu.actions()]
    assert any(t.startswith("single root cause: “root cause") for t in texts)
    strip.menu.actions()[-1].trigger()
    assert editor.textCursor().selectedText() == notes.language.findings()[-1].finding.text


def test_the_timeline_discussion_is_checked_for_each_event(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    session = window.session
    first = TimelineEvent(
        at=datetime(2026, 4, 15, 14, 32, tzinfo=UTC),
        text="deploy",
        believed="Dave should have known it was risky",
    )
    second = TimelineEvent(
        at=datetime(2026, 4, 15, 14, 35, tzinfo=UTC), text="alert", seen="the alert failed to fire"
    )
    session.apply(items.add_items(session.doc, "Add events", "timeline", [first, second]))
    timeline = window.panels["timeline"]
    window.show_panel("timeline")
    timeline.select_events([first.id])
    believed = timeline.languages["believed"]
    assert [f.category for f in believed.findings()] == ["hindsight"]
    timeline.select_events([second.id])
    assert believed.findings() == []
    assert timeline.languages["seen"].findings() == []
    timeline.findings_strip.refresh()
    assert timeline.findings_strip.summary == "No blame language spotted"


def test_factor_and_why_editors_are_checked_including_new_ones(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.ui.lint_editor import LanguageAttachment

    window.new_postmortem()
    session = window.session
    factors = window.panels["factors"]
    with qtbot.waitSignal(factors.editorsChanged):
        session.apply(
            items.add_items(
                session.doc,
                "Add factor",
                "factors",
                [Factor(question=Question.RISKY, text="Human error", whys=["Dave was careless"])],
            )
        )
    editors = factors.text_editors()
    assert len(editors) == 2
    for editor in editors:
        attachment = editor.findChild(LanguageAttachment)
        assert attachment is not None and attachment.field == "factor"
    categories = [f.category for e in editors for f in e.findChild(LanguageAttachment).findings()]
    assert categories == ["human_error", "judgement"]


def test_ctrl_comma_opens_preferences(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.preferences
    assert dialog.isVisible()
    assert dialog.status_label.text() == "In use: the built-in rules."
    dialog.close()


@pytest.fixture
def team_files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "team.json"
    good.write_text('{\n  "pmdesk_rules": 1,\n  "words": ["bodge"]\n}\n', encoding="utf-8")
    bad = tmp_path / "broken.json"
    bad.write_text('{\n  "pmdesk_rules": 1,\n  "wrods": ["bodge"]\n}\n', encoding="utf-8")
    return {"good": good, "bad": bad}


def test_team_rules_add_words_and_a_broken_file_is_refused_naming_the_line(
    qtbot, window, team_files
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.ui import settings
    from pmdesk.views.preferences import PreferencesDialog

    notes = _open(window)
    editor = notes.editor
    _type(qtbot, editor, "We shipped a bodge.\nDave was careless.")
    assert [f.finding.text for f in notes.language.findings()] == ["careless"]

    picked: list[str] = []
    dialog = PreferencesDialog(
        window.session, window, choose_file=lambda _parent, _start: picked.pop()
    )
    qtbot.addWidget(dialog)
    picked.append(str(team_files["bad"]))
    dialog.choose_button.click()
    assert dialog.error_label.isVisibleTo(dialog)
    assert f"{team_files['bad']}:3:" in dialog.error_label.text()
    assert "wrods" in dialog.error_label.text()
    assert dialog.status_label.text() == "In use: the built-in rules."
    assert settings.TEAM_RULES.get() == ""
    # The built-in rules keep working.
    assert [f.finding.text for f in notes.language.findings()] == ["careless"]

    picked.append(str(team_files["good"]))
    dialog.choose_button.click()
    assert not dialog.error_label.isVisibleTo(dialog)
    assert "1 team rule from team.json" in dialog.status_label.text()
    assert settings.TEAM_RULES.get() == str(team_files["good"])
    assert [f.finding.text for f in notes.language.findings()] == ["bodge", "careless"]

    dialog.clear_button.click()
    assert [f.finding.text for f in notes.language.findings()] == ["careless"]
    assert settings.TEAM_RULES.get() == ""


def test_a_saved_team_file_that_went_bad_is_reported_and_built_ins_run(
    qtbot, db_path, team_files
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.location import resolve
    from pmdesk.ui import settings
    from pmdesk.ui.lint_editor import language_service
    from pmdesk.ui.session import DocumentSession

    settings.TEAM_RULES.set(str(team_files["bad"]))
    session = DocumentSession(StorageDoor(resolve(str(db_path))))
    service = language_service(session)
    assert service.team_error is not None and ":3:" in service.team_error
    assert service.rules is None
    from pmdesk.language import lint

    assert [f.text for f in lint("Dave was careless.", service.context("notes"))] == ["careless"]
    session.close()


def test_a_theme_switch_recolours_the_underlines(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.ui import theme

    notes = _open(window)
    editor = notes.editor
    _type(qtbot, editor, "That was sloppy.")
    position = _position_of(editor, "sloppy")
    app = QApplication.instance()
    before = theme.current()
    try:
        theme.apply(app, "dark")
        assert (
            _format_at(editor, position).underlineColor().name()
            == (theme.category_colors("dark")["judgement"])
        )
        theme.apply(app, "light")
        assert (
            _format_at(editor, position).underlineColor().name()
            == (theme.category_colors("light")["judgement"])
        )
    finally:
        theme.apply(app, before)
