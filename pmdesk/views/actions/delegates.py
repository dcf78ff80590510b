"""The Action items table's cell editors: an owner completed from the attendees, a deadline
with a calendar, a status that asks why when an item is dropped, and the factor an item answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from pmdesk.model import ActionStatus
from pmdesk.ui.action_model import NO_FACTOR_TEXT, factor_title
from pmdesk.ui.item_model import ID_ROLE
from pmdesk.ui.session import DocumentSession

Today = Callable[[], date]
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


class DeadlineDelegate(QStyledItemDelegate):
    """A date with a calendar popup. An item with no deadline gets one only if a date is picked."""

    def __init__(self, today: Today, parent: QWidget) -> None:
        super().__init__(parent)
        self.today = today

    def createEditor(  # Qt override
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("yyyy-MM-dd")
        editor.setProperty("touched", False)
        editor.dateChanged.connect(lambda _d: editor.setProperty("touched", True))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # Qt override
        if not isinstance(editor, QDateEdit):
            return
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.blockSignals(True)
        day = value if isinstance(value, date) else self.today()
        editor.setDate(QDate(day.year, day.month, day.day))
        editor.blockSignals(False)
        editor.setProperty("touched", False)

    def setModelData(  # Qt override
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        if not isinstance(editor, QDateEdit):
            return
        had = index.data(Qt.ItemDataRole.EditRole)
        if had is None and not editor.property("touched"):
            return  # opened and closed without picking: still no deadline
        model.setData(index, editor.date().toPython(), Qt.ItemDataRole.EditRole)


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
    """The contributing factor an item answers, chosen from the document's factors."""

    def __init__(self, table: QWidget, session: DocumentSession) -> None:
        super().__init__(table)
        self.session = session

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
