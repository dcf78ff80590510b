"""The share window's simpler pages: nothing open, the ground rules, the action items, the close
and any other phase. Each builds its widgets and refreshes them from the document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from pmdesk.document import Document
from pmdesk.meeting import MeetingTimer, phase_by_key, phase_name, plan_total
from pmdesk.ui import theme
from pmdesk.ui.session import DocumentSession
from pmdesk.views.share.tables import ShareProxy, ShareTable
from pmdesk.views.share.text import actions_html, text_html
from pmdesk.views.share.widgets import (
    body,
    gap,
    label,
    set_margins,
    set_spacing,
    set_text,
    setup_scroll,
)
from pmdesk.views.share_guard import HIDDEN_TEXT, Key


class NonePage(QWidget):
    """No postmortem open: what this window is for."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        set_margins(layout, 28, 18, 28, 18)
        set_spacing(layout, 12)
        layout.addStretch(1)
        self.none_label = label("shareHeading", "Nothing to share yet")
        self.none_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = label(
            "shareMuted",
            "Open a postmortem in pmdesk: this window follows its meeting, phase by phase.",
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.none_label)
        layout.addWidget(hint)
        layout.addStretch(2)


class RulesPage(QScrollArea):
    """The ground rules, numbered, and today's plan."""

    def __init__(self) -> None:
        super().__init__()
        page, layout = body()
        info = phase_by_key("ground_rules")
        guidance = info.guidance if info is not None else None
        lead = label("shareLead", guidance.lead if guidance else "")
        layout.addWidget(lead)
        for block in guidance.blocks if guidance else ():
            layout.addWidget(label("shareHeading", block.heading))
            for number, item in enumerate(block.items, start=1):
                layout.addWidget(_rule_card(number, item))
        self.agenda_label = label("shareMuted")
        self.agenda_label.setAccessibleName("Today's plan")
        layout.addWidget(self.agenda_label)
        layout.addStretch(1)
        setup_scroll(self, page)

    def show_plan(self, timer: MeetingTimer | None) -> None:
        if timer is None:
            set_text(self.agenda_label, "")
            return
        parts = [f"{phase_name(p.phase)} {p.planned_minutes} min" for p in timer.phases]
        set_text(
            self.agenda_label,
            f"Today's plan, {plan_total(timer.phases)} minutes:  " + "  ·  ".join(parts),
        )


def _rule_card(number: int, text: str) -> QFrame:
    card = QFrame()
    card.setObjectName("shareCard")
    row = QHBoxLayout(card)
    set_margins(row, 16, 10, 16, 10)
    set_spacing(row, 16)
    digit = label("shareRuleNumber", str(number), wrap=False)
    digit.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
    row.addWidget(digit, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(label("shareText", text), 1)
    return card


# Action items the page keeps whole in sight: the short header makes room for them (at 150% on a
# 1280 x 720 screen, the full header left the first item's top line).
IN_SIGHT = 3


class ActionsPage(QWidget):
    """The action items, the most important first, in the Actions panel's own model."""

    def __init__(
        self, session: DocumentSession, hidden: set[Key], changed: Callable[[], None]
    ) -> None:
        from pmdesk.ui.action_model import DEADLINE, DESCRIPTION, OWNER, TYPE, ActionModel

        super().__init__()
        self.hidden = hidden
        self._changed = changed
        self.action_model = ActionModel(session, self)

        def cell(column: int, value: Any) -> Any:
            # Only the date: whether it has passed is a check for the facilitator.
            if column == DEADLINE and isinstance(value, str):
                return value.split(" · ")[0]
            return value

        def is_hidden(row: int, column: int) -> bool:
            if column != DESCRIPTION or not self.hidden:
                return False
            key = ("actions", self.action_model.item(row).id, "description", -1)
            return key in self.hidden

        self.action_proxy = ShareProxy(
            self.action_model,
            [TYPE, DESCRIPTION, OWNER, DEADLINE],
            self,
            cell=cell,
            hidden=is_hidden,
        )
        layout = QVBoxLayout(self)
        set_margins(layout, 28, 18, 28, 18)
        set_spacing(layout, 12)
        self.actions_count = label("shareMuted")
        self.actions_table = ShareTable("shareActions", wrap=True)
        self.actions_table.setAccessibleName("Action items")
        self.actions_table.setModel(self.action_proxy)
        self.actions_table.set_columns(DESCRIPTION, {})
        layout.addWidget(self.actions_count)
        layout.addWidget(self.actions_table, 1)
        for signal in (
            self.action_model.modelReset,
            self.action_model.rowsInserted,
            self.action_model.rowsRemoved,
            self.action_model.dataChanged,
            self.action_model.layoutChanged,
        ):
            signal.connect(self._on_model_change)

    def _on_model_change(self, *_args: object) -> None:
        self._changed()

    def refresh(self) -> None:
        count = self.action_model.rowCount()
        set_text(
            self.actions_count,
            f"{count} action item{'s' if count != 1 else ''}, the most important first"
            if count
            else "No action items yet.",
        )
        self.actions_table.setVisible(bool(count))
        self.actions_table.resizeRowsToContents()

    def least_height(self) -> int:
        """The height that shows the first IN_SIGHT items whole (and their count above them),
        at the table's width now: a shorter page calls for the short header (ShareWindow)."""
        table = self.actions_table
        rows = min(IN_SIGHT, self.action_proxy.rowCount())
        if not rows:
            return 0
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        count = self.actions_count.sizeHint().height() + layout.spacing()
        body = sum(table.sizeHintForRow(row) for row in range(rows))
        frame = 2 * table.frameWidth() + table.horizontalHeader().sizeHint().height()
        return margins.top() + margins.bottom() + count + frame + body

    def set_short(self, short: bool) -> None:
        """On a short window the count goes: the table's first rows take its line."""
        self.actions_count.setVisible(not short)


class ClosePage(QScrollArea):
    """What happened, what we learned, and what will change."""

    def __init__(self) -> None:
        super().__init__()
        page = QWidget()
        layout = QHBoxLayout(page)
        set_margins(layout, 28, 18, 28, 18)
        set_spacing(layout, 32)
        columns: list[QVBoxLayout] = []
        for _ in range(2):
            column = QVBoxLayout()
            set_spacing(column, 6)
            columns.append(column)
            layout.addLayout(column, 1)
        left, right = columns
        left.addWidget(label("shareHeading", "What happened"))
        self.summary_label = label("shareText", rich=True)
        self.summary_label.setAccessibleName("Summary")
        left.addWidget(self.summary_label)
        left.addWidget(gap(10))
        left.addWidget(label("shareHeading", "What we learned"))
        self.lessons_label = label("shareText", rich=True)
        self.lessons_label.setAccessibleName("Lessons learned")
        left.addWidget(self.lessons_label)
        left.addStretch(1)
        right.addWidget(label("shareHeading", "What will change"))
        self.close_actions = label("shareText", rich=True)
        self.close_actions.setAccessibleName("Action items")
        right.addWidget(self.close_actions)
        right.addStretch(1)
        setup_scroll(self, page)

    def refresh(self, doc: Document | None, hidden: set[Key]) -> None:
        summary = text_html(doc.pm.summary) if doc is not None else ""
        lessons = text_html(doc.pm.lessons) if doc is not None else ""
        muted = theme.palette()["muted"]
        items = actions_html(doc.pm.actions, muted, hidden) if doc is not None else ""
        if ("", "", "summary", -1) in hidden:
            summary = f"<p>{HIDDEN_TEXT}</p>"
        if ("", "", "lessons", -1) in hidden:
            lessons = f"<p>{HIDDEN_TEXT}</p>"
        set_text(self.summary_label, summary or "<p>No summary written yet.</p>")
        set_text(self.lessons_label, lessons or "<p>No lessons written yet.</p>")
        set_text(self.close_actions, items or "<p>No action items yet.</p>")


class PhasePage(QWidget):
    """Any other phase: its name."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        set_margins(layout, 28, 18, 28, 18)
        set_spacing(layout, 12)
        self.other_phase = label("shareHeading")
        layout.addWidget(self.other_phase)
        layout.addStretch(1)
