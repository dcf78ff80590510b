"""How long each phase of the incident took, measured between the events' markers only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pmdesk.durations import compute_durations
from pmdesk.model import TimelineEvent
from pmdesk.timeline.times import time_display
from pmdesk.ui.timeline_model import TimeFormat


class DurationsStrip(QWidget):
    """Time to detect / acknowledge / mitigate / resolve and the total, from the markers only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.tiles: list[tuple[QLabel, QLabel]] = []
        for _ in range(5):
            tile = QFrame()
            tile.setObjectName("card")
            tile_layout = QVBoxLayout(tile)
            tile_layout.setContentsMargins(10, 6, 10, 6)
            tile_layout.setSpacing(0)
            title = QLabel()
            title.setObjectName("hint")
            title.setWordWrap(True)  # lets the strip narrow with the window
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            tile_layout.addWidget(title)
            tile_layout.addWidget(value)
            tile_layout.addStretch(1)
            layout.addWidget(tile, 1)
            self.tiles.append((title, value))
        self.refresh([], TimeFormat(time_display([]), None, None))

    def refresh(self, events: list[TimelineEvent], fmt: TimeFormat) -> None:
        for (title, value), measure in zip(self.tiles, compute_durations(events), strict=True):
            title.setText(measure.label)
            value.setText(measure.text)
            value.setObjectName("sectionTitle" if measure.value is not None else "hint")
            value.setProperty("missing", measure.value is None)
            value.style().unpolish(value)
            value.style().polish(value)
            tip = ""
            if measure.start is not None and measure.end is not None:
                tip = f"From {fmt.show(measure.start)} to {fmt.show(measure.end)}"
            elif measure.value is None:
                tip = "Mark events in the Marker column; durations are never guessed"
            value.setToolTip(tip)
            title.setToolTip(tip)

    def texts(self) -> list[str]:
        """What each tile says, for a quick look in tests and the share window."""
        return [f"{title.text()}: {value.text()}" for title, value in self.tiles]
