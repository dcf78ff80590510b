"""Reading text for `pmdesk lint` a piece at a time, so memory stays flat on any size of input.

Bytes are read in blocks and decoded (UTF-8, with or without a byte-order mark, or UTF-16 with
one); the text is then handed to the engine in segments of about 64,000 characters that
end at a paragraph break (a blank line outside a fenced code block), so no sentence, quote or
code block is cut in two. A paragraph that never ends is cut at a line end, and a line that
never ends at a character, as a last resort.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, TextIO

BLOCK = 1 << 16  # bytes read at a time
# Characters of text a segment grows to before it looks for a place to end: small enough that
# helper processes share a long input evenly (see _parallel.py), large enough that handing one
# over costs little beside checking it.
SEGMENT = 1 << 16
_LIMIT = 1 << 20  # past this, a segment ends at the next line end, paragraph or not

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


class Unreadable(Exception):
    """Input that cannot be checked; the message says why and what to do."""


@dataclass(frozen=True)
class Segment:
    """A piece of the input: its text, where it starts (code points from the start of the input,
    1-based line) and how many characters of its first line came before it (normally 0)."""

    text: str
    offset: int
    line: int
    column: int = 0


def decoded_blocks(stream: BinaryIO) -> Iterator[str]:
    """The text of a byte stream, decoded a block at a time."""
    first = stream.read(BLOCK)
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield from _utf16(first, stream)
        return
    if first.startswith(codecs.BOM_UTF8):
        first = first[len(codecs.BOM_UTF8) :]  # a mark, not text: columns count from after it
    yield from _utf8(first, stream)


def text_blocks(stream: TextIO) -> Iterator[str]:
    """The text of a stream that is already text (no byte buffer underneath)."""
    first = True
    try:
        while block := stream.read(BLOCK):
            yield block.removeprefix("\ufeff") if first else block
            first = False
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not UTF-8 text ({exc.reason}); save it as UTF-8 and try again") from None


def _utf16(first: bytes, stream: BinaryIO) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-16")()
    data = first
    try:
        while data:
            yield decoder.decode(data)
            data = stream.read(BLOCK)
        yield decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise Unreadable("damaged UTF-16 text; save it as UTF-8 and try again") from None


def _utf8(first: bytes, stream: BinaryIO) -> Iterator[str]:
    line, column = 1, 0  # where the next block starts
    data = first
    while data:
        more = stream.read(BLOCK)
        cut = _block_end(data) if more else len(data)
        block, data = data[:cut], data[cut:] + more
        if b"\x00" in block:
            raise Unreadable(
                "looks like a binary file (it contains NUL bytes); pmdesk lint checks plain "
                "text and Markdown"
            )
        text = _decode(block, line, column)
        newlines = block.count(b"\n")
        line += newlines
        column = len(text) - text.rfind("\n") - 1 if newlines else column + len(text)
        if text:
            yield text


def _block_end(data: bytes) -> int:
    """Where a block may end: after its last line end, else before a character's first byte."""
    end = data.rfind(b"\n") + 1
    if end:
        return end
    end = len(data)
    while end > 0 and data[end - 1] & 0xC0 == 0x80:
        end -= 1  # inside a multi-byte character: back to its first byte ...
    if end > 0 and data[end - 1] >= 0xC0:
        end -= 1  # ... and before it, so the character is decoded whole with the next block
    return end


def _decode(block: bytes, line: int, column: int) -> str:
    try:
        return block.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = block.rfind(b"\n", 0, exc.start) + 1
        line += block.count(b"\n", 0, exc.start)
        before = len(block[line_start : exc.start].decode("utf-8", errors="replace"))
        if line_start == 0:
            before += column
        raise Unreadable(
            f"not UTF-8 text (byte 0x{block[exc.start]:02X} at line {line}, column "
            f"{before + 1}); save it as UTF-8 and try again"
        ) from None


def segments(blocks: Iterable[str]) -> Iterator[Segment]:
    """The text in segments that end at paragraph breaks (see the module's docstring)."""
    lines: list[str] = []
    size = offset = 0
    line = 1
    column = 0
    fence: str | None = None
    pending = ""

    def cut() -> Segment:
        nonlocal size, offset, line, column
        text = "".join(lines)
        segment = Segment(text, offset, line, column)
        newlines = text.count("\n")
        offset += len(text)
        line += newlines
        column = column + len(text) if not newlines else len(text) - text.rfind("\n") - 1
        lines.clear()
        size = 0
        return segment

    for block in blocks:
        parts = (pending + block).split("\n")
        pending = parts.pop()
        for part in parts:
            lines.append(part + "\n")
            size += len(part) + 1
            fence = _fence_after(part, fence)
            at_break = fence is None and (not part.strip() or size >= _LIMIT)
            # An unclosed fence cannot hold a segment open forever either.
            if (size >= SEGMENT and at_break) or size >= 2 * _LIMIT:
                yield cut()
        if len(pending) >= _LIMIT:  # one line longer than a segment
            lines.append(pending)
            pending = ""
            yield cut()
    if pending:
        lines.append(pending)
    if lines:
        yield cut()


def _fence_after(line: str, fence: str | None) -> str | None:
    """The open code fence after this line, None outside a code block."""
    match = _FENCE.match(line)
    if match is None:
        return fence
    mark = match.group(1)
    if fence is None:
        return mark
    closes = mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip().strip(mark[0])
    return None if closes else fence
