"""The "move on" cue: a wide band across the share window that tells the room, kindly and plainly,
that the discussion moves on; it clears by itself after a few seconds.

A facilitator raises it with a key when a thread stalls, instead of interrupting someone mid-
sentence; the band names the parking lot, so an open point is kept rather than cut off.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

CUE_TEXT = "Let's move on: what is still open goes to the parking lot for the close."
# Long enough to be read across a video call, short enough not to hang over the next topic.
CUE_SECONDS = 8


class MoveOnCue(QLabel):
    """Hidden until raised; raised again, it stays its full time from then."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shareCue")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAccessibleName("Move-on cue")
        self.hide()
        self._clear = QTimer(self)
        self._clear.setSingleShot(True)
        self._clear.timeout.connect(self.lower_cue)

    @property
    def raised(self) -> bool:
        return self._clear.isActive()

    def raise_cue(self, text: str = CUE_TEXT, seconds: float = CUE_SECONDS) -> None:
        self.setText(text)
        self.show()
        self._clear.start(int(seconds * 1000))

    def lower_cue(self) -> None:
        self._clear.stop()
        self.hide()
        self.clear()
