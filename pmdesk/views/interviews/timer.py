"""An interview's own timer: elapsed against planned, started and paused with a button or a key.

The reading comes from pmdesk.interviews with the clock passed in; starting and pausing are
undoable edits of the interview (so a restart finds the timer where it was). While it runs, a
one-second tick repaints the label and changes nothing in the document.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from pmdesk.interviews import interview_by_id, overrun, timer_text
from pmdesk.meeting.timer import Clock, utc_now
from pmdesk.model import Interview
from pmdesk.operations.interviews import reset_timer, start_timer, stop_timer
from pmdesk.ui.session import DocumentSession
from pmdesk.ui.widgets import restyle


class InterviewTimer(QWidget):
    def __init__(
        self, session: DocumentSession, clock: Clock = utc_now, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.interview_id: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.reading = QLabel("00:00 of 30 min")
        self.reading.setObjectName("interviewClock")
        self.reading.setAccessibleName("Interview time, elapsed of planned")
        self.start_button = QPushButton("&Start timer")
        self.start_button.setObjectName("primary")
        self.start_button.setToolTip("Start or pause this interview's timer (Alt+S)")
        self.reset_button = QPushButton("Reset to &zero")
        self.reset_button.setToolTip("Set this interview's timer back to zero (Alt+Z)")
        layout.addWidget(self.reading)
        layout.addStretch(1)
        layout.addWidget(self.start_button)
        layout.addWidget(self.reset_button)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self.refresh)
        self.start_button.clicked.connect(self.toggle)
        self.reset_button.clicked.connect(self.reset)

    def _interview(self) -> Interview | None:
        doc = self.session.doc
        return interview_by_id(doc.pm, self.interview_id) if doc is not None else None

    def show_interview(self, interview_id: str | None) -> None:
        self.interview_id = interview_id
        self.refresh()

    def refresh(self) -> None:
        interview = self._interview()
        self.setEnabled(interview is not None)
        if interview is None:
            self.tick.stop()
            return
        now = self.clock()
        self.reading.setText(timer_text(interview, now))
        state = "over" if overrun(interview, now) else ""
        if self.reading.property("state") != state:
            self.reading.setProperty("state", state)
            restyle(self.reading)
        running = interview.running_since is not None
        self.start_button.setText("Pau&se timer" if running else "&Start timer")
        if running and not self.tick.isActive():
            self.tick.start()
        elif not running:
            self.tick.stop()

    def toggle(self) -> None:
        interview, doc = self._interview(), self.session.doc
        if interview is None or doc is None:
            return
        now = self.clock()
        if interview.running_since is None:
            self.session.apply(start_timer(doc, interview.id, now))
        else:
            self.session.apply(stop_timer(doc, interview.id, now))
        self.refresh()

    def reset(self) -> None:
        interview, doc = self._interview(), self.session.doc
        if interview is not None and doc is not None:
            self.session.apply(reset_timer(doc, interview.id))
            self.refresh()
