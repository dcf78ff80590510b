"""An earlier postmortem opened for reference beside the one being written (Seen before).

A window of its own, placed on the other half of the screen, showing the postmortem as its
report reads: plainly marked read-only, and nothing in it can be changed. The only thing to do
with it besides reading is to link it as related to the open postmortem.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pmdesk.database import LibraryEntry
from pmdesk.model import Postmortem
from pmdesk.ui.session import DocumentSession

READ_ONLY = "READ-ONLY"
TITLE_BAR_ROOM = 32  # what a window manager's title bar takes, roughly


class ReadOnlyPostmortem(QWidget):
    """Raises whatever loading the postmortem raises (NotFound, a database fault)."""

    linkRequested = Signal(object)  # the LibraryEntry to link as related

    def __init__(self, session: DocumentSession, postmortem_id: int, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("readOnlyPostmortem")
        self.session = session
        self.pm: Postmortem = session.repo.load(postmortem_id)
        title = self.pm.title or "Untitled postmortem"
        self.setWindowTitle(f"{title} (read-only) — pmdesk")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self._banner(title))
        self.browser = QTextBrowser()
        self.browser.setObjectName("readOnlyText")
        self.browser.setAccessibleName(f"{title}, read-only")
        self.browser.setReadOnly(True)
        self.browser.setOpenLinks(False)
        self.browser.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        from pmdesk.report.markdown import render_markdown

        self.browser.setMarkdown(render_markdown(self.pm, language_check=False))
        layout.addWidget(self.browser, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self._place_beside(parent)
        self._refresh_link_button()
        session.changed.connect(self._on_change)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def _banner(self, title: str) -> QFrame:
        banner = QFrame()
        banner.setObjectName("readOnlyBanner")
        row = QHBoxLayout(banner)
        row.setContentsMargins(10, 6, 6, 6)
        mark = QLabel(READ_ONLY)
        mark.setObjectName("readOnlyMark")
        words = QLabel(
            "An earlier postmortem, opened for reference: nothing here can be changed. "
            "Edit it from the library."
        )
        words.setWordWrap(True)
        self.link_button = QPushButton("Link as related")
        self.link_button.setToolTip("Name it in the open postmortem's report and published page")
        self.link_button.clicked.connect(self._link)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        row.addWidget(mark)
        row.addWidget(words, 1)
        row.addWidget(self.link_button)
        row.addWidget(close)
        return banner

    def _place_beside(self, parent: QWidget) -> None:
        """The right half of the screen the main window is on: the factors stay in view."""
        screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        width = max(area.width() // 2, 480)
        # move() places the window's frame, title bar included; resize() sizes what is inside it.
        self.resize(width, max(area.height() - TITLE_BAR_ROOM, 360))
        self.move(area.x() + area.width() - width, area.y())

    def entry(self) -> LibraryEntry:
        pm = self.pm
        assert pm.id is not None
        return LibraryEntry(
            pm.id, pm.title, pm.incident_date, pm.severity.level.value, pm.status.value, pm.kind
        )

    def _link(self) -> None:
        self.linkRequested.emit(self.entry())
        self._refresh_link_button()

    def _on_change(self, change: object) -> None:
        self._refresh_link_button()

    def _refresh_link_button(self) -> None:
        doc = self.session.doc
        linked = doc is not None and any(
            link.postmortem_id == self.pm.id for link in doc.pm.related
        )
        mine = doc is not None and doc.pm.id == self.pm.id
        self.link_button.setEnabled(doc is not None and not linked and not mine)
        self.link_button.setText("Linked as related" if linked else "Link as related")
