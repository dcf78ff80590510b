"""Keeping the meeting on track, from anywhere in the main window: park a point (F4), raise the
"move on" cue on the share window (F10), tick the next speaker of a round robin (F12); and
File > Export pre-read….

Like the other meeting keys (pmdesk.views.meeting_keys) these are application-wide shortcuts on
keys no text editor binds, so they work with the cursor in a note or a table cell.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6 import QtWidgets
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget

from pmdesk.operations import facilitation as ops
from pmdesk.operations.edit import Refused
from pmdesk.views.meeting_keys import key_text, meeting_shortcut

Clock = Callable[[], datetime]


def selected_words(widget: QWidget | None) -> str:
    """The text selected in the focused field, on one line ("" when nothing is selected)."""
    text = ""
    if isinstance(widget, QLineEdit | QLabel):
        text = widget.selectedText()
    elif isinstance(widget, QPlainTextEdit | QtWidgets.QTextEdit):  # QTextEdit: not at start-up
        text = widget.textCursor().selectedText()
    # A multi-line selection separates its paragraphs with U+2029.
    return " ".join(text.replace("\u2029", " ").split())


class MeetingAids(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.clock: Clock = lambda: datetime.now(UTC)
        self.pre_read_dialog: Any = None
        menu = window.meeting_menu
        menu.addSeparator()
        self.park_action = self._action(
            "&Park a point…",
            "park",
            "Set the selected words (or a line you type) aside for the close",
        )
        self.park_action.triggered.connect(lambda _c=False: self.park())
        self.move_on_action = self._action(
            "&Move on cue",
            "move_on",
            "Show the room, on the share window, that the discussion moves on",
        )
        self.move_on_action.triggered.connect(lambda _c=False: self.move_on())
        self.next_speaker_action = self._action(
            "Next spea&ker", "next_speaker", "Tick the next person of this phase's round robin"
        )
        self.next_speaker_action.triggered.connect(lambda _c=False: self.next_speaker())
        for action in self.actions():
            menu.addAction(action)
            window.addAction(action)
        self.pre_read_action = QAction("Export p&re-read…", window)
        self.pre_read_action.setStatusTip(
            "The draft timeline, open questions and ground rules, to send a day ahead"
        )
        self.pre_read_action.triggered.connect(lambda _c=False: self.open_pre_read())
        window.file_menu.insertAction(window.publish_action, self.pre_read_action)
        from pmdesk.views.round_robin import RoundRobinBox

        self.round_robin = RoundRobinBox(window.session, window.timer_bar, window.guidance)
        self.round_robin.set_next_key(key_text("next_speaker"))
        window.guidance.layout().addWidget(self.round_robin)

    def _action(self, text: str, command: str, tip: str) -> QAction:
        action = meeting_shortcut(QAction(text, self.window), command)
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({key_text(command)})")
        return action

    def actions(self) -> list[QAction]:
        return [self.park_action, self.move_on_action, self.next_speaker_action]

    def _say(self, text: str) -> str:
        show = getattr(self.window, "_show_status", None)
        if show is not None:
            show(text)
        return text

    def _phase(self) -> str:
        timer = getattr(self.window, "timer_bar", None)
        timer = timer.timer if timer is not None else None
        return timer.phase.phase if timer is not None else ""

    def _dialog_parent(self) -> QWidget:
        """The window in use; while the share window is open, the facilitator strip: a dialog of
        its own stacks over it, so it may take the strip's place at the bottom of the screen
        rather than the room's page (pmdesk.views.share.keep_clear). At 150% there is not room
        enough between the share window and the strip for it (walked: it covered the event)."""
        strip = getattr(getattr(self.window, "presentation", None), "strip", None)
        if strip is not None and strip.isVisible():
            return strip  # type: ignore[no-any-return]
        return QApplication.activeWindow() or self.window

    # -- commands ---------------------------------------------------------------------------------
    def park(self) -> str:
        """Park the selected words, or ask for a line; returns the status line."""
        session = self.window.session
        doc = session.doc
        if doc is None:
            return self._say("Open a postmortem first.")
        focused = QApplication.focusWidget()
        words = selected_words(focused)
        if not words:
            words, ok = QtWidgets.QInputDialog.getText(
                self._dialog_parent(),
                "Park a point",
                "Set aside for the close (one line):",
            )
            if focused is not None:
                focused.setFocus()
            if not ok or not words.strip():
                return self._say("Nothing parked.")
        session.flush_edits()
        try:
            edit = ops.park(doc, words, self._phase(), self.clock())
        except Refused as exc:
            return self._say(str(exc))
        if not session.apply(edit):
            return self._say("Already in the parking lot.")
        shown = words if len(words) <= 60 else words[:57].rstrip() + "…"
        return self._say(f"Parked “{shown}”: settle it in the Close phase.")

    def move_on(self) -> str:
        presentation = getattr(self.window, "presentation", None)
        share = getattr(presentation, "share_window", None)
        if share is None or not share.isVisible():
            return self._say(
                f"The move-on cue shows on the share window: open it first ({key_text('share_window')})."
            )
        share.cue.raise_cue()
        return self._say("The room sees the move-on cue for a few seconds.")

    def next_speaker(self) -> str:
        return self._say(self.round_robin.mark_next())

    def open_pre_read(self) -> Any:
        session = self.window.session
        if session.doc is None:
            return None
        if self.pre_read_dialog is None:
            from pmdesk.views.pre_read_dialog import PreReadDialog

            self.pre_read_dialog = PreReadDialog(session, self.window)
        self.pre_read_dialog.show()
        self.pre_read_dialog.raise_()
        self.pre_read_dialog.activateWindow()
        return self.pre_read_dialog


def install(window: Any) -> MeetingAids:
    return MeetingAids(window)
