"""Reports: PDF, Markdown and JSON exports built from domain objects only.

The PDF and Markdown renderers are imported lazily: reportlab costs a quarter of a second to
import, which the app should not pay before its first window.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from pmdesk.model import Postmortem

FORMATS: tuple[str, ...] = ("pdf", "md", "json")

_EXTENSIONS = {"pdf": ".pdf", "md": ".md", "json": ".json"}
# Names Windows refuses for a file whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{d}{i}" for d in ("com", "lpt") for i in range(10)}


def _check_format(fmt: str) -> str:
    key = fmt.strip().lower()
    if key not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    return key


def render(
    pm: Postmortem,
    fmt: str,
    *,
    page_size: str = "A4",
    generated: datetime | None = None,
    include_interviews: bool = False,
) -> bytes | str:
    """The postmortem in one export format: PDF bytes, or Markdown / JSON text.

    The interview notes are private: they are in the output only with `include_interviews`.
    """
    key = _check_format(fmt)
    if key == "pdf":
        from pmdesk.report.pdf import render_pdf

        return render_pdf(
            pm, page_size=page_size, generated=generated, include_interviews=include_interviews
        )
    if key == "md":
        from pmdesk.report.markdown import render_markdown

        return render_markdown(pm, generated=generated, include_interviews=include_interviews)
    from pmdesk.interchange import dumps

    return dumps(pm, include_interviews=include_interviews)


def render_pre_read(
    pm: Postmortem, fmt: str, *, page_size: str = "A4", generated: datetime | None = None
) -> bytes | str:
    """The pre-read sent before the meeting: PDF bytes or Markdown text."""
    from pmdesk.report.around import draft

    key = _check_format(fmt)
    pm = draft(pm)
    if key == "pdf":
        from pmdesk.report.pdf import render_pre_read_pdf

        return render_pre_read_pdf(pm, page_size=page_size, generated=generated)
    if key == "md":
        from pmdesk.report.markdown import render_pre_read_markdown

        return render_pre_read_markdown(pm, generated=generated)
    raise ValueError("The pre-read is written as PDF or Markdown (md), not JSON.")


def suggested_filename(pm: Postmortem, fmt: str) -> str:
    """A file name safe on every desktop system, from the title: 'payment-service-outage.pdf'.

    Letters of any script are kept (a Greek title gives a Greek name); accents are dropped and
    everything else becomes a hyphen.
    """
    extension = _EXTENSIONS[_check_format(fmt)]
    decomposed = unicodedata.normalize("NFKD", pm.title)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = "".join(c if c.isalnum() else "-" for c in unicodedata.normalize("NFC", stripped))
    slug = re.sub(r"-{2,}", "-", slug.casefold()).strip("-")[:80].strip("-")
    if not slug:
        slug = f"postmortem-{pm.id}" if pm.id is not None else "postmortem"
    elif slug in _RESERVED:
        slug = f"postmortem-{slug}"
    return slug + extension
