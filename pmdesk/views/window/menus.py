"""The window's menus and their commands, and the windows they open (tracker, review,
preferences, about)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from pmdesk.views.window.file_commands import FileCommands
from pmdesk.views.window.parts import PANEL_TITLES, PANELS
from pmdesk.views.window.team_sync import TeamSyncCommands

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QKeySequence


class WindowMenus(FileCommands, TeamSyncCommands):
    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        *,
        tip: str = "",
    ) -> QAction:
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(QKeySequence.keyBindings(shortcut))
        elif shortcut is not None:
            # setShortcuts, not setShortcut: the latter's overloads initialise the whole `Qt`
            # namespace on the way to the first paint (see pmdesk.ui.lazy).
            action.setShortcuts([QKeySequence(shortcut)])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        """The menu titles, in the first frame; their commands come right after it."""
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.edit_menu = bar.addMenu("&Edit")
        self.meeting_menu = bar.addMenu("&Meeting")
        self.view_menu = bar.addMenu("&View")
        self.help_menu = bar.addMenu("&Help")
        self._actions_built = False

    def _build_actions(self) -> None:
        """Every menu's commands, once, right after the first frame."""
        if self._actions_built:
            return
        self._actions_built = True
        self._build_file_menu()
        self._build_edit_menu()
        self._build_view_menu()
        self.about_action = self._action("&About pmdesk", self.about)
        self.help_menu.addAction(self.about_action)
        self._update_document_actions()

    def _build_file_menu(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeySequence

        file_menu = self.file_menu
        self.new_action = self._action(
            "&New postmortem", self.new_postmortem, QKeySequence.StandardKey.New
        )
        self.duplicate_action = self._action("&Duplicate", self.duplicate_current, "Ctrl+Shift+D")
        self.trash_action = self._action("Move to &trash…", self.trash_current, "Ctrl+Shift+Del")
        self.import_action = self._action("&Import postmortem…", self.import_files, "Ctrl+I")
        self.import_timeline_action = self._action(
            "Import time&line…", self.import_timeline, "Ctrl+Shift+I"
        )
        self.sample_action = self._action("Open the sa&mple postmortem", self.import_sample)
        self.save_action = self._action("&Save now", self.save_now, QKeySequence.StandardKey.Save)
        self.save_elsewhere_action = self._action("Save to &Another Database…", self.save_elsewhere)
        self.sync_action = self._action(
            "S&ync with team database",
            self.sync_with_team,
            tip="Send what changed here and take what changed in the team database",
        )
        self.take_offline_action = self._action(
            "Take o&ffline…",
            self.take_offline,
            tip="Copy postmortems from a team database here, to work on with no network",
        )
        self.open_db_action = self._action("&Open database…", self._choose_database, "Ctrl+Shift+O")
        self.new_db_action = self._action("New data&base…", self._create_database)
        # Ctrl+Q on every platform (the platform's own Quit key is empty on some, Windows among
        # them), from any pmdesk window (the share window, the facilitator strip), as the meeting
        # keys work from all of them; the main window's close asks what it always asks.
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q")
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        for action in (self.new_action, self.duplicate_action, self.trash_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.import_timeline_action)
        file_menu.addAction(self.sample_action)
        self.export_menu = file_menu.addMenu("&Export")
        self.export_actions: dict[str, QAction] = {}
        for fmt, text, key in (
            ("pdf", "&PDF report…", None),  # keys: pmdesk.views.meeting_keys
            ("md", "&Markdown for a wiki…", None),
            ("json", "pmdesk &JSON…", None),
        ):
            action = self._action(text, partial(self.export, fmt), key)
            self.export_menu.addAction(action)
            self.export_actions[fmt] = action
        self.export_menu.addSeparator()
        self.redacted_action = self._action("&Redacted edition", lambda: None)
        self.redacted_action.setCheckable(True)
        self.redacted_action.setToolTip(
            "Export the edition safe to publish (on by default for security postmortems)"
        )
        self.export_menu.addAction(self.redacted_action)
        self.interview_notes_action = self._action("Include &interview notes", lambda: None)
        self.interview_notes_action.setCheckable(True)
        self.interview_notes_action.setToolTip(
            "Add the private interview notes to the next export only (never to the redacted "
            "edition)"
        )
        self.export_menu.addAction(self.interview_notes_action)
        self.export_menu.aboutToShow.connect(self.settle_redacted_default)
        self.review_redactions_action = self._action(
            "Re&view redactions…", self.open_redaction_review
        )
        self.export_menu.addAction(self.review_redactions_action)
        self.publish_action = self._action("&Publish…", self.publish_library)
        file_menu.addAction(self.publish_action)
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_elsewhere_action)
        file_menu.addAction(self.take_offline_action)
        file_menu.addAction(self.sync_action)
        file_menu.addSeparator()
        file_menu.addAction(self.open_db_action)
        file_menu.addAction(self.new_db_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

    def _build_edit_menu(self) -> None:
        from PySide6.QtGui import QKeySequence

        edit_menu = self.edit_menu
        self.undo_action = self._action("&Undo", self.session.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action("&Redo", self.session.redo, QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.preferences_action = self._action("&Preferences…", self.open_preferences, "Ctrl+,")
        edit_menu.addAction(self.preferences_action)
        stack = self.session.undo_stack
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(self._on_undo_text)
        stack.redoTextChanged.connect(self._on_redo_text)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)

    def _build_view_menu(self) -> None:
        from PySide6.QtGui import QKeySequence

        view_menu = self.view_menu
        self.panel_actions: list[QAction] = []
        for number, key in enumerate(PANELS, start=1):
            action = self._action(
                PANEL_TITLES[key], partial(self.show_panel, key), f"Ctrl+{number}"
            )
            view_menu.addAction(action)
            self.panel_actions.append(action)
        view_menu.addSeparator()
        # Ctrl+K, as in chat and code tools; Find (Ctrl+F) too, where it has always been.
        self.filter_action = self._action("S&earch the library", self.focus_filter, "Ctrl+K")
        self.filter_action.setShortcuts(
            [QKeySequence("Ctrl+K"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Find)]
        )
        view_menu.addAction(self.filter_action)
        self.tracker_action = self._action("Actions trac&ker", self.open_tracker, "Ctrl+Shift+K")
        view_menu.addAction(self.tracker_action)
        self.review_action = self._action("Re&view", self.open_review)
        view_menu.addAction(self.review_action)
        self.trash_view_action = self._action(
            "Show t&rash", lambda: self.show_trash(not self.library.showing_trash)
        )
        view_menu.addAction(self.trash_view_action)

    def _on_undo_text(self, text: str) -> None:
        self.undo_action.setText(f"&Undo {text}" if text else "&Undo")

    def _on_redo_text(self, text: str) -> None:
        self.redo_action.setText(f"&Redo {text}" if text else "&Redo")

    def _update_document_actions(self) -> None:
        has_doc = self.session.doc is not None
        for action in (
            self.duplicate_action,
            self.trash_action,
            self.save_action,
            self.save_elsewhere_action,
            *self.panel_actions,
        ):
            action.setEnabled(has_doc)
        self.export_menu.setEnabled(has_doc)
        for action in self.export_actions.values():
            action.setEnabled(has_doc)
        # The redacted edition's default (on for security postmortems) is settled when the
        # Export menu or an export first needs it, not at open (the redaction code loads then).
        self.redacted_default_pending = self.session.doc is not None

    def settle_redacted_default(self) -> None:
        """Tick "Redacted edition" as the open postmortem's kind asks, once per opened document."""
        doc = self.session.doc
        if doc is None or not getattr(self, "redacted_default_pending", False):
            return
        from pmdesk.redaction import redacted_by_default

        self.redacted_default_pending = False
        self.redacted_action.setChecked(redacted_by_default(doc.pm))

    def open_tracker(self) -> None:
        from pmdesk.views.tracker import TrackerWindow

        if getattr(self, "tracker", None) is None:
            self.tracker = TrackerWindow(
                self.session.tracker,
                self.open_postmortem,
                self,
                session=self.session,
            )
        self.tracker.reload()
        self.tracker.show()
        self.tracker.raise_()
        self.tracker.activateWindow()

    def open_review(self) -> None:
        from pmdesk.views.review import ReviewWindow

        if getattr(self, "review_window", None) is None:
            self.review_window = ReviewWindow(self.session, self.open_postmortem, self)
        self.review_window.reload()
        self.review_window.show()
        self.review_window.raise_()
        self.review_window.activateWindow()

    def open_preferences(self) -> QWidget:
        """Edit > Preferences: the team rules file and this postmortem's allowed words."""
        from pmdesk.views.preferences import PreferencesDialog

        dialog = getattr(self, "preferences", None)
        if dialog is None:
            dialog = self.preferences = PreferencesDialog(self.session, self)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def about(self) -> None:
        """Help > About: the version, where the data is, and the licences of the bundled fonts."""
        from pmdesk.views.about import about_dialog

        dialog = self.about_dialog = about_dialog(self, self.session.location.display)
        dialog.open()  # window-modal, and never blocks the caller
