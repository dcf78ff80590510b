"""Paints a library row as two lines: the title in bold, then date, severity and status muted.

The library paints in the first frame, so the drawing is left to Qt's own item delegate (in C++):
each line is one call of the base `paint` on half of the row, with the text and font set in
`initStyleOption`. Touching `QStyle` or setting a pen from Python here would initialise large
enum tables (QStyle's, the whole `Qt` namespace) and cost several milliseconds of start-up.
The muted colour of the second line comes from the model (ForegroundRole of column 1).

While a search is shown, each row has two lines more: the text around the match, the matched
words in bold. Those are painted from a small rich-text document, only then.
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
SNIPPET_LINES = 2


def details_text(index: QModelIndex | QPersistentModelIndex) -> str:
    model = index.model()
    row = index.row()
    return " · ".join(str(model.index(row, column).data() or "") for column in (1, 2, 3))


def snippet_html(snippet: str, colour: str) -> str:
    """The snippet as rich text: the matches bold, everything the user wrote escaped."""
    from html import escape

    from pmdesk.search import lead_to_match, marked_parts

    parts = marked_parts(lead_to_match(snippet))
    body = "".join(f"<b>{escape(text)}</b>" if hit else escape(text) for text, hit in parts)
    return f'<span style="color:{colour}">{body}</span>'


class LibraryDelegate(QStyledItemDelegate):
    searching = False  # set by the pane: rows then have room for their snippet

    def _snippet_height(self, font: QtGui.QFont) -> int:
        if not self.searching:
            return 0
        return QtGui.QFontMetrics(font).lineSpacing() * SNIPPET_LINES + PADDING

    def sizeHint(  # Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QtGui.QFontMetrics(option.font)
        lines = (metrics.height() + PADDING) * 2 + PADDING
        return QSize(200, lines + self._snippet_height(option.font))

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
        extra = self._snippet_height(option.font)
        half = (rect.height() - extra) // 2
        top = QStyleOptionViewItem(option)
        top.rect = QRect(rect.left(), rect.top(), rect.width(), half)
        super().paint(painter, top, index.sibling(index.row(), TITLE_COLUMN))
        bottom = QStyleOptionViewItem(option)
        bottom.rect = QRect(
            rect.left(), rect.top() + half, rect.width(), rect.height() - extra - half
        )
        super().paint(painter, bottom, index.sibling(index.row(), DETAILS_COLUMN))
        if extra:
            self._paint_snippet(
                painter,
                option,
                index,
                QRect(rect.left(), rect.top() + 2 * half, rect.width(), extra),
            )

    def _paint_snippet(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        area: QRect,
    ) -> None:
        from PySide6.QtWidgets import QStyle

        from pmdesk.ui.library_model import SNIPPET_ROLE

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:  # the lines above draw their own selection; this one continues it
            painter.fillRect(area, option.palette.highlight())
        snippet = str(index.data(SNIPPET_ROLE) or "")
        if not snippet:
            return
        role = (
            QtGui.QPalette.ColorRole.HighlightedText if selected else QtGui.QPalette.ColorRole.Text
        )
        document = QtGui.QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(snippet_html(snippet, option.palette.color(role).name()))
        inner = area.adjusted(PADDING, 0, -PADDING, -PADDING)
        document.setTextWidth(inner.width())
        painter.save()
        painter.setClipRect(inner)
        painter.translate(inner.topLeft())
        document.drawContents(painter)
        painter.restore()
