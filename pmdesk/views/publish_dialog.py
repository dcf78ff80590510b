"""File > Publish: the whole library as a web site or a Markdown folder for the organisation.

The dialog asks where and in which form; the pages are written in a worker thread while a
progress dialog counts them (a big library takes a while) and can stop it; the result says what
was written and opens the site in the browser or the folder in the file manager.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.ui import settings
from pmdesk.ui.widgets import width_for_text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pmdesk.model import Postmortem
    from pmdesk.publish import Outcome
    from pmdesk.publish.folder import Check
    from pmdesk.ui.session import DocumentSession


class PublishDialog(QDialog):
    """Where to publish, as what, and which postmortems."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Publish the library")
        intro = QLabel(
            "Write every postmortem outside the trash into a folder the organisation can read: "
            "a web site that works opened from the folder or on any web server, or Markdown "
            "files for a wiki. Publishing into the same folder again rewrites only what changed."
        )
        intro.setWordWrap(True)
        self.folder_edit = QLineEdit(settings.PUBLISH_FOLDER.get())
        self.folder_edit.setPlaceholderText("An empty or new folder, or one published to before")
        # The hint whole (it read "…or one published to b…" at 1280 px).
        self.folder_edit.setMinimumWidth(
            width_for_text(self.folder_edit, self.folder_edit.placeholderText())
        )
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(choose)
        self.html_button = QRadioButton("Web site (index, search, one page per postmortem)")
        self.md_button = QRadioButton("Markdown folder for a wiki (Confluence, Notion, Git)")
        (self.md_button if settings.PUBLISH_FORMAT.get() == "md" else self.html_button).setChecked(
            True
        )
        self.only_published = QCheckBox("Only postmortems whose status is Published")
        self.only_published.setChecked(settings.PUBLISH_ONLY_PUBLISHED.get())
        form = QFormLayout()
        form.addRow("Folder:", row)
        formats = QVBoxLayout()
        formats.addWidget(self.html_button)
        formats.addWidget(self.md_button)
        form.addRow("Publish as:", formats)
        form.addRow("", self.only_published)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.publish_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.publish_button.setText("Publish")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.folder_edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._update()

    def _choose(self) -> None:
        start = self.folder_edit.text().strip() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Publish into folder", start)
        if chosen:
            self.folder_edit.setText(chosen)

    def _update(self) -> None:
        self.publish_button.setEnabled(bool(self.folder_edit.text().strip()))

    @property
    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser()

    @property
    def fmt(self) -> str:
        return "md" if self.md_button.isChecked() else "html"

    @property
    def status(self) -> str | None:
        return "published" if self.only_published.isChecked() else None

    def remember(self) -> None:
        settings.PUBLISH_FOLDER.set(str(self.folder))
        settings.PUBLISH_FORMAT.set(self.fmt)
        settings.PUBLISH_ONLY_PUBLISHED.set(self.only_published.isChecked())


class _Worker(QObject):
    """Runs the publish off the window's thread; `progress` after each page."""

    progress = Signal(int)
    finished = Signal(object)  # an Outcome, or the exception that stopped it

    def __init__(
        self, postmortems: Iterator[Postmortem], folder: Path, fmt: str, check: Check
    ) -> None:
        super().__init__()
        self._postmortems = postmortems
        self._check = check
        self._folder, self._fmt = folder, fmt
        self.stop = threading.Event()

    def run(self) -> None:
        from pmdesk.publish import Cancelled, publish

        def step(done: int) -> None:
            if self.stop.is_set():
                raise Cancelled
            self.progress.emit(done)

        try:
            result: object = publish(
                self._postmortems, self._folder, self._fmt, progress=step, check=self._check
            )
        except Exception as exc:  # shown to the user by the window's thread
            result = exc
        self.finished.emit(result)


class PublishRun(QObject):
    """One publish: the worker thread, its progress dialog and the message at the end."""

    done = Signal(object)  # the Outcome, or None when it stopped or failed

    def __init__(
        self, parent: QWidget, session: DocumentSession, folder: Path, fmt: str, status: str | None
    ) -> None:
        super().__init__(parent)
        from pmdesk.operations.library import to_publish

        self._parent, self._session, self._fmt = parent, session, fmt
        from pmdesk.redaction.published import PublishedEditions
        from pmdesk.redaction.team import load_team_terms

        # Security postmortems go out as their redacted edition, as `pmdesk publish` does, and
        # every file is read for what their editions replaced before it is written.
        editions = PublishedEditions(team_terms=load_team_terms())
        entries, everyone = to_publish(session.repo, status=status)
        postmortems = editions.editions(everyone)
        self.total = len(entries)
        self.progress = QProgressDialog(
            f"Publishing {self.total:,} postmortems…", "Stop", 0, max(self.total, 1), parent
        )
        self.progress.setWindowTitle("Publishing")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.worker = _Worker(postmortems, folder, fmt, editions.check)
        self.runner = QThread(self)
        self.worker.moveToThread(self.runner)
        self.runner.started.connect(self.worker.run)
        self.worker.progress.connect(self.progress.setValue)
        self.worker.finished.connect(self._finished)
        self.progress.canceled.connect(self.worker.stop.set)
        self._closing = False
        session.closing.connect(self._window_closing)

    def _window_closing(self) -> None:
        """The window closes mid-publish: stop after the page being written and wait for it.
        The thread never outlives the window (Qt aborts the app when a running thread is
        deleted with its owner), and no message follows the closed window."""
        self._closing = True
        self.worker.stop.set()
        self.runner.quit()  # takes effect once the publish has stopped
        self.runner.wait()
        self.progress.close()

    def start(self) -> None:
        self.runner.start()

    def _finished(self, result: object) -> None:
        from pmdesk.publish import Cancelled, Outcome

        self.runner.quit()
        self.runner.wait()
        self.progress.close()
        if isinstance(result, Outcome):
            self.done.emit(result)
            if not self._closing:
                show_outcome(self._parent, result, self.total, self._fmt)
            return
        self.done.emit(None)
        if self._closing:  # the window is gone: the pages written so far stay, unannounced
            return
        if isinstance(result, Cancelled):
            QMessageBox.information(
                self._parent,
                "Publishing stopped",
                "Publishing stopped part-way. The pages written so far stay; publish again to "
                "finish.",
            )
        elif isinstance(result, Exception):
            QMessageBox.warning(self._parent, "Not published", _explain(self._session, result))


def _explain(session: DocumentSession, exc: Exception) -> str:
    from pmdesk.publish import PublishProblem
    from pmdesk.redaction import LeakFound, TeamTermsError

    if isinstance(exc, PublishProblem | LeakFound | TeamTermsError):
        return str(exc)
    problem = session.door.problem(exc)
    if problem is not None:
        return str(problem)
    return f"Publishing failed: {type(exc).__name__}: {exc}"


def show_outcome(parent: QWidget, outcome: Outcome, total: int, fmt: str) -> None:
    """What was published, with buttons to open it."""
    box = QMessageBox(parent)
    box.setWindowTitle("Published")
    what = f"{total:,} postmortem{'s' if total != 1 else ''}"
    box.setText(f"Published {what} to {outcome.folder}.")
    box.setInformativeText(outcome.describe().capitalize() + ".")
    browser = None
    if fmt == "html":
        browser = box.addButton("Open in browser", QMessageBox.ButtonRole.AcceptRole)
    folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    clicked = box.clickedButton()
    if browser is not None and clicked is browser:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(outcome.start)))
    elif clicked is folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(outcome.folder)))


def publish_library(parent: QWidget, session: DocumentSession) -> PublishRun | None:
    """File > Publish: ask, then publish in the background; the run, or None when cancelled."""
    if not session.save_now():
        QMessageBox.warning(
            parent,
            "Not published",
            "The latest changes could not be saved, so the published pages would not match what "
            "is on screen.",
        )
        return None
    dialog = PublishDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    dialog.remember()
    try:
        run = PublishRun(parent, session, dialog.folder, dialog.fmt, dialog.status)
    except Exception as exc:
        from pmdesk.redaction import TeamTermsError

        if session.door.problem(exc) is None and not isinstance(exc, TeamTermsError):
            raise
        QMessageBox.warning(parent, "Not published", _explain(session, exc))
        return None
    run.start()
    return run
