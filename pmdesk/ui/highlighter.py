"""The blame-language highlighter: the engine's findings drawn as underlines in a text editor.

The engine (pmdesk.language) decides what is blame; this only maps each finding's category to a
character format from the theme, Picard-style. Colour is never the only signal: the theme gives
each category an underline shape too, and the "listen for" findings, which are good news, get a
plain underline on a soft tint instead of a warning squiggle.

Speed: Qt calls `highlightBlock` for the edited block only (and for the next ones when a block's
state changes), so a keystroke re-checks one line. Results are cached per line text for the
current lint context, and between runs in the findings memo (pmdesk.language.memo): at quit each
highlighter tells the memo which lines it shows, so the postmortem reopened next time is
underlined without loading the engine. Markdown code fences and indented code, which span lines,
are tracked in the block state so each line can be judged on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QSyntaxHighlighter,
    QTextBlock,
    QTextBlockUserData,
    QTextCharFormat,
    QTextDocument,
)

from pmdesk.fieldwise import FrozenFieldwise
from pmdesk.language import (
    Finding,
    LintContext,
    closes_fence,
    fence_marker,
    reframe,
    suggested_words,
    utf16_index,
)
from pmdesk.language.memo import shared_memo
from pmdesk.ui import theme

ContextProvider = Callable[[], LintContext]

# Block states. Below FENCE_BASE: bit flags that mirror how Markdown decides what is indented
# code (a blank line before it, not inside a list). From FENCE_BASE up: inside a ``` or ~~~ fence,
# with the fence's length and character encoded so the right closing line is recognised.
_BLANK = 1
_IN_LIST = 2
_IN_CODE = 4
_FENCE_BASE = 16
# Cached line results per context; cleared when it grows past this (a 1 MB paste is ~16k lines).
_CACHE_LIMIT = 20_000
# How soon after highlighting changes the findings strip hears about it.
NOTIFY_DELAY_MS = 120

# What the facilitator reads in the strip and tooltips: (one, many).
CATEGORY_NAMES: dict[str, tuple[str, str]] = {
    "person_as_cause": ("person as cause", "person as cause"),
    "hindsight": ("hindsight", "hindsight"),
    "judgement": ("judgement word", "judgement words"),
    "human_error": ("“human error”", "“human error”"),
    "single_root_cause": ("single root cause", "single root cause"),
    "who_question": ("“who” question", "“who” questions"),
    "minimizing": ("minimising word", "minimising words"),
    "vague_action": ("vague action", "vague actions"),
    "listen_for": ("finding to capture", "findings to capture"),
}


def category_name(category: str, count: int = 1) -> str:
    one, many = CATEGORY_NAMES.get(category, (category.replace("_", " "),) * 2)
    return one if count == 1 else many


def advice(finding: Finding) -> list[tuple[str, str]]:
    """What to write instead, as (caption, text): the kind's system-focused reframe, then the
    rule's own words for the flagged phrase where it has them. The hover, the facilitator
    strip and the reports show the same (see pmdesk.language._categories)."""
    found = []
    shown, words = reframe(finding.category), suggested_words(finding.suggestion)
    if shown:
        found.append(("Try instead", shown))
    if words:
        found.append(("Suggested words", f"“{words}”"))
    return found


def explained(finding: Finding) -> str:
    """A finding's reason and, for blame, what to write instead, as plain text."""
    lines = [f"{caption}: {text}" for caption, text in advice(finding)]
    return "\n\n".join([finding.message, "\n".join(lines)]) if lines else finding.message


def _fence_state(opener: str) -> int:
    return _FENCE_BASE + 2 * len(opener) + (1 if opener[0] == "~" else 0)


def _fence_opener(state: int) -> str:
    length, tilde = divmod(state - _FENCE_BASE, 2)
    return ("~" if tilde else "`") * length


def _is_list_item(line: str) -> bool:
    """A Markdown bullet ("- ", "* ", "+ ") or numbered item ("1. ", "2) ")."""
    stripped = line.lstrip()
    if not stripped:
        return False
    if stripped[0] in "-*+":
        return len(stripped) == 1 or stripped[1].isspace()
    digits = len(stripped) - len(stripped.lstrip("0123456789"))
    if not 1 <= digits <= 9 or stripped[digits : digits + 1] not in (".", ")"):
        return False
    return len(stripped) == digits + 1 or stripped[digits + 1].isspace()


def scan_line(text: str, previous: int) -> tuple[int, bool]:
    """This line's block state and whether it is prose to check (False: code or blank).

    `previous` is the previous block's state (-1 for the first block).
    """
    if previous >= _FENCE_BASE:
        return (0 if closes_fence(text, _fence_opener(previous)) else previous), False
    opener = fence_marker(text)
    if opener is not None:
        return _fence_state(opener), False
    flags = max(previous, 0)
    previous_blank = previous < 0 or bool(flags & _BLANK)
    in_list = bool(flags & _IN_LIST)
    in_code = bool(flags & _IN_CODE)
    blank = not text.strip()
    indented = text.startswith(("    ", "\t"))
    if in_code and (indented or blank):
        return _BLANK * blank | _IN_LIST * in_list | _IN_CODE, False
    if indented and not blank and previous_blank and not in_list and not _is_list_item(text):
        return _IN_CODE | _IN_LIST * in_list, False
    if blank:
        return _BLANK | _IN_LIST * in_list, False
    in_list = _is_list_item(text) or (in_list and indented)
    return _IN_LIST * in_list, True


@dataclass(frozen=True, repr=False, eq=False)
class LocatedFinding(FrozenFieldwise):
    """A finding where it is now: absolute document positions in UTF-16 units (what Qt counts)."""

    finding: Finding
    block: int
    start: int
    end: int

    @property
    def category(self) -> str:
        return self.finding.category


class _BlockFindings(QTextBlockUserData):
    """Every finding of one block (ignored ones included, so un-ignoring needs no re-check)."""

    def __init__(self, items: tuple[tuple[Finding, int, int], ...]) -> None:
        super().__init__()
        self.items = items


class BlameHighlighter(QSyntaxHighlighter):
    """Underlines blame language (and findings worth capturing) in one QTextDocument.

    `context` supplies the lint context (attendee names, allowed words, ignored keys, team
    rules); call `refresh` when it may have changed.
    """

    findingsChanged = Signal()

    def __init__(
        self,
        document: QTextDocument,
        field: str,
        context: ContextProvider,
    ) -> None:
        super().__init__(document)
        self.field = field
        self._provider = context
        self._context = replace(context(), field=field)
        self._lint_context = replace(self._context, ignored=frozenset())
        self._ignored = self._context.ignored
        self._cache: dict[str, tuple[Finding, ...]] = {}
        self.context_version = 0
        # Counts highlightBlock calls: the benchmark and tests check a keystroke costs one.
        self.blocks_checked = 0
        self._formats = self._make_formats()
        self._notify = QTimer(self)
        self._notify.setSingleShot(True)
        self._notify.setInterval(NOTIFY_DELAY_MS)
        self._notify.timeout.connect(self.findingsChanged)
        theme.notifier().changed.connect(self._on_theme)
        document.blockCountChanged.connect(self._schedule_notify)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._remember_lines)
        if not document.isEmpty():
            self.rehighlight()

    # -- the context ------------------------------------------------------------------------------
    @property
    def context(self) -> LintContext:
        return self._context

    def refresh(self) -> None:
        """Re-read the lint context; re-check what it changes (only ignoring: only those lines)."""
        new = replace(self._provider(), field=self.field)
        if new == self._context:
            return
        old_ignored = self._ignored
        lint_context = replace(new, ignored=frozenset())
        self._context = new
        self._ignored = new.ignored
        if lint_context == self._lint_context:  # only the ignored keys changed
            self._rehighlight_keys(old_ignored ^ new.ignored)
            return
        self._lint_context = lint_context
        self._cache.clear()
        self.context_version += 1
        self.rehighlight()
        self._schedule_notify()

    def _rehighlight_keys(self, keys: frozenset[str]) -> None:
        if not keys:
            return
        document = self.document()
        if document is None:
            return
        block = document.begin()
        while block.isValid():
            data = block.userData()
            if isinstance(data, _BlockFindings) and any(f.key in keys for f, _, _ in data.items):
                self.rehighlightBlock(block)
            block = block.next()
        self._schedule_notify()

    # -- formats ---------------------------------------------------------------------------------
    def _make_formats(self) -> dict[str, QTextCharFormat]:
        colours = theme.category_colors()
        formats: dict[str, QTextCharFormat] = {}
        for category, colour in colours.items():
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(theme.category_underline(category))
            fmt.setUnderlineColor(QColor(colour))
            if category == "listen_for":
                # Good news: a faint tint of its colour, so it reads as "keep this", not "fix".
                tint = QColor(colour)
                tint.setAlpha(34)
                fmt.setBackground(tint)
            formats[category] = fmt
        return formats

    def format_for(self, category: str) -> QTextCharFormat:
        """The character format findings of this category get (a wavy line if unknown)."""
        fmt = self._formats.get(category)
        if fmt is None:
            fmt = QTextCharFormat(self._formats["person_as_cause"])
            fmt.setUnderlineStyle(theme.category_underline(category))
        return fmt

    def _on_theme(self, *_args: object) -> None:
        self._formats = self._make_formats()
        self.rehighlight()

    # -- highlighting ----------------------------------------------------------------------------
    def lint_line(self, text: str) -> tuple[Finding, ...]:
        """The findings of one line of prose (code-point offsets), cached for this context."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        body = text.lstrip()
        indent = len(text) - len(body)
        memo = shared_memo()
        known = memo.get(self._lint_context, body)
        if known is None:
            from pmdesk.language import lint  # the engine loads on the first line not remembered

            known = tuple(lint(body, self._lint_context))
            memo.put(self._lint_context, body, known)
        result = known
        if indent:
            result = tuple(replace(f, start=f.start + indent, end=f.end + indent) for f in known)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[text] = result
        return result

    def _remember_lines(self) -> None:
        """Tell the memo which lines this editor shows, to keep them for the next start."""
        document = self.document()
        if document is None:
            return
        memo = shared_memo()
        block = document.begin()
        while block.isValid():
            memo.keep(self._lint_context, block.text().lstrip())
            block = block.next()

    def highlightBlock(self, text: str) -> None:  # Qt override
        self.blocks_checked += 1
        state, prose = scan_line(text, self.previousBlockState())
        self.setCurrentBlockState(state)
        found = self.lint_line(text) if prose else ()
        if found and text.isascii():
            items = tuple((f, f.start, f.end) for f in found)
        else:
            items = tuple((f, utf16_index(text, f.start), utf16_index(text, f.end)) for f in found)
        ignored = self._ignored
        for finding, start, end in items:
            if finding.key not in ignored:
                self.setFormat(start, end - start, self.format_for(finding.category))
        old = self.currentBlockUserData()
        # A block never checked before counts as changed: text loaded in place of other text
        # (another event's answers) comes in new blocks, and the findings of the old ones went.
        if not isinstance(old, _BlockFindings) or old.items != items:
            self.setCurrentBlockUserData(_BlockFindings(items))
            self._schedule_notify()

    def _schedule_notify(self, *_args: object) -> None:
        if not self._notify.isActive():
            self._notify.start()

    # -- reading the results ---------------------------------------------------------------------
    def block_findings(self, block: QTextBlock) -> list[LocatedFinding]:
        data = block.userData()
        if not isinstance(data, _BlockFindings):
            return []
        position = block.position()
        number = block.blockNumber()
        return [
            LocatedFinding(finding, number, position + start, position + end)
            for finding, start, end in data.items
            if finding.key not in self._ignored
        ]

    def findings(self) -> list[LocatedFinding]:
        """Every finding shown now, in document order (ignored ones left out)."""
        document = self.document()
        result: list[LocatedFinding] = []
        if document is None:
            return result
        block = document.begin()
        while block.isValid():
            if block.userData() is not None:
                result.extend(self.block_findings(block))
            block = block.next()
        return result

    def finding_at(self, position: int) -> LocatedFinding | None:
        """The finding covering a document position (the shortest one where two overlap)."""
        document = self.document()
        if document is None:
            return None
        block = document.findBlock(position)
        if not block.isValid():
            return None
        hits = [f for f in self.block_findings(block) if f.start <= position < f.end]
        return min(hits, key=lambda f: f.end - f.start) if hits else None
