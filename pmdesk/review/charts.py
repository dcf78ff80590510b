"""The review's charts for the PDF: rates as horizontal bars, response times as grouped columns.

Drawn with reportlab's shapes from the same figures as the tables next to them. Every bar is
labelled with its number, so a chart printed in black and white still reads.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from pmdesk.report import fonts
from pmdesk.report.pdf.styles import ACCENT, INK, MUTED, RULE
from pmdesk.review.figures import MEASURES, Review
from pmdesk.review.period import month_name
from pmdesk.review.words import minutes_text

TRACK = HexColor("#eef1f4")
WARN = HexColor("#b3261e")
# One colour per measure, from light to dark, distinguishable in greyscale too.
SERIES = (HexColor("#9cc3e0"), HexColor("#5b9bc9"), HexColor("#1c5d8f"), HexColor("#0b2f4d"))


def rate_bars(
    title: str,
    rows: list[tuple[str, float | None, str]],
    width: float,
    *,
    threshold: float | None = None,
) -> Drawing:
    """One horizontal bar per (label, rate 0-1 or None, text shown after the bar)."""
    row_h, label_w, text_w, top = 17.0, 110.0, 175.0, 18.0
    height = top + row_h * max(1, len(rows)) + 14
    d = Drawing(width, height)
    d.add(String(0, height - 11, title, fontName=fonts.BOLD, fontSize=9, fillColor=INK))
    plot = width - label_w - text_w
    for i, (label, rate, text) in enumerate(rows):
        y = height - top - (i + 1) * row_h + 4
        d.add(
            String(
                0,
                y + 2,
                _fit(label, label_w - 6, 8),
                fontName=fonts.BODY,
                fontSize=8,
                fillColor=INK,
            )
        )
        d.add(Rect(label_w, y, plot, 10, fillColor=TRACK, strokeColor=None))
        if rate is not None:
            colour: Color = WARN if threshold is not None and rate < threshold else ACCENT
            d.add(Rect(label_w, y, max(plot * rate, 0.8), 10, fillColor=colour, strokeColor=None))
        d.add(
            String(
                label_w + plot + 6, y + 2, text, fontName=fonts.BODY, fontSize=8, fillColor=MUTED
            )
        )
    if threshold is not None:
        x = label_w + plot * threshold
        bottom = height - top - len(rows) * row_h
        d.add(
            Line(
                x,
                bottom,
                x,
                height - top + 2,
                strokeColor=INK,
                strokeWidth=0.8,
                strokeDashArray=[2, 2],
            )
        )
        d.add(
            String(
                x,
                2,
                f"threshold {threshold:.0%}",
                fontName=fonts.BODY,
                fontSize=7,
                fillColor=INK,
                textAnchor="middle",
            )
        )
    return d


def months_chart(review: Review, width: float) -> Drawing | None:
    """Median minutes to each milestone, one group of columns per month; None with no data."""
    months = review.months
    values = [[m.medians[key][0] for key, _ in MEASURES] for m in months]
    measured = [v for row in values for v in row if v is not None]
    if not measured:
        return None
    peak = max(measured)
    height, bottom, left, legend = 170.0, 28.0, 46.0, 16.0
    plot_h = height - bottom - legend - 26
    d = Drawing(width, height)
    d.add(
        String(
            0,
            height - 11,
            "Median time from the trigger, by month",
            fontName=fonts.BOLD,
            fontSize=9,
            fillColor=INK,
        )
    )
    scale = _nice_max(peak)
    for step in range(5):
        tick = scale * step / 4
        y = bottom + plot_h * step / 4
        d.add(Line(left, y, width, y, strokeColor=RULE, strokeWidth=0.5))
        d.add(
            String(
                left - 4,
                y - 3,
                minutes_text(tick) if tick else "0",
                fontName=fonts.BODY,
                fontSize=6.5,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
    group_w = (width - left) / len(months)
    bar_w = min(14.0, group_w * 0.8 / len(MEASURES))
    # Many months: the month alone (the year on the first and on each January), the same for all.
    names = [month_name(m.year, m.month) for m in months]
    whole = all(stringWidth(name, fonts.BODY, 7) <= group_w - 2 for name in names)
    for i, (month, row) in enumerate(zip(months, values, strict=True)):
        centre = left + group_w * (i + 0.5)
        start = centre - bar_w * len(MEASURES) / 2
        for j, value in enumerate(row):
            if value is None:
                continue
            h = max(plot_h * value / scale, 0.8)
            d.add(
                Rect(start + j * bar_w, bottom, bar_w - 1, h, fillColor=SERIES[j], strokeColor=None)
            )
        name = names[i]
        empty = all(v is None for v in row)
        if whole:
            label = name + ((" (no times)" if month.ids else " (none)") if empty else "")
            if stringWidth(label, fonts.BODY, 7) > group_w - 2:
                label = name  # empty months in grey; the table below has the words
        else:
            short = name if i == 0 or month.month == 1 else name.split(" ")[0]
            label = _fit(short, group_w - 2, 7)
        d.add(
            String(
                centre,
                bottom - 11,
                label,
                fontName=fonts.BODY,
                fontSize=7,
                fillColor=MUTED if empty else INK,
                textAnchor="middle",
            )
        )
    x = left
    for j, (_, label) in enumerate(MEASURES):
        d.add(Rect(x, height - legend - 12, 8, 8, fillColor=SERIES[j], strokeColor=None))
        d.add(
            String(
                x + 11, height - legend - 11, label, fontName=fonts.BODY, fontSize=7, fillColor=INK
            )
        )
        x += 24 + len(label) * 3.6
    return d


def _nice_max(peak: float) -> float:
    """The top of the axis: four gridline steps of a round number of minutes, hours or days."""
    for step in (1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080):
        if peak <= 4 * step:
            return float(4 * step)
    return float(int(peak / 40320 + 1) * 40320)


def _fit(text: str, width: float, size: float) -> str:
    if stringWidth(text, fonts.BODY, size) <= width:
        return text
    while text and stringWidth(text + "…", fonts.BODY, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
