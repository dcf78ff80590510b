"""File > Sync and the status bar's team state, for postmortems checked out of a team database.

Being offline is a state, not an error: the status bar says "Team database unreachable: working
offline" and the work goes on; no dialog. Conflicts after a sync are listed with both texts, and
the facilitator keeps theirs, keeps mine, or leaves them for later (each side keeps its text
meanwhile).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtWidgets

from pmdesk.views.database_faults import database_command
from pmdesk.views.window.parts import WindowParts

if TYPE_CHECKING:
    from pmdesk.operations.team import TeamStatus, TeamSync


# After start-up, when the team state is first shown (the database layer loads meanwhile).
TEAM_STATUS_DELAY_MS = 1500


class TeamSyncCommands(WindowParts):
    team_label: QtWidgets.QLabel | None = None
    team_offline = False  # the last sync found the team database out of reach

    def _team(self) -> TeamSync:
        return self.session.door.team(self.session.repo)

    def _team_label(self) -> QtWidgets.QLabel:
        if self.team_label is None:
            self.team_label = QtWidgets.QLabel()
            self.team_label.setObjectName("teamState")
            self.team_label.setContentsMargins(0, 0, 16, 0)  # apart from the save state
            self.statusBar().insertPermanentWidget(0, self.team_label)
        return self.team_label

    def show_team_status(self, status: TeamStatus | None) -> None:
        """The status bar's team state; nothing shown when nothing here came from a team."""
        if status is None:
            if self.team_label is not None:
                self.team_label.hide()
            return
        label = self._team_label()
        label.setText(status.text)
        label.setToolTip("\n".join(status.lines) or "File > Sync merges with the team database")
        label.show()

    def show_team_status_soon(self) -> None:
        """At start-up: the state once the database layer has loaded in the background (it is
        kept off the path to the first paint and to a ready window)."""
        from PySide6.QtCore import QTimer

        if self.session.door.location.path is None:
            return
        # The database layer loads in the background once start-up has gone quiet (see
        # pmdesk.ui.live), in time for the state.
        QTimer.singleShot(TEAM_STATUS_DELAY_MS // 2, self, self.session.door.preload)
        QTimer.singleShot(TEAM_STATUS_DELAY_MS, self, self.refresh_team_status)

    def refresh_team_status(self) -> None:
        """After a save or an open: what waits to be sent, known without the network."""
        if self.session.door.location.path is None:
            return  # a team database itself: nothing is checked out of another
        try:
            status = self._team().status(offline=self.team_offline)
        except Exception:  # the save or open that called this reports database faults itself
            return
        self.show_team_status(status)

    @database_command("sync with the team database")
    def sync_with_team(self) -> TeamStatus | None:
        """File > Sync: save, merge both ways, show the open postmortem as merged."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication

        if not self.session.save_now():
            return None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            status = self._team().sync()
        finally:
            QGuiApplication.restoreOverrideCursor()
        if status is None:
            self.statusBar().showMessage(
                "Nothing in this database came from a team database "
                "(`pmdesk checkout` takes postmortems from one).",
                8000,
            )
            return None
        self.team_offline = status.offline
        self._reopen_after_sync()
        self.show_team_status(status)
        if status.conflicts and not status.offline:
            self._offer_to_settle(status)
        return status

    def _reopen_after_sync(self) -> None:
        doc = self.session.doc
        if doc is not None and doc.pm.id is not None:
            self.session.open(doc.pm.id)
        self.reload_library()  # type: ignore[attr-defined]

    def _offer_to_settle(self, status: TeamStatus) -> None:
        box = QtWidgets.QMessageBox(self)
        box.setIcon(QtWidgets.QMessageBox.Icon.Information)
        box.setWindowTitle("Sync")
        box.setText(
            f"{status.text}. Each side keeps its own text until you choose; nothing is lost."
        )
        box.setDetailedText("\n".join(status.lines))
        # The postmortems with conflicts, each followed by its conflicts.
        following = [*status.lines[1:], ""]
        shown = [
            line
            for line, after in zip(status.lines, following, strict=True)
            if line.startswith("  ") or after.startswith("  ")
        ]
        box.setInformativeText("\n".join(shown))
        theirs = box.addButton("Take theirs", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        mine = box.addButton("Keep mine", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Later", QtWidgets.QMessageBox.ButtonRole.RejectRole)
        box.exec()
        chosen = box.clickedButton()
        if chosen not in (theirs, mine):
            return
        team = self._team()
        team.settle("theirs" if chosen is theirs else "mine")
        status_after = team.sync()  # the choice goes to the team database at once
        if status_after is not None:
            self.team_offline = status_after.offline
            self._reopen_after_sync()
            self.show_team_status(status_after)
