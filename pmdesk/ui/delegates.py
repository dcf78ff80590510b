"""Reusable item delegates for the table models."""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

Index = QModelIndex | QPersistentModelIndex


class EnumComboDelegate(QStyledItemDelegate):
    """Edits an enum-valued cell with a combo box of the members' labels."""

    def __init__(self, enum: type[Enum], parent: QWidget, *, tooltip: str = "") -> None:
        super().__init__(parent)
        self.enum = enum
        self.tooltip = tooltip

    def createEditor(  # Qt override
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        combo = QComboBox(parent)
        for member in self.enum:
            combo.addItem(getattr(member, "label", str(member.value)), member)
        if self.tooltip:
            combo.setToolTip(self.tooltip)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # Qt override
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(  # Qt override
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        assert isinstance(editor, QComboBox)
        # Qt hands a str-based enum back as a plain str: give the model the member.
        value: Any = self.enum(editor.currentData())
        model.setData(index, value, Qt.ItemDataRole.EditRole)
