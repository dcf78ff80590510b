"""The share window: the one window a facilitator shares in the call.

It follows the meeting live (the title, the phase and its clock, and what the room works on in
that phase) and shows only what is meant for the room: never the running notes, never the
blame-language underlines or any check's warning, never another postmortem. Everything it shows
is read from the open document and the timer bar; it holds no data of its own.

Updates are coalesced: a burst of typing elsewhere costs one refresh a little later, and that
refresh changes only the texts that differ (labels keep their text, tables update their rows in
place), so the shared picture never flickers. The clock follows the timer bar's own ticks.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QMoveEvent, QResizeEvent, QScreen, QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QTableView, QVBoxLayout, QWidget

from pmdesk.document import Change
from pmdesk.meeting import MeetingTimer, TimerReading
from pmdesk.ui import theme
from pmdesk.ui.screen import available_area, fit_to_screen, frame_extra
from pmdesk.ui.session import DocumentSession
from pmdesk.views.share.cue import MoveOnCue
from pmdesk.views.share.factors_page import FactorCard, FactorsPage
from pmdesk.views.share.header import ShareHeader
from pmdesk.views.share.pages import ActionsPage, ClosePage, NonePage, PhasePage, RulesPage
from pmdesk.views.share.timeline_page import TimelinePage
from pmdesk.views.share.widgets import rescale, set_text
from pmdesk.views.share_guard import Key, ShownText, shown_texts

# A burst of edits is shown once, this long after it starts (well inside a second, together with
# the panels' own 250 ms commit delay for typed text).
COALESCE_MS = 120
# After it shows, the window manager frames and places the window within this long: until then
# the window is kept whole on the screen, frame included (see show_on_screen).
SETTLE_MS = 2000
# Pages of the body, by phase key; any other phase gets the plain "phase" page.
PAGES = ("none", "ground_rules", "timeline", "factors", "actions", "close", "phase")


def share_title(title: str) -> str:
    """The share window's title, as the call's window picker lists it. It ends with the app's
    name: the desktop adds "— pmdesk" to a title that does not, which made it say pmdesk twice."""
    return f"Share window: {title} — pmdesk" if title else "Share window — pmdesk"


class PageArea(QStackedWidget):
    """The pages under the header: they take the height the header leaves.

    A page's wrapped text never claims height from the header (the clock and the phase stay
    whole on a small screen); a page that needs more scrolls or shares its rows instead.
    """

    def hasHeightForWidth(self) -> bool:  # Qt override
        return False


class ShareWindow(QWidget):
    """A separate top-level window that follows the meeting, for sharing in a call."""

    # The texts on the shared page changed (another page, an edit, a text hidden): the
    # facilitator's side checks them again.
    shownChanged = Signal()
    # The window manager has had the time to frame and place the window (see show_on_screen).
    settled = Signal()

    def __init__(
        self,
        session: DocumentSession,
        timer_bar: Any,
        timeline_panel: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("shareWindow")
        self.setWindowTitle(share_title(""))
        self.setAccessibleName("Share window")
        self.resize(1280, 720)  # View > Share window fits it to the screen it opens on
        self.session = session
        self.timer_bar = timer_bar
        self.timeline_panel = timeline_panel
        self._pending: set[str] = set()
        self._page_key = ""
        self._focused_factor: str | None = None
        # Texts the facilitator hid from the room, for this meeting (see share_guard).
        self.hidden: set[Key] = set()
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self._flush)
        self._settling = QTimer(self)
        self._settling.setSingleShot(True)
        self._settling.setInterval(SETTLE_MS)
        self._settling.timeout.connect(self.settled)
        # The bottom of the screen kept clear for the facilitator strip (show_on_screen).
        self.clear_below = 0
        self.sized_for_strip = False  # shown ending above the strip, and not resized since
        self._follows_screen = False  # the window's screenChanged is connected (showEvent)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = ShareHeader()
        layout.addWidget(self.header)
        self.pages = PageArea()
        self._build_pages()
        layout.addWidget(self.pages, 1)
        self.cue = MoveOnCue(self.pages)
        self._connect(session, timer_bar, timeline_panel)
        self.refresh_all()

    def _build_pages(self) -> None:
        """One page per phase the room works on (see PAGES), in the stack."""
        self.rules_page = RulesPage()
        self.timeline_page = TimelinePage(
            self.session,
            self.timeline_panel,
            self.hidden,
            self._schedule_timeline,
            self.pages.size,
        )
        self.factors_page = FactorsPage()
        self.actions_page = ActionsPage(self.session, self.hidden, self._schedule_actions)
        self.close_page = ClosePage()
        self.phase_page = PhasePage()
        self.page: dict[str, QWidget] = {
            "none": NonePage(),
            "ground_rules": self.rules_page,
            "timeline": self.timeline_page,
            "factors": self.factors_page,
            "actions": self.actions_page,
            "close": self.close_page,
            "phase": self.phase_page,
        }
        for key in PAGES:
            page = self.page[key]
            page.setObjectName(f"sharePage_{key}")
            self.pages.addWidget(page)
        # What the room sees, by the names the facilitator's side and the tests read.
        timeline = self.timeline_page
        self.timeline_model, self.timeline_proxy = timeline.timeline_model, timeline.timeline_proxy
        self.event_text, self.answer_labels = timeline.event_text, timeline.answer_labels
        self.factor_cards: dict[str, FactorCard] = self.factors_page.factor_cards
        self.action_proxy = self.actions_page.action_proxy
        self.actions_count = self.actions_page.actions_count

    def _connect(self, session: DocumentSession, timer_bar: Any, timeline_panel: Any) -> None:
        # Bound methods, not lambdas: Qt disconnects them when this window goes away.
        session.documentOpened.connect(self._schedule_all)
        session.changed.connect(self._on_change)
        timer_bar.refreshed.connect(self._show_reading)
        timer_bar.phaseChanged.connect(self._on_phase_changed)
        if timeline_panel is not None and hasattr(timeline_panel, "currentEventChanged"):
            timeline_panel.currentEventChanged.connect(self._schedule_timeline)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus)
        # Colours written into rich text (muted owners) follow a theme switch.
        theme.notifier().changed.connect(self._schedule_all)

    # The header's parts, by the names the tests read.
    @property
    def title_label(self) -> QLabel:
        return self.header.title_label

    @property
    def phase_label(self) -> QLabel:
        return self.header.phase_label

    @property
    def next_label(self) -> QLabel:
        return self.header.next_label

    @property
    def clock_label(self) -> QLabel:
        return self.header.clock_label

    @property
    def steps(self) -> list[QLabel]:
        return self.header.steps

    # -- following the meeting -------------------------------------------------------------
    def schedule(self, *sections: str) -> None:
        """Refresh these parts soon; repeated calls within the delay are one refresh."""
        self._pending.update(sections)
        if not self._coalesce.isActive():
            self._coalesce.start()

    def _schedule_all(self, *_args: object) -> None:
        self.schedule("all")

    def _schedule_timeline(self, *_args: object) -> None:
        self.schedule("timeline")

    def _schedule_actions(self, *_args: object) -> None:
        self.schedule("actions")

    def _on_change(self, change: Change) -> None:
        if change.action == "fields":
            fields = set(change.fields)
            if "title" in fields:
                self.schedule("header")
            if {"summary", "lessons"} & fields:
                self.schedule("close")
            # "notes" is deliberately never looked at.
            return
        if change.collection == "timeline":
            self.schedule("timeline")
        elif change.collection == "factors":
            self.schedule("factors")
        elif change.collection == "actions":
            self.schedule("actions")

    def _on_phase_changed(self, _index: int) -> None:
        self._show_reading(self.timer_bar.timer.read() if self.timer_bar.timer else None)
        self.schedule("header")

    def _flush(self) -> None:
        if not self.isVisible():
            return  # done when shown: a hidden share window costs nothing
        pending, self._pending = self._pending, set()
        if "all" in pending:
            self.refresh_all()
            return
        if "header" in pending:
            self._refresh_header()
        if "timeline" in pending:
            self._refresh_timeline()
        if "factors" in pending:
            self._refresh_factors()
        if "actions" in pending:
            self._refresh_actions()
        if "close" in pending:
            self._refresh_close()
        self.shownChanged.emit()

    def refresh_all(self) -> None:
        """Everything from the document and the timer (open, show, tests)."""
        self._pending.clear()
        self._refresh_header()
        self.rules_page.show_plan(self._timer())
        self._refresh_timeline()
        self._refresh_factors()
        self._refresh_actions()
        self._refresh_close()
        timer = self.timer_bar.timer
        self._show_reading(timer.read() if timer is not None else None)
        self.shownChanged.emit()

    # -- what the room sees -------------------------------------------------------------------
    def shown_texts(self) -> list[ShownText]:
        """The postmortem's texts on the page the room sees now."""
        event = self.timeline_page.current_event()
        return shown_texts(
            self.session.doc,
            self._page_key,
            event.id if event is not None else None,
            self.timeline_model.format.show,
        )

    def hide_text(self, key: Key) -> None:
        """Keep one text off the shared screen (for this meeting; the postmortem keeps it)."""
        self.hidden.add(key)
        self.refresh_all()

    def show_hidden(self) -> None:
        self.hidden.clear()
        self.refresh_all()

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and not self._follows_screen:
            self._follows_screen = True
            handle.screenChanged.connect(self.follow_screen)  # dragged to another screen
        self.refresh_all()

    def follow_screen(self, screen: QScreen | None) -> None:
        """Its sizes for the screen it is on, not the primary one: a laptop at 150% beside a
        1080p monitor would otherwise get the laptop's smaller type on the monitor, or the
        monitor's larger type on the laptop (see pmdesk.ui.theme.share_scale)."""
        app = QApplication.instance()
        if screen is None or not isinstance(app, QApplication):
            return
        if theme.follow_share_screen(app, screen.geometry().height()):
            rescale(self)
            self._fit_height()

    # -- header and clock ---------------------------------------------------------------------
    def _timer(self) -> MeetingTimer | None:
        timer: MeetingTimer | None = self.timer_bar.timer
        return timer if self.session.doc is not None else None

    def _refresh_header(self) -> None:
        doc = self.session.doc
        title = (doc.pm.title or "Untitled postmortem") if doc is not None else ""
        if ("", "", "title", -1) in self.hidden:
            title = "Postmortem"
        set_text(self.title_label, title or "pmdesk")
        self.setWindowTitle(share_title(title))
        timer = self._timer()
        self.header.show_plan([p.phase for p in timer.phases] if timer is not None else [])
        self.rules_page.show_plan(timer)

    def _show_reading(self, reading: TimerReading | None) -> None:
        """One clock reading: the timer bar's ticks drive this, so both always agree."""
        timer = self._timer()
        if reading is None or timer is None:
            self._show_page("none")
            self.header.clear()
            return
        key = reading.phase_key
        self._show_page(key if key in PAGES else "phase")
        self.header.show_reading(reading, timer)
        if key not in PAGES:
            set_text(self.phase_page.other_phase, reading.phase_name)

    def _show_page(self, key: str) -> None:
        if key == self._page_key:
            return
        self._page_key = key
        self.pages.setCurrentWidget(self.page[key])
        self._fit_height()
        if key == "timeline":
            self._refresh_timeline()
        self.shownChanged.emit()

    # -- phase contents -----------------------------------------------------------------------
    def _refresh_factors(self) -> None:
        self.factors_page.refresh(
            self.session.doc, self.hidden, self._focused_factor, self._page_key == "factors"
        )
        self._fit_height()

    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The factor the facilitator is typing in is the one the room sees highlighted."""
        widget: QObject | None = new
        while widget is not None and not isinstance(widget, ShareWindow):
            factor_id = getattr(widget, "factor_id", None)
            if isinstance(factor_id, str):
                if factor_id != self._focused_factor:
                    self._focused_factor = factor_id
                    self.schedule("factors")
                return
            widget = widget.parent()

    def _refresh_timeline(self) -> None:
        self.timeline_page.refresh()
        self._fit_height()

    def _refresh_actions(self) -> None:
        self.actions_page.refresh()
        self._refresh_close()
        self._fit_height()

    def _fit_height(self) -> None:
        """The short header where the full one would leave the page less than it needs to be
        read (the first action items whole, the event under discussion whole with rows of the
        timeline around it, the first factor whole): worked out from the sizes the pages and
        the header ask for, not from the geometry the layout will give them."""
        width = self.width()
        page = self.pages.currentWidget()
        paged = (ActionsPage, TimelinePage, FactorsPage)
        need = page.least_height() if isinstance(page, paged) else 0
        short = need > self.height() - self.header.full_height(width)
        self.header.set_short(short, width)
        self.actions_page.set_short(short)

    def _refresh_close(self) -> None:
        self.close_page.refresh(self.session.doc, self.hidden)

    # -- window ---------------------------------------------------------------------------------
    def show_on_screen(self, near: QWidget | None = None, below: int = 0) -> None:
        """Show it inside the screen `near` is on, its window frame included, ending `below` px
        above the bottom of the screen's available area (the facilitator strip goes there).

        Sized before it is shown: a window resized before the window manager has framed it
        is put back at the corner, its title bar off the screen (openbox did).

        The position is asked for, not left to the window manager: one that places new windows
        a little below the last (openbox does) would push a screen-high window's bottom edge
        off the screen. The frame's real size is known only once the window manager has framed
        the window, so the window is fitted again as it is placed (see _keep_on_screen)."""
        self.clear_below = below
        self.follow_screen((near or self).screen())
        fit_to_screen(self, near, below)
        # Whether it ends on the strip (a window smaller than the screen keeps its size).
        bottom = self.y() + self.height() + frame_extra(self, near)[1]
        self.sized_for_strip = (
            below > 0 and bottom >= available_area(self, near).bottom() + 1 - below
        )
        self.move(self.pos())  # an explicit position: kept by the window manager
        self._settling.start()
        self.show()

    def _keep_on_screen(self) -> None:
        if not self._settling.isActive() or self.isFullScreen() or self.isMaximized():
            return
        area = available_area(self)
        area.setBottom(area.bottom() - self.clear_below)
        if not area.contains(self.frameGeometry()):
            fit_to_screen(self, below=self.clear_below)

    def is_settling(self) -> bool:
        """Shown a moment ago: the window manager may still frame and place it."""
        return self._settling.isActive()

    def moveEvent(self, event: QMoveEvent) -> None:  # Qt override
        super().moveEvent(event)
        self._keep_on_screen()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._keep_on_screen()
        self._fit_height()
        if self._page_key == "timeline":
            self.schedule("timeline")  # the event card and the rows share the new height

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() == Qt.Key.Key_Escape:
            # Esc leaves full screen first, then closes the window (it is only hidden).
            if self.isFullScreen():
                self.showNormal()
            else:
                self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        # Hidden, not destroyed: opening it again is instant and shows the same meeting.
        event.accept()
        self.hide()

    def texts(self) -> list[str]:
        """Every text this window holds, visible or not (for tests and a quick look)."""
        found: list[str] = [self.windowTitle()]
        for label in self.findChildren(QLabel):
            found.append(label.text())
        for table in self.findChildren(QTableView):
            model = table.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    value = model.index(row, column).data()
                    if value is not None:
                        found.append(str(value))
        return found
