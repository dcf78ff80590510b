"""Seen before, as the screens see it: the list of postmortems like the open one, kept up to date
while the team writes, and the list of those linked as related.

The open postmortem's words are read on the window's thread (a fraction of a millisecond) a
short pause after the last change; the search for postmortems like it runs on a worker thread,
so a keystroke never waits for the database. A result that arrives for a postmortem no longer
open, or after newer words, is dropped.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from pmdesk.report.content import long_date

if TYPE_CHECKING:
    from pmdesk.database import LibraryEntry
    from pmdesk.document import Change, Document
    from pmdesk.model import RelatedLink
    from pmdesk.seen_before import Match, SeenBefore
    from pmdesk.ui.session import DocumentSession

Index = QModelIndex | QPersistentModelIndex
# A pause this long after the last change refreshes the list (the text itself reaches the
# document TEXT_COMMIT_MS after the last keystroke).
REFRESH_DELAY_MS = 400
POLL_MS = 25
# The fields whose words or names make postmortems alike.
WATCHED_FIELDS = frozenset({"summary", "lessons", "services", "tags"})
ID_ROLE = Qt.ItemDataRole.UserRole + 1
LINES_ROLE = Qt.ItemDataRole.UserRole + 2  # (title, date and severity, why it matched)


class SeenBeforeWatcher(QObject):
    """The postmortems like the open one (`matches`), refreshed after each pause in editing."""

    matchesChanged = Signal()
    lookingChanged = Signal(bool)

    def __init__(self, session: DocumentSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.matches: list[Match] = []
        self.problem = ""  # why the last search failed, in the facilitator's words
        self.answered = False  # the list is the answer for the open postmortem (not yet asked)
        self._engine: SeenBefore | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._pending: Future[list[Match]] | None = None
        self._pending_for: int | None = None
        self._again = False
        self._stopped = False  # the window closed
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(REFRESH_DELAY_MS)
        self._delay.timeout.connect(self.refresh_now)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)
        session.documentOpened.connect(self._on_opened)
        session.changed.connect(self._on_change)
        session.libraryChanged.connect(self.forget)
        session.closing.connect(self._stop)
        if session.doc is not None:  # made with a postmortem open already
            self._delay.start()

    def _stop(self) -> None:
        """The window closes: no more searches, and the worker thread ends once the one under
        way (if any) is done, instead of waiting for work for as long as the app runs."""
        self._stopped = True
        self._delay.stop()
        self._poll.stop()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        self._pending = None

    @property
    def looking(self) -> bool:
        return self._pending is not None

    def _on_opened(self, doc: Document | None) -> None:
        self.matches = []
        self.problem = ""
        self.answered = False
        self.matchesChanged.emit()
        if self._engine is not None and self._executor is not None:
            self._executor.submit(self._engine.forget)  # after any search under way
        if doc is not None:
            self._delay.start()

    def _on_change(self, change: Change) -> None:
        if change.collection == "factors" or WATCHED_FIELDS & set(change.fields):
            self._delay.start()

    def forget(self) -> None:
        """The library changed (an import, the trash): ask it afresh after the pause."""
        if self._engine is not None and self._executor is not None:
            self._executor.submit(self._engine.forget)
        if self.session.doc is not None:
            self._delay.start()

    def refresh_now(self) -> None:
        doc = self.session.doc
        if doc is None or self._stopped:
            return
        if self._pending is not None:
            self._again = True  # newer words: asked again when this answer is in
            return
        from pmdesk.seen_before import SeenBefore, profile_of

        profile = profile_of(doc.pm)
        try:
            repo = self.session.repo  # opened on the window's thread
            if self._engine is None or self._engine.library is not repo:
                self._engine = SeenBefore(repo)  # first, or the document moved to another database
        except Exception as exc:
            self._failed(exc)
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seen-before")
        self._pending = self._executor.submit(self._engine.matches, profile)
        self._pending_for = doc.pm.id
        self.lookingChanged.emit(True)
        self._poll.start()

    def _collect(self) -> None:
        future = self._pending
        if future is None or not future.done():
            return
        self._poll.stop()
        self._pending = None
        self.lookingChanged.emit(False)
        doc = self.session.doc
        current = doc is not None and doc.pm.id == self._pending_for
        try:
            matches = future.result()
        except Exception as exc:
            if current:
                self._failed(exc)
            matches = None
        if current and matches is not None:
            self.problem = ""
            self.matches = matches
            self.answered = True
            self.matchesChanged.emit()
        if self._again:
            self._again = False
            self.refresh_now()

    def _failed(self, exc: Exception) -> None:
        problem = self.session.door.problem(exc)
        if problem is None:
            raise exc
        self.problem = str(problem)
        self.matches = []
        self.answered = True
        self.matchesChanged.emit()


class MatchesModel(QAbstractListModel):
    """One row a postmortem: its title and date, then why it matched."""

    def __init__(self, watcher: SeenBeforeWatcher, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watcher = watcher
        self.rows: list[Match] = []
        self.linked: set[int] = set()
        watcher.matchesChanged.connect(self.reload)
        watcher.session.changed.connect(self._on_change)
        watcher.session.documentOpened.connect(lambda _doc: self.reload())

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = list(self.watcher.matches)
        self._read_linked()
        self.endResetModel()

    def _read_linked(self) -> None:
        doc = self.watcher.session.doc
        self.linked = {
            link.postmortem_id
            for link in (doc.pm.related if doc is not None else [])
            if link.postmortem_id is not None
        }

    def _on_change(self, change: Change) -> None:
        if "related" in change.fields and self.rows:
            self._read_linked()  # the same rows: the selection stays
            self.dataChanged.emit(self.index(0), self.index(len(self.rows) - 1))

    def entry(self, row: int) -> LibraryEntry:
        return self.rows[row].entry

    def _lines(self, match: Match) -> tuple[str, str, str]:
        entry = match.entry
        when = long_date(entry.incident_date.date()) if entry.incident_date else "no date"
        linked = " · linked as related" if entry.id in self.linked else ""
        return (entry.title or "Untitled", f"{when} · {entry.severity}{linked}", match.reason)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # Qt override
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        match = self.rows[index.row()]
        entry = match.entry
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(self._lines(match))
        if role == LINES_ROLE:
            return self._lines(match)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.title}: {match.reason}. Enter opens it read-only."
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{entry.title}, {match.reason}"
        if role == ID_ROLE:
            return entry.id
        return None


class RelatedModel(QAbstractListModel):
    """The postmortems linked as related to the open one."""

    def __init__(self, session: DocumentSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: list[RelatedLink] = []
        session.changed.connect(self._on_change)
        session.documentOpened.connect(lambda _doc: self.reload())
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        doc = self.session.doc
        self.rows = list(doc.pm.related) if doc is not None else []
        self.endResetModel()

    def _on_change(self, change: Change) -> None:
        if "related" in change.fields:
            self.reload()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # Qt override
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        link = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            when = f" ({long_date(link.incident_day)})" if link.incident_day else ""
            missing = "" if link.postmortem_id is not None else " · not in this library"
            return f"{link.title}{when}{missing}"
        if role == ID_ROLE:
            return link.postmortem_id
        return None
