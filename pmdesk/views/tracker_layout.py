"""The Actions tracker's widgets: the filters, the list of every action item, the buttons and the
completion rates. `TrackerWindow` adds the behaviour (pmdesk.views.tracker)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pmdesk.model import ActionType
from pmdesk.ui.tracker_model import (
    DEADLINE,
    DESCRIPTION,
    OWNER,
    POSTMORTEM,
    STATUS,
    STATUS_CHOICES,
    TYPE,
    CompletionModel,
    TrackerModel,
)


class TrackerLayout(QWidget):
    """The window's widgets, built over the models the window made first."""

    model: TrackerModel
    completion_model: CompletionModel

    def _build(self, *, can_open: bool) -> None:
        """The head, the overall rate, the filters, then the list above the rates."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(self._build_head())
        self.overall_label = QLabel()
        self.overall_label.setObjectName("trackerOverall")
        self.overall_label.setWordWrap(True)
        layout.addWidget(self.overall_label)
        layout.addLayout(self._build_filters())
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        layout.addWidget(self.count_label)

        list_part = QWidget()
        list_layout = QVBoxLayout(list_part)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self._build_table(), 1)
        list_layout.addLayout(self._build_buttons(can_open))
        list_layout.addWidget(self.status_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(list_part)
        splitter.addWidget(self._build_rates())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

    # -- construction -------------------------------------------------------------------------------
    def _build_head(self) -> QHBoxLayout:
        head = QHBoxLayout()
        title = QLabel("Actions tracker")
        title.setObjectName("panelTitle")
        head.addWidget(title)
        head.addStretch(1)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setToolTip("Read the action items from the database again (Ctrl+R)")
        head.addWidget(self.refresh_button)
        return head

    def _build_filters(self) -> QHBoxLayout:
        """Owner, type, status, postmortem and overdue: what the list and the rates show."""
        filters = QHBoxLayout()
        filters.setSpacing(6)
        self.owner_filter = QLineEdit()
        self.owner_filter.setPlaceholderText("Owner's name")
        self.owner_filter.setAccessibleName("Filter by owner")
        self.owner_filter.setClearButtonEnabled(True)
        self.type_filter = QComboBox()
        self.type_filter.setAccessibleName("Filter by type")
        self.type_filter.addItem("Any type", None)
        for member in ActionType:
            self.type_filter.addItem(member.label, member)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filter by status")
        for text, statuses in STATUS_CHOICES:
            self.status_filter.addItem(text, statuses)
        self.postmortem_filter = QComboBox()
        self.postmortem_filter.setAccessibleName("Filter by postmortem")
        self.postmortem_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.postmortem_filter.setMinimumContentsLength(14)
        # Long choices are shown whole in the open list; closed, the combos stay narrow enough
        # for the window to fit a 1280 px screen at 150% zoom.
        self.status_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.status_filter.setMinimumContentsLength(12)
        self.postmortem_filter.addItem("Every postmortem", None)
        self.overdue_filter = QCheckBox("Overdue only")
        for text, widget, stretch in (
            ("&Owner", self.owner_filter, 2),
            ("T&ype", self.type_filter, 0),
            ("&Status", self.status_filter, 0),
            ("&Postmortem", self.postmortem_filter, 2),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget, stretch)
        filters.addWidget(self.overdue_filter)
        return filters

    def _build_table(self) -> QTableView:
        """The action items of every postmortem, nearest deadline first."""
        self.table = QTableView()
        self.table.setObjectName("trackerTable")
        self.table.setAccessibleName("Action items of every postmortem")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        # No column sort at first: the database's order (nearest deadline first) is the useful one.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.setSortIndicatorShown(True)
        for column, width in (
            (POSTMORTEM, 240),
            (TYPE, 84),
            (OWNER, 150),
            (DEADLINE, 104),
            (STATUS, 262),
        ):
            header.resizeSection(column, width)
        return self.table

    def _build_buttons(self, can_open: bool) -> QHBoxLayout:
        """What to do with the selected items, and the exports of the listed ones."""
        buttons = QHBoxLayout()
        self.done_button = QPushButton("Mark &done")
        self.done_button.setObjectName("primary")
        self.done_button.setToolTip("Mark the selected items done today (Ctrl+D)")
        self.reopen_button = QPushButton("Re&open")
        self.reopen_button.setToolTip("Put the selected items back to open")
        self.open_button = QPushButton("Open post&mortem")
        self.open_button.setVisible(can_open)
        self.jira_button = QPushButton("&Jira CSV…")
        self.jira_button.setToolTip("Export the listed items as CSV for Jira's importer")
        self.linear_button = QPushButton("&Linear CSV…")
        self.linear_button.setToolTip("Export the listed items as CSV for Linear's importer")
        self.ics_button = QPushButton("&Calendar (.ics)…")
        self.ics_button.setToolTip("Export the listed items' deadlines as an iCalendar file")
        for button in (self.done_button, self.reopen_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("Export:"))
        for button in (self.jira_button, self.linear_button, self.ics_button):
            buttons.addWidget(button)
        self.status_label = QLabel()
        self.status_label.setObjectName("hint")
        self.status_label.setWordWrap(True)
        return buttons

    def _build_rates(self) -> QWidget:
        """Completion per postmortem: the signal to escalate."""
        rates = QWidget()
        rates_layout = QVBoxLayout(rates)
        rates_layout.setContentsMargins(0, 6, 0, 0)
        rates_title = QLabel("Completion by postmortem")
        rates_title.setObjectName("sectionTitle")
        rates_hint = QLabel(
            "Done out of the items not dropped; owner, type and postmortem filters apply. "
            "A low rate is the signal to escalate."
        )
        rates_hint.setObjectName("hint")
        rates_hint.setWordWrap(True)
        self.completion_table = QTableView()
        self.completion_table.setObjectName("completionTable")
        self.completion_table.setAccessibleName("Completion by postmortem")
        self.completion_table.setModel(self.completion_model)
        self.completion_table.verticalHeader().hide()
        self.completion_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.completion_table.setAlternatingRowColors(True)
        rates_header = self.completion_table.horizontalHeader()
        rates_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        rates_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        rates_header.resizeSection(1, 110)
        for column in range(2, len(CompletionModel.HEADERS)):
            rates_header.resizeSection(column, 84)
        rates_layout.addWidget(rates_title)
        rates_layout.addWidget(rates_hint)
        rates_layout.addWidget(self.completion_table, 1)
        return rates
