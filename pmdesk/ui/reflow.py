"""Columns that go side by side or one above the other, decided in Qt's own layout pass.

Zoom (a font or style change) changes what each column needs without resizing anything, so a
choice made on resize events alone is never revisited; and a choice made on the font change
itself reads sizes Qt has not worked out yet: a layout recomputes its children's needs only
when it is activated, and Qt activates the layouts of a widget that is not shown (another tab)
only once it is shown again. The one moment the needs are known is when Qt lays the columns
out (`setGeometry` from an activated layout): each column's own layout has been activated
first, and a column whose need changed asks for this pass again (it posts a layout request to
its parent). So the choice is made there, whatever the order or timing of the events before.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QFormLayout, QHBoxLayout, QLabel, QLayout, QWidget

LEFT_TO_RIGHT = QBoxLayout.Direction.LeftToRight
TOP_TO_BOTTOM = QBoxLayout.Direction.TopToBottom


class ReflowColumns(QBoxLayout):
    """Side by side when `room()` (px) holds every column's least width and `least` px; one
    above the other when not. `changed(wide)` is called after the choice changes."""

    def __init__(
        self,
        parent: QWidget,
        room: Callable[[], int],
        least: int,
        changed: Callable[[bool], None] | None = None,
        need: Callable[[], int] | None = None,
    ) -> None:
        """need: what the columns need side by side, where it is not what the layout holds now
        (a part that moves out while they are one above the other, FormPair)."""
        super().__init__(LEFT_TO_RIGHT, parent)
        self._room = room
        self._least = least
        self._changed = changed
        self._need = need

    def needed(self) -> int:
        """What the columns need side by side: their least widths, the gaps and margins."""
        if self._need is not None:
            return self._need()
        items = [self.itemAt(i) for i in range(self.count())]
        widths = [item.minimumSize().width() for item in items if item is not None]
        margins = self.contentsMargins()
        gaps = self.spacing() * max(0, len(widths) - 1)
        return sum(widths) + gaps + margins.left() + margins.right()

    def wide(self) -> bool:
        return self.direction() == LEFT_TO_RIGHT

    def setGeometry(self, rect: QRect) -> None:  # Qt override
        wide = self._room() >= max(self._least, self.needed())
        if wide != self.wide():
            # Invalidates the layout: Qt lays it out again, and then the choice holds.
            self.setDirection(LEFT_TO_RIGHT if wide else TOP_TO_BOTTOM)
            if self._changed is not None:
                self._changed(wide)
        super().setGeometry(rect)


class ReflowPair(QWidget):
    """Two parts side by side when its width holds both whole, one above the other when not.

    It asks for no more width than its wider part, so the width it gets is decided by what is
    around it (a form's other rows, the window) and never pushes the page into scrolling
    sideways; the choice follows that width (ReflowColumns)."""

    def __init__(
        self,
        first: QWidget,
        second: QWidget,
        changed: Callable[[bool], None] | None = None,
        need: Callable[[], int] | None = None,
    ) -> None:
        super().__init__()
        self.columns = ReflowColumns(self, self.width, 0, changed, need)
        # Side by side, the layout would set this widget's least width to both parts' sum.
        self.columns.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.columns.setContentsMargins(0, 0, 0, 0)
        for part in (first, second):
            self.columns.addWidget(part, 1, Qt.AlignmentFlag.AlignTop)

    def _least_widths(self) -> list[int]:
        items = [self.columns.itemAt(i) for i in range(self.columns.count())]
        return [item.minimumSize().width() for item in items if item is not None]

    def minimumSizeHint(self) -> QSize:  # Qt override
        hint = super().minimumSizeHint()
        return QSize(max(self._least_widths(), default=0), hint.height())


def _least(widget: QWidget) -> int:
    return max(widget.minimumWidth(), widget.minimumSizeHint().width())


class FormPair:
    """Two labelled fields on one row of a form, the second's label beside it; where the row
    cannot hold both whole, on two rows, each label in the form's label column (stacked inside
    one row, the second label sat in the field column, out of line with every other label)."""

    def __init__(
        self, form: QFormLayout, first: tuple[QLabel, QWidget], second: tuple[QLabel, QWidget]
    ) -> None:
        self.form = form
        self.first_label, self.first = first
        self.second_label, self.second = second
        self.beside = QWidget()
        row = QHBoxLayout(self.beside)
        row.setContentsMargins(0, 0, 0, 0)
        self.pair = ReflowPair(self.first, self.beside, self._changed, self._need)
        self._put_beside()
        form.addRow(self.first_label, self.pair)

    def stacked(self) -> bool:
        return self.form.indexOf(self.second) >= 0

    def _need(self) -> int:
        """Both fields whole side by side, the second's label between them."""
        row = self.beside.layout()
        gaps = self.pair.columns.spacing() + (row.spacing() if row is not None else 0)
        return _least(self.first) + gaps + _least(self.second_label) + _least(self.second)

    def _changed(self, wide: bool) -> None:
        # Not in the middle of the form's own layout pass, which this changes.
        QTimer.singleShot(0, self.pair, lambda: self._arrange(wide))

    def _arrange(self, wide: bool) -> None:
        if wide != self.pair.columns.wide() or wide != self.stacked():
            return  # already so, or the choice changed again meanwhile
        had_focus = self.second.hasFocus()
        if wide:
            self.form.takeRow(self.second)
            self._put_beside()
        else:
            place = self.form.getWidgetPosition(self.pair)  # (row, role)
            self.form.insertRow(int(place[0]) + 1, self.second_label, self.second)  # type: ignore[index]
            self.beside.hide()
        # Moved to another parent, the field went to the end of the Tab order: after the first.
        QWidget.setTabOrder(self.first, self.second)
        if had_focus:
            self.second.setFocus()

    def _put_beside(self) -> None:
        row = self.beside.layout()
        assert isinstance(row, QHBoxLayout)
        # In line with the field's text, as the form's own labels are.
        row.addWidget(self.second_label, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.second, 1, Qt.AlignmentFlag.AlignTop)
        self.second_label.show()
        self.second.show()
        self.beside.show()


def least_width(widget: QWidget) -> int:
    """The least width `widget` needs at the fonts in use now, shown or not.

    Every layout inside it is worked out first, the innermost first (the same order Qt uses
    when it shows them): a widget on a tab not shown still has the sizes of the zoom before,
    in its layouts' caches, until then."""
    widget.ensurePolished()  # a widget never shown yet takes the style sheet's font now
    for child in reversed(widget.findChildren(QWidget)):  # each one's children before it
        layout = child.layout()
        if layout is not None:
            layout.activate()
    own = widget.layout()
    if own is not None:
        own.activate()
    return widget.minimumSizeHint().width()
