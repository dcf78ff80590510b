"""The Overview panel: what happened, how bad, who is in the room, and what to fix before starting."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pmdesk.checklist import premeeting_checks
from pmdesk.document import Change
from pmdesk.meeting.timer import Clock, utc_now
from pmdesk.model import Attendee, Involvement, Kind, Severity, SeverityLevel, Status
from pmdesk.operations.overview import edit_overview
from pmdesk.operations.people import (
    add_attendee,
    edit_attendee,
    remove_attendees,
    set_facilitator,
)
from pmdesk.ui.bindings import FieldBinder
from pmdesk.ui.delegates import EnumComboDelegate
from pmdesk.ui.item_model import Column, EditRefused, ItemTableModel
from pmdesk.ui.lint_editor import attach_language, bind_allowed_words
from pmdesk.ui.reflow import FormPair, ReflowColumns
from pmdesk.ui.session import DocumentSession
from pmdesk.ui.widgets import (
    ContentSizedTable,
    DateTimeField,
    WrappedLabel,
    restyle,
    tab_leaves,
    viewport_width,
)
from pmdesk.views.findings import FindingsStrip

TWO_COLUMNS_MIN_WIDTH = 960


def _parse_name(item: Attendee, value: object) -> dict[str, object]:
    name = str(value).strip()
    if not name:
        raise EditRefused("An attendee needs a name.")
    return {"name": name}


def _parse_involvement(item: Attendee, value: object) -> dict[str, object]:
    if isinstance(value, Involvement):
        return {"involvement": value}
    text = str(value).strip().lower().replace(" ", "_")
    try:
        return {"involvement": Involvement(text)}
    except ValueError as exc:
        raise EditRefused("Choose directly involved, adjacent or observer.") from exc


def _set_facilitator(session: DocumentSession, item: Attendee, changes: dict[str, Any]) -> None:
    """One facilitator at most: marking one unmarks the others, as one undo step."""
    if session.doc is not None:
        session.apply(set_facilitator(session.doc, item.id, bool(changes["facilitator"])))


ATTENDEE_COLUMNS = [
    Column("Name", lambda a: a.name, parse=_parse_name, label="Rename attendee"),
    Column(
        "Role", lambda a: a.role, parse=lambda a, v: {"role": str(v).strip()}, label="Edit role"
    ),
    Column(
        "Involvement",
        lambda a: a.involvement.label,
        edit=lambda a: a.involvement,
        parse=_parse_involvement,
        label="Change involvement",
    ),
    Column(
        "Facilitator",
        lambda a: "",
        checkable=lambda a: a.facilitator,
        parse=lambda a, checked: {"facilitator": bool(checked)},
        label="Change facilitator",
        apply=lambda session, item, changes: _set_facilitator(session, item, changes),
    ),
]


def _severity_flag(attr: str) -> Callable[[Severity, bool], Severity]:
    """The severity with one impact flag (customer-facing, revenue, data loss) set or cleared."""

    def change(severity: Severity, checked: bool) -> Severity:
        flags: dict[str, Any] = {attr: checked}
        return dataclasses.replace(severity, **flags)

    return change


SUMMARY_LABEL = "Summar&y"
LESSONS_LABEL = "&Lessons learned"
RESTRICTED_WORD = "Restricted"
RESTRICTED_FIELD_TIP = (
    "Restricted: the redacted edition leaves this out and says so in one line. "
    "File > Export > Review redactions… puts it back."
)


class OverviewPanel(QScrollArea):
    def __init__(
        self, session: DocumentSession, parent: QWidget | None = None, *, clock: Clock = utc_now
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # as the tab's page (PanelHolder)
        body = QWidget()
        self.setWidget(body)
        self.binder = FieldBinder(session, self)
        # Two columns when both fit whole (their needs grow with zoom), one above the other
        # when they do not: chosen in Qt's layout pass (pmdesk.ui.reflow).
        self.columns = ReflowColumns(body, lambda: viewport_width(self), TWO_COLUMNS_MIN_WIDTH)
        self.columns.setContentsMargins(16, 12, 16, 16)
        self.columns.setSpacing(24)
        # Each column is in place before it is filled: a filled widget moved into another has
        # every widget inside told the style changed (the app's style sheet), once per move.
        left = QWidget()
        # The incident's fields get three fifths: at 1280 px the meeting's time, offset included,
        # stays beside the resolution's; the checklist keeps its 360 px and more.
        self.columns.addWidget(left, 3)
        form = QFormLayout(left)
        # Labels sit at the top of their row, level with the first line of a field (a time
        # field grows a line to explain what it could not read).
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._add_incident_rows(form)
        self._add_severity_rows(form)
        self._add_time_rows(form)
        self._add_text_rows(form)

        right = QWidget()
        right.setMinimumWidth(360)
        self.columns.addWidget(right, 2)
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.setSpacing(12)
        right_column.addWidget(self._build_checklist())
        right_column.addWidget(self._build_attendees(), 1)

        session.documentOpened.connect(lambda _doc: self.refresh_checklist())
        session.documentOpened.connect(lambda _doc: self.show_restricted())
        session.changed.connect(self._on_change)
        # The "hours since resolution" line ages while the app is open.
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(60_000)
        self._clock_timer.timeout.connect(self.refresh_checklist)
        self._clock_timer.start()
        self.refresh_checklist()
        self.show_restricted()

    # -- the left column: the incident -------------------------------------------------------
    def _add_incident_rows(self, form: QFormLayout) -> None:
        """Title, kind and status."""
        binder = self.binder
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Payment service outage - April 15, 2026")
        self.title_edit.setAccessibleName("Title")
        binder.line(self.title_edit, "title", "Edit title")
        form.addRow("&Title", self.title_edit)

        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind")
        binder.choice(self.kind_combo, "kind", "Change kind", Kind)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Status")
        binder.choice(self.status_combo, "status", "Change status", Status)
        row = QHBoxLayout()
        row.addWidget(self.kind_combo, 1)
        status_label = QLabel("Stat&us")
        status_label.setBuddy(self.status_combo)
        row.addWidget(status_label)
        row.addWidget(self.status_combo, 1)
        kind_label = QLabel("&Kind")
        kind_label.setBuddy(self.kind_combo)
        form.addRow(kind_label, row)

    def _add_severity_rows(self, form: QFormLayout) -> None:
        """The severity level and what the impact touched."""
        binder = self.binder
        self.severity_combo = QComboBox()
        self.severity_combo.setAccessibleName("Severity")
        binder.nested_choice(
            self.severity_combo,
            "severity",
            "level",
            "Change severity",
            SeverityLevel,
            lambda sev, level: dataclasses.replace(sev, level=level),
        )
        flags = QHBoxLayout()
        self.flag_boxes: dict[str, QCheckBox] = {}
        for attr, text in (
            ("customer_facing", "Customer-facing"),
            ("revenue_impact", "Revenue impact"),
            ("data_loss", "Data loss"),
        ):
            box = QCheckBox(text)
            binder.flag(box, "severity", attr, f"Change {text.lower()}", _severity_flag(attr))
            self.flag_boxes[attr] = box
            flags.addWidget(box)
        flags.addStretch(1)
        severity_label = QLabel("Sever&ity")
        severity_label.setBuddy(self.severity_combo)
        form.addRow(severity_label, self.severity_combo)
        form.addRow("Impact", flags)

    def _add_time_rows(self, form: QFormLayout) -> None:
        """Two times a row: started / detected, resolved / meeting; one under the other where
        the row is too narrow for both whole (each box fits its value, offset included)."""
        self.time_fields: dict[str, DateTimeField] = {}
        self.time_pairs: list[FormPair] = []
        pairs = (
            (("started_at", "Incident &started"), ("detected_at", "&Detected")),
            (("resolved_at", "&Resolved"), ("meeting_at", "Meeti&ng")),
        )
        for (first, first_text), (second, second_text) in pairs:
            first_field = self._time_field(first, first_text)
            row_label = QLabel(first_text)
            row_label.setBuddy(first_field.edit)
            second_field = self._time_field(second, second_text)
            second_label = QLabel(second_text)
            second_label.setBuddy(second_field.edit)
            self.time_pairs.append(
                FormPair(form, (row_label, first_field), (second_label, second_field))
            )

    def _add_text_rows(self, form: QFormLayout) -> None:
        """Services, tags, the summary and lessons (checked for blame language), allowed words."""
        binder = self.binder
        session = self.session
        self.services_edit = QLineEdit()
        self.services_edit.setPlaceholderText("payment-service, checkout-api")
        self.services_edit.setAccessibleName("Services")
        binder.words(self.services_edit, "services", "Edit services")
        form.addRow("Servi&ces", self.services_edit)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("deploy, config")
        self.tags_edit.setAccessibleName("Tags")
        binder.words(self.tags_edit, "tags", "Edit tags")
        form.addRow("Ta&gs", self.tags_edit)

        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setPlaceholderText(
            "2-3 sentences: what happened, for how long, and the impact on customers."
        )
        self.summary_edit.setAccessibleName("Summary")
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setMinimumHeight(80)
        binder.text(self.summary_edit, "summary", "Edit summary")
        self.summary_label = QLabel(SUMMARY_LABEL)
        self.summary_label.setBuddy(self.summary_edit)
        form.addRow(self.summary_label, self.summary_edit)

        self.lessons_edit = QPlainTextEdit()
        self.lessons_edit.setPlaceholderText(
            "2-3 takeaways: what surprised the team, what they would do differently."
        )
        self.lessons_edit.setAccessibleName("Lessons learned")
        self.lessons_edit.setTabChangesFocus(True)
        self.lessons_edit.setMinimumHeight(80)
        binder.text(self.lessons_edit, "lessons", "Edit lessons learned")
        self.lessons_label = QLabel(LESSONS_LABEL)
        self.lessons_label.setBuddy(self.lessons_edit)
        form.addRow(self.lessons_label, self.lessons_edit)
        # The blame-language check on both, and the words this postmortem allows.
        self.summary_language = attach_language(self.summary_edit, session, "summary")
        self.lessons_language = attach_language(self.lessons_edit, session, "lessons")
        self.findings_strip = FindingsStrip(
            [("Summary", self.summary_language), ("Lessons learned", self.lessons_language)]
        )
        form.addRow("", self.findings_strip)
        self.allowed_words_edit = QLineEdit()
        self.allowed_words_edit.setAccessibleName("Allowed words")
        bind_allowed_words(self.allowed_words_edit, session)
        form.addRow("Allo&wed words", self.allowed_words_edit)

    # -- the right column: checklist and attendees ---------------------------------------------
    def _build_checklist(self) -> QFrame:
        """Before the meeting: what is still missing, aged by the clock."""
        self.checklist = QFrame()
        self.checklist.setObjectName("card")
        self.checklist_layout = QVBoxLayout(self.checklist)
        title = QLabel("Before the meeting")
        title.setObjectName("sectionTitle")
        self.checklist_layout.addWidget(title)
        # Each check's two lines are made when a postmortem first shows its checks: styled then
        # with their state, they need no restyle (which would set up QStyle at start-up).
        self.check_labels: dict[str, tuple[QLabel, QLabel]] = {}
        return self.checklist

    def _build_attendees(self) -> QFrame:
        """Who comes: the attendees' table and the row that adds one."""
        session = self.session
        people = QFrame()
        people.setObjectName("card")
        people_layout = QVBoxLayout(people)
        people_title = QLabel("Attendees")
        people_title.setObjectName("sectionTitle")
        people_layout.addWidget(people_title)
        self.attendee_model = ItemTableModel(
            session, "attendees", ATTENDEE_COLUMNS, edit_attendee, self
        )
        self.attendee_view = tab_leaves(ContentSizedTable())
        self.attendee_view.setAccessibleName("Attendees")
        self.attendee_view.setModel(self.attendee_model)
        self.attendee_view.setItemDelegateForColumn(
            2, EnumComboDelegate(Involvement, self.attendee_view)
        )
        self.attendee_view.verticalHeader().hide()
        self.attendee_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.attendee_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.attendee_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.attendee_view.setMinimumHeight(180)
        people_layout.addWidget(self.attendee_view)
        add_row = QHBoxLayout()
        self.attendee_name = QLineEdit()
        self.attendee_name.setPlaceholderText("Name")
        self.attendee_name.setAccessibleName("New attendee name")
        self.attendee_role = QLineEdit()
        self.attendee_role.setPlaceholderText("Role (e.g. on-call SRE)")
        self.attendee_role.setAccessibleName("New attendee role")
        self.add_attendee_button = QPushButton("&Add attendee")
        self.remove_attendee_button = QPushButton("Remove")
        add_row.addWidget(self.attendee_name, 2)
        add_row.addWidget(self.attendee_role, 2)
        add_row.addWidget(self.add_attendee_button)
        add_row.addWidget(self.remove_attendee_button)
        people_layout.addLayout(add_row)
        for widget in (
            self.attendee_name,
            self.attendee_role,
            self.add_attendee_button,
            self.remove_attendee_button,
        ):
            self.binder.custom("attendees", lambda: None, widget)
        self.attendee_name.returnPressed.connect(self.add_attendee)
        self.attendee_role.returnPressed.connect(self.add_attendee)
        self.add_attendee_button.clicked.connect(self.add_attendee)
        self.remove_attendee_button.clicked.connect(self.remove_selected_attendees)
        return people

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        # The room changed: the columns are laid out again (the page may keep its width when
        # it is wider than the view), and choose again there.
        self.columns.invalidate()

    def _time_field(self, field: str, text: str) -> DateTimeField:
        widget = DateTimeField()
        name = text.replace("&", "")
        widget.edit.setAccessibleName(name)
        widget.committed.connect(lambda value: self._set_time(field, name, value))
        self.binder.custom(field, lambda: widget.set_value(self.binder.value(field)), widget)
        widget.reference = lambda: self._reference_time(field)
        self.time_fields[field] = widget
        return widget

    def _set_time(self, field: str, name: str, value: datetime | None) -> None:
        doc = self.session.doc
        if doc is not None:
            self.session.apply(edit_overview(doc, f"Change {name.lower()}", **{field: value}))

    def _reference_time(self, field: str) -> datetime | None:
        """The incident's nearest other time: what "14:50" or "+5m" in `field` is read against."""
        doc = self.session.doc
        if doc is None:
            return None
        order = ("started_at", "detected_at", "resolved_at", "meeting_at")
        before = [getattr(doc.pm, f) for f in order[: order.index(field)]][::-1]
        after = [getattr(doc.pm, f) for f in order[order.index(field) + 1 :]]
        return next((t for t in (*before, *after) if t is not None), None)

    def _on_change(self, change: Change) -> None:
        if change.collection in ("attendees", "timeline") or {"resolved_at"} & set(change.fields):
            self.refresh_checklist()
        if "redaction" in change.fields:
            self.show_restricted()

    def show_restricted(self) -> None:
        """The summary and the lessons say so under their name when the redacted edition leaves
        them out: in words, legible on a shared screen."""
        doc = self.session.doc
        marked = set(doc.pm.redaction.restricted) if doc is not None else set()
        for key, label, edit, name in (
            ("summary", self.summary_label, self.summary_edit, SUMMARY_LABEL),
            ("lessons", self.lessons_label, self.lessons_edit, LESSONS_LABEL),
        ):
            on = key in marked
            label.setText(f"{name}\n{RESTRICTED_WORD}" if on else name)
            tip = RESTRICTED_FIELD_TIP if on else ""
            label.setToolTip(tip)
            edit.setToolTip(tip)

    def refresh_checklist(self) -> None:
        doc = self.session.doc
        if doc is None:
            self.checklist.setVisible(False)
            return
        for check in premeeting_checks(doc.pm, self.clock()):
            head, detail = self._check_lines(check.key)
            head.setText(("✓ " if check.ok else "⚠ ") + check.title)
            head.setProperty("check", "ok" if check.ok else "warn")
            restyle(head)
            detail.setText(check.detail)
        self.checklist.setVisible(True)  # after the properties: showing it styles it

    def _check_lines(self, key: str) -> tuple[QLabel, QLabel]:
        lines = self.check_labels.get(key)
        if lines is None:
            head = WrappedLabel()
            head.setWordWrap(True)
            detail = WrappedLabel()
            detail.setObjectName("hint")
            detail.setWordWrap(True)
            self.checklist_layout.addWidget(head)
            self.checklist_layout.addWidget(detail)
            lines = self.check_labels[key] = (head, detail)
        return lines

    def add_attendee(self) -> None:
        name = self.attendee_name.text().strip()
        doc = self.session.doc
        if not name or doc is None:
            self.attendee_name.setFocus()
            return
        self.session.apply(add_attendee(doc, name, self.attendee_role.text()))
        self.attendee_name.clear()
        self.attendee_role.clear()
        self.attendee_name.setFocus()

    def remove_selected_attendees(self) -> None:
        rows = sorted({i.row() for i in self.attendee_view.selectionModel().selectedRows()})
        ids = [self.attendee_model.item(r).id for r in rows]
        doc = self.session.doc
        if ids and doc is not None:
            self.session.apply(remove_attendees(doc, ids))
