"""Help > Keyboard shortcuts: a sheet read from the window's real actions, so it cannot drift.

Every command is listed under its menu with its shortcut, or with the mnemonic keys that reach it
through the menu bar (Alt+F, then M) when it has no shortcut. Actions that only work inside one
widget (the timeline table's Insert, Delete ...) get a section of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pmdesk.ui.screen import fit_to_screen


@dataclass(frozen=True)
class Entry:
    command: str
    keys: str


@dataclass(frozen=True)
class Section:
    title: str
    entries: tuple[Entry, ...]


def plain(text: str) -> str:
    """Menu text as read aloud: no mnemonic marker, no trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def mnemonic(text: str) -> str | None:
    """The letter after a single "&", upper-cased; None when there is none."""
    index = 0
    while True:
        index = text.find("&", index)
        if index < 0 or index + 1 >= len(text):
            return None
        if text[index + 1] == "&":
            index += 2
            continue
        return text[index + 1].upper()


# Keys a keyboard has, for shortcuts without a modifier. Standard shortcuts also bring keys only
# some keyboards have (Undo, Find, F14...): they still work, but the sheet leaves them out.
_PLAIN_KEYS = {
    *(getattr(Qt.Key, f"Key_F{n}") for n in range(1, 13)),
    Qt.Key.Key_Insert,
    Qt.Key.Key_Delete,
    Qt.Key.Key_Escape,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Backspace,
    Qt.Key.Key_Tab,
}


def _on_every_keyboard(key: QKeySequence) -> bool:
    first = key[0]
    return first.keyboardModifiers() != Qt.KeyboardModifier.NoModifier or first.key() in _PLAIN_KEYS


def shortcut_text(action: QAction) -> str:
    keys = [
        k.toString(QKeySequence.SequenceFormat.NativeText)
        for k in action.shortcuts()
        if not k.isEmpty() and _on_every_keyboard(k)
    ]
    return " or ".join(k for k in keys if k)


def _menu_entries(menu: QMenu, path: list[str], prefix: str) -> list[Entry]:
    entries: list[Entry] = []
    for action in menu.actions():
        if action.isSeparator() or not action.text():
            continue
        letter = mnemonic(action.text())
        reach = [*path, letter] if letter and path else []
        sub = action.menu()
        if isinstance(sub, QMenu):
            entries.extend(_menu_entries(sub, reach, f"{prefix}{plain(action.text())} › "))
            continue
        keys = shortcut_text(action)
        if not keys and reach:
            keys = f"{reach[0]}, then " + ", ".join(reach[1:])
        entries.append(Entry(prefix + plain(action.text()), keys or "—"))
    return entries


def shortcut_sections(window: QMainWindow) -> list[Section]:
    """The sheet's content: one section a menu, then the actions bound to one widget."""
    sections: list[Section] = []
    in_menus: set[int] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu) or not top.isVisible():
            continue
        letter = mnemonic(top.text())
        path = [f"Alt+{letter}"] if letter else []
        entries = _menu_entries(menu, path, "")
        if entries:
            sections.append(Section(plain(top.text()), tuple(entries)))
        stack = [menu]
        while stack:
            current = stack.pop()
            for action in current.actions():
                in_menus.add(id(action))
                sub = action.menu()
                if isinstance(sub, QMenu):
                    stack.append(sub)
    by_place: dict[str, list[Entry]] = {}
    for action in window.findChildren(QAction):
        if (
            id(action) in in_menus
            or action.shortcutContext() != Qt.ShortcutContext.WidgetShortcut
            or not action.shortcuts()
        ):
            continue
        owner = action.parent()
        place = owner.accessibleName() if isinstance(owner, QWidget) else ""
        entries = by_place.setdefault(place or "its panel", [])
        entry = Entry(plain(action.text()), shortcut_text(action))
        if entry not in entries:
            entries.append(entry)
    for place, entries in by_place.items():
        sections.append(Section(f"While in the {place.lower()}", tuple(entries)))
    return sections


def sheet_html(sections: list[Section], filter_text: str = "") -> str:
    """One table, a heading row a section, so the keys line up all the way down."""
    wanted = filter_text.strip().casefold()
    rows: list[str] = []
    for section in sections:
        entries = [
            e
            for e in section.entries
            if not wanted or wanted in e.command.casefold() or wanted in e.keys.casefold()
        ]
        if not entries:
            continue
        rows.append(
            f"<tr><td colspan='2' style='padding-top:12px'><b><big>{escape(section.title)}"
            "</big></b></td></tr>"
        )
        rows.extend(
            f"<tr><td width='58%'>{escape(e.command)}</td><td><b>{escape(e.keys)}</b></td></tr>"
            for e in entries
        )
    if not rows:
        return f"<p>No command matches “{escape(filter_text.strip())}”.</p>"
    return (
        "<table width='100%' cellspacing='0' cellpadding='3'>"
        + "".join(rows)
        + "</table><p>The meeting keys work in every pmdesk window, also while typing. In the "
        "share window Esc leaves full screen, then closes it. Tab moves between "
        "fields, also from the notes (no field takes a tab character), and Enter or Space "
        "presses the button Tab reached; Ctrl+Tab and Ctrl+Shift+Tab go to the next and "
        "previous panel; in tables the arrow keys move between cells, and F2 or typing edits "
        "one.</p>"
    )


class ShortcutsDialog(QDialog):
    """Non-modal: it can stay open next to the window while the keys are tried out."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts — pmdesk")
        self.resize(640, 640)
        fit_to_screen(self, window)  # at 150% on 720 px its Close button was below the screen
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Find a command or a key")
        self.filter_edit.setAccessibleName("Find a command or a key")
        self.filter_edit.setClearButtonEnabled(True)
        label = QLabel("&Find:")
        label.setBuddy(self.filter_edit)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Keyboard shortcuts")
        self.browser.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.sections: list[Section] = []
        self.filter_edit.textChanged.connect(self._show)

    def refresh(self) -> None:
        """Read the actions again (their texts and keys may have changed since)."""
        self.sections = shortcut_sections(self.window_)
        self._show()

    def _show(self) -> None:
        self.browser.setHtml(sheet_html(self.sections, self.filter_edit.text()))

    def text(self) -> str:
        return self.browser.toPlainText()
