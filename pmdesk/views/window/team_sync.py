"""File > Sync and the status bar's team state, for postmortems checked out of a team database.

The sync runs on a worker thread (a team server may take seconds to answer, or time out): the
window keeps working, the status bar says "Syncing with the team database…" and then the
result. Meanwhile the open postmortem's edits wait in memory; what the sync wrote then comes in
like anyone else's save, merged with them.

Being offline is a state, not an error: the status bar says "Team database unreachable: working
offline" and the work goes on; no dialog. Conflicts after a sync are listed with both texts, and
the facilitator keeps theirs, keeps mine, or leaves them for later (each side keeps its text
meanwhile).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QTimer

from pmdesk.views.database_faults import database_command
from pmdesk.views.window.parts import WindowParts

if TYPE_CHECKING:
    from collections.abc import Callable

    from pmdesk.operations.team import TeamStatus, TeamSync
    from pmdesk.views.review.worker import LatestOnly


# After start-up, when the team state is first shown (the database layer loads meanwhile).
TEAM_STATUS_DELAY_MS = 1500
SYNCING = "Syncing with the team database…"
# How often the window looks for the sync's outcome. The sync's thread never reaches the window
# (no signal from it either): a window closed meanwhile leaves only a thread that ends on its own.
SYNC_POLL_MS = 50


class TeamSyncCommands(WindowParts):
    team_label: QtWidgets.QLabel | None = None
    team_offline = False  # the last sync found the team database out of reach
    syncing = False  # a sync is running on its worker thread
    _sync_job: LatestOnly | None = None
    _sync_poll: QTimer

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
        if self.session.door.location.path is None:
            return
        # The database layer loads in the background once start-up has gone quiet (see
        # pmdesk.ui.live), in time for the state. Both calls are the window's own methods: PySide
        # keeps no hold on the object behind another object's method given with a context, so
        # `session.door.preload` would be called on a freed door once the postmortem was saved
        # to another database meanwhile (a crash).
        QTimer.singleShot(TEAM_STATUS_DELAY_MS // 2, self, self._preload_storage)
        QTimer.singleShot(TEAM_STATUS_DELAY_MS, self, self.refresh_team_status)

    def _preload_storage(self) -> None:
        """The database layer, loading in the background, for the database open now."""
        self.session.door.preload()

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
    def sync_with_team(self) -> bool:
        """File > Sync: save, then merge both ways on a worker thread; False if not started."""
        if self.syncing:
            self.statusBar().showMessage(SYNCING, 4000)
            return False
        if not self.session.save_now():
            return False
        self._start_sync(lambda team: team.sync())
        return True

    def _start_sync(self, work: Callable[[TeamSync], TeamStatus | None]) -> None:
        team = self._team()  # opened here, on the window's thread
        self.syncing = True
        self.sync_action.setEnabled(False)  # type: ignore[attr-defined]
        self.session.hold_saves(True)
        self.statusBar().showMessage(SYNCING)
        if self._sync_job is None:
            from pmdesk.views.review.worker import LatestOnly

            self._sync_job = LatestOnly("pmdesk-sync")
            self._sync_poll = QTimer(self)
            self._sync_poll.setInterval(SYNC_POLL_MS)
            self._sync_poll.timeout.connect(self._take_sync)
        self._sync_job.submit(lambda _say: work(team))
        self._sync_poll.start()

    def _take_sync(self) -> None:
        """The sync's outcome, once its thread has it."""
        outcome = self._sync_job.take() if self._sync_job is not None else None
        if outcome is None:
            return
        self._sync_poll.stop()
        self._sync_done(outcome.value, outcome.error)

    def _sync_done(self, status: TeamStatus | None, fault: BaseException | None) -> None:
        from pmdesk.views.database_faults import report_fault

        self.syncing = False
        self.sync_action.setEnabled(True)  # type: ignore[attr-defined]
        self.session.hold_saves(False)
        self.statusBar().clearMessage()
        if fault is not None:
            if not isinstance(fault, Exception) or not report_fault(
                self, self.session, "sync with the team database", fault
            ):
                raise fault
            return
        if status is None:
            self.statusBar().showMessage(
                "Nothing in this database came from a team database "
                "(File > Take offline… takes postmortems from one).",
                8000,
            )
            return
        self.team_offline = status.offline
        self.reload_library()  # type: ignore[attr-defined]
        self.show_team_status(status)
        self.statusBar().showMessage(f"Sync done: {status.text}", 8000)
        if status.conflicts and not status.offline:
            self._offer_to_settle(status)

    @database_command("take postmortems offline")
    def take_offline(self) -> int:
        """File > Take offline…: copy postmortems from a team database into this one."""
        from pmdesk.views.take_offline import TakeOfflineDialog

        if not self.session.save_now():
            return 0
        dialog = TakeOfflineDialog(self._team(), self)
        if not dialog.exec():
            return 0
        count = dialog.taken
        self.reload_library()  # type: ignore[attr-defined]
        self.refresh_team_status()
        self.statusBar().showMessage(
            f"{count} postmortem{'s' if count != 1 else ''} taken offline; "
            "File > Sync with team database sends your changes back.",
            8000,
        )
        return count

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
        self._team().settle("theirs" if chosen is theirs else "mine")
        self._start_sync(lambda team: team.sync())  # the choice goes to the team database at once
