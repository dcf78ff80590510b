"""The report's look: page sizes, margins, the colours, the type scale and the table rules."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    TableStyle,
)

from pmdesk.report import fonts

PAGE_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}

INK = HexColor("#1f2328")
MUTED = HexColor("#5d6873")
RULE = HexColor("#d9dee3")
RULE_STRONG = HexColor("#9aa4ae")
ACCENT = HexColor("#1c5d8f")
TINT = HexColor("#e4eef6")
DOTS = HexColor("#8f9aa5")

MARGIN_X = 22 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 22 * mm
CELL_PAD = 4.0
TOTAL_FORM = "pmdeskPageTotal"
# Header facts too long to share a row with another.
WIDE_FACTS = frozenset({"Impact", "Services", "Tags"})


def hex_colour(colour: Color) -> str:
    return "#" + str(colour.hexval())[2:]


def named_page_size(name: str) -> tuple[float, float]:
    size = PAGE_SIZES.get(name.strip().lower())
    if size is None:
        raise ValueError(f"Unknown page size {name!r}: choose A4 or Letter.")
    return size


class Styles:
    """The type scale: 21 pt title, 13 pt sections, 9.5 pt body, 8.5 pt tables, 7.5 pt notes."""

    def __init__(self) -> None:
        base = ParagraphStyle(
            "body",
            fontName=fonts.BODY,
            fontSize=9.5,
            leading=14.2,
            textColor=INK,
            alignment=TA_LEFT,
            spaceAfter=6,
        )
        self.body = base
        self._headings(base)
        self._blocks(base)
        self._cells(base)

    def _headings(self, base: ParagraphStyle) -> None:
        self.eyebrow = ParagraphStyle(
            "eyebrow", base, fontName=fonts.BOLD, fontSize=8, leading=11, textColor=ACCENT
        )
        self.title = ParagraphStyle(
            "title", base, fontName=fonts.BOLD, fontSize=21, leading=26, spaceAfter=12
        )
        self.h2 = ParagraphStyle(
            "h2",
            base,
            fontName=fonts.BOLD,
            fontSize=13,
            leading=17,
            textColor=ACCENT,
            spaceBefore=20,
            spaceAfter=8,
            keepWithNext=1,
        )
        self.h3 = ParagraphStyle(
            "h3",
            base,
            fontName=fonts.BOLD,
            fontSize=10,
            leading=14,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=1,
        )

    def _blocks(self, base: ParagraphStyle) -> None:
        """Lists, code, the factor and why lines, notes and the big numbers."""
        self.bullet = ParagraphStyle("bullet", base, leftIndent=14, bulletIndent=2, spaceAfter=5)
        self.code_info = ParagraphStyle(
            "code_info", base, fontSize=7.5, leading=10, textColor=MUTED, spaceAfter=0
        )
        self.code = ParagraphStyle(
            "code",
            base,
            fontName=fonts.MONO,
            fontSize=8.5,
            leading=11.5,
            backColor=HexColor("#f3f5f7"),
            borderPadding=(4, 6, 4, 6),
            leftIndent=6,
            rightIndent=6,
            spaceBefore=7,
            spaceAfter=10,
        )
        self.factor = ParagraphStyle(
            "factor", base, leftIndent=18, bulletIndent=0, spaceAfter=3, bulletFontName=fonts.BOLD
        )
        self.why = ParagraphStyle(
            "why",
            base,
            fontSize=9,
            leading=13,
            leftIndent=50,
            bulletIndent=18,
            spaceAfter=2,
            bulletFontName=fonts.BOLD,
            bulletFontSize=7.5,
            bulletColor=MUTED,
        )
        self.related = ParagraphStyle(
            "related", base, fontSize=7.5, leading=10, leftIndent=18, textColor=MUTED, spaceAfter=8
        )
        self.note = ParagraphStyle(
            "note", base, fontSize=7.5, leading=10.5, textColor=MUTED, spaceAfter=0
        )
        self.stat = ParagraphStyle(
            "stat", base, fontName=fonts.BOLD, fontSize=13, leading=16, spaceAfter=0
        )

    def _cells(self, base: ParagraphStyle) -> None:
        """Table cells: plain, bold, notes, flags, headers, labels and quotes."""
        self.cell = ParagraphStyle("cell", base, fontSize=8.5, leading=11.5, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", self.cell, fontName=fonts.BOLD)
        self.discussion = ParagraphStyle("discussion", self.cell, fontSize=8, textColor=MUTED)
        self.cell_note = ParagraphStyle("cell_note", self.cell, fontSize=7.5, textColor=MUTED)
        self.cell_flag = ParagraphStyle(
            "cell_flag", self.cell_note, fontName=fonts.BOLD, textColor=ACCENT
        )
        self.head = ParagraphStyle(
            "head", self.cell, fontName=fonts.BOLD, fontSize=7.5, leading=10, textColor=MUTED
        )
        self.label = ParagraphStyle(
            "label", self.cell, fontName=fonts.BOLD, fontSize=7.5, leading=11.5, textColor=MUTED
        )
        self.quote = ParagraphStyle(
            "quote", self.cell, fontName=fonts.OBLIQUE, fontSize=9, leading=13
        )


def table_style(header: bool = True, padding: float = CELL_PAD) -> TableStyle:
    """Light horizontal rules, no boxes: the rows carry the eye, not the grid. A smaller
    `padding` packs the rows closer (the review's tables of figures)."""
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.BODY, 8.5, 11.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        # The text, not the rules, lines up with the body text at the margins.
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding + 0.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header:
        commands += [
            ("FONT", (0, 0), (-1, 0), fonts.BOLD, 7.5, 10),
            ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE_STRONG),
            ("BOTTOMPADDING", (0, 0), (-1, 0), padding),
        ]
    return TableStyle(commands)
