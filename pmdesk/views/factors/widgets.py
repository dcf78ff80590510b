"""Pieces every part of the Contributing factors panel uses: its sizes, short labels for linked
events and findings, the text editor that grows with its text, and the cards in a layout."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent, QTextLayout
from PySide6.QtWidgets import QLayout, QPlainTextEdit, QSizePolicy, QWidget

from pmdesk.model import TimelineEvent

GAUGE_MAX = 6
# The findings and Seen before stay beside the factors down to this width (a 1280 px screen
# with the guidance panel open leaves the panel about 990 px); below it they go under them.
TWO_COLUMNS_MIN_WIDTH = 860
LINK_TEXT_CHARS = 90
ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
CTRL = Qt.KeyboardModifier.ControlModifier


def shorten(text: str, limit: int = LINK_TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def event_label(event: TimelineEvent, with_date: bool) -> str:
    when = event.at.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")
    return f"{when}  {shorten(event.text, 70)}"


def spans_days(events: list[TimelineEvent]) -> bool:
    return len({e.at.date() for e in events}) > 1


# --------------------------------------------------------------------------------------------
# Text editors that grow with their text, and their link to the document
# --------------------------------------------------------------------------------------------


class GrowingTextEdit(QPlainTextEdit):
    """A plain-text editor as tall as its wrapped text (within limits), no inner scrolling."""

    def __init__(self, min_lines: int = 1, max_lines: int = 12, parent: QWidget | None = None):
        super().__init__(parent)
        self.min_lines = min_lines
        self.max_lines = max_lines
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._fit)
        self._fit()

    def wrapped_lines(self) -> int:
        """Lines the text takes at the current width, wrapped the way the editor wraps it.

        Measured here rather than read from the editor's layout, which wraps lazily and may not
        have caught up with a resize yet.
        """
        document = self.document()
        width = self.viewport().width() - 2 * document.documentMargin() - 1
        if width <= 0:
            return self.min_lines
        option = document.defaultTextOption()
        font = document.defaultFont()
        total = 0
        block = document.firstBlock()
        while block.isValid():
            layout = QTextLayout(block.text(), font)
            layout.setTextOption(option)
            layout.beginLayout()
            count = 0
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                count += 1
            layout.endLayout()
            total += max(1, count)
            block = block.next()
        return total

    def _fit(self) -> None:
        wrapped = self.wrapped_lines()
        lines = max(self.min_lines, min(self.max_lines, wrapped))
        height = (
            lines * self.fontMetrics().lineSpacing()
            + 2 * int(self.document().documentMargin())
            + 2 * self.frameWidth()
            + 2
        )
        if self.maximumHeight() != height:
            self.setFixedHeight(height)
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if wrapped > self.max_lines
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        if self.verticalScrollBarPolicy() != policy:
            self.setVerticalScrollBarPolicy(policy)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()


def layout_widgets(layout: QLayout) -> list[QWidget]:
    """The widgets a layout holds, in order (stretches and nested layouts left out)."""
    found = []
    for number in range(layout.count()):
        item = layout.itemAt(number)
        widget = item.widget() if item is not None else None
        if widget is not None:
            found.append(widget)
    return found
