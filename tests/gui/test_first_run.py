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


def _fill(button: QPushButton) -> str:
    """The colour the button is drawn with, a little inside its left edge."""
    image = button.grab().toImage()
    return str(image.pixelColor(6, image.height() // 2).name())


def test_a_restart_with_nothing_open_points_to_the_library_not_the_sample(
    qtbot, db_path: Path, themed
) -> None:  # type: ignore[no-untyped-def]
    from pmdesk.interchange import load_file
    from pmdesk.storage.door import StorageDoor
    from pmdesk.storage.engine import open_engine
    from pmdesk.storage.library import read_library_fast
    from pmdesk.storage.location import resolve
    from pmdesk.storage.repository import Repository
    from pmdesk.ui import theme
    from pmdesk.ui.session import DocumentSession
    from pmdesk.views.main_window import MainWindow
    from tests.gui.conftest import SAMPLE

    location = resolve(str(db_path))
    repo = Repository(open_engine(location))
    repo.create(load_file(SAMPLE))
    repo.close()
    window = MainWindow(DocumentSession(StorageDoor(location)), read_library_fast(db_path))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.startupFinished, timeout=10_000):
        pass
    assert window.stack.currentWidget() is window.welcome
    texts = " ".join(label.text() for label in window.welcome.findChildren(QLabel))
    assert "Open a postmortem from the list" in texts and "open the sample" not in texts
    accent = theme.palette()["accent"].lower()
    assert _fill(window.welcome_new_button) == accent  # drawn as the first step
    assert _fill(window.welcome_sample_button) != accent
