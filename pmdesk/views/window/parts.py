"""What the main window's parts share: the panel keys, and what each part may use of the window."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

# Panel keys in Ctrl+1 ... Ctrl+7 order.
PANELS = ("overview", "timeline", "notes", "factors", "actions", "close", "interviews")
PANEL_TITLES = {
    "overview": "&Overview",
    "timeline": "&Timeline",
    "notes": "&Notes",
    "factors": "&Contributing factors",
    "actions": "&Action items",
    "close": "Close",
    "interviews": "&Interviews",
}

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QWidget

    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.library import LibraryPane
    from pmdesk.views.meeting_layout import LibraryFold

    class WindowParts(QMainWindow):
        """The window as its parts see it: what `MainWindow` builds in its constructor."""

        session: DocumentSession
        library: LibraryPane
        library_fold: LibraryFold | None
        save_label: QLabel
        panels: Mapping[str, QWidget]
        file_menu: QMenu
        edit_menu: QMenu
        meeting_menu: QMenu
        view_menu: QMenu
        help_menu: QMenu
        redacted_action: QAction
        interview_notes_action: QAction
        _actions_built: bool
        _lost_notices: int
        _open_database: Callable[[], None] | None
        _new_database: Callable[[], None] | None

        def _build_panels(self) -> None: ...

        def show_panel(self, key: str) -> None: ...

        def settle_redacted_default(self) -> None: ...

else:
    # At run time the parts are plain mixins; MainWindow brings the QMainWindow.
    WindowParts = object
