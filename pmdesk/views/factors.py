"""The Contributing factors panel: several causes, each asked "why?" until it is about the system.

Factors are grouped under the four questions of the review (plus "other"). Each one carries its
why-chain, a gauge saying whether the chain is deep enough, and links to the timeline events and
captured findings it rests on. A captured finding becomes a factor in one click.

Widgets are built per factor and kept: a keystroke updates text in place, and only adding,
removing or moving a factor (or a why) changes the widget tree. Text typed in a factor or a why
is committed to the document after a short pause, like every other multi-line field.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QResizeEvent, QTextLayout
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.actions import why_depth
from pmdesk.document import Change, Document
from pmdesk.model import CapturedFinding, Factor, Question, TimelineEvent
from pmdesk.operations.factors import remove_factor
from pmdesk.ui.bindings import TextCommitter
from pmdesk.ui.lint_editor import attach_language
from pmdesk.ui.session import DocumentSession

Today = Callable[[], date]

# The gauge's bar is full at this many answers; past five whys the chain is drifting.
GAUGE_MAX = 6
TWO_COLUMNS_MIN_WIDTH = 1000
LINK_TEXT_CHARS = 90
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CTRL = Qt.KeyboardModifier.ControlModifier


def _shorten(text: str, limit: int = LINK_TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def event_label(event: TimelineEvent, with_date: bool) -> str:
    when = event.at.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")
    return f"{when}  {_shorten(event.text, 70)}"


def _spans_days(events: list[TimelineEvent]) -> bool:
    return len({e.at.date() for e in events}) > 1


# --------------------------------------------------------------------------------------------
# Text editors that grow with their text, and their link to the document
# --------------------------------------------------------------------------------------------


class GrowingTextEdit(QPlainTextEdit):
    """A plain-text editor as tall as its wrapped text (within limits), no inner scrolling."""

    def __init__(self, min_lines: int = 1, max_lines: int = 12, parent: QWidget | None = None):
        super().__init__(parent)
        self.min_lines = min_lines
        self.max_lines = max_lines
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._fit)
        self._fit()

    def wrapped_lines(self) -> int:
        """Lines the text takes at the current width, wrapped the way the editor wraps it.

        Measured here rather than read from the editor's layout, which wraps lazily and may not
        have caught up with a resize yet.
        """
        document = self.document()
        width = self.viewport().width() - 2 * document.documentMargin() - 1
        if width <= 0:
            return self.min_lines
        option = document.defaultTextOption()
        font = document.defaultFont()
        total = 0
        block = document.firstBlock()
        while block.isValid():
            layout = QTextLayout(block.text(), font)
            layout.setTextOption(option)
            layout.beginLayout()
            count = 0
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                count += 1
            layout.endLayout()
            total += max(1, count)
            block = block.next()
        return total

    def _fit(self) -> None:
        wrapped = self.wrapped_lines()
        lines = max(self.min_lines, min(self.max_lines, wrapped))
        height = (
            lines * self.fontMetrics().lineSpacing()
            + 2 * int(self.document().documentMargin())
            + 2 * self.frameWidth()
            + 2
        )
        if self.maximumHeight() != height:
            self.setFixedHeight(height)
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if wrapped > self.max_lines
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        if self.verticalScrollBarPolicy() != policy:
            self.setVerticalScrollBarPolicy(policy)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()


# --------------------------------------------------------------------------------------------
# One factor
# --------------------------------------------------------------------------------------------


class WhyRow(QWidget):
    """One answer of the chain: "Why? 2" and the answer."""

    def __init__(self, card: FactorCard, number: int) -> None:
        super().__init__()
        self.card = card
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.label = QLabel()
        self.label.setObjectName("whyNumber")
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.label.setMinimumWidth(64)
        self.editor = GrowingTextEdit(1, 6)
        self.editor.setObjectName("whyEdit")
        self.editor.installEventFilter(card)
        self.remove_button = QToolButton()
        self.remove_button.setObjectName("removeWhy")
        self.remove_button.setText("✕")
        self.remove_button.setAutoRaise(True)
        layout.addWidget(self.label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        self.link = TextCommitter(
            card.session, self.editor, self._read, self._write, register=False
        )
        self.remove_button.clicked.connect(lambda: card.remove_why(self.number))
        self.number = 0
        self.set_number(number)

    def set_number(self, number: int) -> None:
        self.number = number
        self.label.setText(f"Why? {number + 1}")
        self.editor.setAccessibleName(f"Why {number + 1}")
        self.editor.setPlaceholderText(
            "Why did that happen? Answer about the system, not a person"
            if number == 0
            else "And why was that so?"
        )
        self.remove_button.setToolTip(f"Remove why {number + 1}")
        self.remove_button.setAccessibleName(f"Remove why {number + 1}")

    def _read(self, doc: Document) -> str | None:
        factor = self.card.factor(doc)
        if factor is None or self.number >= len(factor.whys):
            return None
        return factor.whys[self.number]

    def _write(self, text: str) -> None:
        self.card.write_why(self.number, text)


class FactorCard(QFrame):
    """A factor: its text, its why-chain with the depth gauge, and its links."""

    def __init__(self, panel: FactorsPanel, factor: Factor) -> None:
        super().__init__()
        self.setObjectName("factorCard")
        self.panel = panel
        self.session = panel.session
        self.factor_id = factor.id
        self.why_rows: list[WhyRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)

        top = QHBoxLayout()
        top.setSpacing(6)
        self.text_edit = GrowingTextEdit(2, 10)
        self.text_edit.setObjectName("factorText")
        self.text_edit.setAccessibleName("Factor")
        self.text_edit.setPlaceholderText(
            "What in the system made this possible? A condition, not a person."
        )
        self.text_edit.setToolTip("Ctrl+Enter goes to the why-chain")
        self.text_edit.installEventFilter(self)
        self.text_link = TextCommitter(
            self.session, self.text_edit, self._read_text, self._write_text, register=False
        )
        top.addWidget(self.text_edit, 1)
        self.move_button = QToolButton()
        self.move_button.setObjectName("linkButton")
        self.move_button.setText("Move to ▾")
        self.move_button.setToolTip("Move this factor to another question")
        self.move_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.move_menu = QMenu(self.move_button)
        self.move_menu.aboutToShow.connect(self._fill_move_menu)
        self.move_button.setMenu(self.move_menu)
        self.remove_button = QToolButton()
        self.remove_button.setText("Remove")
        self.remove_button.setToolTip("Remove this factor (Ctrl+Z brings it back)")
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.move_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        top.addLayout(buttons)
        layout.addLayout(top)

        self.whys_box = QVBoxLayout()
        self.whys_box.setSpacing(4)
        layout.addLayout(self.whys_box)

        gauge_row = QHBoxLayout()
        gauge_row.setSpacing(8)
        self.add_why_button = QPushButton("Add why")
        self.add_why_button.setToolTip(
            "Ask “why?” again about the last answer (Enter in the last answer does the same)"
        )
        gauge_row.addWidget(self.add_why_button)
        self.gauge_bar = QProgressBar()
        self.gauge_bar.setObjectName("whyGauge")
        self.gauge_bar.setRange(0, GAUGE_MAX)
        self.gauge_bar.setTextVisible(False)
        self.gauge_bar.setFixedWidth(96)
        self.gauge_label = QLabel()
        self.gauge_label.setObjectName("whyGaugeText")
        self.gauge_label.setWordWrap(True)
        gauge_row.addWidget(self.gauge_bar, 0, Qt.AlignmentFlag.AlignVCenter)
        gauge_row.addWidget(self.gauge_label, 1)
        layout.addLayout(gauge_row)

        links = QHBoxLayout()
        links.setSpacing(8)
        self.events_button = QToolButton()
        self.events_button.setObjectName("linkButton")
        self.events_button.setAccessibleName("Link timeline events")
        self.events_button.setToolTip("Link the timeline events this factor rests on")
        self.events_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.events_menu = QMenu(self.events_button)
        self.events_menu.aboutToShow.connect(self.fill_events_menu)
        self.events_button.setMenu(self.events_menu)
        self.findings_button = QToolButton()
        self.findings_button.setObjectName("linkButton")
        self.findings_button.setAccessibleName("Link captured findings")
        self.findings_button.setToolTip("Link the captured findings behind this factor")
        self.findings_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.findings_menu = QMenu(self.findings_button)
        self.findings_menu.aboutToShow.connect(self.fill_findings_menu)
        self.findings_button.setMenu(self.findings_menu)
        self.links_label = QLabel()
        self.links_label.setObjectName("factorLinks")
        self.links_label.setWordWrap(True)
        self.links_label.setTextFormat(Qt.TextFormat.PlainText)
        links.addWidget(self.events_button, 0, Qt.AlignmentFlag.AlignTop)
        links.addWidget(self.findings_button, 0, Qt.AlignmentFlag.AlignTop)
        links.addWidget(self.links_label, 1)
        layout.addLayout(links)

        self.add_why_button.clicked.connect(self.add_why)
        self.remove_button.clicked.connect(lambda: panel.remove_factor(self.factor_id))
        self.refresh(factor)

    # -- reading the document ---------------------------------------------------------------
    def factor(self, doc: Document | None = None) -> Factor | None:
        doc = doc or self.session.doc
        if doc is None:
            return None
        try:
            found: Factor = doc.find("factors", self.factor_id)
        except KeyError:
            return None
        return found

    def _read_text(self, doc: Document) -> str | None:
        factor = self.factor(doc)
        return factor.text if factor is not None else None

    def _write_text(self, text: str) -> None:
        self.session.update_item(
            "Edit factor", "factors", self.factor_id, mergeable=True, text=text
        )

    def write_why(self, number: int, text: str) -> None:
        factor = self.factor()
        if factor is None or number >= len(factor.whys):
            return
        whys = list(factor.whys)
        whys[number] = text
        self.session.update_item(
            f"Edit why {number + 1}", "factors", self.factor_id, mergeable=True, whys=whys
        )

    def editors(self) -> list[QPlainTextEdit]:
        return [self.text_edit, *(row.editor for row in self.why_rows)]

    def links(self) -> list[TextCommitter]:
        return [self.text_link, *(row.link for row in self.why_rows)]

    # -- showing it -----------------------------------------------------------------------------
    def refresh(self, factor: Factor | None = None) -> bool:
        """Show the document's state in place; True when the set of editors changed."""
        factor = factor or self.factor()
        if factor is None:
            return False
        self.text_link.load(factor.text)
        changed = False
        while len(self.why_rows) < len(factor.whys):
            row = WhyRow(self, len(self.why_rows))
            self.why_rows.append(row)
            self.whys_box.addWidget(row)
            changed = True
        while len(self.why_rows) > len(factor.whys):
            row = self.why_rows.pop()
            self.whys_box.removeWidget(row)
            row.hide()
            row.deleteLater()
            changed = True
        for row, answer in zip(self.why_rows, factor.whys, strict=True):
            row.link.load(answer)
        self.refresh_gauge(factor)
        self.refresh_links(factor)
        return changed

    def refresh_gauge(self, factor: Factor) -> None:
        level, message = why_depth(factor.whys)
        answered = sum(1 for w in factor.whys if w.strip())
        self.gauge_bar.setValue(min(answered, GAUGE_MAX))
        self.gauge_bar.setAccessibleName(f"Depth of the why-chain: {answered}")
        self.gauge_label.setText(message)
        self.level = str(level)
        for widget in (self.gauge_bar, self.gauge_label):
            widget.setProperty("level", self.level)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def refresh_links(self, factor: Factor | None = None) -> None:
        factor = factor or self.factor()
        doc = self.session.doc
        if factor is None or doc is None:
            return
        events = {e.id: e for e in doc.pm.timeline}
        findings = {f.id: f for f in doc.pm.findings}
        with_date = _spans_days(doc.pm.timeline)
        lines = [f"At {event_label(events[i], with_date)}" for i in factor.event_ids if i in events]
        lines += [
            f"Finding: “{_shorten(findings[i].text)}”" for i in factor.finding_ids if i in findings
        ]
        missing = sum(1 for i in factor.event_ids if i not in events) + sum(
            1 for i in factor.finding_ids if i not in findings
        )
        if missing:
            lines.append(f"({missing} linked item{'s' if missing > 1 else ''} no longer exist)")
        self.links_label.setText("\n".join(lines) or "Not linked to any event or finding yet.")
        self.events_button.setText(f"Events ({_count(factor.event_ids, events)}) ▾")
        self.findings_button.setText(f"Findings ({_count(factor.finding_ids, findings)}) ▾")

    # -- the link menus ---------------------------------------------------------------------------
    def fill_events_menu(self) -> None:
        self.events_menu.clear()
        doc, factor = self.session.doc, self.factor()
        if doc is None or factor is None:
            return
        if not doc.pm.timeline:
            self.events_menu.addAction("The timeline has no events yet").setEnabled(False)
            return
        with_date = _spans_days(doc.pm.timeline)
        for event in doc.pm.timeline:
            action = self.events_menu.addAction(event_label(event, with_date))
            action.setCheckable(True)
            action.setChecked(event.id in factor.event_ids)
            action.setToolTip(event.text)
            action.toggled.connect(
                lambda on, event_id=event.id: self.panel.link(
                    self.factor_id, "event_ids", event_id, on
                )
            )

    def fill_findings_menu(self) -> None:
        self.findings_menu.clear()
        doc, factor = self.session.doc, self.factor()
        if doc is None or factor is None:
            return
        if not doc.pm.findings:
            self.findings_menu.addAction("No findings captured yet").setEnabled(False)
            return
        for finding in doc.pm.findings:
            action = self.findings_menu.addAction(_shorten(finding.text, 80))
            action.setCheckable(True)
            action.setChecked(finding.id in factor.finding_ids)
            action.toggled.connect(
                lambda on, finding_id=finding.id: self.panel.link(
                    self.factor_id, "finding_ids", finding_id, on
                )
            )

    def _fill_move_menu(self) -> None:
        self.move_menu.clear()
        factor = self.factor()
        for question in Question:
            action = self.move_menu.addAction(question.label)
            action.setEnabled(factor is not None and factor.question != question)
            action.triggered.connect(
                lambda _checked=False, q=question: self.panel.move_factor(self.factor_id, q)
            )

    def menu_action(self, menu: QMenu, text_start: str) -> QAction:
        """The entry of a link menu that starts with `text_start` (for keyboard-free tests)."""
        menu.aboutToShow.emit()
        return next(a for a in menu.actions() if a.text().startswith(text_start))

    # -- the why-chain ----------------------------------------------------------------------------
    def add_why(self) -> None:
        """Add an empty answer at the end of the chain and put the cursor in it."""
        self.session.flush_edits()
        factor = self.factor()
        if factor is None:
            return
        self.session.update_item("Add why", "factors", self.factor_id, whys=[*factor.whys, ""])
        if self.why_rows:
            self.why_rows[-1].editor.setFocus()
            self.panel.ensure_visible(self.why_rows[-1])

    def remove_why(self, number: int) -> None:
        self.session.flush_edits()
        factor = self.factor()
        if factor is None or number >= len(factor.whys):
            return
        whys = [w for i, w in enumerate(factor.whys) if i != number]
        self.session.update_item(f"Remove why {number + 1}", "factors", self.factor_id, whys=whys)
        if 0 < number <= len(self.why_rows):
            self.why_rows[number - 1].editor.setFocus()
        else:
            self.text_edit.setFocus()

    def eventFilter(self, watched: QObject, event: Any) -> bool:  # Qt override
        if not isinstance(event, QKeyEvent) or event.type() != QKeyEvent.Type.KeyPress:
            return False
        if watched is self.text_edit:
            if event.key() in _ENTER and event.modifiers() & _CTRL:
                if self.why_rows:
                    self.why_rows[0].editor.setFocus()
                else:
                    self.add_why()
                return True
            return False
        row = next((r for r in self.why_rows if r.editor is watched), None)
        if row is None:
            return False
        if event.key() in _ENTER:
            # An answer is one paragraph: Enter moves down the chain, adding the next "why?".
            if row is self.why_rows[-1]:
                if row.editor.toPlainText().strip():
                    self.add_why()
            else:
                self.why_rows[row.number + 1].editor.setFocus()
            return True
        if (
            event.key() == Qt.Key.Key_Backspace
            and not row.editor.toPlainText()
            and not event.modifiers()
        ):
            self.remove_why(row.number)
            return True
        return False


def _count(ids: list[str], present: dict[str, Any]) -> int:
    return sum(1 for i in ids if i in present)


# --------------------------------------------------------------------------------------------
# One question, and the captured findings
# --------------------------------------------------------------------------------------------


class QuestionGroup(QWidget):
    def __init__(self, panel: FactorsPanel, question: Question) -> None:
        super().__init__()
        self.question = question
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 4)
        layout.setSpacing(6)
        head = QHBoxLayout()
        self.title = QLabel(question.label)
        self.title.setObjectName("sectionTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.add_button = QPushButton("Add factor")
        self.add_button.setAccessibleName(f"Add a factor to: {question.label}")
        head.addWidget(self.title)
        head.addWidget(self.count_label)
        head.addStretch(1)
        head.addWidget(self.add_button)
        layout.addLayout(head)
        self.empty = QLabel("No factor here yet.")
        self.empty.setObjectName("hint")
        layout.addWidget(self.empty)
        self.cards = QVBoxLayout()
        self.cards.setSpacing(8)
        layout.addLayout(self.cards)
        self.add_button.clicked.connect(lambda: panel.add_factor(question))

    def place(self, cards: list[FactorCard]) -> None:
        """Put exactly these cards here, in this order (moving, never rebuilding them)."""
        current = [self.cards.itemAt(i).widget() for i in range(self.cards.count())]
        if current != cards:
            for card in current:
                self.cards.removeWidget(card)
            for card in cards:
                self.cards.addWidget(card)
                card.show()
        self.empty.setVisible(not cards)
        self.count_label.setText(f"{len(cards)} factor{'s' if len(cards) != 1 else ''}")


class FindingRow(QFrame):
    def __init__(self, panel: FactorsPanel, finding: CapturedFinding) -> None:
        super().__init__()
        self.setObjectName("findingRow")
        self.finding_id = finding.id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        self.used = QLabel()
        self.used.setObjectName("hint")
        self.make_button = QPushButton("Make a factor")
        row.addWidget(self.used, 1)
        row.addWidget(self.make_button)
        layout.addLayout(row)
        self.make_button.clicked.connect(lambda: panel.factor_from_finding(self.finding_id))

    def show_finding(self, finding: CapturedFinding, used_by: int) -> None:
        self.text.setText(f"“{finding.text}”")
        self.make_button.setAccessibleName(f"Make a factor from: {_shorten(finding.text, 60)}")
        self.used.setText(
            "" if not used_by else f"✓ behind {used_by} factor{'s' if used_by > 1 else ''}"
        )


# --------------------------------------------------------------------------------------------
# The panel
# --------------------------------------------------------------------------------------------


class FactorsPanel(QWidget):
    editorsChanged = Signal()

    def __init__(
        self,
        session: DocumentSession,
        parent: QWidget | None = None,
        *,
        today: Today = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("factorsPanel")
        self.session = session
        self.today = today
        self.cards: dict[str, FactorCard] = {}
        self.finding_rows: dict[str, FindingRow] = {}

        # -- the factors, by question -------------------------------------------------------
        body = QWidget()
        body.setObjectName("factorsBody")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(16, 12, 16, 16)
        body_layout.setSpacing(6)
        title = QLabel("Contributing factors")
        title.setObjectName("panelTitle")
        intro = QLabel(
            "Complex systems fail for several reasons at once, so look for more than one. "
            "For each factor, ask “why?” until the answer is about the system: about three "
            "levels is usually enough, past five the answers drift."
        )
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        body_layout.addWidget(title)
        body_layout.addWidget(intro)
        self.groups: dict[Question, QuestionGroup] = {}
        for question in Question:
            group = QuestionGroup(self, question)
            self.groups[question] = group
            body_layout.addWidget(group)
        body_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("factorsScroll")
        self.scroll.setAccessibleName("Contributing factors")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(body)

        # -- the captured findings ---------------------------------------------------------
        side = QFrame()
        side.setObjectName("findingsPane")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(12, 12, 12, 12)
        side_layout.setSpacing(6)
        findings_title = QLabel("Captured findings")
        findings_title.setObjectName("sectionTitle")
        findings_hint = QLabel("What people said they assumed, didn't know or saw as normal.")
        findings_hint.setObjectName("hint")
        findings_hint.setWordWrap(True)
        under = QVBoxLayout()
        under.setSpacing(2)
        under_label = QLabel("Make factors under the question:")
        self.finding_question = QComboBox()
        self.finding_question.setAccessibleName("Question for factors made from findings")
        for question in Question:
            self.finding_question.addItem(question.label, question)
        self.finding_question.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.finding_question.setMinimumContentsLength(12)
        under_label.setBuddy(self.finding_question)
        under.addWidget(under_label)
        under.addWidget(self.finding_question)
        side_layout.addWidget(findings_title)
        side_layout.addWidget(findings_hint)
        side_layout.addLayout(under)
        self.findings_empty = QLabel(
            "No findings captured yet. They come from the notes and the timeline walk."
        )
        self.findings_empty.setObjectName("hint")
        self.findings_empty.setWordWrap(True)
        side_layout.addWidget(self.findings_empty)
        self.findings_box = QVBoxLayout()
        self.findings_box.setSpacing(6)
        side_layout.addLayout(self.findings_box)
        side_layout.addStretch(1)
        self.findings_scroll = QScrollArea()
        self.findings_scroll.setObjectName("findingsScroll")
        self.findings_scroll.setAccessibleName("Captured findings")
        self.findings_scroll.setWidgetResizable(True)
        self.findings_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.findings_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.findings_scroll.setWidget(side)

        # Side by side when there is room, the findings below when there is not.
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.columns.setContentsMargins(0, 0, 0, 0)
        self.columns.setSpacing(0)
        self.columns.addWidget(self.scroll, 3)
        self.columns.addWidget(self.findings_scroll, 1)
        self.findings_scroll.setMinimumWidth(300)
        self.findings_scroll.setMaximumWidth(420)

        session.add_flusher(self.flush)
        # Tab follows the page down, whatever order the widgets were made in.
        self.editorsChanged.connect(self._fix_tab_order)
        # The blame-language check on every factor and "why" answer, new ones included.
        self.editorsChanged.connect(self._attach_language)
        session.documentOpened.connect(self._on_opened)
        session.changed.connect(self._on_change)
        self._on_opened(session.doc)

    # -- layout -----------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        wide = self.width() >= TWO_COLUMNS_MIN_WIDTH
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
            self.findings_scroll.setMaximumWidth(420 if wide else 16_777_215)
            self.findings_scroll.setMaximumHeight(16_777_215 if wide else 260)

    def ensure_visible(self, widget: QWidget) -> None:
        QTimer.singleShot(0, lambda: self._ensure_visible(widget))

    def _ensure_visible(self, widget: QWidget) -> None:
        with contextlib.suppress(RuntimeError):  # the widget went away (undo) first
            self.scroll.ensureWidgetVisible(widget, 20, 40)

    # -- for the main window and a future blame-language highlighter ---------------------------
    @property
    def main_editor(self) -> QWidget:
        """What gets the focus when the panel is brought forward: the first factor's text, or
        the first "Add factor" button when there is none yet."""
        for group in self.groups.values():
            if group.cards.count():
                card = group.cards.itemAt(0).widget()
                if isinstance(card, FactorCard):
                    return card.text_edit
        return self.groups[Question.RISKY].add_button

    def text_editors(self) -> list[QPlainTextEdit]:
        """Every factor and why editor, in document order (re-read after `editorsChanged`)."""
        doc = self.session.doc
        if doc is None:
            return []
        return [e for f in doc.pm.factors if f.id in self.cards for e in self.cards[f.id].editors()]

    def _attach_language(self) -> None:
        for editor in self.text_editors():
            attach_language(editor, self.session, "factor")

    def _fix_tab_order(self) -> None:
        """Tab goes down the page: each question's button, then its factors (text, buttons, each
        why, then the chain's buttons), then the captured findings."""
        chain: list[QWidget] = []
        for group in self.groups.values():
            chain.append(group.add_button)
            for number in range(group.cards.count()):
                card = group.cards.itemAt(number).widget()
                if not isinstance(card, FactorCard):
                    continue
                chain += [card.text_edit, card.move_button, card.remove_button]
                for row in card.why_rows:
                    chain += [row.editor, row.remove_button]
                chain += [card.add_why_button, card.events_button, card.findings_button]
        chain.append(self.finding_question)
        chain += [row.make_button for row in self.finding_rows.values()]
        from itertools import pairwise

        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def flush(self) -> None:
        for card in list(self.cards.values()):
            for link in card.links():
                link.flush()

    def card(self, factor_id: str) -> FactorCard:
        return self.cards[factor_id]

    # -- following the document ---------------------------------------------------------------
    def _on_opened(self, doc: Document | None) -> None:
        for card in self.cards.values():
            card.hide()
            card.deleteLater()
        self.cards.clear()
        for group in self.groups.values():
            group.add_button.setEnabled(doc is not None)
        self.finding_question.setEnabled(doc is not None)
        if doc is not None:
            for factor in doc.pm.factors:
                self.cards[factor.id] = FactorCard(self, factor)
        self._place_cards()
        self._refresh_findings(rebuild=True)
        self.editorsChanged.emit()

    def _on_change(self, change: Change) -> None:
        doc = self.session.doc
        if doc is None:
            return
        if change.collection == "factors":
            editors_changed = False
            if change.action == "insert":
                for factor in doc.pm.factors:
                    if factor.id in change.ids and factor.id not in self.cards:
                        self.cards[factor.id] = FactorCard(self, factor)
                editors_changed = True
            elif change.action == "remove":
                for factor_id in change.ids:
                    card = self.cards.pop(factor_id, None)
                    if card is not None:
                        card.hide()
                        card.deleteLater()
                editors_changed = True
            else:
                for factor_id in change.ids:
                    card = self.cards.get(factor_id)
                    if card is not None and card.refresh():
                        editors_changed = True
            if change.action != "update" or {"question", "position"} & set(change.fields):
                self._place_cards()
            if change.action != "update" or "finding_ids" in change.fields:
                self._refresh_findings(rebuild=False)
            if editors_changed:
                self.editorsChanged.emit()
        elif change.collection in ("timeline", "findings"):
            for card in self.cards.values():
                card.refresh_links()
            if change.collection == "findings":
                self._refresh_findings(rebuild=change.action != "update")

    def _place_cards(self) -> None:
        doc = self.session.doc
        factors = doc.pm.factors if doc is not None else []
        for question, group in self.groups.items():
            group.place([self.cards[f.id] for f in factors if f.question == question])
        self._fix_tab_order()

    def _refresh_findings(self, *, rebuild: bool) -> None:
        doc = self.session.doc
        findings = doc.pm.findings if doc is not None else []
        if rebuild or [f.id for f in findings] != list(self.finding_rows):
            for row in self.finding_rows.values():
                row.hide()
                row.deleteLater()
            self.finding_rows = {}
            for finding in findings:
                row = FindingRow(self, finding)
                self.finding_rows[finding.id] = row
                self.findings_box.addWidget(row)
        factors = doc.pm.factors if doc is not None else []
        for finding in findings:
            used = sum(1 for f in factors if finding.id in f.finding_ids)
            self.finding_rows[finding.id].show_finding(finding, used)
        self.findings_empty.setVisible(not findings)
        self._fix_tab_order()

    # -- edits ----------------------------------------------------------------------------------
    def add_factor(
        self, question: Question, text: str = "", finding_ids: list[str] | None = None
    ) -> str | None:
        if self.session.doc is None:
            return None
        self.session.flush_edits()
        factor = Factor(question=question, text=text, finding_ids=list(finding_ids or []))
        label = "Add factor" if not finding_ids else "Make a factor from a finding"
        self.session.insert_items(label, "factors", [factor])
        card = self.cards.get(factor.id)
        if card is not None:
            card.text_edit.setFocus()
            cursor = card.text_edit.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            card.text_edit.setTextCursor(cursor)
            self.ensure_visible(card)
        return factor.id

    def factor_from_finding(self, finding_id: str) -> str | None:
        """One click: a factor under the chosen question, worded as the finding, linked to it."""
        doc = self.session.doc
        if doc is None:
            return None
        try:
            finding: CapturedFinding = doc.find("findings", finding_id)
        except KeyError:
            return None
        # Qt hands a str-based enum back as a plain str.
        question = Question(self.finding_question.currentData())
        return self.add_factor(question, finding.text, [finding.id])

    def remove_factor(self, factor_id: str) -> None:
        """Remove a factor and unlink the action items that pointed at it, as one undo step."""
        doc = self.session.doc
        if doc is None:
            return
        self.session.flush_edits()
        self.session.apply(remove_factor(doc, factor_id))

    def move_factor(self, factor_id: str, question: Question) -> None:
        self.session.flush_edits()
        self.session.update_item("Move factor", "factors", factor_id, question=question)
        card = self.cards.get(factor_id)
        if card is not None:
            card.text_edit.setFocus()
            self.ensure_visible(card)

    def link(self, factor_id: str, field: str, target_id: str, on: bool) -> None:
        """Link or unlink a timeline event (`event_ids`) or a finding (`finding_ids`)."""
        doc = self.session.doc
        if doc is None:
            return
        factor: Factor = doc.find("factors", factor_id)
        current: list[str] = list(getattr(factor, field))
        if on and target_id not in current:
            new = [*current, target_id]
        elif not on and target_id in current:
            new = [i for i in current if i != target_id]
        else:
            return
        what = "event" if field == "event_ids" else "finding"
        label = f"Link {what}" if on else f"Unlink {what}"
        self.session.update_item(label, "factors", factor_id, **{field: new})
