"""The facilitator strip: a small window that stays on top of the share window.

On one 1280 x 720 screen the share window covers pmdesk's main window, and the facilitator would
otherwise switch windows at every phase. The strip keeps what they need in reach while the room
looks at the share window: the phase and its clock, start/pause, the phase and event steps, and
the language check's flags on the texts the room can see right now, each with one action to
reword the text or hide it from the room. It is a window of its own (not part of the share
window), so sharing just the share window in a call never shows it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QMoveEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.ui.highlighter import category_name, explained
from pmdesk.ui.screen import available_area, frame_extra
from pmdesk.views.reword_dialog import ask_reword
from pmdesk.views.share_guard import Flag, flags, write_text
from pmdesk.views.timer_face import ElidedLabel

NOTHING_FLAGGED = "Nothing on the shared screen is flagged"
# Flags listed at once; the rest are counted. On a short screen fewer are listed, so that the
# strip stays within a third of the screen's height and the page above keeps its room.
MAX_FLAGS = 6
# A strip at least this many characters wide lists the flags in two columns (half the height).
TWO_COLUMNS_CHARS = 120
# Between the share window's page and the top of the strip.
ROOM_GAP = 6


def _tool(action: QAction | None = None, text: str = "") -> QToolButton:
    button = QToolButton()
    if action is not None:
        button.setDefaultAction(action)
    else:
        button.setText(text)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class FacilitatorStrip(QFrame):
    def __init__(self, window: Any, share: Any) -> None:
        # Above every window while the room looks at the share window; out of the way while
        # the facilitator writes in the main window (see _follow_active).
        # It never takes the keyboard (nor a place in Alt+Tab): the keys stay with the window
        # the facilitator is in, and the meeting keys work from there.
        super().__init__(
            window,
            Qt.WindowType.Tool
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus,
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setObjectName("facilitatorStrip")
        # Ending with the app's name: the desktop adds "— pmdesk" to a title that does not.
        self.setWindowTitle("Facilitator strip — pmdesk")
        self.setAccessibleName("Facilitator strip")
        self.window_ = window
        self.share = share
        self.bar = window.timer_bar
        self.flags: list[Flag] = []
        self._frame_guessed = False  # placed before its frame was known
        self._docked_at: int | None = None  # where leave_room last ended the share window

        self.phase_label = QLabel()
        self.phase_label.setObjectName("stripPhase")
        self.phase_label.setTextFormat(Qt.TextFormat.PlainText)
        self.clock_label = QLabel()
        self.clock_label.setObjectName("stripClock")
        self.clock_label.setAccessibleName("Time left in this phase")

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        walk = window.walk
        for action in (
            self.bar.start_action,
            self.bar.previous_action,
            self.bar.next_action,
            self.bar.add_minute_action,
            walk.previous_action,
            walk.next_action,
        ):
            buttons.addWidget(_tool(action))
        buttons.addStretch(1)
        self.notes_button = _tool(text="Notes…")
        self.notes_button.setToolTip("Bring pmdesk's main window forward to write")
        self.notes_button.clicked.connect(self.show_main_window)
        buttons.addWidget(self.notes_button)

        self.flags_title = ElidedLabel(NOTHING_FLAGGED)
        self.flags_title.setObjectName("hint")
        self.flags_title.setAccessibleName("Language check of the shared screen")
        # Never wider than the room beside the phase and the buttons (a long message ends in …).
        self.flags_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._check_said = (NOTHING_FLAGGED, "")  # the check's word and its state
        # What a meeting key said (F4's "Parked …", F12's next speaker) shows here a while: the
        # main window's status line, where it goes, is behind the share window.
        window.statusBar().messageChanged.connect(self._say)
        # The check's word, then the phase and its clock, on one line: a short strip covers
        # less of the screen.
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.flags_title, 1)
        top.addWidget(self.phase_label)
        top.addWidget(self.clock_label)
        self.flag_rows = QWidget()
        self.flag_layout = QGridLayout(self.flag_rows)
        self.flag_layout.setContentsMargins(0, 0, 0, 0)
        self.flag_layout.setVerticalSpacing(2)
        self.flag_layout.setHorizontalSpacing(24)
        self._flag_widgets: list[QWidget] = []  # a row for each of the first MAX_FLAGS flags
        self.more_label = QLabel(self.flag_rows)  # "and 2 more": the flags not listed
        self.more_label.hide()
        self._flag_columns = 1
        self._listed = 0  # how many flag rows show
        self.hidden_label = QLabel()
        self.hidden_label.setObjectName("hint")
        self.show_hidden_button = _tool(text="Show them again")
        self.show_hidden_button.clicked.connect(self.show_hidden)
        hidden_row = QHBoxLayout()
        hidden_row.addWidget(self.hidden_label, 1)
        hidden_row.addWidget(self.show_hidden_button)

        # The check's word, the phase and the clock beside the buttons where the strip is wide
        # enough for one row (the strip is then one row high), else above them.
        self.controls = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.controls.setSpacing(4)
        self.controls.addLayout(top, 1)
        self.controls.addLayout(buttons)
        self._top, self._buttons = top, buttons

        # Flags on top, the buttons at the bottom: the strip keeps its bottom edge where it is
        # and grows upwards with the flags, so the buttons never move under the pointer.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.flag_rows)
        layout.addLayout(hidden_row)
        layout.addLayout(self.controls)

        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.check)
        share.shownChanged.connect(self._pending.start)
        share.installEventFilter(self)  # moved, resized, full screen: the room it leaves
        share.settled.connect(self.place)  # framed and placed by the window manager now
        self.bar.refreshed.connect(self._show_reading)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusWindowChanged.connect(self._follow_active)
        self._fit()
        self._show_reading(self.bar.timer.read() if self.bar.timer else None)
        self.check()

    # -- placement ---------------------------------------------------------------------------
    # The strip lies at the bottom of the screen along the whole width of the share window, which
    # ends above it: never a blank stretch beside a strip in the corner, and a strip that wide
    # has room for its controls on one row.
    def _frame_extra(self) -> tuple[int, int]:
        """The window frame's width and height around the strip (until first shown, the main
        window's: the same window manager frames both)."""
        if self.isVisible():
            frame, inner = self.frameGeometry(), self.geometry()
            return frame.width() - inner.width(), frame.height() - inner.height()
        return frame_extra(self, self.window_)

    def _span(self) -> QRect:
        """Where the strip's frame may lie along the bottom of the screen: under the share
        window, edge to edge (a window off the side of the screen: only the part on it)."""
        area = available_area(self, self.share)
        if not self.share.isVisible():
            return area
        span = self.share.frameGeometry().intersected(area)
        if span.width() <= 0:
            return area
        return QRect(span.left(), area.top(), span.width(), area.height())

    def _fit(self) -> None:
        """As wide as the share window, as tall as its content, growing upwards: the bottom
        edge (and the buttons) stay put."""
        for child in self.findChildren(QWidget):
            child.ensurePolished()  # new flag rows: their buttons' real size
        layout = self.layout()
        if layout is None:
            return
        room = self._span().width() - self._frame_extra()[0]
        self._shape_for(room)
        width, height = self._size_listing(room)
        if (width, height) == (self.width(), self.height()):
            return
        bottom = self.y() + self.height()
        self.setFixedSize(width, height)
        if self.isVisible():
            self.move(self.x(), bottom - height)
        self.leave_room()

    def _shape_for(self, room: int) -> None:
        """Controls on one row where they fit in `room` px, flags in two columns where wide."""
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        one_row = (
            self._top.sizeHint().width()
            + self.controls.spacing()
            + self._buttons.sizeHint().width()
            + margins.left()
            + margins.right()
        )
        direction = (
            QBoxLayout.Direction.LeftToRight
            if one_row <= room
            else QBoxLayout.Direction.TopToBottom
        )
        if self.controls.direction() != direction:
            self.controls.setDirection(direction)
        wide = room >= self.fontMetrics().horizontalAdvance("0") * TWO_COLUMNS_CHARS
        self._flag_columns = 2 if wide else 1

    def _size_listing(self, room: int) -> tuple[int, int]:
        """The strip's size, listing as many flags as keep it within a third of the screen."""
        layout = self.layout()
        assert layout is not None
        tallest = available_area(self, self.share).height() // 3 - self._frame_extra()[1]
        listed = len(self._flag_widgets)
        while True:
            self._arrange_flags(listed)
            for changed in (self.flag_layout, layout):  # the flags' own layout first
                changed.invalidate()
                changed.activate()
            width = max(layout.sizeHint().width(), room)
            height = max(layout.totalHeightForWidth(width), layout.sizeHint().height())
            if height <= tallest or listed <= 1:
                return width, height
            listed = max(1, listed - self._flag_columns)  # one row of flags fewer

    def place(self) -> None:
        """At the bottom of the screen the share window is on, along the share window."""
        self._fit()
        span, area = self._span(), available_area(self, self.share)
        extra_w, extra_h = self._frame_extra()
        self._frame_guessed = not self.isVisible()
        # move() places the frame: its title bar and border go above and below the strip.
        x = max(area.left(), min(span.left(), area.right() + 1 - self.width() - extra_w))
        y = max(area.top(), area.bottom() + 1 - self.height() - extra_h)
        self.move(x, y)
        self.leave_room()

    def room_needed(self) -> int:
        """The height the strip takes at the bottom of the screen, with the gap above it."""
        self._fit()
        return self.height() + self._frame_extra()[1] + ROOM_GAP

    def leave_room(self) -> None:
        """The share window ends above the strip: nothing the call sees is under it.

        Its height is set so its frame's bottom edge sits ROOM_GAP above the strip's frame (the
        screen's available area decides where the strip goes, see place). Where the strip grows
        (a flag listed), the share window gives up the height; where it shrinks, a share window
        that ended on the strip grows back down to it. Full screen, the room gets the whole
        screen: the window manager keeps that window above every other (the strip included)."""
        share = self.share
        if not (self.isVisible() and share.isVisible()):
            return
        # Just shown, the share window was sized for the strip (ShareWindow.show_on_screen); a
        # resize before the window manager has framed it would put it back at the corner.
        if share.isFullScreen() or share.isMaximized() or share.is_settling():
            return
        frame = share.frameGeometry()
        if not frame.intersects(self._span()):
            return  # the share window is on another screen than the strip
        limit = self.y() - ROOM_GAP  # where the share window's frame must end (exclusive)
        bottom = frame.bottom() + 1
        # Sized for the strip as it was shown, or ended on it when the strip last changed.
        ended_on_strip = share.sized_for_strip or bottom == self._docked_at
        share.sized_for_strip = False
        share.clear_below = max(0, available_area(share).bottom() + 1 - limit)
        resize = bottom > limit or (ended_on_strip and bottom < limit)
        if resize:
            height = max(share.minimumHeight(), share.height() - (bottom - limit))
            share.resize(share.width(), height)
        docked = resize or bottom == limit
        self._docked_at = share.frameGeometry().bottom() + 1 if docked else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.share and event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
        ):
            # The share window moved or changed size (its window manager placed it, the
            # facilitator dragged it): the strip follows along its bottom.
            self.place()
        return False

    def moveEvent(self, event: QMoveEvent) -> None:  # Qt override
        super().moveEvent(event)
        self.leave_room()

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        if self._frame_guessed:
            QTimer.singleShot(0, self, self.place)  # its real frame (the title bar) is known now
        self.leave_room()

    def _follow_active(self, *_args: object) -> None:
        """Shown while the share window is open, except while the main window is in front."""
        if not self.share.isVisible():
            return
        wanted = QApplication.activeWindow() is not self.window_
        if wanted and not self.isVisible():
            self.show()
        elif not wanted and self.isVisible():
            self.hide()

    # -- following the meeting ---------------------------------------------------------------
    def _show_reading(self, reading: Any) -> None:
        timer = self.bar.timer
        if reading is None or timer is None:
            self.phase_label.setText("No postmortem open")
            self.clock_label.setText("--:--")
            return
        self.phase_label.setText(f"{reading.index + 1}/{timer.phase_count} {reading.phase_name}")
        word = "over" if reading.overtime else "left"
        self.clock_label.setText(f"{reading.clock_text} {word}")

    def check(self) -> None:
        """Check the texts on the shared screen again and list what is flagged."""
        self.flags = flags(self.window_.session, self.share.shown_texts(), self.share.hidden)
        for widget in self._flag_widgets:
            self.flag_layout.removeWidget(widget)
            widget.setParent(None)
            widget.deleteLater()
        self._flag_widgets = []
        count = len(self.flags)
        # Beside the buttons, under the list it counts.
        self._check_said = (
            f"{count} flagged on the shared screen" if count else NOTHING_FLAGGED,
            "warn" if count else "",
        )
        self._show_title(*self._check_said)
        self._flag_widgets = [self._flag_row(flag) for flag in self.flags[:MAX_FLAGS]]
        hidden = len(self.share.hidden)
        self.hidden_label.setText(
            f"{hidden} text{'s' if hidden != 1 else ''} hidden from the room" if hidden else ""
        )
        self.show_hidden_button.setVisible(bool(hidden))
        self.hidden_label.setVisible(bool(hidden))
        self._fit()

    def _show_title(self, text: str, state: str) -> None:
        self.flags_title.setText(text)
        self.flags_title.setProperty("check", state)
        self.flags_title.style().unpolish(self.flags_title)
        self.flags_title.style().polish(self.flags_title)

    def _say(self, message: str) -> None:
        """The main window's status line while it lasts, then the check's word again."""
        self._show_title(*((message, "") if message else self._check_said))
        self.flags_title.setToolTip(message)

    def _arrange_flags(self, listed: int) -> None:
        """The first `listed` flags row by row, in one or two columns; "and N more" under them."""
        columns = self._flag_columns
        for widget in [*self._flag_widgets, self.more_label]:
            self.flag_layout.removeWidget(widget)
        for number, widget in enumerate(self._flag_widgets):
            if number < listed:
                self.flag_layout.addWidget(widget, number // columns, number % columns)
            # Shown now, not later: the strip's height is measured right after.
            widget.setVisible(number < listed)
        more = len(self.flags) - listed
        self.more_label.setText(f"and {more} more" if more > 0 else "")
        if more > 0:
            self.flag_layout.addWidget(self.more_label, (listed + columns - 1) // columns, 0, 1, -1)
        self.more_label.setVisible(more > 0)
        self._listed = listed

    def _flag_row(self, flag: Flag) -> QWidget:
        row = QWidget(self.flag_rows)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        finding = flag.finding
        text = f"⚠ {category_name(finding.category)}: “{finding.text}” in {flag.shown.where}"
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.setToolTip(f"{explained(finding)}\n\n{flag.shown.text}")
        reword = _tool(text="Reword…")
        reword.setToolTip("Change the text (the suggested reframe is filled in)")
        reword.setAccessibleName(f"Reword {flag.shown.where}")
        reword.clicked.connect(lambda _checked=False, f=flag: self.reword(f))
        hide = _tool(text="Hide")
        hide.setToolTip("Keep this text off the shared screen for this meeting")
        hide.setAccessibleName(f"Hide {flag.shown.where} from the room")
        hide.clicked.connect(lambda _checked=False, f=flag: self.hide_flagged(f))
        layout.addWidget(label, 1)
        layout.addWidget(reword)
        layout.addWidget(hide)
        return row

    # -- the two ways out --------------------------------------------------------------------
    def reword(self, flag: Flag) -> bool:
        """Edit the flagged text (one undoable edit); the reframe is filled in where there is one."""
        text, ok = ask_reword(
            self,
            "Reword before the room reads it",
            f"{flag.shown.where}: {explained(flag.finding)}",
            flag.reworded(),
            flag.reworded_span(),
            lines=flag.shown.holds_lines,
        )
        if not ok or not text.strip():
            return False
        write_text(self.window_.session, flag.shown, text.strip())
        self.share.refresh_all()
        return True

    def hide_flagged(self, flag: Flag) -> None:
        self.share.hide_text(flag.shown.key)
        self.check()

    def show_hidden(self) -> None:
        self.share.show_hidden()
        self.check()

    def show_main_window(self) -> None:
        window = self.window_
        window.showNormal() if window.isMinimized() else window.show()
        window.raise_()
        window.activateWindow()

    # -- window ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.share.close()  # the strip goes with the share window
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        event.accept()
        self.hide()
