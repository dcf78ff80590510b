"""The first run: the welcome page on an empty database, and Help > About."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton

from pmdesk import __version__

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"


def test_an_empty_database_greets_the_user_and_leads_with_the_sample(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.stack.currentWidget() is window.welcome
    texts = " ".join(label.text() for label in window.welcome.findChildren(QLabel))
    assert "Welcome to pmdesk" in texts
    assert "blameless postmortem" in texts
    sample = window.welcome_sample_button
    assert sample.isVisible()
    assert sample.objectName() == "primary"  # the highlighted first step
    assert window.welcome_new_button.objectName() != "primary"

    qtbot.mouseClick(sample, Qt.MouseButton.LeftButton)

    doc = window.session.doc
    assert doc is not None
    assert doc.pm.title.startswith("Payment service outage")
    assert window.stack.currentWidget() is window.editor
    saved = window.session.repo.library()
    assert [entry.title for entry in saved] == [doc.pm.title]
    assert len(window.session.repo.load(doc.pm.id).timeline) == len(doc.pm.timeline) > 0


def test_once_the_library_has_postmortems_new_postmortem_leads(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.new_postmortem()
    assert window.welcome_new_button.objectName() == "primary"
    assert window.welcome_sample_button.objectName() != "primary"


def test_about_shows_the_version_and_the_bundled_font_licences(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.about_action.trigger()
    dialog = window.about_dialog
    qtbot.waitExposed(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"pmdesk {__version__}" in texts
    fonts = [label.text() for label in dialog.findChildren(QLabel, "fontLicence")]
    assert len(fonts) == len(list(FONTS.glob("LICENSE-*.txt"))) == 1
    assert "DejaVu Sans" in fonts[0]
    assert "Bitstream Vera" in fonts[0]

    viewer = dialog.findChild(QPlainTextEdit, "licenceText")
    assert not viewer.isVisible()
    (read,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Read the licence"]
    qtbot.mouseClick(read, Qt.MouseButton.LeftButton)
    assert viewer.isVisible()
    assert viewer.isReadOnly()
    full = (FONTS / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert viewer.toPlainText() == full
    assert "Permission is hereby granted" in viewer.toPlainText()

    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
