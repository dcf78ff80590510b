"""Working together in the main window: others' saves come in, the conflict view, and who else
has the postmortem open (a line in the status bar)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from pmdesk.ui.live import LiveLink
from pmdesk.ui.session import DocumentSession
from pmdesk.views.conflicts import ConflictView


class Together(NamedTuple):
    live: LiveLink
    conflict_view: ConflictView
    presence_label: QLabel


def install(
    window: QMainWindow,
    session: DocumentSession,
    editor: QWidget,
    refresh_lists: Callable[[], None],
) -> Together:
    """Add the conflict view at the top of the editor page (under its first widget), the presence
    line in the status bar, and live refresh (`refresh_lists` when anyone saved anything)."""
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
    session.notice.connect(lambda line: window.statusBar().showMessage(line, 10000))
    view = ConflictView(session, editor)  # made where it shows: no restyle when placed
    layout = editor.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(1, view)  # under the timer bar, above the panels
    live.databaseChanged.connect(refresh_lists)
    session.add_before_take_in(commit_open_cell_editor)
    session.closing.connect(live.stop)
    return Together(live, view, presence)


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


def say_conflicts_kept(window: QWidget, session: DocumentSession) -> None:
    """Closing with conflicts not settled: keep them with the postmortem and say so plainly.

    The window closes either way; nothing is asked, as nothing is lost.
    """
    doc = session.doc
    count = len(session.conflicts())
    if doc is None or not count:
        return
    title = doc.pm.title or "Untitled postmortem"
    some = "1 conflict" if count == 1 else f"{count} conflicts"
    if session.keep_conflicts():
        text = (
            f"{some} on “{title}” not settled yet. Both texts are kept: the conflict view shows "
            "them again when you open this postmortem."
        )
    else:
        text = (
            f"{some} on “{title}” not settled, and the database could not keep them "
            "(the status bar says why). The other person's text is in the database; yours "
            "was not saved."
        )
    from PySide6.QtWidgets import QMessageBox  # its enum tables are not needed at start-up

    QMessageBox.information(window, "Conflicts kept", text)
