"""Tables on the share window: the panels' own models, with only the words passed through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from pmdesk.ui import theme
from pmdesk.views.share_guard import HIDDEN_TEXT

_SHOWN_ROLES = {
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.TextAlignmentRole,
}


class ShareProxy(QSortFilterProxyModel):
    """A panel's table model as the room may see it: some columns, and only their words.

    Columns not listed are not there at all (a hidden column's data could still be read), and
    tooltips, colours, decorations and accessible texts, where checks and language findings
    live, never pass; the one colour shown is the highlight of the current row. Rows are neither
    sorted nor filtered, so a row here is the same row in the panel's model.
    """

    def __init__(
        self,
        source: Any,
        columns: list[int],
        parent: QObject | None = None,
        *,
        cell: Callable[[int, Any], Any] | None = None,
        current_cell: Callable[[int, Any], Any] | None = None,
        hidden: Callable[[int, int], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = sorted(columns)
        self._hidden = hidden  # (row, column of the panel's model): hidden from the room
        self._current_cell = current_cell
        self.setDynamicSortFilter(False)
        self.setSourceModel(source)
        self._cell = cell
        self.current_row = -1

    def column_of(self, source_column: int) -> int:
        """This model's column for a column of the panel's model."""
        return self.columns.index(source_column)

    def filterAcceptsColumn(  # Qt override
        self, source_column: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        return source_column in self.columns

    def set_current_row(self, row: int) -> None:
        if row == self.current_row:
            return
        old, self.current_row = self.current_row, row
        last = self.columnCount() - 1
        for changed in (old, row):
            if 0 <= changed < self.rowCount():
                self.dataChanged.emit(self.index(changed, 0), self.index(changed, last))

    def data(  # Qt override
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        current = index.row() == self.current_row
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(theme.palette()["current"])) if current else None
        if role == Qt.ItemDataRole.FontRole:
            source_font = super().data(index, role)
            font = QFont(source_font) if isinstance(source_font, QFont) else QFont()
            if current:
                font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role not in _SHOWN_ROLES:
            return None
        value = super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole:
            column = self.columns[index.column()]
            if self._hidden is not None and self._hidden(index.row(), column):
                return HIDDEN_TEXT
            if self._cell is not None:
                value = self._cell(column, value)
            if current and self._current_cell is not None:
                value = self._current_cell(column, value)
        return value

    def headerData(  # Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return super().headerData(section, orientation, role)


# The cells' horizontal padding in the stylesheet (QWidget#shareWindow QTableView::item).
CELL_PADDING_X = theme.SHARE_SPACING["share_cell_x"]


class WrapDelegate(QStyledItemDelegate):
    """Measures wrapped text at the width it is really drawn in.

    Qt measures a cell at the column's width and adds the stylesheet's padding afterwards, so a
    text that just fits the column wraps onto one more line than its row has room for.
    """

    def sizeHint(  # Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        narrower = QStyleOptionViewItem(option)
        rect = QRect(option.rect)
        rect.setWidth(max(1, rect.width() - 2 * theme.share_px(CELL_PADDING_X)))
        narrower.rect = rect
        return super().sizeHint(narrower, index)


class ShareTable(QTableView):
    """A read-only table sized from its font (which follows zoom), never focused or edited."""

    fitted = Signal()  # its rows took the height of the current font

    def __init__(self, name: str, *, wrap: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.wrap = wrap
        self.fixed_columns: dict[int, str] = {}  # column: widest text it must fit
        self.centered_row = -1
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(wrap)
        if wrap:
            self.setItemDelegate(WrapDelegate(self))
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionsClickable(False)

    def set_columns(self, stretch: int, fixed: dict[int, str]) -> None:
        """`stretch` takes the spare width; `fixed` columns fit their widest text (columns of
        the panel's model)."""
        proxy = self.model()
        assert isinstance(proxy, ShareProxy)
        self.fixed_columns = {proxy.column_of(c): text for c, text in fixed.items()}
        header = self.horizontalHeader()
        # A short table (action items) sizes its columns to what they hold; a long one (the
        # timeline) to a sample text, as measuring thousands of rows would cost a second.
        header.setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents if self.wrap else QHeaderView.ResizeMode.Fixed
        )
        header.setSectionResizeMode(proxy.column_of(stretch), QHeaderView.ResizeMode.Stretch)
        self.fit()

    def fit(self) -> None:
        """Row heights and fixed column widths from the current font."""
        self.ensurePolished()
        metrics = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        wide = QFontMetrics(bold)
        pad = metrics.horizontalAdvance("0") * 2 + 2 * theme.share_px(CELL_PADDING_X)
        if not self.wrap:
            for column, widest in self.fixed_columns.items():
                self.setColumnWidth(column, wide.horizontalAdvance(widest) + pad)
        rows = self.verticalHeader()
        if self.wrap:
            rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        else:
            rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            rows.setDefaultSectionSize(round(metrics.height() * 1.45))
        self.fitted.emit()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            QTimer.singleShot(0, self, self.fit)  # not after the table is gone

    def center_row(self, row: int) -> None:
        """Keep `row` in the middle, with the rows before it in sight (also after a resize)."""
        self.centered_row = row
        if 0 <= row < self.model().rowCount():
            self.scrollTo(self.model().index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        if self.wrap and event.size().width() != event.oldSize().width():
            # Wrapped rows are as tall as their text at the new width (once columns settle).
            QTimer.singleShot(0, self, self.resizeRowsToContents)
        if self.centered_row >= 0:
            self.center_row(self.centered_row)


class WholeRows(QWidget):
    """Holds a table of one-line rows at the tallest height that shows whole rows: the room sees
    no row cut through its text at the bottom, whatever height the page gives (zoom, a dialog
    beside the share window, the event card's length). What is left over stays empty below."""

    def __init__(self, table: ShareTable) -> None:
        super().__init__()
        self.table = table
        table.setParent(self)
        self.setSizePolicy(table.sizePolicy())
        table.fitted.connect(self._place)

    def sizeHint(self) -> QSize:  # Qt override
        return self.table.sizeHint()

    def minimumSizeHint(self) -> QSize:  # Qt override
        # No least height: where the page is short (at 150%, a dialog under the share window)
        # the rows give way before the event under discussion does.
        return QSize(self.table.minimumSizeHint().width(), 0)

    def whole_height(self, height: int) -> int:
        """The table's height for whole rows within `height`: none where not one row fits (a
        heading over no row, or a row cut in half, tells the room nothing)."""
        table = self.table
        frame = 2 * table.frameWidth()
        head = table.horizontalHeader().sizeHint().height()
        row = max(1, table.verticalHeader().defaultSectionSize())
        rows = (height - frame - head) // row
        return 0 if rows < 1 else frame + head + rows * row

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        self.table.setGeometry(0, 0, self.width(), self.whole_height(self.height()))
