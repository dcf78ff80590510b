"""Fonts for the PDF, and turning user text into safe Paragraph markup in any script.

reportlab's built-in fonts cover Latin-1 only, so the report embeds DejaVu Sans (Latin, Greek,
Cyrillic and much more) and switches to reportlab's CJK CID fonts for Chinese, Japanese and
Korean runs. A character that no font can show is printed as U+FFFD, a visible mark, rather than
vanishing or failing the export. User text is always escaped: reportlab parses Paragraph text as
markup, so an unescaped "<" breaks the export and "<img ...>" would open a file.
"""

from __future__ import annotations

import re
from functools import cache
from xml.sax.saxutils import escape

from pmdesk.paths import resource_path
from pmdesk.report.rtl import has_rtl

BODY = "PmdeskSans"
BOLD = "PmdeskSans-Bold"
OBLIQUE = "PmdeskSans-Oblique"
BOLD_OBLIQUE = "PmdeskSans-BoldOblique"
# For code blocks, where spacing and columns matter.
MONO = "PmdeskMono"

_FILES = {
    BODY: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    OBLIQUE: "DejaVuSans-Oblique.ttf",
    BOLD_OBLIQUE: "DejaVuSans-BoldOblique.ttf",
    MONO: "DejaVuSansMono.ttf",
}

CHINESE = "STSong-Light"
JAPANESE = "HeiseiMin-W3"
KOREAN = "HYSMyeongJo-Medium"

REPLACEMENT = "\ufffd"

# Code point ranges by script, for choosing a CJK font. Han characters are shared by the three
# languages; which font they take depends on the text around them (see `_han_font`).
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))
_KANA = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))
_HAN = (
    (0x2E80, 0x2FDF),
    (0x3000, 0x303F),
    (0x3190, 0x31EF),
    (0x3200, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFF65),
    (0xFFA0, 0xFFEF),
)

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_NEEDS_WORK = re.compile("[\x00-\x1f\x7f]")


class FontMissing(RuntimeError):
    """The fonts shipped with pmdesk are not where they should be (a broken install)."""


@cache
def register_fonts() -> None:
    """Register the embedded and CJK fonts with reportlab once per process."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in _FILES.items():
        path = resource_path("fonts", filename)
        if not path.is_file():
            raise FontMissing(
                f"The report font {filename} is missing from {path.parent}; "
                "reinstall pmdesk to restore it."
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
    # <b> and <i> inside a paragraph pick the matching face.
    addMapping(BODY, 0, 0, BODY)
    addMapping(BODY, 1, 0, BOLD)
    addMapping(BODY, 0, 1, OBLIQUE)
    addMapping(BODY, 1, 1, BOLD_OBLIQUE)
    for cid in (CHINESE, JAPANESE, KOREAN):
        pdfmetrics.registerFont(UnicodeCIDFont(cid))


@cache
def covered(font: str = BODY) -> frozenset[int]:
    """Code points a registered font (DejaVu Sans by default) has a glyph for."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    face = pdfmetrics.getFont(font).face
    return frozenset(face.charToGlyph)


def _in(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= cp <= high for low, high in ranges)


def _script(cp: int) -> str:
    """'hangul', 'kana', 'han', 'body' (DejaVu has it) or 'none'.

    Characters beyond the BMP (emoji, mostly) count as 'none' even where DejaVu has a glyph:
    reportlab writes a broken ToUnicode entry for them, so they would not copy or search right.
    """
    if cp > 0xFFFF:
        return "none"
    if 0x1100 <= cp <= 0xFFEF:
        if _in(cp, _HANGUL):
            return "hangul"
        if _in(cp, _KANA):
            return "kana"
        if _in(cp, _HAN):
            return "han"
    if cp in covered():
        return "body"
    return "none"


_CJK = frozenset({"hangul", "kana", "han"})
# A Chinese sentence next to a Japanese one should not borrow the Japanese font.
_SENTENCE_END = frozenset("。！？．")


def _fonts_for(text: str) -> list[str | None]:
    """The font for each character: None for the body font, else a CJK font name.

    Han characters are shared by Chinese, Japanese and Korean, so a run of CJK characters takes
    Japanese when it has kana in it, Korean when it has hangul, and Chinese otherwise; a
    run ends at a full stop, so sentences in different languages choose for themselves.
    """
    kinds = [_script(ord(c)) if ord(c) >= 0x80 else "body" for c in text]
    result: list[str | None] = [None] * len(text)
    i = 0
    while i < len(text):
        if kinds[i] not in _CJK:
            i += 1
            continue
        j = i
        while j < len(text) and kinds[j] in _CJK:
            j += 1
            if text[j - 1] in _SENTENCE_END:
                break
        segment = set(kinds[i:j])
        han = JAPANESE if "kana" in segment else KOREAN if "hangul" in segment else CHINESE
        for k in range(i, j):
            result[k] = {"hangul": KOREAN, "kana": JAPANESE}.get(kinds[k], han)
        i = j
    return result


def clean(text: str) -> str:
    """Line ends normalised, tabs as spaces, control characters made visible."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub(REPLACEMENT, text)


def plain(text: str) -> str | None:
    """The text as a plain table-cell string when it needs no markup at all, else None.

    Plain strings are about twice as fast as Paragraphs in a table, and most cells (times,
    sources, short ASCII event texts) qualify; right-to-left text never does.
    """
    if text.isascii():
        return None if _NEEDS_WORK.search(text) else text
    if "\n" in text or "\r" in text or _CONTROL.search(text) or has_rtl(text):
        return None
    known = covered()
    if all(ord(c) in known and ord(c) < 0x2E80 for c in text):
        return text
    return None


def markup(text: str, *, font: str = BODY, code: bool = False) -> str:
    """Escaped Paragraph markup for user text: CJK runs in CJK fonts, line breaks kept.

    font: the paragraph's font; characters it lacks (DejaVu Sans Oblique has no Arabic)
    borrow DejaVu Sans. code: the text of a code block, drawn in the monospaced font: every
    space is kept (as a no-break space, so a long line wraps at the page edge rather than at a
    space).
    """
    if code:
        text = text.replace("\t", "    ")
        font = MONO
    text = clean(text)
    if text.isascii():
        return _escape(text, code)
    parts: list[str] = []
    run: list[str] = []
    run_font: str | None = None
    own = covered(font) if font in _FILES and font != BODY else None

    def flush() -> None:
        if not run:
            return
        chunk = _escape("".join(run), code)
        parts.append(f'<font name="{run_font}">{chunk}</font>' if run_font else chunk)
        run.clear()

    for ch, choice in zip(text, _fonts_for(text), strict=True):
        if choice is None and ord(ch) >= 0x80 and _script(ord(ch)) == "none":
            ch = REPLACEMENT
        elif choice is None and ch == " " and run_font is not None:
            choice = run_font  # spaces between Korean words stay in the Korean run
        if own is not None and choice is None and ord(ch) >= 0x80 and ord(ch) not in own:
            choice = BODY
        if choice != run_font:
            flush()
            run_font = choice
        run.append(ch)
    flush()
    return "".join(parts)


def _escape(text: str, code: bool) -> str:
    escaped = escape(text).replace("\n", "<br/>")
    return escaped.replace(" ", "&nbsp;") if code else escaped
