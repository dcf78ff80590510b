"""The commands for running a meeting on a shared screen: the share window, full screen, zoom,
themes and the keyboard shortcuts sheet, added to the main window's View and Help menus.

Kept out of main_window.py so that window stays about documents. None of it is on the way to the
first paint: the main window adds these commands right after it, and the share window and the
shortcuts sheet are made on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from pmdesk.ui import settings, theme
from pmdesk.views.meeting_keys import MEETING_KEYS

if TYPE_CHECKING:
    from pmdesk.views.facilitator_strip import FacilitatorStrip
    from pmdesk.views.share import ShareWindow
    from pmdesk.views.shortcuts_dialog import ShortcutsDialog


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


class Presentation(QObject):
    """Owns the View > Share window / Full screen / Zoom / Theme and Help > Keyboard shortcuts
    commands of one main window."""

    def __init__(self, window: Any, view_menu: QMenu, help_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.share_window: ShareWindow | None = None
        self.strip: FacilitatorStrip | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None

        view_menu.addSeparator()
        self.share_action = self._action(
            "&Share window",
            list(MEETING_KEYS["share_window"]),
            "A separate window for the call: the phase, its clock and what the room works on, "
            "never your notes",
        )
        self.share_action.setCheckable(True)
        self.share_action.toggled.connect(self.set_share_visible)
        self.full_screen_action = self._action(
            "F&ull screen", ["F11"], "Fill the screen with this window (F11 again to leave)"
        )
        self.full_screen_action.triggered.connect(lambda _c=False: self.toggle_full_screen())
        view_menu.addAction(self.share_action)
        view_menu.addAction(self.full_screen_action)

        zoom_menu = view_menu.addMenu("&Zoom")
        self.zoom_in_action = self._action(
            "Zoom &in", ["Ctrl+=", "Ctrl++"], "Larger text everywhere, the share window too"
        )
        self.zoom_out_action = self._action("Zoom &out", ["Ctrl+-"], "Smaller text everywhere")
        self.zoom_reset_action = self._action("&Reset zoom", ["Ctrl+0"], "Text at its usual size")
        self.zoom_in_action.triggered.connect(
            lambda _c=False: self.set_zoom(theme.zoom_in(self.zoom))
        )
        self.zoom_out_action.triggered.connect(
            lambda _c=False: self.set_zoom(theme.zoom_out(self.zoom))
        )
        self.zoom_reset_action.triggered.connect(lambda _c=False: self.set_zoom(theme.DEFAULT_ZOOM))
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            zoom_menu.addAction(action)

        theme_menu = view_menu.addMenu("T&heme")
        self.theme_group = QActionGroup(self)
        self.theme_group.setExclusive(True)
        self.theme_actions: dict[str, QAction] = {}
        chosen = settings.THEME.get()
        for key, text in theme.THEME_CHOICES:
            action = QAction(text, self.window)
            action.setCheckable(True)
            action.setChecked(key == chosen)
            action.setStatusTip(
                "Follow the desktop's light, dark or high-contrast setting"
                if key == theme.SYSTEM
                else f"Use the {text.replace('&', '').lower()} theme"
            )
            action.triggered.connect(lambda _c=False, key=key: self.set_theme(key))
            self.theme_group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions[key] = action
        if chosen not in self.theme_actions:
            self.theme_actions[theme.SYSTEM].setChecked(True)

        self.shortcuts_action = self._action(
            "&Keyboard shortcuts",
            list(MEETING_KEYS["shortcuts"]),
            "Every command and its keys",
        )
        self.shortcuts_action.triggered.connect(lambda _c=False: self.show_shortcuts())
        first = help_menu.actions()[0] if help_menu.actions() else None
        if first is None:
            help_menu.addAction(self.shortcuts_action)
        else:
            help_menu.insertAction(first, self.shortcuts_action)
            help_menu.insertSeparator(first)
        # Meeting commands work from every window: the share window, the tracker, a dialog.
        for action in (self.share_action, self.shortcuts_action, self.full_screen_action):
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self._update_zoom_actions()
        # Made after the first paint: now is the time to check the desktop's scheme exactly.
        QTimer.singleShot(0, self, self._settle)

    def _action(self, text: str, keys: list[str], tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setStatusTip(tip)
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shortcut})")
        self.window.addAction(action)
        return action

    def _settle(self) -> None:
        theme.settle(_app())

    # -- zoom and theme ---------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return theme.clamp_zoom(settings.ZOOM.get())

    def set_zoom(self, zoom: float) -> None:
        """Zoom the whole app (the same stylesheet template as the theme); remembered."""
        zoom = theme.clamp_zoom(zoom)
        settings.ZOOM.set(zoom)
        theme.apply(_app(), settings.THEME.get(), zoom)
        self._update_zoom_actions()
        self.window.statusBar().showMessage(f"Zoom {round(zoom * 100)}%", 3000)

    def _update_zoom_actions(self) -> None:
        zoom = self.zoom
        self.zoom_in_action.setEnabled(zoom < theme.ZOOM_STEPS[-1])
        self.zoom_out_action.setEnabled(zoom > theme.ZOOM_STEPS[0])
        self.zoom_reset_action.setEnabled(abs(zoom - theme.DEFAULT_ZOOM) > 1e-6)

    def set_theme(self, key: str) -> None:
        settings.THEME.set(key)
        shown = theme.apply(_app(), key, self.zoom)
        self.theme_actions[key].setChecked(True)
        self.window.statusBar().showMessage(
            f"Theme: {dict(theme.THEME_CHOICES)[key].replace('&', '')}"
            + (f" (now {shown.replace('_', ' ')})" if key == theme.SYSTEM else ""),
            3000,
        )

    # -- share window and full screen -------------------------------------------------------
    def share(self) -> ShareWindow:
        """The share window, made on first use (with the panels it follows)."""
        if self.share_window is None:
            from pmdesk.views.share import ShareWindow

            self.window._build_panels()
            share = ShareWindow(
                self.window.session,
                self.window.timer_bar,
                self.window.panels.get("timeline"),
                self.window,
            )
            # The same commands work while the share window is the active one.
            share.addActions(
                [
                    self.share_action,
                    self.full_screen_action,
                    self.zoom_in_action,
                    self.zoom_out_action,
                    self.zoom_reset_action,
                    self.shortcuts_action,
                ]
            )
            share.installEventFilter(self)
            self.window.installEventFilter(self)
            self.share_window = share
            from pmdesk.views.facilitator_strip import FacilitatorStrip

            # On top of the share window while it is open: the meeting in reach on one screen.
            self.strip = FacilitatorStrip(self.window, share)
            from pmdesk.views.share.keep_clear import KeepClear

            # Reword…, Park a point and every other dialog opened meanwhile: off the share window.
            self.keep_clear = KeepClear(share, self.window, self.strip)
        return self.share_window

    def set_share_visible(self, visible: bool) -> None:
        if visible:
            share = self.share()
            # Above the facilitator strip, which goes along the bottom of the screen.
            below = self.strip.room_needed() if self.strip is not None else 0
            share.show_on_screen(self.window, below)
            # In front, and active: on one screen it is the window the call sees, and the
            # meeting keys work from it (the facilitator strip stays on top of it).
            share.raise_()
            share.activateWindow()
        elif self.share_window is not None:
            self.share_window.hide()
        if self.share_action.isChecked() != visible:
            self.share_action.setChecked(visible)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        window: QWidget = self.window
        if watched is window and event.type() == QEvent.Type.Hide:
            # The main window closed: the share window and the strip go with it (and the app
            # can quit with its last window).
            if self.share_window is not None and not window.isMinimized():
                self.share_window.hide()
            return False
        if watched is self.share_window and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            visible = event.type() == QEvent.Type.Show
            if self.share_action.isChecked() != visible:
                self.share_action.setChecked(visible)
            strip = getattr(self, "strip", None)
            if strip is not None and visible and not strip.isVisible():
                strip.place()
                strip.show()
                strip.raise_()
            elif strip is not None and not visible:
                strip.hide()
        return False

    def toggle_full_screen(self, target: QWidget | None = None) -> None:
        """F11: the active window (main or share) fills the screen, or leaves full screen."""
        if target is None:
            active = QApplication.activeWindow()
            target = self.share_window if active is self.share_window else self.window
        assert target is not None
        if target.isFullScreen():
            target.showNormal()
        else:
            target.showFullScreen()

    # -- keyboard shortcuts -------------------------------------------------------------------
    def show_shortcuts(self) -> ShortcutsDialog:
        from pmdesk.views.shortcuts_dialog import ShortcutsDialog

        self.window.build_all_panels()  # their own commands are on the sheet too
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self.window)
        self.shortcuts_dialog.refresh()
        self.shortcuts_dialog.show()
        self.shortcuts_dialog.raise_()
        self.shortcuts_dialog.activateWindow()
        return self.shortcuts_dialog
