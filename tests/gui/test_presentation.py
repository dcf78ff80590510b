"""Presenting with pmdesk: zoom, themes, the keyboard everywhere, and no network at all."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontInfo, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QMenu,
    QMessageBox,
    QWidget,
)

from pmdesk.ui import settings, theme
from pmdesk.views.shortcuts_dialog import mnemonic, plain, shortcut_text
from tests.gui.conftest import SAMPLE

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def active(qtbot, window, sample):  # type: ignore[no-untyped-def]
    """The main window with the sample open, active so that its shortcuts work."""
    return window


def pixels(widget: QWidget) -> int:
    widget.ensurePolished()
    return QFontInfo(widget.font()).pixelSize()


# -- zoom --------------------------------------------------------------------------------------


def test_zoom_keys_change_every_size_and_are_remembered(qtbot, themed, active) -> None:  # type: ignore[no-untyped-def]
    window = active
    bar = window.timer_bar
    window.show_panel("timeline")
    table = window.panels["timeline"].table
    before = {
        "clock": pixels(bar.clock_label),
        "phase": pixels(bar.phase_label),
        "table": pixels(table),
    }
    row_before = table.verticalHeader().defaultSectionSize()
    bar_before = bar.sizeHint().height()

    qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_Plus, CTRL)  # Ctrl++ works as well as Ctrl+=
    assert settings.ZOOM.get() == pytest.approx(1.25)
    after = {
        "clock": pixels(bar.clock_label),
        "phase": pixels(bar.phase_label),
        "table": pixels(table),
    }
    grown = dict(before)
    if bar.compact:  # a short window: the compact bar's clock is smaller, and grows too
        grown["clock"] = theme.SIZES["timer_compact"]
    for key, size in grown.items():
        assert after[key] > size, key
    # Sizes computed from the font follow: the timeline's rows and the timer bar grow.
    qtbot.waitUntil(lambda: table.verticalHeader().defaultSectionSize() > row_before, timeout=1000)
    # The timer bar grows; on a window too short for that it moves its buttons beside the clock.
    assert bar.sizeHint().height() > bar_before or (bar.compact and window.height() < 36 * 21)

    qtbot.keyClick(window, Qt.Key.Key_Minus, CTRL)
    assert settings.ZOOM.get() == pytest.approx(1.1)
    qtbot.keyClick(window, Qt.Key.Key_0, CTRL)
    assert settings.ZOOM.get() == pytest.approx(1.0)
    assert pixels(bar.clock_label) == before["clock"]
    assert not window.presentation.zoom_reset_action.isEnabled()


def test_zoom_stops_at_the_largest_step(qtbot, themed, active) -> None:  # type: ignore[no-untyped-def]
    settings.ZOOM.set(theme.ZOOM_STEPS[-2])
    for _ in range(3):
        active.presentation.zoom_in_action.trigger()
    assert settings.ZOOM.get() == theme.ZOOM_STEPS[-1]
    assert not active.presentation.zoom_in_action.isEnabled()
    assert active.statusBar().currentMessage() == "Zoom 250%"


# -- themes ------------------------------------------------------------------------------------


def test_the_theme_menu_switches_the_palette_and_is_remembered(qtbot, themed, active) -> None:  # type: ignore[no-untyped-def]
    app = themed
    actions = active.presentation.theme_actions
    for key in ("dark", "high_contrast", "light"):
        actions[key].trigger()
        colours = theme.PALETTES[key]
        assert settings.THEME.get() == key
        assert actions[key].isChecked()
        assert app.palette().color(QPalette.ColorRole.Window).name() == colours["window"]
        assert app.palette().color(QPalette.ColorRole.Base).name() == colours["base"]
        assert colours["base"] in app.styleSheet()
        # What the highlighter will draw with meets AA on what the app now paints as base.
        base = app.palette().color(QPalette.ColorRole.Base).name()
        for category, colour in theme.category_colors().items():
            assert theme.contrast_ratio(colour, base) >= 4.5, (key, category)


def test_system_follows_the_desktop_while_the_app_runs(  # type: ignore[no-untyped-def]
    qtbot, themed, active, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = themed
    desktop = {"scheme": "light"}
    monkeypatch.setattr(theme, "system_theme", lambda quick=False: desktop["scheme"])
    active.presentation.theme_actions[theme.SYSTEM].trigger()
    assert theme.current() == "light"
    desktop["scheme"] = "dark"
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.current() == "dark"
    assert app.palette().color(QPalette.ColorRole.Window).name() == theme.PALETTES["dark"]["window"]
    # A chosen theme stays put whatever the desktop does.
    active.presentation.theme_actions["light"].trigger()
    desktop["scheme"] = "high_contrast"
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.current() == "light"


# -- keyboard ----------------------------------------------------------------------------------


def _menus(window) -> list[QMenu]:  # type: ignore[no-untyped-def]
    found: list[QMenu] = []
    stack = [a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]
    while stack:
        menu = stack.pop()
        found.append(menu)
        stack += [a.menu() for a in menu.actions() if isinstance(a.menu(), QMenu)]
    return found


def test_every_action_has_a_shortcut_or_a_mnemonic(qtbot, active) -> None:  # type: ignore[no-untyped-def]
    window = active
    actions = set(window.findChildren(QAction))
    for menu in _menus(window):
        actions.update(menu.actions())
        actions.add(menu.menuAction())
    missing = [
        a.text() or a.objectName()
        for a in actions
        if not a.isSeparator()
        and a.text()
        and not a.shortcuts()
        and mnemonic(a.text()) is None
        and not isinstance(a.parent(), QMenu)  # entries of lists shown in a menu (arrow keys)
    ]
    assert missing == []
    for top in window.menuBar().actions():
        assert mnemonic(top.text()), top.text()


def test_mnemonics_are_unique_within_each_menu(qtbot, active) -> None:  # type: ignore[no-untyped-def]
    for menu in [active.menuBar(), *_menus(active)]:
        letters = [mnemonic(a.text()) for a in menu.actions() if not a.isSeparator()]
        letters = [letter for letter in letters if letter]
        assert len(letters) == len(set(letters)), (menu.title(), letters)


def test_no_two_commands_share_a_shortcut(qtbot, active) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, str] = {}
    for action in active.actions():
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen, (text, seen.get(text), action.text())
            seen[text] = action.text()


def test_the_shortcuts_sheet_is_read_from_the_actions(qtbot, active) -> None:  # type: ignore[no-untyped-def]
    window = active
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.presentation.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    sheet = dialog.text()
    for menu in _menus(window):
        for action in menu.actions():
            if action.isSeparator() or isinstance(action.menu(), QMenu) or not action.text():
                continue
            assert plain(action.text()) in sheet
            keys = shortcut_text(action)
            assert bool(keys) == bool(action.shortcuts())
            for key in keys.split(" or "):
                assert key in sheet
    assert "Alt+F, then M" in sheet  # File > Open the sample postmortem, by its mnemonics
    assert "While in the timeline" in sheet and "Ins" in sheet
    assert "F14" not in sheet  # a key few keyboards have is left out
    # It cannot drift: change a key and the sheet says so the next time.
    window.export_actions["json"].setShortcut(QKeySequence("Ctrl+Alt+J"))
    dialog.close()
    qtbot.keyClick(window, Qt.Key.Key_Slash, CTRL)
    assert "Ctrl+Alt+J" in dialog.text()
    qtbot.keyClicks(dialog.filter_edit, "zoom")
    assert "Zoom in" in dialog.text() and "Undo" not in dialog.text()


def _spoken_name(widget: QWidget, labels: list[QLabel]) -> str:
    """What a screen reader announces: the accessible name, a buddy label, or a button's text."""
    if widget.accessibleName():
        return widget.accessibleName()
    for label in labels:
        if label.buddy() is widget:
            return label.text()
    if isinstance(widget, QAbstractButton):
        return widget.text()
    return ""


def _tab_stops(panel: QWidget) -> list[QWidget]:
    stops: list[QWidget] = []
    widget = panel.nextInFocusChain()
    while widget is not panel and len(stops) < 2000:
        if (
            panel.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def test_every_control_has_a_name_a_screen_reader_can_say(qtbot, active) -> None:  # type: ignore[no-untyped-def]
    window = active
    labels = window.findChildren(QLabel)
    for key, panel in window.panels.items():
        window.show_panel(key)
        for widget in _tab_stops(panel):
            assert _spoken_name(widget, labels).strip(), (key, type(widget).__name__)
    for button in window.timer_bar.buttons:
        assert button.accessibleName()


def test_tab_walks_the_factors_panel_down_the_page(qtbot, active) -> None:  # type: ignore[no-untyped-def]
    window = active
    window.show_panel("factors")
    panel = window.panels["factors"]
    doc = window.session.doc
    stops = _tab_stops(panel)
    first = panel.card(doc.pm.factors[0].id)
    # A factor's text, then its buttons, then each why in turn, then the chain's own buttons.
    order = [first.text_edit, first.move_button, first.remove_button]
    for row in first.why_rows:
        order += [row.editor, row.remove_button]
    order += [first.add_why_button, first.events_button, first.findings_button]
    positions = [stops.index(w) for w in order]
    assert positions == sorted(positions)
    assert positions[-1] - positions[0] == len(order) - 1  # nothing else in between
    # The captured findings come after every factor.
    last_card_widget = max(stops.index(c.findings_button) for c in panel.cards.values())
    assert stops.index(panel.finding_question) > last_card_widget


# -- offline -----------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way Python opens a connection or resolves a name fails, and is written down."""
    tried: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def blocked(*args, **kwargs):  # type: ignore[no-untyped-def]
            tried.append(f"{name}{args[:2]}")
            raise OSError(f"network disabled in this test: {name}")

        return blocked

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            tried.append(f"socket{args[:2]}")
            raise OSError("network disabled in this test: socket")

    monkeypatch.setattr(socket, "socket", NoSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, refuse(name))
    return tried


def test_open_edit_export_never_touch_the_network(  # type: ignore[no-untyped-def]
    no_network, qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    had_qt_network = "PySide6.QtNetwork" in sys.modules
    window.import_paths([SAMPLE])
    window.show_panel("overview")
    title = window.panels["overview"].title_edit
    title.selectAll()
    qtbot.keyClicks(title, "Offline review")
    window.session.save_now()
    window.presentation.set_share_visible(True)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "report.pdf"), "")
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    exported = window.export("pdf")
    assert exported is not None
    text = "".join(page.extract_text() for page in PdfReader(exported).pages)
    assert "Offline review" in text
    assert window.session.repo.load(window.session.doc.pm.id).title == "Offline review"
    assert no_network == []
    assert had_qt_network or "PySide6.QtNetwork" not in sys.modules


def test_no_button_on_a_panel_answers_to_a_menu_bar_letter(qtbot, active) -> None:  # type: ignore[no-untyped-def]
    """Alt+F opens the File menu: a button underlined F on a panel could never be pressed so."""
    from PySide6.QtWidgets import QAbstractButton

    from pmdesk.views.main_window import PANELS

    menu_letters = {mnemonic(a.text()) for a in active.menuBar().actions()} - {None}
    clashes = []
    for key in PANELS:
        active.show_panel(key)
        for button in active.panels[key].findChildren(QAbstractButton):
            if mnemonic(button.text()) in menu_letters:
                clashes.append(f"{key}: {button.text()}")
    assert clashes == []
