"""File > Export pre-read…: the open questions to send, and the pre-read written as PDF or Markdown.

The questions are saved as they are typed (one per line); writing the pre-read records when it
went out, which the Overview's checklist measures against the meeting time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.checklist import pre_read_check
from pmdesk.document import Change, Document
from pmdesk.operations import facilitation as ops
from pmdesk.report import content
from pmdesk.ui import settings
from pmdesk.ui.bindings import TextCommitter
from pmdesk.ui.session import DocumentSession

Clock = Callable[[], datetime]


def _questions(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class PreReadDialog(QDialog):
    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export pre-read")
        self.setObjectName("preReadDialog")
        self.session = session
        self.clock: Clock = lambda: datetime.now(UTC)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "The pre-read goes to the attendees at least 24 hours before the meeting: the ground "
            "rules, the plan, the draft timeline with its durations, and the open questions "
            "below. Never the notes, the factors or the actions."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(QLabel("<b>Open questions</b> (one a line)"))
        self.questions_edit = QPlainTextEdit()
        self.questions_edit.setAccessibleName("Open questions")
        self.questions_edit.setPlaceholderText(
            "Why did the alert take five minutes to fire?\nWhat did the dashboard show at 14:34?"
        )
        layout.addWidget(self.questions_edit, 1)
        self.committer = TextCommitter(
            session,
            self.questions_edit,
            read=lambda doc: "\n".join(doc.pm.facilitation.open_questions),
            write=self._write_questions,
            register=False,
        )
        self.sent_label = QLabel()
        self.sent_label.setWordWrap(True)
        layout.addWidget(self.sent_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.pdf_button = QPushButton("Export &PDF…")
        self.md_button = QPushButton("Export &Markdown…")
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.md_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.md_button.clicked.connect(lambda: self.export("md"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 460)
        session.add_flusher(self.committer.flush)
        session.changed.connect(self._on_change)
        session.documentOpened.connect(self._on_opened)
        self._on_opened(session.doc)

    def _write_questions(self, text: str) -> None:
        doc = self.session.doc
        if doc is not None:
            self.session.apply(ops.set_open_questions(doc, _questions(text)), mergeable=True)

    def _on_opened(self, doc: Document | None) -> None:
        if doc is None:
            self.close()
            return
        self.committer.load("\n".join(doc.pm.facilitation.open_questions), keep_cursor=False)
        self._show_sent()

    def _on_change(self, change: Change) -> None:
        doc = self.session.doc
        if doc is None or change.action != "fields":
            return
        if "facilitation" in change.fields:
            # Reload only when the questions differ from what is typed (an undo): a blank line
            # being typed for the next question is not a change to undo.
            stored = doc.pm.facilitation.open_questions
            if stored != _questions(self.questions_edit.toPlainText()):
                self.committer.load("\n".join(stored))
        if {"facilitation", "meeting_at"} & set(change.fields):
            self._show_sent()

    def _show_sent(self) -> None:
        doc = self.session.doc
        if doc is None:
            return
        check = pre_read_check(doc.pm)
        sent = doc.pm.facilitation.pre_read_sent_at
        when = f" (last written {content.moment(sent.astimezone())})" if sent else ""
        self.sent_label.setText(("✓ " if check.ok else "⚠ ") + check.title + when)

    def export(self, fmt: str) -> Path | None:
        doc = self.session.doc
        if doc is None:
            return None
        self.committer.flush()
        from pmdesk.files import FileProblem, atomic_write
        from pmdesk.report import render_pre_read, suggested_filename

        stem = suggested_filename(doc.pm, fmt).rsplit(".", 1)[0]
        folder = settings.EXPORT_FOLDER.get() or str(Path.home())
        filters = {"pdf": "PDF (*.pdf)", "md": "Markdown (*.md)"}
        name, _ = QFileDialog.getSaveFileName(
            self, "Export pre-read", str(Path(folder) / f"{stem}-pre-read.{fmt}"), filters[fmt]
        )
        if not name:
            return None
        protect = [self.session.location.path] if self.session.location.path else []
        try:
            data = render_pre_read(doc.pm, fmt, page_size=settings.PAGE_SIZE.get())
            target = atomic_write(Path(name), data, protect=protect)
        except FileProblem as exc:
            QMessageBox.warning(self, "Pre-read not written", str(exc))
            return None
        settings.EXPORT_FOLDER.set(str(target.parent))
        self.session.apply(ops.record_pre_read_sent(doc, self.clock()))
        return target
