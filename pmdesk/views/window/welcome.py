"""The welcome page: what pmdesk is for, and the first step (the sample, or a new postmortem)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6 import QtWidgets
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from pmdesk.views.library import LibraryPane


# What the page suggests: the sample on an empty library, the user's own work once there is some.
FIRST_STEP = (
    "To see it at work, open the sample: a finished review of a payment outage, with its "
    "timeline, contributing factors and action items. Or start your own."
)
NEXT_STEP = (
    "Open a postmortem from the list on the left (Ctrl+K searches every one of them), or start "
    "a new one."
)

# The text's width: beside the library, the page fits a 1280 px laptop screen at 150% (853 px).
TEXT_WIDTH = 560


class Welcome(NamedTuple):
    page: QWidget
    sample_button: QPushButton
    new_button: QPushButton


def build_welcome(
    window: QWidget,
    library: LibraryPane,
    open_sample: Callable[[], object],
    new_postmortem: Callable[[], object],
    parent: QWidget | None = None,
) -> Welcome:
    """The page shown when no postmortem is open; its lead button follows the library."""
    # Shown in the first frame: alignment comes from the stylesheet and the layout's
    # stretches, not from `Qt` flags (see pmdesk.ui.lazy).
    page = QWidget(parent)
    layout = QVBoxLayout(page)
    layout.setSpacing(14)
    layout.addStretch(1)
    sample_button = QPushButton("Open the sample postmortem")
    sample_button.clicked.connect(open_sample)
    new_button = QPushButton("New postmortem")
    new_button.clicked.connect(new_postmortem)
    buttons = QtWidgets.QHBoxLayout()
    buttons.setSpacing(10)
    buttons.addStretch(1)
    buttons.addWidget(sample_button)
    buttons.addWidget(new_button)
    buttons.addStretch(1)
    words = _words()
    for widget in words:
        row = QtWidgets.QHBoxLayout()
        row.addStretch(1)
        row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
    layout.addSpacing(6)
    layout.addLayout(buttons)
    layout.addStretch(2)
    _lead_with_the_sample(library, sample_button, new_button, words[-1])
    return Welcome(page, sample_button, new_button)


def _words() -> list[QLabel]:
    """The logo, the greeting, what pmdesk is for, and the first step."""
    from PySide6.QtGui import QPixmap

    from pmdesk.paths import resource_path

    logo = QLabel()
    logo.setObjectName("welcomeLogo")
    logo.setFixedSize(64, 64)
    pixmap = QPixmap(str(resource_path("icons", "pmdesk-128.png")))  # under 1 ms
    pixmap.setDevicePixelRatio(2.0)  # 64 px on screen, sharp on high-density displays
    logo.setPixmap(pixmap)
    title = QLabel("Welcome to pmdesk")
    title.setObjectName("welcomeTitle")
    text = QLabel(
        "pmdesk helps you run a blameless postmortem: the meeting after an incident where "
        "the team works out how its systems let it happen and what will change, without "
        "looking for someone to blame. It keeps the meeting on its five phases, the "
        "timeline in order and the wording on systems rather than people, and it saves "
        "everything as you type."
    )
    hint = QLabel(FIRST_STEP)
    for label in (text, hint):
        label.setObjectName("welcomeText")
        label.setWordWrap(True)
        label.setFixedWidth(TEXT_WIDTH)
    return [logo, title, text, hint]


def _lead_with_the_sample(
    library: LibraryPane,
    sample_button: QPushButton,
    new_button: QPushButton,
    hint: QLabel,
) -> None:
    """On an empty library the sample is the first step; later the user's own work is."""

    def follow() -> None:
        if library.showing_trash:
            return
        empty = not library.model.entries
        hint.setText(FIRST_STEP if empty else NEXT_STEP)
        sample_button.setObjectName("primary" if empty else "")
        new_button.setObjectName("" if empty else "primary")
        for button in (sample_button, new_button):
            # Before its first polish a button reads its name then (15 ms less at start-up);
            # once polished, it must be told.
            if button.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
                button.style().unpolish(button)
                button.style().polish(button)

    library.model.modelReset.connect(follow)
    follow()
