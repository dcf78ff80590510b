"""The conflict view: where someone else saved a different change to the same thing.

Shown above the panels while conflicts are open, one at a time: what they saved, what you
wrote, and a box to combine the two. Nothing is overwritten until the facilitator picks; until
then the database keeps their text and the window keeps yours.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmdesk.collab.merge import Conflict
from pmdesk.ui.session import DocumentSession

_COLLECTION_NAMES = {
    "attendees": "attendee",
    "timeline": "timeline event",
    "findings": "finding",
    "factors": "contributing factor",
    "actions": "action item",
}


def describe(conflict: Conflict, item: Any = None) -> str:
    """What the conflict is about, in the facilitator's words (`item`: the item as the window
    holds it, for a conflict on one of an item's fields)."""
    field = conflict.field.replace("_", " ")
    if conflict.collection is None:
        return f"{field.capitalize()}: changed by someone else while you edited it"
    if conflict.removal:
        item = conflict.mine or conflict.theirs or conflict.base
    kind = _COLLECTION_NAMES.get(conflict.collection, conflict.collection)
    name = _item_name(conflict.collection, item)
    if conflict.removal:
        if conflict.theirs is None:
            return f"The {kind} {name} was removed by someone else; you changed it"
        return f"You removed the {kind} {name}; someone else changed it"
    return f"The {kind} {name}, {field}: changed by someone else while you edited it"


def _item_name(collection: str, item: Any) -> str:
    if item is None:
        return ""
    if collection == "timeline":
        return f"“{item.at:%H:%M} {_short(item.text)}”"
    for attribute in ("text", "description", "name"):
        if hasattr(item, attribute):
            return f"“{_short(getattr(item, attribute))}”"
    return ""


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_text(conflict: Conflict, value: Any) -> str:
    """A side's value as the view shows it."""
    if conflict.removal:
        if value is None:
            return "(removed)"
        return "\n".join(
            f"{k.replace('_', ' ')}: {v}"
            for k, v in vars(value).items()
            if k not in ("id", "seq") and v not in ("", None, [])
        )
    if value is None:
        return "(empty)"
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


class ConflictView(QFrame):
    """One open conflict at a time: theirs, mine, and pick or combine."""

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictView")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.session = session
        self.conflicts: list[Conflict] = []
        self.current: Conflict | None = None
        self.heading = QLabel()
        self.heading.setObjectName("conflictHeading")
        self.heading.setWordWrap(True)
        self.theirs = self._viewer("What the database holds (saved by someone else)")
        self.mine = self._viewer("What you wrote")
        self.combined = QPlainTextEdit()
        self.combined.setAccessibleName("Combined text to keep")
        self.combined.setPlaceholderText("Combine both texts here, then Keep this text")
        self.combined.setMaximumHeight(120)
        _few_lines(self.combined)
        self.keep_theirs = QPushButton("Keep &theirs")
        self.keep_mine = QPushButton("Keep &mine")
        self.keep_combined = QPushButton("Keep this te&xt")
        self.next_button = QPushButton("Ne&xt conflict")
        self.keep_theirs.clicked.connect(lambda: self._choose(self._theirs_value()))
        self.keep_mine.clicked.connect(lambda: self._choose(self._mine_value()))
        self.keep_combined.clicked.connect(lambda: self._choose(self.combined.toPlainText()))
        self.next_button.clicked.connect(self._next)
        sides = QGridLayout()
        sides.addWidget(QLabel("Theirs (in the database)"), 0, 0)
        sides.addWidget(QLabel("Yours (on this screen)"), 0, 1)
        sides.addWidget(QLabel("Combined"), 0, 2)
        sides.addWidget(self.theirs, 1, 0)
        sides.addWidget(self.mine, 1, 1)
        sides.addWidget(self.combined, 1, 2)
        # The choices beside the heading, and tight spacing, so the view fits above the panels
        # on a 1280x720 screen at 150% too (the status bar stays in sight).
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        for button in (self.keep_theirs, self.keep_mine, self.keep_combined, self.next_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        sides.setVerticalSpacing(2)
        layout.addLayout(top)
        layout.addLayout(sides)
        session.conflictsChanged.connect(self.show_conflicts)
        session.changed.connect(self._follow_typing)
        session.documentOpened.connect(lambda _doc: self.show_conflicts(session.conflicts()))
        self.setVisible(False)

    @staticmethod
    def _viewer(name: str) -> QPlainTextEdit:
        viewer = QPlainTextEdit()
        viewer.setReadOnly(True)
        viewer.setAccessibleName(name)
        viewer.setMaximumHeight(120)
        _few_lines(viewer)
        return viewer

    def _follow_typing(self, _change: object) -> None:
        """ "Yours" shows what the window holds now (typing goes on after the conflict came up)."""
        if self.current is None or not self.isVisible():
            return
        text = as_text(self.current, self._mine_value())
        if text != self.mine.toPlainText():
            self.mine.setPlainText(text)

    def show_conflicts(self, conflicts: list[Conflict]) -> None:
        self.conflicts = list(conflicts)
        if self.current not in self.conflicts:
            self.current = self.conflicts[0] if self.conflicts else None
        self._show()

    def _show(self) -> None:
        conflict = self.current
        self.setVisible(conflict is not None)
        if conflict is None:
            return
        count = len(self.conflicts)
        more = f" ({self.conflicts.index(conflict) + 1} of {count})" if count > 1 else ""
        self.heading.setText(describe(conflict, self._item(conflict)) + more)
        theirs, mine = as_text(conflict, conflict.theirs), as_text(conflict, conflict.mine)
        self.theirs.setPlainText(theirs)
        self.mine.setPlainText(mine)
        differ = _first_difference(theirs, mine)
        differ = len(theirs[:differ].encode("utf-16-le")) // 2  # Qt counts UTF-16 units
        _show_from(self.theirs, differ)
        _show_from(self.mine, differ)
        _show_from(self.combined, differ)
        text_field = isinstance(conflict.theirs, str) and isinstance(conflict.mine, str)
        self.combined.setEnabled(text_field)
        self.keep_combined.setEnabled(text_field)
        self.combined.setPlainText(_combine(conflict.mine, conflict.theirs) if text_field else "")
        if conflict.removal:
            self.keep_theirs.setText("Remove it" if conflict.theirs is None else "Keep &theirs")
            self.keep_mine.setText("Remove it" if conflict.mine is None else "Keep &mine")
        else:
            self.keep_theirs.setText("Keep &theirs")
            self.keep_mine.setText("Keep &mine")
        self.next_button.setVisible(count > 1)

    def _item(self, conflict: Conflict) -> Any:
        doc = self.session.doc
        if doc is None or conflict.collection is None:
            return None
        return next((i for i in doc.items(conflict.collection) if i.id == conflict.item_id), None)

    def _theirs_value(self) -> Any:
        return None if self.current is None else self.current.theirs

    def _mine_value(self) -> Any:
        """What the window holds now (typing may have gone on since the conflict came up)."""
        if self.current is None:
            return None
        key = (self.current.collection, self.current.item_id, self.current.field)
        now = {(c.collection, c.item_id, c.field): c for c in self.session.conflicts()}
        return now[key].mine if key in now else self.current.mine

    def _choose(self, value: Any) -> None:
        if self.current is not None:
            conflict, self.current = self.current, None
            self.session.choose(conflict, value)

    def _next(self) -> None:
        if self.current is not None and len(self.conflicts) > 1:
            index = (self.conflicts.index(self.current) + 1) % len(self.conflicts)
            self.current = self.conflicts[index]
            self._show()


def _few_lines(editor: QPlainTextEdit) -> None:
    """Shrinks to two lines when space is short (it scrolls), instead of growing the window."""
    frame = 2 * editor.frameWidth() + 8
    editor.setMinimumHeight(2 * editor.fontMetrics().lineSpacing() + frame)


def _combine(mine: str, theirs: str) -> str:
    """A starting point for combining: the common text once, with both changes in it (theirs
    first)."""
    if mine in theirs:
        return theirs
    if theirs in mine:
        return mine
    start = _first_difference(mine, theirs)
    while start > 0 and not theirs[start - 1].isspace():
        start -= 1  # whole words on both sides
    end = 0
    while (
        end < min(len(mine), len(theirs)) - start
        and mine[len(mine) - 1 - end] == theirs[len(theirs) - 1 - end]
    ):
        end += 1
    while end > 0 and not theirs[len(theirs) - end - 1].isspace():
        end -= 1  # whole words here too
    head, tail = theirs[:start], theirs[len(theirs) - end :]
    theirs_part, mine_part = theirs[start : len(theirs) - end], mine[start : len(mine) - end]
    joint = "" if theirs_part.endswith((" ", "\n")) or mine_part.startswith((" ", "\n")) else " "
    return f"{head}{theirs_part}{joint}{mine_part}{tail}"


def _first_difference(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    start = 0
    while start < limit and a[start] == b[start]:
        start += 1
    return start


def _show_from(viewer: QPlainTextEdit, position: int) -> None:
    """Scroll a side to where the two sides start to differ (the common start is known)."""
    cursor = viewer.textCursor()
    cursor.setPosition(min(position, len(viewer.toPlainText())))
    viewer.setTextCursor(cursor)
    viewer.ensureCursorVisible()
