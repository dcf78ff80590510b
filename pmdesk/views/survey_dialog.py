"""The survey, answered on the facilitator's machine: three scales and a free text, no name."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.facilitation import SCALE, SURVEY_QUESTIONS, SurveyAnswer


class SurveyDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Survey")
        self.setObjectName("surveyDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "A few words on the review, with no name attached. Skip any question you like."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.scales: dict[str, QButtonGroup] = {}
        self.change_edit = QPlainTextEdit()
        low, high = SCALE
        for q in SURVEY_QUESTIONS:
            label = QLabel(f"<b>{q.text}</b>")
            label.setWordWrap(True)
            layout.addWidget(label)
            if not q.scale:
                self.change_edit.setAccessibleName(q.text)
                self.change_edit.setPlaceholderText("Anything: length, order, who was there…")
                self.change_edit.setMaximumHeight(90)
                layout.addWidget(self.change_edit)
                continue
            row = QHBoxLayout()
            group = QButtonGroup(self)
            row.addWidget(QLabel(q.low))
            for value in range(low, high + 1):
                button = QRadioButton(str(value))
                button.setAccessibleName(f"{q.text} {value}")
                group.addButton(button, value)
                row.addWidget(button)
            row.addWidget(QLabel(q.high))
            row.addStretch(1)
            layout.addLayout(row)
            self.scales[q.key] = group
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add answer")
        self.ok_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for group in self.scales.values():
            group.idToggled.connect(lambda *_a: self._update_ok())
        self.change_edit.textChanged.connect(self._update_ok)

    def choose(self, key: str, value: int) -> None:
        button = self.scales[key].button(value)
        if button is not None:
            button.setChecked(True)

    def _update_ok(self) -> None:
        answered = any(g.checkedId() != -1 for g in self.scales.values())
        self.ok_button.setEnabled(answered or bool(self.change_edit.toPlainText().strip()))

    def answer(self) -> SurveyAnswer:
        values = {
            key: (group.checkedId() if group.checkedId() != -1 else None)
            for key, group in self.scales.items()
        }
        return SurveyAnswer(
            useful=values.get("useful"),
            safe=values.get("safe"),
            heard=values.get("heard"),
            change=self.change_edit.toPlainText().strip(),
            via="here",
        )
