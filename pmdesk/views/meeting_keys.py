"""The meeting's keys: the commands a facilitator presses while talking, from any window.

A facilitator's cursor is nearly always in a text field (a note, a cell, a why), and the keys
that move a meeting on must work there as well as in the share window and the tracker. So every
meeting command is an application-wide shortcut, and its keys are ones no text editor on Linux,
macOS or Windows binds for itself: function keys, and Page Up/Down with two modifiers. Word
movement (Ctrl+Left/Right), line ends (Ctrl+E, Cmd+Up) and selection keys are left to the
editors. F5 starts and pauses, as it starts a slide show; F7/F8 step back and on through the
phases, and with Shift through the timeline's events.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

# Command: its keys, the first one the one shown on buttons and in tooltips.
MEETING_KEYS: dict[str, tuple[str, ...]] = {
    "start": ("F5",),
    "add_minute": ("F6",),
    "previous_phase": ("F7", "Ctrl+Shift+PgUp"),
    "next_phase": ("F8", "Ctrl+Shift+PgDown"),
    "previous_event": ("Shift+F7", "Ctrl+Alt+PgUp"),
    "next_event": ("Shift+F8", "Ctrl+Alt+PgDown"),
    "restart_phase": ("Ctrl+Shift+R",),
    "share_window": ("F9", "Ctrl+Shift+S"),
    "export_pdf": ("Ctrl+Shift+P",),
    "export_markdown": ("Ctrl+Shift+E",),
    "shortcuts": ("F1", "Ctrl+/"),
    # Keeping the meeting on track (pmdesk.views.meeting_aids).
    "park": ("F4",),
    "move_on": ("F10",),
    "next_speaker": ("F12",),
}


def meeting_shortcut(action: QAction, command: str) -> QAction:
    """Give `action` the command's keys, working in every pmdesk window and text field."""
    action.setShortcuts([QKeySequence(k) for k in MEETING_KEYS[command]])
    action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    return action


def key_text(command: str) -> str:
    """The command's first key as the platform writes it ("F8")."""
    return QKeySequence(MEETING_KEYS[command][0]).toString(QKeySequence.SequenceFormat.NativeText)


class TimelineWalk(QObject):
    """Previous / next event in the timeline walk: the table's current row, wherever the focus.

    The note editors under the table follow the current row, so the cursor can stay in "What did
    you see?" while the room moves from one event to the next.
    """

    def __init__(self, window: Any, menu: Any) -> None:
        super().__init__(window)
        self.window = window
        self.previous_action = meeting_shortcut(
            QAction("Previo&us event", window), "previous_event"
        )
        self.next_action = meeting_shortcut(QAction("Ne&xt event", window), "next_event")
        for action, step, command, tip in (
            (self.previous_action, -1, "previous_event", "Discuss the event before this one"),
            (self.next_action, 1, "next_event", "Discuss the next event of the timeline"),
        ):
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({key_text(command)})")
            action.setIconText("◀ Event" if step < 0 else "Event ▶")
            action.triggered.connect(lambda _checked=False, step=step: self.step(step))
            window.addAction(action)
        menu.addSeparator()
        menu.addAction(self.previous_action)
        menu.addAction(self.next_action)

    def actions(self) -> list[QAction]:
        return [self.previous_action, self.next_action]

    def step(self, by: int) -> str | None:
        """Move the discussion `by` events; returns the status line text (None: nothing open)."""
        panel = getattr(self.window, "panels", {}).get("timeline")
        if panel is None or self.window.session.doc is None:
            return None
        rows = panel.model.rowCount()
        if not rows:
            text = "The timeline has no events to walk through yet"
        else:
            current = panel.table.currentIndex()
            row = current.row() if current.isValid() else (-1 if by > 0 else rows)
            row = max(0, min(rows - 1, row + by))
            event = panel.model.event_at(row)
            column = current.column() if current.isValid() else 1
            panel.select_events([event.id], column)
            when = panel.model.format.show(event.at)
            text = f"Event {row + 1} of {rows}: {when} {event.text}".rstrip()
        show = getattr(self.window, "_show_status", None)
        if show is not None:
            show(text)
        return text


def install(window: Any) -> TimelineWalk:
    """The meeting's additions to the main window: the timeline walk (in the Meeting menu), the
    export keys, and the library folding away on a small screen. Called once, when the window
    builds its panels."""
    from pmdesk.views.meeting_layout import LibraryFold

    window.library_fold = LibraryFold(window)
    walk = TimelineWalk(window, window.meeting_menu)
    meeting_shortcut(window.export_actions["pdf"], "export_pdf")
    meeting_shortcut(window.export_actions["md"], "export_markdown")
    return walk
