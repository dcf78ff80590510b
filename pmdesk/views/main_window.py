"""The main window: the library on the left, the open postmortem's panels on the right."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

# Dialog classes are reached through the module when first used: initialising a Qt class
# (and its enums) costs time on the way to the first paint.
from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pmdesk.operations import library as library_ops
from pmdesk.ui import settings
from pmdesk.ui.lazy import Qt
from pmdesk.ui.screen import fit_to_screen
from pmdesk.ui.session import DocumentSession, SaveState
from pmdesk.views import panels
from pmdesk.views.database_faults import (
    database_command,
    patiently,
    show_note,
    stopped_text,
    wait_for_lock,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent, QKeySequence

    from pmdesk.database import LibraryEntry
    from pmdesk.document import Change, Document
    from pmdesk.views.meeting_layout import LibraryFold

# Panel keys in Ctrl+1 ... Ctrl+5 order.
PANELS = ("overview", "timeline", "notes", "factors", "actions")
PANEL_TITLES = {
    "overview": "&Overview",
    "timeline": "&Timeline",
    "notes": "&Notes",
    "factors": "&Contributing factors",
    "actions": "&Action items",
}


# Fields shown in the library list.
_LIBRARY_FIELDS = {
    "title",
    "kind",
    "status",
    "severity",
    "started_at",
    "detected_at",
    "resolved_at",
}


class MainWindow(QMainWindow):
    firstPainted = Signal(float)  # seconds since start-up began
    startupFinished = Signal()  # the database is open and the last postmortem is back
    # Set by pmdesk.views.meeting_keys when the editor is built: folds the library for the meeting.
    library_fold: LibraryFold | None = None

    def __init__(
        self,
        session: DocumentSession,
        entries: list[LibraryEntry] | None,
        *,
        started: float | None = None,
        open_database: Callable[[], None] | None = None,
        new_database: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        session.setParent(self)  # the open document lives and dies with its window
        self._started = started if started is not None else time.perf_counter()
        self._painted = False
        self._open_database = open_database
        self._lost_notices = 0  # times the database-lost offer was shown
        self._new_database = new_database
        self.setWindowTitle("pmdesk")
        self.resize(1280, 760)
        fit_to_screen(self)  # a 1280 x 720 laptop screen has room for less

        from pmdesk.views.library import LibraryPane

        self.library = LibraryPane()
        self.library.setMinimumWidth(240)
        self.stack = QStackedWidget()
        self.welcome = self._make_welcome()
        self.stack.addWidget(self.welcome)
        # The editor page (timer bar, panels, guidance) is built right after the first paint.
        self.editor: QWidget | None = None
        self.panels: Mapping[str, QWidget] = {}  # built on first use (see _Panels)
        self.holders: dict[str, panels.PanelHolder] = {}

        self.splitter = QSplitter()  # horizontal
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 1030])
        self.setCentralWidget(self.splitter)

        self.save_label = QLabel("No postmortem open")
        self.save_label.setObjectName("saveState")
        self.statusBar().addPermanentWidget(self.save_label)

        if entries is not None:
            self.library.set_entries(entries)
        # Coming back to the postmortem that was open: its page comes up whole as soon as it is
        # loaded; until then a quiet line says which one, never the welcome page.
        reopening = self._postmortem_to_reopen()
        if reopening is not None:
            row = self.library.model.row_of(reopening)
            title = self.library.model.entries[row].title or "Untitled postmortem"
            self.opening = QLabel(f"Opening “{title}”…")
            self.opening.setObjectName("openingNote")
            self.opening.setWordWrap(True)
            self.stack.addWidget(self.opening)
            self.stack.setCurrentWidget(self.opening)
        self._build_menus()
        self.library.openRequested.connect(self.open_postmortem)
        self.library.new_button.clicked.connect(self.new_postmortem)
        self.library.trash_toggle.toggled.connect(self.show_trash)
        self.library.restore_button.clicked.connect(self.restore_selected)
        self.library.empty_trash_button.clicked.connect(self.empty_trash)
        session.saveStateChanged.connect(self._on_save_state)
        session.documentOpened.connect(self._on_document_opened)
        session.changed.connect(self._on_change)
        session.librarySaved.connect(self.library.model.update_from)
        session.databaseLost.connect(self._on_database_lost)
        self.installEventFilter(self)

    # -- construction --------------------------------------------------------------------------
    def _make_welcome(self) -> QWidget:
        # Shown in the first frame: alignment comes from the stylesheet and the layout's
        # stretches, not from `Qt` flags (see pmdesk.ui.lazy).
        from PySide6.QtGui import QPixmap

        from pmdesk.paths import resource_path

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(14)
        layout.addStretch(1)
        logo = QLabel()
        logo.setObjectName("welcomeLogo")
        logo.setFixedSize(64, 64)
        pixmap = QPixmap(str(resource_path("icons", "pmdesk-128.png")))  # under 1 ms
        pixmap.setDevicePixelRatio(2.0)  # 64 px on screen, sharp on high-density displays
        logo.setPixmap(pixmap)
        title = QLabel("Welcome to pmdesk")
        title.setObjectName("welcomeTitle")
        text = QLabel(
            "pmdesk helps you run a blameless postmortem: the meeting after an incident where "
            "the team works out how its systems let it happen and what will change, without "
            "looking for someone to blame. It keeps the meeting on its five phases, the "
            "timeline in order and the wording on systems rather than people, and it saves "
            "everything as you type."
        )
        hint = QLabel(
            "To see it at work, open the sample: a finished review of a payment outage, with "
            "its timeline, contributing factors and action items. Or start your own."
        )
        for label in (text, hint):
            label.setObjectName("welcomeText")
            label.setWordWrap(True)
            label.setFixedWidth(600)
        self.welcome_sample_button = QPushButton("Open the sample postmortem")
        self.welcome_sample_button.clicked.connect(self.import_sample)
        self.welcome_new_button = QPushButton("New postmortem")
        self.welcome_new_button.clicked.connect(self.new_postmortem)
        buttons = QtWidgets.QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addStretch(1)
        buttons.addWidget(self.welcome_sample_button)
        buttons.addWidget(self.welcome_new_button)
        buttons.addStretch(1)
        for widget in (logo, title, text, hint):
            row = QtWidgets.QHBoxLayout()
            row.addStretch(1)
            row.addWidget(widget)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addStretch(2)

        def lead_with_the_sample() -> None:
            # On an empty library the sample is the first step; later the user's own work is.
            if self.library.showing_trash:
                return
            empty = not self.library.model.entries
            self.welcome_sample_button.setObjectName("primary" if empty else "")
            self.welcome_new_button.setObjectName("" if empty else "primary")
            if not self.isVisible():
                return  # the first polish, when the window shows, reads the names (15 ms less)
            for button in (self.welcome_sample_button, self.welcome_new_button):
                button.style().unpolish(button)
                button.style().polish(button)

        self.library.model.modelReset.connect(lead_with_the_sample)
        lead_with_the_sample()
        return page

    def _build_panels(self) -> None:
        """The editor page: timer bar, panels and guidance, built once, after the first paint."""
        if self.editor is not None:
            return
        self._build_actions()
        from pmdesk.views.guidance import GuidancePanel
        from pmdesk.views.timer_bar import TimerBar

        self.editor = QWidget()
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.setSpacing(0)
        self.timer_bar = TimerBar(self.session)
        editor_layout.addWidget(self.timer_bar)
        self.tabs = QtWidgets.QTabWidget()
        self.guidance = GuidancePanel(self.timer_bar)
        self.guidance.setMinimumWidth(220)
        self.work_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.work_splitter.addWidget(self.tabs)
        self.work_splitter.addWidget(self.guidance)
        self.work_splitter.setStretchFactor(0, 1)
        self.work_splitter.setCollapsible(0, False)
        self.work_splitter.setSizes([760, 270])
        work = settings.WORK_SPLITTER_STATE.get()
        if not work.isEmpty():
            self.work_splitter.restoreState(work)
        editor_layout.addWidget(self.work_splitter, 1)
        self.stack.addWidget(self.editor)
        for action in self.timer_bar.actions():
            self.meeting_menu.addAction(action)
            self.addAction(action)
        self.timer_bar.panelRequested.connect(self.show_panel)
        from pmdesk.views import meeting_keys

        self.walk = meeting_keys.install(self)  # the timeline walk; keys that work everywhere

        self.panels = panels.Panels(
            self.session,
            {
                "overview": panels.overview_panel,
                "timeline": panels.timeline_panel,
                "notes": panels.notes_panel,
                "factors": panels.factors_panel,
                "actions": panels.actions_panel,
            },
            self._place_panel,
        )
        for key in PANELS:
            # A panel narrower than its content scrolls sideways instead of widening the window
            # past the screen (the window must fit a 1280 x 720 shared screen). The panel itself
            # is built when its tab is first shown (or first asked for): start-up builds one.
            holder = panels.PanelHolder(key)
            holder.setWidgetResizable(True)
            holder.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
            self.holders[key] = holder
            self.tabs.addTab(holder, PANEL_TITLES[key].replace("&", ""))
        last_tab = settings.LAST_PANEL.get()
        self.tabs.setCurrentIndex(last_tab if 0 <= last_tab < len(PANELS) else 0)
        # The panel in front now; the timeline too, whose table the share window and the
        # meeting's event keys follow. The others are built when first shown.
        self.build_panel(PANELS[self.tabs.currentIndex()])
        self.build_panel("timeline")
        from pmdesk.ui.lint_editor import language_service

        problem = language_service(self.session).team_error
        if problem:  # the saved team rules file went bad: say so, the built-in rules still run
            self._show_status(f"Team rules not used: {problem} (Edit > Preferences)")

    def build_panel(self, key: str) -> QWidget:
        """The panel `key`, built now if it was not yet."""
        return self.panels[key]

    def build_all_panels(self) -> None:
        """Every panel, for what reads them all (the keyboard shortcuts sheet)."""
        self._build_panels()
        for key in PANELS:
            self.build_panel(key)

    def _place_panel(self, key: str, panel: QWidget) -> None:
        self.holders[key].setWidget(panel)
        if key == "timeline":
            panel.statusMessage.connect(self._show_status)  # type: ignore[attr-defined]

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
        if self._actions_built:
            return
        self._actions_built = True
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
        self.open_db_action = self._action("&Open database…", self._choose_database, "Ctrl+Shift+O")
        self.new_db_action = self._action("New data&base…", self._create_database)
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
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
        file_menu.addSeparator()
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_elsewhere_action)
        file_menu.addSeparator()
        file_menu.addAction(self.open_db_action)
        file_menu.addAction(self.new_db_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

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

        view_menu = self.view_menu
        self.panel_actions: list[QAction] = []
        for number, key in enumerate(PANELS, start=1):
            action = self._action(
                PANEL_TITLES[key], partial(self.show_panel, key), f"Ctrl+{number}"
            )
            view_menu.addAction(action)
            self.panel_actions.append(action)
        view_menu.addSeparator()
        self.filter_action = self._action(
            "&Filter the library", self.focus_filter, QKeySequence.StandardKey.Find
        )
        view_menu.addAction(self.filter_action)
        self.tracker_action = self._action("Actions trac&ker", self.open_tracker, "Ctrl+Shift+K")
        view_menu.addAction(self.tracker_action)
        self.trash_view_action = self._action(
            "Show t&rash", lambda: self.show_trash(not self.library.showing_trash)
        )
        view_menu.addAction(self.trash_view_action)

        help_menu = self.help_menu
        self.about_action = self._action("&About pmdesk", self.about)
        help_menu.addAction(self.about_action)
        self._update_document_actions()

    def _on_undo_text(self, text: str) -> None:
        self.undo_action.setText(f"&Undo {text}" if text else "&Undo")

    def _on_redo_text(self, text: str) -> None:
        self.redo_action.setText(f"&Redo {text}" if text else "&Redo")

    # -- start-up -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            # The window's paint event comes before its children's: the first frame is
            # complete when control is back in the event loop.
            QTimer.singleShot(0, self._first_frame_done)
        return False

    def _first_frame_done(self) -> None:
        self.firstPainted.emit(time.perf_counter() - self._started)
        self.finish_startup()

    def _set_app_icon(self) -> None:
        # After the first paint, from the pre-rendered PNGs: the SVG would load the SVG icon
        # plugin and render every size the window system asks for (a few ms more).
        from PySide6.QtGui import QGuiApplication, QIcon

        from pmdesk.paths import resource_path

        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication) and app.windowIcon().isNull():
            icon = QIcon()
            for size in (16, 24, 32, 48, 64, 128, 256):
                icon.addFile(str(resource_path("icons", f"pmdesk-{size}.png")))
            app.setWindowIcon(icon)
            # Links the window to its menu entry on Wayland (packaging/linux).
            app.setDesktopFileName("org.pmdesk.pmdesk")

    def finish_startup(self) -> None:
        """After the first paint: open the database fully and reopen the last postmortem."""
        self._set_app_icon()
        if getattr(self, "presentation", None) is None:
            from pmdesk.views.presentation import Presentation

            # Share window, full screen, zoom, theme, keyboard shortcuts (View and Help menus).
            self.presentation = Presentation(self, self.view_menu, self.help_menu)
        self._build_panels()
        self._open_database_fully()
        if self.session.doc is None and self.stack.currentWidget() is not self.welcome:
            self.stack.setCurrentWidget(self.welcome)  # it could not be opened
        self.startupFinished.emit()

    @database_command("open the database")
    def _open_database_fully(self) -> None:
        path = self.session.location.path
        if self.library.model.entries and path is not None and not path.exists():
            # Listed in the first frame, deleted since: never create an empty one in its place.
            from pmdesk.database import DatabaseGone

            self.library.set_entries([])
            raise DatabaseGone(self.session.location.display, replaced=False)
        if not self.library.model.entries:
            # Not listed in the first frame (a new file, an older schema, another backend): the
            # repository opens now, creating or upgrading the schema. Otherwise it opens at the
            # first save, and the last postmortem is read without it.
            self.session.repo  # noqa: B018 - imports SQLAlchemy and checks the schema
            self.reload_library()
        last = self._postmortem_to_reopen()
        if last is not None and self.session.doc is None:
            self.open_postmortem(last)

    def _postmortem_to_reopen(self) -> int | None:
        last = settings.last_open_key(self.session.location.display).get()
        if last and not self.library.showing_trash and self.library.model.row_of(last) >= 0:
            return last
        return None

    # -- library ------------------------------------------------------------------------------
    @database_command("read the library")
    def reload_library(self) -> None:
        trash = self.library.showing_trash
        self.library.set_entries(
            library_ops.list_library(self.session.repo, trash=trash), trash=trash
        )
        if self.session.doc is not None:
            self.library.select(self.session.doc.pm.id)

    @database_command("show the trash")
    def show_trash(self, on: bool) -> None:
        if on == self.library.showing_trash:
            return
        self.library.showing_trash = on
        self.reload_library()

    def focus_filter(self) -> None:
        if self.library.isHidden() and self.library_fold is not None:
            self.library_fold.bring_back()  # folded away for the meeting: Ctrl+F unfolds it
        self.library.filter_edit.setFocus()
        self.library.filter_edit.selectAll()

    @database_command("open the postmortem")
    def open_postmortem(self, postmortem_id: int) -> None:
        doc = self.session.doc
        if doc is not None and doc.pm.id == postmortem_id:
            return
        if not self._save_first("open another postmortem") or not self.session.close():
            self.library.select(doc.pm.id if doc is not None else None)  # keep the list honest
            return
        self._build_panels()
        # The panels fill in one by one; some widgets (a progress bar) repaint at once when
        # changed, which would show a half-filled page. Nothing is drawn until all are done.
        self.setUpdatesEnabled(False)
        try:
            self.session.open(postmortem_id)
        finally:
            self.setUpdatesEnabled(True)

    @database_command("create a new postmortem")
    def new_postmortem(self) -> None:
        if self.library.showing_trash:
            self.show_trash(False)
        from pmdesk.meeting import default_plan
        from pmdesk.model import Postmortem

        pm = Postmortem()
        pm.phases = default_plan(pm.kind)
        new_id = patiently(self, self.session, lambda: self.session.create(pm))
        self.reload_library()
        self.open_postmortem(new_id)
        self.show_panel("overview")

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
        from pmdesk.report import render, suggested_filename

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
        try:
            data = render(doc.pm, fmt, page_size=settings.PAGE_SIZE.get())
            target = atomic_write(target, data, protect=protect)
        except FileProblem as exc:
            QtWidgets.QMessageBox.warning(self, "Export failed", str(exc))
            return None
        settings.EXPORT_FOLDER.set(str(target.parent))
        answer = QtWidgets.QMessageBox.question(
            self, "Exported", f"Saved {target.name} in {target.parent}.\n\nOpen it now?"
        )
        if answer == QtWidgets.QMessageBox.StandardButton.Yes:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        return target

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

    def import_timeline(self) -> None:
        if self.session.doc is None:
            return
        self.show_panel("timeline")
        self.panels["timeline"].choose_and_import()  # type: ignore[attr-defined]

    def _show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

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

    @database_command("duplicate the postmortem")
    def duplicate_current(self) -> None:
        doc = self.session.doc
        if doc is None or doc.pm.id is None or not self._save_first("duplicate the postmortem"):
            return
        new_id = patiently(
            self, self.session, partial(library_ops.duplicate, self.session.repo, doc.pm.id)
        )
        self.reload_library()
        self.open_postmortem(new_id)

    @database_command("move the postmortem to the trash")
    def trash_current(self) -> None:
        doc = self.session.doc
        if doc is None or doc.pm.id is None:
            return
        title = doc.pm.title or "Untitled postmortem"
        answer = QtWidgets.QMessageBox.question(
            self,
            "Move to trash",
            f"Move “{title}” to the trash?\n\nIt stays there, and can be restored, until the "
            "trash is emptied.",
        )
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        postmortem_id = doc.pm.id
        if not self._save_first("move the postmortem to the trash"):
            return
        # Trashed first, closed after: a database that refuses leaves it open as it was.
        patiently(
            self,
            self.session,
            partial(library_ops.trash_postmortem, self.session.repo, postmortem_id),
        )
        self.session.close()
        self.reload_library()

    @database_command("restore the postmortem")
    def restore_selected(self) -> None:
        selected = self.library.selected_id()
        if selected is None:
            return
        patiently(self, self.session, partial(library_ops.restore, self.session.repo, selected))
        self.library.showing_trash = False
        self.reload_library()
        self.open_postmortem(selected)

    @database_command("empty the trash")
    def empty_trash(self) -> None:
        count = len(self.library.model.entries)
        if not count:
            return
        answer = QtWidgets.QMessageBox.question(
            self,
            "Empty trash",
            f"Delete the {count} postmortem{'s' if count != 1 else ''} in the trash for good? "
            "This cannot be undone.",
        )
        if answer == QtWidgets.QMessageBox.StandardButton.Yes:
            patiently(self, self.session, partial(library_ops.empty_trash, self.session.repo))
            self.reload_library()

    # -- panels and state ------------------------------------------------------------------------
    def show_panel(self, key: str) -> None:
        if self.session.doc is None or key not in PANELS:
            return
        panel = self.panels[key]
        self.tabs.setCurrentWidget(self.holders[key])
        focus = {
            "overview": lambda: getattr(panel, "title_edit", None),
            "notes": lambda: getattr(panel, "editor", None),
        }.get(key, lambda: getattr(panel, "main_editor", None))()
        (focus or panel).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_panel(self) -> QWidget | None:
        """The panel in front (inside its scroll holder)."""
        for key, holder in self.holders.items():
            if holder is self.tabs.currentWidget():
                return self.panels[key]
        return None

    def save_now(self) -> None:
        self.session.save_now()

    def _on_document_opened(self, doc: Document | None) -> None:
        self._build_panels()
        assert self.editor is not None
        self.stack.setCurrentWidget(self.editor if doc is not None else self.welcome)
        self._update_document_actions()
        if doc is None:
            self.setWindowTitle("pmdesk")
            self.save_label.setText("No postmortem open")
            return
        self._update_title()
        self.library.select(doc.pm.id)
        last_open = settings.last_open_key(self.session.location.display)
        if doc.pm.id is not None and last_open.get() != doc.pm.id:
            last_open.set(doc.pm.id)  # a write to the settings file: not when reopening it
        self.save_label.setText(self.session.saved_text())

    def _on_change(self, change: Change) -> None:
        if "title" in change.fields:
            self._update_title()
        doc = self.session.doc
        if doc is not None and set(change.fields) & _LIBRARY_FIELDS:
            self.library.model.update_from(doc.pm)  # the list follows typing, not only saves

    def _update_title(self) -> None:
        doc = self.session.doc
        if doc is not None:
            self.setWindowTitle(f"{doc.pm.title or 'Untitled postmortem'} — pmdesk")

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

    def _save_first(self, doing: str) -> bool:
        """Save the open postmortem before `doing`; if that fails, say why once and keep it open."""
        told = self._lost_notices
        if self.session.save_now():
            return True
        if self.session.state == SaveState.WAITING:
            # Another program holds the lock: wait for it (the window answering), then save.
            if wait_for_lock(self, self.session, doing):
                return self.session.save_now() or self._save_first(doing)
            show_note(self, stopped_text(doing))
            return False
        if self._lost_notices == told:  # the database-lost offer has not just said it
            QtWidgets.QMessageBox.warning(
                self,
                "Not saved",
                f"pmdesk could not {doing}: the open postmortem could not be saved first, so it "
                f"stays open with your changes.\n\n{self.save_label.text()}",
            )
        return False

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

    def _on_save_state(self, state: str, text: str) -> None:
        self.save_label.setText(text)
        self.save_label.setProperty("state", state)
        self.save_label.style().unpolish(self.save_label)
        self.save_label.style().polish(self.save_label)

    def _choose_database(self) -> None:
        if self._open_database is not None:
            self._open_database()

    def _create_database(self) -> None:
        if self._new_database is not None:
            self._new_database()

    def about(self) -> None:
        """Help > About: the version, where the data is, and the licences of the bundled fonts."""
        from pmdesk.views.about import about_dialog

        dialog = self.about_dialog = about_dialog(self, self.session.location.display)
        dialog.open()  # window-modal, and never blocks the caller

    # -- closing -------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        if not self.session.save_now():
            answer = QtWidgets.QMessageBox.warning(
                self,
                "Changes not saved",
                "The latest changes could not be saved (the status bar says why). "
                "Quit anyway and lose them?",
                QtWidgets.QMessageBox.StandardButton.Discard
                | QtWidgets.QMessageBox.StandardButton.Cancel,
                QtWidgets.QMessageBox.StandardButton.Cancel,  # Enter keeps the work
            )
            if answer != QtWidgets.QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        settings.WINDOW_GEOMETRY.set(self.saveGeometry())
        settings.WINDOW_STATE.set(self.saveState())
        settings.SPLITTER_STATE.set(self.splitter.saveState())
        if self.editor is not None:
            settings.WORK_SPLITTER_STATE.set(self.work_splitter.saveState())
        if self.panels:
            settings.LAST_PANEL.set(self.tabs.currentIndex())
        self.session.stop_saving()  # no retry may raise a dialog for a window that is gone
        event.accept()

    def restore_layout(self) -> None:
        geometry = settings.WINDOW_GEOMETRY.get()
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
            fit_to_screen(self)  # saved on a larger monitor, restored on a laptop
        state = settings.WINDOW_STATE.get()
        if not state.isEmpty():
            self.restoreState(state)
        splitter = settings.SPLITTER_STATE.get()
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
