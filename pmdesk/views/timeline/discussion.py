"""What the room said about the selected event: the three questions of phase 2.

The same three editors show every event; the card follows the event the panel makes current and
writes each answer as an undoable change (typing merges into one step).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPlainTextEdit, QSizePolicy

from pmdesk.document import Document
from pmdesk.model import TimelineEvent
from pmdesk.operations import timeline as timeline_ops
from pmdesk.ui.bindings import TextCommitter
from pmdesk.ui.lint_editor import attach_language
from pmdesk.ui.session import DocumentSession
from pmdesk.ui.timeline_model import TimeFormat
from pmdesk.views.findings import FindingsStrip
from pmdesk.views.timer_face import ElidedLabel

# The three questions asked of each event in phase 2, and where the answers are kept.
PROMPTS: tuple[tuple[str, str, str, str], ...] = (
    (
        "seen",
        "What did you see?",
        "Dashboards, alerts, messages… Listen for “it looked normal”.",
        "Edit what was seen",
    ),
    (
        "believed",
        "What did you think was happening?",
        "Listen for “I assumed … because …” and “I didn't know … was connected to …”.",
        "Edit what was believed",
    ),
    (
        "done_next",
        "What did you do next?",
        "The next step taken, and what made it seem the right one.",
        "Edit what was done next",
    ),
)
_SHORT_NAMES = {"seen": "Seen", "believed": "Believed", "done_next": "Did next"}


class DiscussionCard(QFrame):
    """The selected event's title and the room's answers to the three questions."""

    def __init__(self, session: DocumentSession) -> None:
        super().__init__()
        self.setObjectName("card")
        self.session = session
        self.event_id: str | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 8, 12, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        # One line, cut with "…" (all of it in the tooltip): a title that wrapped for a long
        # event was drawn over the answers, the card's height being the splitter's to keep.
        self.title = ElidedLabel()
        self.title.setObjectName("sectionTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        grid.addWidget(self.title, 0, 0, 1, len(PROMPTS))
        self.committers: dict[str, TextCommitter] = {}
        self.edits: dict[str, QPlainTextEdit] = {}
        for column, (field, prompt, placeholder, label) in enumerate(PROMPTS):
            editor = self._build_editor(prompt, placeholder)
            caption = QLabel(prompt)
            caption.setBuddy(editor)
            caption.setStyleSheet("font-weight: bold;")
            caption.setWordWrap(True)  # three questions side by side fit at 125% zoom
            grid.addWidget(caption, 1, column)
            grid.addWidget(editor, 2, column)
            grid.setColumnStretch(column, 1)
            self.edits[field] = editor
            self.committers[field] = TextCommitter(
                session,
                editor,
                read=partial(self._read_note, field=field),
                write=partial(self._write_note, field, label),
            )
        # The blame-language check on what the room said; loading another event's text re-checks.
        self.languages = {
            field: attach_language(editor, session, "timeline")
            for field, editor in self.edits.items()
        }
        self.findings_strip = FindingsStrip(
            [(_SHORT_NAMES.get(field, field), self.languages[field]) for field in self.edits]
        )
        grid.addWidget(self.findings_strip, 3, 0, 1, len(PROMPTS))

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        # The splitter gives the card its minimum size hint, worked out for a wide card; on a
        # narrow one (the library beside it, 150% zoom) the questions wrap to two lines and the
        # title, the questions, the answers and the language line were drawn over each other.
        self._keep_least_height()

    def event(self, event: QEvent) -> bool:  # Qt override
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            # What is in it changed its needs: the language line's buttons came with a flagged
            # answer, taller than its words, and were drawn over the answers (walked at 150%).
            self._keep_least_height()
        return handled

    def _keep_least_height(self) -> None:
        layout = self.layout()
        least = layout.totalMinimumHeightForWidth(self.width()) if layout is not None else 0
        if least > 0 and self.minimumHeight() != least:
            self.setMinimumHeight(least)

    @staticmethod
    def _build_editor(prompt: str, placeholder: str) -> QPlainTextEdit:
        editor = QPlainTextEdit()
        editor.setAccessibleName(prompt)
        editor.setPlaceholderText(placeholder)
        editor.setTabChangesFocus(True)
        # Two lines at least, in the editor's own font (it follows zoom).
        editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * 2 + 16)
        return editor

    def _read_note(self, doc: Document, field: str) -> str:
        if self.event_id is None:
            return ""
        try:
            return str(getattr(doc.find("timeline", self.event_id), field))
        except KeyError:
            return ""

    def _write_note(self, field: str, label: str, text: str) -> None:
        doc = self.session.doc
        if doc is None or self.event_id is None:
            return
        edit = timeline_ops.write_discussion(doc, self.event_id, field, text, label)
        self.session.apply(edit, mergeable=True)

    def flush(self) -> None:
        for committer in self.committers.values():
            committer.flush()

    def load(self, fmt: TimeFormat, *, keep_cursor: bool, fields: set[str] | None = None) -> None:
        """Show the event's answers; `fields` limits which editors reload (None: all)."""
        doc = self.session.doc
        event: TimelineEvent | None = None
        if doc is not None and self.event_id is not None:
            try:
                event = doc.find("timeline", self.event_id)
            except KeyError:
                self.event_id = None
        for field, editor in self.edits.items():
            editor.setEnabled(event is not None)
            if fields is not None and event is not None and field not in fields:
                continue
            self.committers[field].load(
                getattr(event, field) if event is not None else "",
                keep_cursor=keep_cursor and editor.hasFocus(),
            )
        if event is None:
            self.title.setText("Select an event to note what the room said about it")
            self.title.setToolTip("")
        else:
            self.title.setText(
                f"{fmt.show(event.at)}  {' '.join(event.text.split()) or '(no text yet)'}"
            )
            self.title.setToolTip(f"{fmt.show(event.at)}  {event.text}")
