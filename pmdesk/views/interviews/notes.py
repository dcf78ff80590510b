"""An interview's notes beside the question bank, with the language check, and the two things a
remark can become: a timeline event or a captured finding.

The notes are saved as typed (a short pause commits them as one undo step, like every editor).
The questions come from resources/interviews/questions.json, one stage of the incident at a
time; Enter or a double click on one writes it into the notes, so the answer can follow it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSize, QStringListModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pmdesk.document import Document
from pmdesk.interviews import QuestionBankError, interview_by_id, load_questions
from pmdesk.meeting.timer import Clock, utc_now
from pmdesk.operations.edit import Edit, Refused
from pmdesk.operations.interviews import remark_to_event, remark_to_finding, write_notes
from pmdesk.ui.bindings import TextCommitter
from pmdesk.ui.lint_editor import attach_language
from pmdesk.ui.session import DocumentSession

TO_TIMELINE_KEY = "Ctrl+Shift+T"
TO_FINDING_KEY = "Ctrl+Shift+F"


class QuestionBank(QWidget):
    """The questions of one stage of the incident at a time; read-only, one key from the notes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = QComboBox()
        self.stage.setAccessibleName("Stage of the incident")
        self.stage.setMinimumContentsLength(10)
        self.stage.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.list = QListView()
        self.list.setAccessibleName("Question bank")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSpacing(2)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMinimumHeight(60)  # the notes take what a short screen has
        self.questions = QStringListModel(self)
        self.list.setModel(self.questions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.stage)
        layout.addWidget(self.list, 1)
        self.problem: str | None = None
        try:
            self.stages = load_questions()
        except QuestionBankError as exc:
            self.problem = str(exc)
            self.stages = []
        for stage in self.stages:
            self.stage.addItem(stage.title)
        self.stage.currentIndexChanged.connect(self._show_stage)
        self._show_stage(self.stage.currentIndex())

    def _show_stage(self, index: int) -> None:
        found = self.stages[index].questions if 0 <= index < len(self.stages) else ()
        self.questions.setStringList(list(found))
        if found:
            self.list.setCurrentIndex(self.questions.index(0))

    def question_at(self, index: QModelIndex) -> str | None:
        return str(index.data()) if index.isValid() else None


class InterviewNotes(QWidget):
    def __init__(
        self,
        session: DocumentSession,
        clock: Clock = utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.interview_id: str | None = None
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Interview notes")
        self.editor.setTabChangesFocus(True)  # Tab moves on, as in the meeting notes
        self.editor.setMinimumHeight(90)
        self.editor.setPlaceholderText(
            "The interviewee's words, as close as you can: what they saw, expected, tried, and "
            "why it made sense then. Private: left out of every export unless you include them."
        )
        self.committer = TextCommitter(session, self.editor, self._read, self._write)
        self.language = attach_language(self.editor, session, "interview", clock=clock)
        self.questions = QuestionBank()
        self.questions.list.doubleClicked.connect(self.ask)
        self.questions.list.activated.connect(self.ask)
        self.to_timeline = self._remark_action("Add to &timeline", TO_TIMELINE_KEY, self.add_event)
        self.to_finding = self._remark_action("Keep as fi&nding", TO_FINDING_KEY, self.keep_finding)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self._layout()
        self.editor.selectionChanged.connect(self._enable_remarks)
        self._enable_remarks()

    def sizeHint(self) -> QSize:  # Qt override
        """Ask for no more height than the least that works: the panel's scroll area lays the
        panel out at its preferred height (its guidance wraps), and the notes take the rest."""
        return QSize(super().sizeHint().width(), self.minimumSizeHint().height())

    def _remark_action(self, text: str, key: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key)])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        for action in (self.to_timeline, self.to_finding):
            button = QPushButton(action.text())
            shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"{action.text().replace('&', '')} the selected remark ({shown})")
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda a=action, b=button: b.setEnabled(a.isEnabled()))
            buttons.addWidget(button)
        buttons.addWidget(self.status, 1)
        writing = QWidget()
        column = QVBoxLayout(writing)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.editor, 1)
        column.addLayout(buttons)
        bank = QWidget()
        bank_column = QVBoxLayout(bank)
        bank_column.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Questions to ask")
        title.setObjectName("sectionTitle")
        bank_column.addWidget(title)
        bank_column.addWidget(self.questions, 1)
        if self.questions.problem:
            problem = QLabel(self.questions.problem)
            problem.setProperty("check", "warn")
            problem.setWordWrap(True)
            bank_column.addWidget(problem)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(writing)
        self.splitter.addWidget(bank)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    # -- the notes ----------------------------------------------------------------------------------
    def _read(self, doc: Document) -> str | None:
        found = interview_by_id(doc.pm, self.interview_id)
        return found.notes if found is not None else None

    def _write(self, text: str) -> None:
        doc = self.session.doc
        if doc is not None and self.interview_id is not None:
            self.session.apply(write_notes(doc, self.interview_id, text), mergeable=True)

    def show_interview(self, interview_id: str | None) -> None:
        """Show another interview's notes (what was typed in this one is committed first)."""
        if interview_id != self.interview_id:
            self.committer.flush()
            self.interview_id = interview_id
            self.status.clear()
        self.refresh()

    def refresh(self) -> None:
        doc = self.session.doc
        text = self._read(doc) if doc is not None else None
        self.setEnabled(text is not None)
        self.committer.load(text or "")

    def ask(self, index: QModelIndex) -> None:
        """Write the question into the notes, on its own line, with the cursor after it."""
        question = self.questions.question_at(index)
        if question is None or not self.isEnabled():
            return
        cursor = self.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        before = "" if not self.editor.toPlainText() else "\n\n"
        cursor.insertText(f"{before}Q: {question}\n")
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    # -- remarks ------------------------------------------------------------------------------------
    def selected_remark(self) -> str:
        return self.editor.textCursor().selectedText()

    def _enable_remarks(self) -> None:
        has = bool(self.selected_remark().strip())
        self.to_timeline.setEnabled(has)
        self.to_finding.setEnabled(has)

    def add_event(self) -> bool:
        return self._remark(lambda doc, i, r: remark_to_event(doc, i, r), "Added to the timeline")

    def keep_finding(self) -> bool:
        return self._remark(
            lambda doc, i, r: remark_to_finding(doc, i, r, self.clock()), "Kept as a finding"
        )

    def _remark(self, make: Callable[[Document, str, str], Edit], done: str) -> bool:
        doc = self.session.doc
        if doc is None or self.interview_id is None:
            return False
        self.session.flush_edits()
        remark = self.selected_remark()
        try:
            edit = make(doc, self.interview_id, remark)
        except Refused as exc:
            self.status.setText(str(exc))
            return False
        if not self.session.apply(edit):
            self.status.setText("Already kept as a finding.")
            return False
        words = " ".join(remark.replace("\u2029", " ").split())
        shown = words if len(words) <= 60 else words[:59] + "…"
        self.status.setText(f"{done}: “{shown}” (Ctrl+Z undoes it)")
        return True
