"""Small reusable widgets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractScrollArea,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QStyleOptionFrame,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def least_height_for_width(widget: QWidget, width: int) -> int:
    """What a panel tells the scroll area holding it: the least height that shows all of it.

    A scroll area sizes a widget whose labels wrap to the height every wrapped line would
    like, so a panel on a 720 px screen would scroll to reach its last controls; with this the
    tables and editors give up their spare height first.
    """
    layout = widget.layout()
    return layout.totalMinimumHeightForWidth(width) if layout is not None else -1


class TallEnoughForLines(QObject):
    """Keeps a window as tall as its wrapped lines need at its width, up to the screen's height:
    what does not fit then scrolls in `scroll` (which holds the wrapped content).

    A window's least height comes from its layout's least sizes, which do not count the lines
    a wrapped label takes at the width the window gets: a dialog of explanations opened too
    short and squeezed them, cut through their first and last lines (Preferences, walked)."""

    def __init__(self, window: QWidget, scroll: QScrollArea) -> None:
        super().__init__(window)
        self.window, self.scroll = window, scroll
        window.installEventFilter(self)
        body = scroll.widget()
        if body is not None:
            body.installEventFilter(self)  # a message shown or hidden in it

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() in (QEvent.Type.Show, QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self.fit()
        return False

    def fit(self) -> None:
        from pmdesk.ui.screen import available_area, frame_extra

        window, body = self.window, self.scroll.widget()
        layout = body.layout() if body is not None else None
        if layout is None or not window.isVisible():
            return  # its sizes are known once it shows
        content = layout.totalHeightForWidth(viewport_width(self.scroll))
        if content <= 0:
            return
        around = window.height() - self.scroll.viewport().height()  # the buttons, the margins
        room = available_area(window).height() - frame_extra(window)[1]
        needed = min(content + around, room)
        if needed > 0 and needed != window.minimumHeight():
            window.setMinimumHeight(needed)  # grows the window where it is shorter


def viewport_width(area: QAbstractScrollArea) -> int:
    """The width of a scroll area's viewport, worked out without asking for the viewport.

    The viewport is a widget Qt makes itself; the first time Python is handed one, PySide6 sets
    up the enums of every QWidget subclass to find its type (about 5 ms on the way to a ready
    window). With no viewport margins it is the area's inside less a vertical scroll bar.
    """
    width = area.contentsRect().width()
    bar = area.verticalScrollBar()
    if bar.isVisibleTo(area):
        width -= bar.width()
    return width


def restyle(widget: QWidget) -> None:
    """Apply the style sheet again after a property its selectors read has changed.

    A widget not polished yet reads its properties when it is first shown, so it is left alone:
    on the way to a ready window nothing then asks for the QStyle, whose first Python wrapper
    sets up its enums (about 5 ms).
    """
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class WrappedLabel(QLabel):
    """A word-wrapped label that remembers its height at each width.

    Qt lays the text out again each time a layout asks a wrapped label its height (a window
    being shown asks dozens of times, and rich text takes up to a millisecond): the same width,
    text, font and margins give the same height.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[tuple[object, ...], int] = {}

    def heightForWidth(self, width: int) -> int:  # Qt override
        margins = self.contentsMargins()
        key = (
            width,
            self.text(),
            self.font().key(),
            self.logicalDpiY(),
            self.margin(),
            self.indent(),
            margins.left(),
            margins.top(),
            margins.right(),
            margins.bottom(),
        )
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) >= 32:
                self._heights.clear()
            height = self._heights[key] = super().heightForWidth(width)
        return height


def tab_leaves(table: QTableView) -> QTableView:
    """Tab and Shift+Tab go on to the next and previous field, as everywhere else; the arrow
    keys move between cells, and Tab in a cell being edited still goes on to the next cell.

    A table steps through its cells on Tab and wraps round at its end, so Tab never left it:
    the timeline's buttons and discussion card, the actions' buttons and the attendees' were
    out of the keyboard's reach from inside the table."""
    table.setTabKeyNavigation(False)
    return table


def reserve_space(label: QLabel, lines: int = 2) -> None:
    """A message label that keeps its place while hidden: showing it moves no other control
    (the next click lands where the user aimed)."""
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    label.ensurePolished()  # the font its style gives it (a warning is bold)
    bold = QFont(label.font())
    bold.setBold(True)
    label.setMinimumHeight(QFontMetrics(bold).lineSpacing() * lines + 6)


def format_when(value: datetime | None) -> str:
    """A date and time as a facilitator types it, with the offset unless it is the local one."""
    if value is None:
        return ""
    local_offset = datetime.now().astimezone().utcoffset()
    text = value.strftime("%Y-%m-%d %H:%M")
    if value.second:
        text = value.strftime("%Y-%m-%d %H:%M:%S")
    offset = value.utcoffset()
    if offset is not None and offset != local_offset:
        text += (
            " UTC" if not offset else value.strftime(" %z")[:-2] + ":" + value.strftime("%z")[-2:]
        )
    return text


def width_for_text(edit: QLineEdit, text: str) -> int:
    """The width at which `edit` shows `text` whole: its frame and padding as its style draws
    them, Qt's two-pixel margins each side and room for the cursor."""
    edit.ensurePolished()
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    margins = edit.textMargins()
    metrics = edit.fontMetrics()
    inner = metrics.horizontalAdvance(text) + 2 * 2 + 2 + margins.left() + margins.right()
    contents = QSize(inner, metrics.height())
    return (
        edit.style()
        .sizeFromContents(QStyle.ContentsType.CT_LineEdit, option, contents, edit)
        .width()
    )


class DateTimeField(QWidget):
    """A date-time typed loosely ("2026-04-15 14:32", "14:32", ISO 8601), blank meaning unset.

    Unreadable text is kept in the box, marked, and explained just below it in a note that
    floats over the form (and lets clicks through), so the rows below never move; the document
    keeps its previous value until the text can be read.
    """

    committed = Signal(object)  # datetime | None

    def __init__(self, placeholder: str = "YYYY-MM-DD HH:MM", parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.error = QLabel(self)
        self.error.setObjectName("fieldError")
        self.error.setProperty("check", "warn")
        self.error.setWordWrap(True)
        self.error.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.error.hide()
        layout.addWidget(self.edit)
        self.edit.installEventFilter(self)
        self._value: datetime | None = None
        # The time a bare "14:32" or "+5m" is read against when the field is empty (for the
        # Overview: the incident's other times), so it does not default to today.
        self.reference: Callable[[], datetime | None] = lambda: None
        self.edit.editingFinished.connect(self.commit)
        self.setFocusProxy(self.edit)

    def value(self) -> datetime | None:
        return self._value

    def set_value(self, value: datetime | None) -> None:
        self._value = value
        self._fit_width()
        if not self.edit.hasFocus() or not self.error.isVisible():
            self.edit.setText(format_when(value))
            if not self.edit.hasFocus():
                self.edit.setCursorPosition(0)  # the date first, should a layout squeeze it
            self._mark(None)

    def _fit_width(self) -> None:
        """At least as wide as the value, its offset included ("2026-04-16 16:00 +02:00"): a
        box as wide as its neighbour's cut the offset, and the time read as local."""
        text = format_when(self._value) or self.edit.placeholderText()
        self.edit.setMinimumWidth(width_for_text(self.edit, text))

    def commit(self) -> None:
        from pmdesk.timeline.times import TimeParseError, parse_time

        text = self.edit.text().strip()
        if not text:
            value = None
        else:
            try:
                value = parse_time(text, previous=self._value or self.reference())
            except TimeParseError as exc:
                self._mark(str(exc))
                return
        self._mark(None)
        if value != self._value:
            self._value = value
            self._fit_width()
            self.edit.setToolTip(format_when(value))
            self.committed.emit(value)

    def _mark(self, message: str | None) -> None:
        invalid = message is not None
        if bool(self.edit.property("invalid")) != invalid:  # unset reads as valid
            self.edit.setProperty("invalid", invalid)
            restyle(self.edit)
        self.error.setText(message or "")
        self.edit.setToolTip(message or format_when(self._value))
        if message is None:
            self.error.hide()
        else:
            self._float_error()

    def _float_error(self) -> None:
        """The note under the box, over whatever is below it, in the window's coordinates."""
        window = self.window()
        if self.error.parentWidget() is not window:
            self.error.setParent(window)
        width = max(self.edit.width(), 280)
        self.error.setFixedWidth(width)
        self.error.setFixedHeight(self.error.heightForWidth(width))
        self.error.move(self.edit.mapTo(window, QPoint(0, self.edit.height() + 2)))
        self.error.show()
        self.error.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.edit and event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
        ):
            self._fit_width()  # zoom: the same text, wider or narrower
        elif watched is self.edit and self.error.text():
            if event.type() == QEvent.Type.FocusIn:
                self._float_error()
            elif event.type() == QEvent.Type.FocusOut:
                self.error.hide()  # the box stays marked, its tooltip says why
        return False


class EmptyState(QLabel):
    """A centred sentence shown where a list has nothing yet."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("empty")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)


class ContentSizedTable(QTableView):
    """A table whose columns sized to their contents are measured once per change of contents.

    A header whose sections resize to their contents asks the view how wide each such column's
    cells are every time its own geometry changes: the Overview's attendees, while the window
    first shows, nine times, each asking the model for eight roles of every cell (about 860
    calls into Python). The width changes only with the rows and their data, the font or the
    style, or a cell being edited (its editor counts), so it is kept until one of those changes.
    A table with more rows than the header measures (its resize-contents precision) depends on
    which rows are in view and is measured every time, as Qt does.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widths: dict[int, int] = {}

    def setModel(self, model: QAbstractItemModel | None) -> None:  # Qt override
        old = self.model()
        if old is not None:
            for signal in _content_signals(old):
                signal.disconnect(self._forget_widths)
        self._widths.clear()
        if model is not None:
            # Connected before the header hears of a change: its new measure is never the old one.
            for signal in _content_signals(model):
                signal.connect(self._forget_widths)
        super().setModel(model)

    def setItemDelegate(self, delegate: QAbstractItemDelegate) -> None:
        self._widths.clear()
        super().setItemDelegate(delegate)

    def setItemDelegateForColumn(self, column: int, delegate: QAbstractItemDelegate) -> None:
        self._widths.clear()
        super().setItemDelegateForColumn(column, delegate)

    def sizeHintForColumn(self, column: int) -> int:  # Qt override
        model = self.model()
        if (
            model is None
            or self.state() != QAbstractItemView.State.NoState
            or model.rowCount() > self.horizontalHeader().resizeContentsPrecision()
        ):
            return super().sizeHintForColumn(column)
        width = self._widths.get(column)
        if width is None:
            width = self._widths[column] = super().sizeHintForColumn(column)
        return width

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._widths.clear()
        super().changeEvent(event)

    def _forget_widths(self, *_args: Any) -> None:
        self._widths.clear()


def _content_signals(model: QAbstractItemModel) -> tuple[Any, ...]:
    """The model's signals after which a column's contents may have another width."""
    return (
        model.dataChanged,
        model.rowsInserted,
        model.rowsRemoved,
        model.rowsMoved,
        model.columnsInserted,
        model.columnsRemoved,
        model.columnsMoved,
        model.modelReset,
        model.layoutChanged,
    )
