"""The timeline table itself: rows that select whole events, and columns sized from the font.

The widths follow the current font (theme and zoom set it through the stylesheet after the table
is built), so they are measured again whenever the font or the style changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from pmdesk.ui.timeline_model import TimeFormat, TimelineModel
from pmdesk.ui.widgets import tab_leaves

TEXT = TimelineModel.TEXT
MIN_ROWS_SHOWN = 4
# "What happened" keeps this many characters ("0"s) in sight before Source and Marker give way.
READABLE_TEXT = 24


class TimelineTable(QTableView):
    """The events, one per row; Enter or typing edits a cell in place."""

    def __init__(self, model: TimelineModel, time_format: Callable[[], TimeFormat]) -> None:
        super().__init__()
        self._time_format = time_format
        self.setAccessibleName("Timeline")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setCornerButtonEnabled(False)
        tab_leaves(self)
        self.setStyleSheet("QTableView::item { padding: 0 6px; }")
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TimelineModel.TEXT, QHeaderView.ResizeMode.Stretch)
        self.setColumnHidden(TimelineModel.RELATIVE, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # Each short column's width fitted to its words, and the least it may give way to.
        self._fitted: dict[int, int] = {}
        self._floors: dict[int, int] = {}
        # Height given up to a message under the table (a refused edit), from its least height.
        self._message_room = 0

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            QTimer.singleShot(0, self, self.fit_columns)  # not after the table is gone
        super().changeEvent(event)

    def fit_columns(self) -> None:
        """Row height and column widths from the current font (it changes with zoom)."""
        self.ensurePolished()
        plain = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        strong = QFontMetrics(bold)
        row = plain.height() + 14
        self.verticalHeader().setDefaultSectionSize(row)
        # Never squeezed below a few events: on a short window (150% on 720 px) the page
        # scrolls to the notes below rather than walking the timeline through a slit.
        header_height = self.horizontalHeader().sizeHint().height()
        least = header_height + MIN_ROWS_SHOWN * row + 2 * self.frameWidth()
        # A message under the table takes its lines from the table, never from over its rows;
        # the row being edited stays in sight (the table scrolls to it), with one row at least.
        self.setMinimumHeight(max(header_height + row, least - self._message_room))
        self.verticalHeader().setMinimumWidth(plain.horizontalAdvance("00000"))
        header = self.horizontalHeader()
        model = self.model()
        sample = self._time_format().show(datetime(2026, 12, 28, 20, 58, 58))
        padding = plain.horizontalAdvance("0") * 3 + 12  # the cell padding and a little air
        for column, widest_cell in (
            (TimelineModel.TIME, sample),
            (TimelineModel.RELATIVE, "+88:88"),
            (TimelineModel.SOURCE, "monitoring"),
            (TimelineModel.MARKER, "Acknowledgement"),
            (TimelineModel.ADDED_BY, "Bruno Lima"),
        ):
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            if column == TimelineModel.MARKER:
                cell = strong.horizontalAdvance(widest_cell)  # set markers are bold
            else:
                cell = plain.horizontalAdvance(widest_cell)
            self._fitted[column] = max(cell, strong.horizontalAdvance(title)) + padding
            self._floors[column] = strong.horizontalAdvance(title) + 12  # the cell's padding
            header.resizeSection(column, self._fitted[column])
        self._share_room()

    def give_room(self, height: int) -> None:
        """Let a message of `height` pixels under the table take them from the table."""
        if height != self._message_room:
            self._message_room = height
            self.fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._share_room()
        shrunk = event.size().height() < event.oldSize().height()
        if shrunk and self.state() == QAbstractItemView.State.EditingState:
            # A message came under the table: the cell being typed in stays in sight.
            self.scrollTo(self.currentIndex())

    def _share_room(self) -> None:
        """On a narrow window (a 1280 px laptop at 150% scale) the event's words come before
        its source and marker: those two give way, down to their titles, cut short with "…",
        until "What happened" has READABLE_TEXT characters (it had ten)."""
        if not self._fitted:
            return
        header = self.horizontalHeader()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        used = sum(self._fitted.get(c, header.sectionSize(c)) for c in shown if c != TEXT)
        wanted = self.fontMetrics().horizontalAdvance("0") * READABLE_TEXT
        short = wanted - (self.viewport().width() - used)
        # The source first ("manual", "chat": the marker's "Trigger" says more in the meeting).
        for column in (TimelineModel.SOURCE, TimelineModel.MARKER):
            fitted, floor = self._fitted[column], self._floors[column]
            give = max(0, min(short, fitted - floor))
            if header.sectionSize(column) != fitted - give:
                header.resizeSection(column, fitted - give)
            short -= give
