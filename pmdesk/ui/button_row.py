"""A row of buttons that wraps onto a second line when the panel is narrow.

A panel's tools sit on one row at 100% on a 1280 px screen. At 150% (a 1280x720 laptop is 853 px
wide to Qt) the same row is wider than the panel beside the guidance pane, and a plain row makes
the whole panel scroll sideways. This row keeps its order and wraps whole buttons instead; a
stretch still pushes what follows it to the right of its line.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QWidget


class ButtonRow(QLayout):
    """Left to right, wrapping; `addStretch` takes a line's spare width (as in QHBoxLayout)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    # -- what QLayout asks of a layout -------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # Qt override
        self._items.append(item)

    def addStretch(self, _stretch: int = 1) -> None:
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))

    def count(self) -> int:  # Qt override
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]  # Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]  # Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # Qt override
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:  # Qt override
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:  # Qt override
        """Everything on one line."""
        shown = self._shown()
        width = sum(item.sizeHint().width() for item in shown)
        width += self.spacing() * max(len(shown) - 1, 0)
        height = max((item.sizeHint().height() for item in shown), default=0)
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:  # Qt override
        """The widest single button: narrower than that, nothing can wrap."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # -- the arrangement ---------------------------------------------------------------------------
    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty() or _is_stretch(item)]

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            if _is_stretch(item):
                lines[-1].append(item)
                continue
            wanted = item.sizeHint().width()
            gap = self.spacing() if used else 0
            if used and used + gap + wanted > width:
                lines.append([])
                used, gap = 0, 0
            lines[-1].append(item)
            used += gap + wanted
        return [line for line in lines if any(not _is_stretch(item) for item in line)]

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        margins = self.contentsMargins()
        inner = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = inner.y()
        for number, line in enumerate(self._lines(inner.width())):
            if number:
                y += self.spacing()
            buttons = [item for item in line if not _is_stretch(item)]
            stretches = [item for item in line if _is_stretch(item)]
            height = max(item.sizeHint().height() for item in buttons)
            used = sum(item.sizeHint().width() for item in buttons)
            used += self.spacing() * (len(buttons) - 1)
            spare = max(inner.width() - used, 0)
            if place:
                x = inner.x()
                for item in line:
                    if _is_stretch(item):
                        x += spare // len(stretches)
                        continue
                    hint = item.sizeHint()
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), hint))
                    x += hint.width() + self.spacing()
            y += height
        return y - inner.y() + margins.top() + margins.bottom()


def _is_stretch(item: QLayoutItem) -> bool:
    spacer = item.spacerItem()
    return spacer is not None and bool(spacer.expandingDirections() & Qt.Orientation.Horizontal)
