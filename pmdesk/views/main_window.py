"""The main window: the library on the left, the open postmortem's panels on the right."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

# Dialog classes are reached through the module when first used: initialising a Qt class
# (and its enums) costs time on the way to the first paint.
from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pmdesk.ui import settings
from pmdesk.ui.lazy import Qt
from pmdesk.ui.screen import fit_to_screen
from pmdesk.ui.session import DocumentSession, SaveState
from pmdesk.views import panels
from pmdesk.views.database_faults import database_command
from pmdesk.views.window.menus import WindowMenus
from pmdesk.views.window.parts import PANEL_TITLES, PANELS

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QKeyEvent
    from PySide6.QtWidgets import QPushButton

    from pmdesk.database import LibraryEntry
    from pmdesk.document import Change, Document
    from pmdesk.ui.live import LiveLink
    from pmdesk.views.conflicts import ConflictView
    from pmdesk.views.meeting_layout import LibraryFold
    from pmdesk.views.window.welcome import Welcome

__all__ = ["PANELS", "PANEL_TITLES", "MainWindow"]

# What the window adds in the idle moment after start-up, once the last postmortem is back.
AFTER_START_MS = 800
# When a large library's first review starts in the background (the review is rarely asked for
# sooner).
REVIEW_AHEAD_MS = 5000

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


class MainWindow(WindowMenus, QMainWindow):
    """The window; its menus and commands come from the parts in pmdesk.views.window."""

    firstPainted = Signal(float)  # seconds since start-up began
    startupFinished = Signal()  # the database is open and the last postmortem is back
    # Set by pmdesk.views.meeting_keys when the editor is built: folds the library for the meeting.
    library_fold: LibraryFold | None = None
    # Set by pmdesk.views.together after the first paint: live refresh, conflicts, presence.
    live: LiveLink | None = None
    conflict_view: ConflictView | None = None
    presence_label: QLabel | None = None

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
        self._held_keys: list[str] = []  # meeting keys pressed while the postmortem opened
        self._new_database = new_database
        self.setWindowTitle("pmdesk")
        self.resize(1280, 760)
        fit_to_screen(self)  # a 1280 x 720 laptop screen has room for less

        from pmdesk.views.library import LibraryPane

        # Containers first, each widget then made inside the one it shows in: with the app's
        # style sheet, a filled widget moved into another has every widget inside restyled.
        self.splitter = QSplitter()  # horizontal
        self.setCentralWidget(self.splitter)
        self.library = LibraryPane(self.splitter)
        self.library.setMinimumWidth(240)
        if entries is not None:
            # Listed before the welcome page is made: its buttons then take their part (which
            # one leads) before they are first styled, and are never restyled at start-up (a
            # restyle asks for the QStyle, whose enum tables cost about 5 ms to set up).
            self.library.set_entries(entries)
        self.stack = QStackedWidget(self.splitter)
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 1030])
        # The welcome page, made when it is first shown (see `welcome`).
        self._welcome: Welcome | None = None
        # The editor page (timer bar, panels, guidance) is built right after the first paint.
        self.editor: QWidget | None = None
        self.panels: Mapping[str, QWidget] = {}  # built on first use (see _Panels)
        self.holders: dict[str, panels.PanelHolder] = {}

        self.save_label = QLabel("No postmortem open")
        self.save_label.setObjectName("saveState")
        self.statusBar().addPermanentWidget(self.save_label)

        # Coming back to the postmortem that was open: its page comes up whole as soon as it is
        # loaded; until then a quiet line says which one, never the welcome page.
        reopening = self._postmortem_to_reopen()
        if reopening is None and entries is None:
            # Not listed yet (an older schema is upgraded first, a server database): the one
            # that was open still comes back, once the database is open.
            reopening = settings.last_open_key(session.location.display).get() or None
        if reopening is None:
            self.stack.setCurrentWidget(self.welcome)
        else:
            row = self.library.model.row_of(reopening)
            title = (
                (self.library.model.entries[row].title or "Untitled postmortem") if row >= 0 else ""
            )
            self.opening = QLabel(
                f"Opening “{title}”…" if title else "Opening the postmortem that was open last…"
            )
            self.opening.setObjectName("openingNote")
            self.opening.setWordWrap(True)
            self.stack.addWidget(self.opening)
            self.stack.setCurrentWidget(self.opening)
            # Nothing is unsaved while it opens; keyed as saved from the first frame, the label
            # needs no restyle when the postmortem is back (QStyle's setup costs about 5 ms).
            self.save_label.setText("")
            self.save_label.setProperty("state", SaveState.SAVED)
        self._build_menus()
        self.library.openRequested.connect(self.open_postmortem)
        self.library.trashRequested.connect(self.trash_entry)
        self.library.searchRequested.connect(self.search_library)
        self.library.new_button.clicked.connect(self.new_postmortem)
        self.library.trash_toggle.toggled.connect(self.show_trash)
        self.library.restore_button.clicked.connect(self.restore_selected)
        self.library.empty_trash_button.clicked.connect(self.empty_trash)
        session.saveStateChanged.connect(self._on_save_state)
        session.documentOpened.connect(self._on_document_opened)
        session.changed.connect(self._on_change)
        session.librarySaved.connect(self.library.model.update_from)
        session.librarySaved.connect(lambda _pm: self.refresh_team_status())
        session.databaseLost.connect(self._on_database_lost)
        self.installEventFilter(self)

    # -- the welcome page -----------------------------------------------------------------------
    @property
    def welcome(self) -> QWidget:
        """The page shown when no postmortem is open; not made when one is about to reopen."""
        return self._welcome_page().page

    @property
    def welcome_sample_button(self) -> QPushButton:
        return self._welcome_page().sample_button

    @property
    def welcome_new_button(self) -> QPushButton:
        return self._welcome_page().new_button

    def _welcome_page(self) -> Welcome:
        if self._welcome is None:
            from pmdesk.views.window.welcome import build_welcome

            self._welcome = build_welcome(
                self, self.library, self.import_sample, self.new_postmortem, self.stack
            )
            self.stack.addWidget(self._welcome.page)
        return self._welcome

    # -- the editor page ------------------------------------------------------------------------
    def _build_panels(self) -> None:
        """The editor page: timer bar, panels and guidance, built once, after the first paint."""
        if self.editor is not None:
            return
        self._build_actions()
        from pmdesk.views.guidance import GuidancePanel
        from pmdesk.views.timer_bar import TimerBar

        # Each part made inside the widget it shows in (see __init__).
        self.editor = QWidget(self.stack)
        self.stack.addWidget(self.editor)
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.setSpacing(0)
        self.timer_bar = TimerBar(self.session, self.editor)
        editor_layout.addWidget(self.timer_bar)
        self.work_splitter = QSplitter(Qt.Orientation.Horizontal, self.editor)
        self.tabs = QtWidgets.QTabWidget(self.work_splitter)
        self.guidance = GuidancePanel(self.timer_bar, self.work_splitter)
        self.guidance.setMinimumWidth(220)
        self.work_splitter.addWidget(self.tabs)
        self.work_splitter.addWidget(self.guidance)
        self.work_splitter.setStretchFactor(0, 1)
        self.work_splitter.setCollapsible(0, False)
        self.work_splitter.setSizes([760, 270])
        work = settings.WORK_SPLITTER_STATE.get()
        if not work.isEmpty():
            self.work_splitter.restoreState(work)
        editor_layout.addWidget(self.work_splitter, 1)
        for action in self.timer_bar.actions():
            self.meeting_menu.addAction(action)
            self.addAction(action)
        self.timer_bar.panelRequested.connect(self.show_panel)
        from pmdesk.views import meeting_keys

        self.walk = meeting_keys.install(self)  # the timeline walk; keys that work everywhere
        from pmdesk.views import meeting_aids

        self.aids = meeting_aids.install(self)  # parking lot, move-on cue, round robin, pre-read

        self.panels = panels.Panels(
            self.session,
            {
                "overview": panels.overview_panel,
                "timeline": panels.timeline_panel,
                "notes": panels.notes_panel,
                "factors": panels.factors_panel,
                "actions": panels.actions_panel,
                "close": panels.close_panel,
                "interviews": panels.interviews_panel,
            },
            self._place_panel,
            self._panel_parent,
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
        # The panel in front now; the others when first shown or asked for.
        self.build_panel(PANELS[self.tabs.currentIndex()])
        # The page comes forward once the timer bar and the panel have taken the document
        # (handlers run in the order connected): widgets keyed on a state are first styled
        # with it rather than restyled after it.
        self.session.documentOpened.disconnect(self._on_document_opened)
        self.session.documentOpened.connect(self._on_document_opened)
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

    def _panel_parent(self, key: str) -> QWidget:
        """Where the panel `key` is made: inside the scroll holder of its tab."""
        return self.holders[key].page

    def _place_panel(self, key: str, panel: QWidget) -> None:
        self.holders[key].setWidget(panel)
        if key == "timeline":
            panel.statusMessage.connect(self._show_status)  # type: ignore[attr-defined]

    # -- start-up -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            # Only the first paint is wanted: the window's other events (hundreds at start-up,
            # one for each action added) need not come through Python.
            self.removeEventFilter(self)
            # The window's paint event comes before its children's: the first frame is
            # complete when control is back in the event loop.
            QTimer.singleShot(0, self, self._first_frame_done)
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if self.editor is None and getattr(self, "opening", None) is not None:
            # F8 while "Opening …" shows: kept and carried out once it is open (early_keys).
            from pmdesk.views.window.early_keys import command_of, held_text

            command = command_of(event)
            if command is not None:
                self._held_keys.append(command)
                self.statusBar().showMessage(held_text(self._held_keys))
                event.accept()
                return
        super().keyPressEvent(event)

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
        app = QtWidgets.QApplication.instance()
        if isinstance(app, QtWidgets.QApplication):
            from pmdesk.ui.enter_keys import install_enter_presses
            from pmdesk.ui.menu_keys import install_menu_keys

            install_menu_keys(app)  # every text field's right-click menu shows its keys
            install_enter_presses(app)  # Enter presses a focused button outside dialogs too
        if getattr(self, "presentation", None) is None:
            from pmdesk.views.presentation import Presentation

            # Share window, full screen, zoom, theme, keyboard shortcuts (View and Help menus).
            self.presentation = Presentation(self, self.view_menu, self.help_menu)
        self._build_panels()
        if self.live is None and self.editor is not None:
            from pmdesk.views import together

            # Others' saves coming in, the conflict view, who else has the postmortem open.
            parts = together.install(self, self.session, self.editor, self._refresh_lists)
            self.live, self.conflict_view, self.presence_label = parts
        self._open_database_fully()
        if self._held_keys:
            from pmdesk.views.window.early_keys import hand_over

            held, self._held_keys = self._held_keys, []
            hand_over(self, held)
        # Timed with the object whose method each is: a window closed and deleted meanwhile
        # cancels them (see pmdesk.views.window.team_sync on methods of other objects).
        QTimer.singleShot(AFTER_START_MS, self.library, self.library.add_clear_button)
        QTimer.singleShot(REVIEW_AHEAD_MS, self, self._review_ahead)
        if self.session.doc is None and (
            self._welcome is None or self.stack.currentWidget() is not self._welcome.page
        ):
            self.stack.setCurrentWidget(self.welcome)  # it could not be opened
            self.save_label.setText("No postmortem open")
        self.startupFinished.emit()

    def _review_ahead(self) -> None:
        """A large library's review worked out in the background (see views/review/ahead.py)."""
        from pmdesk.views.review.ahead import start_if_wanted

        if not self.isVisible():  # closed meanwhile (another database was opened): not wanted
            return
        start_if_wanted(self.session.location, len(self.library.model.entries))

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
        self.show_team_status_soon()

    def _refresh_lists(self) -> None:
        """Someone saved something: the library and an open tracker show it."""
        self.reload_library()
        tracker = getattr(self, "tracker", None)
        if tracker is not None and tracker.isVisible():
            tracker.reload()

    def _postmortem_to_reopen(self) -> int | None:
        last = settings.last_open_key(self.session.location.display).get()
        if last and not self.library.showing_trash and self.library.model.row_of(last) >= 0:
            return last
        return None

    def _show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

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

    def _on_save_state(self, state: str, text: str) -> None:
        self.save_label.setText(text)
        if self.save_label.property("state") == state:
            return
        self.save_label.setProperty("state", state)
        from pmdesk.ui.widgets import restyle  # its module imports `Qt`: not before the paint

        restyle(self.save_label)

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
        if self.session.shared is not None and self.session.shared.conflicts:
            from pmdesk.views import together

            together.say_conflicts_kept(self, self.session)
        settings.WINDOW_GEOMETRY.set(self.saveGeometry())
        settings.WINDOW_STATE.set(self.saveState())
        settings.SPLITTER_STATE.set(self.splitter.saveState())
        if self.editor is not None:
            settings.WORK_SPLITTER_STATE.set(self.work_splitter.saveState())
        if self.panels:
            settings.LAST_PANEL.set(self.tabs.currentIndex())
        self.session.stop_saving()  # no retry may raise a dialog for a window that is gone
        self._end_background_reviews()
        event.accept()

    def _end_background_reviews(self) -> None:
        """Closing (quitting) leaves no process behind: the review being worked out stops, and
        the helper processes of it and of the review worked out ahead end now."""
        from pmdesk.views.review import ahead

        review_window = getattr(self, "review_window", None)
        if review_window is not None:
            review_window.cancel()
        ahead.stop()

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
