"""Live when together: others' saves come into the open postmortem, and who else has it open.

Every second the window asks the database, cheaply, whether anyone wrote (SQLite's data
version, PostgreSQL's notifications); only then does it read the postmortem's write counter, and
only when that moved does it take the changes in. Every few seconds it says it is still there
and reads who else is.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from pmdesk.collab.presence import (
    HEARTBEAT_SECONDS,
    client_id,
    default_name,
    gone,
    on_this_machine,
    presence_line,
)

if TYPE_CHECKING:
    from pmdesk.document import Document
    from pmdesk.operations.library import Watcher
    from pmdesk.ui.session import DocumentSession

WATCH_MS = 1000
# The first look waits for the window to have painted (opening the database layer takes a moment).
FIRST_WATCH_MS = 1500
PRELOAD_MS = 800


class LiveLink(QObject):
    presenceChanged = Signal(str)  # "Also open: Ana (since 10:02)", or ""
    databaseChanged = Signal()  # someone saved something: the library and tracker refresh

    def __init__(self, session: DocumentSession, name: str = "", parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._name = name  # else the preference, else the operating-system user
        self.client = client_id()  # this window, among others on the database
        self._watcher: Watcher | None = None
        self._box: dict[str, Watcher | None]
        self._opened_at: datetime | None = None
        self._stamp: tuple[int, int] | None = None
        self._announced: int | None = None
        self.line = ""
        self._stopped = False
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self.check)
        self._beat = QTimer(self)
        self._beat.setInterval(HEARTBEAT_SECONDS * 1000)
        self._beat.timeout.connect(self.heartbeat)
        session.documentOpened.connect(self._on_opened)
        # The database layer, in the background, before the first look: started once start-up
        # has gone quiet, so it never competes with the window getting ready. Asked of the door
        # open then (saving to another database replaces it), and never after this link is gone.
        QTimer.singleShot(PRELOAD_MS, self, self._preload)
        # A window destroyed without closing (or a closed database) lets go of the watcher's
        # own connection too.
        box = self._box = {"watcher": None}
        self.destroyed.connect(lambda *_: _close(box))
        QTimer.singleShot(FIRST_WATCH_MS, self, self._start)

    def _preload(self) -> None:
        if not self._stopped:
            self.session.door.preload()

    def _start(self) -> None:
        # A window closed before its first look (the look is delayed) never starts watching.
        if not self._stopped and not self._watch.isActive():
            self._watch.start()
            self._beat.start()
            self.check()
            self.heartbeat()

    def _on_opened(self, doc: Document | None) -> None:
        self._opened_at = datetime.now(UTC) if doc is not None else None
        if self._watch.isActive():
            self.heartbeat()

    @property
    def name(self) -> str:
        from pmdesk.ui import settings

        return self._name or settings.DISPLAY_NAME.get() or default_name()

    # -- others' saves ---------------------------------------------------------------------
    def check(self) -> None:
        """Take in what others saved, if anything; quietly skipped while the database is away."""
        session = self.session
        try:
            if self._watcher is None:
                self._watcher = self._box["watcher"] = session.door.watcher(session.repo)
            changed = self._watcher.changed()
            doc, shared = session.doc, session.shared
            if doc is not None and shared is not None and doc.pm.id is not None:
                if shared.versions is None:
                    session.take_in()  # read on the quick path: learn its version numbers
                elif changed:
                    revision = session.repo.revision(doc.pm.id)
                    if revision is not None and revision != shared.versions.revision:
                        session.take_in()
            if changed and self._announced is not None:
                self.read_presence()  # someone came or left (a window closed): say so now
            if changed:
                stamp = session.repo.stamp()
                if stamp != self._stamp:
                    self._stamp = stamp
                    self.databaseChanged.emit()
        except Exception as exc:  # a database fault: the save path reports those, not this
            if session.door.problem(exc) is None:
                raise

    # -- who else is here ---------------------------------------------------------------------
    def heartbeat(self) -> None:
        session = self.session
        doc = session.doc
        try:
            if doc is None or doc.pm.id is None:
                if self._announced is not None:
                    session.repo.leave(self.client)
                    self._announced = None
                self._show("")
                return
            opened = self._opened_at or datetime.now(UTC)
            session.repo.announce(self.client, doc.pm.id, self.name, opened)
            self._announced = doc.pm.id
            self.read_presence()
        except Exception as exc:
            if session.door.problem(exc) is None:
                raise

    def read_presence(self) -> None:
        """Who else has the open postmortem; a pmdesk on this machine that was killed is gone
        at once (and forgotten for everyone), your own other windows are said to be yours."""
        repo = self.session.repo
        others = []
        for person in repo.present(self._announced) if self._announced is not None else []:
            if person.client == self.client:
                continue
            if gone(person.client):
                repo.leave(person.client)
                continue
            others.append(person)
        yours = {p.client for p in others if on_this_machine(p.client) and p.name == self.name}
        self._show(presence_line(others, yours=yours))

    def _show(self, line: str) -> None:
        if line != self.line:
            self.line = line
            self.presenceChanged.emit(line)

    def stop(self) -> None:
        """The window closes: say so, and stop asking."""
        self._stopped = True
        self._watch.stop()
        self._beat.stop()
        try:
            if self._announced is not None:
                self.session.repo.leave(self.client)
        except Exception as exc:
            if self.session.door.problem(exc) is None:
                raise
        _close(self._box)
        self._watcher = None


def _close(box: dict[str, Watcher | None]) -> None:
    watcher = box.get("watcher")
    box["watcher"] = None
    if watcher is not None:
        watcher.close()
