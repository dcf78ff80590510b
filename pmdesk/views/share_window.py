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

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pmdesk.actions import sort_actions
from pmdesk.document import Change
from pmdesk.durations import compute_durations
from pmdesk.meeting import (
    MeetingTimer,
    TimerReading,
    phase_by_key,
    phase_name,
    plan_total,
)
from pmdesk.model import ActionItem, ActionStatus, Factor, Question, TimelineEvent
from pmdesk.ui import theme
from pmdesk.ui.session import DocumentSession
from pmdesk.views.share_guard import HIDDEN_TEXT, Key, ShownText, shown_texts

# A burst of edits is shown once, this long after it starts (well inside a second, together with
# the panels' own 250 ms commit delay for typed text).
COALESCE_MS = 120
_PROGRESS_STEPS = 1000
# Pages of the body, by phase key; any other phase gets the plain "phase" page.
PAGES = ("none", "ground_rules", "timeline", "factors", "actions", "close", "phase")
# The three questions of the timeline walk, as the room reads them.
ANSWERS = (
    ("seen", "What was seen"),
    ("believed", "What people thought was happening"),
    ("done_next", "What was done next"),
)
_SHOWN_ROLES = {
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.TextAlignmentRole,
}


def _label(name: str, text: str = "", *, wrap: bool = True, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def _wrapping_policy() -> QSizePolicy:
    """Any width the layout gives, and as tall as the wrapped text then is."""
    policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)  # a new policy drops the one setWordWrap asked for
    return policy


def _set_text(label: QLabel, text: str) -> None:
    """Only a real change touches the label (no relayout, no repaint otherwise)."""
    if label.text() != text:
        label.setText(text)


def _set_state(widget: QWidget, name: str, value: str) -> None:
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FitScroll(QScrollArea):
    """Asks for the full height of its content; scrolls only when given less."""

    def sizeHint(self) -> QSize:  # Qt override
        hint = super().sizeHint()
        inner = self.widget()
        if inner is not None:
            height = inner.heightForWidth(max(self.viewport().width(), 200))
            if height < 0:
                height = inner.sizeHint().height()
            hint.setHeight(height + 2 * self.frameWidth())
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # a new width wraps the text to a new height


def _scroll(widget: QWidget, *, fit: bool = False) -> QScrollArea:
    area = FitScroll() if fit else QScrollArea()
    area.setObjectName("shareScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(widget)
    return area


# --------------------------------------------------------------------------------------------
# Tables: the panels' models, with only the words passed through
# --------------------------------------------------------------------------------------------


class ShareProxy(QSortFilterProxyModel):
    """A panel's table model as the room may see it: some columns, and only their words.

    Columns not listed are not there at all (a hidden column's data could still be read), and
    tooltips, colours, decorations and accessible texts, where checks and language findings
    live, never pass; the one colour shown is the highlight of the current row. Rows are neither
    sorted nor filtered, so a row here is the same row in the panel's model.
    """

    def __init__(
        self,
        source: Any,
        columns: list[int],
        parent: QObject | None = None,
        *,
        cell: Callable[[int, Any], Any] | None = None,
        current_cell: Callable[[int, Any], Any] | None = None,
        hidden: Callable[[int, int], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = sorted(columns)
        self._hidden = hidden  # (row, column of the panel's model): hidden from the room
        self._current_cell = current_cell
        self.setDynamicSortFilter(False)
        self.setSourceModel(source)
        self._cell = cell
        self.current_row = -1

    def column_of(self, source_column: int) -> int:
        """This model's column for a column of the panel's model."""
        return self.columns.index(source_column)

    def filterAcceptsColumn(  # Qt override
        self, source_column: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        return source_column in self.columns

    def set_current_row(self, row: int) -> None:
        if row == self.current_row:
            return
        old, self.current_row = self.current_row, row
        last = self.columnCount() - 1
        for changed in (old, row):
            if 0 <= changed < self.rowCount():
                self.dataChanged.emit(self.index(changed, 0), self.index(changed, last))

    def data(  # Qt override
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        current = index.row() == self.current_row
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(theme.palette()["current"])) if current else None
        if role == Qt.ItemDataRole.FontRole:
            source_font = super().data(index, role)
            font = QFont(source_font) if isinstance(source_font, QFont) else QFont()
            if current:
                font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role not in _SHOWN_ROLES:
            return None
        value = super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole:
            column = self.columns[index.column()]
            if self._hidden is not None and self._hidden(index.row(), column):
                return HIDDEN_TEXT
            if self._cell is not None:
                value = self._cell(column, value)
            if current and self._current_cell is not None:
                value = self._current_cell(column, value)
        return value

    def headerData(  # Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return super().headerData(section, orientation, role)


# The cells' horizontal padding in the stylesheet (QWidget#shareWindow QTableView::item).
CELL_PADDING_X = 12


class WrapDelegate(QStyledItemDelegate):
    """Measures wrapped text at the width it is really drawn in.

    Qt measures a cell at the column's width and adds the stylesheet's padding afterwards, so a
    text that just fits the column wraps onto one more line than its row has room for.
    """

    def sizeHint(  # Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        narrower = QStyleOptionViewItem(option)
        rect = QRect(option.rect)
        rect.setWidth(max(1, rect.width() - 2 * CELL_PADDING_X))
        narrower.rect = rect
        return super().sizeHint(narrower, index)


class ShareTable(QTableView):
    """A read-only table sized from its font (which follows zoom), never focused or edited."""

    def __init__(self, name: str, *, wrap: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.wrap = wrap
        self.fixed_columns: dict[int, str] = {}  # column: widest text it must fit
        self.centered_row = -1
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(wrap)
        if wrap:
            self.setItemDelegate(WrapDelegate(self))
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionsClickable(False)

    def set_columns(self, stretch: int, fixed: dict[int, str]) -> None:
        """`stretch` takes the spare width; `fixed` columns fit their widest text (columns of
        the panel's model)."""
        proxy = self.model()
        assert isinstance(proxy, ShareProxy)
        self.fixed_columns = {proxy.column_of(c): text for c, text in fixed.items()}
        header = self.horizontalHeader()
        # A short table (action items) sizes its columns to what they hold; a long one (the
        # timeline) to a sample text, as measuring thousands of rows would cost a second.
        header.setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents if self.wrap else QHeaderView.ResizeMode.Fixed
        )
        header.setSectionResizeMode(proxy.column_of(stretch), QHeaderView.ResizeMode.Stretch)
        self.fit()

    def fit(self) -> None:
        """Row heights and fixed column widths from the current font."""
        self.ensurePolished()
        metrics = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        wide = QFontMetrics(bold)
        pad = metrics.horizontalAdvance("0") * 2 + 24
        if not self.wrap:
            for column, widest in self.fixed_columns.items():
                self.setColumnWidth(column, wide.horizontalAdvance(widest) + pad)
        rows = self.verticalHeader()
        if self.wrap:
            rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        else:
            rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            rows.setDefaultSectionSize(round(metrics.height() * 1.45))

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            QTimer.singleShot(0, self, self.fit)  # not after the table is gone

    def center_row(self, row: int) -> None:
        """Keep `row` in the middle, with the rows before it in sight (also after a resize)."""
        self.centered_row = row
        if 0 <= row < self.model().rowCount():
            self.scrollTo(self.model().index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        if self.wrap and event.size().width() != event.oldSize().width():
            # Wrapped rows are as tall as their text at the new width (once columns settle).
            QTimer.singleShot(0, self, self.resizeRowsToContents)
        if self.centered_row >= 0:
            self.center_row(self.centered_row)


# --------------------------------------------------------------------------------------------
# Contributing factors as cards
# --------------------------------------------------------------------------------------------


def _whys_html(whys: list[str]) -> str:
    rows = "".join(
        f"<tr><td style='padding-right:10px'><b>{number}.</b></td><td>{escape(why)}</td></tr>"
        for number, why in enumerate((w for w in whys if w.strip()), start=1)
    )
    return f"<table cellspacing='0' cellpadding='2'>{rows}</table>" if rows else ""


class FactorCard(QFrame):
    """One factor, the question it answers and its why-chain, updated in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shareCard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.setSpacing(4)
        self.question = _label("shareMuted")
        self.text = _label("shareFactor")
        self.whys = _label("shareText", rich=True)
        layout.addWidget(self.question)
        layout.addWidget(self.text)
        layout.addWidget(self.whys)

    def show_factor(self, factor: Factor, hidden: set[Key] | frozenset[Key] = frozenset()) -> None:
        _set_text(self.question, factor.question.label)
        text = " ".join(factor.text.split()) or "(no text yet)"
        if ("factors", factor.id, "text", -1) in hidden:
            text = HIDDEN_TEXT
        _set_text(self.text, text)
        whys = [
            why
            for number, why in enumerate(factor.whys)
            if ("factors", factor.id, "whys", number) not in hidden
        ]
        html = _whys_html(whys)
        _set_text(self.whys, html)
        self.whys.setVisible(bool(html))


def durations_line(events: list[TimelineEvent]) -> str:
    """The measured durations in one short line; the ones that cannot be measured are left out
    (why they cannot is the facilitator's business, in the Timeline panel)."""
    durations = compute_durations(events)
    steps = [
        f"{word} {m.text}"
        for word, m in (
            ("detected", durations.detect),
            ("acknowledged", durations.acknowledge),
            ("mitigated", durations.mitigate),
            ("resolved", durations.resolve),
        )
        if m.value is not None
    ]
    parts = ["From the trigger: " + ", ".join(steps)] if steps else []
    if durations.total.value is not None:
        parts.append(f"{durations.total.text} in all")
    return "   ·   ".join(parts)


def text_html(text: str) -> str:
    """Plain text as paragraphs, with "- item" lines as a bulleted list (escaped)."""
    parts: list[str] = []
    items: list[str] = []

    def close_list() -> None:
        if items:
            parts.append("<ul style='margin-left:-12px'>" + "".join(items) + "</ul>")
            items.clear()

    for line in text.strip().splitlines():
        stripped = line.strip()
        if stripped.startswith(("- ", "* ", "• ")):
            items.append(f"<li style='margin-bottom:6px'>{escape(stripped[2:].strip())}</li>")
            continue
        close_list()
        if stripped:
            parts.append(f"<p>{escape(stripped)}</p>")
    close_list()
    return "".join(parts)


def actions_html(
    actions: list[ActionItem], muted: str, hidden: set[Key] | frozenset[Key] = frozenset()
) -> str:
    """The action items as a list: type, what changes, and who owns it by when."""
    rows: list[str] = []
    for item in sort_actions(actions):
        if item.status == ActionStatus.DROPPED:
            continue
        who = escape(item.owner) if item.owner.strip() else "no owner yet"
        when = f"by {item.deadline.isoformat()}" if item.deadline else "no deadline yet"
        what = " ".join(item.description.split())
        if ("actions", item.id, "description", -1) in hidden:
            what = HIDDEN_TEXT
        rows.append(
            f"<li style='margin-bottom:8px'><b>{escape(item.type.label)}</b>: {escape(what)}"
            f"<br><span style='color:{muted}'>{who} · {when}</span></li>"
        )
    return "<ul style='margin-left:-12px'>" + "".join(rows) + "</ul>" if rows else ""


# --------------------------------------------------------------------------------------------
# The window
# --------------------------------------------------------------------------------------------


class ShareWindow(QWidget):
    """A separate top-level window that follows the meeting, for sharing in a call."""

    # The texts on the shared page changed (another page, an edit, a text hidden): the
    # facilitator's side checks them again.
    shownChanged = Signal()

    def __init__(
        self,
        session: DocumentSession,
        timer_bar: Any,
        timeline_panel: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("shareWindow")
        self.setWindowTitle("pmdesk share window")
        self.setAccessibleName("Share window")
        self.resize(1280, 720)  # View > Share window fits it to the screen it opens on
        self.session = session
        self.timer_bar = timer_bar
        self.timeline_panel = timeline_panel
        self._pending: set[str] = set()
        self._page_key = ""
        self._plan_keys: list[str] = []
        self._factor_order: list[str] | None = None
        self._focused_factor: str | None = None
        self.factor_cards: dict[str, FactorCard] = {}
        # Texts the facilitator hid from the room, for this meeting (see share_guard).
        self.hidden: set[Key] = set()
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self._flush)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_header())
        self.pages = QStackedWidget()
        self.page: dict[str, QWidget] = {}
        builders: dict[str, Callable[[], QWidget]] = {
            "none": self._build_none,
            "ground_rules": self._build_rules,
            "timeline": self._build_timeline,
            "factors": self._build_factors,
            "actions": self._build_actions,
            "close": self._build_close,
            "phase": self._build_phase,
        }
        for key in PAGES:
            page = builders[key]()
            page.setObjectName(f"sharePage_{key}")
            self.page[key] = page
            self.pages.addWidget(page)
        layout.addWidget(self.pages, 1)

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
        self.refresh_all()

    # -- construction ------------------------------------------------------------------------
    def _build_header(self) -> QWidget:
        header = QFrame()
        header.setObjectName("shareHeader")
        self.title_label = _label("shareTitle")
        self.title_label.setAccessibleName("Postmortem")
        self.phase_label = _label("sharePhase", wrap=False)
        self.phase_label.setAccessibleName("Current phase")
        self.next_label = _label("shareMuted", wrap=False)
        self.steps_row = QHBoxLayout()
        self.steps_row.setSpacing(8)
        self.steps: list[QLabel] = []
        self.clock_label = _label("shareClock", "--:--", wrap=False)
        self.clock_label.setAccessibleName("Time left in this phase")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.progress = QProgressBar()
        self.progress.setObjectName("shareProgress")
        self.progress.setAccessibleName("Progress through this phase")
        self.progress.setRange(0, _PROGRESS_STEPS)
        self.progress.setTextVisible(False)

        for label in (self.phase_label, self.next_label):
            # A long phase name wraps rather than pushing the clock off a 1280 px screen.
            label.setWordWrap(True)
            label.setSizePolicy(_wrapping_policy())
        # The title across the whole width, then the phase beside the clock: at 150% zoom on a
        # 1280 px screen each still fits on one line.
        left = QVBoxLayout()
        left.setSpacing(2)
        left.addStretch(1)
        left.addWidget(self.phase_label)
        left.addWidget(self.next_label)
        left.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(20)
        top.addLayout(left, 1)
        top.addWidget(self.clock_label)
        box = QVBoxLayout(header)
        box.setContentsMargins(28, 8, 28, 12)
        box.setSpacing(4)
        box.addWidget(self.title_label)
        box.addLayout(top)
        box.addLayout(self.steps_row)
        box.addWidget(self.progress)
        return header

    def _body(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(28, 18, 28, 18)
        layout.setSpacing(12)
        return page, layout

    def _build_none(self) -> QWidget:
        page, layout = self._body()
        layout.addStretch(1)
        self.none_label = _label("shareHeading", "Nothing to share yet")
        self.none_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = _label(
            "shareMuted",
            "Open a postmortem in pmdesk: this window follows its meeting, phase by phase.",
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.none_label)
        layout.addWidget(hint)
        layout.addStretch(2)
        return page

    def _build_rules(self) -> QWidget:
        page, layout = self._body()
        info = phase_by_key("ground_rules")
        guidance = info.guidance if info is not None else None
        lead = _label("shareLead", guidance.lead if guidance else "")
        layout.addWidget(lead)
        for block in guidance.blocks if guidance else ():
            layout.addWidget(_label("shareHeading", block.heading))
            for number, item in enumerate(block.items, start=1):
                card = QFrame()
                card.setObjectName("shareCard")
                row = QHBoxLayout(card)
                row.setContentsMargins(16, 10, 16, 10)
                row.setSpacing(16)
                digit = _label("shareRuleNumber", str(number), wrap=False)
                digit.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                row.addWidget(digit, 0, Qt.AlignmentFlag.AlignTop)
                row.addWidget(_label("shareText", item), 1)
                layout.addWidget(card)
        self.agenda_label = _label("shareMuted")
        self.agenda_label.setAccessibleName("Today's plan")
        layout.addWidget(self.agenda_label)
        layout.addStretch(1)
        return _scroll(page)

    def _build_timeline(self) -> QWidget:
        from pmdesk.ui.timeline_model import NO_MARKER_TEXT, TimelineModel

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(28, 14, 28, 14)
        layout.setSpacing(8)
        self.timeline_model = TimelineModel(self.session, self)

        def cell(column: int, value: Any) -> Any:
            return "" if column == TimelineModel.MARKER and value == NO_MARKER_TEXT else value

        def current(column: int, value: Any) -> Any:
            # An arrow as well as the colour: the row stands out in any theme, and in grey.
            return f"▶ {value}" if column == TimelineModel.TIME else value

        def hidden(row: int, column: int) -> bool:
            if column != TimelineModel.TEXT or not self.hidden:
                return False
            return ("timeline", self.timeline_model.event_at(row).id, "text", -1) in self.hidden

        self.timeline_proxy = ShareProxy(
            self.timeline_model,
            [TimelineModel.TIME, TimelineModel.TEXT, TimelineModel.MARKER],
            self,
            cell=cell,
            current_cell=current,
            hidden=hidden,
        )
        self.timeline_table = ShareTable("shareTimeline", wrap=False)
        self.timeline_table.setAccessibleName("Timeline")
        self.timeline_table.setModel(self.timeline_proxy)
        self.timeline_table.set_columns(
            TimelineModel.TEXT,
            {TimelineModel.TIME: "▶ 00:00", TimelineModel.MARKER: "Acknowledgement"},
        )
        self.timeline_model.modelReset.connect(self._refit_timeline)
        self.timeline_model.layoutChanged.connect(self._schedule_timeline)
        self.timeline_model.rowsInserted.connect(self._schedule_timeline)
        self.timeline_model.rowsRemoved.connect(self._schedule_timeline)
        self.timeline_empty = _label("shareMuted", "The timeline has no events yet.")
        self.durations_label = _label("shareMuted")
        self.durations_label.setAccessibleName("Durations")

        # The event under discussion, in full, with what the room said about it.
        card = QFrame()
        card.setObjectName("shareCard")
        card.setProperty("current", "true")
        grid = QGridLayout(card)
        grid.setContentsMargins(18, 10, 18, 12)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(2)
        self.event_time = _label("shareEventTime", wrap=False)
        self.event_text = _label("shareEventText")
        self.event_text.setAccessibleName("Event being discussed")
        head = QHBoxLayout()
        head.setSpacing(16)
        head.addWidget(self.event_time, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.event_text, 1)
        grid.addLayout(head, 0, 0, 1, 3)
        # What the room said, one answer under the other across the card's full width: a long
        # answer wraps onto more lines of the width instead of a narrow column's many lines.
        self.answer_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for number, (field, caption) in enumerate(ANSWERS):
            title = _label("shareMuted", caption)
            answer = _label("shareText")
            answer.setAccessibleName(caption)
            answer.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(title, 1 + 2 * number, 0, 1, 3)
            grid.addWidget(answer, 2 + 2 * number, 0, 1, 3)
            self.answer_labels[field] = (title, answer)
        grid.setColumnStretch(0, 1)
        self.event_card = card
        layout.addWidget(self.timeline_empty)
        layout.addWidget(self.timeline_table, 1)
        layout.addWidget(self.durations_label)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(card)
        self.event_scroll = _scroll(holder, fit=True)
        layout.addWidget(self.event_scroll)
        return page

    def _build_factors(self) -> QWidget:
        page, layout = self._body()
        self.factors_empty = _label("shareMuted", "No contributing factors written down yet.")
        layout.addWidget(self.factors_empty)
        # Two columns stacked independently, so a long why-chain leaves no gap beside it.
        columns = QHBoxLayout()
        columns.setSpacing(16)
        self.factor_columns: list[QVBoxLayout] = []
        for _ in range(2):
            column = QVBoxLayout()
            column.setSpacing(14)
            column.setAlignment(Qt.AlignmentFlag.AlignTop)
            column.addStretch(1)
            columns.addLayout(column, 1)
            self.factor_columns.append(column)
        layout.addLayout(columns, 1)
        self.factors_body = page
        self.factors_scroll = _scroll(page)
        return self.factors_scroll

    def _build_actions(self) -> QWidget:
        from pmdesk.ui.action_model import DEADLINE, DESCRIPTION, OWNER, TYPE, ActionModel

        self.action_model = ActionModel(self.session, self)

        def cell(column: int, value: Any) -> Any:
            # Only the date: whether it has passed is a check for the facilitator.
            if column == DEADLINE and isinstance(value, str):
                return value.split(" · ")[0]
            return value

        def hidden(row: int, column: int) -> bool:
            if column != DESCRIPTION or not self.hidden:
                return False
            key = ("actions", self.action_model.item(row).id, "description", -1)
            return key in self.hidden

        self.action_proxy = ShareProxy(
            self.action_model, [TYPE, DESCRIPTION, OWNER, DEADLINE], self, cell=cell, hidden=hidden
        )
        page, layout = self._body()
        self.actions_count = _label("shareMuted")
        self.actions_table = ShareTable("shareActions", wrap=True)
        self.actions_table.setAccessibleName("Action items")
        self.actions_table.setModel(self.action_proxy)
        self.actions_table.set_columns(DESCRIPTION, {})
        layout.addWidget(self.actions_count)
        layout.addWidget(self.actions_table, 1)
        for signal in (
            self.action_model.modelReset,
            self.action_model.rowsInserted,
            self.action_model.rowsRemoved,
            self.action_model.dataChanged,
            self.action_model.layoutChanged,
        ):
            signal.connect(self._schedule_actions)
        return page

    def _build_close(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.setContentsMargins(28, 18, 28, 18)
        layout.setSpacing(32)
        columns: list[QVBoxLayout] = []
        for _ in range(2):
            column = QVBoxLayout()
            column.setSpacing(6)
            columns.append(column)
            layout.addLayout(column, 1)
        left, right = columns
        left.addWidget(_label("shareHeading", "What happened"))
        self.summary_label = _label("shareText", rich=True)
        self.summary_label.setAccessibleName("Summary")
        left.addWidget(self.summary_label)
        left.addSpacing(10)
        left.addWidget(_label("shareHeading", "What we learned"))
        self.lessons_label = _label("shareText", rich=True)
        self.lessons_label.setAccessibleName("Lessons learned")
        left.addWidget(self.lessons_label)
        left.addStretch(1)
        right.addWidget(_label("shareHeading", "What will change"))
        self.close_actions = _label("shareText", rich=True)
        self.close_actions.setAccessibleName("Action items")
        right.addWidget(self.close_actions)
        right.addStretch(1)
        return _scroll(page)

    def _build_phase(self) -> QWidget:
        page, layout = self._body()
        self.other_phase = _label("shareHeading")
        layout.addWidget(self.other_phase)
        layout.addStretch(1)
        return page

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
        self._refresh_rules()
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
        event = self._current_event()
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
        self.refresh_all()

    # -- header and clock ---------------------------------------------------------------------
    def _timer(self) -> MeetingTimer | None:
        timer: MeetingTimer | None = self.timer_bar.timer
        return timer if self.session.doc is not None else None

    def _refresh_header(self) -> None:
        doc = self.session.doc
        title = (doc.pm.title or "Untitled postmortem") if doc is not None else ""
        if ("", "", "title", -1) in self.hidden:
            title = "Postmortem"
        _set_text(self.title_label, title or "pmdesk")
        self.setWindowTitle(f"{title} — pmdesk share window" if title else "pmdesk share window")
        timer = self._timer()
        keys = [p.phase for p in timer.phases] if timer is not None else []
        if keys != self._plan_keys:
            self._plan_keys = keys
            while self.steps_row.count():
                item = self.steps_row.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.setParent(None)
                    widget.deleteLater()
            self.steps = []
            for number, key in enumerate(keys, start=1):
                name = phase_name(key)
                step = _label("shareStep", name)
                step.setAccessibleName(f"Phase {number}")
                step.setAlignment(Qt.AlignmentFlag.AlignCenter)
                # Shares of the width in proportion to the names, so the row always fits; a
                # name that still does not fit (large zoom) wraps onto a second line, whole.
                step.setSizePolicy(_wrapping_policy())
                self.steps.append(step)
                self.steps_row.addWidget(step, len(name) + 4)
        self._refresh_rules()

    def _refresh_rules(self) -> None:
        timer = self._timer()
        if timer is None:
            _set_text(self.agenda_label, "")
            return
        parts = [f"{phase_name(p.phase)} {p.planned_minutes} min" for p in timer.phases]
        _set_text(
            self.agenda_label,
            f"Today's plan, {plan_total(timer.phases)} minutes:  " + "  ·  ".join(parts),
        )

    def _show_reading(self, reading: TimerReading | None) -> None:
        """One clock reading: the timer bar's ticks drive this, so both always agree."""
        timer = self._timer()
        if reading is None or timer is None:
            self._show_page("none")
            _set_text(self.phase_label, "")
            _set_text(self.next_label, "")
            _set_text(self.clock_label, "--:--")
            self.progress.setValue(0)
            _set_state(self.clock_label, "state", "")
            for step in self.steps:
                _set_state(step, "state", "")
            return
        key = reading.phase_key
        self._show_page(key if key in PAGES else "phase")
        _set_text(self.phase_label, reading.phase_name)
        self.phase_label.setAccessibleDescription(
            f"Phase {reading.index + 1} of {timer.phase_count}"
        )
        _set_text(self.clock_label, reading.clock_text)
        state = "over" if reading.overtime else "warning" if reading.warning else ""
        _set_state(self.clock_label, "state", state)
        _set_state(self.progress, "state", state)
        # Words next to the colours: the clock's state is never told by colour alone.
        if not reading.started:
            status = "Clock not started"
        elif not reading.running:
            status = "Clock paused"
        elif reading.overtime:
            status = "Over time"
        elif reading.warning:
            status = "Last minute"
        else:
            status = ""
        following = f"Next: {reading.next_phase_name}" if reading.next_phase_name else "Last phase"
        where = f"Phase {reading.index + 1} of {timer.phase_count}"
        _set_text(self.next_label, "  ·  ".join(p for p in (where, status, following) if p))
        value = round(reading.phase_progress * _PROGRESS_STEPS)
        if self.progress.value() != value:
            self.progress.setValue(value)
        for number, step in enumerate(self.steps):
            step_state = (
                "current" if number == reading.index else "done" if number < reading.index else ""
            )
            _set_state(step, "state", step_state)
        if key not in PAGES:
            _set_text(self.other_phase, reading.phase_name)

    def _show_page(self, key: str) -> None:
        if key == self._page_key:
            return
        self._page_key = key
        self.pages.setCurrentWidget(self.page[key])
        if key == "timeline":
            self._refresh_timeline()
        self.shownChanged.emit()

    # -- phase contents -----------------------------------------------------------------------
    def _current_event(self) -> TimelineEvent | None:
        doc = self.session.doc
        panel = self.timeline_panel
        if doc is None or panel is None:
            return None
        event_id = panel.current_event_id() if hasattr(panel, "current_event_id") else None
        if event_id is None:
            return None
        try:
            event: TimelineEvent = doc.find("timeline", event_id)
        except KeyError:
            return None
        return event

    def _refit_timeline(self) -> None:
        self.timeline_table.fit()
        self.schedule("timeline")

    def _refresh_timeline(self) -> None:
        doc = self.session.doc
        events = doc.pm.timeline if doc is not None else []
        self.timeline_empty.setVisible(not events)
        self._has_events = bool(events)
        durations_text = durations_line(events)
        _set_text(self.durations_label, durations_text)

        event = self._current_event()
        row = self.timeline_model.row_of(event.id) if event is not None else -1
        self.timeline_proxy.set_current_row(row)
        self.timeline_table.center_row(row)
        if event is None:
            _set_text(self.event_time, "")
            _set_text(
                self.event_text,
                "Select an event in the timeline to discuss it here." if events else "",
            )
            for title, answer in self.answer_labels.values():
                title.hide()
                answer.hide()
            self._settle_timeline_space(with_event=False)
            return
        fmt = self.timeline_model.format
        marker = f"   {event.marker.label}" if event.marker is not None else ""
        _set_text(self.event_time, f"{fmt.show(event.at)}{marker}")
        hidden = self.hidden
        shown = HIDDEN_TEXT if ("timeline", event.id, "text", -1) in hidden else event.text
        _set_text(self.event_text, shown or "(no text yet)")
        for field, (title, answer) in self.answer_labels.items():
            text = str(getattr(event, field)).strip()
            if ("timeline", event.id, field, -1) in hidden:
                text = ""
            _set_text(answer, text)
            title.setVisible(bool(text))
            answer.setVisible(bool(text))
        self._settle_timeline_space(with_event=True)

    def _settle_timeline_space(self, *, with_event: bool) -> None:
        """The event under discussion is shown whole first; the timeline's rows and the durations
        line get what it leaves, and step aside when a large zoom leaves too little."""
        self.event_scroll.updateGeometry()
        events = getattr(self, "_has_events", False)
        durations = bool(self.durations_label.text())
        available = self.pages.height() - 28 - 3 * 8
        rows = self.timeline_table.verticalHeader().defaultSectionSize()
        table = self.timeline_table.horizontalHeader().sizeHint().height() + 2 * rows + 4
        line = self.durations_label.heightForWidth(max(200, self.pages.width() - 56))
        card = self.event_scroll.sizeHint().height() if with_event else 0
        show_table = events and (not with_event or available - card >= table)
        show_durations = durations and (not with_event or available - card >= table + line)
        self.timeline_table.setVisible(show_table)
        self.durations_label.setVisible(show_durations)
        taken = (table if show_table else 0) + (line if show_durations else 0)
        self.event_scroll.setMaximumHeight(max(120, available - taken))

    def _refresh_factors(self) -> None:
        doc = self.session.doc
        factors = doc.pm.factors if doc is not None else []
        # Grouped by question, as in the panel; in the document's order within a question.
        ordered = [f for q in Question for f in factors if f.question == q]
        wanted = [f.id for f in ordered]
        if wanted != self._factor_order:
            self._place_factors(wanted)
        for factor in ordered:
            card = self.factor_cards[factor.id]
            card.show_factor(factor, self.hidden)
            _set_state(card, "current", "true" if factor.id == self._focused_factor else "")
        self.factors_empty.setVisible(not factors)
        card = self.factor_cards.get(self._focused_factor or "")
        if card is not None and self._page_key == "factors":
            self.factors_scroll.ensureWidgetVisible(card, 0, 24)

    def _place_factors(self, wanted: list[str]) -> None:
        """Only when factors are added, removed or moved: re-place the cards (kept, not rebuilt)."""
        self.factors_body.setUpdatesEnabled(False)
        try:
            for factor_id in list(self.factor_cards):
                if factor_id not in wanted:
                    card = self.factor_cards.pop(factor_id)
                    card.setParent(None)  # gone from the window now, deleted soon
                    card.deleteLater()
            for column in self.factor_columns:
                for card in self.factor_cards.values():
                    column.removeWidget(card)
            for number, factor_id in enumerate(wanted):
                card = self.factor_cards.get(factor_id)
                if card is None:
                    card = self.factor_cards[factor_id] = FactorCard(self.factors_body)
                column = self.factor_columns[number % 2]
                column.insertWidget(column.count() - 1, card)  # before the closing stretch
                card.show()
            self._factor_order = wanted
        finally:
            self.factors_body.setUpdatesEnabled(True)

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

    def _refresh_actions(self) -> None:
        count = self.action_model.rowCount()
        _set_text(
            self.actions_count,
            f"{count} action item{'s' if count != 1 else ''}, the most important first"
            if count
            else "No action items yet.",
        )
        self.actions_table.setVisible(bool(count))
        self.actions_table.resizeRowsToContents()
        self._refresh_close()

    def _refresh_close(self) -> None:
        doc = self.session.doc
        summary = text_html(doc.pm.summary) if doc is not None else ""
        lessons = text_html(doc.pm.lessons) if doc is not None else ""
        muted = theme.palette()["muted"]
        items = actions_html(doc.pm.actions, muted, self.hidden) if doc is not None else ""
        if ("", "", "summary", -1) in self.hidden:
            summary = f"<p>{HIDDEN_TEXT}</p>"
        if ("", "", "lessons", -1) in self.hidden:
            lessons = f"<p>{HIDDEN_TEXT}</p>"
        _set_text(self.summary_label, summary or "<p>No summary written yet.</p>")
        _set_text(self.lessons_label, lessons or "<p>No lessons written yet.</p>")
        _set_text(self.close_actions, items or "<p>No action items yet.</p>")

    # -- window ---------------------------------------------------------------------------------
    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
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
