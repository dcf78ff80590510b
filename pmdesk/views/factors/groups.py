"""The panel's two kinds of row besides the factors: one question with its cards, and one
captured finding that can become a factor."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pmdesk.model import CapturedFinding, Question
from pmdesk.views.factors.card import FactorCard
from pmdesk.views.factors.widgets import layout_widgets, shorten


class QuestionGroup(QWidget):
    """One of the review's questions and the factors found under it."""

    def __init__(self, question: Question, add_factor: Callable[[Question], object]) -> None:
        super().__init__()
        self.question = question
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 4)
        layout.setSpacing(6)
        head = self._head = QHBoxLayout()
        self.title = QLabel(question.label)
        self.title.setObjectName("sectionTitle")
        # Wraps rather than widening the column past its scroll area (at 150% the longest
        # question pushed "Add factor" and every card's buttons out of sight).
        self.title.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.add_button = QPushButton("Add factor")
        self.add_button.setAccessibleName(f"Add a factor to: {question.label}")
        head.addWidget(self.title, 1)  # the room left over: one line where it fits
        head.addWidget(self.count_label)
        head.addWidget(self.add_button)
        layout.addLayout(head)
        self.empty = QLabel("No factor here yet.")
        self.empty.setObjectName("hint")
        layout.addWidget(self.empty)
        self.cards = QVBoxLayout()
        self.cards.setSpacing(8)
        layout.addLayout(self.cards)
        self.add_button.clicked.connect(lambda: add_factor(question))

    def one_line_width(self) -> int:
        """The header's width with the question on one line: what the factors column needs to be
        read at ease (beside the side column only when it has this; narrower, the title wraps)."""
        parts = (
            self.title.fontMetrics().horizontalAdvance(self.title.text()) + 2,
            self.count_label.sizeHint().width(),
            self.add_button.sizeHint().width(),
        )
        return sum(parts) + 2 * self._head.spacing()

    def place(self, cards: list[FactorCard]) -> None:
        """Put exactly these cards here, in this order (moving, never rebuilding them)."""
        current = layout_widgets(self.cards)
        if current != cards:
            for card in current:
                self.cards.removeWidget(card)
            for card in cards:
                self.cards.addWidget(card)
                card.show()
        self.empty.setVisible(not cards)
        self.count_label.setText(f"{len(cards)} factor{'s' if len(cards) != 1 else ''}")


class FindingRow(QFrame):
    """A captured finding, and how many factors it is already behind."""

    def __init__(self, finding: CapturedFinding, make_factor: Callable[[str], object]) -> None:
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
        self.make_button.clicked.connect(lambda: make_factor(self.finding_id))

    def show_finding(self, finding: CapturedFinding, used_by: int) -> None:
        self.text.setText(f"“{finding.text}”")
        self.make_button.setAccessibleName(f"Make a factor from: {shorten(finding.text, 60)}")
        self.used.setText(
            "" if not used_by else f"✓ behind {used_by} factor{'s' if used_by > 1 else ''}"
        )
