"""View > Review: the quarterly look back over many postmortems.

Every quarter the team asks whether reviews find real contributing factors, whether action items
get done and whether incidents repeat. This window answers for a quarter (or any range): the
warning for leadership first when too few action items are done, then the figures section by
section; choosing a figure lists the postmortems behind it, and any of them opens in the main
window. The same review exports as PDF, Markdown or JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pmdesk.review import Period, PeriodError, build_review, last_full_quarter, render
from pmdesk.review.compute import in_period
from pmdesk.review.facts_cache import FactsBook
from pmdesk.review.helper import end_helpers
from pmdesk.review.stored import write_back
from pmdesk.review.words import counts_as, leadership_warning, percent, plural, sections
from pmdesk.ui import settings
from pmdesk.ui.screen import fit_to_screen
from pmdesk.views.review.models import (
    IDS_ROLE,
    FiguresModel,
    PostmortemsModel,
    behind_text,
    locale_count,
)
from pmdesk.views.review.period_bar import PeriodBar
from pmdesk.views.review.worker import LatestOnly

if TYPE_CHECKING:
    from pmdesk.model import Postmortem
    from pmdesk.review import Review
    from pmdesk.ui.session import DocumentSession

THRESHOLD = settings.REVIEW_WARN_BELOW
# After a save, how long the window waits for the next one before working the figures out again.
SAVES_SETTLE_MS = 500
# How often the window looks whether the review being worked out is ready.
POLL_MS = 40
_FORMATS = {
    "pdf": ("PDF", "PDF files (*.pdf)"),
    "md": ("Markdown", "Markdown files (*.md)"),
    "json": ("JSON", "JSON files (*.json)"),
}


def _postmortems_text(n: int) -> str:
    """ "1 postmortem", "1,000 postmortems" (as the user's locale writes counts)."""
    with counts_as(locale_count):
        return plural(n, "postmortem")


class ReviewWindow(QWidget):
    def __init__(
        self,
        session: DocumentSession,
        open_document: Callable[[int], None] | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reviewWindow")
        self.setWindowTitle("Review — pmdesk")
        self.session = session
        self.open_document = open_document
        self.today = today
        self.review: Review | None = None
        self._postmortems: list[Postmortem] = []
        self._loaded_period: Period | None = None
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self._fit_rows)
        # Saves of postmortems in the range, applied together once the typing pauses.
        self._saved: dict[int, Postmortem] = {}
        self._saves_timer = QTimer(self)
        self._saves_timer.setSingleShot(True)
        self._saves_timer.setInterval(SAVES_SETTLE_MS)
        self._saves_timer.timeout.connect(self.apply_saves)
        session.librarySaved.connect(self._on_saved)
        # The review is worked out on a thread; the window looks for its answer now and then.
        self.jobs = LatestOnly()
        self._when_done: Callable[[object], None] | None = None
        self._working_period: Period | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._poll_job)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(self._build_head())
        layout.addWidget(self._build_working())
        layout.addWidget(self._build_warning())
        self.summary_label = QLabel()
        self.summary_label.setObjectName("reviewSummary")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_tabs())
        splitter.addWidget(self._build_behind())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._build_footer())
        self.resize(1200, 700)
        fit_to_screen(self, parent)

    # -- construction ------------------------------------------------------------------------------
    def _build_head(self) -> QHBoxLayout:
        head = QHBoxLayout()
        today = self.today()
        self.period_bar = PeriodBar(today, last_full_quarter(today))
        self.period_bar.changed.connect(self.reload)
        # The picker's parts, by the names the rest of the window (and its tests) use.
        self.period_combo = self.period_bar.combo
        self.from_edit = self.period_bar.from_edit
        self.to_edit = self.period_bar.to_edit
        head.addWidget(self.period_bar)
        head.addStretch(1)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setToolTip("Read the postmortems from the database again")
        self.refresh_button.clicked.connect(self.reload)
        head.addWidget(self.refresh_button)
        return head

    def _build_working(self) -> QFrame:
        self.working_frame = QFrame()
        self.working_frame.setObjectName("reviewWorking")
        row = QHBoxLayout(self.working_frame)
        row.setContentsMargins(12, 8, 8, 8)
        self.working_label = QLabel()
        self.working_label.setObjectName("reviewWorkingText")
        self.working_label.setWordWrap(True)
        row.addWidget(self.working_label, 1)
        self.cancel_button = QPushButton("&Stop")
        self.cancel_button.setToolTip("Stop working out this review; the window stays open")
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignTop)
        self.working_frame.hide()
        return self.working_frame

    def _build_warning(self) -> QFrame:
        self.warning_frame = QFrame()
        self.warning_frame.setObjectName("reviewWarning")
        row = QHBoxLayout(self.warning_frame)
        row.setContentsMargins(12, 8, 8, 8)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("reviewWarningText")
        self.warning_label.setWordWrap(True)
        self.warning_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.warning_label, 1)
        self.copy_warning_button = QPushButton("&Copy")
        self.copy_warning_button.setToolTip("Copy this paragraph, to forward it to leadership")
        self.copy_warning_button.clicked.connect(self.copy_warning)
        row.addWidget(self.copy_warning_button, 0, Qt.AlignmentFlag.AlignTop)
        self.warning_frame.hide()
        return self.warning_frame

    def _build_tabs(self) -> QTabWidget:
        self.tabs = QTabWidget()
        self.figure_models: dict[str, FiguresModel] = {}
        self.figure_views: dict[str, QTableView] = {}
        titles = (
            ("coverage", "Coverage"),
            ("depth", "Depth"),
            ("actions", "Actions"),
            ("repeats", "Repeats"),
            ("months", "Response times"),
            ("around", "Survey"),  # and the pre-read: the tab says so in its tooltip
        )
        for key, title in titles:
            page = QWidget()
            column = QVBoxLayout(page)
            column.setContentsMargins(4, 4, 4, 4)
            model = FiguresModel(self)
            view = QTableView()
            view.setObjectName(f"reviewFigures_{key}")
            view.setAccessibleName(f"{title} figures")
            view.setModel(model)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setWordWrap(True)
            view.setTextElideMode(Qt.TextElideMode.ElideNone)
            view.verticalHeader().hide()
            header = view.horizontalHeader()
            # Both columns share the width and wrap (a month's four times make a long value).
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            # Wrapped labels need their rows measured again whenever the columns change width.
            header.sectionResized.connect(lambda *_a: self._rows_timer.start())
            view.selectionModel().selectionChanged.connect(
                lambda _s, _d, key=key: self._on_figure_chosen(key)
            )
            column.addWidget(view, 1)
            self.tabs.addTab(page, title)
            self.figure_models[key] = model
            self.figure_views[key] = view
        self.tabs.currentChanged.connect(lambda _i: self._on_figure_chosen(self._current_key()))
        return self.tabs

    def _build_behind(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(8, 0, 0, 0)
        self.behind_label = QLabel("Choose a figure to see the postmortems behind it.")
        self.behind_label.setObjectName("sectionTitle")
        self.behind_label.setWordWrap(True)
        column.addWidget(self.behind_label)
        self.behind_model = PostmortemsModel(self)
        self.behind_view = QTableView()
        self.behind_view.setObjectName("reviewBehind")
        self.behind_view.setAccessibleName("Postmortems behind the chosen figure")
        self.behind_view.setModel(self.behind_model)
        self.behind_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.behind_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.behind_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.behind_view.verticalHeader().hide()
        header = self.behind_view.horizontalHeader()
        for column_index in range(len(PostmortemsModel.HEADERS)):
            mode = QHeaderView.ResizeMode.ResizeToContents
            if column_index == 2:
                mode = QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(column_index, mode)
        self.behind_view.activated.connect(self._open_index)
        self.behind_view.doubleClicked.connect(self._open_index)
        self.behind_view.selectionModel().selectionChanged.connect(
            lambda _s, _d: self._update_buttons()
        )
        column.addWidget(self.behind_view, 1)
        self.open_button = QPushButton("&Open in the main window")
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self.open_selected)
        self.open_button.setVisible(self.open_document is not None)
        column.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        return panel

    def _build_footer(self) -> QHBoxLayout:
        footer = QHBoxLayout()
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt, (name, _) in _FORMATS.items():
            button = QPushButton(f"Export {name}…")
            button.clicked.connect(lambda _c=False, fmt=fmt: self.export(fmt))
            footer.addWidget(button)
            self.export_buttons[fmt] = button
        footer.addSpacing(12)
        self.threshold_spin = QSpinBox()
        self.threshold_spin.setRange(0, 100)
        self.threshold_spin.setSuffix("%")
        self.threshold_spin.setValue(max(0, min(100, THRESHOLD.get())))
        self.threshold_spin.setToolTip(
            "When fewer action items than this are done, the review opens with a warning "
            "for leadership"
        )
        self.threshold_spin.valueChanged.connect(self._on_threshold)
        warn_label = QLabel("&Warn below")
        warn_label.setBuddy(self.threshold_spin)
        footer.addWidget(warn_label)
        footer.addWidget(self.threshold_spin)
        self.status_label = QLabel()
        self.status_label.setObjectName("hint")
        self.status_label.setWordWrap(True)
        footer.addWidget(self.status_label, 1)
        return footer

    # -- the period ------------------------------------------------------------------------------
    def period(self) -> Period:
        return self.period_bar.period()

    def choose_period(self, period: Period) -> None:
        """Show `period` (its preset when it is one) and review it."""
        self.period_bar.show_period(period)
        self.reload()

    def _on_threshold(self, value: int) -> None:
        THRESHOLD.set(value)
        if self.review is not None:  # the figures stay; only the warning depends on it
            self._show(replace(self.review, threshold=value / 100))

    # -- reading and showing ---------------------------------------------------------------------
    def reload(self) -> None:
        """Read the postmortems of the range again and show their review once worked out; the
        window answers meanwhile, and a newer range replaces this one."""
        self.period_bar.settled()
        try:
            period = self.period()
        except PeriodError as exc:
            self.status_label.setText(f"Cannot review this range: {exc}.")
            return
        try:
            repo = self.session.repo
        except Exception as exc:  # an unreadable database: say so, keep the window usable
            self._failed(exc, period)
            return
        today = self.today()

        def work(say: Callable[[str], None]) -> tuple[list[Postmortem], Review]:
            postmortems = repo.review_postmortems_between(period.start, period.end)
            say(f"Working out the review of {_postmortems_text(len(postmortems))}…")
            # The language facts stored beside each postmortem, where their key still holds;
            # those the review had to check are stored for the next one.
            book = FactsBook(repo.review_facts([pm.id for pm in postmortems if pm.id is not None]))
            review = build_review(postmortems, period, today, stored=book)
            write_back(book, repo.keep_review_facts)
            return postmortems, review

        def done(answer: object) -> None:
            found, review = cast("tuple[list[Postmortem], Review]", answer)
            self._postmortems = found
            self._loaded_period = period
            self.status_label.setText("")
            self._show(review)
            if self._saved:  # saved while it was read: those saves again, to be sure
                self._saves_timer.start()

        # What is saved from now on is read with the range, or applied after.
        self._saved.clear()
        self._work_out(f"Reading the postmortems of {period.label}…", work, done, period)

    # -- the review worked out on a thread -----------------------------------------------------------
    def working(self) -> bool:
        """A review is being worked out; the figures shown are not yet its figures."""
        return self._poll.isActive()

    def _work_out(
        self,
        doing: str,
        work: Callable[[Callable[[str], None]], object],
        done: Callable[[object], None],
        period: Period,
    ) -> None:
        self.status_label.setText("")
        self._when_done = done
        self._working_period = period
        self.jobs.submit(work)
        self.working_label.setText(doing)
        self.working_frame.show()
        for button in self.export_buttons.values():
            button.setEnabled(False)
        self._poll.start()

    def _poll_job(self) -> None:
        outcome = self.jobs.take()
        if outcome is None:
            doing = self.jobs.doing()
            if doing:
                self.working_label.setText(doing)
            if not self.jobs.pending:  # cancelled
                self._stop_working()
            return
        done = self._when_done
        self._stop_working()
        if outcome.error is not None and self._working_period is not None:
            self._failed(outcome.error, self._working_period)
        elif done is not None:
            done(outcome.value)

    def _stop_working(self) -> None:
        self._poll.stop()
        self._when_done = None
        self.working_frame.hide()
        for button in self.export_buttons.values():
            button.setEnabled(self.review is not None)

    def cancel(self) -> None:
        """Stop working out the review (its helper processes end now); the figures shown stay."""
        if not self.working():
            return
        self.jobs.cancel()
        end_helpers()  # the app works out one review at a time: this one
        self._stop_working()
        if self.review is not None:
            self.status_label.setText(
                f"Stopped. The figures shown are still those of {self.review.period.label}."
            )
        else:
            self.status_label.setText("Stopped. Refresh or choose a range to work the review out.")

    def _failed(self, exc: BaseException, period: Period) -> None:
        """Say what went wrong and where, and keep the window usable."""
        from pmdesk.views.database_faults import as_problem

        problem = as_problem(exc, self.session)
        if problem is not None:
            self.status_label.setText(f"Could not read the postmortems: {problem}")
        else:
            self.status_label.setText(
                f"Could not work out the review of {period.label}: {exc or type(exc).__name__}"
            )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel()
        super().closeEvent(event)

    # -- saves made while the window is open -------------------------------------------------------
    def _on_saved(self, pm: Postmortem) -> None:
        """A postmortem was saved: if it is (or was) in the range, the figures follow it. Only
        that postmortem is read again (a copy, as the editor keeps changing the one it has)."""
        periods = [p for p in (self._loaded_period, self._working_period) if p is not None]
        if not periods or pm.id is None:
            return
        shown = any(p.id == pm.id for p in self._postmortems)
        if not shown and not any(in_period(pm, period) for period in periods):
            return
        self._saved[pm.id] = deepcopy(pm)
        if self.isVisible():
            self._saves_timer.start()

    def apply_saves(self) -> None:
        """Show the review with the postmortems saved since it was worked out."""
        self._saves_timer.stop()
        if not self._saved or self._loaded_period is None:
            return
        if self.working():  # once the review being worked out is shown
            self._saves_timer.start()
            return
        saved, self._saved = self._saved, {}
        kept = [p for p in self._postmortems if p.id not in saved]
        period = self._loaded_period
        postmortems = kept + [p for p in saved.values() if in_period(p, period)]
        titles = [p.title.strip() or "Untitled" for p in saved.values()]
        today = self.today()

        def work(say: Callable[[str], None]) -> Review:
            say(f"Working out the review of {_postmortems_text(len(postmortems))}…")
            return build_review(postmortems, period, today)

        def done(review: object) -> None:
            self._postmortems = postmortems
            self._show(cast("Review", review))
            if self._saved:  # saved again meanwhile
                self._saves_timer.start()
            self.status_label.setText(
                f"Updated after the save of “{titles[0]}”."
                if len(titles) == 1
                else f"Updated after saves of {_postmortems_text(len(titles))}."
            )

        self._work_out(f"Working out the review of {period.label} again…", work, done, period)

    def _show(self, review: Review) -> None:
        # The warning follows the threshold as it is now, even if it changed meanwhile.
        review = replace(review, threshold=self.threshold_spin.value() / 100)
        self.review = review
        with counts_as(locale_count):
            self._show_figures(review)

    def _show_figures(self, review: Review) -> None:
        warning = leadership_warning(review)
        self.warning_frame.setVisible(warning is not None)
        self.warning_label.setText(warning or "")
        self.summary_label.setText(self._summary(review))
        chosen = {key: self._chosen_label(key) for key in self.figure_models}
        for section in sections(review):
            # The question each section answers, where a reader looks for it.
            index = list(self.figure_models).index(section.key)
            self.tabs.setTabToolTip(index, section.intro)
            self.figure_views[section.key].setToolTip(section.intro)
            model = self.figure_models[section.key]
            model.set_section(section)
            view = self.figure_views[section.key]
            view.clearSpans()
            for row in range(model.rowCount()):
                if model.is_group(row):
                    view.setSpan(row, 0, 1, model.columnCount())
            self._reselect(section.key, chosen[section.key])
        self._rows_timer.start()
        self._on_figure_chosen(self._current_key())
        for button in self.export_buttons.values():
            button.setEnabled(True)

    def _summary(self, review: Review) -> str:
        """The headline figures in one line (the period is in the picker above)."""
        cov = review.coverage
        c = review.actions.overall.completion
        if not cov.all:
            return f"No postmortems have an incident date in {review.period.label}."
        return (
            f"{plural(len(cov.all), 'postmortem')}, {locale_count(len(cov.reviewed))} reviewed; "
            f"{percent(cov.share_within_48h)} of reviews within 48 hours; "
            f"{percent(c.rate)} of action items done"
        )

    def _fit_rows(self) -> None:
        """Rows as tall as their wrapped text, once the columns have their final widths."""
        for view in self.figure_views.values():
            view.resizeRowsToContents()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._rows_timer.start()
        if self._saved:  # saved while the window was hidden
            self._saves_timer.start()

    # -- the figures and the postmortems behind them ------------------------------------------------
    def _current_key(self) -> str:
        return list(self.figure_models)[max(0, self.tabs.currentIndex())]

    def _chosen_label(self, key: str) -> str | None:
        rows = self.figure_views[key].selectionModel().selectedRows()
        line = self.figure_models[key].line(rows[0].row()) if rows else None
        return line.label if line is not None else None

    def _reselect(self, key: str, label: str | None) -> None:
        model, view = self.figure_models[key], self.figure_views[key]
        for row in range(model.rowCount()):
            line = model.line(row)
            if line is not None and line.label == label:
                view.selectRow(row)
                return

    def select_figure(self, key: str, label: str) -> None:
        """Show the tab of section `key` and choose its figure labelled `label`."""
        self.tabs.setCurrentIndex(list(self.figure_models).index(key))
        self._reselect(key, label)

    def _on_figure_chosen(self, key: str) -> None:
        if key != self._current_key():
            return
        view = self.figure_views[key]
        rows = view.selectionModel().selectedRows()
        line = self.figure_models[key].line(rows[0].row()) if rows else None
        if line is None or self.review is None:
            self.behind_label.setText("Choose a figure to see the postmortems behind it.")
            self.behind_model.set_rows([])
        else:
            # Oldest incident first, as the review lists them.
            known = self.review.postmortems
            refs = [ref for pm_id, ref in known.items() if pm_id in set(line.ids)]
            self.behind_label.setText(f"Behind “{line.label}”: {behind_text(len(refs))}")
            self.behind_model.set_rows(refs)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(bool(self.behind_view.selectionModel().selectedRows()))

    def _open_index(self, index: QModelIndex) -> None:
        ref = self.behind_model.ref(index.row())
        if ref is not None and self.open_document is not None:
            self.open_document(ref.id)
            main = self.parentWidget()
            if main is not None:
                main.raise_()
                main.activateWindow()

    def open_selected(self) -> None:
        rows = self.behind_view.selectionModel().selectedRows()
        if rows:
            self._open_index(rows[0])

    def figure_ids(self, key: str, row: int) -> list[int]:
        return list(self.figure_models[key].index(row, 0).data(IDS_ROLE) or [])

    # -- sharing ---------------------------------------------------------------------------------------
    def copy_warning(self) -> None:
        clipboard = QApplication.clipboard()
        clipboard.setText(self.warning_label.text())
        self.status_label.setText("The warning is on the clipboard, ready to paste into a message.")

    def suggested_name(self, fmt: str) -> str:
        period = self.review.period if self.review is not None else self.period()
        span = period.quarter or f"{period.start.isoformat()}-to-{period.end.isoformat()}"
        return f"postmortem-review-{span}.{fmt}"

    def export(self, fmt: str) -> Path | None:
        """Ask where, then write the review shown in `fmt`; the path written, or None."""
        if self.review is None:
            return None
        name, pattern = _FORMATS[fmt]
        folder = settings.EXPORT_FOLDER.get() or str(Path.home())
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            f"Export the review as {name}",
            str(Path(folder) / self.suggested_name(fmt)),
            pattern,
        )
        if not chosen:
            return None
        target = Path(chosen)
        from pmdesk.files import FileProblem, atomic_write

        try:
            atomic_write(target, render(self.review, fmt, page_size=settings.PAGE_SIZE.get()))
        except (FileProblem, OSError) as exc:
            self.status_label.setText(f"Could not export: {exc}")
            return None
        settings.EXPORT_FOLDER.set(str(target.parent))
        self.status_label.setText(f"Saved {target.name} in {target.parent}.")
        return target
