"""The "move on" cue: a wide band across the share window that tells the room, kindly and plainly,
that the discussion moves on; it clears by itself after a few seconds.

A facilitator raises it with a key when a thread stalls, instead of interrupting someone mid-
sentence; the band names the parking lot, so an open point is kept rather than cut off.

The band lies over the top of the page, below the clock, rather than taking a place in the
window's layout: nothing on the shared screen moves while it shows, and on a small screen (a
1280x720 laptop at 150%) the clock and the phase keep their whole height.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

CUE_TEXT = "Let's move on: what is still open goes to the parking lot for the close."
# Long enough to be read across a video call, short enough not to hang over the next topic.
CUE_SECONDS = 8


class MoveOnCue(QLabel):
    """Hidden until raised; raised again, it stays its full time from then.

    A child of the page area it covers, placed across its top whenever it shows or the area
    changes size.
    """

    def __init__(self, over: QWidget) -> None:
        super().__init__(over)
        self._over = over
        over.installEventFilter(self)
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
        self._place()
        self.show()
        self.raise_()
        self._clear.start(int(seconds * 1000))

    def lower_cue(self) -> None:
        self._clear.stop()
        self.hide()
        self.clear()

    def _place(self) -> None:
        width = self._over.width()
        height = min(self.heightForWidth(width), self._over.height())
        self.setGeometry(QRect(0, 0, width, max(height, self.minimumSizeHint().height())))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self._over and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
