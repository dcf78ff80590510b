"""The timeline as a table model: times shown the way the facilitator reads them, edits undoable.

Times are shown in one zone for the whole table (the first event's), with the date only when the
events span several days and seconds only when some event has them. Those choices need a look at
every event, so they are computed once per change that can affect them and the formatted strings
are cached per event: `data()` stays a dictionary lookup even with 10,000 rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont

from pmdesk.document import Change, Document
from pmdesk.durations import relative_label
from pmdesk.model import Marker, TimelineEvent
from pmdesk.operations.timeline import edit_event
from pmdesk.timeline.times import TimeDisplay, TimeParseError, format_time, parse_time, time_display
from pmdesk.ui.item_model import Column, EditRefused, Index, ItemTableModel
from pmdesk.ui.session import DocumentSession

# A bare clock time typed more than this much earlier than the event above it means the next day
# (the same rule as for pasted logs that cross midnight).
_ROLLOVER = timedelta(hours=12)
_DAY = timedelta(days=1)
NO_MARKER_TEXT = "—"
EMPTY_TEXT = "(nothing written yet)"
# Before the text of an event left out of the redacted edition: words, not only a colour, so it
# reads on a shared screen and in any theme.
RESTRICTED_MARK = "Restricted ·"
RESTRICTED_TIP = (
    "Restricted: the redacted edition leaves this event out and says so in one line. "
    "Right-click > Restricted in the redacted edition puts it back."
)


@dataclass(frozen=True)
class TimeFormat:
    """How every time in the table is shown: which zone, with a date, with seconds."""

    display: TimeDisplay
    zone: tzinfo | None
    first: datetime | None

    def show(self, at: datetime) -> str:
        return format_time(
            at,
            with_date=self.display.with_date,
            with_seconds=self.display.with_seconds,
            tz=self.zone,
        )

    def edit_text(self, at: datetime) -> str:
        """What the editor starts with: enough that pressing Enter changes nothing."""
        local = at.astimezone(self.zone) if self.zone is not None else at
        return format_time(
            local,
            with_date=self.display.with_date,
            with_seconds=self.display.with_seconds or local.second != 0,
        )

    def full(self, at: datetime) -> str:
        local = at.astimezone(self.zone) if self.zone is not None else at
        return format_time(local, with_date=True, with_seconds=True) + f" {local.tzname() or ''}"

    @property
    def zone_name(self) -> str:
        if self.first is None:
            return ""
        local = self.first.astimezone(self.zone) if self.zone is not None else self.first
        return local.tzname() or ""


def time_format_of(events: list[TimelineEvent]) -> TimeFormat:
    """The table's time format for these events (in time order)."""
    if not events:
        return TimeFormat(TimeDisplay(False, False), None, None)
    zone = events[0].at.tzinfo
    return TimeFormat(time_display(events, zone), zone, events[0].at)


def marker_from(value: Any) -> Marker | None:
    """A marker from a combo's data or typed text; raises EditRefused with the accepted names."""
    if value is None or isinstance(value, Marker):
        return value
    text = str(value).strip().casefold()
    if text in ("", "none", NO_MARKER_TEXT):
        return None
    for marker in Marker:
        if text in (marker.value, marker.label.casefold()):
            return marker
    names = ", ".join(m.value for m in Marker)
    raise EditRefused(f"'{value}' is not a marker; choose none or one of: {names}")


class TimelineModel(ItemTableModel):
    TIME, RELATIVE, TEXT, SOURCE, MARKER, ADDED_BY = range(6)

    def __init__(self, session: DocumentSession, parent: Any = None) -> None:
        self.format = TimeFormat(TimeDisplay(False, False), None, None)
        self._time_cache: dict[str, str] = {}
        self._relative_cache: dict[str, str] = {}
        columns = [
            Column(
                "Time",
                self._time_text,
                edit=lambda e: self.format.edit_text(e.at),
                parse=self._parse_time,
                tooltip=lambda e: self.format.full(e.at),
                label="Change time",
            ),
            Column(
                "Since start",
                self._relative_text,
                tooltip=lambda e: "Hours:minutes since the first event",
            ),
            Column(
                "What happened",
                lambda e: e.text or EMPTY_TEXT,
                edit=lambda e: e.text,
                parse=lambda e, v: {"text": str(v).strip()},
                tooltip=lambda e: e.text or None,
                label="Edit event text",
            ),
            Column(
                "Source",
                lambda e: e.source,
                parse=self._parse_source,
                label="Change source",
            ),
            Column(
                "Marker",
                lambda e: e.marker.label if e.marker is not None else NO_MARKER_TEXT,
                edit=lambda e: e.marker,
                parse=lambda e, v: {"marker": marker_from(v)},
                tooltip=lambda e: (
                    "Durations above the table are measured between marked events"
                    if e.marker is not None
                    else None
                ),
                label="Change marker",
            ),
            Column(
                "Added by",
                lambda e: e.added_by,
                parse=lambda e, v: {"added_by": " ".join(str(v).split())},
                tooltip=lambda e: (
                    f"{e.added_by} told this fact in a returned contribution sheet"
                    if e.added_by
                    else None
                ),
                label="Change who added it",
            ),
        ]
        super().__init__(session, "timeline", columns, edit_event, parent)

    # -- reading -----------------------------------------------------------------------------
    def _time_text(self, event: TimelineEvent) -> str:
        text = self._time_cache.get(event.id)
        if text is None:
            text = self._time_cache[event.id] = self.format.show(event.at)
        return text

    def _relative_text(self, event: TimelineEvent) -> str:
        text = self._relative_cache.get(event.id)
        if text is None:
            first = self.format.first
            text = relative_label(event.at, first) if first is not None else ""
            self._relative_cache[event.id] = text
        return text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # Qt override
        if role == Qt.ItemDataRole.FontRole and index.isValid():
            column = index.column()
            if column in (self.MARKER, self.TEXT) and 0 <= index.row() < len(self._ids):
                item = self.item(index.row())
                if column == self.MARKER and item.marker is not None:
                    font = QFont()
                    font.setBold(True)
                    return font
                if column == self.TEXT and not item.text:
                    font = QFont()
                    font.setItalic(True)
                    return font
            return None
        if (
            role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
            and index.isValid()
            and index.column() == self.TEXT
            and 0 <= index.row() < len(self._ids)
            and self.is_restricted(self._ids[index.row()])
        ):
            text = self.item(index.row()).text
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{RESTRICTED_TIP}\n\n{text}" if text else RESTRICTED_TIP
            return f"{RESTRICTED_MARK} {text or EMPTY_TEXT}"
        return super().data(index, role)

    def is_restricted(self, event_id: str) -> bool:
        """Left out of the redacted edition (the event's text stays here as written)."""
        return self._doc is not None and f"timeline:{event_id}" in self._doc.pm.redaction.restricted

    def event_at(self, row: int) -> TimelineEvent:
        event: TimelineEvent = self.item(row)
        return event

    # -- editing -----------------------------------------------------------------------------
    def previous_time(self, event: TimelineEvent) -> datetime | None:
        """The time of the row above, in the table's zone (typed times are read against it)."""
        row = self.row_of(event.id)
        if row <= 0:
            return None
        above = self.event_at(row - 1).at
        return above.astimezone(self.format.zone) if self.format.zone is not None else above

    def read_time(self, event: TimelineEvent, text: str) -> datetime:
        """Read a typed time for `event`; raises TimeParseError with a message for the user."""
        previous = self.previous_time(event)
        if previous is None:
            # The first row: a bare time keeps the event's own date and the table's zone.
            own = event.at.astimezone(self.format.zone) if self.format.zone else event.at
            return parse_time(text, day=own.date(), tz=own.tzinfo)
        at = parse_time(text, previous=previous)
        # A bare clock time far before the row above, with its date taken from that row (it
        # moves when the row above does): the next day.
        if (
            not text.strip().startswith(("+", "-"))
            and at < previous - _ROLLOVER
            and parse_time(text, previous=previous - _DAY) != at
        ):
            at += _DAY
        return at

    def _parse_time(self, event: TimelineEvent, value: Any) -> dict[str, Any]:
        text = str(value)
        if text.strip() == self.format.edit_text(event.at):
            return {}  # unchanged (keeps sub-second precision that the table does not show)
        try:
            return {"at": self.read_time(event, text)}
        except TimeParseError as exc:
            raise EditRefused(str(exc)) from None

    @staticmethod
    def _parse_source(event: TimelineEvent, value: Any) -> dict[str, Any]:
        source = " ".join(str(value).split())
        if not source:
            raise EditRefused(
                "Say where this fact came from: monitoring, alert, deploy, chat, ticket, "
                "manual, or any word"
            )
        return {"source": source}

    # -- following the document --------------------------------------------------------------
    def _reload(self, doc: Document | None) -> None:
        self._time_cache.clear()
        self._relative_cache.clear()
        self.format = time_format_of(doc.pm.timeline if doc is not None else [])
        super()._reload(doc)

    def _on_change(self, change: Change) -> None:
        if change.action == "fields" and "redaction" in change.fields and self._ids:
            last = len(self._ids) - 1
            self.dataChanged.emit(self.index(0, self.TEXT), self.index(last, self.TEXT))
        if change.collection != self.collection:
            return
        times_moved = change.action != "update" or "at" in change.fields
        for item_id in change.ids:
            self._time_cache.pop(item_id, None)
            self._relative_cache.pop(item_id, None)
        super()._on_change(change)
        if not times_moved:
            return
        new_format = time_format_of(self.items)
        if new_format == self.format:
            return
        self.format = new_format
        self._time_cache.clear()
        self._relative_cache.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, self.TIME), self.index(len(self._ids) - 1, self.RELATIVE)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.TIME, self.RELATIVE)

    def rows_of(self, event_ids: list[str]) -> list[int]:
        """The rows showing these events, ascending (one pass, for thousands of ids)."""
        wanted = set(event_ids)
        return [row for row, item_id in enumerate(self._ids) if item_id in wanted]

    def index_of_event(self, event_id: str, column: int = 0) -> QModelIndex:
        row = self.row_of(event_id)
        return self.index(row, column) if row >= 0 else QModelIndex()
