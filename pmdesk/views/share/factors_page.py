"""The share window's factors page: each contributing factor as a card with its why-chain, in two
columns, the one being written highlighted. Cards are kept and updated in place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from pmdesk.document import Document
from pmdesk.model import Factor, Question
from pmdesk.views.share.text import whys_html
from pmdesk.views.share.widgets import (
    body,
    label,
    set_margins,
    set_spacing,
    set_state,
    set_text,
    setup_scroll,
)
from pmdesk.views.share_guard import HIDDEN_TEXT, Key


class FactorCard(QFrame):
    """One factor, the question it answers and its why-chain, updated in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shareCard")
        layout = QVBoxLayout(self)
        set_margins(layout, 16, 10, 16, 12)
        set_spacing(layout, 4)
        self.question = label("shareMuted")
        self.text = label("shareFactor")
        self.whys = label("shareText", rich=True)
        layout.addWidget(self.question)
        layout.addWidget(self.text)
        layout.addWidget(self.whys)

    def show_factor(self, factor: Factor, hidden: set[Key] | frozenset[Key] = frozenset()) -> None:
        set_text(self.question, factor.question.label)
        text = " ".join(factor.text.split()) or "(no text yet)"
        if ("factors", factor.id, "text", -1) in hidden:
            text = HIDDEN_TEXT
        set_text(self.text, text)
        whys = [
            why
            for number, why in enumerate(factor.whys)
            if ("factors", factor.id, "whys", number) not in hidden
        ]
        html = whys_html(whys)
        set_text(self.whys, html)
        self.whys.setVisible(bool(html))


class FactorsPage(QScrollArea):
    def __init__(self) -> None:
        super().__init__()
        page, layout = body()
        self.factors_empty = label("shareMuted", "No contributing factors written down yet.")
        layout.addWidget(self.factors_empty)
        # Two columns stacked independently, so a long why-chain leaves no gap beside it.
        columns = self._columns = QHBoxLayout()
        set_spacing(columns, 16)
        self.factor_columns: list[QVBoxLayout] = []
        for _ in range(2):
            column = QVBoxLayout()
            set_spacing(column, 14)
            column.setAlignment(Qt.AlignmentFlag.AlignTop)
            column.addStretch(1)
            columns.addLayout(column, 1)
            self.factor_columns.append(column)
        layout.addLayout(columns, 1)
        self.factors_body = page
        self.factor_cards: dict[str, FactorCard] = {}
        self._factor_order: list[str] | None = None
        self._focused: str | None = None
        self._column_count = 2
        setup_scroll(self, page)

    def least_height(self) -> int:
        """The height that shows the first factor whole (or the one being written) in one
        column: a shorter page calls for the short header (ShareWindow)."""
        return self._need(1)

    def _need(self, columns: int) -> int:
        """The height that shows the first row of factors whole (or the one being written),
        in `columns` columns."""
        order = self._factor_order or []
        cards = [self.factor_cards[i] for i in order[:columns]]
        focused = self.factor_cards.get(self._focused or "")
        if focused is not None:
            cards = [focused]
        if not cards:
            return 0
        layout = self.factors_body.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        # A column's width, worked out from the page's (a page not shown yet has its size).
        inner = self.viewport().width() - margins.left() - margins.right()
        width = max(1, (inner - self._columns.spacing() * (columns - 1)) // columns)
        tallest = max(card.heightForWidth(width) for card in cards)
        return margins.top() + margins.bottom() + tallest

    def _choose_columns(self) -> None:
        """Two columns where a factor shows whole in half the width; one where it does not
        (a short window at 150%): the same factor in fewer, longer lines."""
        count = 2 if self._need(2) <= self.viewport().height() else 1
        if count != self._column_count and self._factor_order is not None:
            self._column_count = count
            self._columns.setStretch(1, count - 1)  # one column: the second takes no width
            self._place(self._factor_order)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._choose_columns()

    def refresh(
        self, doc: Document | None, hidden: set[Key], focused: str | None, on_screen: bool
    ) -> None:
        """focused: the factor being written; on_screen: this page is the one shown."""
        self._focused = focused
        factors = doc.pm.factors if doc is not None else []
        # Grouped by question, as in the panel; in the document's order within a question.
        ordered = [f for q in Question for f in factors if f.question == q]
        wanted = [f.id for f in ordered]
        if wanted != self._factor_order:
            self._place(wanted)
        for factor in ordered:
            card = self.factor_cards[factor.id]
            card.show_factor(factor, hidden)
            set_state(card, "current", "true" if factor.id == focused else "")
        self.factors_empty.setVisible(not factors)
        self._choose_columns()
        current = self.factor_cards.get(focused or "")
        if current is not None and on_screen:
            self.ensureWidgetVisible(current, 0, 24)

    def _place(self, wanted: list[str]) -> None:
        """Only when factors are added, removed or moved: re-place the cards (kept, not rebuilt)."""
        self.factors_body.setUpdatesEnabled(False)
        try:
            for factor_id in list(self.factor_cards):
                if factor_id not in wanted:
                    gone = self.factor_cards.pop(factor_id)
                    gone.setParent(None)  # gone from the window now, deleted soon
                    gone.deleteLater()
            for column in self.factor_columns:
                for card in self.factor_cards.values():
                    column.removeWidget(card)
            for number, factor_id in enumerate(wanted):
                kept = self.factor_cards.get(factor_id)
                if kept is None:
                    kept = self.factor_cards[factor_id] = FactorCard(self.factors_body)
                column = self.factor_columns[number % self._column_count]
                column.insertWidget(column.count() - 1, kept)  # before the closing stretch
                kept.show()
            self._factor_order = wanted
        finally:
            self.factors_body.setUpdatesEnabled(True)
