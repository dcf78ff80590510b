"""The timeline's editing commands: add, duplicate, copy, delete and mark events.

Each is one undo step through the session and acts on the panel's selection; the panel owns the
table and the actions that call these.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pmdesk.model import Marker, TimelineEvent, new_id

if TYPE_CHECKING:
    from pmdesk.views.timeline.host import TimelineHost

ONE_MINUTE = timedelta(minutes=1)


class TimelineEdits:
    """The commands behind the panel's buttons and shortcuts."""

    def __init__(self, panel: TimelineHost) -> None:
        self.panel = panel
        self.session = panel.session

    def set_marker(self, marker: Marker | None) -> None:
        """Mark the selected events (one undo step); the durations follow."""
        rows = self.panel.selected_rows()
        if self.session.doc is None or not rows:
            return
        self.session.flush_edits()
        ids = [self.panel.model.event_at(row).id for row in rows]
        name = marker.label if marker is not None else "no marker"
        label = f"Mark as {name.lower()}"
        stack = self.session.undo_stack
        stack.beginMacro(label)
        try:
            for event_id in ids:
                self.session.update_item(label, "timeline", event_id, marker=marker)
        finally:
            stack.endMacro()
        self.panel.statusMessage.emit(f"{label}: {len(ids)} event{'s' if len(ids) != 1 else ''}")

    def add_event(self) -> None:
        doc = self.session.doc
        if doc is None:
            return
        self.session.flush_edits()
        current = self.panel.current_event()
        if current is not None:
            at = current.at + ONE_MINUTE
        elif doc.pm.timeline:
            at = doc.pm.timeline[-1].at + ONE_MINUTE
        elif doc.pm.incident_date is not None:
            at = doc.pm.incident_date  # the first fact starts where the incident did
        else:
            at = self.panel.clock().replace(second=0, microsecond=0)
        event = TimelineEvent(at=at, text="", source="manual", seq=-1)
        self.session.insert_items("Add event", "timeline", [event])
        self.panel.select_events([event.id])
        self.panel.table.setFocus()
        self.panel.table.edit(self.panel.table.currentIndex())

    def add_after_edit(self) -> None:
        # After Ctrl+Enter in a cell: once the edit is committed, add the next row.
        QTimer.singleShot(0, lambda: None if self.panel.refused else self.panel.add_event())

    def duplicate_selected(self) -> None:
        rows = self.panel.selected_rows()
        if self.session.doc is None or not rows:
            return
        self.session.flush_edits()
        copies = [
            dataclasses.replace(self.panel.model.event_at(row), id=new_id(), seq=-1) for row in rows
        ]
        label = "Duplicate event" if len(copies) == 1 else f"Duplicate {len(copies)} events"
        self.session.insert_items(label, "timeline", copies)
        self.panel.select_events([c.id for c in copies])
        self.panel.statusMessage.emit(f"{label}: the copies are selected")

    def copy_selected(self) -> None:
        """Selected events as "14:32 text" lines, which paste back and read well in a chat."""
        rows = self.panel.selected_rows()
        if not rows:
            return
        fmt = self.panel.model.format
        lines = [f"{fmt.show(e.at)} {e.text}" for e in map(self.panel.model.event_at, rows)]
        QApplication.clipboard().setText("\n".join(lines))
        self.panel.statusMessage.emit(f"Copied {len(lines)} event{'s' if len(lines) != 1 else ''}")

    def delete_selected(self) -> None:
        rows = self.panel.selected_rows()
        if self.session.doc is None or not rows:
            return
        self.session.flush_edits()
        ids = [self.panel.model.event_at(row).id for row in rows]
        label = "Delete event" if len(ids) == 1 else f"Delete {len(ids)} events"
        self.session.remove_items(label, "timeline", ids)
        remaining = self.panel.model.rowCount()
        if remaining:
            row = min(rows[0], remaining - 1)
            self.panel.select_events(
                [self.panel.model.event_at(row).id], self.panel.table.currentIndex().column()
            )
        self.panel.statusMessage.emit(
            f"{label}. Undo brings {'it' if len(ids) == 1 else 'them'} back."
        )
