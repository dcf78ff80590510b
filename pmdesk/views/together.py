"""Working together in the main window: others' saves come in, the conflict view, and who else
has the postmortem open (a line in the status bar)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QVBoxLayout, QWidget

from pmdesk.ui.live import LiveLink
from pmdesk.views.conflicts import ConflictView

if TYPE_CHECKING:
    from pmdesk.views.main_window import MainWindow


def install(window: MainWindow) -> LiveLink:
    """Add the conflict view above the panels, the presence line, and live refresh."""
    session = window.session
    live = LiveLink(session, parent=window)
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
    session.add_before_take_in(commit_open_cell_editor)
    session.closing.connect(live.stop)
    window.presence_label = presence
    return live


def commit_open_cell_editor() -> None:
    """A table cell being edited: its text becomes the user's own edit (the editor stays open),
    so others' saved changes merge with it, and a change to the same cell is a conflict."""
    widget: QWidget | None = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, QAbstractItemView):
        widget = widget.parentWidget()
    if widget is None or widget.state() != QAbstractItemView.State.EditingState:
        return
    index = widget.currentIndex()
    editor = widget.indexWidget(index)
    delegate = widget.itemDelegateForIndex(index)
    if editor is not None and delegate is not None:
        delegate.commitData.emit(editor)
