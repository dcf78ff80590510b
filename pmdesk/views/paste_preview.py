"""The paste preview: what pasted lines will become, and every line that could not be read.

Nothing is added before the facilitator has seen it, and no line disappears without a mention:
lines that did not become events are listed with the reason, and can be copied back to fix them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pmdesk.timeline.paste import PasteResult
from pmdesk.ui.screen import fit_to_screen

Index = QModelIndex | QPersistentModelIndex
# Up to this many unread lines, each reason shows whole (wrapped); a paste of thousands of bad
# lines keeps one line each, so the dialog opens at once.
WRAPPED_PROBLEMS = 200


class _RowsModel(QAbstractTableModel):
    """Read-only rows of strings, built once for the dialog's lifetime."""

    def __init__(
        self, headers: list[str], rows: Sequence[Sequence[str]], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # Qt override
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        return None

    def headerData(  # Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def _table(model: _RowsModel, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    # Measured once, on the first rows: a paste of thousands of lines opens at once.
    header.setResizeContentsPrecision(200)
    view.ensurePolished()
    view.resizeColumnsToContents()
    for column in range(model.columnCount()):
        header.resizeSection(column, min(header.sectionSize(column), 360))  # long lines elide
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class PastePreviewDialog(QDialog):
    """Shows the events a paste will add and the lines it could not read; OK adds the events."""

    def __init__(
        self,
        result: PasteResult,
        show_time: Callable[[datetime], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paste = result
        self.setWindowTitle("Paste events")
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        events, problems = len(result.events), len(result.problems)

        self.summary = QLabel(self._summary_text(events, problems))
        self.summary.setObjectName("sectionTitle")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        rows = [(show_time(e.at), e.text, e.source) for e in result.events]
        self.events_model = _RowsModel(["Time", "What happened", "Source"], rows, self)
        self.events_view = _table(self.events_model, stretch=1)
        self.events_view.setAccessibleName("Events to add")
        layout.addWidget(self.events_view, 3)

        them, those = ("it", "that event") if problems == 1 else ("them", "those events")
        self.problems_title = QLabel(
            f"{problems} line{'s' if problems != 1 else ''} could not be read and will not be "
            f"added. Fix {them} and paste {them} again, or add {those} by hand."
        )
        self.problems_title.setWordWrap(True)
        self.problems_title.setProperty("check", "warn")
        problem_rows = [(str(p.line), p.text, p.reason) for p in result.problems]
        self.problems_model = _RowsModel(["Line", "Text", "Why"], problem_rows, self)
        self.problems_view = _table(self.problems_model, stretch=2)
        self.problems_view.setAccessibleName("Lines that could not be read")
        if problems <= WRAPPED_PROBLEMS:
            # The reason says what to fix and where: whole, on as many lines as it takes,
            # rather than cut short with "…" and left to a tooltip.
            self.problems_view.setWordWrap(True)
            self.problems_view.verticalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents
            )
        self.copy_button = QPushButton("&Copy these lines")
        self.copy_button.setToolTip(
            "Copy the unread lines to the clipboard, to fix and paste again"
        )
        self.copy_button.clicked.connect(self.copy_problem_lines)
        problems_head = QHBoxLayout()
        problems_head.addWidget(self.problems_title, 1)
        problems_head.addWidget(self.copy_button)
        layout.addLayout(problems_head)
        layout.addWidget(self.problems_view, 2)
        for widget in (self.problems_title, self.problems_view, self.copy_button):
            widget.setVisible(problems > 0)
        self.events_view.setVisible(events > 0)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Add {events} event{'s' if events != 1 else ''}")
        ok.setEnabled(events > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # On the screen whole, its buttons in sight: at 150% on 720 px it went below the screen.
        fit_to_screen(self, parent)

    @staticmethod
    def _summary_text(events: int, problems: int) -> str:
        if events == 0:
            return (
                "None of the pasted lines could be read as an event. Each line needs a time at "
                "its start, such as '14:32 Deploy started' or '[14:32:05] alert fired'."
            )
        text = f"{events} event{'s' if events != 1 else ''} will be added to the timeline"
        if problems:
            text += f"; {problems} line{'s' if problems != 1 else ''} could not be read"
        return text + "."

    def copy_problem_lines(self) -> None:
        QApplication.clipboard().setText("\n".join(p.text for p in self.paste.problems))
