"""The findings strip under an editor, and the list of captured findings in the Notes panel.

The strip is deliberately quiet: one line of counts in muted text ("2 hindsight · 1 finding to
capture") and two small buttons, so a facilitator sharing the screen is not shouted at, but can
walk through what the check found.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.language import CATEGORIES
from pmdesk.model import CapturedFinding
from pmdesk.operations import findings as finding_ops
from pmdesk.ui.highlighter import LocatedFinding, category_name
from pmdesk.ui.item_model import Column, EditRefused, ItemTableModel
from pmdesk.ui.lint_editor import LanguageAttachment
from pmdesk.ui.session import DocumentSession

EMPTY_TEXT = "No blame language spotted"
# Positive findings go last, whatever their count.
_ORDER = {category: index for index, category in enumerate(CATEGORIES)}


def underlines(findings: list[LocatedFinding]) -> list[LocatedFinding]:
    """One finding per underline the editor shows: findings of one kind that overlap ("should
    have known" and "known better" in "should have known better") draw a single line."""
    shown: list[LocatedFinding] = []
    reach: dict[str, int] = {}  # how far the last underline of each kind goes
    for located in sorted(findings, key=lambda f: (f.start, -f.end)):
        if located.start < reach.get(located.category, -1):
            reach[located.category] = max(reach[located.category], located.end)
            continue
        reach[located.category] = located.end
        shown.append(located)
    return shown


def summary_text(findings: list[LocatedFinding]) -> str:
    """ "2 hindsight · 1 person as cause · 1 finding to capture" (most frequent first), counted
    as the underlines the reader sees in one editor."""
    return _counts_text(underlines(findings))


def _counts_text(findings: list[LocatedFinding]) -> str:
    counts = Counter(f.category for f in findings)
    if not counts:
        return EMPTY_TEXT
    ordered = sorted(
        counts.items(), key=lambda kv: (kv[0] == "listen_for", -kv[1], _ORDER.get(kv[0], 99))
    )
    return " · ".join(f"{count} {category_name(cat, count)}" for cat, count in ordered)


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _ElidedLabel(QLabel):
    """One line of muted text that ends in "…" when narrow; the tooltip has all of it."""

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.full_text = text
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.setAccessibleDescription(text)
        self._elide()

    def _elide(self) -> None:
        width = max(self.contentsRect().width(), 40)
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, width)
        self.setText(shown)
        self.setToolTip(self.full_text if shown != self.full_text else "")

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._elide()


class FindingsStrip(QWidget):
    """Counts of the findings in one or more editors, with a way to jump to each."""

    def __init__(
        self,
        attachments: list[tuple[str, LanguageAttachment]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("findingsStrip")
        self._attachments: list[tuple[str, LanguageAttachment]] = []
        self.summary = EMPTY_TEXT  # what the label says, before any "…"
        self._last: tuple[LanguageAttachment, int] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(6)
        self.label = _ElidedLabel(EMPTY_TEXT)
        self.label.setObjectName("hint")
        self.label.setAccessibleName("Language check")
        self.next_button = QToolButton()
        self.next_button.setText("Next ›")
        self.next_button.setObjectName("linkButton")
        self.next_button.setToolTip("Select the next flagged phrase")
        self.next_button.setAccessibleName("Go to the next flagged phrase")
        self.next_button.clicked.connect(self.go_next)
        self.list_button = QToolButton()
        self.list_button.setText("All ▾")
        self.list_button.setObjectName("linkButton")
        self.list_button.setToolTip("Every flagged phrase; pick one to go to it")
        self.list_button.setAccessibleName("List of flagged phrases")
        self.list_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.list_button)
        self.menu.aboutToShow.connect(self.fill_menu)
        self.list_button.setMenu(self.menu)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.next_button)
        layout.addWidget(self.list_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        self.set_attachments(attachments or [])

    def set_attachments(self, attachments: list[tuple[str, LanguageAttachment]]) -> None:
        """The editors this strip counts, each with a short name for the list ("Summary")."""
        for _, old in self._attachments:
            with contextlib.suppress(RuntimeError, TypeError):  # the editor is gone already
                old.highlighter.findingsChanged.disconnect(self._schedule)
        self._attachments = list(attachments)
        self._last = None
        for _, attachment in self._attachments:
            attachment.highlighter.findingsChanged.connect(self._schedule)
        self.refresh()

    def _schedule(self) -> None:
        self._timer.start()

    def findings(self) -> list[tuple[str, LanguageAttachment, LocatedFinding]]:
        return [
            (name, attachment, located)
            for name, attachment in self._attachments
            for located in attachment.findings()
        ]

    def refresh(self) -> None:
        found = [located for _, _, located in self.findings()]
        # Counted editor by editor: positions in different editors never overlap.
        lines = [u for _, a in self._attachments for u in underlines(a.findings())]
        self.summary = _counts_text(lines)
        self.label.set_full_text(self.summary)
        self.next_button.setVisible(bool(found))
        self.list_button.setVisible(bool(found))

    def fill_menu(self) -> None:
        self.menu.clear()
        named = len(self._attachments) > 1
        for name, attachment, located in self.findings():
            where = f"  ({name})" if named and name else ""
            text = f"{category_name(located.category)}: “{_short(located.finding.text)}”{where}"
            action = self.menu.addAction(text)
            action.triggered.connect(
                lambda _checked=False, a=attachment, f=located: self.go_to(a, f)
            )
        if self.menu.isEmpty():
            self.menu.addAction(EMPTY_TEXT).setEnabled(False)

    def go_to(self, attachment: LanguageAttachment, located: LocatedFinding) -> None:
        self._last = (attachment, located.start)
        attachment.select(located)

    def go_next(self) -> None:
        """The next finding after the cursor of the editor last used, wrapping round."""
        found = self.findings()
        if not found:
            return
        order = {id(a): n for n, (_, a) in enumerate(self._attachments)}
        here = (-1, -1)
        for _, attachment in self._attachments:
            if attachment.editor.hasFocus():
                here = (order[id(attachment)], attachment.editor.textCursor().selectionStart())
                break
        else:
            if self._last is not None and id(self._last[0]) in order:
                here = (order[id(self._last[0])], self._last[1])
        for _, attachment, located in found:
            if (order[id(attachment)], located.start) > here:
                self.go_to(attachment, located)
                return
        _, attachment, located = found[0]
        self.go_to(attachment, located)


def _parse_text(item: CapturedFinding, value: object) -> dict[str, object]:
    text = str(value).strip()
    if not text:
        raise EditRefused("A finding needs some text; remove it instead.")
    return {"text": text}


ORIGINS = {"notes": "the notes", "timeline": "the timeline walk", "factor": "a factor"}


def _tooltip(item: CapturedFinding) -> str:
    where = ORIGINS.get(item.origin, item.origin or "the notes")
    when = f" at {item.created_at.astimezone():%H:%M}" if item.created_at is not None else ""
    return f"Captured from {where}{when}. Double-click to edit."


FINDING_COLUMNS = [
    Column("Finding", lambda f: f.text, parse=_parse_text, tooltip=_tooltip, label="Edit finding")
]


class CapturedFindingsList(QWidget):
    """The postmortem's captured findings: what people assumed, didn't know or saw as normal."""

    def __init__(
        self,
        session: DocumentSession,
        capture_selection: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        title = QLabel("Captured findings")
        title.setObjectName("sectionTitle")
        self.hint = QLabel(
            "Right-click a phrase marked as a finding to capture it, or select text in the "
            "notes and press Capture. Contributing factors are built from these."
        )
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.model = ItemTableModel(
            session, "findings", FINDING_COLUMNS, finding_ops.edit_finding, self
        )
        self.view = QListView()
        self.view.setAccessibleName("Captured findings")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setSpacing(2)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        buttons = QHBoxLayout()
        self.capture_button = QPushButton("Ca&pture selection")
        self.capture_button.setToolTip("Add the text selected in the notes as a finding")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip(
            "Remove the selected findings (Delete); undo brings them back"
        )
        buttons.addWidget(self.capture_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout.addWidget(title)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.capture_button.setVisible(capture_selection is not None)
        if capture_selection is not None:
            self.capture_button.clicked.connect(lambda: capture_selection())
        self.remove_button.clicked.connect(self.remove_selected)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        session.documentOpened.connect(self._update)
        self.model.rowsInserted.connect(self._update)
        self.model.rowsRemoved.connect(self._update)
        self.model.modelReset.connect(self._update)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self._update()

    def _update(self, *_args: object) -> None:
        has_doc = self.session.doc is not None
        self.capture_button.setEnabled(has_doc)
        self.view.setEnabled(has_doc)
        self.remove_button.setEnabled(has_doc and self.view.selectionModel().hasSelection())

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedIndexes()})
        return [self.model.item(row).id for row in rows]

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        doc = self.session.doc
        if ids and doc is not None:
            self.session.apply(finding_ops.remove_findings(doc, ids))

    def select_row(self, row: int) -> None:
        self.view.setCurrentIndex(self.model.index(row, 0, QModelIndex()))


def capture_selected_text(
    editor: QPlainTextEdit, session: DocumentSession, attachment: LanguageAttachment
) -> CapturedFinding | None:
    """Capture whatever is selected in an editor (the check cannot spot every finding)."""
    text = " ".join(editor.textCursor().selectedText().replace("\u2029", " ").split())
    doc = session.doc
    if not text or doc is None or finding_ops.is_captured(doc, text):
        return None
    session.flush_edits()
    item = CapturedFinding(text=text, origin=attachment.field, created_at=attachment.clock())
    session.apply(finding_ops.capture_finding(doc, item))
    return item
