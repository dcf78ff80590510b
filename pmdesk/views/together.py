"""Working together in the main window: others' saves come in, the conflict view, and who else
has the postmortem open (a line in the status bar)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout

from pmdesk.ui import settings
from pmdesk.ui.live import LiveLink
from pmdesk.views.conflicts import ConflictView

if TYPE_CHECKING:
    from pmdesk.views.main_window import MainWindow


def install(window: MainWindow) -> LiveLink:
    """Add the conflict view above the panels, the presence line, and live refresh."""
    session = window.session
    live = LiveLink(session, settings.DISPLAY_NAME.get(), window)
    presence = QLabel("")
    presence.setObjectName("presenceLine")
    presence.setAccessibleName("Who else has this postmortem open")
    window.statusBar().insertPermanentWidget(0, presence)
    presence.setVisible(False)

    def show_presence(line: str) -> None:
        presence.setText(line)
        presence.setVisible(bool(line))

    live.presenceChanged.connect(show_presence)
    if window.editor is not None:
        view = ConflictView(session)
        layout = window.editor.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, view)  # under the timer bar, above the panels
        window.conflict_view = view

    def refresh_lists() -> None:
        window.reload_library()
        tracker = getattr(window, "tracker", None)
        if tracker is not None and tracker.isVisible():
            tracker.reload()

    live.databaseChanged.connect(refresh_lists)
    session.closing.connect(live.stop)
    window.presence_label = presence
    return live
