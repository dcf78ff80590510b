"""How long each phase of the incident took, measured between the events' markers only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pmdesk.durations import Measure, compute_durations
from pmdesk.model import TimelineEvent
from pmdesk.timeline.times import time_display
from pmdesk.ui.timeline_model import TimeFormat
from pmdesk.ui.widgets import restyle

UNMARKED_TIP = "Mark events in the Marker column; durations are never guessed"


class DurationsStrip(QWidget):
    """Time to detect / acknowledge / mitigate / resolve and the total, from the markers only.

    A missing or contradictory marker shows in a few words ("⚠ Before trigger"), the whole
    sentence in the tooltip: the tile keeps the height of a duration at 100% (a line more at
    150%). The sentence wrapped over four lines and pushed the timeline down at 1280 x 720.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.tiles: list[tuple[QLabel, QLabel]] = []
        self.measures: list[Measure] = []
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
            # A few words: one line at 100%, two in the narrow tiles at 150%.
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            tile_layout.addWidget(title)
            tile_layout.addWidget(value)
            tile_layout.addStretch(1)
            layout.addWidget(tile, 1)
            self.tiles.append((title, value))
        self.refresh([], TimeFormat(time_display([]), None, None))

    def refresh(self, events: list[TimelineEvent], fmt: TimeFormat) -> None:
        self.measures = list(compute_durations(events))
        for (title, value), measure in zip(self.tiles, self.measures, strict=True):
            title.setText(measure.label)
            value.setText(("⚠ " if measure.out_of_order else "") + measure.short_text)
            value.setObjectName("sectionTitle" if measure.value is not None else "hint")
            value.setProperty("check", "warn" if measure.out_of_order else None)
            restyle(value)
            tip = ""
            if measure.start is not None and measure.end is not None:
                tip = f"From {fmt.show(measure.start)} to {fmt.show(measure.end)}"
            elif measure.out_of_order:
                tip = f"{measure.missing}."
            elif measure.value is None:
                tip = f"{measure.missing}. {UNMARKED_TIP}."
            value.setToolTip(tip)
            title.setToolTip(tip)

    def texts(self) -> list[str]:
        """What each tile means in full (the tile shows the short form, the tooltip this)."""
        return [f"{m.label}: {m.text}" for m in self.measures]

    def shown(self) -> list[str]:
        """What each tile's value says on the screen."""
        return [value.text() for _title, value in self.tiles]
