"""Getting facts into the timeline in bulk: pasted lines, exported files and returned sheets.

Every way in shows a preview first and adds what the facilitator accepts as one undo step; a file
that cannot be read adds nothing and says why.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from pmdesk.model import TimelineEvent
from pmdesk.operations import timeline as timeline_ops
from pmdesk.operations.edit import Edit
from pmdesk.timeline.load import detect_format, load_timeline_file
from pmdesk.timeline.paste import known_names, parse_paste
from pmdesk.timeline.reading import ImportFailed
from pmdesk.timeline.slack import SlackChannel, is_slack_export, slack_channels
from pmdesk.timeline.spreadsheet import csv_columns, guess_mapping
from pmdesk.timeline.times import format_time, time_display
from pmdesk.ui import settings
from pmdesk.ui.timeline_model import TimeFormat
from pmdesk.views.csv_mapping import CsvMappingDialog
from pmdesk.views.import_preview import ImportPreviewDialog
from pmdesk.views.paste_preview import PastePreviewDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from pmdesk.views.timeline.host import TimelineHost


def sheet_notes(sheet: timeline_ops.TimelineImport) -> list[str]:
    """What merging returned sheets left out on its own: the duplicates it folded."""
    if not sheet.folded:
        return []
    return [f"{len(sheet.folded)} already in the timeline (folded, not added)."]


def _events(count: int) -> str:
    return f"{count} event{'s' if count != 1 else ''}"


class TimelineImporter:
    """The panel's paste and import commands; the panel owns the widgets and the selection."""

    def __init__(self, panel: TimelineHost, parent: QWidget) -> None:
        self.panel = panel
        self.parent = parent  # the dialogs' parent: the panel itself
        self.session = panel.session

    def _say(self, message: str) -> None:
        self.panel.statusMessage.emit(message)

    def _refuse(self, exc: ImportFailed, what_next: str) -> int:
        QMessageBox.warning(self.parent, "The timeline was not imported", f"{exc}\n\n{what_next}")
        self._say(f"Nothing imported: {exc}")
        return 0

    def _apply(self, edit: Edit) -> list[TimelineEvent]:
        """Apply an import or paste as one undo step and select the first event it added.

        Only the first: with every new row selected, the next marker key (Alt+1, Trigger) went
        on all of them, where a facilitator walks the new events one by one from the top."""
        self.session.apply(edit)
        events = timeline_ops.added(edit)
        if events:
            rows = self.panel.model.rows_of([e.id for e in events])
            first = self.panel.model.event_at(min(rows)) if rows else events[0]
            self.panel.select_events([first.id])
        return events

    # -- paste ------------------------------------------------------------------------------------
    def paste_from_clipboard(self) -> None:
        self.paste_text(QApplication.clipboard().text())

    def paste_text(self, text: str) -> int:
        """Preview the events read from pasted lines; add them all as one step when confirmed."""
        doc = self.session.doc
        if doc is None:
            return 0
        if not text.strip():
            self._say("The clipboard holds no text. Copy lines that start with a time, then paste.")
            return 0
        self.session.flush_edits()
        current = self.panel.current_event()
        anchor = current or (doc.pm.timeline[-1] if doc.pm.timeline else None)
        zone = self.panel.model.format.zone
        previous = None
        if anchor is not None:
            previous = anchor.at.astimezone(zone) if zone is not None else anchor.at
        # A line with no date belongs to the incident's day, as in every other import.
        defaults = timeline_ops.where_times_belong(doc)
        names = known_names([a.name for a in doc.pm.attendees])
        result = parse_paste(text, previous=previous, day=defaults.day, tz=defaults.tz, names=names)
        shown_zone = zone or (result.events[0].at.tzinfo if result.events else None)
        everything = sorted([*doc.pm.timeline, *result.events], key=lambda e: e.at)
        fmt = TimeFormat(time_display(everything, shown_zone), shown_zone, None)
        dialog = PastePreviewDialog(result, fmt.show, self.parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if not result.events:
            self._say("Nothing pasted: no line could be read as an event")
            return 0
        if not accepted:
            self._say("Paste cancelled: nothing was added")
            return 0
        count = len(result.events)
        self._apply(timeline_ops.add_events(doc, result.events, f"Paste {_events(count)}"))
        message = f"Added {_events(count)} from the clipboard"
        if result.problems:
            unread = len(result.problems)
            message += f"; {unread} line{'s were' if unread != 1 else ' was'} not read"
        self._say(message)
        return count

    # -- files --------------------------------------------------------------------------------------
    def choose_and_import(self) -> int:
        """File > Import timeline…: pick a file, then import it (with a mapping step for CSV)."""
        if self.session.doc is None:
            self._say("Open a postmortem first, then import its timeline")
            return 0
        names, _ = QFileDialog.getOpenFileNames(
            self.parent,
            "Import timeline events (several files: returned contribution sheets)",
            settings.IMPORT_FOLDER.get(),
            "Timeline exports (*.csv *.tsv *.json *.txt *.zip *.vtt);;All files (*)",
        )
        if not names:
            return 0
        settings.IMPORT_FOLDER.set(str(Path(names[0]).parent))
        if len(names) == 1:
            return self.import_file(names[0])
        return self.import_sheets([Path(n) for n in names])

    def import_sheets(self, paths: list[Path]) -> int:
        """Merge many returned contribution sheets at once, after one preview of all of them."""
        doc = self.session.doc
        if doc is None:
            return 0
        self.session.flush_edits()
        defaults = timeline_ops.where_times_belong(doc)
        told: list[TimelineEvent] = []
        try:
            for path in paths:
                if detect_format(path) != "sheet":
                    raise ImportFailed(
                        path,
                        "is not a contribution sheet; several files at once are for returned "
                        "sheets, so import this one on its own",
                    )
                told += load_timeline_file(path, fmt="sheet", tz=defaults.tz, day=defaults.day)
        except ImportFailed as exc:
            return self._refuse(exc, "Nothing was added to the timeline from any of the files.")
        merged = timeline_ops.plan_import(doc, [], told)
        return self._preview_and_add(f"{len(paths)} sheets", merged, defaults.tz)

    def _preview_and_add(
        self, what: str, merged: timeline_ops.TimelineImport, tz: tzinfo | None
    ) -> int:
        doc = self.session.doc
        assert doc is not None
        preview = ImportPreviewDialog(
            what,
            lambda *_choices: merged.new,
            lambda at: format_time(at, with_date=True, with_seconds=True, tz=tz),
            notes=sheet_notes(merged),
            conflicts=merged.conflicts,
            tz=tz,
            parent=self.parent,
        )
        accepted = preview.exec() == QDialog.DialogCode.Accepted
        events, moves = preview.settled()
        if not accepted or not (events or moves):
            self._say(f"Import of {what} cancelled or empty: nothing was added")
            return 0
        added = self._apply(timeline_ops.import_timeline(doc, events, what, moves=moves))
        if not added:
            self.panel.select_events([event_id for event_id, _at in moves])
        message = f"Imported {_events(len(added))} from {what}"
        if moves:
            message += f"; {len(moves)} time{'s' if len(moves) != 1 else ''} corrected"
        self._say(message)
        return len(added)

    def import_file(self, path: str | Path) -> int:
        """Import a whole file as one undo step after a preview; returns how many were added."""
        doc = self.session.doc
        if doc is None:
            return 0
        path = Path(path)
        self.session.flush_edits()
        defaults = timeline_ops.where_times_belong(doc)
        day, tz, window = defaults.day, defaults.tz, defaults.window
        channels: list[SlackChannel] = []
        try:
            fmt = detect_format(path)
            mapping = None
            if fmt == "csv":
                header = csv_columns(path)
                dialog = CsvMappingDialog(path, header, guess_mapping(header), self.parent)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    self._say(f"Import of {path.name} cancelled: nothing was added")
                    return 0
                mapping = dialog.mapping()
            if fmt == "slack" and is_slack_export(path):
                channels = slack_channels(path)
                read = None
            elif fmt == "vtt":
                read = None  # its times count from a start the facilitator gives in the preview
            else:
                read = load_timeline_file(path, fmt=fmt, mapping=mapping, tz=tz, day=day)
        except ImportFailed as exc:
            return self._refuse(
                exc, "Nothing was added to the timeline. Fix the file and import it again."
            )
        if fmt == "sheet" and read is not None:
            merged = timeline_ops.plan_import(doc, [], read)
            return self._preview_and_add(path.name, merged, tz)

        skipped: dict[str, int] = {}

        def load(chosen: Any, window: Any, starts_at: datetime | None) -> list[TimelineEvent]:
            if read is not None:
                return read
            return load_timeline_file(
                path,
                channels=chosen,
                window=window,
                starts_at=starts_at,
                tz=tz,
                day=day,
                skipped=skipped,
            )

        preview = ImportPreviewDialog(
            path.name,
            load,
            lambda at: format_time(at, with_date=True, with_seconds=True, tz=tz),
            existing=doc.pm.timeline,
            channels=channels,
            window=window,
            ask_start=fmt == "vtt",
            skipped=skipped,
            day=day,
            tz=tz,
            parent=self.parent,
        )
        accepted = preview.exec() == QDialog.DialogCode.Accepted
        if not preview.events and preview.known:
            self._say(f"Every event in {path.name} is already in the timeline: nothing was added")
            return 0
        if not accepted or not preview.events:
            self._say(f"Import of {path.name} cancelled: nothing was added")
            return 0
        added = self._apply(timeline_ops.import_timeline(doc, preview.events, path.name))
        self._say(f"Imported {_events(len(added))} from {path.name}")
        return len(added)
