"""The Action items panel: a few concrete changes, each with one owner and a deadline.

The table shows the items in priority order; the checks under it say, one line each, what would
make an item a wish rather than an action. They are recomputed after every change and never
stand between the facilitator and the keyboard: nothing is refused for being vague or unowned,
it is only pointed out.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QStringListModel,
    Qt,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.document import Change, Document
from pmdesk.model import ActionItem, ActionStatus, ActionType
from pmdesk.operations import actions as action_ops
from pmdesk.ui.action_model import (
    DEADLINE,
    DESCRIPTION,
    STATUS,
    ActionModel,
)
from pmdesk.ui.button_row import ButtonRow
from pmdesk.ui.item_model import ID_ROLE
from pmdesk.ui.screen import available_area
from pmdesk.ui.session import DocumentSession
from pmdesk.ui.widgets import least_height_for_width, reserve_space
from pmdesk.views.actions.table import ActionsTable

Today = Callable[[], date]

CHECK_KEY_ROLE = Qt.ItemDataRole.UserRole + 2
# Action items the table keeps in sight: three to five is the aim, so room for five where the
# panel's view allows it, and for three at the least (rows for items still to be added).
ITEMS_IN_SIGHT = 5
ITEMS_AT_LEAST = 3
ALL_CLEAR_TEXT = (
    "✓ Every item has one owner, a deadline, a concrete change and a contributing factor."
)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter (Jan 31 -> Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# Quick picks for the deadline, counted from today.
QUICK_PICKS: tuple[tuple[str, Callable[[date], date]], ...] = (
    ("+1 week", lambda d: d + timedelta(days=7)),
    ("+2 weeks", lambda d: d + timedelta(days=14)),
    ("+1 month", lambda d: add_months(d, 1)),
)


class ActionsPanel(QWidget):
    def __init__(
        self,
        session: DocumentSession,
        parent: QWidget | None = None,
        *,
        today: Today = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("actionsPanel")
        self.session = session
        self.today = today
        self.model = ActionModel(session, self, today=today)
        self.owner_names = QStringListModel(self)
        self._watched_view: QWidget | None = None  # the scroll area's view, once inside one

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        # One line at 100% and no title over it (the tab names the panel): what sits above the
        # table is what keeps five items from being in sight whole at 1280 x 720.
        hint = QLabel(
            "Three to five concrete changes, each with one named owner, a date and a type: "
            "Prevent before Detect before Mitigate."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(self._build_add_row())
        self.table = ActionsTable(self.model, self.owner_names, today, session, self.drop_item)
        self.table.columnsFitted.connect(self._fit_checks)
        # Rows fit their wrapped descriptions: a new, edited or removed item changes heights.
        self.table.verticalHeader().sectionResized.connect(self._keep_items_in_sight)
        self.model.modelReset.connect(self._keep_items_in_sight)
        self.model.rowsRemoved.connect(self._keep_items_in_sight)
        layout.addWidget(self.table, 3)
        # An edit the table could not use (an empty description ...) is explained here.
        self.refusal_label = QLabel()
        self.refusal_label.setObjectName("actionRefusal")
        self.refusal_label.setProperty("check", "warn")
        self.refusal_label.setWordWrap(True)
        reserve_space(self.refusal_label, 1)  # the buttons below stay where they are
        self.refusal_label.hide()
        layout.addWidget(self.refusal_label)
        self.model.on_refused = self._on_refused
        layout.addLayout(self._build_tools())
        checks_title = QLabel("Checks")
        checks_title.setObjectName("sectionTitle")
        layout.addWidget(checks_title)
        layout.addWidget(self._build_checks(), 2)

        self.main_editor: QWidget = self.new_description

        self.new_description.returnPressed.connect(self.add_item)
        self.new_owner.returnPressed.connect(self.add_item)
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_selected)
        self.checks_list.itemActivated.connect(self._select_checked_item)
        self.checks_list.itemClicked.connect(self._select_checked_item)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        session.documentOpened.connect(self._on_opened)
        session.changed.connect(self._on_change)
        self._on_opened(session.doc)

    # -- construction -------------------------------------------------------------------------
    def _build_add_row(self) -> QHBoxLayout:
        """A new item's description, type and owner."""
        add_row = QHBoxLayout()
        self.new_description = QLineEdit()
        self.new_description.setAccessibleName("New action item")
        self.new_description.setPlaceholderText(
            "What will change, where, with a bound — e.g. page on-call when 5xx > 2% for 1 min"
        )
        self.new_type = QComboBox()
        self.new_type.setAccessibleName("Type of the new action item")
        for member in ActionType:
            self.new_type.addItem(member.label, member)
        self.new_owner = QLineEdit()
        self.new_owner.setAccessibleName("Owner of the new action item")
        self.new_owner.setPlaceholderText("Owner")
        self.new_owner.setCompleter(self._completer(self.new_owner))
        self.add_button = QPushButton("&Add item")
        self.add_button.setObjectName("primary")
        add_row.addWidget(self.new_description, 5)
        add_row.addWidget(self.new_type)
        add_row.addWidget(self.new_owner, 2)
        add_row.addWidget(self.add_button)
        return add_row

    def _build_tools(self) -> ButtonRow:
        """Quick deadline picks for the selected item, and removal (on two lines when narrow)."""
        tools = ButtonRow()
        # Short labels: the panel must fit beside the library and the guidance at 1280 px.
        deadline_label = QLabel("Deadline:")
        deadline_label.setToolTip("Sets the deadline of the selected item")
        tools.addWidget(deadline_label)
        self.quick_buttons: dict[str, QToolButton] = {}
        for text, step in QUICK_PICKS:
            button = QToolButton()
            button.setText(text)
            button.setToolTip(f"Set the deadline to {text[1:]} from today")
            button.clicked.connect(
                lambda _checked=False, step=step, text=text: self.set_deadline(
                    step(self.today()), f"Deadline {text}"
                )
            )
            tools.addWidget(button)
            self.quick_buttons[text] = button
        self.clear_deadline_button = QToolButton()
        self.clear_deadline_button.setText("None")
        self.clear_deadline_button.setToolTip("Clear the deadline of the selected item")
        self.clear_deadline_button.clicked.connect(
            lambda: self.set_deadline(None, "Clear deadline")
        )
        tools.addWidget(self.clear_deadline_button)
        tools.addStretch(1)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setToolTip("Remove the selected item (undo brings it back)")
        tools.addWidget(self.remove_button)
        return tools

    def _build_checks(self) -> QListWidget:
        """What the checks found in the items (owner, deadline, vague wording ...)."""
        self.checks_list = QListWidget()
        self.checks_list.setObjectName("actionChecks")
        self.checks_list.setAccessibleName("Checks on the action items")
        self.checks_list.setWordWrap(True)
        self.checks_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.checks_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checks_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.checks_list.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return self.checks_list

    def _fit_checks(self) -> None:
        checks = getattr(self, "checks_list", None)
        if checks is not None:  # a few lines of checks, not one, whatever the zoom
            checks.setMinimumHeight(checks.fontMetrics().height() * 4 + 12)
        self._keep_items_in_sight()

    def _keep_items_in_sight(self) -> None:
        """Five items in sight, whole, measured on the rows as they are (a description wraps to
        two or three lines): the phase's three to five items never need the table's own scroll
        bar. Never taller than the view the panel scrolls in (at 150% five items do not fit
        beside the timer), so the table never runs past what one look can take in."""
        table = self.table
        rows = table.verticalHeader()
        count = min(ITEMS_IN_SIGHT, table.model().rowCount())
        shown = [rows.sectionSize(row) for row in range(count)]
        two_lines = table.fontMetrics().lineSpacing() * 2 + 8
        shown += [max(rows.defaultSectionSize(), two_lines)] * max(0, ITEMS_AT_LEAST - count)
        sideways = table.horizontalScrollBar()
        least = (
            table.horizontalHeader().sizeHint().height()
            + sum(shown)
            + (sideways.sizeHint().height() if sideways.isVisibleTo(table) else 0)
            + 2 * table.frameWidth()
        )
        least = min(least, self._room_for_table())
        if table.minimumHeight() != least:
            table.setMinimumHeight(least)

    def _room_for_table(self) -> int:
        """The height of the view the panel scrolls in; half the screen outside one."""
        view = self.parentWidget()
        if view is not None and isinstance(view.parentWidget(), QAbstractScrollArea):
            if view is not self._watched_view:
                self._watched_view = view
                view.installEventFilter(self)
            return view.height()
        return available_area(self).height() // 2

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self._watched_view and event.type() == QEvent.Type.Resize:
            self._keep_items_in_sight()
        return False

    def heightForWidth(self, width: int) -> int:  # Qt override
        return least_height_for_width(self, width)

    def _completer(self, parent: QWidget) -> QCompleter:
        completer = QCompleter(self.owner_names, parent)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    # -- following the document -------------------------------------------------------------
    def _on_opened(self, doc: Document | None) -> None:
        for widget in (self.new_description, self.new_type, self.new_owner, self.add_button):
            widget.setEnabled(doc is not None)
        self._refresh_names()
        self.refresh_checks()
        self.table.resizeRowsToContents()
        self._update_buttons()

    def _on_refused(self, index: QModelIndex, message: str, value: object) -> None:
        row = index.row() + 1
        self.refusal_label.setText(f"⚠ Row {row} was not changed: {message}")
        self.refusal_label.show()

    def _on_change(self, change: Change) -> None:
        self.refusal_label.hide()
        if change.collection == "attendees":
            self._refresh_names()
        self.refresh_checks()

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        # The date may have moved on since the panel was last seen (past deadlines).
        self.model.recheck()
        self.refresh_checks()

    def _refresh_names(self) -> None:
        doc = self.session.doc
        names = [a.name for a in doc.pm.attendees if a.name.strip()] if doc is not None else []
        if names != self.owner_names.stringList():
            self.owner_names.setStringList(names)

    def refresh_checks(self) -> None:
        """The list-wide check first, then each item's, grouped under the item, in table order."""
        self.checks_list.clear()
        if self.session.doc is None:
            return
        checks = self.model.checks
        for check in checks:
            if check.item_id is None:
                self._add_check_line(f"⚠ {check.message}", None, check.key)
        by_row = sorted(
            {self.model.row_of(c.item_id) for c in checks if c.item_id is not None} - {-1}
        )
        for row in by_row:
            item = self.model.item(row)
            head = self._add_check_line(
                f"Row {row + 1} · {_short(item.description, 90)}", item.id, "item"
            )
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            for check in self.model.checks_of(item.id):
                self._add_check_line(f"      ⚠ {check.message}", item.id, check.key)
        if not checks:
            self._add_check_line(ALL_CLEAR_TEXT, None, "ok")

    def _add_check_line(self, text: str, item_id: str | None, key: str) -> QListWidgetItem:
        entry = QListWidgetItem(text)
        entry.setData(ID_ROLE, item_id)
        entry.setData(CHECK_KEY_ROLE, key)
        entry.setToolTip(text.strip())
        self.checks_list.addItem(entry)
        return entry

    def check_lines(self) -> list[str]:
        return [self.checks_list.item(i).text() for i in range(self.checks_list.count())]

    def check_keys(self) -> list[str]:
        return [c.key for c in self.model.checks]

    def _select_checked_item(self, entry: QListWidgetItem) -> None:
        item_id = entry.data(ID_ROLE)
        if item_id:
            self.select_item(item_id)

    # -- selection ------------------------------------------------------------------------------
    def select_item(self, item_id: str, column: int = DESCRIPTION) -> None:
        row = self.model.row_of(item_id)
        if row < 0:
            return
        index = self.model.index(row, column)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index)

    def selected_ids(self) -> list[str]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        current = self.table.currentIndex()
        if not rows and current.isValid():
            rows = {current.row()}
        return [self.model.item(r).id for r in sorted(rows)]

    def _update_buttons(self, *_args: object) -> None:
        has = self.session.doc is not None and bool(self.selected_ids())
        for button in (*self.quick_buttons.values(), self.clear_deadline_button):
            button.setEnabled(has)
        self.remove_button.setEnabled(has)

    # -- edits ------------------------------------------------------------------------------------
    def add_item(self) -> None:
        text = " ".join(self.new_description.text().split())
        doc = self.session.doc
        if doc is None:
            return
        if not text:
            self.new_description.setFocus()
            return
        item = ActionItem(
            description=text,
            type=ActionType(self.new_type.currentData()),  # Qt returns a plain str
            owner=" ".join(self.new_owner.text().split()),
        )
        self.session.apply(action_ops.add_action(doc, item))
        self.new_description.clear()
        self.new_owner.clear()
        self.table.resizeRowsToContents()
        self.select_item(item.id)
        self.new_description.setFocus()

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        doc = self.session.doc
        if ids and doc is not None:
            self.session.apply(action_ops.remove_actions(doc, ids))

    def set_deadline(self, deadline: date | None, label: str) -> None:
        """A quick pick: every selected item gets the same deadline, as one undo step."""
        ids = self.selected_ids()
        if not ids or self.session.doc is None:
            return
        doc = self.session.doc
        self.session.apply(action_ops.set_deadline(doc, ids, deadline, label))
        if len(ids) == 1:
            self.select_item(ids[0], DEADLINE)

    def ask_dropped_reason(self, item: ActionItem) -> str | None:
        """Why an item is dropped; None when the facilitator cancels. Tests replace this."""
        text, ok = QInputDialog.getText(
            self,
            "Drop action item",
            f"Why is “{_short(item.description)}” dropped?\n"
            "The reason stays with the item, so readers know it was a decision.",
        )
        return " ".join(text.split()) if ok else None

    def drop_item(self, item_id: str) -> None:
        doc = self.session.doc
        if doc is None:
            return
        try:
            item = doc.find("actions", item_id)
        except KeyError:
            return
        while True:
            reason = self.ask_dropped_reason(item)
            if reason is None:
                return
            if reason:
                break
        row = self.model.row_of(item_id)
        self.model.setData(self.model.index(row, STATUS), (ActionStatus.DROPPED, reason))

    def set_status(self, item_id: str, status: ActionStatus) -> None:
        """What the Status column's editor does, for menus and tests."""
        if status == ActionStatus.DROPPED:
            self.drop_item(item_id)
            return
        row = self.model.row_of(item_id)
        if row >= 0:
            self.model.setData(self.model.index(row, STATUS), status)

    # -- for the main window and tests ---------------------------------------------------------
    def cell_text(self, item_id: str, column: int) -> str:
        row = self.model.row_of(item_id)
        return str(self.model.index(row, column).data() or "")


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


__all__ = ["ActionsPanel", "add_months"]
