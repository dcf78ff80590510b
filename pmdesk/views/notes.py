"""The Notes panel: the facilitator's running notes of the meeting."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from pmdesk.ui.bindings import FieldBinder, TextCommitter
from pmdesk.ui.session import DocumentSession


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
        self.editor.setPlaceholderText(
            "Listen for: “I assumed … because …”, “I didn't know … was connected to …”, "
            "“the dashboard looked normal”."
        )
        font = QFont(self.editor.font())
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.editor.setFont(font)
        layout.addWidget(self.editor, 1)
        self.binder = FieldBinder(session, self)
        self.committer: TextCommitter = self.binder.text(self.editor, "notes", "Edit notes")
