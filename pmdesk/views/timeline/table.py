"""The timeline table itself: rows that select whole events, and columns sized from the font.

The widths follow the current font (theme and zoom set it through the stylesheet after the table
is built), so they are measured again whenever the font or the style changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from pmdesk.ui.timeline_model import TimeFormat, TimelineModel

MIN_ROWS_SHOWN = 4


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
        self.setTabKeyNavigation(True)
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
        self.setMinimumHeight(header_height + MIN_ROWS_SHOWN * row + 2 * self.frameWidth())
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
            header.resizeSection(column, max(cell, strong.horizontalAdvance(title)) + padding)
