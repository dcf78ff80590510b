"""The page machinery under the report: long tables fed to reportlab a page at a time
(`RowStream`, so export time grows linearly with the timeline), outline bookmarks, and the
"of N" in every footer's page count."""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Table,
    TableStyle,
)

from pmdesk.report import fonts
from pmdesk.report.pdf.styles import MUTED, TOTAL_FORM, table_style


class RowStream(Flowable):  # type: ignore[misc]
    """A table handed to reportlab one page-sized window of rows at a time.

    reportlab re-measures every remaining row each time a Table splits, so one 4,000-row table
    costs four times a 2,000-row one. Here each split only measures a window a bit larger than a
    page; the rest waits in a new stream that starts on the next page, header repeated. A row
    taller than a whole page (someone pasted a log into one cell) is split inside the row rather
    than failing the export.
    """

    def __init__(
        self,
        header: list[Any] | None,
        rows: list[list[Any]],
        widths: list[float],
        *,
        style: TableStyle | None = None,
        page_height: float,
        window: int = 80,
    ) -> None:
        super().__init__()
        self._header = header
        self._rows = rows
        self._widths = widths
        self._style = style if style is not None else table_style(header is not None)
        self._page_height = page_height
        self._window = max(10, window)
        self._table: Table | None = None

    def _build(self, count: int, *, split_in_row: bool = False) -> Table:
        head = [self._header] if self._header is not None else []
        return Table(
            [*head, *self._rows[:count]],
            colWidths=self._widths,
            repeatRows=len(head),
            style=self._style,
            splitInRow=1 if split_in_row else 0,
            # In-row splitting is tried first, so a tall row is split under the rows that fit.
            splitByRow=0 if split_in_row else 1,
            hAlign="LEFT",
        )

    def _next(self, rows: list[list[Any]], used: int) -> RowStream:
        return RowStream(
            self._header,
            rows,
            self._widths,
            style=self._style,
            page_height=self._page_height,
            window=used + used // 4 + 4,
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        count = self._window
        while True:
            table = self._build(count)
            width, height = table.wrap(avail_width, avail_height)
            if count >= len(self._rows) or height > avail_height:
                break
            count *= 2
        self._table = table
        self._window = count
        self.width, self.height = width, height
        return width, height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self._table is None:
            self.wrap(avail_width, avail_height)
        assert self._table is not None
        head = 1 if self._header is not None else 0
        parts = self._table.split(avail_width, avail_height)
        used = len(parts[0]._cellvalues) - head if parts else 0
        heights = self._table._rowHeights
        # A row taller than a page is split where the page ends, under the rows that fit,
        # rather than left to start a second table (and a second header) on the same page.
        tall_next = head + used < len(heights) and heights[head + used] > self._page_height
        if used > 0 and not tall_next:
            rest = self._rows[used:]
            return [parts[0], self._next(rest, used)] if rest else [parts[0]]
        if used == 0 and sum(heights[: head + 1]) <= self._page_height:
            return []  # the first row fits on a fresh page: move there whole
        table = self._build(self._window, split_in_row=True)
        table.wrap(avail_width, avail_height)
        parts = table.split(avail_width, avail_height)
        if len(parts) < 2:
            return []
        rest = [list(row) for row in parts[1]._cellvalues[head:]] + self._rows[self._window :]
        return [parts[0], self._next(rest, 1)]

    def draw(self) -> None:
        assert self._table is not None
        self._table.drawOn(self.canv, 0, 0)


class ReportDoc(BaseDocTemplate):  # type: ignore[misc]
    """Adds a PDF bookmark for every section, so a long report can be navigated."""

    def afterFlowable(self, flowable: Flowable) -> None:
        text = getattr(flowable, "outline", None)
        if text:
            key = f"section-{len(self._outline_keys)}"
            self._outline_keys.append(key)
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0)

    def build(self, flowables: list[Flowable], **kwargs: Any) -> None:
        self._outline_keys: list[str] = []
        super().build(flowables, **kwargs)


class PagedCanvas(Canvas):  # type: ignore[misc]
    """Counts pages, so the footer's 'of Y' (a form drawn on every page) can be filled at the end."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pages_shown = 0

    def showPage(self) -> None:
        self.pages_shown += 1
        super().showPage()

    def save(self) -> None:
        self.beginForm(TOTAL_FORM)
        self.setFont(fonts.BODY, 7.5)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(self.pages_shown))
        self.endForm()
        super().save()
