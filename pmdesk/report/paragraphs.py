"""Paragraphs of any length for the PDF, laid out in time that grows linearly with the text.

reportlab splits a paragraph at a page end into the lines that fit and a new paragraph holding
the rest, which it then breaks into lines again from scratch. For a text many pages long that is
once per page over everything left: a 300,000-character paragraph took 40 s. Here a long
paragraph is broken into lines once; what does not fit on a page is a `_Rest` that keeps those
lines and only turns the ones that fit on the next page back into a paragraph.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

# Below this many lines, reportlab's own split is quick enough and is used unchanged.
_LONG = 120


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
        """Whether the lines are known and there are enough of them to be worth it.

        The lines are kept even when the split is asked for another width: a table asks to split
        a cell at its width with the padding, but measures and draws it without.
        """
        return (
            self._wrapped_width is not None
            and hasattr(self, "blPara")
            and len(self.blPara.lines) > _LONG
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
