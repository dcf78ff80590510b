"""A table of one-line rows in a splitter shows whole rows: no last row cut through its text.

The share window's tables hold their rows whole inside their own pane (pmdesk.views.share.tables,
WholeRows); in the main window the timeline shares a splitter with the event's discussion, so
the few pixels a cut row would take go to the pane beside it instead, which can use them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QSplitter, QTableView


class SnapToRows(QObject):
    """Moves `splitter`'s first handle so that `table` (in its first pane, rows of one fixed
    height) shows whole rows, whenever the table changes height. `hold()` true: leave it be
    (a message under the table takes its lines from the table and nothing else moves)."""

    def __init__(
        self, splitter: QSplitter, table: QTableView, hold: Callable[[], bool] = lambda: False
    ) -> None:
        super().__init__(table)
        self.splitter = splitter
        self.table = table
        self.hold = hold
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.table and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            # Not inside the splitter's own layout pass, which this changes.
            QTimer.singleShot(0, self, self.snap)
        return False

    def cut(self) -> int:
        """The height of the part-row at the bottom of the table (0: whole rows, or every row
        in sight, when nothing is cut)."""
        table = self.table
        row = table.verticalHeader().defaultSectionSize()
        shown = table.viewport().height()
        model = table.model()
        if row <= 0 or model is None or model.rowCount() * row <= shown:
            return 0
        return shown % row

    def snap(self) -> None:
        cut = self.cut()
        splitter = self.splitter
        first, second = splitter.widget(0), splitter.widget(1)
        if not cut or self.hold() or not self.table.isVisible() or first is None or second is None:
            return
        sizes = splitter.sizes()
        row = self.table.verticalHeader().defaultSectionSize()
        if sizes[0] - cut >= first.minimumSizeHint().height():
            change = -cut  # the cut row's pixels to the pane below
        elif sizes[1] - (row - cut) >= second.minimumSizeHint().height():
            change = row - cut  # or the rest of that row from it
        else:
            return
        splitter.setSizes([sizes[0] + change, sizes[1] - change, *sizes[2:]])
