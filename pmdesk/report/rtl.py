"""Right-to-left text (Arabic, Hebrew) for the PDF: joined letters, broken into lines, then
ordered for the page.

reportlab draws characters left to right in the order it is given them and does not join
Arabic letters itself (its own bidi support needs a library that is not on PyPI). So a
paragraph with right-to-left text is prepared here: Arabic letters take their joined forms
(arabic-reshaper), the paragraph is broken into lines in reading order, and each line is put
into display order with the Unicode bidirectional algorithm (python-bidi), numbers and Latin
words inside staying left to right. Line breaking has to come before reordering, or the first
words of a paragraph would end up on its last line. PDF readers and `pdftotext` read the lines
back in reading order; the joined letters come back as Arabic presentation forms, which
Unicode normalisation (NFKC) turns into the letters that were typed.

Texts written separately (the tags of a postmortem, a label and its value) that share a line
are each isolated (`join`, `isolate`): otherwise the direction of one decides where the
punctuation at the edge of the next is shown, and a tag typed "db[" could print as "[db".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.letters import LETTERS_ARABIC
from bidi import get_base_level, get_display
from bidi.mirror import MIRRORED

# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic supplements and presentation
# forms: the scripts written right to left that a postmortem might plausibly contain.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")

Measure = Callable[[str], float]

# Directional isolates (Unicode 6.3): left-to-right, right-to-left, first-strong, and their end.
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_ISOLATES = re.compile("[\u2066-\u2069]")
_ISOLATE_MARKS = frozenset((LRI, RLI, FSI, PDI))


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


@cache
def _reshaper() -> ArabicReshaper:
    # Vowel marks are part of what was typed: keep them (the library drops them by default).
    return ArabicReshaper(configuration={"delete_harakat": False})


def shape(text: str, covered: frozenset[int]) -> str:
    """Arabic letters in their joined forms; a form the font lacks stays the plain letter."""
    if not _ARABIC.search(text):
        return text
    shaped: str = _reshaper().reshape(text)
    return shaped.translate(_unjoin_table(covered))


@cache
def _unjoin_table(covered: frozenset[int]) -> dict[int, int]:
    table: dict[int, int] = {}
    for letter, forms in LETTERS_ARABIC.items():
        for form in forms:
            if len(form) == 1 and ord(form) not in covered:
                table[ord(form)] = ord(letter)
    return table


def is_rtl_paragraph(text: str) -> bool:
    """Whether the first line with a letter in it starts (in reading order) right to left."""
    for line in text.split("\n"):
        if line.strip():
            return bool(get_base_level(line) == 1)
    return False


def isolate(text: str) -> str:
    """The text as a unit of its own direction, when it sits in a line with other text.

    Left unchanged when there is no right-to-left letter in it: the reordering that isolates
    guard against only happens beside right-to-left text.
    """
    if not has_rtl(text):
        return text
    return _isolated(text)


def _isolated(text: str) -> str:
    return (RLI if get_base_level(text) == 1 else LRI) + text + PDI


def join(items: list[str], separator: str) -> str:
    """Separately written texts in one line, each keeping its own direction.

    The first item decides the direction of the line; each following one is isolated, so a
    right-to-left item never moves the brackets or stops at the edges of its neighbours.
    """
    joined = separator.join(items)
    if not has_rtl(joined):
        return joined
    return separator.join(items[:1] + [_isolated(item) for item in items[1:]])


def display_lines(text: str, widths: tuple[float, float], measure: Measure) -> list[str]:
    """The text broken into lines no wider than widths (first line, others), each in the order
    it is drawn on the page. Each typed line keeps its own direction."""
    out: list[str] = []

    def visible(text: str) -> float:
        return measure(_ISOLATES.sub("", text))

    for typed in text.split("\n"):
        level = get_base_level(typed) if typed.strip() else 0
        base = "R" if level == 1 else "L"
        broken = _break(typed, widths if not out else (widths[1], widths[1]), visible)
        for line in _reopen(broken):
            shown = _display(line, base) if has_rtl(line) else line
            # The isolates have done their work; no font has a glyph for them.
            out.append(_ISOLATES.sub("", shown))
    return out


def _display(line: str, base: str) -> str:
    """The line in drawing order, brackets and other paired marks inside right-to-left text
    mirrored ("(" drawn as ")"), so that "(שלום)" reads as typed.

    python-bidi's implementation orders the characters but leaves mirroring (rule L4 of the
    bidi algorithm) out. The resolved levels it reports give both the order and which marks
    to mirror; when the order made from them is not the library's own (a case this reading
    of the levels misses), the library's order is kept, unmirrored.
    """
    shown: str = get_display(line, base_dir=base)
    if not any(char in MIRRORED for char in line):
        return shown
    levels = _levels(line, base)
    if levels is None:
        return shown
    order = _visual_order(line, levels, 1 if base == "R" else 0)
    if "".join(line[i] for i in order) != shown:
        return shown
    return "".join(MIRRORED.get(line[i], line[i]) if levels[i] % 2 else line[i] for i in order)


_LEVEL = re.compile(r"Level\(\s*(\d+)")


def _levels(line: str, base: str) -> list[int] | None:
    """The resolved embedding level of each character, from python-bidi's report (which gives
    one per UTF-8 byte); None if the report is not in the expected form."""
    report = str(get_display(line, base_dir=base, debug=True))
    start, end = report.find("levels:"), report.find("paragraphs:")
    if start < 0 or end < start:
        return None
    per_byte = [int(level) for level in _LEVEL.findall(report, start, end)]
    levels: list[int] = []
    offset = 0
    for char in line:
        if offset >= len(per_byte):
            return None
        levels.append(per_byte[offset])
        offset += len(char.encode("utf-8"))
    return levels if offset == len(per_byte) else None


def _visual_order(line: str, levels: list[int], paragraph: int) -> list[int]:
    """Indices of the line's characters in drawing order (rules L1 and L2)."""
    levels = list(levels)
    # L1: white space and isolate marks ending the line take the paragraph's level.
    end = len(line)
    while end > 0 and (
        line[end - 1] in _ISOLATE_MARKS
        or unicodedata.bidirectional(line[end - 1]) in ("WS", "S", "B", "BN")
    ):
        end -= 1
        levels[end] = paragraph
    order = list(range(len(line)))
    highest = max(levels, default=0)
    lowest_odd = min((level for level in levels if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= level:
                j += 1
            order[i:j] = reversed(order[i:j])
            i = j
    return order


def _reopen(lines: list[str]) -> list[str]:
    """Lines with an isolate broken across them: each later line opens it again, so the text
    in it keeps its direction on every line (an isolate left open ends with its line)."""
    out: list[str] = []
    open_: list[str] = []
    for line in lines:
        out.append("".join(open_) + line)
        for char in line:
            if char in (LRI, RLI, FSI):
                open_.append(char)
            elif char == PDI and open_:
                open_.pop()
    return out


def _break(line: str, widths: tuple[float, float], measure: Measure) -> list[str]:
    """Greedy line breaking at spaces, in reading order; a word wider than a line is cut."""
    words = line.split()
    if not words:
        return [""]
    space = measure(" ")
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in words:
        available = widths[0] if not lines else widths[1]
        size = measure(word)
        if current and used + space + size <= available:
            current.append(word)
            used += space + size
            continue
        if current:
            lines.append(" ".join(current))
            available = widths[1]
        pieces = _cut(word, available, measure) if size > available else [word]
        lines.extend(pieces[:-1])
        current = [pieces[-1]]
        used = measure(pieces[-1])
    lines.append(" ".join(current))
    return lines


def _cut(word: str, available: float, measure: Measure) -> list[str]:
    """A word too wide for a line, in pieces that fit (at least one character each)."""
    pieces: list[str] = []
    start = 0
    used = 0.0
    for index, char in enumerate(word):
        size = measure(char)
        if index > start and used + size > available:
            pieces.append(word[start:index])
            start, used = index, 0.0
        used += size
    pieces.append(word[start:])
    return pieces
