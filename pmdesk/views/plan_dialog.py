"""The meeting plan editor: minutes per phase, with the total checked as you type.

A plan outside the recommended range is flagged, not refused: the facilitator knows the room. OK
applies the whole plan as one undoable edit, so Undo puts the old plan back in one step.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.meeting import (
    MAX_PHASE_MINUTES,
    MIN_PHASE_MINUTES,
    PLAN_RANGES,
    default_plan,
    phase_name,
    plan_problem,
    plan_total,
    with_planned_minutes,
)
from pmdesk.model import PhaseRecord
from pmdesk.operations.overview import set_plan
from pmdesk.ui.session import DocumentSession
from pmdesk.ui.widgets import reserve_space

UNDO_TEXT = "Edit meeting plan"


class PlanDialog(QDialog):
    """Edits the open postmortem's plan; applies on OK through the session's undo stack."""

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planDialog")
        self.setWindowTitle("Meeting plan")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.session = session
        doc = session.doc
        if doc is None:
            raise ValueError("the meeting plan belongs to an open postmortem")
        self._doc = doc
        self.kind = doc.pm.kind
        self._base: list[PhaseRecord] = copy.deepcopy(doc.pm.phases) or default_plan(self.kind)

        intro = QLabel(
            "How many minutes each phase gets. The clock and the meeting record use this plan; "
            "time already spent in a phase is kept."
        )
        intro.setObjectName("hint")
        intro.setWordWrap(True)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.spins: list[QSpinBox] = []
        for record in self._base:
            spin = QSpinBox(self)
            spin.setRange(MIN_PHASE_MINUTES, MAX_PHASE_MINUTES)
            spin.setSuffix(" min")
            spin.setValue(max(MIN_PHASE_MINUTES, min(MAX_PHASE_MINUTES, record.planned_minutes)))
            name = phase_name(record.phase)
            spin.setAccessibleName(f"{name}, minutes")
            # Typed, or stepped with the arrow keys, the wheel or the big -/+ buttons beside it
            # (the stylesheet hides the spin box's own tiny arrows).
            spin.valueChanged.connect(self._update_total)
            label = QLabel(f"{name}:", self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setBuddy(spin)
            row = QHBoxLayout()
            row.setSpacing(4)
            row.addWidget(spin, 1)
            for text, step, verb in (("−", -1, "Shorten"), ("+", 1, "Lengthen")):
                button = QToolButton(self)
                button.setText(text)
                button.setAccessibleName(f"{verb} {name} by a minute")
                button.setToolTip(f"{verb} {name} by a minute")
                button.setAutoRepeat(True)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.clicked.connect(lambda _checked=False, s=spin, d=step: s.stepBy(d))
                row.addWidget(button)
            form.addRow(label, row)
            self.spins.append(spin)

        self.total_label = QLabel(self)
        self.total_label.setObjectName("planTotal")
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("planProblem")
        self.problem_label.setWordWrap(True)
        reserve_space(self.problem_label)  # a longer warning does not shift the rows

        self.defaults_button = QPushButton("Use the default plan", self)
        self.defaults_button.setToolTip(f"The recommended split for {self.kind.label.lower()}")
        self.defaults_button.clicked.connect(self.use_defaults)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.addButton(self.defaults_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.total_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._update_total()

    def minutes(self) -> list[int]:
        return [spin.value() for spin in self.spins]

    def planned(self) -> list[PhaseRecord]:
        """The plan as it would be applied: the document's phases with the new lengths."""
        phases = copy.deepcopy(self._doc.pm.phases) or copy.deepcopy(self._base)
        if [p.phase for p in phases] != [p.phase for p in self._base]:
            phases = copy.deepcopy(self._base)
        for index, value in enumerate(self.minutes()):
            phases = with_planned_minutes(phases, index, value)
        return phases

    def use_defaults(self) -> None:
        defaults = {p.phase: p.planned_minutes for p in default_plan(self.kind)}
        for record, spin in zip(self._base, self.spins, strict=True):
            if record.phase in defaults:
                spin.setValue(defaults[record.phase])

    def _update_total(self) -> None:
        phases = [PhaseRecord(p.phase, m) for p, m in zip(self._base, self.minutes(), strict=True)]
        self.total_label.setText(f"Total: {plan_total(phases)} min")
        problem = plan_problem(phases, self.kind)
        if problem is None:
            low, high = PLAN_RANGES[self.kind]
            self.problem_label.setText(f"Within the recommended {low}-{high} min.")
            state = "ok"
        else:
            self.problem_label.setText(problem)
            state = "warn"
        if self.problem_label.property("check") != state:
            self.problem_label.setProperty("check", state)
            self.problem_label.style().unpolish(self.problem_label)
            self.problem_label.style().polish(self.problem_label)

    def apply(self) -> None:
        """One undoable edit; nothing is pushed when no length changed."""
        if self.session.doc is not self._doc:
            return  # the postmortem was closed or switched while the dialog was open
        current = [p.planned_minutes for p in self._doc.pm.phases]
        if current == self.minutes():
            return
        self.session.apply(set_plan(self._doc, self.planned(), UNDO_TEXT))

    def accept(self) -> None:  # Qt override
        self.apply()
        super().accept()
