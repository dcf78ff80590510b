"""Paragraphs of any length for the PDF, laid out in time that grows linearly with the text.

reportlab splits a paragraph at a page end into the lines that fit and a new paragraph holding
the rest, which it then breaks into lines again from scratch. For a text many pages long that is
once per page over everything left: a 300,000-character paragraph took 40 s. Here a long
paragraph is broken into lines once; what does not fit on a page is a `_Rest` that keeps those
lines and only turns the ones that fit on the next page back into a paragraph.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from pmdesk.report import fonts, rtl

# Lines of right-to-left text are made a little narrower than the space, so reportlab never
# finds one too wide and breaks it again (in drawing order, which would scramble it).
_SLACK = 1.0


# reportlab breaks a paragraph into lines by taking words off the front of a list, which
# costs time in proportion to the square of its words (10 MB of text would take days). Longer
# texts are handed to it as several paragraphs that read as one (see `_Chunks`).
_CHUNK = 12_000
_SENTENCE_END = re.compile(r"[.!?。！？](?=\s)")


def text_para(text: str, style: ParagraphStyle, bullet: str | None = None) -> Flowable:
    """A paragraph of user text of any length in any script, right-to-left scripts included."""
    pieces = chunks(text)
    if len(pieces) == 1:
        return _one_para(text, style, bullet)
    first = style.clone(f"{style.name}-first", spaceAfter=0)
    inner = style.clone(f"{style.name}-inner", spaceBefore=0, spaceAfter=0)
    last = style.clone(f"{style.name}-last", spaceBefore=0)
    paras = [_one_para(pieces[0], first, bullet)]
    paras += [_one_para(piece, inner, None) for piece in pieces[1:-1]]
    paras.append(_one_para(pieces[-1], last, None))
    return _Chunks(paras)


def chunks(text: str) -> list[str]:
    """The text in pieces of at most _CHUNK characters, cut at a line break, else after a
    sentence, else at a space (only a word longer than a piece is cut inside)."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > _CHUNK:
        low, high = start + _CHUNK // 2, start + _CHUNK
        cut = text.rfind("\n", low, high)
        if cut < 0:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, low, high)]
            cut = ends[-1] if ends else text.rfind(" ", low, high)
        if cut < 0:
            pieces.append(text[start:high])
            start = high
            continue
        pieces.append(text[start:cut])
        start = cut + 1 if text[cut].isspace() else cut
    pieces.append(text[start:])
    return pieces


def _one_para(text: str, style: ParagraphStyle, bullet: str | None) -> Para:
    if not rtl.has_rtl(text):
        return Para(fonts.markup(text, font=style.fontName), style, bulletText=bullet)
    logical = rtl.shape(fonts.clean(text), fonts.covered())
    if rtl.is_rtl_paragraph(logical):
        style = ParagraphStyle(f"{style.name}-rtl", style, alignment=TA_RIGHT)
    return BidiPara("", style, bulletText=bullet, logical=logical)


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that remembers its line breaks for a width, and splits in linear time.

    A table cell is wrapped when its table is measured, again when it is split at a page end
    and again when drawn; the lines only depend on the width, so breaking them once is enough.
    reportlab throws the broken lines away (deletes `blPara`) when a split decides the whole
    paragraph must move to the next page, so the memory is only trusted while they exist.
    """

    _wrapped_width: float | None = None
    # Set on section headings: the text of their PDF bookmark.
    outline: str | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._wrapped_width != avail_width or not hasattr(self, "blPara"):
            super().wrap(avail_width, avail_height)
            self._wrapped_width = avail_width
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if not self._splits_itself():
            return list(super().split(avail_width, avail_height))
        assert self._wrapped_width is not None
        return _Lines(self, self._wrapped_width).split(0, avail_height, first=True)

    def _splits_itself(self) -> bool:
        """Whether the lines are known (and the line height fixed), so they can be kept.

        The lines are kept even when the split is asked for another width: a table asks to split
        a cell at its width with the padding, but measures and draws it without.
        """
        return (
            self._wrapped_width is not None
            and hasattr(self, "blPara")
            and getattr(self.style, "autoLeading", "") in ("", "off")
        )


class _Lines:
    """The broken lines of one long paragraph, handed out a page at a time."""

    def __init__(self, para: Para, width: float) -> None:
        self.para = para
        self.width = width
        self.bl_para = para.blPara
        self.count = len(para.blPara.lines)
        self.leading = float(para.style.leading)
        self.cut = para._get_split_blParaFunc()
        # The rest of the paragraph starts on a new line: no first-line indent, no bullet.
        self.rest_style = para.style.clone("rest", firstLineIndent=0)

    def piece(self, start: int, end: int) -> Para:
        """Lines start..end as a paragraph of their own."""
        first = start == 0
        piece = Para(
            None,
            self.para.style if first else self.rest_style,
            bulletText=self.para.bulletText if first else None,
            frags=self.cut(self.bl_para, start, end),
        )
        # The lines already made, not made again from the words: breaking them again can come
        # out differently (a line that filled the width gains a space at its end and wraps).
        piece.blPara = self.bl_para.clone(lines=self.bl_para.lines[start:end])
        piece._wrapped_width = piece.width = self.width
        piece.height = (end - start) * self.leading
        if end < self.count:
            # Not the paragraph's last line: spacing after belongs to the real end.
            piece._JustifyLast = 1
            piece.spaceAfter = 0
        return piece

    def split(self, start: int, avail_height: float, *, first: bool) -> list[Flowable]:
        fits = int(avail_height / self.leading)
        left = self.count - start
        if fits <= 1:  # a single line alone at a page end: move on whole, as reportlab does
            return []
        if left <= fits:
            return [self.piece(start, self.count) if not first else self.para]
        return [self.piece(start, start + fits), _Rest(self, start + fits)]


class _Rest(Flowable):  # type: ignore[misc]
    """The lines of a long paragraph that did not fit on the pages before."""

    def __init__(self, lines: _Lines, start: int) -> None:
        super().__init__()
        self.lines = lines
        self.start = start
        self.style = lines.rest_style
        self._drawn: Para | None = None

    def _whole(self) -> Para:
        if self._drawn is None:
            self._drawn = self.lines.piece(self.start, self.lines.count)
        return self._drawn

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width != self.lines.width:
            return self._whole().wrap(avail_width, avail_height)  # type: ignore[no-any-return]
        self.width = avail_width
        self.height = (self.lines.count - self.start) * self.lines.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return self.lines.split(self.start, avail_height, first=False)

    def draw(self) -> None:
        para = self._whole()
        para.wrap(self.width, self.height)
        para.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)


class BidiPara(Para):
    """A paragraph with right-to-left text: its lines are made by `rtl` for each width."""

    def __init__(self, *args: Any, logical: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # None for the pieces reportlab makes when splitting: their lines are already made.
        self._logical = logical
        self._lines_width: float | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._logical is not None and self._lines_width != avail_width:
            self._make_lines(avail_width)
        return super().wrap(avail_width, avail_height)

    def _make_lines(self, width: float) -> None:
        assert self._logical is not None
        style = self.style
        later = width - style.leftIndent - style.rightIndent - _SLACK
        first = later - style.firstLineIndent
        lines = rtl.display_lines(self._logical, (first, later), self._measure)
        text = "<br/>".join(fonts.markup(line, font=style.fontName) for line in lines)
        self._setup(text, style, self.bulletText, None, cleanBlockQuotedText)
        self._lines_width = width
        self._wrapped_width = None

    def _measure(self, text: str) -> float:
        return float(stringWidth(text, self.style.fontName, self.style.fontSize))


class _Chunks(Flowable):  # type: ignore[misc]
    """Paragraphs that read as one: the pieces of a text too long for one reportlab paragraph.

    Split like a paragraph, into exactly two parts (a table cell takes no more), so it can
    stand wherever a paragraph can.
    """

    def __init__(self, parts: list[Para]) -> None:
        super().__init__()
        self.parts = parts

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = sum(p.wrap(avail_width, avail_height)[1] for p in self.parts)
        self.height += sum(p.getSpaceAfter() for p in self.parts[:-1])
        self.height += sum(p.getSpaceBefore() for p in self.parts[1:])
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        used = 0.0
        for index, part in enumerate(self.parts):
            if index:
                used += self.parts[index - 1].getSpaceAfter() + part.getSpaceBefore()
            height = part.wrap(avail_width, avail_height)[1]
            if used + height <= avail_height:
                used += height
                continue
            pieces = part.split(avail_width, avail_height - used) if used < avail_height else []
            head = self.parts[:index] + pieces[:1]
            tail = pieces[1:] + self.parts[index + 1 :] if pieces else self.parts[index:]
            if not head:
                return []
            return [_Chunks(head), _Chunks(tail)] if tail else [_Chunks(head)]
        return [self]

    def draw(self) -> None:
        y = self.height
        for index, part in enumerate(self.parts):
            if index:
                y -= self.parts[index - 1].getSpaceAfter() + part.getSpaceBefore()
            _, height = part.wrap(self.width, self.height)
            y -= height
            part.drawOn(self.canv, 0, y)

    def getSpaceBefore(self) -> float:
        return float(self.parts[0].getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.parts[-1].getSpaceAfter())
