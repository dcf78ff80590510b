"""The column-mapping step of a CSV import: which column holds the time, the text, the source.

The proposal comes from the header names (guess_mapping); the facilitator confirms or corrects
it. Nothing is read into the timeline until the required columns are chosen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from pmdesk.model import SOURCES
from pmdesk.timeline.reading import ImportFailed
from pmdesk.timeline.spreadsheet import DAY_FIRST, MONTH_FIRST, CsvMapping, csv_date_order

_NOT_USED = "(none)"


class CsvMappingDialog(QDialog):
    """Combos for the time, text, source (and optional date and marker) columns of a CSV file."""

    def __init__(
        self,
        path: Path | str,
        header: list[str],
        proposal: CsvMapping,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.header = header
        self.path = Path(path)
        # Read from the file for each choice of time/date column: (has 10/03/2026 dates, order).
        self._orders: dict[tuple[str, str | None], tuple[bool, str | None]] = {}
        self.setWindowTitle("Import timeline: choose the columns")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>{_escape(Path(path).name)}</b> has the columns {_escape(', '.join(header))}. "
            "Say which one holds what; other columns are ignored."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.time_combo = self._combo(proposal.time, optional=False)
        self.text_combo = self._combo(proposal.text, optional=False)
        self.source_combo = self._combo(proposal.source, optional=True)
        self.date_combo = self._combo(proposal.date, optional=True)
        self.marker_combo = self._combo(proposal.marker, optional=True)
        self.default_source_combo = QComboBox()
        self.default_source_combo.setEditable(True)
        self.default_source_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.default_source_combo.addItems(list(SOURCES))
        self.default_source_combo.setCurrentText(proposal.default_source)
        form.addRow("&Time (required)", self.time_combo)
        form.addRow("&What happened (required)", self.text_combo)
        form.addRow("&Source", self.source_combo)
        form.addRow("Source when &empty", self.default_source_combo)
        form.addRow("Separate &date column", self.date_combo)
        form.addRow("&Marker", self.marker_combo)
        self.date_order_combo = QComboBox()
        self.date_order_combo.addItem("(choose how dates are written)", None)
        self.date_order_combo.addItem("Day first: 31/12/2026", DAY_FIRST)
        self.date_order_combo.addItem("Month first: 12/31/2026", MONTH_FIRST)
        self.date_order_combo.setCurrentIndex(
            max(0, self.date_order_combo.findData(proposal.date_order))
        )
        self.date_order_note = QLabel()
        self.date_order_note.setWordWrap(True)
        form.addRow("Dates &order", self.date_order_combo)
        form.addRow("", self.date_order_note)
        self._date_order_rows = (self.date_order_combo, self.date_order_note)
        self._form = form
        layout.addLayout(form)

        self.problem = QLabel()
        self.problem.setObjectName("hint")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for combo in (
            self.time_combo,
            self.text_combo,
            self.source_combo,
            self.date_combo,
            self.marker_combo,
            self.date_order_combo,
        ):
            combo.currentIndexChanged.connect(self._check)
        self.time_combo.currentIndexChanged.connect(self._read_date_order)
        self.date_combo.currentIndexChanged.connect(self._read_date_order)
        self._read_date_order()

    def _date_order_in_file(self) -> tuple[bool, str | None]:
        mapping = self.mapping()
        key = (mapping.time, mapping.date)
        if key not in self._orders:
            try:
                self._orders[key] = csv_date_order(self.path, mapping)
            except ImportFailed:
                self._orders[key] = (False, None)  # the import itself will say what is wrong
        return self._orders[key]

    def _read_date_order(self) -> None:
        """Show the date order the file settles, or ask for it when nothing settles it."""
        numeric, order = self._date_order_in_file() if self.mapping().time else (False, None)
        for widget in self._date_order_rows:
            # The whole row, its label too: "Dates order" was left alone with nothing beside it.
            self._form.setRowVisible(widget, numeric)
        if order is not None:
            self.date_order_combo.setCurrentIndex(self.date_order_combo.findData(order))
            example = "a first number above 12" if order == DAY_FIRST else "a second above 12"
            self.date_order_note.setText(f"Read from the file ({example}).")
        elif numeric:
            self.date_order_note.setText(
                "Nothing in the file tells whether 03/04 is 3 April or March 4: choose."
            )
        self._check()

    def _combo(self, chosen: str | None, *, optional: bool) -> QComboBox:
        combo = QComboBox()
        combo.addItem("(choose a column)" if not optional else _NOT_USED, None)
        for name in self.header:
            combo.addItem(name or "(unnamed column)", name)
        if chosen:
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
        return combo

    def mapping(self) -> CsvMapping:
        return CsvMapping(
            time=self.time_combo.currentData() or "",
            text=self.text_combo.currentData() or "",
            source=self.source_combo.currentData(),
            marker=self.marker_combo.currentData(),
            date=self.date_combo.currentData(),
            default_source=self.default_source_combo.currentText().strip() or "manual",
            date_order=self.date_order_combo.currentData(),
        )

    def _check(self) -> None:
        mapping = self.mapping()
        chosen = [c for c in (mapping.time, mapping.text, mapping.source, mapping.date) if c]
        chosen += [mapping.marker] if mapping.marker else []
        if not mapping.complete:
            problem = "Choose the columns that hold the time and what happened."
        elif len(set(chosen)) != len(chosen):
            problem = "Each column can be used for one thing only."
        elif self.date_order_combo.isVisibleTo(self) and mapping.date_order is None:
            problem = "Choose whether the dates are written day first or month first."
        else:
            problem = ""
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
