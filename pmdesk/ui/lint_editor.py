"""The blame-language check in a text editor: underlines, tooltips and the context menu.

`attach_language(editor, session, field)` is all a screen calls. The lint context (attendee and
owner names, this document's allowed words and ignored findings, the team's rules) is kept once
per session by `LanguageService`, which tells every attached highlighter when it changes.

Every fix goes through the editor's normal commit path: "Use suggestion" edits the editor's text
with a QTextCursor, and its committer pushes the undo command, so undo works as for typing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit

from pmdesk import language as language_check  # its rules load on first use, not here
from pmdesk.document import Change, Document
from pmdesk.language import Finding, LintContext, is_blame
from pmdesk.meeting.timer import Clock, utc_now
from pmdesk.model import CapturedFinding
from pmdesk.operations.findings import capture_finding, is_captured
from pmdesk.operations.wording import ignore_phrase, set_allowed_words
from pmdesk.ui import settings
from pmdesk.ui.bindings import use_session_undo
from pmdesk.ui.highlighter import BlameHighlighter, LocatedFinding, advice, category_name
from pmdesk.ui.session import DocumentSession

if TYPE_CHECKING:
    from pmdesk.language import RuleSet


def document_names(doc: Document | None) -> tuple[str, ...]:
    """People the check knows by name: attendees and action-item owners (as the report does)."""
    if doc is None:
        return ()
    names = [a.name.strip() for a in doc.pm.attendees] + [a.owner.strip() for a in doc.pm.actions]
    return tuple(dict.fromkeys(n for n in names if n))


class LanguageService(QObject):
    """The lint context of the open document, shared by every editor of one session."""

    changed = Signal()

    def __init__(self, session: DocumentSession) -> None:
        super().__init__(session)
        self.session = session
        self.version = 0
        self.team_path = ""
        self.team_error: str | None = None
        # The team's own file as read (for "N team rules"), and the merged set in use.
        self.team_rules: RuleSet | None = None
        self._rules: RuleSet | None = None
        self._contexts: dict[str, LintContext] = {}
        self._key = self._document_key()
        path = settings.TEAM_RULES.get()
        if path:
            self.team_path = path
            try:
                self.team_rules = language_check.load_rules(path)
            except language_check.RulesError as exc:
                self.team_error = str(exc)
            else:
                self._rules = language_check.default_rules().merged(self.team_rules)
        session.changed.connect(self._on_change)
        session.documentOpened.connect(lambda _doc: self._update())

    @property
    def rules(self) -> RuleSet | None:
        """The rules in use: the built-in ones merged with the team's, or None for built-in only."""
        return self._rules

    def context(self, field: str) -> LintContext:
        context = self._contexts.get(field)
        if context is None:
            names, allowed, ignored = self._key
            context = LintContext(
                names=names,
                field=field,
                allowed_words=allowed,
                ignored=ignored,
                rules=self._rules,
            )
            self._contexts[field] = context
        return context

    def _document_key(self) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
        doc = self.session.doc
        if doc is None:
            return (), (), frozenset()
        language = doc.pm.language
        return document_names(doc), tuple(language.allowed_words), frozenset(language.ignored)

    def _on_change(self, change: Change) -> None:
        if change.collection in ("attendees", "actions") or "language" in change.fields:
            self._update()

    def _update(self, *, force: bool = False) -> None:
        key = self._document_key()
        if key == self._key and not force:
            return
        self._key = key
        self._contexts.clear()
        self.version += 1
        self.changed.emit()

    def set_team_rules(self, path: str) -> str | None:
        """Use a team rules file ("" for none) and remember it; returns why it cannot be used.

        A file with a mistake changes nothing: the rules in use (built-in, or the team's last
        good file) keep working and the setting keeps its old value.
        """
        path = path.strip()
        team: RuleSet | None = None
        if path:
            try:
                team = language_check.load_rules(path)
            except language_check.RulesError as exc:
                return str(exc)
        self.team_path = path
        self.team_error = None
        self.team_rules = team
        self._rules = language_check.default_rules().merged(team) if team is not None else None
        settings.TEAM_RULES.set(path)
        self._update(force=True)
        return None


def language_service(session: DocumentSession) -> LanguageService:
    """The session's LanguageService, made on first use."""
    found = session.findChild(LanguageService, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return found if isinstance(found, LanguageService) else LanguageService(session)


def tooltip_text(finding: Finding) -> str:
    """What hovering a finding shows: the kind, why it matters, and for blame its kind's
    reframe and the rule's suggested words, where it has them (see highlighter.advice)."""
    from html import escape  # on the first hover, not at start-up

    title = category_name(finding.category).capitalize()
    if title.startswith("“"):
        title = "“" + title[1:].capitalize()
    parts = [f"<p>{escape(finding.message, quote=False)}</p>"]
    if not finding.message.casefold().startswith(title.casefold()):  # it names itself already
        parts.insert(0, f"<p><b>{escape(title, quote=False)}</b></p>")
    for caption, text in advice(finding):
        parts.append(f"<p>{caption}: <i>{escape(text, quote=False)}</i></p>")
    if not is_blame(finding):
        hint = "Right-click to capture it as a finding."
    elif finding.suggestion:
        hint = "Right-click to use the suggestion or ignore it here."
    else:
        hint = "Right-click to ignore it here."
    parts.append(f"<p><small>{hint}</small></p>")
    return "".join(parts)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of `text` around [start, end): from the last . ! ? before it to the next."""
    left = 0
    for index in range(start - 1, 0, -1):
        if text[index - 1] in ".!?" and text[index].isspace():
            left = index
            break
    right = len(text)
    for index in range(max(end, left), len(text)):
        if text[index] in ".!?" and (index + 1 == len(text) or text[index + 1].isspace()):
            right = index + 1
            break
    while left < right and text[left].isspace():
        left += 1
    if text[left : left + 2] in ("- ", "* ", "+ "):
        left += 2
    return left, right


class LanguageAttachment(QObject):
    """The check on one editor: its highlighter, hover explanations and context-menu fixes."""

    captured = Signal(object)  # CapturedFinding

    def __init__(
        self,
        editor: QPlainTextEdit,
        session: DocumentSession,
        field: str,
        *,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(editor)
        self.editor = editor
        self.session = session
        self.field = field
        self.clock = clock
        self.service = language_service(session)
        self.highlighter = BlameHighlighter(
            editor.document(), field, lambda: self.service.context(field)
        )
        self.service.changed.connect(self.highlighter.refresh)
        # Hover explanations come from the viewport's tooltip events, watched from the first
        # time the pointer comes over the editor: the first Python wrapper of a viewport sets
        # up every QWidget subclass's enums (about 5 ms on the way to a ready window).
        editor.installEventFilter(self)
        editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        editor.customContextMenuRequested.connect(self._show_menu)

    # -- finding things ----------------------------------------------------------------------------
    def findings(self) -> list[LocatedFinding]:
        return self.highlighter.findings()

    def finding_at(self, position: int) -> LocatedFinding | None:
        return self.highlighter.finding_at(position)

    def finding_at_point(self, point: QPoint) -> LocatedFinding | None:
        """The finding under a point of the viewport (the character under it, not the nearest)."""
        cursor = self.editor.cursorForPosition(point)
        rect = self.editor.cursorRect(cursor)
        if not rect.top() <= point.y() <= rect.bottom():
            return None
        position = cursor.position()
        if point.x() < rect.x():
            position -= 1
        return self.finding_at(position) if position >= 0 else None

    def _rect(self, located: LocatedFinding) -> QRect | None:
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(located.start)
        first = self.editor.cursorRect(cursor)
        cursor.setPosition(located.end)
        last = self.editor.cursorRect(cursor)
        if first.top() != last.top():
            return None  # wrapped over lines: let the tooltip follow the mouse
        return first.united(last)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if watched is self.editor:
            if event.type() == QEvent.Type.Enter:
                self.editor.removeEventFilter(self)
                self.editor.viewport().installEventFilter(self)
            return False
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            located = self.finding_at_point(event.pos())
            if located is None:
                QtWidgets.QToolTip.hideText()
                event.ignore()
                return True
            viewport = self.editor.viewport()
            rect = self._rect(located)
            text = tooltip_text(located.finding)
            if rect is not None:
                QtWidgets.QToolTip.showText(event.globalPos(), text, viewport, rect)
            else:
                QtWidgets.QToolTip.showText(event.globalPos(), text, viewport)
            return True
        return False

    # -- the context menu --------------------------------------------------------------------------
    def context_menu(self, point: QPoint) -> QMenu:
        """The editor's own menu, with the fixes for the finding under `point` on top."""
        menu = self.editor.createStandardContextMenu(point)
        use_session_undo(menu, self.session)
        located = self.finding_at_point(point)
        if located is None:
            return menu
        first = menu.actions()[0] if menu.actions() else None
        actions: list[QAction] = []
        finding = located.finding
        if finding.suggestion:
            use = QAction(f"Use suggestion: “{finding.suggestion}”", menu)
            use.triggered.connect(lambda: self.use_suggestion(located))
            actions.append(use)
        if finding.category == "listen_for":
            capture = QAction("Capture as finding", menu)
            if self._already_captured(located):
                capture.setText("Captured as a finding ✓")
                capture.setEnabled(False)
            capture.triggered.connect(lambda: self.capture(located))
            actions.append(capture)
        ignore = QAction("Ignore here", menu)
        ignore.setToolTip("Stop flagging this phrase in this postmortem")
        ignore.triggered.connect(lambda: self.ignore(located))
        actions.append(ignore)
        if first is None:
            menu.addActions(actions)
        else:
            menu.insertActions(first, actions)
            menu.insertSeparator(first)
        return menu

    def _show_menu(self, point: QPoint) -> None:
        menu = self.context_menu(point)
        menu.exec(self.editor.viewport().mapToGlobal(point))
        menu.deleteLater()

    # -- the fixes ---------------------------------------------------------------------------------
    def _cursor(self, located: LocatedFinding) -> QTextCursor | None:
        """A cursor over the finding's phrase, or None if the text there changed since."""
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(located.start)
        cursor.setPosition(located.end, QTextCursor.MoveMode.KeepAnchor)
        return cursor if cursor.selectedText() == located.finding.text else None

    def use_suggestion(self, located: LocatedFinding) -> bool:
        """Replace the phrase with the suggested reframe, as one undo step of its own."""
        suggestion = located.finding.suggestion
        cursor = self._cursor(located)
        if not suggestion or cursor is None or self.editor.isReadOnly():
            return False
        if self.session.doc is None:
            cursor.insertText(suggestion)
            return True
        self.session.flush_edits()  # typing before this stays its own step
        stack = self.session.undo_stack
        stack.beginMacro(f"Use suggestion “{suggestion}”")
        try:
            cursor.insertText(suggestion)
            self.session.flush_edits()
        finally:
            stack.endMacro()
        return True

    def ignore(self, located: LocatedFinding) -> None:
        """Stop flagging this phrase (for this rule) in this document; undoable, saved with it."""
        doc = self.session.doc
        if doc is None:
            return
        self.session.flush_edits()  # typing before this stays its own undo step
        self.session.apply(ignore_phrase(doc, located.finding.key, located.finding.text))

    def sentence(self, located: LocatedFinding) -> str:
        block = self.editor.document().findBlockByNumber(located.block)
        text = block.text()
        start, end = sentence_bounds(text, located.finding.start, located.finding.end)
        return text[start:end].strip()

    def _already_captured(self, located: LocatedFinding) -> bool:
        doc = self.session.doc
        sentence = self.sentence(located)
        return doc is not None and is_captured(doc, sentence)

    def capture(self, located: LocatedFinding) -> CapturedFinding | None:
        """Add the sentence around a "listen for" phrase to the postmortem's captured findings."""
        if self.session.doc is None or self._already_captured(located):
            return None
        self.session.flush_edits()
        sentence = self.sentence(located)
        if not sentence:
            return None
        item = CapturedFinding(text=sentence, origin=self.field, created_at=self.clock())
        doc = self.session.doc
        if doc is None or not self.session.apply(capture_finding(doc, item)):
            return None
        self.captured.emit(item)
        return item

    def select(self, located: LocatedFinding) -> None:
        """Show a finding: select its phrase in the editor and give the editor the focus."""
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(min(located.start, self.editor.document().characterCount() - 1))
        cursor.setPosition(
            min(located.end, self.editor.document().characterCount() - 1),
            QTextCursor.MoveMode.KeepAnchor,
        )
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)


def attach_language(
    editor: QPlainTextEdit, session: DocumentSession, field: str, *, clock: Clock = utc_now
) -> LanguageAttachment:
    """Check an editor's text as the user types (once per editor: a second call returns it)."""
    existing = editor.findChild(
        LanguageAttachment, options=Qt.FindChildOption.FindDirectChildrenOnly
    )
    if isinstance(existing, LanguageAttachment):
        return existing
    return LanguageAttachment(editor, session, field, clock=clock)


def parse_words(text: str) -> list[str]:
    """A comma-separated list of words or phrases, blanks and repeats dropped."""
    return list(dict.fromkeys(w.strip() for w in text.split(",") if w.strip()))


def bind_allowed_words(edit: QLineEdit, session: DocumentSession) -> None:
    """A line edit for this document's allowed words (product names the check must not flag)."""
    edit.setPlaceholderText("Product or team names never to flag, e.g. Blame Bot, Sloppy Joe's")
    edit.setToolTip(
        "Words and phrases the language check leaves alone in this postmortem, separated by "
        "commas (for example a product called “Blame Bot”)."
    )

    def commit() -> None:
        doc = session.doc
        if doc is None or not shiboken6.isValid(edit):  # a closed dialog's edit is gone
            return
        session.apply(set_allowed_words(doc, parse_words(edit.text())))

    def refresh(*_args: object) -> None:
        doc = session.doc
        if not shiboken6.isValid(edit):
            return
        edit.setEnabled(doc is not None)
        words = doc.pm.language.allowed_words if doc is not None else []
        if parse_words(edit.text()) != words or not edit.hasFocus():
            edit.setText(", ".join(words))

    def on_change(change: Change) -> None:
        if "language" in change.fields:
            refresh()

    edit.editingFinished.connect(commit)
    session.add_flusher(commit)
    session.documentOpened.connect(refresh)
    session.changed.connect(on_change)
    refresh()
