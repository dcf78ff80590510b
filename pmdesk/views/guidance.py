"""What to say and ask in the current phase, shown next to the timer; the record at the close.

The facilitator reads this from the screen while people talk, so it follows the timer bar (never a
copy of its own) and can be folded away when the room knows the drill. The texts live in
pmdesk.meeting; here they are only escaped and laid out.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.meeting import Guidance, TimerReading, meeting_record, phase_name, total_line
from pmdesk.model import PhaseRecord
from pmdesk.ui import settings
from pmdesk.ui.widgets import WrappedLabel, viewport_width
from pmdesk.views.timer_bar import TimerBar

# The phase whose guidance ends with the meeting record (planned against actual).
RECORD_PHASE = "close"


def _esc(text: str) -> str:
    """What html.escape(text, quote=False) does, without loading its entity tables at start-up."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def guidance_html(guidance: Guidance) -> str:
    """Rich text for a QLabel: the lead in bold, then each heading with its bullets."""
    parts = [f"<p>{_esc(guidance.lead)}</p>"]
    for block in guidance.blocks:
        parts.append(
            f"<p style='margin-top:10px; margin-bottom:0'><b>{_esc(block.heading)}</b></p>"
        )
        items = "".join(f"<li>{_esc(item)}</li>" for item in block.items)
        parts.append(f"<ul style='margin-top:2px'>{items}</ul>")
    return "".join(parts)


def record_html(phases: list[PhaseRecord]) -> str:
    """Planned against actual for each phase, then the total: what the close phase restates."""
    outcomes = meeting_record(phases)
    items = "".join(
        f"<li>{'<b>' if o.over else ''}{_esc(o.describe())}{'</b>' if o.over else ''}</li>"
        for o in outcomes
    )
    return (
        "<p style='margin-top:10px; margin-bottom:0'><b>Meeting record</b></p>"
        f"<ul style='margin-top:2px'>{items}</ul>"
        f"<p>{_esc(total_line(outcomes))}</p>"
    )


class _FitToText(QScrollArea):
    """Asks for the full height of its wrapped text; scrolls only when the window is shorter."""

    def sizeHint(self) -> QSize:  # Qt override
        hint = super().sizeHint()
        inner = self.widget()
        if inner is not None:
            height = inner.heightForWidth(max(viewport_width(self), 200))
            if height > 0:
                hint.setHeight(height + 2 * self.frameWidth())
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # a new width wraps the text to a new height


class GuidancePanel(QFrame):
    """The current phase's guidance, collapsible; its open/closed state is remembered."""

    def __init__(self, timer_bar: TimerBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guidancePanel")
        self.timer_bar = timer_bar

        self.toggle = QToolButton(self)
        self.toggle.setObjectName("guidanceToggle")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toggle.setAccessibleName("Phase guidance")
        self.toggle.setToolTip("Show or hide what to say and ask in this phase")

        self.text = WrappedLabel(self)
        self.text.setObjectName("guidanceText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName("Guidance for this phase")

        # Named before it joins the panel: its scroll bars are styled by that name once placed
        # (made inside a styled window, they would keep the style they took before the name).
        self.body = _FitToText()
        self.body.setObjectName("guidanceScroll")
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.setWidget(self.text)
        # A Tab stop only while there is text out of sight: the arrow and page keys scroll it
        # then, under a ring in the accent colour (the style sheet); text that fits offers the
        # keyboard nothing, and Tab goes from the fold button on to what follows the pane.
        self.body.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.body.verticalScrollBar().rangeChanged.connect(self._on_scroll_range)

        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body, 1)
        self._tail = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self._title = ""
        self._shown_phase = -1  # the phase index whose guidance is shown (-1: none)
        # Checked before it is connected: restoring the remembered state does not write it back.
        self.toggle.setChecked(settings.GUIDANCE_VISIBLE.get())
        self.toggle.toggled.connect(self._on_toggled)
        self._apply_expanded(self.toggle.isChecked())
        timer_bar.phaseChanged.connect(lambda _index: self.refresh())
        timer_bar.refreshed.connect(self._on_reading)
        self.refresh()

    def _on_scroll_range(self, _least: int, most: int) -> None:
        scrolls = most > 0
        self.body.setFocusPolicy(Qt.FocusPolicy.TabFocus if scrolls else Qt.FocusPolicy.NoFocus)

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setChecked(expanded)

    def _on_toggled(self, expanded: bool) -> None:
        settings.GUIDANCE_VISIBLE.set(expanded)
        self._apply_expanded(expanded)

    def _apply_expanded(self, expanded: bool) -> None:
        self.body.setVisible(expanded)
        self._place_tail()
        self._set_title(self._title)

    def _place_tail(self) -> None:
        """Folded, the pane keeps its full height (a shorter one would shrink the panels beside
        it in the same splitter, and the window centred them) and what is left of it sits at the
        top: an empty stretch after the last thing in it takes the room the text had."""
        self._layout.removeItem(self._tail)
        if not self.expanded:
            self._layout.addItem(self._tail)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        self._place_tail()  # after what was added below the text since
        super().showEvent(event)

    def _set_title(self, title: str) -> None:
        self._title = title
        action = "hide" if self.expanded else "show"
        # The phase name alone: "Guidance: Walk the timeline" does not fit a narrow pane.
        text = title or "Guidance"
        self.toggle.setText(("▾ " if self.expanded else "▸ ") + text)
        self.toggle.setToolTip(f"Guidance for this phase: press to {action} it")
        self.toggle.setAccessibleDescription(f"Press to {action} the guidance")

    def _on_reading(self, reading: TimerReading | None) -> None:
        # Only the close phase changes while a phase runs (its record counts the minutes); a
        # reading of another phase than the one shown (however the bar got there) is followed.
        if (
            reading is None
            or reading.phase_key == RECORD_PHASE
            or reading.index != self._shown_phase
        ):
            self.refresh()

    def refresh(self) -> None:
        timer = self.timer_bar.timer
        self._shown_phase = timer.index if timer is not None else -1
        if timer is None:
            self._set_title("")
            html = "<p>Open a postmortem to see what to say and ask in each phase.</p>"
        else:
            info = timer.phase_info
            self._set_title(timer.phase_name)
            if info is None:
                key = timer.phase.phase
                html = f"<p>There is no guidance for the phase “{_esc(phase_name(key))}”.</p>"
            else:
                html = guidance_html(info.guidance)
            if timer.phase.phase == RECORD_PHASE:
                phases = timer.phases
                phases[timer.index].actual_seconds = timer.elapsed_seconds()
                html += record_html(phases)
        if self.text.text() != html:
            self.text.setText(html)
            self.body.updateGeometry()
