"""Paints a library row as two lines: the title, then date, severity and status in a quieter tone."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

PADDING = 8


class LibraryDelegate(QStyledItemDelegate):
    def __init__(self, muted: str = "#5b6375", parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.muted = muted

    def _lines(self, index: QModelIndex | QPersistentModelIndex) -> tuple[str, str]:
        model = index.model()
        row = index.row()
        title = str(model.index(row, 0).data() or "")
        details = " · ".join(str(model.index(row, column).data() or "") for column in (1, 2, 3))
        return title, details

    def sizeHint(  # Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + PADDING * 2 + 4)

    def paint(  # Qt override
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        title, details = self._lines(index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        metrics = QFontMetrics(option.font)
        painter.save()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(text_role))
        title_rect = QRect(rect.left(), rect.top(), rect.width(), metrics.height())
        elided = QFontMetrics(bold).elidedText(title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
        )
        painter.setFont(option.font)
        if not selected:
            from PySide6.QtGui import QColor

            painter.setPen(QColor(self.muted))
        details_rect = QRect(
            rect.left(), rect.top() + metrics.height() + 4, rect.width(), metrics.height()
        )
        painter.drawText(
            details_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(details, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.restore()
