"""The share window's timeline page: the events around the one under discussion, that event in
full with what the room said about it, and the measured durations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pmdesk.model import TimelineEvent
from pmdesk.ui.session import DocumentSession
from pmdesk.views.share.tables import ShareProxy, ShareTable, WholeRows
from pmdesk.views.share.text import durations_line
from pmdesk.views.share.widgets import label, scroll, set_margins, set_spacing, set_text
from pmdesk.views.share_guard import HIDDEN_TEXT, Key

ANSWERS = (
    ("seen", "What was seen"),
    ("believed", "What people thought was happening"),
    ("done_next", "What was done next"),
)


class TimelinePage(QWidget):
    def __init__(
        self,
        session: DocumentSession,
        timeline_panel: Any,
        hidden: set[Key],
        changed: Callable[[], None],
        space: Callable[[], QSize],
    ) -> None:
        """changed: ask the window for a refresh of this page; space: the size pages get."""
        from pmdesk.ui.timeline_model import TimelineModel

        super().__init__()
        self.session = session
        self.timeline_panel = timeline_panel
        self.hidden = hidden
        self._changed = changed
        self._space = space
        self._has_events = False
        self._with_event = False  # an event under discussion (the card shows it)
        layout = QVBoxLayout(self)
        set_margins(layout, 28, 14, 28, 14)
        set_spacing(layout, 8)
        self.timeline_model = TimelineModel(session, self)
        self.timeline_proxy = self._build_proxy()
        self.timeline_table = ShareTable("shareTimeline", wrap=False)
        self.timeline_table.setAccessibleName("Timeline")
        self.timeline_table.setModel(self.timeline_proxy)
        self.timeline_table.set_columns(
            TimelineModel.TEXT,
            {TimelineModel.TIME: "▶ 00:00", TimelineModel.MARKER: "Acknowledgement"},
        )
        self.timeline_model.modelReset.connect(self._refit)
        self.timeline_model.layoutChanged.connect(self._on_model_change)
        self.timeline_model.rowsInserted.connect(self._on_model_change)
        self.timeline_model.rowsRemoved.connect(self._on_model_change)
        self.timeline_empty = label("shareMuted", "The timeline has no events yet.")
        self.durations_label = label("shareMuted")
        self.durations_label.setAccessibleName("Durations")
        self.event_card = self._build_event_card()
        layout.addWidget(self.timeline_empty)
        self.timeline_rows = WholeRows(self.timeline_table)
        layout.addWidget(self.timeline_rows, 1)
        layout.addWidget(self.durations_label)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.event_card)
        self.event_scroll = scroll(holder, fit=True)
        layout.addWidget(self.event_scroll)

    def _build_proxy(self) -> ShareProxy:
        """The timeline panel's model as the room sees it: time, text and marker."""
        from pmdesk.ui.timeline_model import NO_MARKER_TEXT, TimelineModel

        def cell(column: int, value: Any) -> Any:
            return "" if column == TimelineModel.MARKER and value == NO_MARKER_TEXT else value

        def current(column: int, value: Any) -> Any:
            # An arrow as well as the colour: the row stands out in any theme, and in grey.
            return f"▶ {value}" if column == TimelineModel.TIME else value

        def is_hidden(row: int, column: int) -> bool:
            if column != TimelineModel.TEXT or not self.hidden:
                return False
            return ("timeline", self.timeline_model.event_at(row).id, "text", -1) in self.hidden

        return ShareProxy(
            self.timeline_model,
            [TimelineModel.TIME, TimelineModel.TEXT, TimelineModel.MARKER],
            self,
            cell=cell,
            current_cell=current,
            hidden=is_hidden,
        )

    def _build_event_card(self) -> QFrame:
        """The event under discussion, in full, with what the room said about it."""
        card = QFrame()
        card.setObjectName("shareCard")
        card.setProperty("current", "true")
        grid = QGridLayout(card)
        set_margins(grid, 18, 10, 18, 12)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(2)
        self.event_time = label("shareEventTime", wrap=False)
        self.event_text = label("shareEventText")
        self.event_text.setAccessibleName("Event being discussed")
        head = QHBoxLayout()
        set_spacing(head, 16)
        head.addWidget(self.event_time, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.event_text, 1)
        grid.addLayout(head, 0, 0, 1, 3)
        # What the room said, one answer under the other across the card's full width: a long
        # answer wraps onto more lines of the width instead of a narrow column's many lines.
        self.answer_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for field, caption in ANSWERS:
            title = label("shareMuted", caption)
            answer = label("shareText")
            answer.setAccessibleName(caption)
            answer.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.answer_labels[field] = (title, answer)
        self._grid = grid
        self.inline_answers = True  # so that the next line places them
        self._place_answers(inline=False)
        return card

    def _place_answers(self, *, inline: bool) -> None:
        """Each answer under its caption, or beside it where the page is short: three lines
        fewer, so the timeline's rows stay in sight with the event whole."""
        if inline == self.inline_answers:
            return
        self.inline_answers = inline
        grid = self._grid
        for number, (title, answer) in enumerate(self.answer_labels.values()):
            grid.removeWidget(title)
            grid.removeWidget(answer)
            if inline:
                grid.addWidget(title, 1 + number, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(answer, 1 + number, 1, 1, 2)
            else:
                grid.addWidget(title, 1 + 2 * number, 0, 1, 3)
                grid.addWidget(answer, 2 + 2 * number, 0, 1, 3)
        grid.setColumnStretch(0, 0 if inline else 1)
        grid.setColumnStretch(1, 1 if inline else 0)

    def _on_model_change(self, *_args: object) -> None:
        self._changed()

    def _refit(self) -> None:
        self.timeline_table.fit()
        self._changed()

    def current_event(self) -> TimelineEvent | None:
        """The event selected in the timeline panel, if any."""
        doc = self.session.doc
        panel = self.timeline_panel
        if doc is None or panel is None:
            return None
        event_id = panel.current_event_id() if hasattr(panel, "current_event_id") else None
        if event_id is None:
            return None
        try:
            event: TimelineEvent = doc.find("timeline", event_id)
        except KeyError:
            return None
        return event

    def refresh(self) -> None:
        doc = self.session.doc
        events = doc.pm.timeline if doc is not None else []
        self.timeline_empty.setVisible(not events)
        self._has_events = bool(events)
        set_text(self.durations_label, durations_line(events))

        event = self.current_event()
        row = self.timeline_model.row_of(event.id) if event is not None else -1
        self.timeline_proxy.set_current_row(row)
        self.timeline_table.center_row(row)
        if event is None:
            set_text(self.event_time, "")
            set_text(
                self.event_text,
                "Select an event in the timeline to discuss it here." if events else "",
            )
            for title, answer in self.answer_labels.values():
                title.hide()
                answer.hide()
            self._settle_space(with_event=False)
            return
        fmt = self.timeline_model.format
        marker = f"   {event.marker.label}" if event.marker is not None else ""
        set_text(self.event_time, f"{fmt.show(event.at)}{marker}")
        hidden = self.hidden
        shown = HIDDEN_TEXT if ("timeline", event.id, "text", -1) in hidden else event.text
        set_text(self.event_text, shown or "(no text yet)")
        for field, (title, answer) in self.answer_labels.items():
            text = str(getattr(event, field)).strip()
            if ("timeline", event.id, field, -1) in hidden:
                text = ""
            set_text(answer, text)
            title.setVisible(bool(text))
            answer.setVisible(bool(text))
        self._settle_space(with_event=True)

    def least_height(self) -> int:
        """The event under discussion whole with two rows of the timeline around it: a shorter
        page calls for the short header (ShareWindow)."""
        if not self._has_events:
            return 0
        card = self._card_heights()[1] if self._with_event else 0
        return self._margins() + card + self._table_height()

    def _card_heights(self) -> tuple[int, int]:
        """The event's card with its answers under their captions, and beside them."""
        inline = self.inline_answers
        width = max(self.event_scroll.viewport().width(), 200)
        frame = 2 * self.event_scroll.frameWidth()
        heights = []
        for arrangement in (False, True):
            self._place_answers(inline=arrangement)
            # Asked of the card itself: its layout works the height out again at once.
            heights.append(self.event_card.heightForWidth(width) + frame)
        self._place_answers(inline=inline)
        return heights[0], heights[1]

    def _margins(self) -> int:
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        return margins.top() + margins.bottom() + 3 * layout.spacing()

    def _table_height(self) -> int:
        """The table's head and two rows."""
        rows = self.timeline_table.verticalHeader().defaultSectionSize()
        return self.timeline_table.horizontalHeader().sizeHint().height() + 2 * rows + 4

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        if event.size().height() != event.oldSize().height():
            self._changed()  # the card and the rows share the new height

    def _settle_space(self, *, with_event: bool) -> None:
        """The event under discussion is shown whole first; the timeline's rows and the durations
        line get what it leaves, and step aside when a large zoom leaves too little."""
        self.event_scroll.updateGeometry()
        self._with_event = with_event
        events = self._has_events
        durations = bool(self.durations_label.text())
        space = self._space()
        available = space.height() - self._margins()
        table = self._table_height()
        line = self.durations_label.heightForWidth(max(200, space.width() - 56))
        full, inline = self._card_heights() if with_event else (0, 0)
        self._place_answers(inline=with_event and available - full < table)
        card = inline if self.inline_answers else full
        show_table = events and (not with_event or available - card >= table)
        show_durations = durations and (not with_event or available - card >= table + line)
        self.timeline_rows.setVisible(show_table)
        self.durations_label.setVisible(show_durations)
        taken = (table if show_table else 0) + (line if show_durations else 0)
        self.event_scroll.setMaximumHeight(max(120, available - taken))
