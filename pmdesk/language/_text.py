"""Markdown-aware text preparation: hide code and URLs, and cut the rest into sentences.

Hidden parts are replaced by spaces (newlines kept), so every offset in the prepared text is the
offset in the user's text: findings never need remapping.
"""

from __future__ import annotations

import re
from typing import Final

from pmdesk.language._lines import FENCE_OPEN, closes_fence, fence_marker

_CODE_SPAN: Final = re.compile(r"(?<!`)(`+)(?!`)[^\n]+?(?<!`)\1(?!`)")
# Links, found from their fixed part ("://", "www.", "@", "](", "<"), which the regex engine
# finds fast; the scheme or the mailbox name before it is added by a short look back.
_URL_CHARS: Final = r"[^\s<>()\[\]{}\"'`]+"
_SCHEME_URL: Final = re.compile(r"://" + _URL_CHARS)
_SCHEME_BEFORE: Final = re.compile(r"(?<!\w)(?:https?|ftp|file)\Z", re.IGNORECASE)
_WWW: Final = re.compile(r"(?<!\w)www\." + _URL_CHARS, re.IGNORECASE)
_EMAIL_DOMAIN: Final = re.compile(r"@[\w-]+(?:\.[\w-]+)+\b")
_EMAIL_NAME: Final = re.compile(r"(?<![\w.+-])[\w.+-]+\Z")
_OTHER_LINK: Final = re.compile(
    r"\]\([^)\s]+(?:\s+\"[^\"]*\")?\)|<[a-z][a-z0-9+.-]{1,31}:[^\s<>]*>", re.IGNORECASE
)
_LIST_ITEM: Final = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
# A sentence ends at . ! ? (with any closing quotes or brackets) before a space, or at a newline.
# Written to begin with the set of its first characters, so the regex engine skips to the next
# of them instead of trying the whole pattern at every character (1 MB of notes: 17 -> 5 ms).
_BOUNDARY: Final = re.compile(r"[.!?\n](?:(?<=\n)|[.!?]*[\"'”’)\]]*(?=\s))")
_ABBREVIATION: Final = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|approx|cf|mr|mrs|ms|dr|no|fig|a\.m|p\.m|incl|esp|resp)|\b[A-Za-z])\.$",
    re.IGNORECASE,
)


def _fenced_spans(text: str) -> list[tuple[int, int]]:
    if "```" not in text and "~~~" not in text:
        return []
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        match = FENCE_OPEN.search(text, pos)
        if not match:
            return spans
        opener = fence_marker(match.group(0))
        if opener is None:
            pos = match.end()
            continue
        start = match.start()
        line_end = text.find("\n", match.end())
        if line_end < 0:
            spans.append((start, len(text)))
            return spans
        cursor = line_end + 1
        end = len(text)
        while cursor < len(text):
            nxt = text.find("\n", cursor)
            stop = len(text) if nxt < 0 else nxt
            if closes_fence(text[cursor:stop], opener):
                end = stop
                break
            cursor = stop + 1
        spans.append((start, end))
        pos = end
        if pos >= len(text):
            return spans


def _indented_spans(text: str) -> list[tuple[int, int]]:
    """Markdown indented code: 4+ spaces or a tab after a blank line, not inside a list."""
    if not (text.startswith(("    ", "\t")) or "\n    " in text or "\n\t" in text):
        return []
    spans = []
    offset = 0
    previous_blank = True
    in_list = False
    in_code = False
    for line in text.split("\n"):
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if in_code and (indented or blank):
            if not blank:
                spans.append((offset, offset + len(line)))
        elif indented and not blank and previous_blank and not in_list:
            if not _LIST_ITEM.match(line):
                in_code = True
                spans.append((offset, offset + len(line)))
        else:
            in_code = False
            if not blank:
                in_list = bool(_LIST_ITEM.match(line)) or (in_list and indented)
        previous_blank = blank
        offset += len(line) + 1
    return spans


def mask_markdown(text: str) -> str:
    """The text with code blocks, code spans and URLs blanked out (same length, newlines kept)."""
    spans = _fenced_spans(text) + _indented_spans(text)
    if "`" in text:
        spans.extend(_code_spans(text))
    spans.extend(_link_spans(text))
    if not spans:
        return text
    return blank_spans(text, spans)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Code spans never cross a line: only lines with a backtick are searched (the pattern
    begins with a look-behind, so the regex engine cannot skip ahead to a backtick itself)."""
    spans: list[tuple[int, int]] = []
    finditer = _CODE_SPAN.finditer
    found = text.find("`")
    while found >= 0:
        line_start = text.rfind("\n", 0, found) + 1
        line_end = text.find("\n", found)
        if line_end < 0:
            line_end = len(text)
        spans.extend(m.span() for m in finditer(text, line_start, line_end))
        found = text.find("`", line_end)
    return spans


def _link_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if "://" in text:
        for match in _SCHEME_URL.finditer(text):
            scheme = _SCHEME_BEFORE.search(text, max(0, match.start() - 6), match.start())
            if scheme:
                spans.append((scheme.start(), match.end()))
    if "www." in text.lower():
        spans.extend(m.span() for m in _WWW.finditer(text))
    if "@" in text:
        for match in _EMAIL_DOMAIN.finditer(text):
            name = _EMAIL_NAME.search(text, max(0, match.start() - 64), match.start())
            if name:
                spans.append((name.start(), match.end()))
    if "](" in text or "<" in text:
        spans.extend(m.span() for m in _OTHER_LINK.finditer(text))
    return spans


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """text with every character inside the spans (which may overlap) but newlines a space."""
    parts: list[str] = []
    done = 0
    for start, end in sorted(spans):
        start = max(start, done)
        if start >= end:
            continue
        parts.append(text[done:start])
        parts.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        done = end
    parts.append(text[done:])
    return "".join(parts)


_NOT_NEWLINE: Final = re.compile(r"[^\n]")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line with some content, leading spaces excluded."""
    result: list[tuple[int, int]] = []
    start = 0
    abbreviation = _ABBREVIATION.search
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        # Only a boundary ending in "." can close an abbreviation ("e.g.", "J.").
        if text[end - 1] == "." and abbreviation(text, max(start, end - 8), end):
            continue
        _add(text, start, end, result)
        start = end
    _add(text, start, len(text), result)
    return result


def _add(text: str, start: int, end: int, result: list[tuple[int, int]]) -> None:
    part = text[start:end]
    content = part.strip()
    if content:
        start += len(part) - len(part.lstrip())
        result.append((start, start + len(content)))


def sentence_span(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the sentence containing offset, e.g. to capture a "listen for" cue."""
    masked = mask_markdown(text)
    for start, end in sentences(masked):
        if start <= offset < end:
            return start, end
    return offset, offset
