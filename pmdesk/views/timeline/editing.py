"""The timeline's editing commands: add, duplicate, copy, delete and mark events.

Each is one undo step through the session and acts on the panel's selection; the panel owns the
table and the actions that call these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pmdesk.model import Marker
from pmdesk.operations import markers
from pmdesk.operations import timeline as timeline_ops
from pmdesk.operations.edit import Refused

if TYPE_CHECKING:
    from pmdesk.views.timeline.host import TimelineHost


def _events(count: int) -> str:
    return f"{count} event{'s' if count != 1 else ''}"


class TimelineEdits:
    """The commands behind the panel's buttons and shortcuts."""

    def __init__(self, panel: TimelineHost) -> None:
        self.panel = panel
        self.session = panel.session

    def set_marker(self, marker: Marker | None) -> None:
        """Mark the selected event (one undo step); the durations follow. A marker names one
        moment: on several events it is refused with the reason, and one another event
        carries moves from there."""
        rows = self.panel.selected_rows()
        doc = self.session.doc
        if doc is None or not rows:
            return
        self.session.flush_edits()
        ids = [self.panel.model.event_at(row).id for row in rows]
        before = markers.marked(doc, marker) if marker is not None else []
        try:
            edit = markers.mark_moment(doc, ids, marker)
        except Refused as exc:
            self.panel.show_notice(f"No marker was set: {exc}.")
            self.panel.statusMessage.emit(f"No marker was set: {exc}")
            return
        self.session.apply(edit)
        moved = [e for e in before if e.id not in ids]
        if moved and edit:
            fmt = self.panel.model.format
            was = " ".join(moved[0].text.split())[:40]
            self.panel.statusMessage.emit(f"{edit.label}: moved from {fmt.show(moved[0].at)} {was}")
        else:
            self.panel.statusMessage.emit(f"{edit.label}: {_events(len(ids))}")

    def add_event(self) -> None:
        doc = self.session.doc
        if doc is None:
            return
        self.session.flush_edits()
        edit = timeline_ops.add_blank_event(doc, self.panel.current_event(), self.panel.clock())
        self.session.apply(edit)
        self.panel.select_events([event.id for event in timeline_ops.added(edit)])
        self.panel.table.setFocus()
        self.panel.table.edit(self.panel.table.currentIndex())

    def add_after_edit(self) -> None:
        # After Ctrl+Enter in a cell: once the edit is committed, add the next row.
        QTimer.singleShot(
            0, self.panel.table, lambda: None if self.panel.refused else self.panel.add_event()
        )

    def duplicate_selected(self) -> None:
        rows = self.panel.selected_rows()
        doc = self.session.doc
        if doc is None or not rows:
            return
        self.session.flush_edits()
        ids = [self.panel.model.event_at(row).id for row in rows]
        edit = timeline_ops.duplicate_events(doc, ids)
        self.session.apply(edit)
        self.panel.select_events([copy.id for copy in timeline_ops.added(edit)])
        self.panel.statusMessage.emit(f"{edit.label}: the copies are selected")

    def copy_selected(self) -> None:
        """Selected events as "14:32 text" lines, which paste back and read well in a chat."""
        rows = self.panel.selected_rows()
        if not rows:
            return
        fmt = self.panel.model.format
        lines = [f"{fmt.show(e.at)} {e.text}" for e in map(self.panel.model.event_at, rows)]
        QApplication.clipboard().setText("\n".join(lines))
        self.panel.statusMessage.emit(f"Copied {_events(len(lines))}")

    def delete_selected(self) -> None:
        rows = self.panel.selected_rows()
        doc = self.session.doc
        if doc is None or not rows:
            return
        self.session.flush_edits()
        ids = [self.panel.model.event_at(row).id for row in rows]
        edit = timeline_ops.remove_events(doc, ids)
        self.session.apply(edit)
        label = edit.label
        remaining = self.panel.model.rowCount()
        if remaining:
            row = min(rows[0], remaining - 1)
            self.panel.select_events(
                [self.panel.model.event_at(row).id], self.panel.table.currentIndex().column()
            )
        self.panel.statusMessage.emit(
            f"{label}. Undo brings {'it' if len(ids) == 1 else 'them'} back."
        )
