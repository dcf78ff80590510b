"""Help > About: the version, where the data is, and the licences of the bundled fonts."""

from __future__ import annotations

from html import escape

from PySide6 import QtWidgets
from PySide6.QtCore import qVersion
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from pmdesk import __version__
from pmdesk.paths import FontLicence, font_licences, resource_path
from pmdesk.ui.lazy import Qt


def about_dialog(parent: QWidget, database: str) -> QtWidgets.QDialog:
    """Help > About: the version, where the data is, and the licences of the bundled fonts."""
    dialog = QtWidgets.QDialog(parent)
    dialog.setObjectName("aboutDialog")
    dialog.setWindowTitle("About pmdesk")
    layout = QVBoxLayout(dialog)
    layout.setSpacing(12)
    header = QtWidgets.QHBoxLayout()
    header.setSpacing(18)
    logo = QLabel()
    pixmap = QPixmap(str(resource_path("icons", "pmdesk-128.png")))
    pixmap.setDevicePixelRatio(2.0)
    logo.setPixmap(pixmap)
    logo.setAlignment(Qt.AlignmentFlag.AlignTop)
    summary = QLabel(
        f"<h2>pmdesk {__version__}</h2>"
        "<p>A desktop app for facilitating blameless postmortems: the phase timer, the "
        "timeline, the language check, the action items and the report.</p>"
        f"<p>Your postmortems are saved in {escape(database)}.</p>"
        "<p>pmdesk is free software under the MIT licence. It is built on Qt "
        f"{qVersion()} through Qt for Python, used under the LGPL v3.</p>"
    )
    summary.setObjectName("aboutSummary")
    summary.setWordWrap(True)
    # Selectable, so the version and the database path can be copied into a bug report.
    summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    header.addWidget(logo)
    header.addWidget(summary, 1)
    layout.addLayout(header)
    layout.addSpacing(8)

    fonts_title = QLabel("Fonts bundled with pmdesk")
    fonts_title.setObjectName("sectionTitle")
    layout.addWidget(fonts_title)
    viewer = QtWidgets.QPlainTextEdit()
    viewer.setObjectName("licenceText")
    viewer.setAccessibleName("Licence text")
    viewer.setReadOnly(True)
    viewer.hide()

    def show_licence(entry: FontLicence) -> None:
        try:
            text = entry.text()
        except (OSError, UnicodeDecodeError) as exc:
            text = f"{entry.path} cannot be read ({exc}). Reinstall pmdesk to restore it."
        viewer.setPlainText(text)
        viewer.show()
        dialog.resize(max(dialog.width(), 680), max(dialog.height(), 600))

    grid = QtWidgets.QGridLayout()
    grid.setHorizontalSpacing(16)
    for row, entry in enumerate(font_licences()):
        name = QLabel(f"<b>{escape(entry.font)}</b> — {escape(entry.licence)}")
        name.setObjectName("fontLicence")
        read = QPushButton("Read the licence")
        read.setAccessibleName(f"Read the licence of {entry.font}")
        read.clicked.connect(lambda _checked=False, entry=entry: show_licence(entry))
        grid.addWidget(name, row, 0)
        grid.addWidget(read, row, 1)
    grid.setColumnStretch(0, 1)
    layout.addLayout(grid)
    layout.addWidget(viewer, 1)
    buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(640, dialog.heightForWidth(640))  # no gaps from the wrapped text
    return dialog
