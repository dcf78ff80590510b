"""One contributing factor: its text, its why-chain with the depth gauge, and its links to the
timeline events and captured findings it rests on."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.actions import why_depth
from pmdesk.document import Document
from pmdesk.model import Factor, Question
from pmdesk.operations import factors as factor_ops
from pmdesk.ui.bindings import TextCommitter
from pmdesk.ui.session import DocumentSession
from pmdesk.views.factors.widgets import (
    CTRL,
    ENTER,
    GAUGE_MAX,
    GrowingTextEdit,
    event_label,
    shorten,
    spans_days,
)


class FactorsHost(Protocol):
    """What a card asks of the panel that holds it."""

    session: DocumentSession

    def ensure_visible(self, widget: QWidget) -> None: ...
    def link(self, factor_id: str, field: str, target_id: str, on: bool) -> None: ...
    def move_factor(self, factor_id: str, question: Question) -> None: ...
    def remove_factor(self, factor_id: str) -> None: ...


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
        self.number = 0
        self.remove_button.clicked.connect(lambda: card.remove_why(self.number))
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

    def __init__(self, panel: FactorsHost, factor: Factor) -> None:
        super().__init__()
        self.setObjectName("factorCard")
        self.panel = panel
        self.session = panel.session
        self.factor_id = factor.id
        self.why_rows: list[WhyRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(self._build_text_row())
        self.whys_box = QVBoxLayout()
        self.whys_box.setSpacing(4)
        layout.addLayout(self.whys_box)
        layout.addLayout(self._build_gauge_row())
        layout.addLayout(self._build_links_row())
        self.add_why_button.clicked.connect(self.add_why)
        self.remove_button.clicked.connect(lambda: panel.remove_factor(self.factor_id))
        self.refresh(factor)

    def _build_text_row(self) -> QHBoxLayout:
        """The factor's text, with Move and Remove beside it."""
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
        return top

    def _build_gauge_row(self) -> QHBoxLayout:
        """Add why, and the gauge saying whether the chain is deep enough."""
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
        return gauge_row

    def _build_links_row(self) -> QHBoxLayout:
        """The linked events and findings: two menus and a line naming them."""
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
        return links

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
        doc = self.session.doc
        if doc is not None and self.factor(doc) is not None:
            edit = factor_ops.edit_factor_text(doc, self.factor_id, text)
            self.session.apply(edit, mergeable=True)

    def write_why(self, number: int, text: str) -> None:
        doc = self.session.doc
        if doc is None or self.factor(doc) is None:
            return
        edit = factor_ops.write_why(doc, self.factor_id, number, text)
        self.session.apply(edit, mergeable=True)

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
        with_date = spans_days(doc.pm.timeline)
        lines = [f"At {event_label(events[i], with_date)}" for i in factor.event_ids if i in events]
        lines += [
            f"Finding: “{shorten(findings[i].text)}”" for i in factor.finding_ids if i in findings
        ]
        missing = sum(1 for i in factor.event_ids if i not in events) + sum(
            1 for i in factor.finding_ids if i not in findings
        )
        if missing:
            lines.append(f"({missing} linked item{'s' if missing > 1 else ''} no longer exist)")
        self.links_label.setText("\n".join(lines) or "Not linked to any event or finding yet.")
        self.events_button.setText(f"Events ({count_present(factor.event_ids, events)}) ▾")
        self.findings_button.setText(f"Findings ({count_present(factor.finding_ids, findings)}) ▾")

    # -- the link menus ---------------------------------------------------------------------------
    def fill_events_menu(self) -> None:
        self.events_menu.clear()
        doc, factor = self.session.doc, self.factor()
        if doc is None or factor is None:
            return
        if not doc.pm.timeline:
            self.events_menu.addAction("The timeline has no events yet").setEnabled(False)
            return
        with_date = spans_days(doc.pm.timeline)
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
            action = self.findings_menu.addAction(shorten(finding.text, 80))
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
        doc = self.session.doc
        if doc is None or self.factor(doc) is None:
            return
        self.session.apply(factor_ops.add_why(doc, self.factor_id))
        if self.why_rows:
            self.why_rows[-1].editor.setFocus()
            self.panel.ensure_visible(self.why_rows[-1])

    def remove_why(self, number: int) -> None:
        self.session.flush_edits()
        doc = self.session.doc
        factor = self.factor(doc) if doc is not None else None
        if doc is None or factor is None or number >= len(factor.whys):
            return
        self.session.apply(factor_ops.remove_why(doc, self.factor_id, number))
        if 0 < number <= len(self.why_rows):
            self.why_rows[number - 1].editor.setFocus()
        else:
            self.text_edit.setFocus()

    def eventFilter(self, watched: QObject, event: Any) -> bool:  # Qt override
        if not isinstance(event, QKeyEvent) or event.type() != QKeyEvent.Type.KeyPress:
            return False
        if watched is self.text_edit:
            if event.key() in ENTER and event.modifiers() & CTRL:
                if self.why_rows:
                    self.why_rows[0].editor.setFocus()
                else:
                    self.add_why()
                return True
            return False
        row = next((r for r in self.why_rows if r.editor is watched), None)
        if row is None:
            return False
        if event.key() in ENTER:
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


def count_present(ids: list[str], present: dict[str, Any]) -> int:
    """How many of the ids are still there (a link to a deleted event no longer counts)."""
    return sum(1 for i in ids if i in present)
