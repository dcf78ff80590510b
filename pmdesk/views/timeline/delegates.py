"""The timeline table's cell editors: keyboard first, and a refused edit comes back as typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QWidget,
)

from pmdesk.model import SOURCES, Marker
from pmdesk.ui.timeline_model import NO_MARKER_TEXT

if TYPE_CHECKING:
    from pmdesk.views.timeline.host import TimelineHost

_CTRL = Qt.KeyboardModifier.ControlModifier


class _Delegate(QStyledItemDelegate):
    """Common to every column: Ctrl+Enter commits the cell and asks for the next row."""

    addNextRequested = Signal()

    def __init__(self, panel: TimelineHost) -> None:
        super().__init__(panel.table)
        self.panel = panel

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # Qt override
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
            and event.modifiers() & _CTRL  # type: ignore[attr-defined]
            and isinstance(editor, QWidget)
        ):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.addNextRequested.emit()
            return True
        return super().eventFilter(editor, event)

    def start_text(self, index: QModelIndex) -> tuple[str, str | None]:
        """The editor's first text: what was refused last time, or the model's value."""
        refused = self.panel.refused_text(index)
        if refused is not None:
            return refused
        value = index.data(Qt.ItemDataRole.EditRole)
        return ("" if value is None else str(value)), None


class LineDelegate(_Delegate):
    """A one-line editor (time, text) that comes back with refused text still in it."""

    def __init__(self, panel: TimelineHost, placeholder: str = "") -> None:
        super().__init__(panel)
        self.placeholder = placeholder

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]  # Qt override
        editor = QLineEdit(parent)
        editor.setPlaceholderText(self.placeholder)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor, index):  # type: ignore[no-untyped-def]  # Qt override
        text, problem = self.start_text(index)
        editor.setText(text)
        editor.setProperty("invalid", problem is not None)
        editor.setToolTip(problem or self.placeholder)

    def setModelData(self, editor, model, index):  # type: ignore[no-untyped-def]  # Qt override
        if model.setData(index, editor.text(), Qt.ItemDataRole.EditRole):
            self.panel.clear_refusal()
            # A new time may have moved the row: keep it in sight.
            self.panel.table.scrollTo(self.panel.table.currentIndex())


class SourceDelegate(_Delegate):
    """The known sources in a list, and any other word typed in."""

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]  # Qt override
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(list(SOURCES))
        combo.setToolTip("Where the fact came from: pick one or type any word")
        return combo

    def setEditorData(self, editor, index):  # type: ignore[no-untyped-def]  # Qt override
        text, problem = self.start_text(index)
        editor.setCurrentText(text)
        editor.lineEdit().setProperty("invalid", problem is not None)

    def setModelData(self, editor, model, index):  # type: ignore[no-untyped-def]  # Qt override
        if model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole):
            self.panel.clear_refusal()


class MarkerDelegate(_Delegate):
    """None, or one of the milestones the durations are measured between."""

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]  # Qt override
        combo = QComboBox(parent)
        combo.addItem(f"{NO_MARKER_TEXT} none", "")
        for marker in Marker:
            combo.addItem(marker.label, marker.value)
        return combo

    def setEditorData(self, editor, index):  # type: ignore[no-untyped-def]  # Qt override
        marker = index.data(Qt.ItemDataRole.EditRole)  # a Marker arrives as its str value
        editor.setCurrentIndex(max(0, editor.findData(str(marker) if marker else "")))

    def setModelData(self, editor, model, index):  # type: ignore[no-untyped-def]  # Qt override
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
