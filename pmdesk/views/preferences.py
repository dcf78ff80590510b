"""Preferences: the team's own language rules, and the words this postmortem allows.

A team rules file has the same format as the built-in one (pmdesk/language/rules.json): it can
add words and patterns and switch rules off by id. A file with a mistake is refused with the
engine's message, which names the line; the rules already in use keep working.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pmdesk.ui import theme
from pmdesk.ui.lint_editor import bind_allowed_words, language_service
from pmdesk.ui.session import DocumentSession
from pmdesk.ui.widgets import TallEnoughForLines

# (parent, start folder) -> chosen path or "": a file dialog, replaced in tests.
ChooseFile = Callable[[QWidget, str], str]


def _choose_rules_file(parent: QWidget, start: str) -> str:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Choose a team rules file", start, "pmdesk rules (*.json);;All files (*)"
    )
    return name


class PreferencesDialog(QDialog):
    def __init__(
        self,
        session: DocumentSession,
        parent: QWidget | None = None,
        *,
        choose_file: ChooseFile = _choose_rules_file,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setObjectName("preferencesDialog")
        self.session = session
        self.service = language_service(session)
        self.choose_file = choose_file
        self.setMinimumWidth(560)

        # The explanations in a page that scrolls where the screen is too short for all of
        # them (720 px at 150%); Close stays in sight below it.
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard starts in the first field
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        title = QLabel("Language check")
        title.setObjectName("sectionTitle")
        intro = QLabel(
            "pmdesk underlines wording that points at people instead of the system. A team can "
            "add its own words and patterns, or switch rules off, in a rules file with the same "
            "format as the built-in one."
        )
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(intro)

        self.path_edit = QLineEdit(self.service.team_path)
        self.path_edit.setAccessibleName("Team rules file")
        self.path_edit.setPlaceholderText("None: the built-in rules only")
        self.path_edit.returnPressed.connect(lambda: self.use_team_rules(self.path_edit.text()))
        self.path_edit.textChanged.connect(self._update_buttons)
        path_label = QLabel("&Team rules file")
        path_label.setBuddy(self.path_edit)
        self.choose_button = QPushButton("&Choose…")
        self.choose_button.clicked.connect(self.choose)
        self.reload_button = QPushButton("&Reload")
        self.reload_button.setToolTip("Read the file again after editing it")
        self.reload_button.clicked.connect(lambda: self.use_team_rules(self.path_edit.text()))
        self.clear_button = QPushButton("Built-in &only")
        self.clear_button.setToolTip("Stop using a team rules file")
        self.clear_button.clicked.connect(lambda: self.use_team_rules(""))
        for button in (self.choose_button, self.reload_button, self.clear_button):
            button.setAutoDefault(False)  # Enter in a text box below must not open a chooser
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.reload_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName("Problem with the team rules file")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setObjectName("hint")
        self.status_label.setWordWrap(True)
        for widget in (path_label, self.path_edit):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addSpacing(12)

        self.allowed_edit = QLineEdit()
        self.allowed_edit.setAccessibleName("Allowed words in this postmortem")
        bind_allowed_words(self.allowed_edit, session)
        allowed_label = QLabel("Allowed &words in this postmortem")
        allowed_label.setBuddy(self.allowed_edit)
        allowed_hint = QLabel(
            "Saved with the open postmortem: product or team names that look like blame to the "
            "check, separated by commas. Phrases you ignore (right-click, “Ignore here”) are "
            "kept the same way."
        )
        allowed_hint.setObjectName("hint")
        allowed_hint.setWordWrap(True)
        for widget in (allowed_label, self.allowed_edit, allowed_hint):
            layout.addWidget(widget)
        layout.addSpacing(12)
        self._build_name(layout)
        layout.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        outer.addWidget(buttons)
        self._show_state(self.service.team_error)
        TallEnoughForLines(self, scroll)

    def _build_name(self, layout: QVBoxLayout) -> None:
        """The name others see in "Also open: ..." when they have the same postmortem open."""
        from pmdesk.collab.presence import default_name
        from pmdesk.ui import settings

        self.name_edit = QLineEdit(settings.DISPLAY_NAME.get())
        self.name_edit.setAccessibleName("Your name for others")
        self.name_edit.setPlaceholderText(default_name())
        self.name_edit.editingFinished.connect(
            lambda: settings.DISPLAY_NAME.set(" ".join(self.name_edit.text().split()))
        )
        label = QLabel("Your &name for others")
        label.setBuddy(self.name_edit)
        hint = QLabel(
            "Shown to others who have the same postmortem open (empty: your computer user name)."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        for widget in (label, self.name_edit, hint):
            layout.addWidget(widget)

    # -- the team rules file ------------------------------------------------------------------
    def choose(self) -> None:
        current = self.path_edit.text().strip()
        start = str(Path(current).parent) if current else str(Path.home())
        path = self.choose_file(self, start)
        if path:
            self.path_edit.setText(path)
            self.use_team_rules(path)

    def use_team_rules(self, path: str) -> bool:
        """Switch to a team rules file ("" for none); False, with the reason shown, if refused."""
        error = self.service.set_team_rules(path)
        if not path.strip():
            self.path_edit.clear()
        self._show_state(error)
        return error is None

    def _update_buttons(self, *_args: object) -> None:
        has_path = bool(self.path_edit.text().strip())
        self.reload_button.setEnabled(has_path)
        self.clear_button.setEnabled(has_path or self.service.team_rules is not None)

    def _show_state(self, error: str | None) -> None:
        self._update_buttons()
        self.error_label.setVisible(error is not None)
        self.path_edit.setProperty("invalid", error is not None)
        self.path_edit.style().unpolish(self.path_edit)
        self.path_edit.style().polish(self.path_edit)
        if error is not None:
            self.error_label.setText(f"This file cannot be used. {error}")
            self.error_label.setStyleSheet(f"color: {theme.palette()['danger']};")
        service = self.service
        if service.team_rules is not None:
            count = len(service.team_rules.rules)
            switched_off = len(service.team_rules.disabled)
            extra = f", {switched_off} switched off" if switched_off else ""
            self.status_label.setText(
                f"In use: the built-in rules and {count} team rule{'s' if count != 1 else ''}"
                f"{extra} from {Path(service.team_path).name}."
            )
        else:
            self.status_label.setText("In use: the built-in rules.")
        if self.isVisible():
            self.adjustSize()  # room for a wrapped error message (TallEnoughForLines: all of it)
