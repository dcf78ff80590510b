"""The Notes panel: the facilitator's running notes of the meeting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from pmdesk.ui.bindings import FieldBinder, TextCommitter
from pmdesk.ui.lint_editor import attach_language
from pmdesk.ui.session import DocumentSession
from pmdesk.views.findings import CapturedFindingsList, FindingsStrip, capture_selected_text


class NotesPanel(QWidget):
    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 16)
        hint = QLabel(
            "Running notes for the facilitator: what people saw, believed and did. "
            "They are saved as you type and are never shown on the share window."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Meeting notes")
        # Tab moves on, as in every pmdesk text field: a tab character kept the keyboard in
        # the notes for good (Ctrl+Tab goes to the next panel, as from every panel).
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText(
            "Listen for: “I assumed … because …”, “I didn't know … was connected to …”, "
            "“the dashboard looked normal”."
        )
        font = QFont(self.editor.font())
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.editor.setFont(font)
        self.binder = FieldBinder(session, self)
        self.committer: TextCommitter = self.binder.text(self.editor, "notes", "Edit notes")

        # The blame-language check, its strip, and the findings captured from the notes.
        self.language = attach_language(self.editor, session, "notes")
        self.findings_strip = FindingsStrip([("Notes", self.language)])
        writing = QWidget()
        writing_layout = QVBoxLayout(writing)
        writing_layout.setContentsMargins(0, 0, 0, 0)
        writing_layout.setSpacing(4)
        writing_layout.addWidget(self.editor, 1)
        writing_layout.addWidget(self.findings_strip)
        self.findings_list = CapturedFindingsList(
            session, lambda: capture_selected_text(self.editor, session, self.language)
        )
        self.findings_list.setMinimumWidth(240)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(writing)
        self.splitter.addWidget(self.findings_list)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)
