"""Round robin: everyone heard, not only the loudest. Under the phase guidance, the attendees of
the current phase's round in turn, ticked as they speak; F12 ticks the next one from anywhere."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.document import Change, Document
from pmdesk.operations import facilitation as ops
from pmdesk.operations.edit import Refused
from pmdesk.ui.facilitation_models import RoundRobinModel
from pmdesk.ui.session import DocumentSession
from pmdesk.views.timer_bar import TimerBar


class RoundRobinBox(QFrame):
    def __init__(
        self, session: DocumentSession, timer_bar: TimerBar, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("roundRobin")
        self.session = session
        self.timer_bar = timer_bar
        self.title = QLabel("<b>Round robin</b>")
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.model = RoundRobinModel(session, self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Round robin")
        self.start_button = QPushButton("Go round the room")
        self.start_button.setToolTip("Ask each attendee in turn during this phase")
        self.start_button.clicked.connect(self.start)
        self.next_button = QPushButton("Next has spoken")
        self.next_button.clicked.connect(self.mark_next)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("No round robin in this phase")
        self.stop_button.clicked.connect(self.stop)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.view)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        timer_bar.phaseChanged.connect(lambda _index: self.refresh())
        session.documentOpened.connect(self._on_opened)
        session.changed.connect(self._on_change)
        self.refresh()

    def set_next_key(self, key: str) -> None:
        self.next_button.setToolTip(f"Tick the next person in turn ({key})")

    def phase(self) -> str:
        timer = self.timer_bar.timer
        return timer.phase.phase if timer is not None and self.session.doc is not None else ""

    def _on_opened(self, _doc: Document | None) -> None:
        self.refresh()

    def _on_change(self, change: Change) -> None:
        if change.action == "fields" and "facilitation" in change.fields:
            self.refresh()

    def refresh(self) -> None:
        self.model.set_phase(self.phase())
        robin = self.model.robin
        has_doc = self.session.doc is not None
        self.setVisible(has_doc)
        self.view.setVisible(robin is not None)
        self.start_button.setVisible(robin is None)
        self.next_button.setVisible(robin is not None)
        self.stop_button.setVisible(robin is not None)
        if robin is None:
            self.hint.setText("Optional: ask each attendee in turn, so the quiet ones are heard.")
        else:
            upcoming = robin.next_to_speak()
            done = len(robin.spoken)
            self.hint.setText(
                f"{done} of {len(robin.order)} have spoken; next: {self.model.name(upcoming)}"
                if upcoming
                else f"All {len(robin.order)} have spoken."
            )
            self.next_button.setEnabled(upcoming is not None)
        if robin is not None and robin.order:
            row = max(self.view.sizeHintForRow(0), self.fontMetrics().height() + 4)
            self.view.setFixedHeight(min(len(robin.order), 8) * row + 2 * self.view.frameWidth())

    def start(self) -> None:
        doc = self.session.doc
        if doc is None:
            return
        try:
            self.session.apply(ops.start_round_robin(doc, self.phase()))
        except Refused as exc:
            self.hint.setText(str(exc))

    def stop(self) -> None:
        doc = self.session.doc
        if doc is not None:
            self.session.apply(ops.stop_round_robin(doc, self.phase()))

    def mark_next(self) -> str:
        """Tick the next person; returns a line for the status bar."""
        doc = self.session.doc
        if doc is None:
            return ""
        phase = self.phase()
        robin = ops.current_round(doc, phase)
        if robin is None:
            return "No round robin in this phase: start one under the guidance (Go round the room)."
        person = robin.next_to_speak()
        try:
            edit, after = ops.mark_next_spoken(doc, phase)
        except Refused as exc:
            return str(exc)
        self.session.apply(edit)
        said = f"{self.model.name(person)} has spoken"
        return f"{said}; next: {self.model.name(after)}" if after else f"{said}; everyone has now."
