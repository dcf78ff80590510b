"""Paints a library row as two lines: the title in bold, then date, severity and status muted.

The library paints in the first frame, so the drawing is left to Qt's own item delegate (in C++):
each line is one call of the base `paint` on half of the row, with the text and font set in
`initStyleOption`. Touching `QStyle` or setting a pen from Python here would initialise large
enum tables (QStyle's, the whole `Qt` namespace) and cost several milliseconds of start-up.
The muted colour of the second line comes from the model (ForegroundRole of column 1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtGui
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex
    from PySide6.QtGui import QPainter

PADDING = 6
TITLE_COLUMN, DETAILS_COLUMN = 0, 1


def details_text(index: QModelIndex | QPersistentModelIndex) -> str:
    model = index.model()
    row = index.row()
    return " · ".join(str(model.index(row, column).data() or "") for column in (1, 2, 3))


class LibraryDelegate(QStyledItemDelegate):
    def sizeHint(  # Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QtGui.QFontMetrics(option.font)
        return QSize(200, (metrics.height() + PADDING) * 2 + PADDING)

    def initStyleOption(  # Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if index.column() == TITLE_COLUMN:
            bold = QtGui.QFont(option.font)
            bold.setBold(True)
            option.font = bold
        else:
            option.text = details_text(index)

    def paint(  # Qt override
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rect = option.rect
        half = rect.height() // 2
        top = QStyleOptionViewItem(option)
        top.rect = QRect(rect.left(), rect.top(), rect.width(), half)
        super().paint(painter, top, index.sibling(index.row(), TITLE_COLUMN))
        bottom = QStyleOptionViewItem(option)
        bottom.rect = QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half)
        super().paint(painter, bottom, index.sibling(index.row(), DETAILS_COLUMN))
