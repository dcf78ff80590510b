"""The file commands: import postmortems (and the sample), export, save, and the database files."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets

from pmdesk.ui import settings
from pmdesk.views.database_faults import database_command, patiently
from pmdesk.views.window.library_commands import LibraryCommands

if TYPE_CHECKING:
    from pmdesk.model import Postmortem


class FileCommands(LibraryCommands):
    def import_sample(self) -> None:
        from pmdesk.paths import resource_path

        self.import_paths([resource_path("samples", "payment-service-outage.json")])

    def import_files(self) -> None:
        start = settings.IMPORT_FOLDER.get() or str(Path.home())
        names, _ = QtWidgets.QFileDialog.getOpenFileNames(
            self, "Import postmortems", start, "pmdesk JSON (*.json);;All files (*)"
        )
        if names:
            settings.IMPORT_FOLDER.set(str(Path(names[0]).parent))
            self.import_paths([Path(n) for n in names])

    @database_command("import the postmortem")
    def import_paths(self, paths: list[Path]) -> list[int]:
        from pmdesk import interchange

        try:
            documents = [interchange.load_file(path) for path in paths]
        except interchange.InterchangeError as exc:
            QtWidgets.QMessageBox.warning(self, "Import failed", f"{exc}\n\nNothing was imported.")
            return []
        # One at a time: a lock met halfway waits, and what was imported is not imported again.
        ids = [patiently(self, self.session, partial(self.session.create, pm)) for pm in documents]
        from pmdesk.operations.related import link_imported

        patiently(self, self.session, partial(link_imported, self.session.repo, documents))
        if self.library.showing_trash:
            self.library.showing_trash = False
        self.reload_library()
        if ids:
            self.open_postmortem(ids[-1])
        self.statusBar().showMessage(
            f"Imported {len(ids)} postmortem{'s' if len(ids) != 1 else ''}", 5000
        )
        return ids

    def export(self, fmt: str) -> Path | None:
        """Export the open postmortem; the folder is remembered, and the result can be opened."""
        doc = self.session.doc
        if doc is None:
            return None
        if not self.session.save_now():
            QtWidgets.QMessageBox.warning(
                self,
                "Not exported",
                "The latest changes could not be saved, so the export would not match what is on "
                f"screen. {self.save_label.text()}",
            )
            return None
        from pmdesk.redaction import LeakFound, redacted_by_default, render_edition
        from pmdesk.report import suggested_filename

        filters = {
            "pdf": "PDF report (*.pdf)",
            "md": "Markdown (*.md)",
            "json": "pmdesk JSON (*.json)",
        }
        folder = settings.EXPORT_FOLDER.get() or str(Path.home())
        name, _ = QtWidgets.QFileDialog.getSaveFileName(
            self,
            "Export postmortem",
            str(Path(folder) / suggested_filename(doc.pm, fmt)),
            filters[fmt],
        )
        if not name:
            return None
        from pmdesk.files import FileProblem, atomic_write

        target = Path(name)
        protect = [self.session.location.path] if self.session.location.path else []
        self.settle_redacted_default()
        redacted = self.redacted_action.isChecked()
        from pmdesk.redaction import TeamTermsError
        from pmdesk.redaction.team import load_team_terms

        # Interview notes go into this one export when asked, never into the redacted edition.
        notes = self.interview_notes_action.isChecked() and not redacted
        self.interview_notes_action.setChecked(False)
        try:
            data = render_edition(
                doc.pm,
                fmt,
                redacted=redacted,
                page_size=settings.PAGE_SIZE.get(),
                team_terms=load_team_terms() if redacted else (),
                include_interviews=notes,
            ).data
            target = atomic_write(target, data, protect=protect)
        except (FileProblem, LeakFound, TeamTermsError) as exc:
            QtWidgets.QMessageBox.warning(self, "Export failed", str(exc))
            return None
        settings.EXPORT_FOLDER.set(str(target.parent))
        edition = "the redacted edition" if redacted else "the full edition"
        if not redacted and redacted_by_default(doc.pm):
            edition += " (names, hosts, keys and restricted sections included: keep it local)"
        edition += interview_note(doc.pm, asked=notes, redacted=redacted)
        answer = QtWidgets.QMessageBox.question(
            self,
            "Exported",
            f"Saved {edition} as {target.name} in {target.parent}.\n\nOpen it now?",
        )
        if answer == QtWidgets.QMessageBox.StandardButton.Yes:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        return target

    def open_redaction_review(self) -> QtWidgets.QWidget:
        from pmdesk.views.redaction_review import RedactionReview

        if getattr(self, "redaction_review", None) is None:
            self.redaction_review = RedactionReview(self.session, self)
        self.redaction_review.show()
        self.redaction_review.raise_()
        self.redaction_review.activateWindow()
        return self.redaction_review

    def import_timeline(self) -> None:
        if self.session.doc is None:
            return
        self.show_panel("timeline")
        self.panels["timeline"].choose_and_import()  # type: ignore[attr-defined]

    def save_now(self) -> None:
        self.session.save_now()

    def _on_database_lost(self, message: str) -> None:
        from pmdesk.views.database_lost import offer_to_save_elsewhere

        self._lost_notices += 1
        if offer_to_save_elsewhere(self, self.session, message):
            self.reload_library()

    def save_elsewhere(self) -> None:
        """File > Save to Another Database: the open postmortem into another database file."""
        from pmdesk.views.database_lost import save_elsewhere

        if save_elsewhere(self, self.session):
            self.reload_library()

    def _choose_database(self) -> None:
        if self._open_database is not None:
            self._open_database()

    def _create_database(self) -> None:
        if self._new_database is not None:
            self._new_database()

    def publish_library(self) -> None:
        """File > Publish: the whole library as a web site or a Markdown folder."""
        from pmdesk.views.publish_dialog import publish_library

        self.publish_run = publish_library(self, self.session)


def interview_note(pm: Postmortem, *, asked: bool, redacted: bool) -> str:
    """What the export did with the interview notes, for the confirmation."""
    if not pm.interviews:
        return ""
    if asked:
        return ", with the private interview notes: share it only with the people they allow"
    if redacted:
        return ", without the interview notes (never in the redacted edition)"
    return ", without the interview notes"
