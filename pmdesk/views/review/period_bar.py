"""The review's range: a quarter picked from the recent ones, or any two dates.

Picking a quarter fills in the dates; editing a date shows "Custom range" (or the quarter the
dates happen to make). `changed` fires at once for a preset and a moment after the last date
edit, so typing a date reads the database once, not at every digit.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from pmdesk.review import Period, PeriodError, recent_quarters

CUSTOM = "Custom range"
# How long after the last date edit the range counts as chosen.
SETTLE_MS = 250


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class PeriodBar(QWidget):
    changed = Signal()

    def __init__(self, today: date, chosen: Period, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.setAccessibleName("Period")
        # Qt cannot compare Python objects stored in a combo box: the presets are kept here.
        self.presets = recent_quarters(today)
        for period in self.presets:
            name = f"{period.start.year} Q{(period.start.month - 1) // 3 + 1}"
            self.combo.addItem(name + (" (so far)" if today <= period.end else ""))
        self.combo.addItem(CUSTOM)
        self.combo.activated.connect(self._on_preset)
        label = QLabel("&Period")
        label.setBuddy(self.combo)
        self.from_edit = self._date_edit("From the first day of the range")
        self.to_edit = self._date_edit("To the last day of the range (included)")
        from_label = QLabel("&From")
        from_label.setBuddy(self.from_edit)
        to_label = QLabel("&to")
        to_label.setBuddy(self.to_edit)
        for widget in (label, self.combo, from_label, self.from_edit, to_label, self.to_edit):
            row.addWidget(widget)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.changed)
        self.show_period(chosen)

    def _date_edit(self, tip: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setToolTip(tip)
        edit.setAccessibleName(tip)
        edit.dateChanged.connect(self._on_date_edited)
        return edit

    def period(self) -> Period:
        """The range shown; PeriodError when it ends before it starts."""
        return Period(_day(self.from_edit.date()), _day(self.to_edit.date()))

    def show_period(self, period: Period) -> None:
        """Show `period` (its preset when it is one) without announcing a change."""
        self.combo.setCurrentIndex(self._preset_index(period))
        for edit, day in ((self.from_edit, period.start), (self.to_edit, period.end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def settled(self) -> None:
        """The pending date edit is taken as it stands (a reload is under way)."""
        self._settle.stop()

    def _preset_index(self, period: Period | None) -> int:
        if period in self.presets:
            return self.presets.index(period)
        return len(self.presets)

    def _on_preset(self, index: int) -> None:
        if index < len(self.presets):
            self.show_period(self.presets[index])
            self._settle.stop()
            self.changed.emit()

    def _on_date_edited(self, _value: QDate) -> None:
        try:
            period: Period | None = self.period()
        except PeriodError:
            period = None
        self.combo.setCurrentIndex(self._preset_index(period))
        self._settle.start()
