"""Room for the meeting on a small screen: the library folds away while a postmortem is open.

At 1280 px the library, the panel and the guidance cannot all be wide enough: the action table's
seven columns or the timeline's three questions would need a sideways scroll. During a review
the facilitator works in one postmortem, so on a window narrower than WIDE the library folds
away when one opens; View > Library brings it back, and then it stays.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence

# Windows at least this wide keep the library beside the panels.
WIDE = 1440


class LibraryFold(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.library = window.library
        self.kept_open = False  # the facilitator asked for the library: leave it
        self.action = QAction("&Library", window)
        self.action.setCheckable(True)
        self.action.setChecked(True)
        self.action.setShortcuts([QKeySequence("Ctrl+Shift+L")])
        self.action.setStatusTip("Show or fold away the list of postmortems")
        self.action.triggered.connect(self._on_triggered)
        window.addAction(self.action)
        window.view_menu.insertAction(
            window.view_menu.actions()[0] if window.view_menu.actions() else None, self.action
        )
        window.session.documentOpened.connect(self._on_opened)
        window.installEventFilter(self)
        self._on_opened(window.session.doc)

    def _on_triggered(self, checked: bool) -> None:
        self.kept_open = checked
        self.set_shown(checked)

    def bring_back(self) -> None:
        """The facilitator went to the library (Ctrl+F): show it, and leave it shown."""
        self.kept_open = True
        self.set_shown(True)

    def set_shown(self, shown: bool) -> None:
        self.library.setVisible(shown)
        self.action.setChecked(shown)

    def _on_opened(self, doc: object) -> None:
        if doc is None:
            self.set_shown(True)  # the welcome page starts from the library
        elif not self.kept_open and self.window.width() < WIDE:
            self.set_shown(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.window and event.type() == QEvent.Type.Close:
            # The saved layout keeps the library's width for the next start.
            self.library.setVisible(True)
        return False
