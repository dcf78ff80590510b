"""Room for the meeting on a small screen: the library folds away while a postmortem is open.

At 1280 px the library, the panel and the guidance cannot all be wide enough: the action table's
seven columns or the timeline's three questions would need a sideways scroll. During a review
the facilitator works in one postmortem, so on a window narrower than WIDE the library folds
away when one opens; View > Library brings it back, and then it stays. Ctrl+K (or Ctrl+F) brings
it back for a look: Escape, or picking a postmortem, folds it away again and puts the cursor
back where it was, so a search in the middle of the meeting leaves the panels as they were.

On a smaller screen (a 1280 px laptop at 125% or 150% system scale is 1024 or 853 px wide to
Qt) the three do not fit side by side even at their least widths, and a window that tried would
run off the screen. There the library, asked for while a postmortem is open (Ctrl+K, View >
Library), takes the postmortem's place for as long as it is needed: picking a postmortem (the
open one too), Escape, or View > Library again gives the postmortem back. The timer keeps
running and its keys keep working meanwhile.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from pmdesk.ui.screen import available_area

# Windows at least this wide keep the library beside the panels.
WIDE = 1440
# A panel at least this wide shows every control and column without a sideways scroll.
PANEL_ROOM = 600
# Splitter handles and the window's frame, beside the three panes.
_EDGES = 16
BACK_HINT = "Pick a postmortem, or press Escape to go back to the one that is open"


class LibraryFold(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.library = window.library
        self.kept_open = False  # the facilitator asked for the library: leave it
        self.in_place = False  # the library shows where the postmortem was (a small screen)
        self.looking = False  # unfolded by Ctrl+K for a look: Escape or a pick folds it again
        self._focus: QWidget | None = None  # where the cursor was before the library came
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
        self.back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.library)
        self.back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.back.setEnabled(False)
        self.back.activated.connect(lambda: self.set_shown(False))
        window.session.documentOpened.connect(self._on_opened)
        # After the window's own handler: a postmortem picked in the list, even the open one.
        self.library.openRequested.connect(self._on_picked)
        window.installEventFilter(self)
        self._on_opened(window.session.doc)

    def room_for_all(self) -> bool:
        """Whether the screen holds the library, a panel and the guidance side by side."""
        guidance = getattr(self.window, "guidance", None)
        need: int = self.library.minimumWidth() + PANEL_ROOM + _EDGES
        if guidance is not None:
            need += int(guidance.minimumWidth())
        return available_area(self.window).width() >= need

    def _on_triggered(self, checked: bool) -> None:
        self.kept_open = checked
        self.looking = False  # asked for by name: it stays
        self.set_shown(checked)

    def bring_back(self) -> None:
        """The facilitator went to the library (Ctrl+K, Ctrl+F): show it. Folded away for the
        meeting, it comes for a look, and Escape or picking a postmortem folds it again."""
        if self.library.isHidden() and self.window.session.doc is not None:
            self.looking = True
            self._remember_focus()
            self.window.statusBar().showMessage(BACK_HINT, 10000)
        self.set_shown(True)

    def _remember_focus(self) -> None:
        focus = QApplication.focusWidget()
        self._focus = focus if self.window.stack.isAncestorOf(focus) else None

    def set_shown(self, shown: bool) -> None:
        in_place = shown and self.window.session.doc is not None and not self.room_for_all()
        given_back = (self.in_place and not in_place) or (self.looking and not shown)
        if in_place and not self.in_place and not self.looking:
            self._remember_focus()
        if not shown:
            self.looking = False
        self.back.setEnabled(in_place or self.looking)
        if in_place != self.in_place:
            self.in_place = in_place
            self.window.stack.setVisible(not in_place)
            if in_place:
                self.window.statusBar().showMessage(BACK_HINT, 10000)
        if given_back:
            self.kept_open = False  # on this screen it folds whenever a postmortem is picked
            if self.window.statusBar().currentMessage() == BACK_HINT:
                self.window.statusBar().clearMessage()
        self.library.setVisible(shown)
        self.action.setChecked(shown)
        if in_place and not self.library.isAncestorOf(QApplication.focusWidget()):
            self.library.filter_edit.setFocus(Qt.FocusReason.OtherFocusReason)  # Escape works
        if given_back:
            self._focus_panel()

    def _focus_panel(self) -> None:
        """Back to the postmortem: the cursor goes back where it was (its text not selected)."""
        focus, self._focus = self._focus, None
        # A table's cell editor closes when the page is hidden: gone by now.
        if focus is None or not shiboken6.isValid(focus) or not focus.isVisible():
            focus = self.window.current_panel()
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_opened(self, doc: object) -> None:
        if doc is None:
            self.set_shown(True)  # the welcome page starts from the library
        elif self.in_place or (not self.kept_open and self.window.width() < WIDE):
            self.set_shown(False)

    def _on_picked(self, _postmortem_id: int) -> None:
        if (self.in_place or self.looking) and self.window.session.doc is not None:
            self.set_shown(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        stack = self.window.stack
        if watched is self.window and event.type() == QEvent.Type.Close:
            # The saved layout keeps the library's width for the next start.
            self.library.setVisible(True)
            stack.setVisible(True)
            self.in_place = False
        return False
