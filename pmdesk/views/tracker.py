"""The Actions tracker: every action item across postmortems, for the weekly follow-up.

Action items that nobody checks on do not get done, and the same gap causes the next outage.
This window lists them all with their postmortem, owner and deadline; overdue ones are marked in
words and bold, not colour alone; marking one done records the date; the completion rate per
postmortem and overall says when to escalate. The filtered list goes to Jira, Linear or a
calendar in one click.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QWidget,
)

from pmdesk.actions import completion, mark_done_changes, reopen_changes
from pmdesk.meeting.timer import Clock, utc_now
from pmdesk.model import ActionStatus, ActionType
from pmdesk.operations.actions import change_items
from pmdesk.ui.screen import fit_to_screen
from pmdesk.ui.tracker_model import (
    CompletionModel,
    TrackerFilter,
    TrackerModel,
)
from pmdesk.views.database_faults import (
    StoppedWaiting,
    as_problem,
    database_command,
    patiently,
)
from pmdesk.views.tracker_layout import TrackerLayout

if TYPE_CHECKING:
    from pmdesk.model import TrackedAction
    from pmdesk.operations.library import Tracker
    from pmdesk.ui.session import DocumentSession

Today = Callable[[], date]


def _enum_or_none(enum: type[ActionType], value: object) -> ActionType | None:
    """Qt hands a str-based enum back from a combo box as a plain str."""
    return None if value is None else enum(str(value))


class TrackerWindow(TrackerLayout):
    """The tracker's behaviour: loading, filtering, marking done, opening and exporting."""

    def __init__(
        self,
        tracker: Callable[[], Tracker],
        open_document: Callable[[int], None] | None = None,
        parent: QWidget | None = None,
        *,
        today: Today = date.today,
        now: Clock = utc_now,
        session: DocumentSession | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("trackerWindow")
        self.setWindowTitle("Actions tracker — pmdesk")
        self._tracker = tracker
        self.open_document = open_document
        self.today = today
        self.now = now
        self.session = session
        self.model = TrackerModel(self, today=today)
        self.completion_model = CompletionModel(self)
        self._loaded = False

        self._build(can_open=open_document is not None)
        self.resize(1200, 760)
        fit_to_screen(self, parent)
        self._connect(session)
        self._update_buttons()

    def _connect(self, session: DocumentSession | None) -> None:
        self.owner_filter.textChanged.connect(self._apply_filter)
        for combo in (self.type_filter, self.status_filter, self.postmortem_filter):
            combo.currentIndexChanged.connect(self._apply_filter)
        self.overdue_filter.toggled.connect(self._apply_filter)
        self.refresh_button.clicked.connect(self.reload)
        # Ctrl+R, not F5: F5 starts and pauses the meeting clock in every pmdesk window.
        QShortcut(QKeySequence("Ctrl+R"), self, self.reload)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)  # a secondary window
        QShortcut(QKeySequence("Ctrl+D"), self, self.mark_selected_done)
        self.done_button.clicked.connect(self.mark_selected_done)
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.table.doubleClicked.connect(self._open_index)
        self.completion_table.doubleClicked.connect(self._filter_to_postmortem)
        self.jira_button.clicked.connect(lambda: self.export("jira"))
        self.linear_button.clicked.connect(lambda: self.export("linear"))
        self.ics_button.clicked.connect(lambda: self.export("ics"))
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        if session is not None:
            session.librarySaved.connect(self._on_saved)

    # -- loading ---------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        """Read every action item again, keeping the filters and the selection."""
        keys = self.selected_keys()
        try:
            rows = self._tracker().tracked_actions()
        except Exception as exc:  # an unreadable database: say so, keep the window usable
            self.status_label.setText(f"Could not read the action items: {self._reason(exc)}")
            return
        self.model.set_rows(rows)
        self._loaded = True
        self._fill_postmortems()
        self._show_counts()
        self._select(keys)

    def _reason(self, exc: Exception) -> str:
        """Why the database failed, naming it, in the words the rest of pmdesk uses."""
        problem = as_problem(exc, self.session) if self.session is not None else None
        if problem is not None:
            return f"{problem.location} {problem.reason}"
        return str(getattr(exc, "orig", None) or exc).splitlines()[0]

    def _on_saved(self, _pm: object) -> None:
        if self.isVisible():
            self.reload()

    def _fill_postmortems(self) -> None:
        combo = self.postmortem_filter
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("Every postmortem", None)
        for postmortem_id, title in self.model.postmortems():
            combo.addItem(title, postmortem_id)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        if chosen is not None and index < 0:
            self._apply_filter()

    def current_filter(self) -> TrackerFilter:
        return TrackerFilter(
            owner=self.owner_filter.text(),
            type=_enum_or_none(ActionType, self.type_filter.currentData()),
            statuses=self.status_filter.currentData(),
            postmortem_id=self.postmortem_filter.currentData(),
            overdue_only=self.overdue_filter.isChecked(),
        )

    def _apply_filter(self, *_args: object) -> None:
        keys = self.selected_keys()
        self.model.set_filter(self.current_filter())
        self._show_counts()
        self._select(keys)

    def _show_counts(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        overdue = self.model.overdue_count()
        text = f"{shown} of {total} action items shown"
        if overdue:
            text += f" · {overdue} overdue (in bold)"
        self.count_label.setText(text)
        rows = self.model.rows_for_completion()
        from pmdesk.actions import group_completion

        today = self.today()
        self.completion_model.set_rows(group_completion(rows, today))
        overall = completion((t.item for t in rows), today)
        self.overall_label.setText(f"Overall: {overall.summary()}")

    # -- selection --------------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return sorted(rows)

    def selected(self) -> list[TrackedAction]:
        return [self.model.tracked(r) for r in self.selected_rows()]

    def selected_keys(self) -> list[tuple[int, str]]:
        return [(t.postmortem_id, t.item.id) for t in self.selected()]

    def _select(self, keys: list[tuple[int, str]]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        first: QModelIndex | None = None
        for postmortem_id, item_id in keys:
            row = self.model.row_of(postmortem_id, item_id)
            if row >= 0:
                index = self.model.index(row, 0)
                first = first or index
                selection.select(
                    index,
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )
        if first is not None:
            self.table.scrollTo(first)

    def select_item(self, postmortem_id: int, item_id: str) -> bool:
        self._select([(postmortem_id, item_id)])
        return bool(self.selected_rows())

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected()
        self.done_button.setEnabled(any(t.item.status != ActionStatus.DONE for t in chosen))
        self.reopen_button.setEnabled(
            any(t.item.status in (ActionStatus.DONE, ActionStatus.DROPPED) for t in chosen)
        )
        self.open_button.setEnabled(len({t.postmortem_id for t in chosen}) == 1)
        has_rows = self.model.rowCount() > 0
        for button in (self.jira_button, self.linear_button, self.ics_button):
            button.setEnabled(has_rows)

    # -- marking done --------------------------------------------------------------------------------
    @database_command("mark the action items done")
    def mark_selected_done(self) -> None:
        today = self.today()
        self._change_selected(
            "Mark action item done", lambda item: mark_done_changes(item, today), "marked done"
        )

    @database_command("reopen the action items")
    def reopen_selected(self) -> None:
        self._change_selected("Reopen action item", reopen_changes, "reopened")

    def _change_selected(
        self, label: str, make: Callable[[Any], dict[str, Any]], verb: str
    ) -> None:
        chosen = self.selected()
        if not chosen:
            return
        changed = 0
        problems: list[str] = []
        open_doc = self.session.doc if self.session is not None else None
        in_session = [
            t for t in chosen if open_doc is not None and open_doc.pm.id == t.postmortem_id
        ]
        if in_session and self.session is not None and open_doc is not None:
            # The open postmortem changes through its document: undo and autosave stay in charge.
            ids = [t.item.id for t in in_session]
            edit, missing = change_items(open_doc, label, ids, make)
            for tracked in in_session:
                if tracked.item.id in missing:
                    problems.append(f"“{tracked.item.description}” is no longer in its postmortem")
            self.session.apply(edit)
            changed += len(edit.steps)
            self.session.save_now()
        tracker = self._tracker()
        for tracked in chosen:
            if tracked in in_session:
                continue
            changes = make(tracked.item)
            if not changes:
                continue
            change = partial(
                tracker.set_action_status, tracked.postmortem_id, tracked.item.id, changes
            )
            try:
                patiently(self, self.session, change)
            except StoppedWaiting:
                problems.append("Stopped waiting: the others were left as they were")
                break
            except LookupError:
                problems.append(
                    f"“{tracked.item.description}” was removed after the list was loaded"
                )
                continue
            except Exception as exc:  # a locked or unreadable database: nothing is lost
                problems.append(
                    f"“{tracked.item.description}” could not be saved: {self._reason(exc)}"
                )
                continue
            changed += 1
        self.reload()
        message = f"{changed} action item{'s' if changed != 1 else ''} {verb}."
        if problems:
            message += " " + "; ".join(problems) + "."
            QMessageBox.warning(self, "Actions tracker", message)
        self.status_label.setText(message)

    # -- going to the postmortem --------------------------------------------------------------------
    def open_selected(self) -> None:
        chosen = self.selected()
        if self.open_document is not None and chosen:
            self.open_document(chosen[0].postmortem_id)

    def _open_index(self, index: QModelIndex) -> None:
        if self.open_document is not None and index.isValid():
            self.open_document(self.model.tracked(index.row()).postmortem_id)

    def _filter_to_postmortem(self, index: QModelIndex) -> None:
        postmortem_id = self.completion_model.postmortem_id(index.row())
        position = self.postmortem_filter.findData(postmortem_id)
        if position >= 0:
            self.postmortem_filter.setCurrentIndex(position)

    # -- exports --------------------------------------------------------------------------------------
    @database_command("export the action items")
    def export(self, kind: str) -> Path | None:
        """Save the listed (filtered) items for Jira, Linear or a calendar."""
        from pmdesk import trackers

        rows = self.model.visible()
        if not rows:
            self.status_label.setText("Nothing to export: the filters leave no action items.")
            return None
        choices: dict[str, tuple[str, str, str, Callable[[list[TrackedAction]], str]]] = {
            "jira": (
                "Export CSV for Jira",
                "action-items-jira.csv",
                "CSV files (*.csv)",
                trackers.to_jira_csv,
            ),
            "linear": (
                "Export CSV for Linear",
                "action-items-linear.csv",
                "CSV files (*.csv)",
                trackers.to_linear_csv,
            ),
            "ics": (
                "Export calendar",
                "action-item-deadlines.ics",
                "iCalendar files (*.ics)",
                lambda r: trackers.to_ics(r, now=self.now()),
            ),
        }
        caption, name, pattern, make = choices[kind]
        chosen, _ = QFileDialog.getSaveFileName(
            self, caption, str(Path.home() / name), f"{pattern};;All files (*)"
        )
        if not chosen:
            return None
        from pmdesk.files import FileProblem, atomic_write

        path = Path(chosen)
        database = self.session.location.path if self.session is not None else None
        try:
            path = atomic_write(path, make(rows), protect=[database] if database else [])
        except FileProblem as exc:
            QMessageBox.warning(self, caption, str(exc))
            return None
        count = len(rows)
        self.status_label.setText(
            f"Exported {count} action item{'s' if count != 1 else ''} to {path}."
        )
        return path
