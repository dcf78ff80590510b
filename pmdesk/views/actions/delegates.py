"""The Action items table's cell editors: an owner completed from the attendees, a deadline
with a calendar, a status that asks why when an item is dropped, and the factor an item answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from pmdesk.model import ActionStatus
from pmdesk.ui import theme
from pmdesk.ui.action_model import NO_FACTOR_TEXT, factor_title, parse_deadline
from pmdesk.ui.item_model import ID_ROLE, EditRefused
from pmdesk.ui.screen import available_area, popup_place
from pmdesk.ui.session import DocumentSession

Today = Callable[[], date]
FACTOR_LINES = 3
Index = QModelIndex | QPersistentModelIndex


class OwnerDelegate(QStyledItemDelegate):
    """A line editor that completes the attendees' names."""

    def __init__(self, names: QStringListModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.names = names

    def createEditor(  # Qt override
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setPlaceholderText("One person's name")
        completer = QCompleter(self.names, editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        editor.setCompleter(completer)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # Qt override
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(  # Qt override
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class DeadlineEdit(QLineEdit):
    """A deadline typed as YYYY-MM-DD, or picked from the calendar its button (or Alt+Down)
    opens. The text is read only when the cell is left: nothing typed is changed on the way,
    so an impossible date ("2026-02-31") is refused with a reason rather than made into
    another day."""

    picked = Signal()  # a day was chosen in the calendar

    def __init__(self, parent: QWidget, today: Today) -> None:
        super().__init__(parent)
        self.today = today
        self.setFrame(False)
        self.setPlaceholderText("YYYY-MM-DD")
        self.setToolTip("Type the deadline as YYYY-MM-DD, or press Alt+Down for a calendar")
        icon = QIcon(f"{theme.icons_folder(theme.current())}/chevron-down.svg")
        self.calendar_action = self.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip("Pick the deadline from a calendar (Alt+Down)")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.calendar: QCalendarWidget | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        """The calendar under the box (above it when there is no room below), on the typed day
        (or today), as a popup."""
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self._pick)
            self.calendar.activated.connect(self._pick)
            QShortcut(QKeySequence(Qt.Key.Key_Escape), self.calendar, self.calendar.hide)
        try:
            shown = parse_deadline(self.text()) or self.today()
        except EditRefused:
            shown = self.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.adjustSize()
        anchor = QRect(self.mapToGlobal(QPoint(0, 0)), self.size())
        self.calendar.move(popup_place(anchor, self.calendar.size(), available_area(self)))
        self.calendar.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _pick(self, day: QDate) -> None:
        self.setText(day.toString("yyyy-MM-dd"))
        if self.calendar is not None:
            self.calendar.hide()
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.picked.emit()


def deadline_editor_width(metrics: QFontMetrics) -> int:
    """How wide the deadline editor must be for a whole date and its calendar button."""
    return metrics.horizontalAdvance("2026-04-30 ") + metrics.height() * 2 + 12


class DeadlineDelegate(QStyledItemDelegate):
    """The deadline editor. A date the model refuses keeps the editor open on Enter or Tab, its
    text as typed, with the reason under the table; leaving the cell otherwise keeps the old
    deadline and the reason quotes what was typed."""

    def __init__(self, today: Today, parent: QWidget) -> None:
        super().__init__(parent)
        self.today = today

    def createEditor(  # Qt override
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = DeadlineEdit(parent, self.today)
        editor.picked.connect(lambda: self._commit(editor))
        return editor

    def _commit(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def updateEditorGeometry(  # Qt override
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        """The editor in its cell: the table makes the column deadline_editor_width wide, so
        the whole date and the calendar button fit. Only a column a person narrowed by hand is
        overflowed, to the left, so the date can still be read while typed."""
        rect = QRect(option.rect)  # type: ignore[attr-defined]
        needed = deadline_editor_width(editor.fontMetrics())
        if rect.width() < needed:
            rect.setLeft(rect.right() - needed + 1)
        editor.setGeometry(rect)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # Qt override
        if isinstance(editor, DeadlineEdit):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.setText(value.isoformat() if isinstance(value, date) else "")
            editor.selectAll()

    def setModelData(  # Qt override
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        if isinstance(editor, DeadlineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # Qt override
        if (
            isinstance(editor, DeadlineEdit)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in _LEAVING_KEYS
        ):
            try:
                parse_deadline(editor.text())
            except EditRefused:
                self.commitData.emit(editor)  # refused: the panel says why
                return True  # and the text stays, to be put right
        return super().eventFilter(editor, event)


_LEAVING_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class StatusDelegate(QStyledItemDelegate):
    """Choosing Dropped asks why (after the editor has closed, never inside it)."""

    def __init__(self, table: QWidget, drop_item: Callable[[str], None]) -> None:
        super().__init__(table)
        self.drop_item = drop_item

    def createEditor(  # Qt override
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        combo = QComboBox(parent)
        for member in ActionStatus:
            combo.addItem(member.label, member)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # Qt override
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(  # Qt override
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        if not isinstance(editor, QComboBox):
            return
        status = ActionStatus(editor.currentData())  # Qt returns a plain str
        if status == ActionStatus.DROPPED and index.data(Qt.ItemDataRole.EditRole) != status:
            item_id = index.data(ID_ROLE)
            QTimer.singleShot(0, self, lambda: self.drop_item(item_id))
            return
        model.setData(index, status, Qt.ItemDataRole.EditRole)


class FactorDelegate(QStyledItemDelegate):
    """The contributing factor an item answers, chosen from the document's factors.

    The cell is a reference (its tooltip has the whole factor): it wraps to FACTOR_LINES lines at
    most, the last cut short with "…". In its narrow column a factor took five, and five such
    rows did not fit the panel at 1280 x 720.
    """

    def __init__(self, table: QWidget, session: DocumentSession) -> None:
        super().__init__(table)
        self.session = session

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # Qt override
        size = super().sizeHint(option, index)
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        shown.text = "\n".join("0" * FACTOR_LINES)
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        most = style.sizeFromContents(
            QStyle.ContentsType.CT_ItemViewItem, shown, QSize(), widget
        ).height()
        size.setHeight(min(size.height(), most))
        return size

    def createEditor(  # Qt override
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(NO_FACTOR_TEXT, "")
        doc = self.session.doc
        for factor in doc.pm.factors if doc is not None else []:
            combo.addItem(factor_title(factor), factor.id)
            combo.setItemData(combo.count() - 1, factor.text, Qt.ItemDataRole.ToolTipRole)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # Qt override
        if isinstance(editor, QComboBox):
            value = index.data(Qt.ItemDataRole.EditRole) or ""
            editor.setCurrentIndex(max(0, editor.findData(value)))

    def setModelData(  # Qt override
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or None, Qt.ItemDataRole.EditRole)
