"""Seen before, beside the contributing factors: other postmortems like this one, each with why
it matched, refreshed as the factors are written; open one read-only, link it as related."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from pmdesk.database import LibraryEntry
from pmdesk.operations.edit import Refused
from pmdesk.operations.related import link_related, unlink_related
from pmdesk.ui.seen_before import (
    ID_ROLE,
    LINES_ROLE,
    MatchesModel,
    RelatedModel,
    SeenBeforeWatcher,
)
from pmdesk.ui.session import DocumentSession

EMPTY = (
    "Nothing alike yet. Postmortems that share a service or tag with this one, or read alike, "
    "show here as the factors are written."
)
NO_DOCUMENT = "Open a postmortem to see the ones like it."
PADDING = 4
Index = QModelIndex | QPersistentModelIndex


class SeenBeforePane(QFrame):
    refreshed = Signal()  # what it shows changed (the matches, or their status)

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seenBeforePane")
        self.session = session
        self.watcher = SeenBeforeWatcher(session, self)
        self.model = MatchesModel(self.watcher, self)
        self.related_model = RelatedModel(session, self)
        self.readers: dict[int, QWidget] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        # Its name and what it holds are on its tab (pmdesk.views.factors.panel).
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.list = self._list_view(self.model, "Seen before")
        self.list.setItemDelegate(MatchDelegate(self.list))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # rows wrap again when it narrows
        self.list.activated.connect(self._open_match)
        self.open_button = QPushButton("Open read-only")
        self.open_button.clicked.connect(lambda: self._open_match(self.list.currentIndex()))
        self.link_button = QPushButton("Link as related")
        self.link_button.setToolTip("Name it in this postmortem's report and published page")
        self.link_button.clicked.connect(self.link_current)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        layout.addLayout(_row(self.open_button, self.link_button))

        related_title = QLabel("Related")
        related_title.setObjectName("sectionTitle")
        related_title.setToolTip("Postmortems linked as related: named in the report")
        self.related_list = self._list_view(self.related_model, "Related postmortems")
        self.related_list.activated.connect(self._open_related)
        self.unlink_button = QPushButton("Unlink")
        self.unlink_button.clicked.connect(self.unlink_current)
        self.related_empty = QLabel("None linked yet.")
        self.related_empty.setObjectName("hint")
        heading = QHBoxLayout()
        heading.addWidget(related_title)
        heading.addWidget(self.related_empty)
        heading.addStretch(1)
        heading.addWidget(self.unlink_button)
        layout.addLayout(heading)
        # A few lines: the list of postmortems alike keeps the room.
        self.related_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        layout.addWidget(self.related_list)

        self.watcher.matchesChanged.connect(self._refresh)
        self.watcher.lookingChanged.connect(lambda _looking: self._refresh())
        self.model.modelReset.connect(self._refresh)
        self.model.dataChanged.connect(lambda *_: self._refresh())
        self.related_model.modelReset.connect(self._refresh)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._refresh_buttons())
        self._refresh()

    @staticmethod
    def _list_view(model: MatchesModel | RelatedModel, name: str) -> QListView:
        view = QListView()
        view.setModel(model)
        view.setAccessibleName(name)
        view.setWordWrap(True)
        view.setAlternatingRowColors(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setSpacing(2)
        return view

    # -- showing --------------------------------------------------------------------------
    def _refresh(self) -> None:
        if self.session.doc is None:
            text = NO_DOCUMENT
        elif self.watcher.problem:
            text = f"Cannot look for similar postmortems: {self.watcher.problem}"
        elif self.model.rowCount() == 0:
            text = EMPTY if self.watcher.answered and not self.watcher.looking else "Looking…"
        else:
            count = self.model.rowCount()
            text = f"{count} postmortem{'s' if count != 1 else ''} like this one. Enter opens one."
        self.status.setText(text)
        has_related = self.related_model.rowCount() > 0
        self.related_list.setVisible(has_related)
        self.related_empty.setVisible(not has_related)
        self._refresh_buttons()
        self.refreshed.emit()

    def _refresh_buttons(self) -> None:
        current = self.list.currentIndex()
        chosen = current.isValid()
        self.open_button.setEnabled(chosen)
        linked = chosen and self.model.entry(current.row()).id in self.model.linked
        self.link_button.setEnabled(chosen and not linked)
        self.unlink_button.setVisible(self.related_model.rowCount() > 0)

    # -- opening read-only ------------------------------------------------------------------
    def _open_match(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_read_only(self.model.entry(index.row()))

    def _open_related(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        link = self.related_model.rows[index.row()]
        if link.postmortem_id is None:
            self.status.setText(f"“{link.title}” is not in this library, so it cannot be opened.")
            return
        day = link.incident_day
        from datetime import datetime

        when = datetime(day.year, day.month, day.day) if day else None
        self.open_read_only(LibraryEntry(link.postmortem_id, link.title, when, "", "", ""))

    def open_read_only(self, entry: LibraryEntry) -> QWidget | None:
        """The postmortem in a read-only window beside this one (raised if already open)."""
        from pmdesk.views.read_only import ReadOnlyPostmortem

        window = self.readers.get(entry.id)
        if window is None:
            try:
                window = ReadOnlyPostmortem(self.session, entry.id, self.window())
            except Exception as exc:
                problem = self.session.door.problem(exc)
                if problem is None and not isinstance(exc, LookupError):
                    raise
                self.status.setText(f"Cannot open “{entry.title}”: {problem or exc}")
                return None
            window.linkRequested.connect(self.link)
            window.destroyed.connect(lambda *_, pm_id=entry.id: self.readers.pop(pm_id, None))
            self.readers[entry.id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    # -- linking ------------------------------------------------------------------------------
    def link_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.link(self.model.entry(index.row()))

    def link(self, entry: LibraryEntry) -> None:
        doc = self.session.doc
        if doc is None:
            return
        try:
            edit = link_related(doc, entry)
        except Refused as exc:
            self.status.setText(str(exc).capitalize() + ".")
            return
        self.session.apply(edit)

    def unlink_current(self) -> None:
        doc = self.session.doc
        index = self.related_list.currentIndex()
        row = index.row() if index.isValid() else 0
        if doc is None or not 0 <= row < len(self.related_model.rows):
            return
        self.session.apply(unlink_related(doc, self.related_model.rows[row]))


class MatchDelegate(QStyledItemDelegate):
    """A postmortem alike: its title in bold, its date and severity muted, then why it matched,
    each wrapped to the list's width."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    def _document(self, option: QStyleOptionViewItem, index: Index, selected: bool) -> Any:
        from html import escape

        from PySide6.QtGui import QPalette, QTextDocument

        title, when, reason = index.data(LINES_ROLE) or ("", "", "")
        palette = option.palette  # type: ignore[attr-defined]
        text = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        muted = text if selected else QPalette.ColorRole.PlaceholderText
        document = QTextDocument()
        document.setDefaultFont(option.font)  # type: ignore[attr-defined]
        document.setDocumentMargin(0)
        document.setHtml(
            f'<div style="color:{palette.color(text).name()}"><b>{escape(title)}</b><br>'
            f'<span style="color:{palette.color(muted).name()}">{escape(when)}</span><br>'
            f"{escape(reason)}</div>"
        )
        # The item's width inside the list's spacing: wrapped to the viewport's, each line's
        # last few pixels were cut off ("April 15," lost its comma, "related" its "d").
        room = self.view.viewport().width() - 2 * self.view.spacing() - 2 * PADDING
        document.setTextWidth(max(room, 80))
        return document

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # Qt override
        document = self._document(option, index, selected=False)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 2 * PADDING)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index
    ) -> None:  # Qt override
        from PySide6.QtWidgets import QStyle

        plain = QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""  # type: ignore[attr-defined]
        style = self.view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, self.view)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        document = self._document(option, index, selected)
        area = option.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)  # type: ignore[attr-defined]
        painter.save()
        painter.setClipRect(area)
        painter.translate(area.topLeft())
        document.drawContents(painter)
        painter.restore()


def _row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(6)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


__all__ = ["ID_ROLE", "SeenBeforePane"]
