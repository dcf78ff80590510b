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

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pmdesk.document import Change, Document
from pmdesk.model import CapturedFinding, Factor, Question
from pmdesk.operations import factors as factor_ops
from pmdesk.ui import theme
from pmdesk.ui.lint_editor import attach_language
from pmdesk.ui.reflow import least_width
from pmdesk.ui.session import DocumentSession
from pmdesk.views.factors.card import FactorCard
from pmdesk.views.factors.groups import FindingRow, QuestionGroup
from pmdesk.views.factors.seen_before import SeenBeforePane
from pmdesk.views.factors.widgets import TWO_COLUMNS_MIN_WIDTH, layout_widgets

Today = Callable[[], date]
_BODY_MARGIN = 16  # left and right of the factors column
FINDINGS_TIP = "Captured findings: what people said they assumed, didn't know or saw as normal"
SEEN_BEFORE_TIP = (
    "Other postmortems that share a service or tag with this one, or read alike (its summary, "
    "factors and lessons). Enter or a double click opens one read-only."
)


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
        self.factors_scroll = self._build_factors_column()
        self.findings_scroll = self._build_findings_column()
        # Earlier postmortems like this one (pmdesk.views.factors.seen_before).
        self.seen_before = SeenBeforePane(session)
        self.side = self._build_side()

        # Side by side when there is room, the tabs below when there is not; a splitter, so the
        # facilitator can give either more room.
        self.columns = QSplitter(Qt.Orientation.Horizontal)
        self.columns.setObjectName("factorsColumns")
        self.columns.setChildrenCollapsible(False)
        self.columns.addWidget(self.factors_scroll)
        self.columns.addWidget(self.side)
        self.columns.setStretchFactor(0, 1)
        self.columns.setStretchFactor(1, 0)
        self._placed: Qt.Orientation | None = None
        self.side_open = False  # under the factors: folded to its tab bar until asked for
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.columns)
        self.side.setMaximumWidth(420)
        self.seen_before.refreshed.connect(self._name_side_tabs)
        self.side.tabBarClicked.connect(self._on_side_tab_clicked)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus)
        theme.notifier().changed.connect(self._arrange)  # zoom: the widths needed changed
        self._name_side_tabs()

        session.add_flusher(self.flush)
        # Tab follows the page down, whatever order the widgets were made in.
        self.editorsChanged.connect(self._fix_tab_order)
        # The blame-language check on every factor and "why" answer, new ones included.
        self.editorsChanged.connect(self._attach_language)
        session.documentOpened.connect(self._on_opened)
        session.changed.connect(self._on_change)
        self._on_opened(session.doc)

    def _build_factors_column(self) -> QScrollArea:
        """The factors, grouped by question, in a scroll area."""
        body = QWidget()
        body.setObjectName("factorsBody")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(_BODY_MARGIN, 12, _BODY_MARGIN, 16)
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
            group = QuestionGroup(question, self.add_factor)
            self.groups[question] = group
            body_layout.addWidget(group)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("factorsScroll")
        scroll.setAccessibleName("Contributing factors")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        return scroll

    def _build_findings_column(self) -> QScrollArea:
        """The captured findings, each a factor in one click, in a scroll area."""
        side = QFrame()
        side.setObjectName("findingsPane")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(12, 12, 12, 12)
        side_layout.setSpacing(6)
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
        scroll = QScrollArea()
        scroll.setObjectName("findingsScroll")
        scroll.setAccessibleName("Captured findings")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(side)
        return scroll

    def _build_side(self) -> QTabWidget:
        """Captured findings and Seen before as two tabs beside the factors: each gets the whole
        height (stacked, on a 1280x720 screen with the guidance open, neither could be read)."""
        side = QTabWidget()
        side.setObjectName("factorsSide")
        side.setDocumentMode(True)
        for tabs in (side, side.tabBar()):
            tabs.setAccessibleName("Captured findings or Seen before")
        side.tabBar().setExpanding(False)
        side.addTab(self.findings_scroll, "Findings")
        side.setTabToolTip(0, FINDINGS_TIP)
        seen = QScrollArea()
        seen.setObjectName("seenBeforeScroll")
        seen.setAccessibleName("Seen before")
        seen.setWidgetResizable(True)
        seen.setFrameShape(QFrame.Shape.NoFrame)
        seen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        seen.setWidget(self.seen_before)
        side.addTab(seen, "Seen before")
        side.setTabToolTip(1, SEEN_BEFORE_TIP)
        return side

    def _name_side_tabs(self) -> None:
        """Each tab says how many it holds, so the one not shown is not forgotten."""
        doc = self.session.doc
        findings = len(doc.pm.findings) if doc is not None else 0
        self.side.setTabText(0, f"Findings ({findings})" if findings else "Findings")
        alike = self.seen_before.model.rowCount() if doc is not None else 0
        self.side.setTabText(1, f"Seen before ({alike})" if alike else "Seen before")

    # -- layout -----------------------------------------------------------------------------------
    # Beside the factors when both fit whole at the zoom in use; under them when not, folded to
    # their tab bar so the factors keep the height (a click on a tab opens it, a click on the
    # open tab folds it again). Chosen again when the panel is resized or shown and when the
    # zoom or theme changes, from the widths worked out then (pmdesk.ui.reflow.least_width).
    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._arrange()

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        factors, side = self._widths()
        wide = self.width() >= max(TWO_COLUMNS_MIN_WIDTH, factors + side)
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        self.side.setMinimumWidth(min(side, 420) if wide else 0)
        if self._placed == orientation:
            return
        self._placed = orientation
        self.columns.setOrientation(orientation)
        self.side.setMaximumWidth(420 if wide else 16_777_215)
        if wide:
            self.side.setMinimumHeight(0)
            self.columns.setSizes([max(self.width() - side, 0), side])
        else:
            self.side_open = False
            self._size_side()

    def _widths(self) -> tuple[int, int]:
        """What the factors and the side column each need to be read without scrolling
        sideways (zoom included): beside each other only when both fit."""
        bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent) + 4
        headers = max(group.one_line_width() for group in self.groups.values())
        headers += 2 * _BODY_MARGIN
        factors = max(_content_width(self.factors_scroll), headers) + bar
        findings = _content_width(self.findings_scroll) + bar
        return factors, max(findings, least_width(self.seen_before), 300)

    def side_folded(self) -> bool:
        """Under the factors and folded to its tab bar."""
        return self._placed == Qt.Orientation.Vertical and not self.side_open

    def _size_side(self) -> None:
        """Under the factors: the tab bar alone when folded, half the height when open."""
        tabs = self.side.tabBar().sizeHint().height()
        self.side.setMinimumHeight(tabs)
        height = self.columns.height()
        below = height // 2 if self.side_open else tabs
        self.columns.setSizes([max(height - below, 0), below])

    def _on_side_tab_clicked(self, index: int) -> None:
        if self._placed != Qt.Orientation.Vertical:
            return
        # A click on a folded side opens it at that tab; on the open tab, folds it again.
        self._open_side(not self.side_open or index != self.side.currentIndex())

    def _open_side(self, open_: bool) -> None:
        if self._placed == Qt.Orientation.Vertical and open_ != self.side_open:
            self.side_open = open_
            self._size_side()

    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The keyboard going into the folded side (Tab, a key on its tab bar) opens it."""
        if new is not None and self.side_folded() and self.side.isAncestorOf(new):
            self._open_side(True)

    def ensure_visible(self, widget: QWidget) -> None:
        QTimer.singleShot(0, self, lambda: self._ensure_visible(widget))

    def _ensure_visible(self, widget: QWidget) -> None:
        with contextlib.suppress(RuntimeError):  # the widget went away (undo) first
            self.factors_scroll.ensureWidgetVisible(widget, 20, 40)

    # -- for the main window and a future blame-language highlighter ---------------------------
    @property
    def main_editor(self) -> QWidget:
        """What gets the focus when the panel is brought forward: the first factor's text, or
        the first "Add factor" button when there is none yet."""
        for group in self.groups.values():
            for card in layout_widgets(group.cards)[:1]:
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
            for card in layout_widgets(group.cards):
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
                row = FindingRow(finding, self.factor_from_finding)
                self.finding_rows[finding.id] = row
                self.findings_box.addWidget(row)
        factors = doc.pm.factors if doc is not None else []
        for finding in findings:
            used = sum(1 for f in factors if finding.id in f.finding_ids)
            self.finding_rows[finding.id].show_finding(finding, used)
        self.findings_empty.setVisible(not findings)
        self._name_side_tabs()
        self._fix_tab_order()

    # -- edits ----------------------------------------------------------------------------------
    def add_factor(
        self, question: Question, text: str = "", finding_ids: list[str] | None = None
    ) -> str | None:
        doc = self.session.doc
        if doc is None:
            return None
        self.session.flush_edits()
        factor = Factor(question=question, text=text, finding_ids=list(finding_ids or []))
        self.session.apply(factor_ops.add_factor(doc, factor))
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
        self.session.apply(factor_ops.remove_factor(doc, factor_id))

    def move_factor(self, factor_id: str, question: Question) -> None:
        doc = self.session.doc
        if doc is None:
            return
        self.session.flush_edits()
        self.session.apply(factor_ops.move_factor(doc, factor_id, question))
        card = self.cards.get(factor_id)
        if card is not None:
            card.text_edit.setFocus()
            self.ensure_visible(card)

    def link(self, factor_id: str, field: str, target_id: str, on: bool) -> None:
        """Link or unlink a timeline event (`event_ids`) or a finding (`finding_ids`)."""
        doc = self.session.doc
        if doc is None:
            return
        kind = "event" if field == "event_ids" else "finding"
        self.session.apply(factor_ops.link(doc, factor_id, kind, target_id, on))


def _content_width(scroll: QScrollArea) -> int:
    content = scroll.widget()
    return least_width(content) if content is not None else 0
